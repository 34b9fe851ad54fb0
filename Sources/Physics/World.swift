// World: the owner of a Bullet dynamics world and everything created in it.
import BulletShim

/// A physics world: Bullet's Featherstone multibody world in double precision.
///
/// Ownership: the world owns its native handle and frees it in `deinit` or `close()`.
/// Every `Shape`, `RigidBody` and `MultiBody` keeps its world alive; after `close()` any
/// use of them throws `PhysicsError.worldClosed`. A world is not thread-safe: use one
/// world per thread (that is also what keeps runs bit-for-bit reproducible).
public final class World {
    private var handle: OpaquePointer?

    /// Creates an empty world. Throws on invalid settings (e.g. a NaN gravity or a
    /// non-positive time step).
    public init(settings: WorldSettings = WorldSettings()) throws {
        var native = settings.shim
        var created: OpaquePointer?
        try check(tgb_world_create(&native, &created))
        handle = created
    }

    deinit {
        tgb_world_destroy(handle)
    }

    /// Frees the native world now. Objects of this world throw `worldClosed` afterwards.
    public func close() {
        tgb_world_destroy(handle)
        handle = nil
    }

    public var isClosed: Bool { handle == nil }

    /// The Bullet build behind every world, e.g. "Bullet 3.24 (double precision)".
    public static var bulletDescription: String {
        let version = Int(tgb_bullet_version())
        let precision = tgb_bullet_double_precision() != 0 ? "double precision" : "single precision"
        return "Bullet \(version / 100).\(version % 100) (\(precision))"
    }

    /// Runs `body` with the native handle, or throws `worldClosed`.
    @inline(__always)
    func withHandle<Result>(_ what: @autoclosure () -> String, _ body: (OpaquePointer) throws -> Result) throws -> Result {
        guard let handle else { throw PhysicsError.worldClosed("\(what()) used after its world was closed") }
        return try body(handle)
    }

    // MARK: Settings and time

    public func settings() throws -> WorldSettings {
        try withHandle("world") { handle in
            var native = tgb_world_settings()
            try check(tgb_world_get_settings(handle, &native))
            return WorldSettings(native)
        }
    }

    public func setSettings(_ settings: WorldSettings) throws {
        try withHandle("world") { handle in
            var native = settings.shim
            try check(tgb_world_set_settings(handle, &native))
        }
    }

    /// Whether Bullet's own code builds and solves every constraint row (`true`) instead of
    /// the shim's cheaper rows and passes (`false`, the default). Both give the same numbers
    /// bit for bit; the reference is slower and exists so tests can prove that.
    public func setReferenceSolver(_ reference: Bool) throws {
        try withHandle("world") { handle in try check(tgb_world_set_reference_solver(handle, reference ? 1 : 0)) }
    }

    /// Whether the shim's row updates and unit responses compute four lanes at a time with
    /// AVX when the processor has it (`true`, the default) or with plain loops (`false`), for
    /// every world of the process. Both give the same numbers bit for bit; the switch exists
    /// so tests can prove it.
    public static func setWideArithmetic(_ enabled: Bool) throws {
        try check(tgb_set_wide_arithmetic(enabled ? 1 : 0))
    }

    /// Whether the shim computes with AVX lanes now (the switch and the processor).
    public static var wideArithmetic: Bool { tgb_wide_arithmetic() == 1 }

    /// Warm start of the solver rows of joint servos, joint friction and gears (URDF mimics):
    /// each row starts a step at `fraction` (0…1) of the impulse it ended the last step with
    /// instead of at zero, so a servo's force through a gear and contacts is not built up
    /// again by every step's iterations. 0 (the default) is Bullet's solver, bit for bit.
    /// `rows` limits it to the geared joints (see JointWarmStartRows).
    public func setJointWarmStart(_ fraction: Double, rows: JointWarmStartRows = .all) throws {
        try require(fraction.isFinite && (0...1).contains(fraction), "joint warm start must be in [0, 1], got \(fraction)")
        try withHandle("world") { handle in
            try check(tgb_world_set_joint_warm_start(handle, fraction, rows == .geared ? 1 : 0))
        }
    }

    /// The fraction and rows set by `setJointWarmStart` (fraction 0: off).
    public func jointWarmStart() throws -> (fraction: Double, rows: JointWarmStartRows) {
        try withHandle("world") { handle in
            var fraction = 0.0
            var rows: Int32 = 0
            try check(tgb_world_get_joint_warm_start(handle, &fraction, &rows))
            return (fraction, rows == 1 ? .geared : .all)
        }
    }

    /// Advances `steps` fixed steps. Per-step inputs (torque commands, timed pushes and
    /// joint damping) are applied before each step.
    public func step(_ steps: Int = 1) throws {
        try require(steps >= 0, "steps must be >= 0, got \(steps)")
        try withHandle("world") { handle in try check(tgb_world_step(handle, Int32(clamping: steps))) }
    }

    /// Steps from inside the shim with no Swift in the loop; returns the wall seconds.
    /// The reference against which the wrapper's overhead is measured.
    public func stepTimed(_ steps: Int) throws -> Double {
        try require(steps >= 0, "steps must be >= 0, got \(steps)")
        return try withHandle("world") { handle in
            var seconds = 0.0
            try check(tgb_world_step_timed(handle, Int32(clamping: steps), &seconds))
            return seconds
        }
    }

    /// Simulated seconds since creation (or as restored from a snapshot).
    public func time() throws -> Double {
        try withHandle("world") { handle in
            var seconds = 0.0
            try check(tgb_world_time(handle, &seconds, nil))
            return seconds
        }
    }

    /// Steps taken since creation (or as restored from a snapshot).
    public func stepCount() throws -> Int {
        try withHandle("world") { handle in
            var steps: Int64 = 0
            try check(tgb_world_time(handle, nil, &steps))
            return Int(steps)
        }
    }
}

/// Which solver rows World.setJointWarmStart warm-starts.
public enum JointWarmStartRows: String, Codable, Sendable, CaseIterable {
    /// Every servo, joint-friction and gear row.
    case all
    /// Only the gears and the servo and friction rows of the joints a gear couples (a
    /// gripper's finger pair), where the force runs servo → gear → contacts.
    case geared
}
