// Contacts and ray casts: read-only queries after the last step.
import BulletShim

/// One contact point. `bodyA`/`bodyB` are rigid-body or multibody ids; `linkA`/`linkB` are
/// -1 for a rigid body or a multibody's base. Forces are the solver's impulses over the step.
public struct Contact: Hashable, Sendable {
    public var bodyA: Int32
    public var linkA: Int
    public var bodyB: Int32
    public var linkB: Int
    /// World positions of the contact on each surface (m).
    public var positionOnA: Vector3
    public var positionOnB: Vector3
    /// World, unit, from B towards A.
    public var normalOnB: Vector3
    /// m; negative when the surfaces interpenetrate.
    public var distance: Double
    /// N, >= 0.
    public var normalForce: Double
    /// N, along `frictionDirection1` and `frictionDirection2`.
    public var frictionForce1: Double
    public var frictionForce2: Double
    public var frictionDirection1: Vector3
    public var frictionDirection2: Vector3

    /// Whether this contact is between the two given body ids (in either order).
    public func isBetween(_ first: Int32, _ second: Int32) -> Bool {
        (bodyA == first && bodyB == second) || (bodyA == second && bodyB == first)
    }

    public func involves(_ body: Int32) -> Bool { bodyA == body || bodyB == body }
}

/// A ray from `from` to `to` (world, m).
public struct Ray: Hashable, Sendable {
    public var from: Vector3
    public var to: Vector3
    public init(from: Vector3, to: Vector3) {
        self.from = from
        self.to = to
    }
}

/// The first thing a ray hits.
public struct RayHit: Hashable, Sendable {
    public var body: Int32
    public var link: Int
    /// Along the ray, in [0, 1].
    public var fraction: Double
    public var position: Vector3
    public var normal: Vector3
}

extension World {
    /// Every contact point after the last step, in a canonical order.
    public func contacts() throws -> [Contact] {
        try withHandle("world") { handle in
            var total: Int32 = 0
            try check(tgb_world_contacts(handle, nil, 0, &total))
            var native = [tgb_contact](repeating: tgb_contact(), count: Int(total))
            var written: Int32 = 0
            try native.withUnsafeMutableBufferPointer {
                try check(tgb_world_contacts(handle, $0.baseAddress, total, &written))
            }
            return native.prefix(Int(min(total, written))).map { c in
                Contact(bodyA: c.body_a, linkA: Int(c.link_a), bodyB: c.body_b, linkB: Int(c.link_b),
                        positionOnA: Vector3(c.position_on_a), positionOnB: Vector3(c.position_on_b),
                        normalOnB: Vector3(c.normal_on_b), distance: c.distance, normalForce: c.normal_force,
                        frictionForce1: c.friction_force_1, frictionForce2: c.friction_force_2,
                        frictionDirection1: Vector3(c.friction_direction_1),
                        frictionDirection2: Vector3(c.friction_direction_2))
            }
        }
    }

    /// Casts a batch of rays; nil where a ray hits nothing.
    public func rayCast(_ rays: [Ray]) throws -> [RayHit?] {
        try withHandle("world") { handle in
            let native = rays.map { tgb_ray(from: $0.from.shim, to: $0.to.shim) }
            var hits = [tgb_ray_hit](repeating: tgb_ray_hit(), count: rays.count)
            try hits.withUnsafeMutableBufferPointer {
                try check(tgb_world_ray_cast(handle, native, Int32(clamping: rays.count), $0.baseAddress))
            }
            return hits.map { h in
                h.hit == 0 ? nil : RayHit(body: h.body, link: Int(h.link), fraction: h.fraction,
                                          position: Vector3(h.position), normal: Vector3(h.normal))
            }
        }
    }
}
