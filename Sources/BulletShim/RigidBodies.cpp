// Rigid bodies: static, dynamic and kinematic btRigidBody objects with their materials,
// state access and timed external wrenches.
#include "ShimInternal.hpp"

using namespace tgb;

namespace tgb {

void applyMaterial(btCollisionObject *object, const tgb_material &m) {
    object->setFriction(m.friction);
    object->setRollingFriction(m.rolling_friction);
    object->setSpinningFriction(m.spinning_friction);
    object->setRestitution(m.restitution);
}

int stepsFor(const tgb_world *world, double duration, int64_t *out_steps) {
    if (!allFinite(duration) || duration < 0)
        return fail(TGB_ERR_INVALID_ARGUMENT, "wrench duration must be finite and >= 0 s");
    double steps = std::ceil(duration / world->settings.time_step - 1e-9);
    *out_steps = std::max<int64_t>(1, (int64_t)std::min(steps, 1e15));
    return TGB_OK;
}

} // namespace tgb

extern "C" int tgb_body_create(tgb_world *world, const tgb_rigid_body_desc *desc, int32_t *out_body) {
    return guarded(__func__, [&]() -> int {
        if (int status = checkWorld(world)) return status;
        if (desc == nullptr || out_body == nullptr) return fail(TGB_ERR_INVALID_ARGUMENT, "desc or out_body is NULL");
        if (desc->kind < TGB_BODY_STATIC || desc->kind > TGB_BODY_KINEMATIC)
            return fail(TGB_ERR_INVALID_ARGUMENT, "body kind must be static (0), dynamic (1) or kinematic (2)");
        Shape *shape = findShape(world, desc->shape);
        if (shape == nullptr) return TGB_ERR_NOT_FOUND;
        if (int status = checkPose(desc->pose, "body pose")) return status;
        if (int status = checkMaterial(desc->material, "body material")) return status;
        if (!allFinite(desc->linear_damping) || !allFinite(desc->angular_damping) || desc->linear_damping < 0 ||
            desc->linear_damping > 1 || desc->angular_damping < 0 || desc->angular_damping > 1)
            return fail(TGB_ERR_INVALID_ARGUMENT, "body damping must be in [0, 1]");

        bool dynamic = desc->kind == TGB_BODY_DYNAMIC;
        double mass = 0;
        btVector3 inertia(0, 0, 0);
        if (dynamic) {
            if (shape->staticOnly)
                return fail(TGB_ERR_INVALID_ARGUMENT, "planes and triangle meshes can only be static or kinematic bodies");
            if (!allFinite(desc->mass) || desc->mass <= 0)
                return fail(TGB_ERR_INVALID_ARGUMENT, "a dynamic body needs a finite mass > 0 kg, got " + std::to_string(desc->mass));
            mass = desc->mass;
            if (int status = checkVector(desc->inertia, "body inertia")) return status;
            inertia = toBt(desc->inertia);
            if (inertia.isZero()) {
                shape->shape->calculateLocalInertia(mass, inertia);
            } else if (inertia.x() <= 0 || inertia.y() <= 0 || inertia.z() <= 0) {
                return fail(TGB_ERR_INVALID_ARGUMENT, "body inertia components must all be > 0 (or all 0 to compute them)");
            }
        }

        btRigidBody::btRigidBodyConstructionInfo info(mass, nullptr, shape->shape.get(), inertia);
        info.m_startWorldTransform = toBt(desc->pose);
        info.m_linearDamping = desc->linear_damping;
        info.m_angularDamping = desc->angular_damping;
        auto body = std::make_unique<btRigidBody>(info);
        applyMaterial(body.get(), desc->material);
        if (desc->kind == TGB_BODY_KINEMATIC) {
            body->setCollisionFlags(body->getCollisionFlags() | btCollisionObject::CF_KINEMATIC_OBJECT);
        }
        // No sleeping: a sleeping island wakes on history, which would break bit-exact restore.
        body->setActivationState(DISABLE_DEACTIVATION);

        if (int status = checkColliderRoom(world, 1)) return status;
        int32_t id = world->nextObjectId++;
        body->setUserIndex(id);
        body->setUserIndex2(-1);
        int group = desc->collision_group;
        int mask = desc->collision_mask;
        if (group == 0) group = dynamic ? btBroadphaseProxy::DefaultFilter : btBroadphaseProxy::StaticFilter;
        if (mask == 0) mask = dynamic ? btBroadphaseProxy::AllFilter : (btBroadphaseProxy::AllFilter ^ btBroadphaseProxy::StaticFilter);
        world->dynamics->addRigidBody(body.get(), group, mask);

        RigidBody &record = world->bodies[id];
        record.kind = desc->kind;
        record.body = std::move(body);
        *out_body = id;
        return TGB_OK;
    });
}

