// Snapshots: the complete dynamic state of a world as bytes, restored bit for bit.
//
// What "complete" means here: body and joint states, controls and timed wrenches, the
// collider transforms, the solver's random seed and every contact manifold with all its
// cached points (warm-start impulses included). Restoring rebuilds the pair cache from the
// current boxes (the pair set depends only on state, see World.cpp) and then overwrites
// the fresh manifolds with the saved ones, matched by their canonical key.
//
// With joint warm start on (tgb_world_set_joint_warm_start) a snapshot also carries each
// warm-started constraint's last impulses (version 3); without it, version 2 as before.
//
// Integrity: a snapshot carries a fingerprint of how its world was built and ends with an
// FNV-1a checksum of all its bytes; restore checks both before it reads any state.
#include "ShimInternal.hpp"

#include <algorithm>
#include <cstring>
#include <tuple>

using namespace tgb;

namespace {

const uint32_t snapshotMagic = 0x53424754;  // "TGBS"
const uint32_t snapshotVersion = 2;  // 2: build fingerprint and closing checksum
const uint32_t warmSnapshotVersion = 3;  // 3: version 2 and the warm-start impulses

// MARK: Byte writer and reader

struct Writer {
    std::vector<uint8_t> bytes;
    template <typename T> void put(const T &value) {
        const uint8_t *raw = reinterpret_cast<const uint8_t *>(&value);
        bytes.insert(bytes.end(), raw, raw + sizeof(T));
    }
    void vector(const btVector3 &v) { put(v.x()); put(v.y()); put(v.z()); }
    void quaternion(const btQuaternion &q) { put(q.x()); put(q.y()); put(q.z()); put(q.w()); }
    void transform(const btTransform &t) {
        for (int row = 0; row < 3; ++row) vector(t.getBasis()[row]);
        vector(t.getOrigin());
    }
};

struct Reader {
    const uint8_t *bytes;
    size_t size;
    size_t offset = 0;
    bool ok = true;
    template <typename T> T get() {
        T value{};
        if (!ok || offset + sizeof(T) > size) {
            ok = false;
            return value;
        }
        std::memcpy(&value, bytes + offset, sizeof(T));
        offset += sizeof(T);
        return value;
    }
    btVector3 vector() { double x = get<double>(), y = get<double>(), z = get<double>(); return btVector3(x, y, z); }
    btQuaternion quaternion() {
        double x = get<double>(), y = get<double>(), z = get<double>(), w = get<double>();
        return btQuaternion(x, y, z, w);
    }
    btTransform transform() {
        btVector3 r0 = vector(), r1 = vector(), r2 = vector(), origin = vector();
        return btTransform(btMatrix3x3(r0.x(), r0.y(), r0.z(), r1.x(), r1.y(), r1.z(), r2.x(), r2.y(), r2.z()), origin);
    }
};

// MARK: Pieces

void writeWrenches(Writer &w, const std::vector<TimedWrench> &wrenches) {
    w.put<int32_t>((int32_t)wrenches.size());
    for (const TimedWrench &wrench : wrenches) {
        w.put(wrench.link);
        w.vector(wrench.force);
        w.vector(wrench.point);
        w.vector(wrench.torque);
        w.put(wrench.stepsLeft);
    }
}

bool readWrenches(Reader &r, std::vector<TimedWrench> &wrenches) {
    int32_t count = r.get<int32_t>();
    if (!r.ok || count < 0 || (size_t)count > r.size) return false;
    wrenches.clear();
    for (int32_t i = 0; i < count; ++i) {
        TimedWrench wrench;
        wrench.link = r.get<int32_t>();
        wrench.force = r.vector();
        wrench.point = r.vector();
        wrench.torque = r.vector();
        wrench.stepsLeft = r.get<int64_t>();
        wrenches.push_back(wrench);
    }
    return r.ok;
}

// Field by field: the struct has padding bytes whose values are undefined.
void writeControl(Writer &w, const tgb_joint_control &c) {
    w.put(c.mode);
    w.put(c.target_position);
    w.put(c.target_velocity);
    w.put(c.torque);
    w.put(c.position_gain);
    w.put(c.velocity_gain);
    w.put(c.max_force);
}

tgb_joint_control readControl(Reader &r) {
    tgb_joint_control c{};
    c.mode = r.get<int32_t>();
    c.target_position = r.get<double>();
    c.target_velocity = r.get<double>();
    c.torque = r.get<double>();
    c.position_gain = r.get<double>();
    c.velocity_gain = r.get<double>();
    c.max_force = r.get<double>();
    return c;
}

void writePoint(Writer &w, const btManifoldPoint &p) {
    w.vector(p.m_localPointA);
    w.vector(p.m_localPointB);
    w.vector(p.m_positionWorldOnB);
    w.vector(p.m_positionWorldOnA);
    w.vector(p.m_normalWorldOnB);
    w.put(p.m_distance1);
    w.put(p.m_combinedFriction);
    w.put(p.m_combinedRollingFriction);
    w.put(p.m_combinedSpinningFriction);
    w.put(p.m_combinedRestitution);
    w.put<int32_t>(p.m_partId0);
    w.put<int32_t>(p.m_partId1);
    w.put<int32_t>(p.m_index0);
    w.put<int32_t>(p.m_index1);
    w.put<int32_t>(p.m_contactPointFlags);
    w.put(p.m_appliedImpulse);
    w.put(p.m_prevRHS);
    w.put(p.m_appliedImpulseLateral1);
    w.put(p.m_appliedImpulseLateral2);
    w.put(p.m_contactMotion1);
    w.put(p.m_contactMotion2);
    w.put(p.m_contactCFM);
    w.put(p.m_contactERP);
    w.put(p.m_frictionCFM);
    w.put<int32_t>(p.m_lifeTime);
    w.vector(p.m_lateralFrictionDir1);
    w.vector(p.m_lateralFrictionDir2);
}

btManifoldPoint readPoint(Reader &r) {
    btManifoldPoint p;
    p.m_localPointA = r.vector();
    p.m_localPointB = r.vector();
    p.m_positionWorldOnB = r.vector();
    p.m_positionWorldOnA = r.vector();
    p.m_normalWorldOnB = r.vector();
    p.m_distance1 = r.get<double>();
    p.m_combinedFriction = r.get<double>();
    p.m_combinedRollingFriction = r.get<double>();
    p.m_combinedSpinningFriction = r.get<double>();
    p.m_combinedRestitution = r.get<double>();
    p.m_partId0 = r.get<int32_t>();
    p.m_partId1 = r.get<int32_t>();
    p.m_index0 = r.get<int32_t>();
    p.m_index1 = r.get<int32_t>();
    p.m_contactPointFlags = r.get<int32_t>();
    p.m_appliedImpulse = r.get<double>();
    p.m_prevRHS = r.get<double>();
    p.m_appliedImpulseLateral1 = r.get<double>();
    p.m_appliedImpulseLateral2 = r.get<double>();
    p.m_contactMotion1 = r.get<double>();
    p.m_contactMotion2 = r.get<double>();
    p.m_contactCFM = r.get<double>();
    p.m_contactERP = r.get<double>();
    p.m_frictionCFM = r.get<double>();
    p.m_lifeTime = r.get<int32_t>();
    p.m_lateralFrictionDir1 = r.vector();
    p.m_lateralFrictionDir2 = r.vector();
    p.m_userPersistentData = nullptr;
    return p;
}

// MARK: Integrity

// FNV-1a 64: the checksum that closes every snapshot, and the hash of the build fingerprint.
struct Fnv {
    uint64_t hash = 0xcbf29ce484222325ull;
    void bytes(const void *data, size_t count) {
        const uint8_t *raw = static_cast<const uint8_t *>(data);
        for (size_t i = 0; i < count; ++i) hash = (hash ^ raw[i]) * 0x100000001b3ull;
    }
    template <typename T> void put(const T &value) { bytes(&value, sizeof(T)); }
    void vector(const btVector3 &v) { put(v.x()); put(v.y()); put(v.z()); }
    void shape(const btCollisionShape *shape) {
        put<int32_t>(shape->getShapeType());
        put(shape->getMargin());
        btVector3 low, high;
        shape->getAabb(btTransform::getIdentity(), low, high);
        vector(low);
        vector(high);
        if (shape->getShapeType() == STATIC_PLANE_PROXYTYPE) {
            const auto *plane = static_cast<const btStaticPlaneShape *>(shape);
            vector(plane->getPlaneNormal());
            put(plane->getPlaneConstant());
        }
    }
};

// What the world is built of, as opposed to what it is doing: body kinds, shapes, masses and
// inertias, joint geometry and parameters, constraint counts. Restore refuses a snapshot
// whose fingerprint differs, even when the counts of bodies and links agree.
uint64_t buildFingerprint(const tgb_world *world) {
    Fnv f;
    for (const auto &entry : world->bodies) {
        const btRigidBody *body = entry.second.body.get();
        f.put(entry.first);
        f.put(entry.second.kind);
        f.shape(body->getCollisionShape());
        f.put(body->getInvMass());
        f.vector(body->getInvInertiaDiagLocal());
    }
    for (const auto &entry : world->multibodies) {
        const MultiBody &mb = entry.second;
        const btMultiBody *body = mb.body.get();
        f.put(entry.first);
        f.put<int32_t>(body->hasFixedBase() ? 1 : 0);
        f.put(body->getBaseMass());
        f.vector(body->getBaseInertia());
        f.put<int32_t>((int32_t)mb.constraints.size());
        for (const auto &collider : mb.colliders) {
            f.put<int32_t>(collider ? 1 : 0);
            if (collider) f.shape(collider->getCollisionShape());
        }
        for (int link = 0; link < (int)mb.joints.size(); ++link) {
            const btMultibodyLink &l = body->getLink(link);
            f.put<int32_t>(l.m_parent);
            f.put<int32_t>((int32_t)l.m_jointType);
            f.put(l.m_mass);
            f.vector(l.m_inertiaLocal);
            f.vector(l.m_dVector);
            f.vector(l.m_eVector);
            const btQuaternion &zero = l.m_zeroRotParentToThis;
            f.put(zero.x()); f.put(zero.y()); f.put(zero.z()); f.put(zero.w());
            for (int dof = 0; dof < l.m_dofCount; ++dof) {
                f.vector(l.getAxisTop(dof));
                f.vector(l.getAxisBottom(dof));
            }
            f.put(mb.joints[link].damping);
            f.put(mb.joints[link].stiffness);
            f.put(mb.joints[link].springReference);
            f.put(mb.joints[link].friction);
            f.put(mb.joints[link].maxEffort);
            f.put(mb.joints[link].maxVelocity);
        }
    }
    return f.hash;
}

using ColliderKey = std::tuple<int32_t, int32_t, int32_t, int32_t, int32_t, int32_t>;

// Every manifold of the world, named by the pair of colliders (in pair-cache order) and
// the child indices of compound shapes on each side. The name comes from where the
// manifold sits in the tree of collision algorithms, so empty manifolds are named too.
void collectManifolds(btCollisionAlgorithm *algorithm, const btCollisionShape *shape0, const btCollisionShape *shape1,
                      const ColliderKey &pairKey, int32_t child0, int32_t child1,
                      std::vector<std::pair<ColliderKey, btPersistentManifold *>> &out) {
    if (algorithm == nullptr) return;
    if (shape0->isCompound()) {
        auto *compound = static_cast<btCompoundCollisionAlgorithm *>(algorithm);
        const auto *shape = static_cast<const btCompoundShape *>(shape0);
        for (int i = 0; i < shape->getNumChildShapes(); ++i)
            collectManifolds(compound->getChildAlgorithm(i), shape->getChildShape(i), shape1, pairKey, i, child1, out);
        return;
    }
    if (shape1->isCompound()) {
        auto *compound = static_cast<btCompoundCollisionAlgorithm *>(algorithm);
        const auto *shape = static_cast<const btCompoundShape *>(shape1);
        for (int i = 0; i < shape->getNumChildShapes(); ++i)
            collectManifolds(compound->getChildAlgorithm(i), shape0, shape->getChildShape(i), pairKey, child0, i, out);
        return;
    }
    btManifoldArray manifolds;
    algorithm->getAllContactManifolds(manifolds);
    for (int m = 0; m < manifolds.size(); ++m) {
        ColliderKey key = pairKey;
        std::get<4>(key) = child0;
        std::get<5>(key) = child1;
        out.emplace_back(key, manifolds[m]);
    }
}

std::vector<std::pair<ColliderKey, btPersistentManifold *>> namedManifolds(const tgb_world *world) {
    std::vector<std::pair<ColliderKey, btPersistentManifold *>> out;
    btBroadphasePairArray &pairs = world->broadphase->getOverlappingPairCache()->getOverlappingPairArray();
    for (int i = 0; i < pairs.size(); ++i) {
        const auto *a = static_cast<const btCollisionObject *>(pairs[i].m_pProxy0->m_clientObject);
        const auto *b = static_cast<const btCollisionObject *>(pairs[i].m_pProxy1->m_clientObject);
        ColliderKey pairKey(objectIdOf(a), linkOf(a), objectIdOf(b), linkOf(b), -1, -1);
        collectManifolds(pairs[i].m_algorithm, a->getCollisionShape(), b->getCollisionShape(), pairKey, -1, -1, out);
    }
    std::sort(out.begin(), out.end(), [](const auto &l, const auto &r) { return l.first < r.first; });
    return out;
}

// The warm-started constraints of a multibody (joint motors, friction, gears), in order.
std::vector<WarmStarted *> warmStartedOf(const MultiBody &mb) {
    std::vector<WarmStarted *> out;
    for (const auto &constraint : mb.constraints)
        if (auto *memory = dynamic_cast<WarmStarted *>(constraint.get())) out.push_back(memory);
    return out;
}

struct SavedManifold {
    ColliderKey key;
    std::vector<btManifoldPoint> points;
};

} // namespace

