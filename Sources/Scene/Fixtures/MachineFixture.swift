// MachineFixture: a machine to load — a cabinet on a pedestal with a front opening, a door on
// a revolute hinge (with dry friction and limits) and a part nest inside.
//
// Built as a fixed-base multibody: the base is the pedestal, cabinet walls, the front frame
// around the opening and the nest; link 0 is the door (slab and handle). The hinge is a
// vertical axis at the door's −y edge; the door opens outward (towards −x, the front) for
// positive angles, from 0 (closed) to `door_angle`.
import Physics
import Robot

/// `type: machine` — a cabinet with a hinged door and a part nest ("slot") inside.
///
/// Parameters (m unless noted): `size` [x y z] of the cabinet = depth, width, height
/// (default [0.5, 0.6, 0.5]), `base_height` of the pedestal it stands on (0.7), `wall`
/// (0.02), `opening` [width height] in the front face (default [0.4, 0.3]), `door_angle` max
/// opening, rad (1.75), `door_friction` dry hinge friction, N m (0.5), `door_damping`
/// N m s/rad (0.1), `door_mass` kg (2), `slot_size` [x y depth] of the nest's pocket
/// (default [0.06, 0.06, 0.02]), `friction` (0.6), `color`, `door_color`. Sites:
/// "door_handle" (the handle with the door closed), "door_hinge", "opening" (centre of the
/// opening in the front plane), "slot" (centre of the nest's pocket floor). Regions: "slot"
/// (the pocket, up to 0.05 m above its rim), "inside" (the cabinet's inside). Multibodies:
/// "machine" (link 0, "door": the door joint; position 0 = closed).
public struct MachineFixture: Fixture {
    public static let typeName = "machine"
    public static let summary = "machine cabinet with a hinged door (revolute, friction, limits) and a part nest 'slot'"
    public static let parameterNames = ["size", "base_height", "wall", "opening", "door_angle", "door_friction",
                                        "door_damping", "door_mass", "slot_size", "friction", "color", "door_color"]

    /// The door's link index in the multibody.
    public static let doorLink = 0
    static let doorThickness = 0.02
    /// Door overlap past the opening on each side, and its gap to the front face, m.
    static let doorOverlap = 0.02
    static let doorGap = 0.002
    static let handleSize = Vector3(0.03, 0.02, 0.12)
    static let nestRim = 0.01

    let frame: FixtureFrame
    public let size: Vector3
    public let baseHeight: Double
    public let wall: Double
    public let opening: [Double]
    public let doorAngle: Double
    public let doorFriction: Double
    public let doorDamping: Double
    public let doorMass: Double
    public let slotSize: Vector3
    public let material: Material
    public let color: [Double]
    public let doorColor: [Double]

    public init(spec: FixtureSpec, index: Int, file: String) throws {
        let parameters = try FixtureParameters(spec: spec, index: index, file: file, accepted: Self.parameterNames)
        frame = FixtureFrame(parameters)
        size = try parameters.vector("size", default: Vector3(0.5, 0.6, 0.5), positive: true)
        baseHeight = try parameters.nonNegative("base_height", default: 0.7, maximum: 5)
        wall = try parameters.length("wall", default: 0.02, maximum: 0.5)
        opening = try parameters.sizes("opening", default: [0.4, 0.3])
        doorAngle = try parameters.number("door_angle", default: 1.75, in: 0.1...3.1)
        doorFriction = try parameters.nonNegative("door_friction", default: 0.5, maximum: 1000)
        doorDamping = try parameters.nonNegative("door_damping", default: 0.1, maximum: 1000)
        doorMass = try parameters.length("door_mass", default: 2, maximum: 1000)
        slotSize = try parameters.vector("slot_size", default: Vector3(0.06, 0.06, 0.02), positive: true)
        material = try parameters.material(default: 0.6)
        color = try parameters.color("color", default: FixturePalette.machine)
        doorColor = try parameters.color("door_color", default: FixturePalette.door)
        guard opening[0] <= size.y - 2 * wall - 0.01, opening[1] <= size.z - 2 * wall - 0.01 else {
            throw parameters.error("opening", "a \(opening[0]) x \(opening[1]) m opening does not fit in the \(size.y) x \(size.z) m front with \(wall) m walls")
        }
        guard 2 * wall < size.x - 0.02 else { throw parameters.error("wall", "\(wall) m walls leave no inside") }
        guard slotSize.x + 2 * Self.nestRim < size.x - 2 * wall, slotSize.y + 2 * Self.nestRim < size.y - 2 * wall,
              slotSize.z < size.z - 2 * wall else {
            throw parameters.error("slot_size", "a \(slotSize.x) x \(slotSize.y) x \(slotSize.z) m nest does not fit inside the cabinet")
        }
    }

    /// Cabinet floor top, and the centre height of the opening, m.
    var floorTop: Double { baseHeight + wall }
    var openingCenterZ: Double { baseHeight + size.z / 2 }
    /// Door size: width (y) and height (z), m.
    var doorSize: (width: Double, height: Double) {
        (min(opening[0] + 2 * Self.doorOverlap, size.y), min(opening[1] + 2 * Self.doorOverlap, size.z))
    }
    /// The hinge axis point (fixture frame): the door's −y edge, mid-thickness, mid-height.
    var hinge: Vector3 {
        Vector3(-size.x / 2 - Self.doorGap - Self.doorThickness / 2, -doorSize.width / 2, openingCenterZ)
    }
    /// Handle centre relative to the door's centre (door link frame, door closed).
    var handleOffset: Vector3 {
        Vector3(-Self.doorThickness / 2 - Self.handleSize.x / 2, doorSize.width / 2 - 0.05, 0)
    }

