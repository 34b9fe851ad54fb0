// The sanity guard: bounds on speed, kinetic energy, contact depth and joint-limit
// violation, checked after a step so a diverging simulation is caught on the step it
// happens and named (body, link, quantity, value) instead of running on as garbage.
#include "ShimInternal.hpp"

namespace {

bool finiteVector(const btVector3 &v) { return std::isfinite(v.x()) && std::isfinite(v.y()) && std::isfinite(v.z()); }

struct Checker {
    const tgb_sanity_limits &limits;
    tgb_sanity_report &report;

    // Records a broken bound; returns true so callers can stop at the first one.
    bool broke(int32_t quantity, int32_t body, int32_t link, double value, double limit) {
        report.quantity = quantity;
        report.body = body;
        report.link = link;
        report.value = value;
        report.limit = limit;
        return true;
    }

    // One body or link: position, velocities, kinetic energy (mass and principal inertia in
    // the frame the angular velocity is given in).
    bool check(int32_t body, int32_t link, const btVector3 &position, const btQuaternion &rotation,
               const btVector3 &linear, const btVector3 &angular, double mass, const btVector3 &inertia) {
        if (!finiteVector(position) || !finiteVector(linear) || !finiteVector(angular) ||
            !std::isfinite(rotation.x()) || !std::isfinite(rotation.y()) || !std::isfinite(rotation.z()) ||
            !std::isfinite(rotation.w())) {
            return broke(TGB_SANITY_NON_FINITE, body, link, NAN, 0);
        }
        double speed = linear.length();
        if (limits.max_linear_speed > 0 && speed > limits.max_linear_speed) {
            return broke(TGB_SANITY_LINEAR_SPEED, body, link, speed, limits.max_linear_speed);
        }
        double spin = angular.length();
        if (limits.max_angular_speed > 0 && spin > limits.max_angular_speed) {
            return broke(TGB_SANITY_ANGULAR_SPEED, body, link, spin, limits.max_angular_speed);
        }
        if (limits.max_kinetic_energy > 0) {
            double energy = 0.5 * mass * speed * speed +
                            0.5 * (inertia.x() * angular.x() * angular.x() + inertia.y() * angular.y() * angular.y() +
                                   inertia.z() * angular.z() * angular.z());
            if (energy > limits.max_kinetic_energy) {
                return broke(TGB_SANITY_KINETIC_ENERGY, body, link, energy, limits.max_kinetic_energy);
            }
        }
        return false;
    }
};

} // namespace

extern "C" int tgb_world_check_sanity(const tgb_world *world, const tgb_sanity_limits *limits,
                                      tgb_sanity_report *out_report) {
    if (!world || !limits || !out_report) return tgb::fail(TGB_ERR_INVALID_ARGUMENT, "tgb_world_check_sanity: null argument");
    return tgb::guarded("tgb_world_check_sanity", [&] {
        *out_report = tgb_sanity_report{TGB_SANITY_OK, 0, -1, 0, -1, 0, 0};
        Checker checker{*limits, *out_report};

        for (const auto &[id, record] : world->bodies) {
            if (record.kind != TGB_BODY_DYNAMIC) continue;
            const btRigidBody &body = *record.body;
            // Bullet keeps the inverse inertia in the body's principal frame; the angular
            // velocity is turned into that frame for the energy.
            btVector3 inverse = body.getInvInertiaDiagLocal();
            btVector3 inertia(inverse.x() > 0 ? 1 / inverse.x() : 0, inverse.y() > 0 ? 1 / inverse.y() : 0,
                              inverse.z() > 0 ? 1 / inverse.z() : 0);
            btVector3 localSpin = body.getWorldTransform().getBasis().transpose() * body.getAngularVelocity();
            double mass = body.getInvMass() > 0 ? 1 / body.getInvMass() : 0;
            if (checker.check(id, -1, body.getWorldTransform().getOrigin(), body.getWorldTransform().getRotation(),
                              body.getLinearVelocity(), localSpin, mass, inertia)) return TGB_OK;
        }

        btAlignedObjectArray<btVector3> spins, velocities;
        for (const auto &[id, record] : world->multibodies) {
            const btMultiBody &mb = *record.body;
            int links = mb.getNumLinks();
            spins.resize(links + 1);
            velocities.resize(links + 1);
            // Angular and linear velocities of the base and every link, in their own frames.
            mb.compTreeLinkVelocities(&spins[0], &velocities[0]);
            if (!mb.hasFixedBase()) {
                if (checker.check(id, -1, mb.getBasePos(), mb.getWorldToBaseRot(), velocities[0], spins[0],
                                  mb.getBaseMass(), mb.getBaseInertia())) return TGB_OK;
            }
            for (int i = 0; i < links; ++i) {
                const btMultibodyLink &link = mb.getLink(i);
                if (checker.check(id, i, link.m_cachedWorldTransform.getOrigin(), link.m_cachedWorldTransform.getRotation(),
                                  velocities[i + 1], spins[i + 1], mb.getLinkMass(i), mb.getLinkInertia(i))) return TGB_OK;
            }
        }

        if (limits->max_penetration > 0) {
            btDispatcher *dispatcher = world->dynamics->getDispatcher();
            for (int m = 0; m < dispatcher->getNumManifolds(); ++m) {
                const btPersistentManifold *manifold = dispatcher->getManifoldByIndexInternal(m);
                for (int c = 0; c < manifold->getNumContacts(); ++c) {
                    double depth = -manifold->getContactPoint(c).getDistance();
                    if (depth > limits->max_penetration) {
                        checker.broke(TGB_SANITY_PENETRATION, tgb::objectIdOf(manifold->getBody0()),
                                      tgb::linkOf(manifold->getBody0()), depth, limits->max_penetration);
                        out_report->other_body = tgb::objectIdOf(manifold->getBody1());
                        out_report->other_link = tgb::linkOf(manifold->getBody1());
                        return TGB_OK;
                    }
                }
            }
        }

        if (limits->max_joint_limit_violation > 0) {
            for (const auto &[id, record] : world->multibodies) {
                for (const btMultiBodyJointLimitConstraint *limit : record.limits) {
                    int link = limit->getLinkA();
                    double position = record.body->getJointPos(link);
                    double beyond = std::max(limit->getLowerBound() - position, position - limit->getUpperBound());
                    if (!std::isfinite(position) || beyond > limits->max_joint_limit_violation) {
                        checker.broke(std::isfinite(position) ? TGB_SANITY_JOINT_LIMIT : TGB_SANITY_NON_FINITE, id, link,
                                      beyond, limits->max_joint_limit_violation);
                        return TGB_OK;
                    }
                }
            }
        }
        return TGB_OK;
    });
}
