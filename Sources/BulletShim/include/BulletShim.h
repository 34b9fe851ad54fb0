// BulletShim: the extern "C" face of Bullet (Featherstone multibody, double precision).
//
// The only code in TrainingGround that includes Bullet headers is behind this file.
// Rules every function follows:
// - Every symbol carries the `tgb_` prefix.
// - Functions return an `int` status (TGB_OK = 0); on failure `tgb_last_error()` gives a
//   message for the calling thread. No C++ exception crosses this boundary.
// - A `tgb_world` owns everything created in it (shapes, bodies, multibodies). Objects are
//   named by world-local integer ids that are never reused, so a removed or unknown id is
//   reported as an error instead of touching freed memory.
// - Units are SI: metres, kilograms, seconds, radians, newtons. Frames: world is z-up.
//   Quaternions are (x, y, z, w) and rotate vectors from the local frame into the parent
//   (or world) frame.
#ifndef TGB_BULLET_SHIM_H
#define TGB_BULLET_SHIM_H

#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

// MARK: Status codes

enum {
    TGB_OK = 0,
    TGB_ERR_INVALID_ARGUMENT = 1,  // a value is out of range, NaN, infinite or inconsistent
    TGB_ERR_NOT_FOUND = 2,         // an id names nothing in this world (never made, or removed)
    TGB_ERR_BAD_SNAPSHOT = 3,      // snapshot bytes do not match this world
    TGB_ERR_INTERNAL = 4           // Bullet or the allocator failed (message says how)
};

// The last error message on this thread; owned by the shim, valid until the next call.
const char *tgb_last_error(void);

// Bullet's version as an integer (e.g. 324 for 3.24) and whether this build uses double
// precision (always 1: the shim refuses to compile otherwise).
int tgb_bullet_version(void);
int tgb_bullet_double_precision(void);

// MARK: Plain value types

typedef struct { double x, y, z; } tgb_vec3;
typedef struct { double x, y, z, w; } tgb_quat;
typedef struct { tgb_vec3 position; tgb_quat rotation; } tgb_pose;

// Pose plus velocities of a body or link frame, in world coordinates.
typedef struct {
    tgb_pose pose;
    tgb_vec3 linear_velocity;   // m/s of the frame origin (the centre of mass)
    tgb_vec3 angular_velocity;  // rad/s
} tgb_body_state;

// Contact surface of a collider. Friction coefficients are Coulomb (dimensionless);
// rolling and spinning friction are Bullet's torsional coefficients (m).
typedef struct {
    double friction;
    double rolling_friction;
    double spinning_friction;
    double restitution;
} tgb_material;

// MARK: World

typedef struct tgb_world tgb_world;

typedef struct {
    tgb_vec3 gravity;                   // m/s^2, default (0, 0, -9.81)
    double time_step;                   // s, fixed physics step, default 1/240
    int32_t solver_iterations;          // default 50
    double contact_erp;                 // error reduction for contacts, default 0.2
    double contact_cfm;                 // constraint force mixing for contacts, default 0
    int32_t split_impulse;              // 1: penetration recovery does not add energy
    double split_impulse_penetration_threshold;  // m, default -0.04
    double split_impulse_erp;           // default 0.1
    // The solver stops before `solver_iterations` once the largest squared velocity error
    // of an iteration is at most this, (m/s)^2; default 0: every iteration always runs.
    // PyBullet's default is 1e-7.
    double solver_residual_threshold;
} tgb_world_settings;

void tgb_world_settings_default(tgb_world_settings *out_settings);

