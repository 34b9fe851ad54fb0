// Internal types of the Bullet shim: the world record that owns every Bullet object, and
// the helpers each shim file shares (errors, validation, conversions). C++ only.
#pragma once

#include "BulletShim.h"

#include <btBulletDynamicsCommon.h>
#include <BulletCollision/CollisionDispatch/btCompoundCollisionAlgorithm.h>
#include <BulletDynamics/Featherstone/btMultiBody.h>
#include <BulletDynamics/Featherstone/btMultiBodyConstraintSolver.h>
#include <BulletDynamics/Featherstone/btMultiBodyGearConstraint.h>
#include <BulletDynamics/Featherstone/btMultiBodyDynamicsWorld.h>
#include <BulletDynamics/Featherstone/btMultiBodyJointFeedback.h>
#include <BulletDynamics/Featherstone/btMultiBodyJointLimitConstraint.h>
#include <BulletDynamics/Featherstone/btMultiBodyJointMotor.h>
#include <BulletDynamics/Featherstone/btMultiBodyLinkCollider.h>

#include <atomic>
#include <cmath>
#include <map>
#include <memory>
#include <string>
#include <vector>

#ifndef BT_USE_DOUBLE_PRECISION
#error "BulletShim must be built against bullet-float64 (BT_USE_DOUBLE_PRECISION)"
#endif

namespace tgb {

// MARK: Errors

// Records `message` as this thread's last error and returns `status`.
int fail(int status, const std::string &message);
// Runs `body`, turning any C++ exception into TGB_ERR_INTERNAL.
template <typename Body> int guarded(const char *function, Body body) {
    try {
        return body();
    } catch (const std::exception &error) {
        return fail(TGB_ERR_INTERNAL, std::string(function) + ": " + error.what());
    } catch (...) {
        return fail(TGB_ERR_INTERNAL, std::string(function) + ": unknown C++ exception");
    }
}

// MARK: Arithmetic

// AVX lanes are built on x86-64 only (elsewhere, or with -DTGB_PLAIN_ARITHMETIC, the plain
// loops, which give the same numbers, are all there is).
#if defined(__x86_64__) && !defined(TGB_PLAIN_ARITHMETIC)
#define TGB_AVX_LANES 1
#else
#define TGB_AVX_LANES 0
#endif

// Whether the processor has AVX (checked once at load; false without TGB_AVX_LANES).
extern const bool processorHasAvx;
// Whether row updates and unit responses use AVX lanes now (tgb_set_wide_arithmetic): the
// processor's AVX unless switched off. Lanes and plain loops give the same numbers.
extern std::atomic<bool> wideArithmetic;

// MARK: Validation and conversion

bool allFinite(double value);
bool allFinite(const tgb_vec3 &v);
bool allFinite(const tgb_quat &q);
bool allFinite(const tgb_pose &pose);
// A pose is valid when finite and its quaternion has a norm near 1 (normalised on use).
int checkPose(const tgb_pose &pose, const char *what);
int checkVector(const tgb_vec3 &v, const char *what);
int checkMaterial(const tgb_material &material, const char *what);

inline btVector3 toBt(const tgb_vec3 &v) { return btVector3(v.x, v.y, v.z); }
inline btQuaternion toBt(const tgb_quat &q) { return btQuaternion(q.x, q.y, q.z, q.w).normalized(); }
inline btTransform toBt(const tgb_pose &p) { return btTransform(toBt(p.rotation), toBt(p.position)); }
inline tgb_vec3 fromBt(const btVector3 &v) { return tgb_vec3{v.x(), v.y(), v.z()}; }
inline tgb_quat fromBt(const btQuaternion &q) { return tgb_quat{q.x(), q.y(), q.z(), q.w()}; }
inline tgb_pose fromBt(const btTransform &t) { return tgb_pose{fromBt(t.getOrigin()), fromBt(t.getRotation())}; }

// MARK: World contents

// A shape and the data it points into (triangle meshes keep their arrays here).
struct Shape {
    std::unique_ptr<btCollisionShape> shape;
    std::vector<btScalar> meshVertices;
    std::vector<int> meshIndices;
    std::unique_ptr<btTriangleIndexVertexArray> meshInterface;
    bool staticOnly = false;   // planes and triangle meshes
};

// A force and torque that keep acting for `stepsLeft` more steps.
struct TimedWrench {
    int32_t link = -1;
    btVector3 force{0, 0, 0};
    btVector3 point{0, 0, 0};
    btVector3 torque{0, 0, 0};
    int64_t stepsLeft = 0;
};

struct RigidBody {
    int32_t kind = TGB_BODY_STATIC;
    // Belt velocity of a conveyor surface (m/s, world); read by the contact-added callback
    // through the body's user pointer. Heap-allocated so the pointer stays valid.
    std::unique_ptr<btVector3> surfaceVelocity;
    std::unique_ptr<btRigidBody> body;
    std::vector<TimedWrench> wrenches;
};

// Unit responses of one multibody computed in the current solver setup, by Jacobian
// column: the rows of one joint (its servo, friction and spring-damper) all pick the same
// velocity coordinate, so one articulated-body solve serves them all. `clock` is the world's
// count of constraint solves; a response made at an earlier count is stale. A multibody's
// rows are all made in one setup per solve (one island), so the count tells setups apart.
//
// A response is M^-1 e_c, which Bullet's articulated-body pass computes inward over every
// link, then outward. Inward, a link outside the path from the joint's link to the base
// carries no force in its subtree: what it adds to its parent is what it adds for a zero
// force, the same for every column of the solve. `compute` takes those additions from one
// zero-force pass per solve (`prepare`) and runs Bullet's arithmetic only on the path, in
// Bullet's order: the numbers are Bullet's, a joint row costs about half a full pass.
constexpr uint64_t WarmStartedNever = UINT64_MAX;

struct UnitResponses {
    const uint64_t *clock = nullptr;
    std::vector<uint64_t> madeAt;  // per column, the solve that filled `start`
    std::vector<int> start;        // per column, offset in data.m_jacobians and m_deltaVelocitiesUnitImpulse
    std::vector<double> denominator;  // per column, fillJointRow's sum J . M^-1 J^T for the entries at `start` (NaN: not yet)
    // Whether the body's velocities are all finite, as found in solve `velocitiesCheckedAt`
    // (fillJointRow; the velocities do not change while a solve makes its rows).
    bool velocitiesChecked = false;
    uint64_t velocitiesCheckedAt = 0;
    bool velocitiesFinite = false;

