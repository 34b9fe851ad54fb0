// Conversions between the Swift value types and the shim's plain structs.
import BulletShim

extension Vector3 {
    init(_ v: tgb_vec3) { self.init(v.x, v.y, v.z) }
    var shim: tgb_vec3 { tgb_vec3(x: x, y: y, z: z) }
}

extension Quaternion {
    init(_ q: tgb_quat) { self.init(x: q.x, y: q.y, z: q.z, w: q.w) }
    var shim: tgb_quat { tgb_quat(x: x, y: y, z: z, w: w) }
}

extension Pose {
    init(_ p: tgb_pose) { self.init(position: Vector3(p.position), rotation: Quaternion(p.rotation)) }
    var shim: tgb_pose { tgb_pose(position: position.shim, rotation: rotation.shim) }
}

extension BodyState {
    init(_ s: tgb_body_state) {
        self.init(pose: Pose(s.pose), linearVelocity: Vector3(s.linear_velocity), angularVelocity: Vector3(s.angular_velocity))
    }
    var shim: tgb_body_state {
        tgb_body_state(pose: pose.shim, linear_velocity: linearVelocity.shim, angular_velocity: angularVelocity.shim)
    }
}

extension Material {
    var shim: tgb_material {
        tgb_material(friction: friction, rolling_friction: rollingFriction, spinning_friction: spinningFriction,
                     restitution: restitution)
    }
}
