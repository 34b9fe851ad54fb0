// Articulated bodies: btMultiBody construction from link descriptions, link colliders,
// limits, joint motors (position, velocity), torque control, springs and damping (see
// JointSprings.cpp), friction, readings.
#include "ShimInternal.hpp"

using namespace tgb;

namespace {

const double unlimitedEffort = 1e9;  // N m: what "no effort limit" means for a motor

int checkLink(const tgb_world *world, const tgb_link_desc &link, int32_t index) {
    std::string where = "link " + std::to_string(index) + ": ";
    if (link.parent < -1 || link.parent >= index)
        return fail(TGB_ERR_INVALID_ARGUMENT, where + "parent " + std::to_string(link.parent) + " must be -1 (base) or an earlier link");
    if (link.joint_type < TGB_JOINT_FIXED || link.joint_type > TGB_JOINT_SPHERICAL)
        return fail(TGB_ERR_INVALID_ARGUMENT, where + "unknown joint type " + std::to_string(link.joint_type));
    if (checkPose(link.joint_in_parent, (where + "joint_in_parent").c_str())) return TGB_ERR_INVALID_ARGUMENT;
    if (checkVector(link.joint_to_com, (where + "joint_to_com").c_str())) return TGB_ERR_INVALID_ARGUMENT;
    if (checkVector(link.axis, (where + "axis").c_str())) return TGB_ERR_INVALID_ARGUMENT;
    if ((link.joint_type == TGB_JOINT_REVOLUTE || link.joint_type == TGB_JOINT_PRISMATIC) && toBt(link.axis).length() < 1e-9)
        return fail(TGB_ERR_INVALID_ARGUMENT, where + "joint axis has zero length");
    if (!allFinite(link.mass) || link.mass <= 0)
        return fail(TGB_ERR_INVALID_ARGUMENT, where + "mass must be finite and > 0 kg, got " + std::to_string(link.mass));
    if (!allFinite(link.inertia) || link.inertia.x <= 0 || link.inertia.y <= 0 || link.inertia.z <= 0)
        return fail(TGB_ERR_INVALID_ARGUMENT, where + "inertia components must be finite and > 0 kg m^2");
    if (checkMaterial(link.material, (where + "material").c_str())) return TGB_ERR_INVALID_ARGUMENT;
    if (link.has_limits && (!allFinite(link.lower_limit) || !allFinite(link.upper_limit) || link.lower_limit > link.upper_limit))
        return fail(TGB_ERR_INVALID_ARGUMENT, where + "limits must be finite with lower <= upper");
    if (!allFinite(link.damping) || link.damping < 0 || !allFinite(link.friction) || link.friction < 0)
        return fail(TGB_ERR_INVALID_ARGUMENT, where + "damping and friction must be finite and >= 0");
    if (!allFinite(link.max_effort)) return fail(TGB_ERR_INVALID_ARGUMENT, where + "max_effort must be finite");
    if (!allFinite(link.max_velocity)) return fail(TGB_ERR_INVALID_ARGUMENT, where + "max_velocity must be finite");
    if (!allFinite(link.stiffness) || link.stiffness < 0 || !allFinite(link.spring_reference))
        return fail(TGB_ERR_INVALID_ARGUMENT, where + "stiffness must be finite and >= 0, spring_reference finite");
    if (link.stiffness > 0 && link.joint_type != TGB_JOINT_REVOLUTE && link.joint_type != TGB_JOINT_PRISMATIC)
        return fail(TGB_ERR_INVALID_ARGUMENT, where + "stiffness applies to revolute and prismatic joints only");
    if (link.shape >= 0) {
        Shape *shape = findShape(world, link.shape);
        if (shape == nullptr) return TGB_ERR_NOT_FOUND;
        if (shape->staticOnly) return fail(TGB_ERR_INVALID_ARGUMENT, where + "planes and triangle meshes cannot be link colliders");
    }
    return TGB_OK;
}

btMultiBodyLinkCollider *makeCollider(tgb_world *world, MultiBody &mb, int32_t id, int link, int32_t shapeId,
                                      const tgb_material &material) {
    auto collider = std::make_unique<LinkCollider>(mb.body.get(), link, mb.selfPairs);
    collider->setCollisionShape(shapeId >= 0 ? world->shapes[shapeId]->shape.get() : world->phantomShape.get());
    collider->setUserIndex(id);
    collider->setUserIndex2(link);
    applyMaterial(collider.get(), material);
    collider->setActivationState(DISABLE_DEACTIVATION);
    btMultiBodyLinkCollider *raw = collider.get();
    mb.colliders[link + 1] = std::move(collider);
    return raw;
}

// Finds a multibody and checks a link index (-1, the base, only when allowed).
int lookup(const tgb_world *world, int32_t id, int32_t link, bool allowBase, MultiBody **out) {
    if (int status = checkWorld(world)) return status;
    MultiBody *mb = findMultiBody(world, id);
    if (mb == nullptr) return TGB_ERR_NOT_FOUND;
    int low = allowBase ? -1 : 0;
    if (link < low || link >= (int)mb->joints.size())
        return fail(TGB_ERR_INVALID_ARGUMENT, "link index " + std::to_string(link) + " is out of range " + std::to_string(low) +
                                                  "..<" + std::to_string(mb->joints.size()) + " for multibody " + std::to_string(id));
    *out = mb;
    return TGB_OK;
}

} // namespace