    // Writes M^-1 (value e_column) (6 + dofs entries, Bullet's layout) to `output`, as Bullet's
    // calcAccelerationDeltasMultiDof would; false (nothing written) when the body has
    // kinematic parts or `column` is a base column: Bullet's pass then does it.
    bool compute(const btMultiBody &body, int column, btScalar value, btScalar *output);
    // Writes M^-1 J^T to `output` as Bullet's calcAccelerationDeltasMultiDof would, for a
    // Jacobian `jacobian` (6 + dofs entries) that is +0 at every joint dof off the path from
    // `link` (-1: the base) to the base, as Bullet's contact Jacobians are; false (nothing
    // written) when the body has kinematic parts.
    bool computeForJacobian(const btMultiBody &body, int link, const btScalar *jacobian, btScalar *output);
    // Computes, four at a time, the Jacobians (Bullet's fillContactJacobianMultiDof) and unit
    // responses (as computeForJacobian) of contact rows on `link` at `points` along
    // `directions`, for takeContact in this solve. Does nothing when the body is not usable.
    void prefetchContacts(const btMultiBody &body, int link, const btVector3 *points, const btVector3 *directions,
                          int count, btMultiBodyJacobianData &data);
    // Copies the prefetched Jacobian and response of a row on `link` at `point` along
    // `direction` (bit for bit the same vectors) to `jacobian` and `response`; false when
    // none was prefetched in this solve.
    bool takeContact(int link, const btVector3 &point, const btVector3 &direction, btScalar *jacobian, btScalar *response);
    // Whether the world solves with Bullet's own rows and passes only (tgb_world_set_reference_solver).
    bool reference() const { return referenceSolver != nullptr && *referenceSolver; }
    const bool *referenceSolver = nullptr;

private:
    void prepare(const btMultiBody &body);
    // Prepares the zero-force pass for this solve if needed; whether the body is usable.
    bool ready(const btMultiBody &body);
    // Bullet's pass for joint forces `force` (per dof, +0 off the path of `link`) and the
    // base's rotated start `start`.
    void respond(const btMultiBody &body, int link, const btSpatialForceVector &start, const btScalar *force,
                 btScalar *output);
    // The response to +1 at column `key` (key < 6 + dofs) or -1 at column key - (6 + dofs),
    // from the batch of this solve (computeBatch); made for `key` and the keys asked for in
    // the solve before, four at a time, when missing.
    void computeShared(const btMultiBody &body, int key, btScalar *output);
    // Bullet's pass for up to four such keys at once: the inward pass of each on its own
    // path (as respond), the outward pass of all four together, lane by lane the same
    // operations in the same order as respond's (so the same numbers).
    void computeBatch(const btMultiBody &body, const int *keys, int count, btScalar *const *outputs);
    // respond's inward pass into lane `lane` (its Y, path and base force) for forces `force`
    // (per dof, +0 off the path of `link`) and the base's start `start`.
    void inwardLane(const btMultiBody &body, int lane, int link, const btSpatialForceVector &start, const btScalar *force);
    // An unused lane of a batch: lane 0's inward results (Y on its path, base force) copied,
    // so the outward pass computes lane 0's response again into a spare output.
    void repeatFirstLane(const btMultiBody &body, int lane);
    // The inward pass of respond and inwardLane: marks the path of `link` in `path` (links
    // entries, all 0 before; nullptr: not marked), writes Y along it into `y` (dofs entries)
    // and leaves the base's force in accumulated[0].
    void inwardPass(const btMultiBody &body, int link, const btSpatialForceVector &start, const btScalar *force,
                    char *path, btScalar *y);
    // respond's outward pass for the four lanes, into `outputs`.
    void outwardLanes(const btMultiBody &body, btScalar *const *outputs);
    btSpatialForceVector laneRhs[4];    // per lane, the base's force after its inward pass
    struct PrefetchedContact {
        int link;
        int size;  // 6 + dofs
        btVector3 point, direction;
        size_t offset;  // in prefetchData: the Jacobian, then the response (6 + dofs each)
    };
    // Bullet's contact Jacobians for the rows of one link (see preparePath in UnitResponses.cpp).
    bool preparePath(const btMultiBody &body, int link);  // false: a joint type Bullet's own call must handle
    void contactJacobian(const btMultiBody &body, int link, const btVector3 &point, const btVector3 &normal,
                         btScalar *jacobian);
    std::vector<int> pathLinks;                  // base side first
    btAlignedObjectArray<btMatrix3x3> pathRotations;  // per path link, from its parent's frame
    btAlignedObjectArray<btVector3> pathAngular;      // [0] base, then per path link: the zero angular normal
    btMatrix3x3 baseRotation;
    std::vector<PrefetchedContact> prefetched;
    std::vector<btScalar> prefetchData;
    uint64_t prefetchedAt = WarmStartedNever;
    std::vector<uint64_t> batchMadeAt;  // per key (see computeShared): the solve whose response `batch` holds
    std::vector<uint64_t> askedAt;      // per key: the last solve that asked for it
    std::vector<btScalar> batch;        // per key, 6 + dofs entries
    std::vector<int> batchColumns;      // scratch: the keys of one computeShared
    std::vector<btScalar> laneY;        // scratch: Y of a lane's inward pass (dofs)
    std::vector<btScalar> laneYs;       // per dof, the four lanes' Y: the zero-force Y but on a lane's path
    int laneLink[4] = {-1, -1, -1, -1};  // per lane, the link of its force (-1: the base)
    std::vector<btScalar> laneAcceleration;  // scratch: outward pass, per link 6 x 4 lanes
    std::vector<btScalar> laneSpare;    // scratch: output of an unused lane
    bool prepared = false;
    uint64_t preparedAt = 0;  // the solve `passive` belongs to
    bool usable = false;      // no kinematic base or link
    btSpatialForceVector baseStart;                   // the base's zero-acceleration force before the links add theirs
    bool inertiaValid = false;                        // the base's articulated inertia is cached
    btMatrix3x3 inverseUpperLeft, inverseUpperRight, inverseLowerLeft, inverseLowerRight;  // its inverse, by blocks
    std::vector<btSpatialForceVector> passive;        // per link, its addition to its parent for a zero force
    std::vector<btScalar> passiveY;                   // per dof, Bullet's Y for a zero force
    std::vector<btSpatialForceVector> accumulated;    // scratch: zero-acceleration forces, [0] base
    std::vector<btSpatialMotionVector> spatialAcceleration;  // scratch, [0] base
    std::vector<btScalar> Y;                          // scratch, per dof
    std::vector<char> onPath;                         // scratch, per link
    std::vector<btScalar> unitForce;                  // scratch, per dof: +0 but at a joint row's dof
    std::vector<int> childStart;  // children of link p (p = -1: the base) at [childStart[p + 1], childStart[p + 2])
    std::vector<int> children;    // by parent, each parent's by decreasing index
    std::vector<int> childNext;   // scratch of prepare
    std::vector<int> dofLink;     // per dof, its joint's link
};

// Fills `c` for a row whose Jacobian is `value` (1, or -1 for an upper limit) at `column`
// of `body` (Bullet's 6 + dofs layout) and 0 elsewhere, one-sided: side B is the solver's
// fixed body. The row's numbers are those of btMultiBodyConstraint::fillMultiBodyConstraint
// for such a Jacobian (the parent side of a joint row only ever adds exact zeros), computed
// in the same order; the Jacobian and unit response (see UnitResponses) are an earlier row's of
// this setup on the same column when there is one. Returns the current velocity along the row.
double fillJointRow(btMultiBodySolverConstraint &c, btMultiBodyJacobianData &data, const btContactSolverInfo &info,
                    btMultiBody *body, int linkA, int linkB, int column, double value, double desiredVelocity,
                    double lower, double upper, UnitResponses &responses);

// Whether a joint constraint on `body` makes its rows with fillJointRow and the shared unit
// responses: not on Bullet's reference solver, not while the body reports joint feedback
// (which needs the parent side), and only when the solve has a fixed body.
bool usesJointRows(const UnitResponses *responses, btMultiBody *body, const btMultiBodyJacobianData &data);

// One joint of a multibody: its description, actuators and the readings of the last step.
// A joint's passive spring (stiffness toward a rest position) and viscous damper, solved
// implicitly as soft velocity rows next to the motors and contacts (see JointSprings.cpp).
class JointSpring : public btMultiBodyConstraint {
public:
    JointSpring(btMultiBody *body, int link, double stiffness, double restPosition, double damping);
    void finalizeMultiDof() override;
    int getIslandIdA() const override;
    int getIslandIdB() const override;
    void createConstraintRows(btMultiBodyConstraintArray &rows, btMultiBodyJacobianData &data,
                              const btContactSolverInfo &info) override;
    void debugDraw(btIDebugDraw *) override {}
    UnitResponses *responses = nullptr;  // owned by the MultiBody

private:
    double stiffness;     // N m/rad (N/m), single-dof joints only
    double restPosition;  // rad (m)
    double damping;       // N m s/rad (N s/m), every dof
};

// Rows of the servo, friction and spring-damper constraints act on one joint of one
// multibody: their Jacobian is zero on the parent side (Bullet's limit constraint is not one
// of them: its upper-bound row lives on that side). Bullet still builds that side as a
// second multibody side: in the setup an articulated-body solve of the zero vector, and in
// every iteration a pass over all dofs of its zero response. These constraints build their
// rows with fillJointRow instead, as Bullet builds a multibody touching static ground: the
// same numbers at less than half the cost per row. While the multibody reports joint
// feedback, the rows keep both sides (side B carries the reaction to the parent link).

// What a constraint whose rows the solver warm-starts remembers between solves (joint
// motors, joint friction and gears; see RowSolver::warmStartRows): each row's impulse at the
// end of solve `solvedAt` (the world's count of constraint solves). A row starts the next
// solve at the world's warm-start fraction of it, and only when its constraint made rows in
// the solve just before (`solvedAt` one less than the current count).
class WarmStarted {
public:
    static constexpr uint64_t never = UINT64_MAX;
    virtual ~WarmStarted() = default;
    std::vector<double> impulses;  // by row (m_orgDofIndex)
    uint64_t solvedAt = never;
    // A gear, or a servo or friction of a joint a gear couples (TGB_WARM_START_GEARED).
    bool geared = false;
};

// A joint's servo: Bullet's joint motor with its rows made by fillJointRow. The target
// velocity of the row is Bullet's: kp erp (q* - q) / dt + q' + kd (q'* - q'), clamped to
// +-m_rhsClamp, which holds the joint's speed limit (infinite when it has none).
class JointMotor : public btMultiBodyJointMotor, public WarmStarted {
public:
    using btMultiBodyJointMotor::btMultiBodyJointMotor;
    void createConstraintRows(btMultiBodyConstraintArray &rows, btMultiBodyJacobianData &data,
                              const btContactSolverInfo &info) override;
    UnitResponses *responses = nullptr;  // owned by the MultiBody
};

// A joint's position limits: Bullet's limit constraint with its rows made by fillJointRow.
// Bullet puts the upper bound's row (Jacobian -1) on the parent side, which is the same
// multibody: one-sided on the joint's side it gives the same numbers.
class JointLimit : public btMultiBodyJointLimitConstraint {
public:
    using btMultiBodyJointLimitConstraint::btMultiBodyJointLimitConstraint;
    void createConstraintRows(btMultiBodyConstraintArray &rows, btMultiBodyJacobianData &data,
                              const btContactSolverInfo &info) override;
    UnitResponses *responses = nullptr;  // owned by the MultiBody
};

// A joint's dry friction: a velocity motor toward 0 whose impulse is capped at the friction
// torque (force) times the step. While a servo (position or velocity control) holds the
// joint, the servo's row replaces it and it makes no row, as PyBullet's joint motor replaces
// the URDF friction motor: one solver row per held joint instead of two (each row costs an
// articulated-body solve in the setup and a pass over every dof per iteration).
class JointFriction : public JointMotor {
public:
    using JointMotor::JointMotor;
    void createConstraintRows(btMultiBodyConstraintArray &rows, btMultiBodyJacobianData &data,
                              const btContactSolverInfo &info) override;
    // Sets whether a servo holds the joint.
    void setHeld(bool value) { held = value; }
    // The impulse of the last step: 0 while held or before the solver first made its row.
    double lastImpulse() const { return held || m_data.size() == 0 ? 0 : m_data[0]; }

private:
    bool held = false;
};

// A URDF mimic: Bullet's gear constraint, whose row the solver may warm-start.
// Its row is built with the shared unit responses when both sides are one multibody (see
// GearConstraint::createConstraintRows in JointRows.cpp): Bullet's numbers, without its two
// articulated-body solves per row.
class GearConstraint : public btMultiBodyGearConstraint, public WarmStarted {
public:
    using btMultiBodyGearConstraint::btMultiBodyGearConstraint;
    void createConstraintRows(btMultiBodyConstraintArray &rows, btMultiBodyJacobianData &data,
                              const btContactSolverInfo &info) override;
    UnitResponses *responses = nullptr;  // owned by the MultiBody
};

struct Joint {
    int32_t type = TGB_JOINT_FIXED;
    int dofCount = 0;
    double damping = 0;
    double stiffness = 0;
    double springReference = 0;
    double friction = 0;
    double maxEffort = 0;
    double maxVelocity = 0;                          // servo speed limit, <= 0: unlimited
    tgb_joint_control control{};
    btMultiBodyJointMotor *motor = nullptr;          // owned by MultiBody::constraints
    JointFriction *frictionMotor = nullptr;          // idem, only when friction > 0
    JointSpring *spring = nullptr;                   // idem, only with stiffness or damping
    double commandedTorque = 0;                      // torque mode, last step
};

// Which pairs of a multibody's parts (base and links) collide with each other once self-
// collision is on: empty, Bullet's own rule (every pair but a link and its parent); else a
// (links + 1)^2 table, [(a + 1) * (links + 1) + (b + 1)] != 0 when parts a and b collide
// (symmetric; -1 is the base). Shared by the multibody's colliders.
struct SelfCollisionPairs {
    int parts = 0;  // links + 1
    std::vector<uint8_t> allowed;
};

// A multibody part's collider: Bullet's, with its self-collision test asking the multibody's
// pair table when it has one.
class LinkCollider : public btMultiBodyLinkCollider {
public:
    LinkCollider(btMultiBody *body, int link, std::shared_ptr<SelfCollisionPairs> pairs)
        : btMultiBodyLinkCollider(body, link), pairs(std::move(pairs)) {}
    bool checkCollideWithOverride(const btCollisionObject *other) const override;
    std::shared_ptr<SelfCollisionPairs> pairs;
};

struct MultiBody {
    std::unique_ptr<btMultiBody> body;
    std::vector<std::unique_ptr<btMultiBodyLinkCollider>> colliders;  // [0] base, [i+1] link i
    std::shared_ptr<SelfCollisionPairs> selfPairs;                    // shared with the colliders
    std::vector<std::unique_ptr<btMultiBodyConstraint>> constraints;
    // The joint-limit constraints among `constraints`, in the same order (the sanity guard
    // reads them every step; finding them by dynamic_cast cost more than the check).
    std::vector<const btMultiBodyJointLimitConstraint *> limits;
    std::vector<Joint> joints;
    std::unique_ptr<btMultiBodyJointFeedback[]> feedback;
    std::vector<TimedWrench> wrenches;
    std::unique_ptr<UnitResponses> responses;  // shared by the joint rows (see fillJointRow)
};

// Bullet's multibody solver with cheaper row updates, the same numbers:
// - non-contact rows whose Jacobian has a single non-zero entry (the servo, friction and
//   spring-damper rows of fillJointRow) read the row's velocity at that entry instead of a
//   dot product over every dof;
// - contact rows (normal, friction, torsional, spinning) sum the velocity over their
//   Jacobians' non-zero entries (a contact on a foot moves the base and the leg only);
// - the multibodies' own velocity deltas, to which Bullet adds every row's change a second
//   time, are written once after the iterations (when they start the solve at +0).
// The skipped terms are products with exact zeros, which leave a sum that starts at +0
// unchanged (as long as the velocities are finite). The rows are solved in Bullet's order
// and with its residual. When a non-contact row touches a rigid body, or a row has zero
// effective mass, the solve is Bullet's own. With warm start on (`warmStart` > 0), the rows of
// servos, joint friction and gears start at a fraction of their last impulses, in either
// solve (warmStartRows); off, nothing of it runs.
//
// Contact rows touching a multibody are built by the shim too (ContactRows.cpp): Bullet's
// convertMultiBodyContact and setupMultiBodyContactConstraint statement for statement,
// with each multibody side's unit response from UnitResponses (the inward pass along the
// contact link's path only) and the row's sums over the Jacobian's possibly non-zero
// entries (the base's six and the path's dofs).
class RowSolver : public btMultiBodyConstraintSolver {
public:
    // Solves with Bullet's own contact rows and passes (the yardstick of the bit-for-bit tests).
    bool reference = false;
    // Fraction of their last solve's impulse the rows of joint motors and gears start a
    // solve at (tgb_world_set_joint_warm_start); 0: off, every row starts at zero (Bullet).
    double warmStart = 0;
    // Which rows: TGB_WARM_START_ALL or TGB_WARM_START_GEARED (WarmStarted::geared only).
    int32_t warmStartScope = TGB_WARM_START_ALL;
    // The world's count of constraint solves (CanonicalWorld::solveCount).
    const uint64_t *clock = nullptr;