// Creates an empty world. The caller owns it and frees it with tgb_world_destroy.
int tgb_world_create(const tgb_world_settings *settings, tgb_world **out_world);
// Frees the world and everything in it. NULL is ignored.
void tgb_world_destroy(tgb_world *world);
int tgb_world_get_settings(const tgb_world *world, tgb_world_settings *out_settings);
int tgb_world_set_settings(tgb_world *world, const tgb_world_settings *settings);
// Which code builds and solves the constraint rows: 0 (the default) the shim's, 1 Bullet's
// own throughout (contact rows, two-sided joint rows, Bullet's dense passes). Both give the
// same numbers bit for bit; the reference is slower and exists so tests can prove it.
int tgb_world_set_reference_solver(tgb_world *world, int32_t reference);
// Whether the shim's row updates and unit responses use four-lane AVX arithmetic when the
// processor has it (1, the default) or plain loops (0), for every world of the process. Both
// give the same numbers bit for bit (each lane is one IEEE operation of the plain loop); the
// switch exists so tests can prove it. 1 on a processor without AVX stays plain.
int tgb_set_wide_arithmetic(int32_t enabled);
// 1 when the shim computes with AVX lanes now (tgb_set_wide_arithmetic and the processor), else 0.
int tgb_wide_arithmetic(void);
// Warm start of the solver rows of joint servos, joint friction and gears (URDF mimics):
// each row starts a step at `fraction` (in [0, 1]) of the impulse it ended the last step
// with, applied before the first iteration, instead of at zero. A servo's or gear's force
// then no longer has to be built up again by each step's iterations (with too few
// iterations for the step it falls short: a gripper squeezes weakly at long steps).
// Default 0 (off): Bullet's numbers. The remembered impulses are part of snapshots.
// `rows` says which rows: TGB_WARM_START_ALL, or TGB_WARM_START_GEARED: only the gears and
// the servos and friction of the joints a gear couples (a gripper's finger pair), where the
// force runs servo -> gear -> contacts and each step's iterations build it up slowest.
enum { TGB_WARM_START_ALL = 0, TGB_WARM_START_GEARED = 1 };
int tgb_world_set_joint_warm_start(tgb_world *world, double fraction, int32_t rows);
// `out_rows` may be NULL.
int tgb_world_get_joint_warm_start(const tgb_world *world, double *out_fraction, int32_t *out_rows);
// Advances `steps` fixed steps. Per-step inputs (torques, timed external forces, joint
// damping) are applied before each step.
int tgb_world_step(tgb_world *world, int32_t steps);
// Simulated time in seconds and the number of steps taken since creation.
int tgb_world_time(const tgb_world *world, double *out_seconds, int64_t *out_steps);

// MARK: Shapes (owned by the world; one shape may be used by many bodies)

// An infinite static plane: points p with dot(normal, p) = offset.
int tgb_shape_plane(tgb_world *world, tgb_vec3 normal, double offset, int32_t *out_shape);
int tgb_shape_box(tgb_world *world, tgb_vec3 half_extents, int32_t *out_shape);
int tgb_shape_sphere(tgb_world *world, double radius, int32_t *out_shape);
// Capsule and cylinder run along their local z axis; `length` is the cylindrical part.
int tgb_shape_capsule(tgb_world *world, double radius, double length, int32_t *out_shape);
int tgb_shape_cylinder(tgb_world *world, double radius, double length, int32_t *out_shape);
// Convex hull of `count` points given as x, y, z triples (3 * count doubles).
int tgb_shape_convex_hull(tgb_world *world, const double *points_xyz, int32_t count,
                          int32_t *out_shape);
// Static triangle mesh (only for static bodies): vertices as xyz triples, 3 indices per triangle.
int tgb_shape_triangle_mesh(tgb_world *world, const double *vertices_xyz, int32_t vertex_count,
                            const int32_t *indices, int32_t index_count, int32_t *out_shape);
// A compound of earlier shapes, each placed at a pose in the compound's frame.
int tgb_shape_compound(tgb_world *world, const int32_t *child_shapes, const tgb_pose *child_poses,
                       int32_t count, int32_t *out_shape);
// Principal inertia (kg m^2) of a solid shape of `mass` kg about its own frame.
int tgb_shape_inertia(tgb_world *world, int32_t shape, double mass, tgb_vec3 *out_inertia);

// MARK: Rigid bodies

enum { TGB_BODY_STATIC = 0, TGB_BODY_DYNAMIC = 1, TGB_BODY_KINEMATIC = 2 };

typedef struct {
    int32_t kind;                // TGB_BODY_*
    int32_t shape;               // a shape id of this world
    double mass;                 // kg; must be > 0 for dynamic bodies, ignored otherwise
    tgb_vec3 inertia;            // principal inertia in kg m^2; all zero: computed from the shape
    tgb_pose pose;               // world pose of the body frame (= centre of mass)
    tgb_material material;
    double linear_damping;       // fraction of velocity removed per second, [0, 1]
    double angular_damping;      // [0, 1]
    int32_t collision_group;     // bit mask; 0 means the default for the kind
    int32_t collision_mask;      // bit mask; 0 means collide with everything
} tgb_rigid_body_desc;

