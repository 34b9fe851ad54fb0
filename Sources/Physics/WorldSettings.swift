// Global simulation settings of a world.
import BulletShim

/// Gravity, the fixed step and the contact solver's parameters. Defaults match what
/// TrainingGround used for humanoids before issue 9: 1/240 s steps and 50 solver
/// iterations (the task scenes now set 20 in their `world:` section).
public struct WorldSettings: Hashable, Codable, Sendable {
    /// m/s^2, world frame (z-up).
    public var gravity: Vector3 = Vector3(0, 0, -9.81)
    /// Seconds per physics step; fixed.
    public var timeStep: Double = 1.0 / 240.0
    public var solverIterations: Int = 50
    /// Fraction of contact penetration corrected per step, [0, 1].
    public var contactERP: Double = 0.2
    /// Constraint force mixing (softness) of contacts, >= 0.
    public var contactCFM: Double = 0
    /// Separate penetration recovery from velocity so recovery adds no energy.
    public var splitImpulse: Bool = true
    /// m; penetrations deeper than this use split impulse (negative = penetration depth).
    public var splitImpulsePenetrationThreshold: Double = -0.04
    public var splitImpulseERP: Double = 0.1
    /// The solver stops early once an iteration's largest squared velocity error is at
    /// most this, (m/s)^2, >= 0. 0 runs every iteration (bit-for-bit what 50 means);
    /// PyBullet's default is 1e-7.
    public var solverResidualThreshold: Double = 0

    public init() {}

    var shim: tgb_world_settings {
        tgb_world_settings(
            gravity: gravity.shim, time_step: timeStep, solver_iterations: Int32(clamping: solverIterations),
            contact_erp: contactERP, contact_cfm: contactCFM, split_impulse: splitImpulse ? 1 : 0,
            split_impulse_penetration_threshold: splitImpulsePenetrationThreshold, split_impulse_erp: splitImpulseERP,
            solver_residual_threshold: solverResidualThreshold)
    }

    init(_ s: tgb_world_settings) {
        gravity = Vector3(s.gravity)
        timeStep = s.time_step
        solverIterations = Int(s.solver_iterations)
        contactERP = s.contact_erp
        contactCFM = s.contact_cfm
        splitImpulse = s.split_impulse != 0
        splitImpulsePenetrationThreshold = s.split_impulse_penetration_threshold
        splitImpulseERP = s.split_impulse_erp
        solverResidualThreshold = s.solver_residual_threshold
    }
}
