// InverseKinematics: damped least squares with task priorities and joint limits. Tasks are
// solved in priority order; each lower-priority task acts in the null space of those above
// it (e.g. keep the feet, then the centre of mass over the support, then the hand).
import Foundation
import Physics
import Robot

/// One thing IK should achieve, in the world frame.
public enum IKTarget: Sendable {
    /// A point of a link (in the link's frame) should be at `position`.
    case position(link: String, point: Vector3, position: Vector3)
    /// A link's frame should have `rotation`.
    case orientation(link: String, rotation: Quaternion)
    /// The whole-body centre of mass should be at `x, y` (horizontal only).
    case centerOfMassXY(x: Double, y: Double)
}

public struct IKTask: Sendable {
    public var target: IKTarget
    /// Tasks with a smaller number come first; equal numbers are stacked and weighted.
    public var priority: Int
    public var weight: Double

    public init(_ target: IKTarget, priority: Int = 0, weight: Double = 1) {
        self.target = target
        self.priority = priority
        self.weight = weight
    }
}

public struct InverseKinematics: Sendable {
    public let kinematics: KinematicModel
    /// Damping of the least-squares solve (larger: slower, steadier near singularities).
    public var damping: Double = 0.05
    public var maxIterations: Int = 100
    /// Largest change of any coordinate per iteration (rad or m).
    public var maxStep: Double = 0.2
    /// Coordinates IK may move; others stay as given (e.g. only one arm).
    public var activeJoints: Set<String>?

    public init(kinematics: KinematicModel) { self.kinematics = kinematics }

    public struct Result: Sendable {
        public var q: [Double]
        /// Remaining error per priority level (m or rad, Euclidean norm).
        public var errors: [Int: Double]
        public var iterations: Int
    }

    /// Solves from `q0` with the base held at `base`. Joint limits are respected.
    public func solve(tasks: [IKTask], q0: [Double], base: Pose, tolerance: Double = 1e-4) -> Result {
        var q = q0
        let (lower, upper) = kinematics.limits
        let active = (0..<kinematics.coordinateCount).map { activeJoints?.contains(kinematics.jointNames[$0]) ?? true }
        let levels = Set(tasks.map(\.priority)).sorted()
        var iterations = 0
        var errors: [Int: Double] = [:]
        for iteration in 0..<maxIterations {
            iterations = iteration + 1
            // Joints pinned at a limit and pushed further out leave the problem for this
            // iteration, so the null-space projections stay true for the joints that move.
            var free = active
            var dq = [Double](repeating: 0, count: q.count)
            var worst = 0.0
            for _ in 0..<4 {
                (dq, worst) = step(tasks: tasks, levels: levels, q: q, base: base, free: free, errors: &errors)
                var changed = false
                for i in 0..<q.count where free[i] {
                    if (q[i] <= lower[i] + 1e-12 && dq[i] < 0) || (q[i] >= upper[i] - 1e-12 && dq[i] > 0) {
                        free[i] = false
                        changed = true
                    }
                }
                if !changed { break }
            }
            if worst < tolerance { break }
            for i in 0..<q.count where free[i] { q[i] = min(max(q[i] + dq[i], lower[i]), upper[i]) }
        }
        return Result(q: q, errors: errors, iterations: iterations)
    }

    /// One damped, prioritised step for the joints marked free; returns it and the worst
    /// task error.
    private func step(tasks: [IKTask], levels: [Int], q: [Double], base: Pose, free: [Bool],
                      errors: inout [Int: Double]) -> ([Double], Double) {
        var dq = [Double](repeating: 0, count: q.count)
        var projector = Matrix.identity(q.count)
        var worst = 0.0
        for level in levels {
            let (jacobian, error) = stack(tasks.filter { $0.priority == level }, q: q, base: base, active: free)
            let residual = error.norm
            errors[level] = residual
            worst = max(worst, residual)
            if jacobian.rows == 0 { continue }
            // Solve J P x = e - J dq, then dq += P x.
            let jp = jacobian * projector
            let rhs = Matrix(column: error) - jacobian * Matrix(column: dq)
            let x = jp.transposed * (jp * jp.transposed + Matrix.identity(jp.rows) * (damping * damping)).solve(rhs)
            // Each level's step is bounded on its own, so a large lower-priority error
            // cannot shrink the steps of the levels above it.
            let levelStep = projector * x
            let largest = (0..<dq.count).map { abs(levelStep[$0, 0]) }.max() ?? 0
            let scale = largest > maxStep ? maxStep / largest : 1
            for i in 0..<dq.count { dq[i] += scale * levelStep[i, 0] }
            // The projector uses a nearly undamped inverse so it stays a true null-space
            // projector; the damping above only tempers the step.
            projector = projector - jp.pseudoInverse(damping: 1e-6) * jp
        }
        return (dq, worst)
    }

    /// The stacked Jacobian rows and errors of one priority level.
    private func stack(_ tasks: [IKTask], q: [Double], base: Pose, active: [Bool]) -> (Matrix, [Double]) {
        let poses = kinematics.linkPoses(q: q, base: base)
        var rows: [[Double]] = []
        var error: [Double] = []
        for task in tasks {
            let w = task.weight
            switch task.target {
            case let .position(link, point, position):
                guard let frame = poses[link] else { continue }
                let j = kinematics.jacobian(link: link, point: point, q: q, base: base, poses: poses)
                let e = position - frame.transform(point)
                rows += j[0..<3].map { $0.map { $0 * w } }
                error += [e.x * w, e.y * w, e.z * w]
            case let .orientation(link, rotation):
                guard let frame = poses[link] else { continue }
                let j = kinematics.jacobian(link: link, q: q, base: base, poses: poses)
                let e = Self.rotationError(from: frame.rotation, to: rotation)
                rows += j[3..<6].map { $0.map { $0 * w } }
                error += [e.x * w, e.y * w, e.z * w]
            case let .centerOfMassXY(x, y):
                let com = kinematics.centerOfMass(q: q, base: base)
                rows += com.jacobian[0..<2].map { $0.map { $0 * w } }
                error += [(x - com.position.x) * w, (y - com.position.y) * w]
            }
        }
        // Inactive coordinates get no say.
        let masked = rows.map { row in row.enumerated().map { active[$0.offset] ? $0.element : 0 } }
        return (Matrix(rows: masked, columns: q.count), error)
    }

    /// The rotation vector (axis × angle, world frame) that turns `current` into `target`.
    static func rotationError(from current: Quaternion, to target: Quaternion) -> Vector3 {
        var d = target * current.conjugate
        if d.w < 0 { d = Quaternion(x: -d.x, y: -d.y, z: -d.z, w: -d.w) }
        let sine = (d.x * d.x + d.y * d.y + d.z * d.z).squareRoot()
        guard sine > 1e-12 else { return .zero }
        let angle = 2 * atan2(sine, d.w)
        return Vector3(d.x, d.y, d.z) * (angle / sine)
    }
}

extension Array where Element == Double {
    var norm: Double { reduce(0) { $0 + $1 * $1 }.squareRoot() }
}
