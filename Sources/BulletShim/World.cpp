// World: creation, settings, the fixed step with its per-step inputs, and the canonical
// manifold order that makes stepping independent of contact-cache history.
#include "ShimInternal.hpp"

#include <BulletCollision/CollisionDispatch/btConvexPlaneCollisionAlgorithm.h>

#include <algorithm>
#include <chrono>
#include <tuple>

namespace tgb {

// MARK: Errors and validation

static thread_local std::string lastError;

int fail(int status, const std::string &message) {
    lastError = message;
    return status;
}

bool allFinite(double value) { return std::isfinite(value); }
bool allFinite(const tgb_vec3 &v) { return allFinite(v.x) && allFinite(v.y) && allFinite(v.z); }
bool allFinite(const tgb_quat &q) { return allFinite(q.x) && allFinite(q.y) && allFinite(q.z) && allFinite(q.w); }
bool allFinite(const tgb_pose &pose) { return allFinite(pose.position) && allFinite(pose.rotation); }

int checkPose(const tgb_pose &pose, const char *what) {
    if (!allFinite(pose)) return fail(TGB_ERR_INVALID_ARGUMENT, std::string(what) + ": pose has a NaN or infinite component");
    const tgb_quat &q = pose.rotation;
    double norm = std::sqrt(q.x * q.x + q.y * q.y + q.z * q.z + q.w * q.w);
    if (norm < 1e-6) return fail(TGB_ERR_INVALID_ARGUMENT, std::string(what) + ": rotation quaternion has zero length");
    return TGB_OK;
}

int checkVector(const tgb_vec3 &v, const char *what) {
    if (!allFinite(v)) return fail(TGB_ERR_INVALID_ARGUMENT, std::string(what) + ": has a NaN or infinite component");
    return TGB_OK;
}

int checkMaterial(const tgb_material &m, const char *what) {
    const double values[] = {m.friction, m.rolling_friction, m.spinning_friction, m.restitution};
    for (double value : values) {
        if (!allFinite(value) || value < 0)
            return fail(TGB_ERR_INVALID_ARGUMENT, std::string(what) + ": friction and restitution must be finite and >= 0");
    }
    return TGB_OK;
}

int checkWorld(const tgb_world *world) {
    if (world == nullptr) return fail(TGB_ERR_INVALID_ARGUMENT, "world is NULL");
    return TGB_OK;
}

RigidBody *findBody(const tgb_world *world, int32_t id) {
    auto found = const_cast<tgb_world *>(world)->bodies.find(id);
    if (found == world->bodies.end()) {
        fail(TGB_ERR_NOT_FOUND, "no rigid body with id " + std::to_string(id) + " in this world (never created, or removed)");
        return nullptr;
    }
    return &found->second;
}

int checkColliderRoom(const tgb_world *world, int needed) {
    int used = world->dynamics->getNumCollisionObjects();
    if (used + needed > maxColliders)
        return fail(TGB_ERR_INVALID_ARGUMENT, "a world holds at most " + std::to_string(maxColliders) + " colliders: " +
                                                  std::to_string(used) + " in use, " + std::to_string(needed) + " more asked for");
    return TGB_OK;
}

MultiBody *findMultiBody(const tgb_world *world, int32_t id) {
    auto found = const_cast<tgb_world *>(world)->multibodies.find(id);
    if (found == world->multibodies.end()) {
        fail(TGB_ERR_NOT_FOUND, "no multibody with id " + std::to_string(id) + " in this world (never created, or removed)");
        return nullptr;
    }
    return &found->second;
}

Shape *findShape(const tgb_world *world, int32_t id) {
    auto found = world->shapes.find(id);
    if (found == world->shapes.end()) {
        fail(TGB_ERR_NOT_FOUND, "no shape with id " + std::to_string(id) + " in this world");
        return nullptr;
    }
    return found->second.get();
}

// MARK: Canonical manifold order

// The key that names a manifold independently of when it was created: the two colliders
// (object id, link) and, for compound shapes, the child indices of its points.
using ManifoldKey = std::tuple<int32_t, int32_t, int32_t, int32_t, int32_t, int32_t>;

static ManifoldKey keyOf(const btPersistentManifold *manifold) {
    const btCollisionObject *a = manifold->getBody0();
    const btCollisionObject *b = manifold->getBody1();
    int32_t childA = -1, childB = -1;
    if (manifold->getNumContacts() > 0) {
        const btManifoldPoint &point = manifold->getContactPoint(0);
        if (a->getCollisionShape()->isCompound()) childA = point.m_index0;
        if (b->getCollisionShape()->isCompound()) childB = point.m_index1;
    } else {
        childA = childB = INT32_MAX;  // empty manifolds last: they add no constraint rows
    }
    return ManifoldKey(objectIdOf(a), linkOf(a), objectIdOf(b), linkOf(b), childA, childB);
}

void CanonicalWorld::sortManifolds() {
    btDispatcher *dispatcher = getDispatcher();
    int count = dispatcher->getNumManifolds();
    if (count < 2) return;
    btPersistentManifold **manifolds = dispatcher->getInternalManifoldPointer();
    std::vector<std::pair<ManifoldKey, btPersistentManifold *>> keyed;
    keyed.reserve(count);
    for (int i = 0; i < count; ++i) keyed.emplace_back(keyOf(manifolds[i]), manifolds[i]);
    std::sort(keyed.begin(), keyed.end(),
                     [](const auto &l, const auto &r) { return l.first < r.first; });
    for (int i = 0; i < count; ++i) {
        manifolds[i] = keyed[i].second;
        manifolds[i]->m_index1a = i;
    }
}

void CanonicalWorld::solveConstraints(btContactSolverInfo &solverInfo) {
    ++solveCount;
    sortManifolds();
    btMultiBodyDynamicsWorld::solveConstraints(solverInfo);
}

// Bullet's stage before the islands (forward kinematics, unconstrained accelerations, the
// solver's preparation) with its sort of the multibody constraints by island done here on
// keys read once: Bullet's quicksort asks every constraint's island through two virtual calls
// per side at each comparison, ~80k instructions a step for a humanoid's hundred constraints.
// The same quicksort (btAlignedObjectArray::quickSort) on the same keys in the same order
// makes the same permutation; Bullet's stage then runs with no multibody constraints to sort
// (it only copies them into the sorted array and hands that to the island callback), and
// the callback is given our sorted array instead.
void CanonicalWorld::solveExternalForces(btContactSolverInfo &solverInfo) {
    const int count = m_multiBodyConstraints.size();
    islandKeyed.resizeNoInitialize(count);
    bool oneIsland = true;
    for (int i = 0; i < count; ++i) {
        btMultiBodyConstraint *constraint = m_multiBodyConstraints[i];
        int islandA = constraint->getIslandIdA();
        int islandB = constraint->getIslandIdB();
        islandKeyed[i] = IslandKeyed{islandA >= 0 ? islandA : islandB, i, constraint};
        oneIsland = oneIsland && islandKeyed[i].island == islandKeyed[0].island;
    }
    if (oneIsland && count == equalOrderCount) {
        for (int i = 0; i < count; ++i) {
            const int from = equalOrder[i];
            islandKeyed[i] = IslandKeyed{0, from, m_multiBodyConstraints[from]};
        }
    } else {
        islandKeyed.quickSort([](const IslandKeyed &l, const IslandKeyed &r) { return l.island < r.island; });
        if (oneIsland) {
            equalOrder.resize(count);
            for (int i = 0; i < count; ++i) equalOrder[i] = islandKeyed[i].index;
            equalOrderCount = count;
        }
    }

    m_multiBodyConstraints.resizeNoInitialize(0);  // the pointers stay in place (no reallocation)
    btMultiBodyDynamicsWorld::solveExternalForces(solverInfo);
    m_multiBodyConstraints.resizeNoInitialize(count);

    m_sortedMultiBodyConstraints.resizeNoInitialize(count);
    for (int i = 0; i < count; ++i) m_sortedMultiBodyConstraints[i] = islandKeyed[i].constraint;
    m_solverMultiBodyIslandCallback->setup(&solverInfo, m_sortedConstraints.size() ? &m_sortedConstraints[0] : nullptr,
                                           m_sortedConstraints.size(),
                                           count ? &m_sortedMultiBodyConstraints[0] : nullptr, count, getDebugDrawer());
}

// MARK: Broadphase

void PairTableBroadphase::calculateOverlappingPairs(btDispatcher *dispatcher) {
    const int handles = m_LastHandleIndex + 1;
    if (m_pairCache->hasDeferredRemoval() || handles > maxTabled || m_numHandles < 0) {
        btSimpleBroadphase::calculateOverlappingPairs(dispatcher);
        return;
    }
    // Mark the pairs the cache holds now. A pair's entry changes only when the loop below
    // reaches that pair (adding or removing it touches no other pair), so the marks stay
    // true for every pair until it is visited.
    if (handles != markedHandles || stamp == UINT32_MAX) {
        marks.assign((size_t)handles * handles, 0);
        markedHandles = handles;
        stamp = 0;
    }
    ++stamp;
    btBroadphasePairArray &pairs = m_pairCache->getOverlappingPairArray();
    for (int p = 0; p < pairs.size(); ++p) {
        const btBroadphasePair &pair = pairs[p];
        if (pair.m_pProxy0 == nullptr || pair.m_pProxy1 == nullptr) continue;
        long a = static_cast<btSimpleBroadphaseProxy *>(pair.m_pProxy0) - m_pHandles;
        long b = static_cast<btSimpleBroadphaseProxy *>(pair.m_pProxy1) - m_pHandles;
        if (a < 0 || b < 0 || a >= handles || b >= handles) {
            btSimpleBroadphase::calculateOverlappingPairs(dispatcher);  // a proxy not ours: Bullet's way
            return;
        }
        if (a > b) std::swap(a, b);
        marks[(size_t)a * handles + b] = stamp;
    }
    // Bullet's loop (btSimpleBroadphase::calculateOverlappingPairs without deferred removal).
    int largest = -1;
    for (int i = 0; i < handles; ++i) {
        btSimpleBroadphaseProxy *proxy0 = &m_pHandles[i];
        if (!proxy0->m_clientObject) continue;
        largest = i;
        const btVector3 &min0 = proxy0->m_aabbMin, &max0 = proxy0->m_aabbMax;
        const uint32_t *row = &marks[(size_t)i * handles];
        for (int j = i + 1; j < handles; ++j) {
            btSimpleBroadphaseProxy *proxy1 = &m_pHandles[j];
            if (!proxy1->m_clientObject) continue;
            const btVector3 &min1 = proxy1->m_aabbMin, &max1 = proxy1->m_aabbMax;
            // btSimpleBroadphase::aabbOverlap's comparisons.
            const bool overlap = min0[0] <= max1[0] && min1[0] <= max0[0] && min0[1] <= max1[1] &&
                                 min1[1] <= max0[1] && min0[2] <= max1[2] && min1[2] <= max0[2];
            const bool held = row[j] == stamp;
            if (overlap) {
                if (!held) m_pairCache->addOverlappingPair(proxy0, proxy1);
            } else if (held) {
                m_pairCache->removeOverlappingPair(proxy0, proxy1, dispatcher);
            }
        }
    }
    m_LastHandleIndex = largest;
}

// MARK: Plane queries

namespace {
void skippingNearCallback(btBroadphasePair &pair, btCollisionDispatcher &dispatcher, const btDispatcherInfo &info) {
    auto &own = static_cast<PlaneSkippingDispatcher &>(dispatcher);
    if (info.m_dispatchFunc == btDispatcherInfo::DISPATCH_DISCRETE && own.farFromPlane(pair)) return;
    btCollisionDispatcher::defaultNearCallback(pair, dispatcher, info);
}
} // namespace

PlaneSkippingDispatcher::PlaneSkippingDispatcher(btCollisionConfiguration *configuration)
    : btCollisionDispatcher(configuration) {
    setNearCallback(skippingNearCallback);
}

// btConvexPlaneCollisionAlgorithm::processCollision adds a contact only where a support
// point of the convex shape (margin included) lies less than the manifold's breaking
// threshold above the plane; its perturbed queries turn the shape about its own origin by at
// most gContactBreakingThreshold / r (r: the shape's angular motion disc, which holds every
// point), moving no point farther than gContactBreakingThreshold. With no contact in the
// manifold it changes nothing else (no refresh). So when the lowest corner of the shape's
// world box (margin included) is more than threshold + gContactBreakingThreshold (+1 cm) above
// the plane, the query is a no-op and is skipped.
bool PlaneSkippingDispatcher::farFromPlane(const btBroadphasePair &pair) {
    if (reference != nullptr && *reference) return false;
    if (pair.m_algorithm == nullptr || pair.m_pProxy0 == nullptr || pair.m_pProxy1 == nullptr) return false;
    const auto *plane = static_cast<const btCollisionObject *>(pair.m_pProxy0->m_clientObject);
    const auto *convex = static_cast<const btCollisionObject *>(pair.m_pProxy1->m_clientObject);
    if (plane == nullptr || convex == nullptr) return false;
    if (plane->getCollisionShape()->getShapeType() != STATIC_PLANE_PROXYTYPE) std::swap(plane, convex);
    if (plane->getCollisionShape()->getShapeType() != STATIC_PLANE_PROXYTYPE) return false;
    const btCollisionShape *shape = convex->getCollisionShape();
    if (!shape->isConvex()) return false;
    auto *algorithm = dynamic_cast<btConvexPlaneCollisionAlgorithm *>(pair.m_algorithm);
    if (algorithm == nullptr) return false;
    manifolds.resize(0);
    algorithm->getAllContactManifolds(manifolds);
    if (manifolds.size() != 1 || manifolds[0]->getNumContacts() != 0) return false;
    const btScalar threshold = manifolds[0]->getContactBreakingThreshold();
    const auto *planeShape = static_cast<const btStaticPlaneShape *>(plane->getCollisionShape());
    const btTransform &planeTransform = plane->getWorldTransform();
    const btVector3 normal = planeTransform.getBasis() * planeShape->getPlaneNormal();
    const btScalar offset = normal.dot(planeTransform.getOrigin()) + planeShape->getPlaneConstant();
    btVector3 low, high;
    shape->getAabb(convex->getWorldTransform(), low, high);
    btScalar lowest = -offset;
    for (int k = 0; k < 3; ++k) lowest += normal[k] * (normal[k] >= 0 ? low[k] : high[k]);
    const btScalar clearance = threshold + gContactBreakingThreshold + 0.01;
    return std::isfinite(lowest) && std::isfinite(clearance) && lowest > clearance;
}

// MARK: Settings

void applySettings(tgb_world *world) {
    const tgb_world_settings &s = world->settings;
    world->dynamics->setGravity(toBt(s.gravity));
    btContactSolverInfo &info = world->dynamics->getSolverInfo();
    info.m_numIterations = s.solver_iterations;
    info.m_erp = s.contact_erp;
    info.m_erp2 = s.contact_erp;
    info.m_globalCfm = s.contact_cfm;
    info.m_splitImpulse = s.split_impulse != 0;
    info.m_splitImpulsePenetrationThreshold = s.split_impulse_penetration_threshold;
    info.m_splitImpulseTurnErp = s.split_impulse_erp;
    info.m_timeStep = s.time_step;
    info.m_leastSquaresResidualThreshold = s.solver_residual_threshold;
}

static int checkSettings(const tgb_world_settings *s) {
    if (s == nullptr) return fail(TGB_ERR_INVALID_ARGUMENT, "world settings are NULL");
    if (checkVector(s->gravity, "gravity") != TGB_OK) return TGB_ERR_INVALID_ARGUMENT;
    if (!allFinite(s->time_step) || s->time_step <= 0 || s->time_step > 0.1)
        return fail(TGB_ERR_INVALID_ARGUMENT, "time_step must be in (0, 0.1] s, got " + std::to_string(s->time_step));
    if (s->solver_iterations < 1 || s->solver_iterations > 10000)
        return fail(TGB_ERR_INVALID_ARGUMENT, "solver_iterations must be in 1...10000, got " + std::to_string(s->solver_iterations));
    if (!allFinite(s->contact_erp) || s->contact_erp < 0 || s->contact_erp > 1)
        return fail(TGB_ERR_INVALID_ARGUMENT, "contact_erp must be in [0, 1]");
    if (!allFinite(s->contact_cfm) || s->contact_cfm < 0)
        return fail(TGB_ERR_INVALID_ARGUMENT, "contact_cfm must be finite and >= 0");
    if (!allFinite(s->split_impulse_penetration_threshold) || !allFinite(s->split_impulse_erp) ||
        s->split_impulse_erp < 0 || s->split_impulse_erp > 1)
        return fail(TGB_ERR_INVALID_ARGUMENT, "split impulse threshold must be finite and its erp in [0, 1]");
    if (!allFinite(s->solver_residual_threshold) || s->solver_residual_threshold < 0)
        return fail(TGB_ERR_INVALID_ARGUMENT, "solver_residual_threshold must be finite and >= 0");
    return TGB_OK;
}

// MARK: Per-step inputs

static void decayWrenches(std::vector<TimedWrench> &wrenches) {
    for (auto &w : wrenches) --w.stepsLeft;
    wrenches.erase(std::remove_if(wrenches.begin(), wrenches.end(),
                                  [](const TimedWrench &w) { return w.stepsLeft <= 0; }),
                   wrenches.end());
}

void applyStepInputs(tgb_world *world) {
    for (auto &entry : world->bodies) {
        RigidBody &rigid = entry.second;
        for (const TimedWrench &w : rigid.wrenches) {
            btRigidBody *body = rigid.body.get();
            body->applyForce(w.force, w.point - body->getCenterOfMassPosition());
            body->applyTorque(w.torque);
        }
    }
    for (auto &entry : world->multibodies) {
        MultiBody &mb = entry.second;
        btMultiBody *body = mb.body.get();
        for (const TimedWrench &w : mb.wrenches) {
            if (w.link < 0) {
                body->addBaseForce(w.force);
                body->addBaseTorque(w.torque + (w.point - body->getBasePos()).cross(w.force));
            } else {
                btVector3 origin = body->localPosToWorld(w.link, btVector3(0, 0, 0));
                body->addLinkForce(w.link, w.force);
                body->addLinkTorque(w.link, w.torque + (w.point - origin).cross(w.force));
            }
        }
        // Torque commands (springs and dampers are solver rows, see JointSprings.cpp).
        for (int link = 0; link < (int)mb.joints.size(); ++link) {
            Joint &joint = mb.joints[link];
            double torque = 0;
            if (joint.dofCount > 0 && joint.control.mode == TGB_CONTROL_TORQUE) {
                double limit = joint.control.max_force > 0 ? joint.control.max_force : joint.maxEffort;
                torque = joint.control.torque;
                if (limit > 0) torque = std::max(-limit, std::min(limit, torque));
                if (torque != 0) body->addJointTorqueMultiDof(link, 0, torque);
            }
            joint.commandedTorque = torque;
        }
    }
}

static void afterStep(tgb_world *world) {
    for (auto &entry : world->bodies) decayWrenches(entry.second.wrenches);
    for (auto &entry : world->multibodies) decayWrenches(entry.second.wrenches);
    world->stepCount += 1;
    world->simulatedTime += world->settings.time_step;
}

static int stepOnce(tgb_world *world) {
    applyStepInputs(world);
    world->dynamics->stepSimulation(world->settings.time_step, 0, world->settings.time_step);
    afterStep(world);
    return TGB_OK;
}

} // namespace tgb

