// The multibody solver's passes with cheaper row updates (see RowSolver in ShimInternal.hpp):
// joint rows read at their one Jacobian entry, contact rows' velocities summed over their
// Jacobians' non-zero entries, and the multibodies' own velocity deltas written once per solve;
// and the optional warm start of servo and gear rows.
#include "ShimInternal.hpp"

#include <algorithm>

// Every product and sum stays a separately rounded IEEE operation (Bullet's numbers), never fused.
#pragma clang fp contract(off)

#if TGB_AVX_LANES
#include <immintrin.h>
#endif

namespace tgb {

#if TGB_AVX_LANES
const bool processorHasAvx = [] {
    __builtin_cpu_init();
    return __builtin_cpu_supports("avx") != 0;
}();
#else
// No AVX lanes in this build: the plain loops (the same numbers) everywhere.
const bool processorHasAvx = false;
#endif
std::atomic<bool> wideArithmetic{processorHasAvx};

namespace {

#if TGB_AVX_LANES
// velocities[i] += response[i] * impulse for i < size: Bullet's row update of a multibody's
// velocity deltas. Each entry is one product and one sum, rounded as in Bullet's loop, so
// doing four entries at once (AVX, when the processor has it) gives the same numbers.
__attribute__((target("avx"), always_inline)) inline void addScaledLanes(btScalar *velocities,
                                                                       const btScalar *response, btScalar impulse,
                                                                       int size) {
    const __m256d scale = _mm256_set1_pd(impulse);
    int i = 0;
    // Sixteen entries a turn (fewer turns for a humanoid's 30-odd dofs), then eight, four.
    for (; i <= size - 16; i += 16) {
        for (int k = 0; k < 16; k += 4) {
            const __m256d product = _mm256_mul_pd(_mm256_loadu_pd(response + i + k), scale);
            _mm256_storeu_pd(velocities + i + k, _mm256_add_pd(_mm256_loadu_pd(velocities + i + k), product));
        }
    }
    if (i <= size - 8) {
        const __m256d first = _mm256_mul_pd(_mm256_loadu_pd(response + i), scale);
        const __m256d second = _mm256_mul_pd(_mm256_loadu_pd(response + i + 4), scale);
        _mm256_storeu_pd(velocities + i, _mm256_add_pd(_mm256_loadu_pd(velocities + i), first));
        _mm256_storeu_pd(velocities + i + 4, _mm256_add_pd(_mm256_loadu_pd(velocities + i + 4), second));
        i += 8;
    }
    if (i + 4 <= size) {
        const __m256d product = _mm256_mul_pd(_mm256_loadu_pd(response + i), scale);
        _mm256_storeu_pd(velocities + i, _mm256_add_pd(_mm256_loadu_pd(velocities + i), product));
        i += 4;
    }
    if (i < size) {
        // The last one to three entries: lanes past the end are neither read nor written.
        // Lane k is kept when k < size - i (1 to 3), from a table rather than built per call.
        alignas(32) static const int64_t masks[3][4] = {{-1, 0, 0, 0}, {-1, -1, 0, 0}, {-1, -1, -1, 0}};
        const __m256i mask = _mm256_load_si256((const __m256i *)masks[size - i - 1]);
        const __m256d product = _mm256_mul_pd(_mm256_maskload_pd(response + i, mask), scale);
        _mm256_maskstore_pd(velocities + i, mask, _mm256_add_pd(_mm256_maskload_pd(velocities + i, mask), product));
    }
}

__attribute__((target("avx"))) void addScaledWide(btScalar *velocities, const btScalar *response, btScalar impulse,
                                                  int size) {
    addScaledLanes(velocities, response, impulse, size);
}
#endif

#if TGB_AVX_LANES
// singleNonZeroOf four entries at a time: the same comparisons (x != 0 is true for NaN and
// false for -0, as _CMP_NEQ_UQ), so the same answer.
__attribute__((target("avx"))) int singleNonZeroWide(const btScalar *values, int size) {
    const __m256d zero = _mm256_setzero_pd();
    int column = -1;
    int i = 0;
    for (; i + 4 <= size; i += 4) {
        const int mask = _mm256_movemask_pd(_mm256_cmp_pd(_mm256_loadu_pd(values + i), zero, _CMP_NEQ_UQ));
        if (mask == 0) continue;
        if (column >= 0 || (mask & (mask - 1)) != 0) return -1;
        column = i + __builtin_ctz(mask);
    }
    for (; i < size; ++i)
        if (values[i] != 0) {
            if (column >= 0) return -1;
            column = i;
        }
    return column;
}
#endif

// The index of the one entry of `values` (`size` of them) that is not zero; -1 when none or
// several are.
inline int singleNonZeroOf(const btScalar *values, int size) {
#if TGB_AVX_LANES
    if (wideArithmetic.load(std::memory_order_relaxed)) return singleNonZeroWide(values, size);
#endif
    int column = -1;
    for (int i = 0; i < size; ++i)
        if (values[i] != 0) {
            if (column >= 0) return -1;
            column = i;
        }
    return column;
}

inline void addScaled(btScalar *velocities, const btScalar *response, btScalar impulse, int size) {
#if TGB_AVX_LANES
    if (wideArithmetic.load(std::memory_order_relaxed)) {
        addScaledWide(velocities, response, impulse, size);
        return;
    }
#endif
    for (int i = 0; i < size; ++i) velocities[i] += response[i] * impulse;
}

// Whether side `solverBodyId` (used when the row has no multibody on that side) is a rigid
// body the solver moves; the fixed body has no original body and never moves.
bool touchesRigidBody(btAlignedObjectArray<btSolverBody> &pool, const btMultiBody *multiBody, int solverBodyId) {
    return multiBody == nullptr && solverBodyId >= 0 && pool[solverBodyId].m_originalBody != nullptr;
}

} // namespace

void RowSolver::listNonZeros(const btMultiBody *body, int jacobianIndex, int &start, int &count) {
    start = (int)nonZeros.size();
    count = 0;
    if (body == nullptr) return;
    const int size = body->getNumDofs() + 6;
    const btScalar *jacobian = &m_data.m_jacobians[jacobianIndex];
    for (int i = 0; i < size; ++i)
        if (jacobian[i] != 0) {
            nonZeros.push_back(i);
            ++count;
        }
}

// One multibody side of a contact row: where its Jacobian, velocity deltas and unit response
// start in the solver's arrays, and their length; null and 0 for a side without a multibody.
void RowSolver::describeSide(const btMultiBody *body, int jacobianIndex, int velocityIndex, const btScalar *&jacobian,
                             btScalar *&velocities, const btScalar *&response, int &size) {
    jacobian = body ? &m_data.m_jacobians[jacobianIndex] : nullptr;
    velocities = body ? &m_data.m_deltaVelocities[velocityIndex] : nullptr;
    response = body ? &m_data.m_deltaVelocitiesUnitImpulse[jacobianIndex] : nullptr;
    size = body ? body->getNumDofs() + 6 : 0;
}

void RowSolver::describeContactRows(btMultiBodyConstraintArray &rows, std::vector<SparseRow> &sparse) {
    sparse.resize(rows.size());
    for (int index = 0; index < rows.size(); ++index) {
        const btMultiBodySolverConstraint &c = rows[index];
        SparseRow &row = sparse[index];
        listNonZeros(c.m_multiBodyA, c.m_jacAindex, row.startA, row.countA);
        listNonZeros(c.m_multiBodyB, c.m_jacBindex, row.startB, row.countB);
        row.inertA = inertSide(c, true);
        row.inertB = inertSide(c, false);
        describeSide(c.m_multiBodyA, c.m_jacAindex, c.m_deltaVelAindex, row.jacobianA, row.velocitiesA, row.responseA,
                     row.sizeA);
        describeSide(c.m_multiBodyB, c.m_jacBindex, c.m_deltaVelBindex, row.jacobianB, row.velocitiesB, row.responseB,
                     row.sizeB);
        if (c.m_multiBodyA) noteMultiBody(c.m_multiBodyA, c.m_deltaVelAindex);
        if (c.m_multiBodyB) noteMultiBody(c.m_multiBodyB, c.m_deltaVelBindex);
    }
}

// Whether a row's side has no multibody and a solver body that never moves and has no
// velocity change (the fixed body; or no solver body at all), with finite axes and an
// effective mass that is finite and >= 0. Bullet's velocity along such a side is then
// 0 + (n . 0 + r . 0) = +0 exactly, subtracting +0 * m_jacDiagABInv = +0 from the impulse
// leaves it unchanged (-0 too), and applying an impulse to it changes nothing
// (btSolverBody::internalApplyImpulse adds only for a body with an original body): the
// side can be skipped with the same numbers.
bool RowSolver::inertSide(const btMultiBodySolverConstraint &c, bool sideA) {
    if ((sideA ? c.m_multiBodyA : c.m_multiBodyB) != nullptr) return false;
    if (!std::isfinite(c.m_jacDiagABInv) || !(c.m_jacDiagABInv >= 0)) return false;
    const int id = sideA ? c.m_solverBodyIdA : c.m_solverBodyIdB;
    if (id < 0) return true;
    if (id >= m_tmpSolverBodyPool.size()) return false;
    // The solver body's part (no original body, no velocity change), found once per setup
    // for the last body asked about: nothing changes the solver bodies between these calls.
    if (id != stillBodyId) {
        btSolverBody &body = m_tmpSolverBodyPool[id];
        if (body.m_originalBody != nullptr) return false;
        const btVector3 &linear = body.internalGetDeltaLinearVelocity();
        const btVector3 &angular = body.internalGetDeltaAngularVelocity();
        for (int k = 0; k < 3; ++k)
            if (linear[k] != 0 || angular[k] != 0) return false;
        stillBodyId = id;
    }
    // Finite axes: x - x is +0 for a finite x and NaN otherwise, so the sum of the six
    // differences is 0 exactly when all six are finite.
    const btVector3 &normal = sideA ? c.m_contactNormal1 : c.m_contactNormal2;
    const btVector3 &arm = sideA ? c.m_relpos1CrossNormal : c.m_relpos2CrossNormal;
    const btScalar spread = ((normal[0] - normal[0]) + (normal[1] - normal[1])) + ((normal[2] - normal[2]) + (arm[0] - arm[0])) +
                            ((arm[1] - arm[1]) + (arm[2] - arm[2]));
    return spread == 0;
}

int RowSolver::singleNonZero(const btMultiBody *body, int jacobianIndex) {
    return singleNonZeroOf(&m_data.m_jacobians[jacobianIndex], body->getNumDofs() + 6);
}

void RowSolver::noteMultiBody(btMultiBody *body, int deltaIndex) {
    for (const auto &known : touched)
        if (known.first == body) return;
    touched.emplace_back(body, deltaIndex);
}

btScalar RowSolver::solveGroupCacheFriendlySetup(btCollisionObject **bodies, int numBodies,
                                                 btPersistentManifold **manifolds, int numManifolds,
                                                 btTypedConstraint **constraints, int numConstraints,
                                                 const btContactSolverInfo &info, btIDebugDraw *debugDrawer) {
    btScalar value = btMultiBodyConstraintSolver::solveGroupCacheFriendlySetup(
        bodies, numBodies, manifolds, numManifolds, constraints, numConstraints, info, debugDrawer);
    // The rows exist now (the constraints make them during the setup): classify them.
    const int count = m_multiBodyNonContactConstraints.size();
    columns.assign(count, -1);
    columnsB.assign(count, -1);
    inertB.assign(count, 0);
    touched.clear();
    nonContactBodies.clear();
    stillBodyId = -1;
    nonZeros.clear();
    ownPass = !reference;
    for (int index = 0; index < count && ownPass; ++index) {
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
        if (c.m_multiBodyA) noteMultiBody(c.m_multiBodyA, c.m_deltaVelAindex);
        if (c.m_multiBodyB) noteMultiBody(c.m_multiBodyB, c.m_deltaVelBindex);
        for (btMultiBody *body : {c.m_multiBodyA, c.m_multiBodyB})
            if (body != nullptr && std::find(nonContactBodies.begin(), nonContactBodies.end(), body) == nonContactBodies.end())
                nonContactBodies.push_back(body);
        if (c.m_multiBodyA != nullptr && c.m_multiBodyB != nullptr) {
            // A row between two multibody sides (a gear): sparse when each side's Jacobian
            // has a single non-zero entry.
            const int columnA = singleNonZero(c.m_multiBodyA, c.m_jacAindex);
            const int columnB = singleNonZero(c.m_multiBodyB, c.m_jacBindex);
            if (columnA >= 0 && columnB >= 0) {
                columns[index] = columnA;
                columnsB[index] = columnB;
            }
            continue;
        }
        if (c.m_multiBodyA == nullptr) continue;
        const int column = singleNonZero(c.m_multiBodyA, c.m_jacAindex);
        if (column >= 0) {
            columns[index] = column;
            inertB[index] = inertSide(c, false);
        }
    }
    if (ownPass) {
        describeContactRows(m_multiBodyNormalContactConstraints, normalRows);
        describeContactRows(m_multiBodyFrictionContactConstraints, frictionRows);
        describeContactRows(m_multiBodyTorsionalFrictionContactConstraints, torsionalRows);
        describeContactRows(m_multiBodySpinningFrictionContactConstraints, spinningRows);
        // Writing a multibody's own deltas once after the iterations gives Bullet's numbers
        // only if they start this solve at +0. They do, unless the multibody was solved in an
        // earlier island of this step too (a fixed-base multibody: a static base in one
        // island, moving links in another): then every row adds to them directly, as Bullet does.
        directDeltas = false;
        for (const auto &[body, deltaIndex] : touched) {
            const btScalar *deltas = body->getDeltaVelocityVector();
            for (int i = 0; i < body->getNumDofs() + 6; ++i)
                if (deltas[i] != 0) directDeltas = true;
        }
        describeFastRows();
    }
    warmStartRows();
    return value;
}

// Warm start, the sequential-impulse way: a servo's or gear's row starts the solve at
// `warmStart` times the impulse it ended the last solve with (clamped to its current limits),
// applied to the velocities before the first iteration, so the iterations only correct it.
// Without it every row starts at zero and a step's iterations must build the whole impulse
// again: the squeeze a servo passes through a gear and contacts then falls short at long
// steps (GripSqueezeTests). The warm impulse moves the solver's velocity deltas, and the
// multibodies' own deltas too whenever the iterations add to those directly (Bullet's passes,
// or directDeltas); otherwise they are set from the solver's after the iterations.
// Constraints are warm-started only if they made rows in the solve just before this one.
void RowSolver::warmStartRows() {
    warmRows.clear();
    if (!(warmStart > 0) || clock == nullptr) return;
    const uint64_t now = *clock;
    const bool own = !ownPass || directDeltas;
    for (int index = 0; index < m_multiBodyNonContactConstraints.size(); ++index) {
        btMultiBodySolverConstraint &c = m_multiBodyNonContactConstraints[index];
        if (c.m_orgConstraint == nullptr) continue;
        auto *memory = dynamic_cast<WarmStarted *>(c.m_orgConstraint);
        if (memory == nullptr || (warmStartScope == TGB_WARM_START_GEARED && !memory->geared)) continue;
        warmRows.push_back({index, memory});
        const int row = c.m_orgDofIndex;
        if (memory->solvedAt + 1 != now || row < 0 || row >= (int)memory->impulses.size()) continue;
        btScalar impulse = memory->impulses[row] * warmStart;
        if (impulse < c.m_lowerLimit) impulse = c.m_lowerLimit;
        if (impulse > c.m_upperLimit) impulse = c.m_upperLimit;
        if (!(impulse != 0) || !std::isfinite(impulse)) continue;
        c.m_appliedImpulse = impulse;
        applyImpulseToSide(c.m_multiBodyA, c.m_jacAindex, c.m_deltaVelAindex, c.m_solverBodyIdA, c.m_contactNormal1,
                           c.m_angularComponentA, impulse, own);
        applyImpulseToSide(c.m_multiBodyB, c.m_jacBindex, c.m_deltaVelBindex, c.m_solverBodyIdB, c.m_contactNormal2,
                           c.m_angularComponentB, impulse, own);
    }
}

// After the iterations: each warm-started row's impulse, for the next solve.
void RowSolver::rememberWarmRows() {
    if (warmRows.empty() || clock == nullptr) return;
    const uint64_t now = *clock;
    for (const WarmRow &warm : warmRows) {
        const btMultiBodySolverConstraint &c = m_multiBodyNonContactConstraints[warm.index];
        const int row = c.m_orgDofIndex;
        if (row < 0) continue;
        if ((int)warm.memory->impulses.size() <= row) warm.memory->impulses.resize(row + 1, 0.0);
        warm.memory->impulses[row] = c.m_appliedImpulse;
        warm.memory->solvedAt = now;
    }
    warmRows.clear();
}

// A friction row's impulse limits: ± its friction coefficient times the normal row's impulse.
static void limitByFriction(btMultiBodySolverConstraint &c, btScalar total) {
    c.m_lowerLimit = -(c.m_friction * total);
    c.m_upperLimit = c.m_friction * total;
}

// Bullet's clamp of a row's accumulated impulse to its limits: the row's impulse becomes
// applied + deltaImpulse held within [lower, upper]; returns the change actually made.
static btScalar clampToLimits(const btMultiBodySolverConstraint &c, btScalar deltaImpulse) {
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
    return deltaImpulse;
}

// Bullet's row update (btMultiBodyConstraintSolver::resolveSingleConstraintRowGeneric) for a
// row with a multibody on side A only, whose Jacobian on A is zero except at `column`.
// Bullet's velocity along the row is 0 + sum_i J_i dv_i in index order; every term but one
// is a signed zero, and adding a signed zero to a sum that started at +0 leaves it unchanged
// (a zero sum stays +0), so the sum is 0 + J_c dv_c exactly.
// Side B, when inert (inertSide), is skipped.
btScalar RowSolver::resolveRow(const btMultiBodySolverConstraint &c, int column, bool inertSideB) {
    const btScalar *velocities = &m_data.m_deltaVelocities[c.m_deltaVelAindex];
    btScalar deltaImpulse = c.m_rhs - btScalar(c.m_appliedImpulse) * c.m_cfm;
    btScalar alongA = 0;
    alongA += m_data.m_jacobians[c.m_jacAindex + column] * velocities[column];
    deltaImpulse -= alongA * c.m_jacDiagABInv;
    if (!inertSideB) {
        btScalar alongB = 0;
        if (c.m_solverBodyIdB >= 0) {
            btSolverBody &bodyB = m_tmpSolverBodyPool[c.m_solverBodyIdB];
            alongB += c.m_contactNormal2.dot(bodyB.internalGetDeltaLinearVelocity()) +
                      c.m_relpos2CrossNormal.dot(bodyB.internalGetDeltaAngularVelocity());
        }
        deltaImpulse -= alongB * c.m_jacDiagABInv;
    }
    deltaImpulse = clampToLimits(c, deltaImpulse);
    // The response to the impulse is dense (M^-1 J^T): every dof moves (side B is a rigid body
    // or nothing).
    applyImpulse(c, deltaImpulse, false, inertSideB);
    return deltaImpulse / c.m_jacDiagABInv;
}

// The rows resolveRow solves with an inert side B, while the multibodies' own deltas are set
// after the iterations (no directDeltas): their addresses, read once per solve.
void RowSolver::describeFastRows() {
    const int count = m_multiBodyNonContactConstraints.size();
    fastRows.assign(count, FastRow{});
    if (directDeltas) return;
    for (int index = 0; index < count; ++index) {
        const btMultiBodySolverConstraint &c = m_multiBodyNonContactConstraints[index];
        const int column = columns[index];
        if (column < 0 || columnsB[index] >= 0 || !inertB[index] || c.m_multiBodyA == nullptr) continue;
        FastRow &fast = fastRows[index];
        fast.jacobian = &m_data.m_jacobians[c.m_jacAindex + column];
        fast.velocity = &m_data.m_deltaVelocities[c.m_deltaVelAindex + column];
        fast.velocities = &m_data.m_deltaVelocities[c.m_deltaVelAindex];
        fast.response = &m_data.m_deltaVelocitiesUnitImpulse[c.m_jacAindex];
        fast.size = c.m_multiBodyA->getNumDofs() + 6;
    }
}

// resolveRow for a row of describeFastRows: the same operations (side B adds nothing).
inline btScalar RowSolver::resolveFastRow(btMultiBodySolverConstraint &c, const FastRow &fast) {
    btScalar deltaImpulse = c.m_rhs - btScalar(c.m_appliedImpulse) * c.m_cfm;
    btScalar alongA = 0;
    alongA += *fast.jacobian * *fast.velocity;
    deltaImpulse -= alongA * c.m_jacDiagABInv;
    deltaImpulse = clampToLimits(c, deltaImpulse);
    addScaled(fast.velocities, fast.response, deltaImpulse, fast.size);
    return deltaImpulse / c.m_jacDiagABInv;
}

// Bullet's resolveSingleConstraintRowGeneric for a row with a multibody on both sides whose
// Jacobians each have a single non-zero entry (`columnA`, `columnB`): each side's velocity
// is 0 + J_c dv_c (as in resolveRow), both read before the update, and each side takes the
// dense response in Bullet's order (side A, then side B).
btScalar RowSolver::resolvePairRow(const btMultiBodySolverConstraint &c, int columnA, int columnB) {
    btScalar deltaImpulse = c.m_rhs - btScalar(c.m_appliedImpulse) * c.m_cfm;
    btScalar alongA = 0;
    alongA += m_data.m_jacobians[c.m_jacAindex + columnA] * m_data.m_deltaVelocities[c.m_deltaVelAindex + columnA];
    btScalar alongB = 0;
    alongB += m_data.m_jacobians[c.m_jacBindex + columnB] * m_data.m_deltaVelocities[c.m_deltaVelBindex + columnB];
    deltaImpulse -= alongA * c.m_jacDiagABInv;
    deltaImpulse -= alongB * c.m_jacDiagABInv;
    deltaImpulse = clampToLimits(c, deltaImpulse);
    applyImpulse(c, deltaImpulse, false, false);
    return deltaImpulse / c.m_jacDiagABInv;
}

// The velocity along side A (first) or B of a contact row before its update: Bullet's sum
// over the Jacobian's non-zero entries only (the same reasoning as in resolveRow), or the
// rigid body's part when the side has no multibody.
btScalar RowSolver::velocityAlong(const btMultiBodySolverConstraint &c, const SparseRow &row, bool sideA) {
    btScalar along = 0;
    const btScalar *jacobian = sideA ? row.jacobianA : row.jacobianB;
    if (jacobian != nullptr) {
        const btScalar *velocities = sideA ? row.velocitiesA : row.velocitiesB;
        const int *entries = &nonZeros[0] + (sideA ? row.startA : row.startB);
        const int count = sideA ? row.countA : row.countB;
        for (int k = 0; k < count; ++k) along += jacobian[entries[k]] * velocities[entries[k]];
        return along;
    }
    const int solverBody = sideA ? c.m_solverBodyIdA : c.m_solverBodyIdB;
    if (solverBody >= 0) {
        btSolverBody &b = m_tmpSolverBodyPool[solverBody];
        if (sideA)
            along += c.m_contactNormal1.dot(b.internalGetDeltaLinearVelocity()) +
                     c.m_relpos1CrossNormal.dot(b.internalGetDeltaAngularVelocity());
        else
            along += c.m_contactNormal2.dot(b.internalGetDeltaLinearVelocity()) +
                     c.m_relpos2CrossNormal.dot(b.internalGetDeltaAngularVelocity());
    }
    return along;
}

// Bullet's application of `deltaImpulse` along a row to its two sides, without the
// multibodies' own deltas (set after the iterations).
void RowSolver::applyImpulse(const btMultiBodySolverConstraint &c, btScalar deltaImpulse, bool inertA, bool inertB) {
    // A multibody side inline (the common case), anything else through applyImpulseToSide.
    const auto side = [&](btMultiBody *body, int jacobianIndex, int deltaIndex, int solverBodyId, const btVector3 &normal,
                          const btVector3 &angular) __attribute__((always_inline)) {
        if (body && !directDeltas) {
            addScaled(&m_data.m_deltaVelocities[deltaIndex], &m_data.m_deltaVelocitiesUnitImpulse[jacobianIndex],
                      deltaImpulse, body->getNumDofs() + 6);
        } else {
            applyImpulseToSide(body, jacobianIndex, deltaIndex, solverBodyId, normal, angular, deltaImpulse, directDeltas);
        }
    };
    if (!inertA) side(c.m_multiBodyA, c.m_jacAindex, c.m_deltaVelAindex, c.m_solverBodyIdA, c.m_contactNormal1, c.m_angularComponentA);
    if (!inertB) side(c.m_multiBodyB, c.m_jacBindex, c.m_deltaVelBindex, c.m_solverBodyIdB, c.m_contactNormal2, c.m_angularComponentB);
}

// applyImpulse for a contact row: a multibody side adds along its unit response through the
// addresses describeContactRows read (the same sums), anything else as applyImpulse does.
inline void RowSolver::applyContactImpulse(const btMultiBodySolverConstraint &c, const SparseRow &row,
                                           btScalar deltaImpulse) {
    if (directDeltas) {
        applyImpulse(c, deltaImpulse, row.inertA, row.inertB);
        return;
    }
    if (!row.inertA) {
        if (row.responseA != nullptr)
            addScaled(row.velocitiesA, row.responseA, deltaImpulse, row.sizeA);
        else
            applyImpulseToSide(nullptr, c.m_jacAindex, c.m_deltaVelAindex, c.m_solverBodyIdA, c.m_contactNormal1,
                               c.m_angularComponentA, deltaImpulse, false);
    }
    if (!row.inertB) {
        if (row.responseB != nullptr)
            addScaled(row.velocitiesB, row.responseB, deltaImpulse, row.sizeB);
        else
            applyImpulseToSide(nullptr, c.m_jacBindex, c.m_deltaVelBindex, c.m_solverBodyIdB, c.m_contactNormal2,
                               c.m_angularComponentB, deltaImpulse, false);
    }
}

// One side of a row: a multibody's velocity deltas along its unit response, or a rigid
// body's impulse.
void RowSolver::applyImpulseToSide(btMultiBody *body, int jacobianIndex, int deltaIndex, int solverBodyId,
                                   const btVector3 &normal, const btVector3 &angular, btScalar deltaImpulse, bool own) {
    if (body) {
        const int size = body->getNumDofs() + 6;
        const btScalar *response = &m_data.m_deltaVelocitiesUnitImpulse[jacobianIndex];
        btScalar *velocities = &m_data.m_deltaVelocities[deltaIndex];
        addScaled(velocities, response, deltaImpulse, size);
        if (own) body->applyDeltaVeeMultiDof2(response, deltaImpulse);
    } else if (solverBodyId >= 0) {
        btSolverBody &b = m_tmpSolverBodyPool[solverBodyId];
        b.internalApplyImpulse(normal * b.internalGetInvMass(), angular, deltaImpulse);
    }
}

// Bullet's resolveSingleConstraintRowGeneric for a contact row.
btScalar RowSolver::resolveContactRow(const btMultiBodySolverConstraint &c, const SparseRow &row) {
    btScalar deltaImpulse = c.m_rhs - btScalar(c.m_appliedImpulse) * c.m_cfm;
    if (!row.inertA) deltaImpulse -= velocityAlong(c, row, true) * c.m_jacDiagABInv;
    if (!row.inertB) deltaImpulse -= velocityAlong(c, row, false) * c.m_jacDiagABInv;
    deltaImpulse = clampToLimits(c, deltaImpulse);
    applyContactImpulse(c, row, deltaImpulse);
    return deltaImpulse / c.m_jacDiagABInv;
}

// Bullet's resolveConeFrictionConstraintRows: the two friction directions of a contact,
// solved together and clamped to the friction cone (a circle of radius mu N).
btScalar RowSolver::resolveConePair(const btMultiBodySolverConstraint &first, const SparseRow &firstRow,
                                    const btMultiBodySolverConstraint &second, const SparseRow &secondRow) {
    btScalar deltaImpulseB = second.m_rhs - btScalar(second.m_appliedImpulse) * second.m_cfm;
    if (!secondRow.inertA) deltaImpulseB -= velocityAlong(second, secondRow, true) * second.m_jacDiagABInv;
    if (!secondRow.inertB) deltaImpulseB -= velocityAlong(second, secondRow, false) * second.m_jacDiagABInv;
    const btScalar sumB = btScalar(second.m_appliedImpulse) + deltaImpulseB;
    btScalar deltaImpulseA = first.m_rhs - btScalar(first.m_appliedImpulse) * first.m_cfm;
    if (!firstRow.inertA) deltaImpulseA -= velocityAlong(first, firstRow, true) * first.m_jacDiagABInv;
    if (!firstRow.inertB) deltaImpulseA -= velocityAlong(first, firstRow, false) * first.m_jacDiagABInv;
    const btScalar sumA = btScalar(first.m_appliedImpulse) + deltaImpulseA;
    if (sumA * sumA + sumB * sumB >= first.m_lowerLimit * second.m_lowerLimit) {
        const btScalar angle = btAtan2(sumA, sumB);
        const btScalar sumAClipped = btFabs(first.m_lowerLimit * btSin(angle));
        const btScalar sumBClipped = btFabs(second.m_lowerLimit * btCos(angle));
        if (sumA < -sumAClipped) {
            deltaImpulseA = -sumAClipped - first.m_appliedImpulse;
            first.m_appliedImpulse = -sumAClipped;
        } else if (sumA > sumAClipped) {
            deltaImpulseA = sumAClipped - first.m_appliedImpulse;
            first.m_appliedImpulse = sumAClipped;
        } else {
            first.m_appliedImpulse = sumA;
        }
        if (sumB < -sumBClipped) {
            deltaImpulseB = -sumBClipped - second.m_appliedImpulse;
            second.m_appliedImpulse = -sumBClipped;
        } else if (sumB > sumBClipped) {
            deltaImpulseB = sumBClipped - second.m_appliedImpulse;
            second.m_appliedImpulse = sumBClipped;
        } else {
            second.m_appliedImpulse = sumB;
        }
    } else {
        first.m_appliedImpulse = sumA;
        second.m_appliedImpulse = sumB;
    }
    applyContactImpulse(first, firstRow, deltaImpulseA);
    applyContactImpulse(second, secondRow, deltaImpulseB);
    return deltaImpulseA / first.m_jacDiagABInv + deltaImpulseB / second.m_jacDiagABInv;
}

namespace {
void markMoved(const btMultiBodySolverConstraint &c) {
    if (c.m_multiBodyA) c.m_multiBodyA->setPosUpdated(false);
    if (c.m_multiBodyB) c.m_multiBodyB->setPosUpdated(false);
}
} // namespace

// Bullet marks a row's multibodies as moved (setPosUpdated(false)) after each non-contact row;
// nothing reads the mark during a pass, so marking each of the rows' multibodies once after
// the pass leaves the same state.
void RowSolver::markNonContactBodiesMoved() {
    for (btMultiBody *body : nonContactBodies) body->setPosUpdated(false);
}

#if TGB_AVX_LANES
// One inner pass over the non-contact rows (solveSingleIteration's loop) with the fast rows'
// update inlined in AVX code (resolveFastRow's statements, addScaledWide's lanes): no call
// per row. The same operations in the same order; returns the pass's residual.
__attribute__((target("avx"))) btScalar RowSolver::nonContactPassWide(int iteration) {
    const int count = m_multiBodyNonContactConstraints.size();
    btScalar residual = 0;
    for (int j = 0; j < count; ++j) {
        const int index = (iteration & 1) ? j : count - 1 - j;
        btMultiBodySolverConstraint &c = m_multiBodyNonContactConstraints[index];
        const int column = columns[index];
        const FastRow &fast = fastRows[index];
        btScalar step;
        if (fast.velocities != nullptr) {
            btScalar deltaImpulse = c.m_rhs - btScalar(c.m_appliedImpulse) * c.m_cfm;
            btScalar alongA = 0;
            alongA += *fast.jacobian * *fast.velocity;
            deltaImpulse -= alongA * c.m_jacDiagABInv;
            deltaImpulse = clampToLimits(c, deltaImpulse);
            addScaledLanes(fast.velocities, fast.response, deltaImpulse, fast.size);
            step = deltaImpulse / c.m_jacDiagABInv;
        } else {
            step = column < 0               ? resolveSingleConstraintRowGeneric(c)
                   : columnsB[index] >= 0   ? resolvePairRow(c, column, columnsB[index])
                                            : resolveRow(c, column, inertB[index]);
        }
        residual = btMax(residual, step * step);
    }
    markNonContactBodiesMoved();
    return residual;
}
#endif

btScalar RowSolver::solveSingleIteration(int iteration, btCollisionObject **bodies, int numBodies,
                                         btPersistentManifold **manifolds, int numManifolds,
                                         btTypedConstraint **constraints, int numConstraints,
                                         const btContactSolverInfo &info, btIDebugDraw *debugDrawer) {
    const int count = m_multiBodyNonContactConstraints.size();
    if (!ownPass || (int)columns.size() != count || (int)fastRows.size() != count || (int)normalRows.size() != m_multiBodyNormalContactConstraints.size() ||
        (int)frictionRows.size() != m_multiBodyFrictionContactConstraints.size() ||
        (int)torsionalRows.size() != m_multiBodyTorsionalFrictionContactConstraints.size() ||
        (int)spinningRows.size() != m_multiBodySpinningFrictionContactConstraints.size())
        return btMultiBodyConstraintSolver::solveSingleIteration(iteration, bodies, numBodies, manifolds, numManifolds,
                                                                 constraints, numConstraints, info, debugDrawer);
    // Bullet's iteration, stage by stage: the rigid-body rows first.
    btScalar residual = btSequentialImpulseConstraintSolver::solveSingleIteration(
        iteration, bodies, numBodies, manifolds, numManifolds, constraints, numConstraints, info, debugDrawer);
    // Non-contact rows in reverse order on even iterations, forward on odd ones; their
    // residual is the largest squared step of the last inner pass.
    btScalar nonContactResidual = 0;
    for (int pass = 0; pass < info.m_numNonContactInnerIterations; ++pass) {
#if TGB_AVX_LANES
        if (wideArithmetic.load(std::memory_order_relaxed)) {
            nonContactResidual = nonContactPassWide(iteration);
            continue;
        }
#endif
        nonContactResidual = 0;
        for (int j = 0; j < count; ++j) {
            const int index = (iteration & 1) ? j : count - 1 - j;
            btMultiBodySolverConstraint &c = m_multiBodyNonContactConstraints[index];
            const int column = columns[index];
            const FastRow &fast = fastRows[index];
            btScalar step = fast.velocities != nullptr ? resolveFastRow(c, fast)
                            : column < 0               ? resolveSingleConstraintRowGeneric(c)
                            : columnsB[index] >= 0     ? resolvePairRow(c, column, columnsB[index])
                                                       : resolveRow(c, column, inertB[index]);
            nonContactResidual = btMax(nonContactResidual, step * step);
        }
        markNonContactBodiesMoved();
    }
    residual = btMax(residual, nonContactResidual);
    const bool solving = iteration < info.m_numIterations;
    // Normal contact rows.
    for (int index = 0; index < m_multiBodyNormalContactConstraints.size(); ++index) {
        btMultiBodySolverConstraint &c = m_multiBodyNormalContactConstraints[index];
        btScalar step = 0.f;
        if (solving) step = resolveContactRow(c, normalRows[index]);
        residual = btMax(residual, step * step);
        markMoved(c);
    }
    // Friction rows, their limits from the normal rows' impulses.
    if (info.m_solverMode & SOLVER_USE_2_FRICTION_DIRECTIONS && ((info.m_solverMode & SOLVER_DISABLE_IMPLICIT_CONE_FRICTION) == 0)) {
        for (int index = 0; index < m_multiBodySpinningFrictionContactConstraints.size(); ++index) {
            if (!solving) continue;
            btMultiBodySolverConstraint &c = m_multiBodySpinningFrictionContactConstraints[index];
            const btScalar total = m_multiBodyNormalContactConstraints[c.m_frictionIndex].m_appliedImpulse;
            if (total > btScalar(0)) {
                limitByFriction(c, total);
                btScalar step = resolveContactRow(c, spinningRows[index]);
                residual = btMax(residual, step * step);
                markMoved(c);
            }
        }
        for (int index = 0; index < m_multiBodyTorsionalFrictionContactConstraints.size(); ++index) {
            if (!solving) continue;
            btMultiBodySolverConstraint &c = m_multiBodyTorsionalFrictionContactConstraints[index];
            const btScalar total = m_multiBodyNormalContactConstraints[c.m_frictionIndex].m_appliedImpulse;
            ++index;
            btMultiBodySolverConstraint &d = m_multiBodyTorsionalFrictionContactConstraints[index];
            if (total > btScalar(0) && c.m_frictionIndex == d.m_frictionIndex) {
                limitByFriction(c, total);
                limitByFriction(d, total);
                btScalar step = resolveConePair(c, torsionalRows[index - 1], d, torsionalRows[index]);
                residual = btMax(residual, step * step);
                markMoved(c);
                markMoved(d);
            }
        }
        for (int index = 0; index < m_multiBodyFrictionContactConstraints.size(); ++index) {
            if (!solving) continue;
            btMultiBodySolverConstraint &c = m_multiBodyFrictionContactConstraints[index];
            const btScalar total = m_multiBodyNormalContactConstraints[c.m_frictionIndex].m_appliedImpulse;
            ++index;
            btMultiBodySolverConstraint &d = m_multiBodyFrictionContactConstraints[index];
            if (c.m_frictionIndex == d.m_frictionIndex) {
                limitByFriction(c, total);
                limitByFriction(d, total);
                btScalar step = resolveConePair(c, frictionRows[index - 1], d, frictionRows[index]);
                residual = btMax(residual, step * step);
                markMoved(d);
                markMoved(c);
            }
        }
    } else {
        for (int index = 0; index < m_multiBodyFrictionContactConstraints.size(); ++index) {
            if (!solving) continue;
            btMultiBodySolverConstraint &c = m_multiBodyFrictionContactConstraints[index];
            const btScalar total = m_multiBodyNormalContactConstraints[c.m_frictionIndex].m_appliedImpulse;
            if (total > btScalar(0)) {
                limitByFriction(c, total);
                btScalar step = resolveContactRow(c, frictionRows[index]);
                residual = btMax(residual, step * step);
                markMoved(c);
            }
        }
    }
    return residual;
}

btScalar RowSolver::solveGroupCacheFriendlyIterations(btCollisionObject **bodies, int numBodies,
                                                      btPersistentManifold **manifolds, int numManifolds,
                                                      btTypedConstraint **constraints, int numConstraints,
                                                      const btContactSolverInfo &info, btIDebugDraw *debugDrawer) {
    btScalar value = btMultiBodyConstraintSolver::solveGroupCacheFriendlyIterations(
        bodies, numBodies, manifolds, numManifolds, constraints, numConstraints, info, debugDrawer);
    rememberWarmRows();
    if (!ownPass || directDeltas) return value;
    // Bullet adds every row's velocity change both to the solver's deltas of the multibody
    // (m_deltaVelocities, from +0 at the setup) and to the multibody's own (m_deltaV, +0
    // after every step), the same products in the same order: the two sums are equal bit
    // for bit. The passes above add to the first only, so the second is set equal to it now.
    // Setting goes through Bullet's one writer (a sum with the value): m_deltaV - m_deltaV
    // is +0, and +0 + x is x (neither sum is ever -0: starting at +0, a sum of
    // round-to-nearest additions is -0 only if every addend is).
    for (const auto &[body, deltaIndex] : touched) {
        const int size = body->getNumDofs() + 6;
        deltaScratch.assign(body->getDeltaVelocityVector(), body->getDeltaVelocityVector() + size);
        body->applyDeltaVeeMultiDof2(deltaScratch.data(), -1);
        body->applyDeltaVeeMultiDof2(&m_data.m_deltaVelocities[deltaIndex], 1);
    }
    return value;
}

} // namespace tgb