// Bodies and multibodies share one id space within a world. A world holds at most 8192
// colliders (one per rigid body, one per multibody link and base); beyond that, creation
// fails with TGB_ERR_INVALID_ARGUMENT.
int tgb_body_create(tgb_world *world, const tgb_rigid_body_desc *desc, int32_t *out_body);
int tgb_body_remove(tgb_world *world, int32_t body);
int tgb_body_get_state(const tgb_world *world, int32_t body, tgb_body_state *out_state);
// Teleports a body (dynamic or static) or sets the target pose of a kinematic body, whose
// velocity then follows from the motion over the next step.
int tgb_body_set_pose(tgb_world *world, int32_t body, tgb_pose pose);
int tgb_body_set_velocity(tgb_world *world, int32_t body, tgb_vec3 linear, tgb_vec3 angular);
int tgb_body_set_material(tgb_world *world, int32_t body, tgb_material material);
// Makes a static or kinematic body's surface move tangentially at `velocity` (m/s, world
// frame) without the body moving: a conveyor belt. Contacts on it carry the belt speed as
// a friction target along the belt direction, so parts are carried by friction. A zero
// vector turns it off.
int tgb_body_set_surface_velocity(tgb_world *world, int32_t body, tgb_vec3 velocity);

// Adds a force (N) acting at a world point and a torque (N m) for `duration` seconds of
// simulated time (at least one step).
int tgb_body_apply_wrench(tgb_world *world, int32_t body, tgb_vec3 force, tgb_vec3 world_point,
                          tgb_vec3 torque, double duration);

// MARK: Articulated bodies (btMultiBody)

enum {
    TGB_JOINT_FIXED = 0,
    TGB_JOINT_REVOLUTE = 1,
    TGB_JOINT_PRISMATIC = 2,
    TGB_JOINT_SPHERICAL = 3
};

// One link and the joint that attaches it to its parent. A link's frame is its centre-of-
// mass frame with principal inertia axes.
typedef struct {
    int32_t parent;              // index of the parent link, -1 for the base
    int32_t joint_type;          // TGB_JOINT_*
    tgb_pose joint_in_parent;    // joint frame (pivot + orientation at q = 0) in the parent frame
    tgb_vec3 joint_to_com;       // from the pivot to this link's centre of mass, in this frame
    tgb_vec3 axis;               // revolute / prismatic axis, unit, in this link's frame
    double mass;                 // kg, > 0
    tgb_vec3 inertia;            // principal inertia, kg m^2, each > 0
    int32_t shape;               // collider in this link's frame, -1 for none
    tgb_material material;
    int32_t has_limits;          // 1: lower..upper enforced by a limit constraint
    double lower_limit;          // rad or m
    double upper_limit;
    double damping;              // viscous joint damping, N m s/rad (or N s/m); implicit
    double friction;             // dry joint friction, N m (or N); acts while no servo holds
                                 // the joint (position or velocity control replace it, as
                                 // PyBullet's joint motor does)
    double max_effort;           // actuator limit, N m (or N); <= 0 means unlimited
    double max_velocity;         // servo speed limit, rad/s (or m/s); <= 0 means unlimited.
                                 // Position and velocity control clamp the velocity their
                                 // row drives the joint toward to +-max_velocity (PyBullet's
                                 // maxVelocity); contacts and gravity may still exceed it
    double stiffness;            // passive spring toward spring_reference, N m/rad (or N/m);
                                 // revolute and prismatic joints only; implicit
    double spring_reference;     // rad (or m)
} tgb_link_desc;

typedef struct {
    int32_t fixed_base;          // 1: the base is welded to the world
    tgb_pose base_pose;          // world pose of the base frame (its centre of mass)
    double base_mass;            // kg, > 0 unless the base is fixed
    tgb_vec3 base_inertia;       // kg m^2
    int32_t base_shape;          // collider of the base, -1 for none
    tgb_material base_material;
    int32_t self_collision;      // 1: non-adjacent links collide with each other
    double linear_damping;       // Bullet's multibody damping, default 0
    double angular_damping;
    int32_t collision_group;     // 0 means default
    int32_t collision_mask;      // 0 means everything
} tgb_multibody_desc;

int tgb_multibody_create(tgb_world *world, const tgb_multibody_desc *desc,
                         const tgb_link_desc *links, int32_t link_count, int32_t *out_multibody);
int tgb_multibody_remove(tgb_world *world, int32_t multibody);
// Sizes: links, position coordinates (spherical joints use 4), velocity coordinates.
int tgb_multibody_sizes(const tgb_world *world, int32_t multibody, int32_t *out_links,
                        int32_t *out_positions, int32_t *out_velocities);
