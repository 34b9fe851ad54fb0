// The floor every headless world here stands on.
import Physics

enum Ground {
    /// Adds a static ground: the plane z = 0 with a grippy surface (friction 0.8).
    @discardableResult
    static func add(to world: World) throws -> RigidBody {
        let plane = try world.planeShape(normal: .unitZ, offset: 0)
        return try world.addBody(RigidBodyDescription(kind: .staticBody, shape: plane,
                                                      material: Material(friction: 0.8)))
    }
}