// MARK: Snapshot

extern "C" int tgb_world_snapshot(const tgb_world *world, uint8_t **out_bytes, int64_t *out_size) {
    return guarded(__func__, [&]() -> int {
        if (int status = checkWorld(world)) return status;
        if (out_bytes == nullptr || out_size == nullptr) return fail(TGB_ERR_INVALID_ARGUMENT, "out_bytes or out_size is NULL");
        Writer w;
        const bool warm = world->solver->warmStart > 0;
        w.put(snapshotMagic);
        w.put(warm ? warmSnapshotVersion : snapshotVersion);
        w.put(buildFingerprint(world));
        w.put(world->stepCount);
        w.put(world->simulatedTime);
        w.put<uint64_t>(world->solver->getRandSeed());

        w.put<int32_t>((int32_t)world->bodies.size());
        for (const auto &entry : world->bodies) {
            const btRigidBody *body = entry.second.body.get();
            w.put(entry.first);
            w.transform(body->getWorldTransform());
            w.transform(body->getInterpolationWorldTransform());
            w.vector(body->getLinearVelocity());
            w.vector(body->getAngularVelocity());
            w.vector(body->getInterpolationLinearVelocity());
            w.vector(body->getInterpolationAngularVelocity());
            w.put<int32_t>(body->getActivationState());
            w.put(body->getDeactivationTime());
            w.put(body->getHitFraction());
            writeWrenches(w, entry.second.wrenches);
        }

        w.put<int32_t>((int32_t)world->multibodies.size());
        for (const auto &entry : world->multibodies) {
            const MultiBody &mb = entry.second;
            const btMultiBody *body = mb.body.get();
            w.put(entry.first);
            w.put<int32_t>((int32_t)mb.joints.size());
            w.vector(body->getBasePos());
            w.quaternion(body->getWorldToBaseRot());
            w.vector(body->getBaseVel());
            w.vector(body->getBaseOmega());
            for (int link = 0; link < (int)mb.joints.size(); ++link) {
                const btMultibodyLink &l = body->getLink(link);
                const btScalar *q = body->getJointPosMultiDof(link);
                const btScalar *v = body->getJointVelMultiDof(link);
                w.put<int32_t>(l.m_posVarCount);
                for (int k = 0; k < l.m_posVarCount; ++k) w.put(q[k]);
                for (int k = 0; k < l.m_dofCount; ++k) w.put(v[k]);
                writeControl(w, mb.joints[link].control);
                w.put(mb.joints[link].commandedTorque);
            }
            for (const auto &collider : mb.colliders) {
                w.put<uint8_t>(collider ? 1 : 0);
                if (!collider) continue;
                w.transform(collider->getWorldTransform());
                w.transform(collider->getInterpolationWorldTransform());
            }
            writeWrenches(w, mb.wrenches);
        }

        btDispatcher *dispatcher = world->dispatcher.get();
        // Contact caches, by name; empty manifolds carry no state and are left out.
        auto manifolds = namedManifolds(world);
        int32_t nonEmpty = 0;
        for (const auto &entry : manifolds)
            if (entry.second->getNumContacts() > 0) ++nonEmpty;
        w.put<int32_t>(nonEmpty);
        for (const auto &entry : manifolds) {
            const btPersistentManifold *manifold = entry.second;
            if (manifold->getNumContacts() == 0) continue;
            const ColliderKey &key = entry.first;
            w.put<int32_t>(std::get<0>(key));
            w.put<int32_t>(std::get<1>(key));
            w.put<int32_t>(std::get<2>(key));
            w.put<int32_t>(std::get<3>(key));
            w.put<int32_t>(std::get<4>(key));
            w.put<int32_t>(std::get<5>(key));
            w.put<int32_t>(manifold->getNumContacts());
            for (int p = 0; p < manifold->getNumContacts(); ++p) writePoint(w, manifold->getContactPoint(p));
        }
        // Warm start: per constraint, whether it made rows in the last solve, and its impulses.
        if (warm)
            for (const auto &entry : world->multibodies)
                for (const WarmStarted *memory : warmStartedOf(entry.second)) {
                    w.put<uint8_t>(memory->solvedAt == world->dynamics->solveCount ? 1 : 0);
                    w.put<int32_t>((int32_t)memory->impulses.size());
                    for (double impulse : memory->impulses) w.put(impulse);
                }

        Fnv checksum;  // closes the snapshot: any corrupted or missing byte changes it
        checksum.bytes(w.bytes.data(), w.bytes.size());
        w.put(checksum.hash);

        uint8_t *bytes = static_cast<uint8_t *>(std::malloc(std::max<size_t>(1, w.bytes.size())));
        if (bytes == nullptr) return fail(TGB_ERR_INTERNAL, "snapshot: out of memory");
        std::memcpy(bytes, w.bytes.data(), w.bytes.size());
        *out_bytes = bytes;
        *out_size = (int64_t)w.bytes.size();
        return TGB_OK;
    });
}

