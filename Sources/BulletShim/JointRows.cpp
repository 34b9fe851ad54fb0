// Solver rows of joint constraints (servo, friction, spring-damper), built one-sided with
// shared unit responses (see fillJointRow in ShimInternal.hpp), and the servo's rows.
#include "ShimInternal.hpp"

namespace tgb {

double fillJointRow(btMultiBodySolverConstraint &c, btMultiBodyJacobianData &data, const btContactSolverInfo &info,
                    btMultiBody *body, int linkA, int linkB, int column, double desiredVelocity, double lower,
                    double upper, UnitResponses &responses) {
    const int size = body->getNumDofs() + 6;
    c.m_multiBodyA = body;
    c.m_multiBodyB = nullptr;
    c.m_linkA = linkA;
    c.m_linkB = linkB;
    c.m_solverBodyIdB = data.m_fixedBodyId;
    // Side A: the body's velocity deltas (shared by all its rows), Jacobian and unit response.
    c.m_deltaVelAindex = body->getCompanionId();
    if (c.m_deltaVelAindex < 0) {
        c.m_deltaVelAindex = data.m_deltaVelocities.size();
        body->setCompanionId(c.m_deltaVelAindex);
        data.m_deltaVelocities.resize(data.m_deltaVelocities.size() + size);
    }
    c.m_jacAindex = data.m_jacobians.size();
    data.m_jacobians.resize(c.m_jacAindex + size, 0.0);
    data.m_deltaVelocitiesUnitImpulse.resize(c.m_jacAindex + size, 0.0);
    double *jacobian = &data.m_jacobians[c.m_jacAindex];
    double *response = &data.m_deltaVelocitiesUnitImpulse[c.m_jacAindex];
    jacobian[column] = 1;
    if (responses.madeAt.size() != (size_t)size) {
        responses.madeAt.assign(size, 0);
        responses.start.assign(size, -1);
    }
    uint64_t now = *responses.clock;
    if (responses.madeAt[column] == now && responses.start[column] >= 0) {
        const double *earlier = &data.m_deltaVelocitiesUnitImpulse[responses.start[column]];
        for (int i = 0; i < size; ++i) response[i] = earlier[i];
    } else {
        if (!responses.compute(*body, column, response))
            body->calcAccelerationDeltasMultiDof(jacobian, response, data.scratch_r, data.scratch_v);
        responses.madeAt[column] = now;
        responses.start[column] = c.m_jacAindex;
    }
    // No lever arms: the constraining callers set the axes they report feedback along.
    const btVector3 zero(0, 0, 0);
    c.m_relpos1CrossNormal = zero;
    c.m_contactNormal1 = zero;
    c.m_relpos2CrossNormal = zero;
    c.m_contactNormal2 = zero;
    c.m_angularComponentB = zero;
    // Effective mass along the row (side B, the fixed body, adds nothing).
    double denominator = 0;
    for (int i = 0; i < size; ++i) denominator += jacobian[i] * response[i];
    denominator += 0.0;
    c.m_jacDiagABInv = denominator > SIMD_EPSILON ? 1.0 / denominator : 0.0;
    // Velocity along the row now, and the impulse that reaches the desired velocity.
    double velocity = 0;
    const double *velocities = body->getVelocityVector();
    for (int i = 0; i < size; ++i) velocity += velocities[i] * jacobian[i];
    c.m_friction = 0;
    c.m_appliedImpulse = 0;
    c.m_appliedPushImpulse = 0;
    const double penetration = 0;
    double positionalError = -penetration * info.m_erp / info.m_timeStep;
    double velocityError = (desiredVelocity - velocity) * 1.0;
    c.m_rhs = positionalError * c.m_jacDiagABInv + velocityError * c.m_jacDiagABInv;
    c.m_rhsPenetration = 0;
    c.m_cfm = 0;
    c.m_lowerLimit = lower;
    c.m_upperLimit = upper;
    return velocity;
}

void JointMotor::createConstraintRows(btMultiBodyConstraintArray &rows, btMultiBodyJacobianData &data,
                                      const btContactSolverInfo &info) {
    if (responses == nullptr || m_bodyA->internalNeedsJointFeedback() || data.m_fixedBodyId < 0) {
        btMultiBodyJointMotor::createConstraintRows(rows, data, info);
        return;
    }
    if (m_numDofsFinalized != m_jacSizeBoth) finalizeMultiDof();
    if (m_numDofsFinalized != m_jacSizeBoth || m_maxAppliedImpulse == 0) return;
    const btMultibodyLink &link = m_bodyA->getLink(m_linkA);
    const int column = 6 + link.m_dofOffset;
    for (int row = 0; row < getNumRows(); ++row) {
        btMultiBodySolverConstraint &c = rows.expandNonInitializing();
        double position = m_bodyA->getJointPosMultiDof(m_linkA)[0];
        double velocity = m_bodyA->getJointVelMultiDof(m_linkA)[0];
        double positionTerm = m_erp * (m_desiredPosition - position) / info.m_timeStep;
        double velocityError = m_desiredVelocity - velocity;
        double target = m_kp * positionTerm + velocity + m_kd * velocityError;
        if (target > m_rhsClamp) target = m_rhsClamp;
        if (target < -m_rhsClamp) target = -m_rhsClamp;
        fillJointRow(c, data, info, m_bodyA, m_linkA, m_linkB, column, target, -m_maxAppliedImpulse, m_maxAppliedImpulse,
                     *responses);
        c.m_orgConstraint = this;
        c.m_orgDofIndex = row;
        // The axis the impulse acts along, for the links' constraint forces.
        const btQuaternion rotation = link.m_cachedWorldTransform.getRotation();
        if (link.m_jointType == btMultibodyLink::ePrismatic) {
            btVector3 axis = quatRotate(rotation, link.m_axes[0].m_bottomVec);
            c.m_contactNormal1 = axis;
            c.m_contactNormal2 = -axis;
            c.m_relpos1CrossNormal.setZero();
            c.m_relpos2CrossNormal.setZero();
        } else {
            btVector3 axis = quatRotate(rotation, link.m_axes[0].m_topVec);
            c.m_contactNormal1.setZero();
            c.m_contactNormal2.setZero();
            c.m_relpos1CrossNormal = axis;
            c.m_relpos2CrossNormal = -axis;
        }
    }
}

} // namespace tgb
