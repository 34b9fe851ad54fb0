// CartFixture: a pushable cart — a deck with a rim and a push handle on four low-friction
// ball glides (casters that slide rather than roll).
//
// Built as a floating-base multibody: the base is the deck, rim, handle and caster posts;
// each glide is a sphere on a fixed joint, its own link, so it can carry its own
// low-friction material while parts on the deck see the deck's normal friction. The cart
// slides on the glides: the floor resists with Coulomb friction
// `caster_friction × floor friction` (Bullet multiplies the two coefficients).
import Physics
import Robot

/// `type: cart` — a pushable cart on four low-friction ball glides.
///
/// Parameters (m unless noted): `size` [x y] of the deck (default [0.8, 0.5]),
/// `deck_height` of the deck's top (0.3), `deck_thickness` (0.03), `rim` height of the lip
/// around the deck (0.04; 0 for none), `handle_height` of the push bar at the −x end
/// (0.95; 0 for none), `mass` kg in total (15), `caster_radius` (0.04), `caster_friction`
/// (0.05), `friction` of the deck (0.6), `color`. Sites: "top" (deck centre), "handle" (bar
/// centre; when there is a handle). Regions: "deck" (above the deck inside the rim, 0.3 m
/// high) — regions and sites are where the cart was built; read the multibody's base state
/// for where it is now. Multibodies: "cart" (links "caster_0" … "caster_3").
public struct CartFixture: Fixture {
    public static let typeName = "cart"
    public static let summary = "pushable cart (floating multibody) on four low-friction ball glides; region 'deck'"
    public static let parameterNames = ["size", "deck_height", "deck_thickness", "rim", "handle_height", "mass",
                                        "caster_radius", "caster_friction", "friction", "color"]

    /// Mass of each glide ball, kg (part of `mass`).
    static let casterMass = 0.2
    static let minimumMass = 1.0
    static let postSize = 0.03
    static let barSize = 0.025
    static let rimThickness = 0.015
    static let regionHeight = 0.3

    let frame: FixtureFrame
    public let size: [Double]
    public let deckHeight: Double
    public let deckThickness: Double
    public let rim: Double
    public let handleHeight: Double
    public let mass: Double
    public let casterRadius: Double
    public let casterMaterial: Material
    public let material: Material
    public let color: [Double]

    public init(spec: FixtureSpec, index: Int, file: String) throws {
        let parameters = try FixtureParameters(spec: spec, index: index, file: file, accepted: Self.parameterNames)
        frame = FixtureFrame(parameters)
        size = try parameters.sizes("size", default: [0.8, 0.5])
        deckHeight = try parameters.length("deck_height", default: 0.3, maximum: 3)
        deckThickness = try parameters.length("deck_thickness", default: 0.03, maximum: 0.5)
        rim = try parameters.nonNegative("rim", default: 0.04, maximum: 1)
        handleHeight = try parameters.nonNegative("handle_height", default: 0.95, maximum: 3)
        mass = try parameters.nonNegative("mass", default: 15, maximum: 10_000)
        casterRadius = try parameters.length("caster_radius", default: 0.04, maximum: 0.5)
        casterMaterial = try parameters.material("caster_friction", default: 0.05)
        material = try parameters.material(default: 0.6)
        color = try parameters.color("color", default: FixturePalette.steel)
        guard mass >= Self.minimumMass else {
            throw parameters.error("mass", "must be >= \(Self.minimumMass) kg (the four glides weigh \(4 * Self.casterMass) kg)")
        }
        guard deckHeight - deckThickness > 2 * casterRadius + 0.005 else {
            throw parameters.error("deck_height", "\(deckHeight) m leaves no room for \(casterRadius) m glides under a \(deckThickness) m deck")
        }
        guard min(size[0], size[1]) > 2 * max(casterRadius, Self.postSize) + 2 * Self.rimThickness else {
            throw parameters.error("size", "a \(size[0]) x \(size[1]) m deck is too small for its glides")
        }
        guard handleHeight == 0 || handleHeight > deckHeight + 0.1 else {
            throw parameters.error("handle_height", "must be 0 (no handle) or > deck_height + 0.1 m, got \(handleHeight)")
        }
    }