extern "C" void tgb_bytes_free(uint8_t *bytes) { std::free(bytes); }

// MARK: Restore

namespace {

int bad(const std::string &message) { return fail(TGB_ERR_BAD_SNAPSHOT, "snapshot does not fit this world: " + message); }

// Rebuilds every pair and collision algorithm from the current state, then gives each
// manifold the points saved under its name (and none when nothing was saved).
void restoreContacts(tgb_world *world, const std::vector<SavedManifold> &saved) {
    btOverlappingPairCache *cache = world->broadphase->getOverlappingPairCache();
    btBroadphasePairArray pairs = cache->getOverlappingPairArray();  // a copy: removal edits the original
    for (int i = 0; i < pairs.size(); ++i)
        cache->removeOverlappingPair(pairs[i].m_pProxy0, pairs[i].m_pProxy1, world->dispatcher.get());
    world->dynamics->performDiscreteCollisionDetection();

    std::map<ColliderKey, const SavedManifold *> byKey;
    for (const SavedManifold &manifold : saved) byKey[manifold.key] = &manifold;
    for (const auto &entry : namedManifolds(world)) {
        btPersistentManifold *manifold = entry.second;
        manifold->clearManifold();
        auto found = byKey.find(entry.first);
        if (found == byKey.end()) continue;
        for (const btManifoldPoint &point : found->second->points) manifold->addManifoldPoint(point);
    }
    world->dynamics->sortManifolds();
}

} // namespace

