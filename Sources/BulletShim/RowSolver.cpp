// The multibody solver's pass over non-contact rows, with the one-entry Jacobians of joint
// rows read at their entry (see RowSolver in ShimInternal.hpp).
#include "ShimInternal.hpp"

namespace tgb {

namespace {

// Whether side `solverBodyId` (used when the row has no multibody on that side) is a rigid
// body the solver moves; the fixed body has no original body and never moves.
bool touchesRigidBody(btAlignedObjectArray<btSolverBody> &pool, const btMultiBody *multiBody, int solverBodyId) {
    return multiBody == nullptr && solverBodyId >= 0 && pool[solverBodyId].m_originalBody != nullptr;
}

} // namespace

btScalar RowSolver::solveGroupCacheFriendlySetup(btCollisionObject **bodies, int numBodies,
                                                 btPersistentManifold **manifolds, int numManifolds,
                                                 btTypedConstraint **constraints, int numConstraints,
                                                 const btContactSolverInfo &info, btIDebugDraw *debugDrawer) {
    btScalar value = btMultiBodyConstraintSolver::solveGroupCacheFriendlySetup(
        bodies, numBodies, manifolds, numManifolds, constraints, numConstraints, info, debugDrawer);
    // The rows exist now (the constraints make them during the setup): classify them.
    const int count = m_multiBodyNonContactConstraints.size();
    columns.assign(count, -1);
    ownPass = true;
    for (int index = 0; index < count; ++index) {
        const btMultiBodySolverConstraint &c = m_multiBodyNonContactConstraints[index];
        if (touchesRigidBody(m_tmpSolverBodyPool, c.m_multiBodyA, c.m_solverBodyIdA) ||
            touchesRigidBody(m_tmpSolverBodyPool, c.m_multiBodyB, c.m_solverBodyIdB)) {
            ownPass = false;
            break;
        }
        // A row of zero effective mass has a NaN residual, whose place in Bullet's chain of
        // maxima decides the iteration's residual: such solves stay Bullet's own.
        if (!(c.m_jacDiagABInv != 0)) {
            ownPass = false;
            break;
        }
        if (c.m_multiBodyA == nullptr || c.m_multiBodyB != nullptr) continue;
        const int size = c.m_multiBodyA->getNumDofs() + 6;
        const btScalar *jacobian = &m_data.m_jacobians[c.m_jacAindex];
        int column = -1;
        int nonZero = 0;
        for (int i = 0; i < size; ++i)
            if (jacobian[i] != 0) {
                column = i;
                ++nonZero;
            }
        if (nonZero == 1) columns[index] = column;
    }
    return value;
}

// Bullet's row update (btMultiBodyConstraintSolver::resolveSingleConstraintRowGeneric) for a
// row with a multibody on side A only, whose Jacobian on A is zero except at `column`.
// Bullet's velocity along the row is 0 + sum_i J_i dv_i in index order; every term but one
// is a signed zero, and adding a signed zero to a sum that started at +0 leaves it unchanged
// (a zero sum stays +0), so the sum is 0 + J_c dv_c exactly.
btScalar RowSolver::resolveRow(const btMultiBodySolverConstraint &c, int column) {
    const int size = c.m_multiBodyA->getNumDofs() + 6;
    btScalar *velocities = &m_data.m_deltaVelocities[c.m_deltaVelAindex];
    btScalar deltaImpulse = c.m_rhs - btScalar(c.m_appliedImpulse) * c.m_cfm;
    btScalar alongA = 0;
    alongA += m_data.m_jacobians[c.m_jacAindex + column] * velocities[column];
    btScalar alongB = 0;
    btSolverBody *bodyB = nullptr;
    if (c.m_solverBodyIdB >= 0) {
        bodyB = &m_tmpSolverBodyPool[c.m_solverBodyIdB];
        alongB += c.m_contactNormal2.dot(bodyB->internalGetDeltaLinearVelocity()) +
                  c.m_relpos2CrossNormal.dot(bodyB->internalGetDeltaAngularVelocity());
    }
    deltaImpulse -= alongA * c.m_jacDiagABInv;
    deltaImpulse -= alongB * c.m_jacDiagABInv;
    const btScalar sum = btScalar(c.m_appliedImpulse) + deltaImpulse;
    if (sum < c.m_lowerLimit) {
        deltaImpulse = c.m_lowerLimit - c.m_appliedImpulse;
        c.m_appliedImpulse = c.m_lowerLimit;
    } else if (sum > c.m_upperLimit) {
        deltaImpulse = c.m_upperLimit - c.m_appliedImpulse;
        c.m_appliedImpulse = c.m_upperLimit;
    } else {
        c.m_appliedImpulse = sum;
    }
    // The response to the impulse is dense (M^-1 J^T): every dof moves. Bullet's build also
    // adds the same products to the multibody's own velocity deltas during the iterations;
    // those are written once after them instead (see solveGroupCacheFriendlyIterations).
    const btScalar *response = &m_data.m_deltaVelocitiesUnitImpulse[c.m_jacAindex];
    for (int i = 0; i < size; ++i) velocities[i] += response[i] * deltaImpulse;
    if (bodyB != nullptr)
        bodyB->internalApplyImpulse(c.m_contactNormal2 * bodyB->internalGetInvMass(), c.m_angularComponentB,
                                    deltaImpulse);
    return deltaImpulse / c.m_jacDiagABInv;
}

btScalar RowSolver::solveGroupCacheFriendlyIterations(btCollisionObject **bodies, int numBodies,
                                                      btPersistentManifold **manifolds, int numManifolds,
                                                      btTypedConstraint **constraints, int numConstraints,
                                                      const btContactSolverInfo &info, btIDebugDraw *debugDrawer) {
    btScalar value = btMultiBodyConstraintSolver::solveGroupCacheFriendlyIterations(
        bodies, numBodies, manifolds, numManifolds, constraints, numConstraints, info, debugDrawer);
    if (!ownPass || (int)columns.size() != m_multiBodyNonContactConstraints.size()) return value;
    // Bullet adds every row's velocity change both to the solver's deltas of the multibody
    // (m_deltaVelocities, from +0 at the setup) and to the multibody's own (m_deltaV, +0
    // after every step), the same products in the same order: the two sums are equal bit
    // for bit. resolveRow adds to the first only, so the second is set equal to it now, for
    // each multibody a one-entry row moved. Setting goes through Bullet's one writer (a sum
    // with the value): m_deltaV - m_deltaV is +0, and +0 + x is x (neither sum is ever -0:
    // starting at +0, a sum of round-to-nearest additions is -0 only if every addend is).
    const int count = m_multiBodyNonContactConstraints.size();
    const btMultiBody *last = nullptr;
    for (int index = 0; index < count; ++index) {
        if (columns[index] < 0) continue;
        const btMultiBodySolverConstraint &c = m_multiBodyNonContactConstraints[index];
        btMultiBody *body = c.m_multiBodyA;
        // Setting twice is harmless; a multibody's rows mostly come one after another.
        if (body == last) continue;
        last = body;
        const int size = body->getNumDofs() + 6;
        deltaScratch.assign(body->getDeltaVelocityVector(), body->getDeltaVelocityVector() + size);
        body->applyDeltaVeeMultiDof2(deltaScratch.data(), -1);
        body->applyDeltaVeeMultiDof2(&m_data.m_deltaVelocities[c.m_deltaVelAindex], 1);
    }
    return value;
}

btScalar RowSolver::solveSingleIteration(int iteration, btCollisionObject **bodies, int numBodies,
                                         btPersistentManifold **manifolds, int numManifolds,
                                         btTypedConstraint **constraints, int numConstraints,
                                         const btContactSolverInfo &info, btIDebugDraw *debugDrawer) {
    const int count = m_multiBodyNonContactConstraints.size();
    if (!ownPass || (int)columns.size() != count)
        return btMultiBodyConstraintSolver::solveSingleIteration(iteration, bodies, numBodies, manifolds, numManifolds,
                                                                 constraints, numConstraints, info, debugDrawer);
    // Bullet's pass: rows in reverse order on even iterations, forward on odd ones; the
    // residual is the largest squared step of the last inner pass.
    btScalar nonContactResidual = 0;
    for (int pass = 0; pass < info.m_numNonContactInnerIterations; ++pass) {
        nonContactResidual = 0;
        for (int j = 0; j < count; ++j) {
            const int index = (iteration & 1) ? j : count - 1 - j;
            btMultiBodySolverConstraint &c = m_multiBodyNonContactConstraints[index];
            const int column = columns[index];
            btScalar residual = column >= 0 ? resolveRow(c, column) : resolveSingleConstraintRowGeneric(c);
            nonContactResidual = btMax(nonContactResidual, residual * residual);
            if (c.m_multiBodyA) c.m_multiBodyA->setPosUpdated(false);
            if (c.m_multiBodyB) c.m_multiBodyB->setPosUpdated(false);
        }
    }
    // The rest (rigid-body rows, then contacts and friction) is Bullet's, without its own
    // non-contact pass.
    btContactSolverInfo rest = info;
    rest.m_numNonContactInnerIterations = 0;
    btScalar residual = btMultiBodyConstraintSolver::solveSingleIteration(
        iteration, bodies, numBodies, manifolds, numManifolds, constraints, numConstraints, rest, debugDrawer);
    return btMax(residual, nonContactResidual);
}

} // namespace tgb