int tgb_multibody_set_self_collision(tgb_world *world, int32_t multibody, int32_t enabled);
int tgb_multibody_get_base_state(const tgb_world *world, int32_t multibody,
                                 tgb_body_state *out_state);
int tgb_multibody_set_base_state(tgb_world *world, int32_t multibody, const tgb_body_state *state);
// World pose and velocity of a link frame (link = -1 is the base).
int tgb_multibody_get_link_state(const tgb_world *world, int32_t multibody, int32_t link,
                                 tgb_body_state *out_state);
// All joint coordinates in link order: positions (rad/m; spherical as x,y,z,w) and
// velocities (rad/s, m/s). Buffers must hold the sizes from tgb_multibody_sizes.
int tgb_multibody_get_joint_positions(const tgb_world *world, int32_t multibody, double *out,
                                      int32_t capacity);
int tgb_multibody_get_joint_velocities(const tgb_world *world, int32_t multibody, double *out,
                                       int32_t capacity);
int tgb_multibody_set_joint_state(tgb_world *world, int32_t multibody, int32_t link,
                                  const double *positions, int32_t position_count,
                                  const double *velocities, int32_t velocity_count);

// Per-joint readings after the last step (single-dof joints; spherical: first axis only for
// the torques, the reaction wrench is complete).
typedef struct {
    double applied_torque;       // motor + commanded torque + spring, damping and friction, N m (or N)
    tgb_vec3 reaction_force;     // force the parent exerts on this link at the joint, N, link frame
    tgb_vec3 reaction_torque;    // N m, link frame
} tgb_joint_reading;
// Joint reaction wrenches cost a second articulated-body pass per step, so they are off
// until enabled; while off, reaction_force and reaction_torque read as zero.
int tgb_multibody_set_joint_feedback(tgb_world *world, int32_t multibody, int32_t enabled);
int tgb_multibody_get_joint_reading(const tgb_world *world, int32_t multibody, int32_t link,
                                    tgb_joint_reading *out_reading);

enum {
    TGB_CONTROL_NONE = 0,        // passive joint (only damping and friction act)
    TGB_CONTROL_POSITION = 1,    // implicit motor constraint toward a position and velocity
                                 // (replaces the joint's dry friction while it holds)
    TGB_CONTROL_VELOCITY = 2,    // implicit motor constraint toward a velocity (idem)
    TGB_CONTROL_TORQUE = 3       // an explicit torque each step
};

// Actuation of one single-dof joint. Position and velocity gains are Bullet's motor gains:
// the fraction of the position error (resp. velocity error) the constraint removes per
// step, in [0, 1]. `max_force` caps the motor (N m or N); <= 0 uses the link's max_effort,
// and unlimited if that is also <= 0. Torque mode clamps the torque to the same cap.
typedef struct {
    int32_t mode;                // TGB_CONTROL_*
    double target_position;
    double target_velocity;
    double torque;
    double position_gain;
    double velocity_gain;
    double max_force;
} tgb_joint_control;
int tgb_multibody_set_joint_control(tgb_world *world, int32_t multibody, int32_t link,
                                    const tgb_joint_control *control);

// Couples two single-dof joints of one multibody so that q_follower = multiplier *
// q_leader + offset (a URDF <mimic>), as an implicit gear constraint whose force is capped
// at `max_force` (N m or N; <= 0: unlimited).
int tgb_multibody_add_mimic(tgb_world *world, int32_t multibody, int32_t follower_link, int32_t leader_link,
                            double multiplier, double offset, double max_force);

// World-space bounding box (m) of all colliders of a multibody, margins included.
// Fails when the body has no collider.
int tgb_multibody_aabb(const tgb_world *world, int32_t multibody, tgb_vec3 *out_min, tgb_vec3 *out_max);
// How far the colliders reach along a unit world `direction` (m): the largest dot(p,
// direction) over their points, margins included. Exact for convex colliders and compounds
// of them (bounding boxes of rotated compounds are loose); other shapes use their box.
// Fails when the body has no collider.
int tgb_multibody_extent(const tgb_world *world, int32_t multibody, tgb_vec3 direction, double *out_extent);

// A force (N) at a world point and a torque (N m) on a link (-1: base) for `duration` s.
int tgb_multibody_apply_wrench(tgb_world *world, int32_t multibody, int32_t link, tgb_vec3 force,
                               tgb_vec3 world_point, tgb_vec3 torque, double duration);