extern "C" int tgb_body_remove(tgb_world *world, int32_t id) {
    return guarded(__func__, [&]() -> int {
        if (int status = checkWorld(world)) return status;
        RigidBody *rigid = findBody(world, id);
        if (rigid == nullptr) return TGB_ERR_NOT_FOUND;
        world->dynamics->removeRigidBody(rigid->body.get());
        world->bodies.erase(id);
        return TGB_OK;
    });
}

extern "C" int tgb_body_get_state(const tgb_world *world, int32_t id, tgb_body_state *out) {
    if (int status = checkWorld(world)) return status;
    if (out == nullptr) return fail(TGB_ERR_INVALID_ARGUMENT, "out_state is NULL");
    RigidBody *rigid = findBody(world, id);
    if (rigid == nullptr) return TGB_ERR_NOT_FOUND;
    out->pose = fromBt(rigid->body->getWorldTransform());
    out->linear_velocity = fromBt(rigid->body->getLinearVelocity());
    out->angular_velocity = fromBt(rigid->body->getAngularVelocity());
    return TGB_OK;
}

extern "C" int tgb_body_set_pose(tgb_world *world, int32_t id, tgb_pose pose) {
    return guarded(__func__, [&]() -> int {
        if (int status = checkWorld(world)) return status;
        RigidBody *rigid = findBody(world, id);
        if (rigid == nullptr) return TGB_ERR_NOT_FOUND;
        if (int status = checkPose(pose, "body pose")) return status;
        btRigidBody *body = rigid->body.get();
        body->setWorldTransform(toBt(pose));
        if (rigid->kind != TGB_BODY_KINEMATIC) body->setInterpolationWorldTransform(toBt(pose));
        if (rigid->kind == TGB_BODY_STATIC) world->dynamics->updateSingleAabb(body);
        return TGB_OK;
    });
}

extern "C" int tgb_body_set_velocity(tgb_world *world, int32_t id, tgb_vec3 linear, tgb_vec3 angular) {
    return guarded(__func__, [&]() -> int {
        if (int status = checkWorld(world)) return status;
        RigidBody *rigid = findBody(world, id);
        if (rigid == nullptr) return TGB_ERR_NOT_FOUND;
        if (int status = checkVector(linear, "linear velocity")) return status;
        if (int status = checkVector(angular, "angular velocity")) return status;
        if (rigid->kind != TGB_BODY_DYNAMIC)
            return fail(TGB_ERR_INVALID_ARGUMENT, "only dynamic bodies take velocities (kinematic bodies move by pose)");
        rigid->body->setLinearVelocity(toBt(linear));
        rigid->body->setAngularVelocity(toBt(angular));
        return TGB_OK;
    });
}

extern "C" int tgb_body_set_material(tgb_world *world, int32_t id, tgb_material material) {
    if (int status = checkWorld(world)) return status;
    RigidBody *rigid = findBody(world, id);
    if (rigid == nullptr) return TGB_ERR_NOT_FOUND;
    if (int status = checkMaterial(material, "body material")) return status;
    applyMaterial(rigid->body.get(), material);
    return TGB_OK;
}

