// SanityGuard: the bounds a healthy simulation stays within — speed, kinetic energy, contact
// depth, joint-limit violation, finite state — checked in the shim after a step (one call,
// O(bodies + contacts)). A broken bound is a SanityViolation naming the body, the link and
// the quantity, so a diverging episode says why instead of running on as garbage.
import BulletShim

public struct SanityLimits: Sendable, Equatable {
    /// m/s, of any dynamic body or link. A humanoid's fastest link in a hard fall stays
    /// under ~15 m/s; parts thrown by a gripper under ~5 m/s.
    public var maxLinearSpeed: Double
    /// rad/s.
    public var maxAngularSpeed: Double
    /// J, of any one body or link (a 10 kg part at 50 m/s is 12.5 kJ).
    public var maxKineticEnergy: Double
    /// m, depth of any contact: resting contacts sit at ~1 mm; several centimetres means
    /// bodies passed into each other.
    public var maxPenetration: Double
    /// rad (or m for prismatic joints) beyond a limited joint's range.
    public var maxJointLimitViolation: Double

    public init(maxLinearSpeed: Double = 50, maxAngularSpeed: Double = 200, maxKineticEnergy: Double = 20_000,
                maxPenetration: Double = 0.05, maxJointLimitViolation: Double = 0.25) {
        self.maxLinearSpeed = maxLinearSpeed
        self.maxAngularSpeed = maxAngularSpeed
        self.maxKineticEnergy = maxKineticEnergy
        self.maxPenetration = maxPenetration
        self.maxJointLimitViolation = maxJointLimitViolation
    }

    public static let standard = SanityLimits()
}

public struct SanityViolation: Sendable, Equatable, CustomStringConvertible {
    public enum Quantity: String, Sendable {
        case nonFinite = "non-finite state"
        case linearSpeed = "linear speed"
        case angularSpeed = "angular speed"
        case kineticEnergy = "kinetic energy"
        case penetration = "penetration depth"
        case jointLimit = "joint-limit violation"

        var unit: String {
            switch self {
            case .nonFinite: return ""
            case .linearSpeed: return "m/s"
            case .angularSpeed: return "rad/s"
            case .kineticEnergy: return "J"
            case .penetration: return "m"
            case .jointLimit: return "rad or m"
            }
        }
    }

    public var quantity: Quantity
    /// Body or multibody id, and link index (-1: a rigid body or a multibody's base).
    public var body: Int32
    public var link: Int32
    /// Penetration only: the other body and link.
    public var otherBody: Int32?
    public var otherLink: Int32?
    public var value: Double
    public var limit: Double

    /// The measurement, e.g. `linear speed 63.2 m/s > 50 m/s` (no names: see `Episode`).
    public var measurement: String {
        if quantity == .nonFinite { return quantity.rawValue }
        func figure(_ value: Double) -> String {
            abs(value) >= 100 ? String(format: "%.0f", value) : String(format: "%.3g", value)
        }
        return "\(quantity.rawValue) \(figure(value)) \(quantity.unit) > \(figure(limit)) \(quantity.unit)"
    }

    public var description: String {
        var text = "body \(body)" + (link >= 0 ? " link \(link)" : "")
        if let otherBody { text += " into body \(otherBody)" + ((otherLink ?? -1) >= 0 ? " link \(otherLink ?? -1)" : "") }
        return text + ": " + measurement
    }
}

extension World {
    /// The first bound of `limits` the current state breaks (bodies, then links, contacts,
    /// joint limits), or nil.
    public func checkSanity(_ limits: SanityLimits = .standard) throws -> SanityViolation? {
        try withHandle("world") { handle in
            var native = tgb_sanity_limits(max_linear_speed: limits.maxLinearSpeed, max_angular_speed: limits.maxAngularSpeed,
                                           max_kinetic_energy: limits.maxKineticEnergy, max_penetration: limits.maxPenetration,
                                           max_joint_limit_violation: limits.maxJointLimitViolation)
            var report = tgb_sanity_report()
            try check(tgb_world_check_sanity(handle, &native, &report))
            let quantity: SanityViolation.Quantity
            switch Int(report.quantity) {
            case Int(TGB_SANITY_OK): return nil
            case Int(TGB_SANITY_NON_FINITE): quantity = .nonFinite
            case Int(TGB_SANITY_LINEAR_SPEED): quantity = .linearSpeed
            case Int(TGB_SANITY_ANGULAR_SPEED): quantity = .angularSpeed
            case Int(TGB_SANITY_KINETIC_ENERGY): quantity = .kineticEnergy
            case Int(TGB_SANITY_PENETRATION): quantity = .penetration
            default: quantity = .jointLimit
            }
            let isContact = quantity == .penetration
            return SanityViolation(quantity: quantity, body: report.body, link: report.link,
                                   otherBody: isContact ? report.other_body : nil, otherLink: isContact ? report.other_link : nil,
                                   value: report.value, limit: report.limit)
        }
    }
}
