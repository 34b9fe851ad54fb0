// StancePoseSolver: turns a whole-body target — the COM over a floor point, the pelvis
// upright at a height and heading, each sole centre at a pose — into joint positions, through
// the prioritised IK (feet first) on the leg joints. The pelvis position that puts the COM
// where it is asked is found by a few fixed-point passes: COM error moves the pelvis.
import Foundation
import Physics
import Robot

public struct StancePoseSolver: Sendable {
    public let layout: LegLayout
    var ik: InverseKinematics
    var swingIK: [InverseKinematics]
    /// The last solution (IK coordinates) and COM − pelvis offset (xy), warm starts.
    public private(set) var coordinates: [Double]
    private var comOffset: Point2
    /// Passes of the pelvis correction per solve.
    public var comPasses = 2

    public init(layout: LegLayout) {
        self.layout = layout
        var solver = InverseKinematics(kinematics: layout.kinematics)
        solver.maxIterations = 12
        solver.damping = 0.01
        solver.maxStep = 0.3
        solver.activeJoints = Set(layout.allLegJoints)
        ik = solver
        swingIK = layout.legJoints.map { joints in
            var one = solver
            one.activeJoints = Set(joints)
            return one
        }
        coordinates = layout.nominalCoordinates
        comOffset = layout.comOffset
    }

    private func footTasks(_ feet: [(FootSide, Pose)]) -> [IKTask] {
        feet.flatMap { side, pose in
            [IKTask(.position(link: layout.soleLinks[side.rawValue], point: layout.soleCenters[side.rawValue],
                              position: pose.position), priority: 0),
             IKTask(.orientation(link: layout.soleLinks[side.rawValue], rotation: pose.rotation), priority: 0,
                    weight: 0.5)]
        }
    }

    /// Joint coordinates that put both soles at `feet` (world poses of the sole centres) with
    /// the pelvis at `pelvisHeight` and `pelvisRotation` and the COM over `com` (xy). Returns
    /// the pelvis pose used.
    @discardableResult
    public mutating func solve(com: Point2, pelvisHeight: Double, pelvisRotation: Quaternion,
                               feet: [(FootSide, Pose)]) -> Pose {
        let tasks = footTasks(feet)
        var base = Pose.identity
        for pass in 0..<max(1, comPasses) {
            let rotated = comOffset
            base = Pose(position: Vector3(com.x - rotated.x, com.y - rotated.y, pelvisHeight), rotation: pelvisRotation)
            coordinates = ik.solve(tasks: tasks, q0: coordinates, base: base, tolerance: 1e-5).q
            let reached = layout.kinematics.centerOfMass(q: coordinates, base: base).position.xy
            let newOffset = reached - base.position.xy
            let moved = (newOffset - comOffset).length
            comOffset = newOffset
            if moved < 0.002 && pass > 0 { break }
        }
        return base
    }

    /// Re-solves one leg so its sole centre reaches `target` from the pelvis at `base` (e.g.
    /// the pelvis where it is measured to be, for a swing foot that must land at a world spot).
    public mutating func solveLeg(_ side: FootSide, target: Pose, base: Pose) {
        coordinates = swingIK[side.rawValue].solve(tasks: footTasks([(side, target)]), q0: coordinates, base: base,
                                                   tolerance: 1e-5).q
    }

    /// The leg joints' positions of the last solve, by name.
    public var legTargets: [String: Double] {
        var targets: [String: Double] = [:]
        for (index, name) in layout.kinematics.jointNames.enumerated() where layout.allLegJoints.contains(name) {
            targets[name] = coordinates[index]
        }
        return targets
    }
}