namespace tgb {

bool LinkCollider::checkCollideWithOverride(const btCollisionObject *other) const {
    const btMultiBodyLinkCollider *link = btMultiBodyLinkCollider::upcast(other);
    if (link == nullptr || link->m_multiBody != m_multiBody || !m_multiBody->hasSelfCollision() || !pairs ||
        pairs->allowed.empty())
        return btMultiBodyLinkCollider::checkCollideWithOverride(other);
    const int a = m_link + 1, b = link->m_link + 1;
    if (a < 0 || b < 0 || a >= pairs->parts || b >= pairs->parts) return false;
    return pairs->allowed[(size_t)a * pairs->parts + b] != 0;
}

void JointFriction::createConstraintRows(btMultiBodyConstraintArray &rows, btMultiBodyJacobianData &data,
                                         const btContactSolverInfo &info) {
    if (!held) JointMotor::createConstraintRows(rows, data, info);
}

double maxImpulseFor(const tgb_world *world, const Joint &joint) {
    double cap = joint.control.max_force > 0 ? joint.control.max_force : joint.maxEffort;
    if (cap <= 0) cap = unlimitedEffort;
    return cap * world->settings.time_step;
}

void applyJointControl(tgb_world *world, MultiBody &mb, int link) {
    Joint &joint = mb.joints[link];
    if (joint.frictionMotor) {
        joint.frictionMotor->setVelocityTarget(0, 1);
        joint.frictionMotor->setPositionTarget(0, 0);
        joint.frictionMotor->setMaxAppliedImpulse(joint.friction * world->settings.time_step);
        // A servo holding the joint replaces its friction row (see JointFriction).
        joint.frictionMotor->setHeld(joint.motor != nullptr && (joint.control.mode == TGB_CONTROL_POSITION ||
                                                                 joint.control.mode == TGB_CONTROL_VELOCITY));
    }
    if (joint.motor == nullptr) return;
    const tgb_joint_control &c = joint.control;
    switch (c.mode) {
    case TGB_CONTROL_POSITION:
        joint.motor->setPositionTarget(c.target_position, c.position_gain);
        joint.motor->setVelocityTarget(c.target_velocity, c.velocity_gain);
        joint.motor->setMaxAppliedImpulse(maxImpulseFor(world, joint));
        break;
    case TGB_CONTROL_VELOCITY:
        joint.motor->setPositionTarget(0, 0);
        joint.motor->setVelocityTarget(c.target_velocity, c.velocity_gain);
        joint.motor->setMaxAppliedImpulse(maxImpulseFor(world, joint));
        break;
    default:
        joint.motor->setPositionTarget(0, 0);
        joint.motor->setVelocityTarget(0, 0);
        joint.motor->setMaxAppliedImpulse(0);
        break;
    }
}

void refreshMultiBodyTransforms(tgb_world *world, MultiBody &mb) {
    mb.body->updateCollisionObjectWorldTransforms(world->scratchRotations, world->scratchOrigins);
    for (auto &collider : mb.colliders) {
        if (!collider) continue;
        collider->setInterpolationWorldTransform(collider->getWorldTransform());
        world->dynamics->updateSingleAabb(collider.get());
    }
}

} // namespace tgb

