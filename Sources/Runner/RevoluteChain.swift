// A serial chain of box links on revolute joints, welded to the world at its base and held
// by position motors. Used by the demo and by the physics benchmark.
import Physics

/// What a revolute chain is: sizes in metres, masses in kilograms, angles in radians.
struct RevoluteChainSpec {
    /// World position of the base's centre (m). The chain extends along +x from it.
    var basePosition: Vector3
    /// Joint angle targets (rad), one per link; their count is the number of links.
    var targets: [Double]
    /// Length of each link along the chain (m).
    var linkLength: Double = 0.2
    /// Square cross-section side of each link (m).
    var linkThickness: Double = 0.05
    /// kg per link.
    var linkMass: Double = 0.5
    /// Motor torque limit per joint (N m).
    var maxEffort: Double = 100
    /// Viscous joint damping (N m s/rad).
    var jointDamping: Double = 0.05

    var linkCount: Int { targets.count }
}

/// A built chain: the multibody and the targets its motors hold.
struct RevoluteChain {
    let multiBody: MultiBody
    let targets: [Double]

    /// Builds the chain in `world`: a fixed base box, then links joined end to end by
    /// joints about the world y axis (at q = 0 the chain is straight along +x), each joint
    /// driven by a position motor toward its target.
    static func build(_ spec: RevoluteChainSpec, in world: World) throws -> RevoluteChain {
        let halfLength = spec.linkLength / 2
        let halfThickness = spec.linkThickness / 2
        let baseHalfExtent = spec.linkThickness
        let linkShape = try world.boxShape(halfExtents: Vector3(halfLength, halfThickness, halfThickness))
        let linkInertia = try linkShape.inertia(mass: spec.linkMass)
        let baseShape = try world.boxShape(halfExtents: Vector3(baseHalfExtent, baseHalfExtent, baseHalfExtent))

        // Link i's pivot sits at its parent's +x end (the base's +x face for link 0); its
        // centre of mass is half a link further along its own x axis.
        var links: [LinkDescription] = []
        for index in 0..<spec.linkCount {
            let pivotInParent = index == 0 ? Vector3(baseHalfExtent, 0, 0) : Vector3(halfLength, 0, 0)
            links.append(LinkDescription(
                name: "link\(index)", parent: index - 1, jointType: .revolute,
                jointInParent: Pose(position: pivotInParent), jointToCenterOfMass: Vector3(halfLength, 0, 0),
                axis: .unitY, mass: spec.linkMass, inertia: linkInertia, shape: linkShape,
                damping: spec.jointDamping, maxEffort: spec.maxEffort))
        }
        let description = MultiBodyDescription(
            fixedBase: true, basePose: Pose(position: spec.basePosition), baseMass: 1,
            baseInertia: try baseShape.inertia(mass: 1), baseShape: baseShape, links: links,
            selfCollision: false)
        let multiBody = try world.addMultiBody(description)

        // Every joint is held by an implicit position motor (Bullet's default gains).
        for (link, target) in spec.targets.enumerated() {
            try multiBody.setControl(link, .position(target: target))
        }
        return RevoluteChain(multiBody: multiBody, targets: spec.targets)
    }
}