extern "C" int tgb_world_restore(tgb_world *world, const uint8_t *bytes, int64_t size) {
    return guarded(__func__, [&]() -> int {
        if (int status = checkWorld(world)) return status;
        if (bytes == nullptr || size < 16) return bad("empty or truncated");
        // The closing checksum first: no corrupted or truncated byte is ever interpreted.
        Fnv checksum;
        checksum.bytes(bytes, (size_t)size - 8);
        uint64_t stored = 0;
        std::memcpy(&stored, bytes + size - 8, sizeof(stored));
        if (stored != checksum.hash) return bad("checksum mismatch: the bytes are corrupted or truncated");
        Reader r{bytes, (size_t)size - 8};
        if (r.get<uint32_t>() != snapshotMagic) return bad("not a TrainingGround snapshot (bad magic)");
        const uint32_t version = r.get<uint32_t>();
        if (version != snapshotVersion && version != warmSnapshotVersion) return bad("unsupported snapshot version");
        if (r.get<uint64_t>() != buildFingerprint(world))
            return bad("taken from a differently built world (shapes, masses, joints or constraints differ)");
        int64_t stepCount = r.get<int64_t>();
        double simulatedTime = r.get<double>();
        uint64_t seed = r.get<uint64_t>();

        // Read everything into staging records first, so a bad snapshot changes nothing.
        struct BodyState {
            btRigidBody *body;
            btTransform transform, interpolation;
            btVector3 linear, angular, interpolationLinear, interpolationAngular;
            int32_t activation;
            double deactivation, hitFraction;
            std::vector<TimedWrench> wrenches;
        };
        std::vector<BodyState> bodies;
        int32_t bodyCount = r.get<int32_t>();
        if (!r.ok || bodyCount != (int32_t)world->bodies.size()) return bad("rigid body count differs");
        for (int32_t i = 0; i < bodyCount; ++i) {
            int32_t id = r.get<int32_t>();
            auto found = world->bodies.find(id);
            if (!r.ok || found == world->bodies.end()) return bad("rigid body " + std::to_string(id) + " is not in this world");
            BodyState s;
            s.body = found->second.body.get();
            s.transform = r.transform();
            s.interpolation = r.transform();
            s.linear = r.vector();
            s.angular = r.vector();
            s.interpolationLinear = r.vector();
            s.interpolationAngular = r.vector();
            s.activation = r.get<int32_t>();
            s.deactivation = r.get<double>();
            s.hitFraction = r.get<double>();
            if (!readWrenches(r, s.wrenches)) return bad("truncated wrench list");
            bodies.push_back(std::move(s));
        }

        struct LinkState { std::vector<double> q, v; tgb_joint_control control; double commandedTorque; };
        struct MultiBodyState {
            MultiBody *mb;
            btVector3 basePos, baseVel, baseOmega;
            btQuaternion worldToBase;
            std::vector<LinkState> links;
            std::vector<std::pair<btTransform, btTransform>> colliders;
            std::vector<TimedWrench> wrenches;
        };
        std::vector<MultiBodyState> multibodies;
        int32_t multibodyCount = r.get<int32_t>();
        if (!r.ok || multibodyCount != (int32_t)world->multibodies.size()) return bad("multibody count differs");
        for (int32_t i = 0; i < multibodyCount; ++i) {
            int32_t id = r.get<int32_t>();
            auto found = world->multibodies.find(id);
            if (!r.ok || found == world->multibodies.end()) return bad("multibody " + std::to_string(id) + " is not in this world");
            MultiBodyState s;
            s.mb = &found->second;
            int32_t linkCount = r.get<int32_t>();
            if (linkCount != (int32_t)s.mb->joints.size()) return bad("multibody " + std::to_string(id) + " has another link count");
            s.basePos = r.vector();
            s.worldToBase = r.quaternion();
            s.baseVel = r.vector();
            s.baseOmega = r.vector();
            for (int link = 0; link < linkCount; ++link) {
                const btMultibodyLink &l = s.mb->body->getLink(link);
                LinkState ls;
                if (r.get<int32_t>() != l.m_posVarCount) return bad("joint " + std::to_string(link) + " has another type");
                for (int k = 0; k < l.m_posVarCount; ++k) ls.q.push_back(r.get<double>());
                for (int k = 0; k < l.m_dofCount; ++k) ls.v.push_back(r.get<double>());
                ls.control = readControl(r);
                ls.commandedTorque = r.get<double>();
                s.links.push_back(ls);
            }
            for (const auto &collider : s.mb->colliders) {
                bool present = r.get<uint8_t>() != 0;
                if (present != (bool)collider) return bad("colliders differ");
                if (!present) continue;
                btTransform world = r.transform();
                btTransform interpolation = r.transform();
                s.colliders.emplace_back(world, interpolation);
            }
            if (!readWrenches(r, s.wrenches)) return bad("truncated wrench list");
            multibodies.push_back(std::move(s));
        }

        std::vector<SavedManifold> manifolds;
        int32_t manifoldCount = r.get<int32_t>();
        if (!r.ok || manifoldCount < 0) return bad("truncated contact list");
        for (int32_t m = 0; m < manifoldCount; ++m) {
            int32_t ids[6];
            for (int32_t &value : ids) value = r.get<int32_t>();
            int32_t pointCount = r.get<int32_t>();
            if (!r.ok || pointCount < 0 || pointCount > MANIFOLD_CACHE_SIZE) return bad("corrupt contact manifold");
            SavedManifold saved;
            for (int32_t p = 0; p < pointCount; ++p) saved.points.push_back(readPoint(r));
            saved.key = ColliderKey(ids[0], ids[1], ids[2], ids[3], ids[4], ids[5]);
            manifolds.push_back(std::move(saved));
        }
        struct WarmState { WarmStarted *memory; bool live; std::vector<double> impulses; };
        std::vector<WarmState> warmStates;
        for (const auto &entry : world->multibodies)
            for (WarmStarted *memory : warmStartedOf(entry.second)) warmStates.push_back({memory, false, {}});
        if (version == warmSnapshotVersion)
            for (WarmState &state : warmStates) {
                state.live = r.get<uint8_t>() != 0;
                int32_t count = r.get<int32_t>();
                if (!r.ok || count < 0 || count > 6) return bad("corrupt warm-start impulses");
                for (int32_t k = 0; k < count; ++k) state.impulses.push_back(r.get<double>());
            }
        if (!r.ok) return bad("truncated");
        if (r.offset != r.size) return bad("trailing bytes");

        // Apply: nothing above changed the world.
        world->stepCount = stepCount;
        world->simulatedTime = simulatedTime;
        world->solver->setRandSeed((unsigned long)seed);
        for (BodyState &s : bodies) {
            s.body->setWorldTransform(s.transform);
            s.body->updateInertiaTensor();  // world inertia is a function of the pose, as after a step
            s.body->setInterpolationWorldTransform(s.interpolation);
            s.body->setLinearVelocity(s.linear);
            s.body->setAngularVelocity(s.angular);
            s.body->setInterpolationLinearVelocity(s.interpolationLinear);
            s.body->setInterpolationAngularVelocity(s.interpolationAngular);
            s.body->forceActivationState(s.activation);
            s.body->setDeactivationTime(s.deactivation);
            s.body->setHitFraction(s.hitFraction);
            s.body->clearForces();
            world->bodies[objectIdOf(s.body)].wrenches = s.wrenches;
        }
        for (MultiBodyState &s : multibodies) {
            btMultiBody *body = s.mb->body.get();
            body->setBasePos(s.basePos);
            body->setWorldToBaseRot(s.worldToBase);
            body->setBaseVel(s.baseVel);
            body->setBaseOmega(s.baseOmega);
            for (int link = 0; link < (int)s.links.size(); ++link) {
                LinkState &ls = s.links[link];
                if (!ls.q.empty()) body->setJointPosMultiDof(link, ls.q.data());
                if (!ls.v.empty()) body->setJointVelMultiDof(link, ls.v.data());
                s.mb->joints[link].control = ls.control;
                s.mb->joints[link].commandedTorque = ls.commandedTorque;
            }
            body->clearForcesAndTorques();
            refreshMultiBodyTransforms(world, *s.mb);
            size_t next = 0;
            for (auto &collider : s.mb->colliders) {
                if (!collider) continue;
                collider->setWorldTransform(s.colliders[next].first);
                collider->setInterpolationWorldTransform(s.colliders[next].second);
                ++next;
            }
            s.mb->wrenches = s.wrenches;
            for (int link = 0; link < (int)s.links.size(); ++link) applyJointControl(world, *s.mb, link);
        }
        // Warm start: a constraint that made rows in the snapshot's last solve counts as having
        // made them in this world's last one; the rest (all of them in a version 2 snapshot)
        // start their next rows at zero.
        for (WarmState &state : warmStates) {
            state.memory->impulses = state.impulses;
            state.memory->solvedAt = state.live ? world->dynamics->solveCount : WarmStarted::never;
        }
        restoreContacts(world, manifolds);
        return TGB_OK;
    });
}