    btScalar solveGroupCacheFriendlySetup(btCollisionObject **bodies, int numBodies, btPersistentManifold **manifolds,
                                          int numManifolds, btTypedConstraint **constraints, int numConstraints,
                                          const btContactSolverInfo &info, btIDebugDraw *debugDrawer) override;
    btScalar solveSingleIteration(int iteration, btCollisionObject **bodies, int numBodies,
                                  btPersistentManifold **manifolds, int numManifolds, btTypedConstraint **constraints,
                                  int numConstraints, const btContactSolverInfo &info,
                                  btIDebugDraw *debugDrawer) override;
    btScalar solveGroupCacheFriendlyIterations(btCollisionObject **bodies, int numBodies,
                                               btPersistentManifold **manifolds, int numManifolds,
                                               btTypedConstraint **constraints, int numConstraints,
                                               const btContactSolverInfo &info, btIDebugDraw *debugDrawer) override;

protected:
    void convertContacts(btPersistentManifold **manifolds, int numManifolds, const btContactSolverInfo &info) override;

private:
    // Contact rows (ContactRows.cpp).
    void convertMultiBodyManifold(btPersistentManifold *manifold, const btContactSolverInfo &info);
    btMultiBodySolverConstraint &addFrictionRow(const btVector3 &direction, btPersistentManifold *manifold, int frictionIndex,
                                                btManifoldPoint &cp, btCollisionObject *objectA, btCollisionObject *objectB,
                                                const btContactSolverInfo &info);
    void setupContactRow(btMultiBodySolverConstraint &c, const btVector3 &normal, btManifoldPoint &cp,
                         const btContactSolverInfo &info, btScalar &relaxation, bool isFriction);
    void fillMultiBodySide(btMultiBody *body, int link, const btVector3 &point, const btVector3 &direction,
                           int &deltaIndex, int &jacobianIndex, std::vector<int> &entries);
    std::vector<int> entriesA, entriesB;  // scratch: a contact row's possibly non-zero Jacobian entries per side
    void prefetchContactRows(btPersistentManifold *manifold, const btContactSolverInfo &info, btMultiBody *body, int link,
                             bool sideA);
    std::vector<btVector3> prefetchPoints, prefetchDirections;  // scratch of prefetchContactRows

