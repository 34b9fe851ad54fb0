// A contact-rich world built in code: every shape kind piled on a floor, a floating
// articulated "ragdoll" falling into the pile, and a fixed-base arm under position control.
import Physics

public struct ContactRichScene {
    public let world: World
    public let floor: RigidBody
    public let bodies: [RigidBody]
    public let ragdoll: MultiBody
    public let arm: MultiBody

    /// Builds the scene; the same call always builds the same world.
    public init(settings: WorldSettings = WorldSettings()) throws {
        let world = try World(settings: settings)
        self.world = world
        let plane = try world.planeShape()
        floor = try world.addBody(RigidBodyDescription(kind: .staticBody, shape: plane, material: Material(friction: 0.8)))

        // A pile of 24 bodies of every primitive kind, dropped from staggered heights.
        let box = try world.boxShape(halfExtents: Vector3(0.05, 0.04, 0.03))
        let sphere = try world.sphereShape(radius: 0.04)
        let capsule = try world.capsuleShape(radius: 0.03, length: 0.08)
        let cylinder = try world.cylinderShape(radius: 0.035, length: 0.07)
        let hull = try world.convexHullShape(points: [
            Vector3(-0.04, -0.04, -0.03), Vector3(0.05, -0.03, -0.03), Vector3(0, 0.05, -0.03),
            Vector3(0, 0, 0.05), Vector3(0.02, 0.01, 0.04),
        ])
        let compound = try world.compoundShape([
            (box, Pose(position: Vector3(0, 0, 0))),
            (sphere, Pose(position: Vector3(0.07, 0, 0))),
        ])
        let shapes = [box, sphere, capsule, cylinder, hull, compound]
        var bodies: [RigidBody] = []
        for index in 0..<24 {
            let column = Double(index % 4) * 0.09 - 0.135
            let row = Double((index / 4) % 3) * 0.09 - 0.09
            let layer = Double(index / 12)
            let pose = Pose(position: Vector3(column, row, 0.1 + 0.12 * layer + 0.01 * Double(index % 3)),
                            rotation: Quaternion(axis: Vector3(1, Double(index), 0.5), angle: 0.3 * Double(index)))
            bodies.append(try world.addBody(RigidBodyDescription(
                kind: .dynamic, shape: shapes[index % shapes.count], mass: 0.2 + 0.05 * Double(index % 5),
                pose: pose, material: Material(friction: 0.7, rollingFriction: 0.001, spinningFriction: 0.001))))
        }
        self.bodies = bodies

        // A floating ragdoll: torso base, spherical hips, revolute knees.
        let torsoShape = try world.boxShape(halfExtents: Vector3(0.08, 0.05, 0.12))
        let limbShape = try world.capsuleShape(radius: 0.025, length: 0.12)
        func limb(_ name: String, parent: Int, type: JointType, at pivot: Vector3) -> LinkDescription {
            LinkDescription(name: name, parent: parent, jointType: type, jointInParent: Pose(position: pivot),
                            jointToCenterOfMass: Vector3(0, 0, -0.09), axis: .unitY, mass: 0.5,
                            inertia: Vector3(0.002, 0.002, 0.0005), shape: limbShape,
                            limits: type == .revolute ? JointLimits(lower: -2.0, upper: 0.1) : nil, damping: 0.01)
        }
        ragdoll = try world.addMultiBody(MultiBodyDescription(
            fixedBase: false,
            basePose: Pose(position: Vector3(0.0, 0.0, 0.7), rotation: Quaternion(axis: .unitX, angle: 0.4)),
            baseMass: 3, baseInertia: Vector3(0.02, 0.02, 0.01), baseShape: torsoShape,
            links: [
                limb("left_thigh", parent: -1, type: .spherical, at: Vector3(0, 0.05, -0.13)),
                limb("left_shin", parent: 0, type: .revolute, at: Vector3(0, 0, -0.1)),
                limb("right_thigh", parent: -1, type: .spherical, at: Vector3(0, -0.05, -0.13)),
                limb("right_shin", parent: 2, type: .revolute, at: Vector3(0, 0, -0.1)),
            ]))

        // A three-joint arm on a post, sweeping through the pile under position control.
        let armShape = try world.boxShape(halfExtents: Vector3(0.12, 0.02, 0.02))
        func segment(_ name: String, parent: Int, pivot: Vector3, axis: Vector3) -> LinkDescription {
            LinkDescription(name: name, parent: parent, jointType: .revolute, jointInParent: Pose(position: pivot),
                            jointToCenterOfMass: Vector3(0.12, 0, 0), axis: axis, mass: 0.4,
                            inertia: Vector3(0.0001, 0.002, 0.002), shape: armShape, maxEffort: 30)
        }
        arm = try world.addMultiBody(MultiBodyDescription(
            fixedBase: true, basePose: Pose(position: Vector3(0.45, 0, 0.08)),
            links: [
                segment("shoulder", parent: -1, pivot: .zero, axis: .unitZ),
                segment("elbow", parent: 0, pivot: Vector3(0.12, 0, 0), axis: .unitZ),
                segment("wrist", parent: 1, pivot: Vector3(0.12, 0, 0), axis: .unitY),
            ]))
        try arm.setControl(0, .position(target: 2.2, positionGain: 0.05, velocityGain: 1))
        try arm.setControl(1, .position(target: 0.8, positionGain: 0.05, velocityGain: 1))
        try arm.setControl(2, .velocity(target: 1.0, gain: 1, maxForce: 5))
        try ragdoll.setControl(1, .torque(0.5))
    }
}