extern "C" int tgb_multibody_create(tgb_world *world, const tgb_multibody_desc *desc, const tgb_link_desc *links,
                                    int32_t link_count, int32_t *out_multibody) {
    return guarded(__func__, [&]() -> int {
        if (int status = checkWorld(world)) return status;
        if (desc == nullptr || out_multibody == nullptr) return fail(TGB_ERR_INVALID_ARGUMENT, "desc or out_multibody is NULL");
        if (link_count < 0 || (link_count > 0 && links == nullptr))
            return fail(TGB_ERR_INVALID_ARGUMENT, "link_count must be >= 0 with a links array");
        if (int status = checkPose(desc->base_pose, "base pose")) return status;
        if (!desc->fixed_base && (!allFinite(desc->base_mass) || desc->base_mass <= 0))
            return fail(TGB_ERR_INVALID_ARGUMENT, "a floating base needs a finite mass > 0 kg, got " + std::to_string(desc->base_mass));
        if (!desc->fixed_base && (!allFinite(desc->base_inertia) || desc->base_inertia.x <= 0 ||
                                  desc->base_inertia.y <= 0 || desc->base_inertia.z <= 0))
            return fail(TGB_ERR_INVALID_ARGUMENT, "a floating base needs inertia components > 0 kg m^2");
        if (!allFinite(desc->linear_damping) || !allFinite(desc->angular_damping) || desc->linear_damping < 0 || desc->angular_damping < 0)
            return fail(TGB_ERR_INVALID_ARGUMENT, "multibody damping must be finite and >= 0");
        if (checkMaterial(desc->base_material, "base material")) return TGB_ERR_INVALID_ARGUMENT;
        if (desc->base_shape >= 0) {
            Shape *shape = findShape(world, desc->base_shape);
            if (shape == nullptr) return TGB_ERR_NOT_FOUND;
            if (shape->staticOnly && !desc->fixed_base)
                return fail(TGB_ERR_INVALID_ARGUMENT, "planes and triangle meshes can only collide for a fixed base");
        }
        for (int32_t i = 0; i < link_count; ++i)
            if (int status = checkLink(world, links[i], i)) return status;
        if (int status = checkColliderRoom(world, link_count + 1)) return status;

        int32_t id = world->nextObjectId++;
        MultiBody mb;
        bool fixed = desc->fixed_base != 0;
        double baseMass = fixed ? 0.0 : desc->base_mass;
        btVector3 baseInertia = fixed ? btVector3(0, 0, 0) : toBt(desc->base_inertia);
        mb.body = std::make_unique<btMultiBody>(link_count, baseMass, baseInertia, fixed, false);
        mb.joints.resize(link_count);
        mb.colliders.resize(link_count + 1);
        mb.selfPairs = std::make_shared<SelfCollisionPairs>();
        mb.selfPairs->parts = link_count + 1;
        for (int32_t i = 0; i < link_count; ++i) {
            const tgb_link_desc &l = links[i];
            btQuaternion parentToThis = toBt(l.joint_in_parent.rotation).inverse();
            btVector3 pivot = toBt(l.joint_in_parent.position);
            btVector3 toCom = toBt(l.joint_to_com);
            btVector3 inertia = toBt(l.inertia);
            Joint &joint = mb.joints[i];
            joint.type = l.joint_type;
            joint.damping = l.damping;
            joint.stiffness = l.stiffness;
            joint.springReference = l.spring_reference;
            joint.friction = l.friction;
            joint.maxEffort = l.max_effort;
            joint.maxVelocity = l.max_velocity;
            switch (l.joint_type) {
            case TGB_JOINT_REVOLUTE:
                mb.body->setupRevolute(i, l.mass, inertia, l.parent, parentToThis, toBt(l.axis).normalized(), pivot, toCom, true);
                joint.dofCount = 1;
                break;
            case TGB_JOINT_PRISMATIC:
                mb.body->setupPrismatic(i, l.mass, inertia, l.parent, parentToThis, toBt(l.axis).normalized(), pivot, toCom, true);
                joint.dofCount = 1;
                break;
            case TGB_JOINT_SPHERICAL:
                mb.body->setupSpherical(i, l.mass, inertia, l.parent, parentToThis, pivot, toCom, true);
                joint.dofCount = 3;
                break;
            default:
                mb.body->setupFixed(i, l.mass, inertia, l.parent, parentToThis, pivot, toCom, true);
                joint.dofCount = 0;
                break;
            }
        }
        mb.body->finalizeMultiDof();
        mb.body->setBaseWorldTransform(toBt(desc->base_pose));
        mb.body->setHasSelfCollision(desc->self_collision != 0);
        mb.body->setCanSleep(false);
        mb.body->setLinearDamping(desc->linear_damping);
        mb.body->setAngularDamping(desc->angular_damping);
        mb.feedback.reset(new btMultiBodyJointFeedback[std::max(1, (int)link_count)]);
        world->dynamics->addMultiBody(mb.body.get());

        // Colliders: placed by forward kinematics, then added to the collision world.
        if (desc->base_shape >= 0) {
            btMultiBodyLinkCollider *collider = makeCollider(world, mb, id, -1, desc->base_shape, desc->base_material);
            mb.body->setBaseCollider(collider);
        }
        for (int32_t i = 0; i < link_count; ++i)
            mb.body->getLink(i).m_collider = makeCollider(world, mb, id, i, links[i].shape, links[i].material);
        mb.body->updateCollisionObjectWorldTransforms(world->scratchRotations, world->scratchOrigins);
        int group = desc->collision_group, mask = desc->collision_mask;
        for (int index = 0; index < (int)mb.colliders.size(); ++index) {
            auto &collider = mb.colliders[index];
            if (!collider) continue;
            bool staticPart = fixed && index == 0;
            bool phantom = index > 0 && links[index - 1].shape < 0;
            int g = group != 0 ? group : (staticPart ? btBroadphaseProxy::StaticFilter : btBroadphaseProxy::DefaultFilter);
            int m = mask != 0 ? mask : (staticPart ? btBroadphaseProxy::AllFilter ^ btBroadphaseProxy::StaticFilter
                                                   : btBroadphaseProxy::AllFilter);
            if (phantom) g = m = 0;
            if (staticPart) collider->setCollisionFlags(collider->getCollisionFlags() | btCollisionObject::CF_STATIC_OBJECT);
            collider->setInterpolationWorldTransform(collider->getWorldTransform());
            world->dynamics->addCollisionObject(collider.get(), g, m);
        }

        // Constraints: springs and dampers, limits, friction motors and control motors, in
        // link order. The joint rows share unit responses per solve (see fillJointRow).
        mb.responses = std::make_unique<UnitResponses>();
        mb.responses->clock = &world->dynamics->solveCount;
        mb.responses->referenceSolver = &world->solver->reference;
        // The solver finds a contact side's unit responses through the body (ContactRows.cpp).
        mb.body->setUserPointer(mb.responses.get());
        for (int32_t i = 0; i < link_count; ++i) {
            const tgb_link_desc &l = links[i];
            Joint &joint = mb.joints[i];
            if (joint.dofCount > 0 && (l.damping > 0 || l.stiffness > 0)) {
                auto spring = std::make_unique<JointSpring>(mb.body.get(), i, l.stiffness, l.spring_reference, l.damping);
                spring->responses = mb.responses.get();
                joint.spring = spring.get();
                world->dynamics->addMultiBodyConstraint(spring.get());
                mb.constraints.push_back(std::move(spring));
            }
            if (joint.dofCount != 1) continue;
            if (l.has_limits) {
                auto limit = std::make_unique<JointLimit>(mb.body.get(), i, l.lower_limit, l.upper_limit);
                limit->responses = mb.responses.get();
                world->dynamics->addMultiBodyConstraint(limit.get());
                mb.limits.push_back(limit.get());
                mb.constraints.push_back(std::move(limit));
            }
            if (l.friction > 0) {
                auto friction = std::make_unique<JointFriction>(mb.body.get(), i, 0.0, 0.0);
                friction->responses = mb.responses.get();
                joint.frictionMotor = friction.get();
                world->dynamics->addMultiBodyConstraint(friction.get());
                mb.constraints.push_back(std::move(friction));
            }
            auto motor = std::make_unique<JointMotor>(mb.body.get(), i, 0.0, 0.0);
            motor->responses = mb.responses.get();
            // The speed limit bounds the velocity the servo's row aims at (Bullet's rhs
            // clamp, what PyBullet's maxVelocity sets); without one it stays infinite.
            if (l.max_velocity > 0) motor->setRhsClamp(l.max_velocity);
            joint.motor = motor.get();
            world->dynamics->addMultiBodyConstraint(motor.get());
            mb.constraints.push_back(std::move(motor));
        }
        MultiBody &stored = world->multibodies[id] = std::move(mb);
        for (int32_t i = 0; i < link_count; ++i) applyJointControl(world, stored, i);
        *out_multibody = id;
        return TGB_OK;
    });
}