using namespace tgb;

// MARK: C API

extern "C" const char *tgb_last_error(void) { return lastError.c_str(); }

extern "C" int tgb_bullet_version(void) { return btGetVersion(); }

extern "C" int tgb_bullet_double_precision(void) { return btIsDoublePrecision() ? 1 : 0; }

extern "C" void tgb_world_settings_default(tgb_world_settings *out) {
    if (out == nullptr) return;
    *out = tgb_world_settings{};
    out->gravity = tgb_vec3{0, 0, -9.81};
    out->time_step = 1.0 / 240.0;
    out->solver_iterations = 50;
    out->contact_erp = 0.2;
    out->contact_cfm = 0;
    out->split_impulse = 1;
    out->split_impulse_penetration_threshold = -0.04;
    out->split_impulse_erp = 0.1;
    out->solver_residual_threshold = 0;
}

extern "C" int tgb_world_create(const tgb_world_settings *settings, tgb_world **out_world) {
    return guarded(__func__, [&]() -> int {
        if (out_world == nullptr) return fail(TGB_ERR_INVALID_ARGUMENT, "out_world is NULL");
        *out_world = nullptr;
        if (int status = checkSettings(settings)) return status;
        auto world = std::make_unique<tgb_world>();
        world->settings = *settings;
        world->configuration = std::make_unique<btDefaultCollisionConfiguration>();
        // Convex-against-plane makes one contact point per step by default; a box sliding on a
        // floor plane then keeps losing its manifold, rocks and slides ~25 % short of Coulomb's
        // law. Perturbed queries fill the manifold (3+ points) whenever it runs low.
        world->configuration->setPlaneConvexMultipointIterations();
        world->dispatcher = std::make_unique<PlaneSkippingDispatcher>(world->configuration.get());
        // The simple broadphase keeps exactly the pairs whose boxes overlap now, so the pair
        // set is a function of the state and not of its history (needed for bit-exact restore).
        // Its proxy array is allocated and touched in full here, so its size is paid at
        // every world build (every episode reset): 65536 proxies cost ~7 MB and ~1 ms, 8192 ~0.2 ms.
        world->broadphase = std::make_unique<PairTableBroadphase>(maxColliders);
        world->solver = std::make_unique<RowSolver>();
        world->dynamics = std::make_unique<CanonicalWorld>(world->dispatcher.get(), world->broadphase.get(),
                                                           world->solver.get(), world->configuration.get());
        world->solver->clock = &world->dynamics->solveCount;
        world->dispatcher->reference = &world->solver->reference;
        // Compound against compound goes through the plain compound algorithm, whose child
        // algorithms are public and so can be named in snapshots.
        world->compoundCreateFunc = std::make_unique<btCompoundCollisionAlgorithm::CreateFunc>();
        world->dispatcher->registerCollisionCreateFunc(COMPOUND_SHAPE_PROXYTYPE, COMPOUND_SHAPE_PROXYTYPE,
                                                       world->compoundCreateFunc.get());
        world->dynamics->getDispatchInfo().m_deterministicOverlappingPairs = true;
        // Friction direction caching lets conveyor contacts keep the belt direction they were
        // given (other contacts are never flagged and get Bullet's own directions).
        world->dynamics->getSolverInfo().m_solverMode |= SOLVER_USE_2_FRICTION_DIRECTIONS | SOLVER_ENABLE_FRICTION_DIRECTION_CACHING;
        applySettings(world.get());
        *out_world = world.release();
        return TGB_OK;
    });
}