    var cabinetBoxes: CompoundBoxBuilder {
        var boxes = CompoundBoxBuilder()
        let (hx, hy, top) = (size.x / 2, size.y / 2, baseHeight + size.z)
        if baseHeight > 0 { boxes.add(from: Vector3(-hx, -hy, 0), to: Vector3(hx, hy, baseHeight), color: color) }
        boxes.add(from: Vector3(-hx, -hy, baseHeight), to: Vector3(hx, hy, floorTop), color: color)
        boxes.add(from: Vector3(-hx, -hy, top - wall), to: Vector3(hx, hy, top), color: color)
        for side in [-1.0, 1.0] {
            boxes.add(from: Vector3(-hx, side > 0 ? hy - wall : -hy, floorTop), to: Vector3(hx, side > 0 ? hy : -hy + wall, top - wall),
                      color: color)
        }
        boxes.add(from: Vector3(hx - wall, -hy + wall, floorTop), to: Vector3(hx, hy - wall, top - wall), color: color)
        // Front frame around the opening, between the side walls, floor and top.
        let (ow, oh) = (opening[0] / 2, opening[1] / 2)
        let front = (low: -hx, high: -hx + wall)
        boxes.add(from: Vector3(front.low, -hy + wall, floorTop), to: Vector3(front.high, hy - wall, openingCenterZ - oh),
                  color: color)
        boxes.add(from: Vector3(front.low, -hy + wall, openingCenterZ + oh), to: Vector3(front.high, hy - wall, top - wall),
                  color: color)
        for side in [-1.0, 1.0] {
            boxes.add(from: Vector3(front.low, side > 0 ? ow : -hy + wall, openingCenterZ - oh),
                      to: Vector3(front.high, side > 0 ? hy - wall : -ow, openingCenterZ + oh), color: color)
        }
        // The nest: a rim of four bars around the pocket, standing on the cabinet floor.
        let (px, py, rim) = (slotSize.x / 2, slotSize.y / 2, Self.nestRim)
        let rimTop = floorTop + slotSize.z
        for side in [-1.0, 1.0] {
            boxes.add(from: Vector3(side > 0 ? px : -px - rim, -py - rim, floorTop), to: Vector3(side > 0 ? px + rim : -px, py + rim, rimTop),
                      color: FixturePalette.safetyYellow)
            boxes.add(from: Vector3(-px, side > 0 ? py : -py - rim, floorTop), to: Vector3(px, side > 0 ? py + rim : -py, rimTop),
                      color: FixturePalette.safetyYellow)
        }
        return boxes
    }

    var doorBoxes: CompoundBoxBuilder {
        var boxes = CompoundBoxBuilder()
        boxes.add(center: .zero, size: Vector3(Self.doorThickness, doorSize.width, doorSize.height), color: doorColor)
        boxes.add(center: handleOffset, size: Self.handleSize, color: FixturePalette.darkSteel)
        return boxes
    }

    public func build(in world: World) throws -> BuiltFixture {
        let cabinet = cabinetBoxes
        let door = doorBoxes
        let slab = Vector3(Self.doorThickness, doorSize.width, doorSize.height)
        let doorInertia = Vector3(slab.y * slab.y + slab.z * slab.z, slab.x * slab.x + slab.z * slab.z,
                                  slab.x * slab.x + slab.y * slab.y) * (doorMass / 12)
        let doorLink = LinkDescription(
            name: "door", parent: -1, jointType: .revolute, jointInParent: Pose(position: hinge),
            jointToCenterOfMass: Vector3(0, doorSize.width / 2, 0), axis: .unitZ, mass: doorMass, inertia: doorInertia,
            shape: try door.shape(in: world), material: material,
            limits: Physics.JointLimits(lower: 0, upper: doorAngle), damping: doorDamping, friction: doorFriction)
        let machine = try world.addMultiBody(MultiBodyDescription(
            fixedBase: true, basePose: frame.pose, baseShape: try cabinet.shape(in: world), baseMaterial: material,
            links: [doorLink], selfCollision: false))
        try machine.setControl(Self.doorLink, .none)
        let doorCenter = hinge + Vector3(0, doorSize.width / 2, 0)
        let inner = Vector3(size.x - 2 * wall, size.y - 2 * wall, size.z - 2 * wall)
        let slotTop = floorTop + slotSize.z + 0.05
        return BuiltFixture(
            name: frame.name, multiBodies: ["machine": machine],
            sites: ["door_handle": frame.site(doorCenter + handleOffset), "door_hinge": frame.site(hinge),
                    "opening": frame.site(Vector3(-size.x / 2, 0, openingCenterZ)), "slot": frame.site(Vector3(0, 0, floorTop))],
            drawables: cabinet.drawables(body: machine.id) + door.drawables(body: machine.id, link: Self.doorLink),
            regions: ["slot": frame.region("slot", center: Vector3(0, 0, (floorTop + slotTop) / 2),
                                           size: Vector3(slotSize.x, slotSize.y, slotTop - floorTop)),
                      "inside": frame.region("inside", center: Vector3(0, 0, baseHeight + size.z / 2), size: inner)])
    }
}