    // A contact row's non-zero Jacobian entries per side: `count` indices at `start` in nonZeros;
    // `inertA`/`inertB`: the side never moves and adds nothing (see inertSide in RowSolver.cpp).
    struct SparseRow {
        int startA = 0, countA = 0, startB = 0, countB = 0;
        bool inertA = false, inertB = false;
        // A multibody side's addresses, read once per solve (null: no multibody on that side):
        // its Jacobian, the multibody's velocity deltas, the row's unit response, 6 + dofs.
        const btScalar *jacobianA = nullptr, *jacobianB = nullptr;
        btScalar *velocitiesA = nullptr, *velocitiesB = nullptr;
        const btScalar *responseA = nullptr, *responseB = nullptr;
        int sizeA = 0, sizeB = 0;
    };
    // applyImpulse for a contact row through its SparseRow's addresses (RowSolver.cpp).
    void applyContactImpulse(const btMultiBodySolverConstraint &c, const SparseRow &row, btScalar deltaImpulse);
    btScalar resolveRow(const btMultiBodySolverConstraint &c, int column, bool inertSideB);
    btScalar resolveContactRow(const btMultiBodySolverConstraint &c, const SparseRow &row);
    btScalar resolveConePair(const btMultiBodySolverConstraint &first, const SparseRow &firstRow,
                             const btMultiBodySolverConstraint &second, const SparseRow &secondRow);
    btScalar velocityAlong(const btMultiBodySolverConstraint &c, const SparseRow &row, bool sideA);
    // `inertA`/`inertB`: skip that side (it has no multibody and its solver body never moves).
    void applyImpulse(const btMultiBodySolverConstraint &c, btScalar deltaImpulse, bool inertA, bool inertB);
    bool inertSide(const btMultiBodySolverConstraint &c, bool sideA);
    int stillBodyId = -1;  // this setup's solver body inertSide found unmoving (-1: none yet)
    // `own`: the multibody's own velocity deltas take the change too (Bullet's way).
    void applyImpulseToSide(btMultiBody *body, int jacobianIndex, int deltaIndex, int solverBodyId,
                            const btVector3 &normal, const btVector3 &angular, btScalar deltaImpulse, bool own);
    // Warm start (see warmStartRows in RowSolver.cpp).
    void warmStartRows();
    void rememberWarmRows();
    struct WarmRow {
        int index;             // in m_multiBodyNonContactConstraints
        WarmStarted *memory;   // its constraint's
    };
    std::vector<WarmRow> warmRows;  // this setup's rows of warm-started constraints
    void listNonZeros(const btMultiBody *body, int jacobianIndex, int &start, int &count);
    void describeContactRows(btMultiBodyConstraintArray &rows, std::vector<SparseRow> &sparse);
    void describeSide(const btMultiBody *body, int jacobianIndex, int velocityIndex, const btScalar *&jacobian,
                      btScalar *&velocities, const btScalar *&response, int &size);
    void noteMultiBody(btMultiBody *body, int deltaIndex);

