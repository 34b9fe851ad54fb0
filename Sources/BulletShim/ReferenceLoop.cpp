// ReferenceLoop: a control loop of one multibody driven from C++ with no caller in the
// loop. It makes exactly the shim calls a Swift control loop makes (targets re-sent to
// every controlled joint, fixed steps, joint and base readings), so the time of the Swift
// loop divided by this one is the wrapper's overhead, measured.
#include "ShimInternal.hpp"

#include <chrono>

using namespace tgb;

extern "C" int tgb_multibody_control_loop_timed(tgb_world *world, int32_t id, int32_t control_steps,
                                                 int32_t physics_steps_per_control, double *out_seconds) {
    return guarded(__func__, [&]() -> int {
        if (int status = checkWorld(world)) return status;
        MultiBody *mb = findMultiBody(world, id);
        if (mb == nullptr) return TGB_ERR_NOT_FOUND;
        if (control_steps < 0 || physics_steps_per_control < 1)
            return fail(TGB_ERR_INVALID_ARGUMENT, "control_steps must be >= 0 and physics_steps_per_control >= 1");
        int linkCount = (int)mb->joints.size();
        std::vector<double> positions(mb->body->getNumPosVars() + 1), velocities(mb->body->getNumDofs() + 1);
        std::vector<tgb_joint_control> controls(linkCount);
        for (int link = 0; link < linkCount; ++link) controls[link] = mb->joints[link].control;
        tgb_body_state base{}, root{};
        auto start = std::chrono::steady_clock::now();
        for (int32_t control = 0; control < control_steps; ++control) {
            // applyAction: every controlled joint gets its target again.
            for (int link = 0; link < linkCount; ++link) {
                if (controls[link].mode == TGB_CONTROL_NONE) continue;
                if (int status = tgb_multibody_set_joint_control(world, id, link, &controls[link])) return status;
            }
            // stepPhysics: one call per physics step.
            for (int32_t step = 0; step < physics_steps_per_control; ++step)
                if (int status = tgb_world_step(world, 1)) return status;
            // readSensors: joint positions and velocities, base state, the root frame.
            if (int status = tgb_multibody_get_joint_positions(world, id, positions.data(), (int32_t)positions.size()))
                return status;
            if (int status = tgb_multibody_get_joint_velocities(world, id, velocities.data(), (int32_t)velocities.size()))
                return status;
            if (int status = tgb_multibody_get_base_state(world, id, &base)) return status;
            if (int status = tgb_multibody_get_link_state(world, id, -1, &root)) return status;
        }
        auto end = std::chrono::steady_clock::now();
        if (out_seconds) *out_seconds = std::chrono::duration<double>(end - start).count();
        return TGB_OK;
    });
}
