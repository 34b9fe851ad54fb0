// Loose boxes and spheres dropped in layers above a spot, so that they fall into a pile.
// Used by the demo and by the physics benchmark.
import Foundation
import Physics

/// What to drop: counts, sizes in metres, masses in kilograms.
struct ObjectPileSpec {
    /// World x, y (m) of the pile's centre; the ground is z = 0.
    var centerX: Double = 0
    var centerY: Double = 0
    var boxCount: Int
    var sphereCount: Int = 0
    /// Half the side of each cube (m).
    var boxHalfExtent: Double = 0.1
    var sphereRadius: Double = 0.1
    /// kg each.
    var boxMass: Double = 1
    var sphereMass: Double = 0.5
    /// Objects per side of a layer's square grid.
    var gridSide: Int = 3
    /// Height of the lowest layer's centres (m) and the vertical gap between layers (m).
    var firstLayerHeight: Double = 0.5
    var layerSpacing: Double = 0.3

    var objectCount: Int { boxCount + sphereCount }
}

/// A dropped object and what it is called in reports ("box 3", "sphere 1").
struct PiledObject {
    let name: String
    let body: RigidBody
}

enum ObjectPile {
    /// Creates the objects as dynamic bodies in `world`. Boxes and spheres are interleaved
    /// through the layers; each object gets a small fixed offset and tilt (a function of its
    /// index, so the layout is the same every run) so that the stack topples into a pile.
    static func drop(_ spec: ObjectPileSpec, in world: World) throws -> [PiledObject] {
        let boxShape = try world.boxShape(
            halfExtents: Vector3(spec.boxHalfExtent, spec.boxHalfExtent, spec.boxHalfExtent))
        let sphereShape = try world.sphereShape(radius: spec.sphereRadius)
        let side = max(spec.gridSide, 1)
        let pitch = 2.5 * max(spec.boxHalfExtent, spec.sphereRadius)
        let material = Material(friction: 0.6, restitution: 0.1)

        var objects: [PiledObject] = []
        var boxesLeft = spec.boxCount
        var spheresLeft = spec.sphereCount
        for index in 0..<spec.objectCount {
            // Interleave: a sphere every few objects while both kinds remain.
            let makeSphere = spheresLeft > 0 && (boxesLeft == 0 || index % 3 == 2)
            let layer = index / (side * side)
            let row = (index / side) % side
            let column = index % side
            let jitter = 0.2 * pitch * sin(Double(index) * 1.7)
            let position = Vector3(
                spec.centerX + (Double(column) - Double(side - 1) / 2) * pitch + jitter,
                spec.centerY + (Double(row) - Double(side - 1) / 2) * pitch - jitter / 2,
                spec.firstLayerHeight + Double(layer) * spec.layerSpacing)
            let tilt = Quaternion(roll: 0.3 * sin(Double(index)), pitch: 0.2 * cos(Double(index) * 1.3), yaw: 0)
            let pose = Pose(position: position, rotation: tilt)

            if makeSphere {
                let body = try world.addBody(RigidBodyDescription(
                    kind: .dynamic, shape: sphereShape, mass: spec.sphereMass, pose: pose,
                    material: Material(friction: 0.6, rollingFriction: 0.001, restitution: 0.1)))
                objects.append(PiledObject(name: "sphere \(spec.sphereCount - spheresLeft + 1)", body: body))
                spheresLeft -= 1
            } else {
                let body = try world.addBody(RigidBodyDescription(
                    kind: .dynamic, shape: boxShape, mass: spec.boxMass, pose: pose, material: material))
                objects.append(PiledObject(name: "box \(spec.boxCount - boxesLeft + 1)", body: body))
                boxesLeft -= 1
            }
        }
        return objects
    }
}
