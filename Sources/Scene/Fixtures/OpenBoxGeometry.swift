// OpenBoxGeometry: an open-top box (a floor and four walls) — what bins and totes are made of.
import Physics

/// An open-top box in a fixture frame: outer `size` (m), bottom at z = 0, centred in x and y.
/// The floor is as thick as the walls. Boxes do not overlap: the ±x walls run the full
/// width, the ±y walls fit between them, and all walls stand on the floor.
struct OpenBoxGeometry {
    var size: Vector3
    var wall: Double

    /// Inside dimensions, m.
    var innerSize: Vector3 { Vector3(size.x - 2 * wall, size.y - 2 * wall, size.z - wall) }

    /// Centre of the inside volume (floor top to rim), fixture frame.
    var innerCenter: Vector3 { Vector3(0, 0, (wall + size.z) / 2) }

    /// Checks that the walls leave an inside; the message names what is wrong.
    var problem: String? {
        if 2 * wall >= min(size.x, size.y) - 0.005 {
            return "walls of \(wall) m leave no inside in a \(size.x) x \(size.y) m box"
        }
        if wall >= size.z - 0.005 { return "a floor of \(wall) m leaves no inside in a box \(size.z) m high" }
        return nil
    }

    func add(to boxes: inout CompoundBoxBuilder, color: [Double]) {
        let (hx, hy) = (size.x / 2, size.y / 2)
        boxes.add(from: Vector3(-hx, -hy, 0), to: Vector3(hx, hy, wall), color: color)
        for side in [-1.0, 1.0] {
            boxes.add(center: Vector3(side * (hx - wall / 2), 0, (wall + size.z) / 2),
                      size: Vector3(wall, size.y, size.z - wall), color: color)
            boxes.add(center: Vector3(0, side * (hy - wall / 2), (wall + size.z) / 2),
                      size: Vector3(size.x - 2 * wall, wall, size.z - wall), color: color)
        }
    }
}