extern "C" int tgb_multibody_remove(tgb_world *world, int32_t id) {
    return guarded(__func__, [&]() -> int {
        if (int status = checkWorld(world)) return status;
        MultiBody *mb = findMultiBody(world, id);
        if (mb == nullptr) return TGB_ERR_NOT_FOUND;
        for (auto &constraint : mb->constraints) world->dynamics->removeMultiBodyConstraint(constraint.get());
        for (auto &collider : mb->colliders)
            if (collider) world->dynamics->removeCollisionObject(collider.get());
        world->dynamics->removeMultiBody(mb->body.get());
        world->multibodies.erase(id);
        return TGB_OK;
    });
}

extern "C" int tgb_multibody_sizes(const tgb_world *world, int32_t id, int32_t *out_links, int32_t *out_positions,
                                   int32_t *out_velocities) {
    if (int status = checkWorld(world)) return status;
    MultiBody *mb = findMultiBody(world, id);
    if (mb == nullptr) return TGB_ERR_NOT_FOUND;
    if (out_links) *out_links = (int32_t)mb->joints.size();
    if (out_positions) *out_positions = mb->body->getNumPosVars();
    if (out_velocities) *out_velocities = mb->body->getNumDofs();
    return TGB_OK;
}

extern "C" int tgb_multibody_set_self_collision(tgb_world *world, int32_t id, int32_t enabled) {
    if (int status = checkWorld(world)) return status;
    MultiBody *mb = findMultiBody(world, id);
    if (mb == nullptr) return TGB_ERR_NOT_FOUND;
    mb->body->setHasSelfCollision(enabled != 0);
    return TGB_OK;
}

