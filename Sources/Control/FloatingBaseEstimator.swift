// FloatingBaseEstimator: where the robot's pelvis and centre of mass are and how fast the
// COM moves, from what a real robot measures — joint encoders (positions, velocities) and
// an IMU on the pelvis (orientation, angular velocity) — by leg odometry: feet in support
// are taken to stay where they were put down, and the kinematic chain from those feet up
// gives the pelvis.
import Foundation
import Physics
import Robot

/// One reading of the robot's own sensors.
public struct RobotSensors: Sendable {
    /// Joint positions (rad or m) and velocities by joint name.
    public var jointPositions: [String: Double]
    public var jointVelocities: [String: Double]
    /// Pelvis orientation in the world (gravity-aligned, heading as integrated by the IMU).
    public var orientation: Quaternion
    /// Pelvis angular velocity (rad/s, world axes).
    public var angularVelocity: Vector3

    public init(jointPositions: [String: Double], jointVelocities: [String: Double], orientation: Quaternion,
                angularVelocity: Vector3) {
        self.jointPositions = jointPositions
        self.jointVelocities = jointVelocities
        self.orientation = orientation
        self.angularVelocity = angularVelocity
    }
}

public struct FloatingBaseEstimator: Sendable {
    public let layout: LegLayout
    /// Low-pass factor of the COM velocity (0 … 1: the weight of a new reading).
    public var velocitySmoothing = 0.6

    /// Estimated pelvis (root link) pose in the odometry frame (floor at z = 0).
    public private(set) var pelvis = Pose.identity
    /// Estimated COM position (m) and velocity (m/s) in the odometry frame.
    public private(set) var com = Vector3.zero
    public private(set) var comVelocity = Vector3.zero
    /// Sole centre poses measured from the kinematics (odometry frame), per side.
    public private(set) var soles: [Pose] = [.identity, .identity]
    public private(set) var coordinates: [Double] = []
    private var started = false

    public init(layout: LegLayout) { self.layout = layout }

    /// Updates the estimate. `support` lists the feet on the floor and where (their
    /// placements in the odometry frame); with none, the pelvis keeps its last position.
    public mutating func update(_ sensors: RobotSensors, support: [(FootSide, FootPlacement)]) {
        let kinematics = layout.kinematics
        let q = kinematics.coordinates(sensors.jointPositions)
        coordinates = q
        let qd = kinematics.coordinates(sensors.jointVelocities)
        let local = Pose(rotation: sensors.orientation)
        let poses = kinematics.linkPoses(q: q, base: local)
        let relative = FootSide.allCases.map { layout.solePose($0, poses: poses) ?? .identity }
        // Pelvis: each support foot's placement minus the chain from pelvis to that foot.
        var position = pelvis.position
        if !support.isEmpty {
            var sum = Vector3.zero
            for (side, placement) in support {
                sum = sum + Vector3(placement.position.x, placement.position.y, 0) - relative[side.rawValue].position
            }
            position = sum / Double(support.count)
        }
        pelvis = Pose(position: position, rotation: sensors.orientation)
        soles = relative.map { Pose(position: $0.position + position, rotation: $0.rotation) }
        let center = kinematics.centerOfMass(q: q, base: local)
        com = center.position + position
        // COM velocity with the support feet still: ω × (c − foot) + (J_c − J_foot) q̇.
        var velocity = Vector3.zero
        let sides = support.isEmpty ? [] : support.map(\.0)
        for side in sides {
            let foot = relative[side.rawValue].position
            let footJacobian = kinematics.jacobian(link: layout.soleLinks[side.rawValue],
                                                   point: layout.soleCenters[side.rawValue], q: q, base: local,
                                                   poses: poses)
            var v = sensors.angularVelocity.cross(center.position - foot)
            var joint = [0.0, 0, 0]
            for row in 0..<3 {
                for column in 0..<qd.count where qd[column] != 0 {
                    joint[row] += (center.jacobian[row][column] - footJacobian[row][column]) * qd[column]
                }
            }
            v = v + Vector3(joint[0], joint[1], joint[2])
            velocity = velocity + v / Double(sides.count)
        }
        if !started {
            comVelocity = velocity
            started = true
        } else {
            comVelocity = comVelocity + (velocity - comVelocity) * velocitySmoothing
        }
    }

    /// Moves the odometry frame's origin estimate: the pelvis is at `position` now.
    public mutating func reset(pelvisPosition: Vector3) {
        pelvis.position = pelvisPosition
    }
}
