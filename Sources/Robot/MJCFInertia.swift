// Mass properties of MJCF bodies without an <inertial>: each geom is a uniform solid
// (mass given, or density × volume with MuJoCo's default density 1000 kg/m^3), and the
// body's inertial is their sum about the common centre of mass (parallel-axis theorem).
// Formulas are MuJoCo's: a capsule is a cylinder plus two hemispherical caps.
import Foundation
import Physics

enum MJCFInertia {
    /// One geom's share: `mass` at `frame` (the geom frame in the body frame) with
    /// principal moments `moments` along that frame's axes.
    struct Part {
        var mass: Double
        var frame: Pose
        var moments: Vector3
    }

    /// Volume in m^3 of a solid shape; nil for shapes whose volume is unknown here
    /// (meshes, whose vertices are not loaded by the importer, and planes).
    static func volume(of shape: GeometryShape) -> Double? {
        switch shape {
        case .sphere(let r): return 4 / 3 * Double.pi * r * r * r
        case .capsule(let r, let length): return Double.pi * r * r * length + 4 / 3 * Double.pi * r * r * r
        case .cylinder(let r, let length): return Double.pi * r * r * length
        case .box(let size): return size.x * size.y * size.z
        case .ellipsoid(let radii): return 4 / 3 * Double.pi * radii.x * radii.y * radii.z
        case .mesh, .plane: return nil
        }
    }

    /// Principal moments in kg m^2 of a uniform solid of `mass` about its centre, along
    /// the shape's axes (cylinders and capsules along z). nil where `volume(of:)` is nil.
    static func moments(of shape: GeometryShape, mass: Double) -> Vector3? {
        switch shape {
        case .sphere(let r):
            let i = 0.4 * mass * r * r
            return Vector3(i, i, i)
        case .capsule(let r, let h):
            // Split the mass between the cylinder and the two caps by volume.
            let cylinderVolume = Double.pi * r * r * h
            let sphereVolume = 4 / 3 * Double.pi * r * r * r
            let cylinderMass = mass * cylinderVolume / (cylinderVolume + sphereVolume)
            let sphereMass = mass - cylinderMass
            let side = cylinderMass * (3 * r * r + h * h) / 12
                + sphereMass * (0.4 * r * r + h * h / 4 + 3 * h * r / 8)
            let axial = cylinderMass * r * r / 2 + sphereMass * 0.4 * r * r
            return Vector3(side, side, axial)
        case .cylinder(let r, let h):
            let side = mass * (3 * r * r + h * h) / 12
            return Vector3(side, side, mass * r * r / 2)
        case .box(let s):
            return Vector3(mass * (s.y * s.y + s.z * s.z) / 12, mass * (s.x * s.x + s.z * s.z) / 12,
                           mass * (s.x * s.x + s.y * s.y) / 12)
        case .ellipsoid(let a):
            return Vector3(mass * (a.y * a.y + a.z * a.z) / 5, mass * (a.x * a.x + a.z * a.z) / 5,
                           mass * (a.x * a.x + a.y * a.y) / 5)
        case .mesh, .plane:
            return nil
        }
    }

    /// The sum of the parts: mass, centre of mass in the body frame (origin rotation
    /// identity) and the full tensor about it in body axes. nil when the mass is zero.
    static func combine(_ parts: [Part]) -> Inertial? {
        InertiaMath.combine(parts.map { Inertial(mass: $0.mass, origin: $0.frame, inertia: .diagonal($0.moments)) })
    }

    /// R diag(moments) R^T, row-major.
    static func rotate(moments: Vector3, by q: Quaternion) -> [Double] {
        Matrix3(InertiaMath.rotate(.diagonal(moments), by: q)).m
    }
}