extern "C" int tgb_multibody_set_self_collision_pairs(tgb_world *world, int32_t id, const int32_t *pairs,
                                                     int32_t pair_count) {
    if (int status = checkWorld(world)) return status;
    MultiBody *mb = findMultiBody(world, id);
    if (mb == nullptr) return TGB_ERR_NOT_FOUND;
    if (pair_count < 0 || (pair_count > 0 && pairs == nullptr))
        return fail(TGB_ERR_INVALID_ARGUMENT, "self-collision pairs: count must be >= 0 and the pairs given");
    const int parts = (int)mb->joints.size() + 1;
    std::vector<uint8_t> allowed;
    if (pairs != nullptr) {
        allowed.assign((size_t)parts * parts, 0);
        for (int32_t i = 0; i < pair_count; ++i) {
            const int32_t a = pairs[2 * i], b = pairs[2 * i + 1];
            if (a < -1 || a >= parts - 1 || b < -1 || b >= parts - 1 || a == b)
                return fail(TGB_ERR_INVALID_ARGUMENT, "self-collision pair " + std::to_string(i) + " (" + std::to_string(a) + ", " +
                                                          std::to_string(b) + "): parts must be two different links in -1..<" +
                                                          std::to_string(parts - 1) + " (-1 is the base)");
            allowed[(size_t)(a + 1) * parts + (b + 1)] = 1;
            allowed[(size_t)(b + 1) * parts + (a + 1)] = 1;
        }
    }
    mb->selfPairs->allowed = std::move(allowed);
    // Bullet keeps a pair's manifold when the pair stops being tested: forget the contacts
    // between the multibody's own parts (the pairs still colliding make them afresh).
    btDispatcher *dispatcher = world->dynamics->getDispatcher();
    for (int m = 0; m < dispatcher->getNumManifolds(); ++m) {
        btPersistentManifold *manifold = dispatcher->getManifoldByIndexInternal(m);
        const btMultiBodyLinkCollider *a = btMultiBodyLinkCollider::upcast(manifold->getBody0());
        const btMultiBodyLinkCollider *b = btMultiBodyLinkCollider::upcast(manifold->getBody1());
        if (a && b && a->m_multiBody == mb->body.get() && b->m_multiBody == mb->body.get()) manifold->clearManifold();
    }
    return TGB_OK;
}

extern "C" int tgb_multibody_set_joint_feedback(tgb_world *world, int32_t id, int32_t enabled) {
    if (int status = checkWorld(world)) return status;
    MultiBody *mb = findMultiBody(world, id);
    if (mb == nullptr) return TGB_ERR_NOT_FOUND;
    for (int i = 0; i < (int)mb->joints.size(); ++i) {
        mb->feedback[i] = btMultiBodyJointFeedback();
        mb->body->getLink(i).m_jointFeedback = enabled ? &mb->feedback[i] : nullptr;
    }
    return TGB_OK;
}

extern "C" int tgb_multibody_get_base_state(const tgb_world *world, int32_t id, tgb_body_state *out) {
    MultiBody *mb = nullptr;
    if (int status = lookup(world, id, -1, true, &mb)) return status;
    if (out == nullptr) return fail(TGB_ERR_INVALID_ARGUMENT, "out_state is NULL");
    out->pose = fromBt(mb->body->getBaseWorldTransform());
    out->linear_velocity = fromBt(mb->body->getBaseVel());
    out->angular_velocity = fromBt(mb->body->getBaseOmega());
    return TGB_OK;
}

extern "C" int tgb_multibody_set_base_state(tgb_world *world, int32_t id, const tgb_body_state *state) {
    return guarded(__func__, [&]() -> int {
        MultiBody *mb = nullptr;
        if (int status = lookup(world, id, -1, true, &mb)) return status;
        if (state == nullptr) return fail(TGB_ERR_INVALID_ARGUMENT, "state is NULL");
        if (checkPose(state->pose, "base pose") || checkVector(state->linear_velocity, "base linear velocity") ||
            checkVector(state->angular_velocity, "base angular velocity"))
            return TGB_ERR_INVALID_ARGUMENT;
        mb->body->setBaseWorldTransform(toBt(state->pose));
        if (!mb->body->hasFixedBase()) {
            mb->body->setBaseVel(toBt(state->linear_velocity));
            mb->body->setBaseOmega(toBt(state->angular_velocity));
        }
        refreshMultiBodyTransforms(world, *mb);
        return TGB_OK;
    });
}

extern "C" int tgb_multibody_get_link_state(const tgb_world *world, int32_t id, int32_t link, tgb_body_state *out) {
    return guarded(__func__, [&]() -> int {
        MultiBody *mb = nullptr;
        if (int status = lookup(world, id, link, true, &mb)) return status;
        if (out == nullptr) return fail(TGB_ERR_INVALID_ARGUMENT, "out_state is NULL");
        if (link < 0) return tgb_multibody_get_base_state(world, id, out);
        btMultiBody *body = mb->body.get();
        btVector3 origin = body->localPosToWorld(link, btVector3(0, 0, 0));
        btMatrix3x3 basis = body->localFrameToWorld(link, btMatrix3x3::getIdentity());
        btQuaternion rotation;
        basis.getRotation(rotation);
        std::vector<btVector3> omega(body->getNumLinks() + 1), velocity(body->getNumLinks() + 1);
        body->compTreeLinkVelocities(omega.data(), velocity.data());
        out->pose = tgb_pose{fromBt(origin), fromBt(rotation)};
        out->linear_velocity = fromBt(body->localDirToWorld(link, velocity[link + 1]));
        out->angular_velocity = fromBt(body->localDirToWorld(link, omega[link + 1]));
        return TGB_OK;
    });
}

