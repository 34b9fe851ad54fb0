// Contacts and rays: read-only queries over the collision world after the last step.
#include "ShimInternal.hpp"

using namespace tgb;

extern "C" int tgb_world_contacts(const tgb_world *world, tgb_contact *out, int32_t capacity, int32_t *out_total) {
    return guarded(__func__, [&]() -> int {
        if (int status = checkWorld(world)) return status;
        if (capacity < 0 || (capacity > 0 && out == nullptr) || out_total == nullptr)
            return fail(TGB_ERR_INVALID_ARGUMENT, "contacts: need out_total and a buffer for `capacity` contacts");
        btDispatcher *dispatcher = world->dispatcher.get();
        double dt = world->settings.time_step;
        int32_t total = 0;
        for (int m = 0; m < dispatcher->getNumManifolds(); ++m) {
            const btPersistentManifold *manifold = dispatcher->getManifoldByIndexInternal(m);
            const btCollisionObject *a = manifold->getBody0();
            const btCollisionObject *b = manifold->getBody1();
            for (int p = 0; p < manifold->getNumContacts(); ++p) {
                const btManifoldPoint &point = manifold->getContactPoint(p);
                if (point.getDistance() > manifold->getContactProcessingThreshold()) continue;
                if (total < capacity) {
                    tgb_contact &c = out[total];
                    c.body_a = objectIdOf(a);
                    c.link_a = linkOf(a);
                    c.body_b = objectIdOf(b);
                    c.link_b = linkOf(b);
                    c.position_on_a = fromBt(point.getPositionWorldOnA());
                    c.position_on_b = fromBt(point.getPositionWorldOnB());
                    c.normal_on_b = fromBt(point.m_normalWorldOnB);
                    c.distance = point.getDistance();
                    c.normal_force = point.m_appliedImpulse / dt;
                    c.friction_force_1 = point.m_appliedImpulseLateral1 / dt;
                    c.friction_force_2 = point.m_appliedImpulseLateral2 / dt;
                    c.friction_direction_1 = fromBt(point.m_lateralFrictionDir1);
                    c.friction_direction_2 = fromBt(point.m_lateralFrictionDir2);
                }
                ++total;
            }
        }
        *out_total = total;
        return TGB_OK;
    });
}

extern "C" int tgb_world_ray_cast(const tgb_world *world, const tgb_ray *rays, int32_t count, tgb_ray_hit *out) {
    return guarded(__func__, [&]() -> int {
        if (int status = checkWorld(world)) return status;
        if (count < 0 || (count > 0 && (rays == nullptr || out == nullptr)))
            return fail(TGB_ERR_INVALID_ARGUMENT, "ray cast: need `count` rays and as many hit records");
        for (int32_t i = 0; i < count; ++i)
            if (!allFinite(rays[i].from) || !allFinite(rays[i].to))
                return fail(TGB_ERR_INVALID_ARGUMENT, "ray " + std::to_string(i) + " has a NaN or infinite end point");
        for (int32_t i = 0; i < count; ++i) {
            btVector3 from = toBt(rays[i].from), to = toBt(rays[i].to);
            btCollisionWorld::ClosestRayResultCallback callback(from, to);
            world->dynamics->rayTest(from, to, callback);
            tgb_ray_hit &hit = out[i];
            hit = tgb_ray_hit{};
            hit.body = -1;
            hit.link = -1;
            hit.fraction = 1;
            if (callback.hasHit() && callback.m_collisionObject != nullptr) {
                hit.hit = 1;
                hit.body = objectIdOf(callback.m_collisionObject);
                hit.link = linkOf(callback.m_collisionObject);
                hit.fraction = callback.m_closestHitFraction;
                hit.position = fromBt(callback.m_hitPointWorld);
                hit.normal = fromBt(callback.m_hitNormalWorld.normalized());
            }
        }
        return TGB_OK;
    });
}