    /// Glide centres in the fixture frame, one near each corner under the deck.
    var casterCenters: [Vector3] {
        let inset = max(casterRadius, Self.postSize / 2) + 0.02
        return [(-1.0, -1.0), (1, -1), (-1, 1), (1, 1)].map { sx, sy in
            Vector3(sx * (size[0] / 2 - inset), sy * (size[1] / 2 - inset), casterRadius)
        }
    }

    /// Centre of the handle bar, fixture frame.
    var handleCenter: Vector3 { Vector3(-size[0] / 2 + Self.barSize / 2, 0, handleHeight) }

    /// The base's boxes in the fixture frame: deck, rim, caster posts, handle.
    var baseBoxes: CompoundBoxBuilder {
        var boxes = CompoundBoxBuilder()
        let (hx, hy, t) = (size[0] / 2, size[1] / 2, Self.rimThickness)
        let deckBottom = deckHeight - deckThickness
        boxes.add(from: Vector3(-hx, -hy, deckBottom), to: Vector3(hx, hy, deckHeight), color: color)
        if rim > 0 {
            for side in [-1.0, 1.0] {
                boxes.add(from: Vector3(side > 0 ? hx - t : -hx, -hy, deckHeight), to: Vector3(side > 0 ? hx : -hx + t, hy, deckHeight + rim),
                          color: color)
                boxes.add(from: Vector3(-hx + t, side > 0 ? hy - t : -hy, deckHeight), to: Vector3(hx - t, side > 0 ? hy : -hy + t, deckHeight + rim),
                          color: color)
            }
        }
        // A post from each glide's top up to the deck.
        for center in casterCenters {
            boxes.add(from: Vector3(center.x - Self.postSize / 2, center.y - Self.postSize / 2, center.z + casterRadius),
                      to: Vector3(center.x + Self.postSize / 2, center.y + Self.postSize / 2, deckBottom),
                      color: FixturePalette.darkSteel)
        }
        if handleHeight > 0 {
            let bar = Self.barSize
            let uprightBottom = deckHeight + rim
            for side in [-1.0, 1.0] {
                boxes.add(from: Vector3(-hx, side * (hy - bar / 2) - bar / 2, uprightBottom),
                          to: Vector3(-hx + bar, side * (hy - bar / 2) + bar / 2, handleHeight - bar / 2),
                          color: color)
            }
            boxes.add(center: handleCenter, size: Vector3(bar, size[1], bar), color: FixturePalette.safetyYellow)
        }
        return boxes
    }

    public func build(in world: World) throws -> BuiltFixture {
        let boxes = baseBoxes
        let center = boxes.centroid
        let baseMass = mass - 4 * Self.casterMass
        let casterShape = try world.sphereShape(radius: casterRadius)
        let casterInertia = 0.4 * Self.casterMass * casterRadius * casterRadius
        let links = casterCenters.enumerated().map { index, position in
            LinkDescription(name: "caster_\(index)", parent: -1, jointType: .fixed,
                            jointInParent: Pose(position: position - center), mass: Self.casterMass,
                            inertia: Vector3(casterInertia, casterInertia, casterInertia), shape: casterShape,
                            material: casterMaterial)
        }
        let cart = try world.addMultiBody(MultiBodyDescription(
            fixedBase: false, basePose: frame.pose * Pose(position: center), baseMass: baseMass,
            baseInertia: boxes.inertia(mass: baseMass, about: center), baseShape: try boxes.shape(in: world, origin: center),
            baseMaterial: material, links: links, selfCollision: false))
        var drawables = boxes.drawables(body: cart.id, origin: center)
        for index in links.indices {
            drawables.append(Drawable(body: cart.id, link: index, shape: .sphere(radius: casterRadius),
                                      color: FixturePalette.darkSteel))
        }
        var sites = ["top": frame.site(Vector3(0, 0, deckHeight))]
        if handleHeight > 0 { sites["handle"] = frame.site(handleCenter) }
        let inner = Vector3(size[0] - 2 * (rim > 0 ? Self.rimThickness : 0), size[1] - 2 * (rim > 0 ? Self.rimThickness : 0),
                            Self.regionHeight)
        return BuiltFixture(
            name: frame.name, multiBodies: ["cart": cart], sites: sites, drawables: drawables,
            regions: ["deck": frame.region("deck", center: Vector3(0, 0, deckHeight + Self.regionHeight / 2), size: inner)])
    }
}