extern "C" int tgb_multibody_get_joint_positions(const tgb_world *world, int32_t id, double *out, int32_t capacity) {
    if (int status = checkWorld(world)) return status;
    MultiBody *mb = findMultiBody(world, id);
    if (mb == nullptr) return TGB_ERR_NOT_FOUND;
    int needed = mb->body->getNumPosVars();
    if (out == nullptr || capacity < needed)
        return fail(TGB_ERR_INVALID_ARGUMENT, "joint position buffer holds " + std::to_string(capacity) + ", needs " + std::to_string(needed));
    int cursor = 0;
    for (int link = 0; link < (int)mb->joints.size(); ++link) {
        const btScalar *q = mb->body->getJointPosMultiDof(link);
        for (int k = 0; k < mb->body->getLink(link).m_posVarCount; ++k) out[cursor++] = q[k];
    }
    return TGB_OK;
}

extern "C" int tgb_multibody_get_joint_velocities(const tgb_world *world, int32_t id, double *out, int32_t capacity) {
    if (int status = checkWorld(world)) return status;
    MultiBody *mb = findMultiBody(world, id);
    if (mb == nullptr) return TGB_ERR_NOT_FOUND;
    int needed = mb->body->getNumDofs();
    if (out == nullptr || capacity < needed)
        return fail(TGB_ERR_INVALID_ARGUMENT, "joint velocity buffer holds " + std::to_string(capacity) + ", needs " + std::to_string(needed));
    int cursor = 0;
    for (int link = 0; link < (int)mb->joints.size(); ++link) {
        const btScalar *v = mb->body->getJointVelMultiDof(link);
        for (int k = 0; k < mb->body->getLink(link).m_dofCount; ++k) out[cursor++] = v[k];
    }
    return TGB_OK;
}

extern "C" int tgb_multibody_set_joint_state(tgb_world *world, int32_t id, int32_t link, const double *positions,
                                             int32_t position_count, const double *velocities, int32_t velocity_count) {
    return guarded(__func__, [&]() -> int {
        MultiBody *mb = nullptr;
        if (int status = lookup(world, id, link, false, &mb)) return status;
        const btMultibodyLink &l = mb->body->getLink(link);
        if (position_count != l.m_posVarCount || velocity_count != l.m_dofCount || (position_count > 0 && !positions) ||
            (velocity_count > 0 && !velocities))
            return fail(TGB_ERR_INVALID_ARGUMENT, "joint " + std::to_string(link) + " takes " + std::to_string(l.m_posVarCount) +
                                                      " positions and " + std::to_string(l.m_dofCount) + " velocities");
        for (int k = 0; k < position_count; ++k)
            if (!allFinite(positions[k])) return fail(TGB_ERR_INVALID_ARGUMENT, "joint position is NaN or infinite");
        for (int k = 0; k < velocity_count; ++k)
            if (!allFinite(velocities[k])) return fail(TGB_ERR_INVALID_ARGUMENT, "joint velocity is NaN or infinite");
        if (position_count == 4) {
            btQuaternion q(positions[0], positions[1], positions[2], positions[3]);
            if (q.length() < 1e-6) return fail(TGB_ERR_INVALID_ARGUMENT, "spherical joint quaternion has zero length");
            q.normalize();
            double normalized[4] = {q.x(), q.y(), q.z(), q.w()};
            mb->body->setJointPosMultiDof(link, normalized);
        } else if (position_count > 0) {
            mb->body->setJointPosMultiDof(link, positions);
        }
        if (velocity_count > 0) mb->body->setJointVelMultiDof(link, velocities);
        refreshMultiBodyTransforms(world, *mb);
        return TGB_OK;
    });
}

extern "C" int tgb_multibody_get_joint_reading(const tgb_world *world, int32_t id, int32_t link, tgb_joint_reading *out) {
    MultiBody *mb = nullptr;
    if (int status = lookup(world, id, link, false, &mb)) return status;
    if (out == nullptr) return fail(TGB_ERR_INVALID_ARGUMENT, "out_reading is NULL");
    const Joint &joint = mb->joints[link];
    double dt = world->settings.time_step;
    double torque = joint.commandedTorque;
    // A motor has rows (and an applied impulse) only once the solver has run it, and only
    // while it drives the joint: Bullet makes no row for a motor capped at 0 (passive and
    // torque modes), whose last impulse would otherwise still be read.
    bool driving = joint.control.mode == TGB_CONTROL_POSITION || joint.control.mode == TGB_CONTROL_VELOCITY;
    if (joint.motor && driving && joint.motor->getNumRows() > 0) torque += joint.motor->getAppliedImpulse(0) / dt;
    if (joint.frictionMotor) torque += joint.frictionMotor->lastImpulse() / dt;
    if (joint.spring) torque += joint.spring->getAppliedImpulse(0) / dt;
    out->applied_torque = torque;
    const btMultiBodyJointFeedback *feedback = mb->body->getLink(link).m_jointFeedback;
    out->reaction_force = feedback ? fromBt(feedback->m_reactionForces.getLinear()) : tgb_vec3{0, 0, 0};
    out->reaction_torque = feedback ? fromBt(feedback->m_reactionForces.getAngular()) : tgb_vec3{0, 0, 0};
    return TGB_OK;
}

