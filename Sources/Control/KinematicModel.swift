// KinematicModel: forward kinematics, Jacobians and the centre of mass of a RobotModel,
// computed in Swift from joint positions — no physics world is touched, so controllers can
// plan freely. Frames are the model's link frames (URDF convention).
import Physics
import Robot

public struct KinematicModel: Sendable {
    /// One joint of the tree in depth-first order.
    struct Node: Sendable {
        var joint: RobotJoint
        var parentIndex: Int?  // index into nodes of the joint whose child is our parent link
        var childLink: String
    }

    public let model: RobotModel
    let nodes: [Node]
    let nodeOfLink: [String: Int]
    /// Movable single-dof joints, in model order: the coordinates of `q`.
    public let jointNames: [String]
    let coordinateOfJoint: [String: Int]

    public init(model: RobotModel) {
        self.model = model
        var nodes: [Node] = []
        var nodeOfLink: [String: Int] = [:]
        for joint in model.joints {
            nodes.append(Node(joint: joint, parentIndex: nodeOfLink[joint.parent], childLink: joint.child))
            nodeOfLink[joint.child] = nodes.count - 1
        }
        self.nodes = nodes
        self.nodeOfLink = nodeOfLink
        let movable = model.joints.filter { [.revolute, .continuous, .prismatic].contains($0.kind) }.map(\.name)
        jointNames = movable
        coordinateOfJoint = Dictionary(uniqueKeysWithValues: movable.enumerated().map { ($1, $0) })
    }

    public var coordinateCount: Int { jointNames.count }

    /// Joint positions by name → the coordinate vector (missing names are 0).
    public func coordinates(_ positions: [String: Double]) -> [Double] {
        jointNames.map { positions[$0] ?? 0 }
    }

    /// World poses of every link frame for joint coordinates `q` and a base (root link) pose.
    public func linkPoses(q: [Double], base: Pose) -> [String: Pose] {
        var poses: [String: Pose] = [model.rootLink: base]
        for node in nodes {
            guard let parent = poses[node.joint.parent] else { continue }
            poses[node.childLink] = parent * node.joint.origin * motion(of: node.joint, q: q)
        }
        return poses
    }

    /// The joint's own motion at coordinates q (identity for fixed joints).
    func motion(of joint: RobotJoint, q: [Double]) -> Pose {
        guard let index = coordinateOfJoint[joint.name] else { return .identity }
        switch joint.kind {
        case .revolute, .continuous: return Pose(rotation: Quaternion(axis: joint.axis, angle: q[index]))
        case .prismatic: return Pose(position: joint.axis.normalized * q[index])
        default: return .identity
        }
    }

    /// The joints (coordinate indices) between the root and `link`.
    func chain(to link: String) -> [Int] {
        var result: [Int] = []
        var node = nodeOfLink[link]
        while let index = node {
            if coordinateOfJoint[nodes[index].joint.name] != nil { result.append(index) }
            node = nodes[index].parentIndex
        }
        return result.reversed()
    }

    /// Geometric Jacobian of a point fixed in `link` (given in the link frame), 6 × n rows:
    /// linear velocity (3 rows) then angular velocity (3 rows), world frame, per coordinate.
    public func jacobian(link: String, point: Vector3 = .zero, q: [Double], base: Pose,
                         poses: [String: Pose]? = nil) -> [[Double]] {
        let poses = poses ?? linkPoses(q: q, base: base)
        var rows = [[Double]](repeating: [Double](repeating: 0, count: coordinateCount), count: 6)
        guard let frame = poses[link] else { return rows }
        let target = frame.transform(point)
        for index in chain(to: link) {
            let joint = nodes[index].joint
            guard let column = coordinateOfJoint[joint.name], let child = poses[nodes[index].childLink] else { continue }
            let axis = child.rotation.rotate(joint.axis.normalized)
            let linear: Vector3
            let angular: Vector3
            if joint.kind == .prismatic {
                linear = axis
                angular = .zero
            } else {
                linear = axis.cross(target - child.position)
                angular = axis
            }
            for (row, value) in [linear.x, linear.y, linear.z, angular.x, angular.y, angular.z].enumerated() {
                rows[row][column] = value
            }
        }
        return rows
    }

    /// Whole-body centre of mass (world) and its Jacobian (3 × n).
    public func centerOfMass(q: [Double], base: Pose) -> (position: Vector3, jacobian: [[Double]]) {
        let poses = linkPoses(q: q, base: base)
        var total = 0.0
        var weighted = Vector3.zero
        var jacobian = [[Double]](repeating: [Double](repeating: 0, count: coordinateCount), count: 3)
        for link in model.links {
            guard let inertial = link.inertial, inertial.mass > 0, let pose = poses[link.name] else { continue }
            total += inertial.mass
            weighted = weighted + inertial.mass * pose.transform(inertial.origin.position)
            let j = self.jacobian(link: link.name, point: inertial.origin.position, q: q, base: base, poses: poses)
            for row in 0..<3 { for column in 0..<coordinateCount { jacobian[row][column] += inertial.mass * j[row][column] } }
        }
        guard total > 0 else { return (.zero, jacobian) }
        return (weighted / total, jacobian.map { $0.map { $0 / total } })
    }

    /// Lower and upper limits per coordinate (±π for unlimited revolute joints).
    public var limits: (lower: [Double], upper: [Double]) {
        let joints = jointNames.compactMap { model.joint(named: $0) }
        return (joints.map { $0.limits?.lower ?? -Double.pi }, joints.map { $0.limits?.upper ?? Double.pi })
    }
}