// MARK: Contacts and rays

// One contact point after the last step. `body` ids are rigid-body or multibody ids; `link`
// is -1 for a rigid body or a multibody base. Forces are the solver's impulses / time step.
typedef struct {
    int32_t body_a, link_a, body_b, link_b;
    tgb_vec3 position_on_a;      // world
    tgb_vec3 position_on_b;      // world
    tgb_vec3 normal_on_b;        // world, unit, pointing from b towards a
    double distance;             // m, negative when penetrating
    double normal_force;         // N, >= 0
    double friction_force_1;     // N along friction_direction_1
    double friction_force_2;
    tgb_vec3 friction_direction_1;
    tgb_vec3 friction_direction_2;
} tgb_contact;

// Writes up to `capacity` contacts and the total number in `out_total`.
int tgb_world_contacts(const tgb_world *world, tgb_contact *out_contacts, int32_t capacity,
                       int32_t *out_total);

typedef struct { tgb_vec3 from, to; } tgb_ray;
typedef struct {
    int32_t hit;                 // 1 when the ray hit something
    int32_t body, link;
    double fraction;             // along from -> to, in [0, 1]
    tgb_vec3 position, normal;   // world
} tgb_ray_hit;
int tgb_world_ray_cast(const tgb_world *world, const tgb_ray *rays, int32_t count,
                       tgb_ray_hit *out_hits);

// MARK: Snapshots

// Serialises the complete dynamic state (bodies, joints, controls, timed forces, contact
// caches and solver seed) so that restoring it continues bit for bit. The bytes are
// allocated by the shim; free them with tgb_bytes_free. Restore accepts snapshots of this
// world or of a world built by the same calls in the same order.
int tgb_world_snapshot(const tgb_world *world, uint8_t **out_bytes, int64_t *out_size);
int tgb_world_restore(tgb_world *world, const uint8_t *bytes, int64_t size);
void tgb_bytes_free(uint8_t *bytes);

// MARK: Sanity guard

// Bounds a healthy simulation stays within; a value <= 0 switches that check off.
typedef struct {
    double max_linear_speed;           // m/s, of any dynamic body or link
    double max_angular_speed;          // rad/s
    double max_kinetic_energy;         // J, of any one body or link
    double max_penetration;            // m, depth of any contact
    double max_joint_limit_violation;  // rad or m beyond a limited joint's range
} tgb_sanity_limits;

enum {
    TGB_SANITY_OK = 0,
    TGB_SANITY_NON_FINITE = 1,         // a position, orientation or velocity is NaN or infinite
    TGB_SANITY_LINEAR_SPEED = 2,
    TGB_SANITY_ANGULAR_SPEED = 3,
    TGB_SANITY_KINETIC_ENERGY = 4,
    TGB_SANITY_PENETRATION = 5,
    TGB_SANITY_JOINT_LIMIT = 6,
};

// The first bound broken, in a fixed order (bodies by id, then links, then contacts, then
// joint limits), or quantity TGB_SANITY_OK.
typedef struct {
    int32_t quantity;                  // TGB_SANITY_*
    int32_t body, link;                // body or multibody id; link index (-1: base or a rigid body)
    int32_t other_body, other_link;    // penetration: the other side (0 / -1 otherwise)
    double value, limit;
} tgb_sanity_report;

// Checks every dynamic body and multibody link, contact and joint limit against `limits`:
// O(bodies + links + contacts), a small fraction of a step.
int tgb_world_check_sanity(const tgb_world *world, const tgb_sanity_limits *limits,
                           tgb_sanity_report *out_report);

// MARK: Reference loop (benchmarks)

// Steps the world `steps` times from C++ with no caller in the loop, and returns the wall
// time in seconds: the yardstick for the wrapper's overhead.
int tgb_world_step_timed(tgb_world *world, int32_t steps, double *out_seconds);

// A control loop of one multibody from C++: per control step, re-sends every controlled
// joint's current control (tgb_multibody_set_joint_control), takes
// `physics_steps_per_control` single steps (tgb_world_step), then reads all joint
// positions and velocities, the base state and the base link state. Returns the wall
// seconds for `control_steps` control steps. The same calls a Swift control loop makes,
// with no Swift in the loop.
int tgb_multibody_control_loop_timed(tgb_world *world, int32_t multibody, int32_t control_steps,
                                     int32_t physics_steps_per_control, double *out_seconds);

#ifdef __cplusplus
}
#endif

#endif