extern "C" int tgb_multibody_set_joint_control(tgb_world *world, int32_t id, int32_t link, const tgb_joint_control *c) {
    return guarded(__func__, [&]() -> int {
        MultiBody *mb = nullptr;
        if (int status = lookup(world, id, link, false, &mb)) return status;
        if (c == nullptr) return fail(TGB_ERR_INVALID_ARGUMENT, "control is NULL");
        if (c->mode < TGB_CONTROL_NONE || c->mode > TGB_CONTROL_TORQUE)
            return fail(TGB_ERR_INVALID_ARGUMENT, "unknown control mode " + std::to_string(c->mode));
        const std::pair<const char *, double> values[] = {
            {"target_position", c->target_position}, {"target_velocity", c->target_velocity}, {"torque", c->torque},
            {"position_gain", c->position_gain}, {"velocity_gain", c->velocity_gain}, {"max_force", c->max_force}};
        for (const auto &value : values)
            if (!allFinite(value.second))
                return fail(TGB_ERR_INVALID_ARGUMENT, "joint control of link " + std::to_string(link) + ": " + value.first + " is NaN or infinite");
        if (c->position_gain < 0 || c->position_gain > 1 || c->velocity_gain < 0 || c->velocity_gain > 1)
            return fail(TGB_ERR_INVALID_ARGUMENT, "joint control of link " + std::to_string(link) +
                                                      ": position_gain and velocity_gain are fractions per step in [0, 1]");
        Joint &joint = mb->joints[link];
        if (joint.dofCount != 1 && c->mode != TGB_CONTROL_NONE)
            return fail(TGB_ERR_INVALID_ARGUMENT, "link " + std::to_string(link) + (joint.dofCount == 0 ? " has a fixed joint" : " has a spherical joint") +
                                                      ": only single-dof joints take position, velocity or torque control");
        joint.control = *c;
        applyJointControl(world, *mb, link);
        return TGB_OK;
    });
}

extern "C" int tgb_multibody_aabb(const tgb_world *world, int32_t id, tgb_vec3 *out_min, tgb_vec3 *out_max) {
    return guarded(__func__, [&]() -> int {
        MultiBody *mb = nullptr;
        if (int status = lookup(world, id, -1, true, &mb)) return status;
        if (out_min == nullptr || out_max == nullptr) return fail(TGB_ERR_INVALID_ARGUMENT, "out_min or out_max is NULL");
        btVector3 low(BT_LARGE_FLOAT, BT_LARGE_FLOAT, BT_LARGE_FLOAT), high = -low;
        bool any = false;
        for (const auto &collider : mb->colliders) {
            if (!collider || collider->getCollisionShape() == world->phantomShape.get()) continue;
            btVector3 a, b;
            collider->getCollisionShape()->getAabb(collider->getWorldTransform(), a, b);
            low.setMin(a);
            high.setMax(b);
            any = true;
        }
        if (!any) return fail(TGB_ERR_INVALID_ARGUMENT, "multibody " + std::to_string(id) + " has no collider");
        *out_min = fromBt(low);
        *out_max = fromBt(high);
        return TGB_OK;
    });
}

// Support function of a shape placed at `transform`: the largest dot(p, direction).
static double shapeExtent(const btCollisionShape *shape, const btTransform &transform, const btVector3 &direction) {
    if (shape->isCompound()) {
        const auto *compound = static_cast<const btCompoundShape *>(shape);
        double extent = -BT_LARGE_FLOAT;
        for (int i = 0; i < compound->getNumChildShapes(); ++i)
            extent = std::max(extent, shapeExtent(compound->getChildShape(i), transform * compound->getChildTransform(i),
                                                  direction));
        return extent;
    }
    if (shape->isConvex()) {
        const auto *convex = static_cast<const btConvexShape *>(shape);
        btVector3 local = convex->localGetSupportingVertex(direction * transform.getBasis());
        return (transform * local).dot(direction);
    }
    btVector3 low, high;
    shape->getAabb(transform, low, high);
    btVector3 corner(direction.x() > 0 ? high.x() : low.x(), direction.y() > 0 ? high.y() : low.y(),
                     direction.z() > 0 ? high.z() : low.z());
    return corner.dot(direction);
}

