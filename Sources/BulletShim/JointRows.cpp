// Solver rows of joint constraints (servo, friction, spring-damper), built one-sided with
// shared unit responses (see fillJointRow in ShimInternal.hpp), and the servo's rows.
#include "ShimInternal.hpp"

#include <cmath>
#include <limits>

#if TGB_AVX_LANES
#include <immintrin.h>
#endif

// Every product and sum stays a separately rounded IEEE operation (Bullet's numbers), never fused.
#pragma clang fp contract(off)

namespace tgb {

// A row side's Jacobian (`value` at `column`, +0 elsewhere) and its unit response M^-1 J^T
// (Bullet's calcAccelerationDeltasMultiDof, or the same numbers from `responses`) in
// `data`; returns their index. The side for +1 at a column is made once per setup and every
// later row on that column reads the same entries (`reused` says so): the rows only read
// them, so sharing gives the numbers a copy would.
static int addSingleEntrySide(btMultiBodyJacobianData &data, btMultiBody *body, int column, double value,
                              UnitResponses &responses, bool *reused = nullptr) {
    const int size = body->getNumDofs() + 6;
    if (responses.madeAt.size() != (size_t)size) {
        responses.madeAt.assign(size, 0);
        responses.start.assign(size, -1);
        responses.denominator.assign(size, std::numeric_limits<double>::quiet_NaN());
    }
    uint64_t now = *responses.clock;
    if (reused) *reused = false;
    if (value == 1 && responses.madeAt[column] == now && responses.start[column] >= 0) {
        if (reused) *reused = true;
        return responses.start[column];
    }
    const int index = data.m_jacobians.size();
    data.m_jacobians.resize(index + size, 0.0);
    data.m_deltaVelocitiesUnitImpulse.resize(index + size, 0.0);
    double *jacobian = &data.m_jacobians[index];
    double *response = &data.m_deltaVelocitiesUnitImpulse[index];
    jacobian[column] = value;
    // Only the responses to +1 are shared (an upper joint limit's row has -1).
    if (!responses.compute(*body, column, value, response))
        body->calcAccelerationDeltasMultiDof(jacobian, response, data.scratch_r, data.scratch_v);
    if (value == 1) {
        responses.madeAt[column] = now;
        responses.start[column] = index;
        responses.denominator[column] = std::numeric_limits<double>::quiet_NaN();  // not summed yet
    }
    return index;
}

// The index of `body`'s velocity deltas in `data` (shared by all its rows), made on its first row.
static int velocityDeltasOf(btMultiBodyJacobianData &data, btMultiBody *body) {
    int index = body->getCompanionId();
    if (index < 0) {
        index = data.m_deltaVelocities.size();
        body->setCompanionId(index);
        data.m_deltaVelocities.resize(data.m_deltaVelocities.size() + body->getNumDofs() + 6);
    }
    return index;
}

#if TGB_AVX_LANES
// allFinite four entries at a time: the differences x - x summed per lane are +0 exactly
// when every x is finite (an infinity or a NaN makes its lane NaN).
__attribute__((target("avx"))) static bool allFiniteWide(const double *values, int size) {
    __m256d sum = _mm256_setzero_pd();
    int i = 0;
    for (; i + 4 <= size; i += 4) {
        const __m256d x = _mm256_loadu_pd(values + i);
        sum = _mm256_add_pd(sum, _mm256_sub_pd(x, x));
    }
    bool finite = _mm256_movemask_pd(_mm256_cmp_pd(sum, _mm256_setzero_pd(), _CMP_EQ_OQ)) == 15;
    for (; i < size; ++i) finite &= (values[i] - values[i]) == 0;
    return finite;
}
#endif

// Whether every one of `size` values is finite (x - x is +0 then, NaN for an infinity or a NaN).
static bool allFinite(const double *values, int size) {
#if TGB_AVX_LANES
    if (wideArithmetic.load(std::memory_order_relaxed)) return allFiniteWide(values, size);
#endif
    bool finite = true;
    for (int i = 0; i < size; ++i) finite &= (values[i] - values[i]) == 0;
    return finite;
}

// Bullet's sum 0 + a_0 b_0 + a_1 b_1 + ... (index order) when b is +0 everywhere but at
// `column` (a row's Jacobian): when every a_i is finite, each other product is a signed zero,
// so the sum is +0 up to the column (+0 + ±0 is +0), 0 + a_c b_c there, and adding a signed
// zero after it changes nothing (x + ±0 is x, +0 + ±0 is +0): the sum is 0 + a_c b_c, with
// no chain of 6 + dofs dependent additions. Otherwise (a product may be NaN) the whole sum.
// `finite`: allFinite(a, size).
static double sumAtColumn(const double *a, const double *b, int size, int column, bool finite) {
    double sum = 0;
    if (finite) {
        sum += a[column] * b[column];
        return sum;
    }
    for (int i = 0; i < size; ++i) sum += a[i] * b[i];
    return sum;
}

double fillJointRow(btMultiBodySolverConstraint &c, btMultiBodyJacobianData &data, const btContactSolverInfo &info,
                    btMultiBody *body, int linkA, int linkB, int column, double value, double desiredVelocity,
                    double lower, double upper, UnitResponses &responses) {
    const int size = body->getNumDofs() + 6;
    c.m_multiBodyA = body;
    c.m_multiBodyB = nullptr;
    c.m_linkA = linkA;
    c.m_linkB = linkB;
    c.m_solverBodyIdB = data.m_fixedBodyId;
    // Side A: the body's velocity deltas (shared by all its rows), Jacobian and unit response.
    c.m_deltaVelAindex = velocityDeltasOf(data, body);
    bool reused = false;
    c.m_jacAindex = addSingleEntrySide(data, body, column, value, responses, &reused);
    const double *jacobian = &data.m_jacobians[c.m_jacAindex];
    const double *response = &data.m_deltaVelocitiesUnitImpulse[c.m_jacAindex];
    // No lever arms: the constraining callers set the axes they report feedback along.
    const btVector3 zero(0, 0, 0);
    c.m_relpos1CrossNormal = zero;
    c.m_contactNormal1 = zero;
    c.m_relpos2CrossNormal = zero;
    c.m_contactNormal2 = zero;
    c.m_angularComponentB = zero;
    // Effective mass along the row (side B, the fixed body, adds nothing).
    // The sum is a function of the Jacobian and response alone: a row reading the entries of
    // an earlier row takes that row's sum.
    double denominator = 0;
    if (reused && !std::isnan(responses.denominator[column])) {
        denominator = responses.denominator[column];
    } else {
        denominator = sumAtColumn(response, jacobian, size, column, allFinite(response, size));  // Bullet's J_i r_i, each product commutes
        denominator += 0.0;
        if (value == 1) responses.denominator[column] = denominator;
    }
    c.m_jacDiagABInv = denominator > SIMD_EPSILON ? 1.0 / denominator : 0.0;
    // Velocity along the row now, and the impulse that reaches the desired velocity.
    double velocity = 0;
    const double *velocities = body->getVelocityVector();
    const uint64_t now = *responses.clock;
    if (!responses.velocitiesChecked || responses.velocitiesCheckedAt != now) {
        responses.velocitiesFinite = allFinite(velocities, size);
        responses.velocitiesCheckedAt = now;
        responses.velocitiesChecked = true;
    }
    velocity = sumAtColumn(velocities, jacobian, size, column, responses.velocitiesFinite);
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

bool usesJointRows(const UnitResponses *responses, btMultiBody *body, const btMultiBodyJacobianData &data) {
    return responses != nullptr && !responses->reference() && !body->internalNeedsJointFeedback() &&
           data.m_fixedBodyId >= 0;
}

void JointMotor::createConstraintRows(btMultiBodyConstraintArray &rows, btMultiBodyJacobianData &data,
                                      const btContactSolverInfo &info) {
    if (!usesJointRows(responses, m_bodyA, data)) {
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
        fillJointRow(c, data, info, m_bodyA, m_linkA, m_linkB, column, 1, target, -m_maxAppliedImpulse, m_maxAppliedImpulse,
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

namespace tgb {

// Bullet's limit rows (btMultiBodyJointLimitConstraint::createConstraintRows): a row for each
// bound the joint has reached (its distance to the bound <= 0), an impulse in [0, max]
// pushing back, the velocity error plus (Bullet's split-impulse rule) the position error.
void JointLimit::createConstraintRows(btMultiBodyConstraintArray &rows, btMultiBodyJacobianData &data,
                                      const btContactSolverInfo &info) {
    if (!usesJointRows(responses, m_bodyA, data)) {
        btMultiBodyJointLimitConstraint::createConstraintRows(rows, data, info);
        return;
    }
    if (m_numDofsFinalized != m_jacSizeBoth) finalizeMultiDof();
    const btMultibodyLink &link = m_bodyA->getLink(m_linkA);
    const int column = 6 + link.m_dofOffset;
    setPosition(0, m_bodyA->getJointPos(m_linkA) - m_lowerBound);
    setPosition(1, m_upperBound - m_bodyA->getJointPos(m_linkA));
    for (int row = 0; row < getNumRows(); ++row) {
        const btScalar penetration = getPosition(row);
        if (penetration > 0) continue;
        const btScalar direction = row ? -1 : 1;
        btMultiBodySolverConstraint &c = rows.expandNonInitializing();
        const double velocity = fillJointRow(c, data, info, m_bodyA, m_linkA, m_linkB, column, direction, 0, 0,
                                             m_maxAppliedImpulse, *responses);
        c.m_orgConstraint = this;
        c.m_orgDofIndex = row;
        // The axis the impulse acts along, for the links' constraint forces.
        const btQuaternion rotation = link.m_cachedWorldTransform.getRotation();
        if (link.m_jointType == btMultibodyLink::ePrismatic) {
            const btVector3 axis = direction * quatRotate(rotation, link.m_axes[0].m_bottomVec);
            c.m_contactNormal1 = axis;
            c.m_contactNormal2 = -axis;
            c.m_relpos1CrossNormal.setZero();
            c.m_relpos2CrossNormal.setZero();
        } else {
            c.m_contactNormal1.setZero();
            c.m_contactNormal2.setZero();
            const btVector3 axis = direction * quatRotate(rotation, link.m_axes[0].m_topVec);
            c.m_relpos1CrossNormal = axis;
            c.m_relpos2CrossNormal = -axis;
        }
        btScalar positionalError = 0.f;
        btScalar velocityError = -velocity;
        btScalar erp = info.m_erp2;
        if (!info.m_splitImpulse || (penetration > info.m_splitImpulsePenetrationThreshold)) erp = info.m_erp;
        if (penetration > 0) {
            positionalError = 0;
            velocityError = -penetration / info.m_timeStep;
        } else {
            positionalError = -penetration * erp / info.m_timeStep;
        }
        const btScalar penetrationImpulse = positionalError * c.m_jacDiagABInv;
        const btScalar velocityImpulse = velocityError * c.m_jacDiagABInv;
        if (!info.m_splitImpulse || (penetration > info.m_splitImpulsePenetrationThreshold)) {
            c.m_rhs = penetrationImpulse + velocityImpulse;
            c.m_rhsPenetration = 0.f;
        } else {
            c.m_rhs = velocityImpulse;
            c.m_rhsPenetration = penetrationImpulse;
        }
    }
}

// Bullet's gear row (btMultiBodyGearConstraint::createConstraintRows, then
// btMultiBodyConstraint::fillMultiBodyConstraint for two multibody sides) when both sides are
// the same multibody, as a URDF mimic's are: side A is +1 at the follower's column, side B
// the gear ratio at the leader's. Each side's unit response comes from the shared responses
// (see addSingleEntrySide) instead of a full articulated-body solve; every sum runs over all
// entries in Bullet's order, so the row's numbers are Bullet's.
void GearConstraint::createConstraintRows(btMultiBodyConstraintArray &rows, btMultiBodyJacobianData &data,
                                          const btContactSolverInfo &info) {
    const bool revoluteOrPrismatic = m_bodyA->getLink(m_linkA).m_jointType == btMultibodyLink::eRevolute ||
                                     m_bodyA->getLink(m_linkA).m_jointType == btMultibodyLink::ePrismatic;
    if (m_bodyA != m_bodyB || !revoluteOrPrismatic || responses == nullptr || responses->reference() ||
        m_bodyA->internalNeedsJointFeedback()) {
        btMultiBodyGearConstraint::createConstraintRows(rows, data, info);
        return;
    }
    if (m_numDofsFinalized != m_jacSizeBoth) finalizeMultiDof();
    if (m_numDofsFinalized != m_jacSizeBoth) return;
    if (m_maxAppliedImpulse == 0.f) return;
    btMultiBody *body = m_bodyA;
    const int columnA = 6 + body->getLink(m_linkA).m_dofOffset;
    const int columnB = 6 + body->getLink(m_linkB).m_dofOffset;
    // The constraint's own Jacobians, as Bullet keeps them.
    jacobianA(0)[columnA] = 1;
    jacobianB(0)[columnB] = m_gearRatio;
    btScalar posError = 0;
    const int size = body->getNumDofs() + 6;
    for (int row = 0; row < getNumRows(); ++row) {
        btMultiBodySolverConstraint &c = rows.expandNonInitializing();
        btScalar auxVel = 0;
        if (m_gearAuxLink >= 0) auxVel = body->getJointVelMultiDof(m_gearAuxLink)[0];
        if (m_erp != 0) {
            btScalar currentPositionA = body->getJointPosMultiDof(m_linkA)[0];
            btScalar currentPositionB = m_gearRatio * body->getJointPosMultiDof(m_linkB)[0];
            btScalar diff = currentPositionB + currentPositionA;
            btScalar desiredPositionDiff = m_relativePositionTarget;
            posError = -m_erp * (desiredPositionDiff - diff);
        }
        const btScalar desiredVelocity = auxVel;

        c.m_multiBodyA = body;
        c.m_multiBodyB = body;
        c.m_linkA = m_linkA;
        c.m_linkB = m_linkB;
        c.m_deltaVelAindex = velocityDeltasOf(data, body);
        c.m_jacAindex = addSingleEntrySide(data, body, columnA, 1, *responses);
        c.m_deltaVelBindex = c.m_deltaVelAindex;
        c.m_jacBindex = addSingleEntrySide(data, body, columnB, m_gearRatio, *responses);

        const btScalar *jacA = &data.m_jacobians[c.m_jacAindex];
        const btScalar *jacB = &data.m_jacobians[c.m_jacBindex];
        const btScalar *deltaVelA = &data.m_deltaVelocitiesUnitImpulse[c.m_jacAindex];
        const btScalar *deltaVelB = &data.m_deltaVelocitiesUnitImpulse[c.m_jacBindex];
        btScalar denom0 = 0.f, denom1 = 0.f;
        for (int i = 0; i < size; ++i) denom0 += jacA[i] * deltaVelA[i];
        for (int i = 0; i < size; ++i) denom1 += jacB[i] * deltaVelB[i];
        btScalar d = denom0 + denom1;
        c.m_jacDiagABInv = d > SIMD_EPSILON ? btScalar(1) / d : btScalar(0);

        const btScalar penetration = posError;
        btScalar relativeVelocity = 0.f;
        const btScalar *velocities = body->getVelocityVector();
        for (int i = 0; i < size; ++i) relativeVelocity += velocities[i] * jacA[i];
        for (int i = 0; i < size; ++i) relativeVelocity += velocities[i] * jacB[i];
        c.m_friction = 0.f;
        c.m_appliedImpulse = 0.f;
        c.m_appliedPushImpulse = 0.f;
        btScalar velocityError = desiredVelocity - relativeVelocity;
        btScalar positionalError = -penetration * info.m_erp / info.m_timeStep;
        btScalar penetrationImpulse = positionalError * c.m_jacDiagABInv;
        btScalar velocityImpulse = velocityError * c.m_jacDiagABInv;
        c.m_rhs = penetrationImpulse + velocityImpulse;
        c.m_rhsPenetration = 0.f;
        c.m_cfm = 0.f;
        c.m_lowerLimit = -m_maxAppliedImpulse;
        c.m_upperLimit = m_maxAppliedImpulse;

        c.m_orgConstraint = this;
        c.m_orgDofIndex = row;
        const btMultibodyLink &link = body->getLink(m_linkA);
        if (link.m_jointType == btMultibodyLink::eRevolute) {
            c.m_contactNormal1.setZero();
            c.m_contactNormal2.setZero();
            btVector3 axis = quatRotate(link.m_cachedWorldTransform.getRotation(), link.m_axes[0].m_topVec);
            c.m_relpos1CrossNormal = axis;
            c.m_relpos2CrossNormal = -axis;
        } else {
            btVector3 axis = quatRotate(link.m_cachedWorldTransform.getRotation(), link.m_axes[0].m_bottomVec);
            c.m_contactNormal1 = axis;
            c.m_contactNormal2 = -axis;
            c.m_relpos1CrossNormal.setZero();
            c.m_relpos2CrossNormal.setZero();
        }
    }
}

} // namespace tgb