extern "C" void tgb_world_destroy(tgb_world *world) {
    if (world == nullptr) return;
    try {
        btMultiBodyDynamicsWorld *dynamics = world->dynamics.get();
        for (auto &entry : world->multibodies) {
            MultiBody &mb = entry.second;
            for (auto &constraint : mb.constraints) dynamics->removeMultiBodyConstraint(constraint.get());
            for (auto &collider : mb.colliders)
                if (collider) dynamics->removeCollisionObject(collider.get());
            dynamics->removeMultiBody(mb.body.get());
        }
        for (auto &entry : world->bodies) dynamics->removeRigidBody(entry.second.body.get());
    } catch (...) {
    }
    delete world;
}

extern "C" int tgb_world_get_settings(const tgb_world *world, tgb_world_settings *out) {
    if (int status = checkWorld(world)) return status;
    if (out == nullptr) return fail(TGB_ERR_INVALID_ARGUMENT, "out_settings is NULL");
    *out = world->settings;
    return TGB_OK;
}

extern "C" int tgb_world_set_settings(tgb_world *world, const tgb_world_settings *settings) {
    return guarded(__func__, [&]() -> int {
        if (int status = checkWorld(world)) return status;
        if (int status = checkSettings(settings)) return status;
        world->settings = *settings;
        applySettings(world);
        // Motor impulse caps scale with the time step.
        for (auto &entry : world->multibodies)
            for (int link = 0; link < (int)entry.second.joints.size(); ++link)
                applyJointControl(world, entry.second, link);
        return TGB_OK;
    });
}