extern "C" int tgb_multibody_extent(const tgb_world *world, int32_t id, tgb_vec3 direction, double *out_extent) {
    return guarded(__func__, [&]() -> int {
        MultiBody *mb = nullptr;
        if (int status = lookup(world, id, -1, true, &mb)) return status;
        if (out_extent == nullptr) return fail(TGB_ERR_INVALID_ARGUMENT, "out_extent is NULL");
        if (checkVector(direction, "direction")) return TGB_ERR_INVALID_ARGUMENT;
        btVector3 unit = toBt(direction);
        if (unit.length() < 1e-9) return fail(TGB_ERR_INVALID_ARGUMENT, "direction has zero length");
        unit.normalize();
        double extent = -BT_LARGE_FLOAT;
        bool any = false;
        for (const auto &collider : mb->colliders) {
            if (!collider || collider->getCollisionShape() == world->phantomShape.get()) continue;
            extent = std::max(extent, shapeExtent(collider->getCollisionShape(), collider->getWorldTransform(), unit));
            any = true;
        }
        if (!any) return fail(TGB_ERR_INVALID_ARGUMENT, "multibody " + std::to_string(id) + " has no collider");
        *out_extent = extent;
        return TGB_OK;
    });
}

extern "C" int tgb_multibody_add_mimic(tgb_world *world, int32_t id, int32_t follower, int32_t leader,
                                       double multiplier, double offset, double max_force) {
    return guarded(__func__, [&]() -> int {
        MultiBody *mb = nullptr;
        if (int status = lookup(world, id, follower, false, &mb)) return status;
        if (int status = lookup(world, id, leader, false, &mb)) return status;
        if (follower == leader) return fail(TGB_ERR_INVALID_ARGUMENT, "a joint cannot mimic itself");
        if (mb->joints[follower].dofCount != 1 || mb->joints[leader].dofCount != 1)
            return fail(TGB_ERR_INVALID_ARGUMENT, "mimic couples single-dof joints only");
        if (!allFinite(multiplier) || multiplier == 0 || !allFinite(offset) || !allFinite(max_force))
            return fail(TGB_ERR_INVALID_ARGUMENT, "mimic multiplier must be finite and non-zero, offset and max_force finite");
        // Bullet's gear row drives q_a + ratio * q_b toward the relative target (measured:
        // see MultiBodyTests); with a = follower, b = leader and ratio = -multiplier that is
        // q_follower = multiplier * q_leader + offset.
        auto gear = std::make_unique<GearConstraint>(mb->body.get(), follower, mb->body.get(), leader, btVector3(0, 0, 0),
                                                     btVector3(0, 0, 0), btMatrix3x3::getIdentity(),
                                                     btMatrix3x3::getIdentity());
        gear->setGearRatio(-multiplier);
        gear->responses = mb->responses.get();
        gear->setRelativePositionTarget(offset);
        // Bullet scales the gear's position correction by its own ERP and again by the
        // solver's (contact) ERP, so 1 here closes a gear error at the world's ERP per step,
        // as joint limits and servos do. At 0.2 (0.04 per step) a follower pressed on its
        // limit fell behind its leader's servo: the gear then pushed the leader away from
        // its target at full effort and both fingers slid off closed (tg_humanoid's right
        // hand, GripperAtRestTests).
        gear->setErp(1.0);
        // The finger pair's rows for TGB_WARM_START_GEARED: the gear and both joints' servos and friction.
        gear->geared = true;
        for (int link : {follower, leader}) {
            Joint &joint = mb->joints[link];
            if (joint.motor) static_cast<JointMotor *>(joint.motor)->geared = true;
            if (joint.frictionMotor) joint.frictionMotor->geared = true;
        }
        double cap = max_force > 0 ? max_force : unlimitedEffort;
        gear->setMaxAppliedImpulse(cap * world->settings.time_step);
        world->dynamics->addMultiBodyConstraint(gear.get());
        mb->constraints.push_back(std::move(gear));
        return TGB_OK;
    });
}

extern "C" int tgb_multibody_apply_wrench(tgb_world *world, int32_t id, int32_t link, tgb_vec3 force, tgb_vec3 point,
                                          tgb_vec3 torque, double duration) {
    return guarded(__func__, [&]() -> int {
        MultiBody *mb = nullptr;
        if (int status = lookup(world, id, link, true, &mb)) return status;
        if (checkVector(force, "force") || checkVector(point, "application point") || checkVector(torque, "torque"))
            return TGB_ERR_INVALID_ARGUMENT;
        TimedWrench wrench;
        if (int status = stepsFor(world, duration, &wrench.stepsLeft)) return status;
        wrench.link = link;
        wrench.force = toBt(force);
        wrench.point = toBt(point);
        wrench.torque = toBt(torque);
        mb->wrenches.push_back(wrench);
        return TGB_OK;
    });
}
