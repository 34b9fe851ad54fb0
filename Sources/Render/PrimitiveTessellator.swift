// PrimitiveTessellator: triangles for the primitive shapes, built once per shape and level
// of detail and then scaled by the model matrix (boxes, spheres, ellipsoids, cylinders,
// planes) or built per size (capsules, whose caps must stay round).
import Foundation
import Physics

enum PrimitiveTessellator {
    /// Segments around the z axis that round shapes may be built with, coarse to fine.
    static let detailLevels = [8, 16, 32, 64]

    /// The coarsest level whose polygon stays within half a pixel of the true outline of a
    /// round shape `radiusInPixels` pixels across the picture (the chord's sagitta
    /// r·(1 − cos(π/n)) ≈ r·π²/(2n²) ≤ 0.5 px, so n ≥ π·√r).
    static func segments(forRadiusInPixels radiusInPixels: Double) -> Int {
        guard radiusInPixels.isFinite else { return detailLevels[detailLevels.count - 1] }
        let needed = Double.pi * max(radiusInPixels, 0).squareRoot()
        return detailLevels.first { Double($0) >= needed } ?? detailLevels[detailLevels.count - 1]
    }

    /// A cube with edges 1 m long centred on the origin (scale by the full box size).
    static func unitBox() -> MeshGeometry {
        var mesh = MeshGeometry()
        let axes: [Vector3] = [.unitX, .unitY, .unitZ]
        for axis in 0..<3 {
            for sign in [1.0, -1.0] {
                let normal = axes[axis] * sign
                let u = axes[(axis + 1) % 3] * sign, v = axes[(axis + 2) % 3]
                let centre = normal * 0.5
                let corners = [centre - u * 0.5 - v * 0.5, centre + u * 0.5 - v * 0.5,
                               centre + u * 0.5 + v * 0.5, centre - u * 0.5 + v * 0.5]
                let first = corners.map { mesh.add($0, normal: normal) }
                // u × v points along the normal for either sign, so this winding faces out.
                mesh.triangle(first[0], first[1], first[2])
                mesh.triangle(first[0], first[2], first[3])
            }
        }
        return mesh
    }

    /// A sphere of radius 1 m (scale per axis for an ellipsoid) with `segments` around z
    /// and half as many rings from pole to pole.
    static func unitSphere(segments: Int) -> MeshGeometry {
        let rings = max(segments / 2, 2)
        var mesh = MeshGeometry()
        for ring in 0...rings {
            let polar = Double.pi * Double(ring) / Double(rings)
            for segment in 0...segments {
                let azimuth = 2 * Double.pi * Double(segment) / Double(segments)
                let point = Vector3(sin(polar) * cos(azimuth), sin(polar) * sin(azimuth), cos(polar))
                mesh.add(point, normal: point)
            }
        }
        addGridTriangles(&mesh, rows: rings, columns: segments, firstVertex: 0)
        return mesh
    }

    /// A cylinder of radius 1 m along z from −0.5 to +0.5 m, with flat caps (scale by
    /// (radius, radius, length)), `segments` around z.
    static func unitCylinder(segments: Int) -> MeshGeometry {
        var mesh = MeshGeometry()
        for z in [-0.5, 0.5] {
            for segment in 0...segments {
                let azimuth = 2 * Double.pi * Double(segment) / Double(segments)
                mesh.add(Vector3(cos(azimuth), sin(azimuth), z), normal: Vector3(cos(azimuth), sin(azimuth), 0))
            }
        }
        addGridTriangles(&mesh, rows: 1, columns: segments, firstVertex: 0, reversed: true)
        addCap(&mesh, z: 0.5, radius: 1, up: true, segments: segments)
        addCap(&mesh, z: -0.5, radius: 1, up: false, segments: segments)
        return mesh
    }

    /// A capsule along z: a cylinder of `radius` and `length` (m, between the cap centres)
    /// closed by two hemispheres; `segments` around z.
    static func capsule(radius: Double, length: Double, segments: Int) -> MeshGeometry {
        var mesh = MeshGeometry()
        let halfRings = max(segments / 4, 2)
        // Rows from the top pole down: the top hemisphere, then the bottom one; the band
        // between the two equators is the cylinder.
        for ring in 0...(2 * halfRings + 1) {
            let isTop = ring <= halfRings
            let polar = Double.pi / 2 * Double(isTop ? ring : ring - 1) / Double(halfRings)
            let centreZ = isTop ? length / 2 : -length / 2
            for segment in 0...segments {
                let azimuth = 2 * Double.pi * Double(segment) / Double(segments)
                let normal = Vector3(sin(polar) * cos(azimuth), sin(polar) * sin(azimuth), cos(polar))
                mesh.add(Vector3(0, 0, centreZ) + normal * radius, normal: normal)
            }
        }
        addGridTriangles(&mesh, rows: 2 * halfRings + 1, columns: segments, firstVertex: 0)
        return mesh
    }

    /// A square in the xy plane from −1 to +1 m with normal +z (scale by the half extent).
    static func unitPlane() -> MeshGeometry {
        var mesh = MeshGeometry()
        let corners = [Vector3(-1, -1, 0), Vector3(1, -1, 0), Vector3(1, 1, 0), Vector3(-1, 1, 0)]
        let first = corners.map { mesh.add($0, normal: .unitZ) }
        mesh.triangle(first[0], first[1], first[2])
        mesh.triangle(first[0], first[2], first[3])
        return mesh
    }

    // Two triangles per cell of a (rows + 1) × (columns + 1) vertex grid laid out row by
    // row, rows going from +z to −z (outward winding; `reversed` for rows going up).
    private static func addGridTriangles(_ mesh: inout MeshGeometry, rows: Int, columns: Int, firstVertex: Int,
                                         reversed: Bool = false) {
        let stride = columns + 1
        for row in 0..<rows {
            for column in 0..<columns {
                let a = UInt32(firstVertex + row * stride + column)
                let b = a + 1
                let c = a + UInt32(stride)
                let d = c + 1
                if reversed {
                    mesh.triangle(a, b, d)
                    mesh.triangle(a, d, c)
                } else {
                    mesh.triangle(a, c, d)
                    mesh.triangle(a, d, b)
                }
            }
        }
    }

    // A disc at height `z` facing +z (`up`) or −z.
    private static func addCap(_ mesh: inout MeshGeometry, z: Double, radius: Double, up: Bool, segments: Int) {
        let normal = up ? Vector3.unitZ : -Vector3.unitZ
        let centre = mesh.add(Vector3(0, 0, z), normal: normal)
        var rim: [UInt32] = []
        for segment in 0...segments {
            let azimuth = 2 * Double.pi * Double(segment) / Double(segments)
            rim.append(mesh.add(Vector3(radius * cos(azimuth), radius * sin(azimuth), z), normal: normal))
        }
        for segment in 0..<segments {
            if up {
                mesh.triangle(centre, rim[segment], rim[segment + 1])
            } else {
                mesh.triangle(centre, rim[segment + 1], rim[segment])
            }
        }
    }
}