    std::vector<int> columns;  // per non-contact row: its Jacobian's single non-zero entry, or -1
    std::vector<char> inertB;  // per non-contact row with a column: side B is inert (inertSide)
    std::vector<int> columnsB; // per non-contact row between two multibodies: side B's single non-zero entry, or -1
    btScalar resolvePairRow(const btMultiBodySolverConstraint &c, int columnA, int columnB);
    // A joint row's addresses for resolveFastRow (velocities null: not such a row).
    struct FastRow {
        const btScalar *jacobian = nullptr;    // its single non-zero Jacobian entry
        const btScalar *velocity = nullptr;    // the velocity delta at that entry
        btScalar *velocities = nullptr;        // the multibody's velocity deltas
        const btScalar *response = nullptr;    // its unit response
        int size = 0;                          // 6 + dofs
    };
    std::vector<FastRow> fastRows;  // per non-contact row
    void describeFastRows();
    btScalar resolveFastRow(btMultiBodySolverConstraint &c, const FastRow &fast);
#if TGB_AVX_LANES
    btScalar nonContactPassWide(int iteration);  // one pass over the non-contact rows (RowSolver.cpp)
#endif
    int singleNonZero(const btMultiBody *body, int jacobianIndex);  // the index, or -1 (none or several)
    bool ownPass = false;      // this setup's non-contact rows touch no rigid body
    std::vector<SparseRow> normalRows, frictionRows, torsionalRows, spinningRows;  // per contact row
    std::vector<int> nonZeros;                                 // Jacobian indices of the contact rows
    std::vector<std::pair<btMultiBody *, int>> touched;        // multibodies of the rows, their delta index
    std::vector<btMultiBody *> nonContactBodies;  // the multibodies of the non-contact rows, each once
    void markNonContactBodiesMoved();             // what Bullet's per-row marks leave after a pass
    std::vector<btScalar> deltaScratch;  // a multibody's velocity deltas, read before setting them
    bool directDeltas = false;           // rows add to the multibodies' own deltas too (Bullet's way)
};

// Bullet's simple broadphase with the same pair updates made more cheaply: Bullet looks every
// pair of proxies up in the pair cache's hash table each step (to add a new overlap or drop
// an ended one); here the pairs the cache holds are marked once per step in a table by
// proxy index, and the cache is asked to add or remove exactly the pairs Bullet would, in
// the same order. Beyond `maxTabled` proxies (a table too big to clear each step), Bullet's own.
class PairTableBroadphase : public btSimpleBroadphase {
public:
    using btSimpleBroadphase::btSimpleBroadphase;
    void calculateOverlappingPairs(btDispatcher *dispatcher) override;
    static constexpr int maxTabled = 512;

private:
    std::vector<uint32_t> marks;  // [lower * handles + higher]: == stamp when the cache holds the pair
    uint32_t stamp = 0;
    int markedHandles = 0;        // the row length `marks` was laid out for
};

// Bullet's collision dispatcher whose near callback passes over a convex body against a
// static plane when the query cannot make a contact this step: the pair's convex-plane
// algorithm holds an empty manifold and the body's bounding box lies farther above the plane
// than the manifold's breaking threshold plus the perturbed queries' reach (see World.cpp).
// Bullet's query would then add nothing and change nothing. Off with the reference solver.
class PlaneSkippingDispatcher : public btCollisionDispatcher {
public:
    explicit PlaneSkippingDispatcher(btCollisionConfiguration *configuration);
    const bool *reference = nullptr;  // the solver's reference flag: true runs every query
    // Whether the pair is a convex body and a plane that Bullet's query cannot touch now.
    bool farFromPlane(const btBroadphasePair &pair);

private:
    btManifoldArray manifolds;  // scratch
};

// The dynamics world with one extra stage: contact manifolds are put in a canonical order
// before the solver runs, so the solve order never depends on the history of the pair cache.
class CanonicalWorld : public btMultiBodyDynamicsWorld {
public:
    using btMultiBodyDynamicsWorld::btMultiBodyDynamicsWorld;
    void solveConstraints(btContactSolverInfo &solverInfo) override;
    void solveExternalForces(btContactSolverInfo &solverInfo) override;
    void sortManifolds();
    uint64_t solveCount = 0;  // constraint solves so far (the clock of UnitResponses)

private:
    // A multibody constraint and its island (Bullet's btGetMultiBodyConstraintIslandId).
    struct IslandKeyed {
        int island;
        int index;  // in m_multiBodyConstraints
        btMultiBodyConstraint *constraint;
    };
    btAlignedObjectArray<IslandKeyed> islandKeyed;  // scratch of solveExternalForces
    // The quicksort's permutation of `equalOrderCount` constraints that all share one island:
    // with every comparison false it depends on the count alone (one multibody: every step).
    std::vector<int> equalOrder;
    int equalOrderCount = -1;
};

// Identity of a collider: which object and link. Stored in btCollisionObject user indices.
inline int32_t objectIdOf(const btCollisionObject *object) { return object->getUserIndex(); }
inline int32_t linkOf(const btCollisionObject *object) { return object->getUserIndex2(); }

} // namespace tgb

