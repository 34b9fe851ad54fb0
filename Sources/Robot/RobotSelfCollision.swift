// RobotSelfCollision: which of a robot's bodies collide with each other (MuJoCo's rule for
// a kinematic tree, stated on the built bodies). Two bodies that both have colliders collide
// unless a single joint joins them — counting as one joint a chain of joints through bodies
// without colliders, such as a hip's yaw and roll links or a wrist's, which together make
// one ball-like joint whose neighbours always overlap near the pivot — or the robot names the
// pair as kept apart (a profile's `self_collision.exclude`). Bodies merged by fixed joints
// are one body, so their links never collide with each other.
import Physics

/// How a robot's own links collide, chosen when it is built (see RobotBuildOptions).
public struct RobotSelfCollision: Sendable, Hashable {
    /// Pairs of model links that never collide though the rule would let them (any link of
    /// a merged body names that body). Each pair has two link names.
    public var exclude: [[String]]

    public init(exclude: [[String]] = []) {
        self.exclude = exclude
    }

    /// The colliding pairs of body parts as the multibody numbers them (-1 is the base,
    /// body i of the plan is link i - 1), in increasing order. `hasCollider[i]` says whether
    /// plan body i has a collider.
    func pairs(plan: RobotBodyPlan, hasCollider: [Bool], model: RobotModel) throws -> [(Int, Int)] {
        let bodies = plan.bodies
        // The nearest ancestor with a collider (the root when none has).
        func colliderParent(_ index: Int) -> Int {
            var parent = bodies[index].parentBody
            while parent > 0 && !hasCollider[parent] { parent = bodies[parent].parentBody }
            return max(parent, 0)
        }
        var excluded = Set<[Int]>()
        for (number, pair) in exclude.enumerated() {
            guard pair.count == 2 else {
                throw ImportError(file: model.sourceFile, line: 0,
                                  message: "self_collision.exclude[\(number)]: a pair names two links, got \(pair.count)")
            }
            var ends: [Int] = []
            for name in pair {
                guard let frame = plan.frames[name] else {
                    throw ImportError(file: model.sourceFile, line: 0,
                                      message: "self_collision.exclude[\(number)]: robot \(model.name) has no link named \(name)")
                }
                ends.append(frame.link + 1)
            }
            excluded.insert(ends.sorted())
        }
        var result: [(Int, Int)] = []
        for a in bodies.indices where hasCollider[a] {
            for b in bodies.indices where b > a && hasCollider[b] {
                if colliderParent(b) == a || colliderParent(a) == b { continue }
                if excluded.contains([a, b]) { continue }
                result.append((a - 1, b - 1))
            }
        }
        return result
    }
}