namespace {

// Contact-added callback: when one side is a conveyor surface, orient the first friction
// direction along the belt and ask the solver for the belt's speed along it. Bullet calls
// this for every new or refreshed point of a body flagged CF_CUSTOM_MATERIAL_CALLBACK; it
// reads only the bodies involved, so concurrent worlds in other threads are unaffected.
bool conveyorContactAdded(btManifoldPoint &point, const btCollisionObjectWrapper *wrap0, int, int,
                          const btCollisionObjectWrapper *wrap1, int, int) {
    const btCollisionObject *objects[2] = {wrap0->getCollisionObject(), wrap1->getCollisionObject()};
    for (int side = 0; side < 2; ++side) {
        const auto *velocity = static_cast<const btVector3 *>(objects[side]->getUserPointer());
        if (velocity == nullptr) continue;
        // Remove the normal component; what is left drives the part tangentially.
        btVector3 normal = point.m_normalWorldOnB;
        btVector3 tangent = *velocity - normal * normal.dot(*velocity);
        btScalar speed = tangent.length();
        if (speed < 1e-12) return true;
        btVector3 direction = tangent / speed;
        // The solver drives (v_a - v_b) along the direction toward m_contactMotion1; the belt
        // is body 1 when side == 1, so the part (body 0) should move at +speed, else -speed.
        point.m_lateralFrictionDir1 = direction;
        point.m_lateralFrictionDir2 = direction.cross(normal).normalized();
        point.m_contactMotion1 = side == 1 ? speed : -speed;
        point.m_contactPointFlags |= BT_CONTACT_FLAG_LATERAL_FRICTION_INITIALIZED;
        return true;
    }
    return true;
}

} // namespace

extern "C" int tgb_body_set_surface_velocity(tgb_world *world, int32_t id, tgb_vec3 velocity) {
    return guarded(__func__, [&]() -> int {
        if (int status = checkWorld(world)) return status;
        RigidBody *rigid = findBody(world, id);
        if (rigid == nullptr) return TGB_ERR_NOT_FOUND;
        if (int status = checkVector(velocity, "surface velocity")) return status;
        if (rigid->kind == TGB_BODY_DYNAMIC)
            return fail(TGB_ERR_INVALID_ARGUMENT, "only static or kinematic bodies can have a surface velocity (a belt)");
        gContactAddedCallback = conveyorContactAdded;
        btRigidBody *body = rigid->body.get();
        btVector3 v = toBt(velocity);
        if (v.isZero()) {
            rigid->surfaceVelocity.reset();
            body->setUserPointer(nullptr);
            body->setCollisionFlags(body->getCollisionFlags() & ~btCollisionObject::CF_CUSTOM_MATERIAL_CALLBACK);
        } else {
            if (!rigid->surfaceVelocity) rigid->surfaceVelocity = std::make_unique<btVector3>(v);
            *rigid->surfaceVelocity = v;
            body->setUserPointer(rigid->surfaceVelocity.get());
            body->setCollisionFlags(body->getCollisionFlags() | btCollisionObject::CF_CUSTOM_MATERIAL_CALLBACK);
        }
        return TGB_OK;
    });
}

extern "C" int tgb_body_apply_wrench(tgb_world *world, int32_t id, tgb_vec3 force, tgb_vec3 point,
                                     tgb_vec3 torque, double duration) {
    return guarded(__func__, [&]() -> int {
        if (int status = checkWorld(world)) return status;
        RigidBody *rigid = findBody(world, id);
        if (rigid == nullptr) return TGB_ERR_NOT_FOUND;
        if (checkVector(force, "force") || checkVector(point, "application point") || checkVector(torque, "torque"))
            return TGB_ERR_INVALID_ARGUMENT;
        TimedWrench wrench;
        if (int status = stepsFor(world, duration, &wrench.stepsLeft)) return status;
        if (rigid->kind != TGB_BODY_DYNAMIC) return fail(TGB_ERR_INVALID_ARGUMENT, "forces act only on dynamic bodies");
        wrench.force = toBt(force);
        wrench.point = toBt(point);
        wrench.torque = toBt(torque);
        rigid->wrenches.push_back(wrench);
        return TGB_OK;
    });
}