struct tgb_world {
    tgb_world_settings settings{};
    std::unique_ptr<btDefaultCollisionConfiguration> configuration;
    std::unique_ptr<btCollisionAlgorithmCreateFunc> compoundCreateFunc;  // outlives the dispatcher
    std::unique_ptr<tgb::PlaneSkippingDispatcher> dispatcher;
    std::unique_ptr<btBroadphaseInterface> broadphase;
    std::unique_ptr<tgb::RowSolver> solver;
    std::unique_ptr<tgb::CanonicalWorld> dynamics;

    std::map<int32_t, std::unique_ptr<tgb::Shape>> shapes;
    // Collider of links without a shape: it never collides (filter 0) but gives the link an
    // island, without which Bullet skips the link's motors and limits.
    std::unique_ptr<btSphereShape> phantomShape = std::make_unique<btSphereShape>(0.001);
    std::map<int32_t, tgb::RigidBody> bodies;
    std::map<int32_t, tgb::MultiBody> multibodies;
    int32_t nextShapeId = 1;
    int32_t nextObjectId = 1;
    int64_t stepCount = 0;
    double simulatedTime = 0;  // s, sum of the steps taken

    // Scratch buffers reused by forward kinematics.
    btAlignedObjectArray<btQuaternion> scratchRotations;
    btAlignedObjectArray<btVector3> scratchOrigins;
};

namespace tgb {
// Colliders a world can hold (the simple broadphase's fixed proxy capacity).
constexpr int maxColliders = 8192;
// Fails with a message when `needed` more colliders would not fit in the world.
int checkColliderRoom(const tgb_world *world, int needed);
// Lookups that set the error message when the id is unknown.
RigidBody *findBody(const tgb_world *world, int32_t id);
MultiBody *findMultiBody(const tgb_world *world, int32_t id);
Shape *findShape(const tgb_world *world, int32_t id);
int checkWorld(const tgb_world *world);
void applySettings(tgb_world *world);
// Per-step inputs: torques, timed wrenches, joint damping; then motor limits.
void applyStepInputs(tgb_world *world);
// Recomputes link collider transforms after joint or base state was written.
void refreshMultiBodyTransforms(tgb_world *world, MultiBody &multibody);
void applyMaterial(btCollisionObject *object, const tgb_material &material);
int stepsFor(const tgb_world *world, double duration, int64_t *out_steps);
double maxImpulseFor(const tgb_world *world, const Joint &joint);
void applyJointControl(tgb_world *world, MultiBody &multibody, int link);
} // namespace tgb
