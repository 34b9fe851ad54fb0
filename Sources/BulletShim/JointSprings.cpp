// Passive joint springs and dampers, integrated implicitly.
//
// A damper applied as an explicit torque -d q̇ is unstable once d dt / I > 2, where I is
// the inertia the joint moves: 1 N m s/rad on a 5e-5 kg m^2 toe at 1/240 s is 80 times
// past that bound, and such light end links are common in MJCF models (MuJoCo integrates
// damping implicitly and adds armature, so their authors never see it). Here each dof is
// one soft velocity row of the constraint solver, solved together with motors, limits and
// contacts. With the end-of-step velocity v⁺ and the position q + dt v⁺ it leads to, the
// spring-damper impulse is
//     λ = -k dt (q - q₀) - (k dt² + d dt) v⁺,
// i.e. the row  J v⁺ + c λ = b  with softness c = 1 / (k dt² + d dt) and target velocity
// b = -k (q - q₀) / (k dt + d). Bullet's rows carry c as constraint-force mixing: the
// effective mass becomes 1 / (J M⁻¹ Jᵀ + c). Stable for any stiffness, damping and inertia;
// for small d dt / I it matches the explicit damper.
#include "ShimInternal.hpp"

namespace tgb {

JointSpring::JointSpring(btMultiBody *body, int link, double stiffness, double restPosition, double damping)
    : btMultiBodyConstraint(body, body, link, body->getLink(link).m_parent, body->getLink(link).m_dofCount, false,
                            MAX_MULTIBODY_CONSTRAINT_TYPE),
      stiffness(stiffness), restPosition(restPosition), damping(damping) {}

void JointSpring::finalizeMultiDof() {
    allocateJacobiansMultiDof();
    // One row per dof of the joint: the Jacobian picks that dof's velocity.
    int offset = 6 + m_bodyA->getLink(m_linkA).m_dofOffset;
    for (int row = 0; row < getNumRows(); ++row) jacobianA(row)[offset + row] = 1;
    m_numDofsFinalized = m_jacSizeBoth;
}

// The island of a link's collider (the base's for link -1). A welded base is a static
// object with no island (-1): the solver then files the row under the other side's island.
static int islandOf(const btMultiBody *body, int link) {
    const btMultiBodyLinkCollider *collider = link < 0 ? body->getBaseCollider() : body->getLink(link).m_collider;
    return collider ? collider->getIslandTag() : -1;
}

int JointSpring::getIslandIdA() const { return islandOf(m_bodyA, m_linkA); }
int JointSpring::getIslandIdB() const { return islandOf(m_bodyB, m_linkB); }

void JointSpring::createConstraintRows(btMultiBodyConstraintArray &rows, btMultiBodyJacobianData &data,
                                       const btContactSolverInfo &info) {
    if (m_numDofsFinalized != m_jacSizeBoth) finalizeMultiDof();
    const double dt = info.m_timeStep;
    const btMultibodyLink &link = m_bodyA->getLink(m_linkA);
    const bool singleDof = link.m_dofCount == 1;
    const double k = singleDof ? stiffness : 0;
    const double displacement = singleDof ? m_bodyA->getJointPos(m_linkA) - restPosition : 0;
    const double softness = 1 / (k * dt * dt + damping * dt);
    const double target = -k * displacement / (k * dt + damping);
    const btVector3 zero(0, 0, 0);
    const btQuaternion linkToWorld = link.m_cachedWorldTransform.getRotation();
    // One-sided rows with shared unit responses (fillJointRow) unless the body reports joint
    // feedback, which needs the parent side.
    const bool oneSided = usesJointRows(responses, m_bodyA, data);
    for (int row = 0; row < getNumRows(); ++row) {
        btMultiBodySolverConstraint &c = rows.expandNonInitializing();
        double velocity = oneSided ? fillJointRow(c, data, info, m_bodyA, m_linkA, m_linkB, 6 + link.m_dofOffset + row,
                                                  1, target, -SIMD_INFINITY, SIMD_INFINITY, *responses)
                                   : fillMultiBodyConstraint(c, data, jacobianA(row), jacobianB(row), zero, zero, zero, zero,
                                                             0, info, -SIMD_INFINITY, SIMD_INFINITY, false, 1, false, target);
        // fill computed 1 / (J M⁻¹ Jᵀ) (0 for a singular row, which stays disabled).
        if (c.m_jacDiagABInv > 0) {
            double inverse = 1 / (1 / c.m_jacDiagABInv + softness);
            c.m_jacDiagABInv = inverse;
            c.m_rhs = (target - velocity) * inverse;
            c.m_cfm = softness * inverse;
        } else {
            c.m_rhs = 0;
            c.m_cfm = 0;
        }
        c.m_rhsPenetration = 0;
        c.m_orgConstraint = this;
        c.m_orgDofIndex = row;
        // Where the impulse acts, for joint feedback: a torque about the axis (a force along
        // it for prismatic joints) on this link and its opposite on the parent.
        bool prismatic = link.m_jointType == btMultibodyLink::ePrismatic;
        btVector3 torqueAxis = prismatic ? zero : quatRotate(linkToWorld, link.getAxisTop(row));
        btVector3 forceAxis = prismatic ? quatRotate(linkToWorld, link.getAxisBottom(row)) : zero;
        c.m_relpos1CrossNormal = torqueAxis;
        c.m_relpos2CrossNormal = -torqueAxis;
        c.m_contactNormal1 = forceAxis;
        c.m_contactNormal2 = -forceAxis;
    }
}

} // namespace tgb