extern "C" int tgb_world_set_reference_solver(tgb_world *world, int32_t reference) {
    if (int status = checkWorld(world)) return status;
    if (reference != 0 && reference != 1)
        return fail(TGB_ERR_INVALID_ARGUMENT, "reference solver must be 0 or 1, got " + std::to_string(reference));
    world->solver->reference = reference == 1;
    return TGB_OK;
}

extern "C" int tgb_set_wide_arithmetic(int32_t enabled) {
    if (enabled != 0 && enabled != 1)
        return fail(TGB_ERR_INVALID_ARGUMENT, "wide arithmetic must be 0 or 1, got " + std::to_string(enabled));
    wideArithmetic.store(enabled == 1 && processorHasAvx, std::memory_order_relaxed);
    return TGB_OK;
}

extern "C" int tgb_wide_arithmetic(void) { return wideArithmetic.load(std::memory_order_relaxed) ? 1 : 0; }

extern "C" int tgb_world_set_joint_warm_start(tgb_world *world, double fraction, int32_t rows) {
    if (int status = checkWorld(world)) return status;
    if (!allFinite(fraction) || fraction < 0 || fraction > 1)
        return fail(TGB_ERR_INVALID_ARGUMENT, "joint warm start must be a fraction in [0, 1], got " + std::to_string(fraction));
    if (rows != TGB_WARM_START_ALL && rows != TGB_WARM_START_GEARED)
        return fail(TGB_ERR_INVALID_ARGUMENT, "joint warm start rows must be TGB_WARM_START_ALL (0) or TGB_WARM_START_GEARED (1), got " +
                                                  std::to_string(rows));
    world->solver->warmStart = fraction;
    world->solver->warmStartScope = rows;
    return TGB_OK;
}

