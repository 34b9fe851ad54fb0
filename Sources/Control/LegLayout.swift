// LegLayout: what the balance and walking controllers need to know about a humanoid's legs,
// read from its model and profile alone — which sole frame is left and which right, the
// sole outlines, the leg joints between pelvis and sole, and the standing geometry of the
// nominal pose (pelvis and COM heights over the floor, stance width).
import Foundation
import Physics
import Robot

public enum FootSide: Int, CaseIterable, Sendable, CustomStringConvertible {
    case left = 0, right = 1

    public var other: FootSide { self == .left ? .right : .left }
    /// +1 for the left foot, −1 for the right (the side's sign along the robot's y axis).
    public var sign: Double { self == .left ? 1 : -1 }
    public var description: String { self == .left ? "left" : "right" }
}

/// A foot on the floor: the centre of its sole (world, m; z is the floor) and its heading (rad).
public struct FootPlacement: Sendable, Equatable, CustomStringConvertible {
    public var position: Point2
    public var yaw: Double

    public init(position: Point2, yaw: Double) {
        self.position = position
        self.yaw = yaw
    }

    /// The sole centre frame in the world (flat on a floor at height `floor`).
    public func pose(floor: Double = 0) -> Pose {
        Pose(position: Vector3(position.x, position.y, floor), rotation: Quaternion(axis: .unitZ, angle: yaw))
    }

    /// A point given in the foot's heading frame, in the world.
    public func point(_ local: Point2) -> Point2 { position + local.rotated(yaw) }
    public var description: String { "\(position) yaw \(String(format: "%.3f", yaw))" }
}

public enum LegLayoutError: Error, CustomStringConvertible {
    case profile(String)
    public var description: String {
        switch self {
        case let .profile(message): return "robot profile: \(message)"
        }
    }
}

public struct LegLayout: Sendable {
    public let kinematics: KinematicModel
    /// The sole frame (a link of the model) of each foot, indexed by FootSide.
    public let soleLinks: [String]
    /// The sole centre in its sole frame (m): the point the controllers place on the floor.
    public let soleCenters: [Vector3]
    /// Sole outlines around the sole centre, in the sole frame (m).
    public let soleOutlines: [SoleOutline]
    /// Leg joints (pelvis → sole) per side.
    public let legJoints: [[String]]
    /// The nominal pose, as IK coordinates.
    public let nominalCoordinates: [Double]
    public let nominal: [String: Double]
    /// Height (m) of the root link frame over the floor in the nominal pose, upright.
    public let pelvisHeight: Double
    /// Height (m) of the COM over the floor in the nominal pose.
    public let comHeight: Double
    /// COM minus root position (world xy, m) in the nominal pose, upright, heading 0.
    public let comOffset: Point2
    /// Sole centres of the nominal pose in the root's heading frame (m), per side.
    public let nominalFeet: [Point2]

    /// Reads the layout from a model, its profile and its nominal joint positions. Feet are
    /// told apart by their side in the nominal pose (left: +y).
    /// The profile's gait timing, if it gives one.
    public let gait: GaitProfile?

    public init(model: RobotModel, profile: RobotProfile, nominal: [String: Double]) throws {
        let kinematics = KinematicModel(model: model)
        self.kinematics = kinematics
        gait = profile.gait
        guard profile.soles.count == 2 || profile.feet.count == 2 else {
            throw LegLayoutError.profile("needs two feet (or soles) for balance and walking, got \(profile.feet)")
        }
        let feet = profile.feet.count == 2 ? profile.feet : profile.soles
        let soles = profile.soles.count == 2 ? profile.soles : feet
        let q = kinematics.coordinates(nominal)
        let poses = kinematics.linkPoses(q: q, base: .identity)
        var centers: [Vector3] = [], outlines: [SoleOutline] = []
        for (foot, sole) in zip(feet, soles) {
            guard let footPose = poses[foot], let solePose = poses[sole] else {
                throw LegLayoutError.profile("foot \(foot) or sole \(sole) is not a link of \(model.name)")
            }
            // The foot's collision sole, carried into the sole frame.
            let toSole = solePose.inverse * footPose
            guard let outline = SoleOutline(model: model, link: foot) else {
                throw LegLayoutError.profile("foot \(foot) has no collision shapes to stand on")
            }
            let corners = outline.corners.map { toSole.transform($0) }
            let center = corners.reduce(Vector3.zero, +) / Double(corners.count)
            centers.append(center)
            outlines.append(SoleOutline(corners: corners.map { $0 - center }))
        }
        // Left is the foot further along the root's +y.
        let y = zip(soles, centers).map { poses[$0.0]?.transform($0.1).y ?? 0 }
        let order = y[0] >= y[1] ? [0, 1] : [1, 0]
        let soleNames = order.map { soles[$0] }
        let soleCenterPoints = order.map { centers[$0] }
        soleLinks = soleNames
        soleCenters = soleCenterPoints
        soleOutlines = order.map { outlines[$0] }
        legJoints = soleNames.map { link in kinematics.chain(to: link).map { kinematics.nodes[$0].joint.name } }
        self.nominal = nominal
        nominalCoordinates = q
        let soleWorld = (0..<2).map { poses[soleNames[$0]]?.transform(soleCenterPoints[$0]) ?? .zero }
        let floor = soleWorld.map(\.z).reduce(0, +) / 2
        pelvisHeight = -floor
        let com = kinematics.centerOfMass(q: q, base: .identity).position
        comHeight = com.z - floor
        comOffset = com.xy
        nominalFeet = soleWorld.map(\.xy)
    }

    /// Every leg joint.
    public var allLegJoints: [String] { legJoints[0] + legJoints[1] }

    /// The world pose of side's sole centre for coordinates q and base pose.
    public func solePose(_ side: FootSide, poses: [String: Pose]) -> Pose? {
        guard let sole = poses[soleLinks[side.rawValue]] else { return nil }
        return Pose(position: sole.transform(soleCenters[side.rawValue]), rotation: sole.rotation)
    }

    /// The support polygon of the given feet at their placements.
    public func supportPolygon(_ feet: [(FootSide, FootPlacement)]) -> SupportPolygon {
        SupportPolygon(feet: feet.map { ($0.1.pose(), soleOutlines[$0.0.rawValue]) })
    }
}

extension Quaternion {
    /// Heading (rad): the angle of the rotated x axis about world z.
    public var yaw: Double {
        let forward = rotate(.unitX)
        return atan2(forward.y, forward.x)
    }

    /// The rotation with its heading removed (roll and pitch only).
    public var tilt: Quaternion { Quaternion(axis: .unitZ, angle: -yaw) * self }
}

/// The difference a − b wrapped into (−π, π].
@inline(__always)
public func wrappedAngle(_ angle: Double) -> Double {
    var a = angle.truncatingRemainder(dividingBy: 2 * Double.pi)
    if a > Double.pi { a -= 2 * Double.pi }
    if a <= -Double.pi { a += 2 * Double.pi }
    return a
}