extern "C" int tgb_world_get_joint_warm_start(const tgb_world *world, double *out_fraction, int32_t *out_rows) {
    if (int status = checkWorld(world)) return status;
    if (out_fraction == nullptr) return fail(TGB_ERR_INVALID_ARGUMENT, "out_fraction is NULL");
    *out_fraction = world->solver->warmStart;
    if (out_rows) *out_rows = world->solver->warmStartScope;
    return TGB_OK;
}

extern "C" int tgb_world_step(tgb_world *world, int32_t steps) {
    return guarded(__func__, [&]() -> int {
        if (int status = checkWorld(world)) return status;
        if (steps < 0) return fail(TGB_ERR_INVALID_ARGUMENT, "steps must be >= 0, got " + std::to_string(steps));
        for (int32_t i = 0; i < steps; ++i) stepOnce(world);
        return TGB_OK;
    });
}

extern "C" int tgb_world_step_timed(tgb_world *world, int32_t steps, double *out_seconds) {
    return guarded(__func__, [&]() -> int {
        if (int status = checkWorld(world)) return status;
        if (steps < 0) return fail(TGB_ERR_INVALID_ARGUMENT, "steps must be >= 0");
        auto start = std::chrono::steady_clock::now();
        for (int32_t i = 0; i < steps; ++i) stepOnce(world);
        auto end = std::chrono::steady_clock::now();
        if (out_seconds) *out_seconds = std::chrono::duration<double>(end - start).count();
        return TGB_OK;
    });
}

extern "C" int tgb_world_time(const tgb_world *world, double *out_seconds, int64_t *out_steps) {
    if (int status = checkWorld(world)) return status;
    if (out_seconds) *out_seconds = world->simulatedTime;
    if (out_steps) *out_steps = world->stepCount;
    return TGB_OK;
}
