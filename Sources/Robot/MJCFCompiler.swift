// The <compiler> settings an importer must honour: angle units, Euler sequence, asset
// folders, autolimits and where inertia comes from. Several <compiler> elements (e.g. one
// per included file) merge, later values winning, as in MuJoCo.
import Foundation

struct MJCFCompiler {
    /// Radians per unit of angle in the file: π/180 for angle="degree" (MJCF's default), 1 for radian.
    var angleScale = Double.pi / 180
    /// Three of x, y, z, X, Y, Z: lower case rotates about moving axes, upper case about fixed ones.
    var eulerSequence: [Character] = ["x", "y", "z"]
    /// Absolute folders for mesh and texture files.
    var meshFolder: String
    var textureFolder: String
    /// Infer `limited` from the presence of `range` (default true since MuJoCo 2.3).
    var autolimits = true
    var inertiaFromGeoms: InertiaFromGeoms = .auto
    /// Drop folders from asset file names.
    var stripPath = false

    enum InertiaFromGeoms: String {
        /// Geoms give inertia only to bodies without an <inertial>.
        case auto
        /// Geoms always give inertia; <inertial> is ignored.
        case `true`
        /// Only <inertial> gives inertia.
        case `false`
    }

    /// Attributes that change what MuJoCo computes but that this importer does not apply.
    private static let unappliedAttributes = [
        "boundmass", "boundinertia", "balanceinertia", "settotalmass", "fusestatic", "discardvisual",
        "inertiagrouprange", "fitaabb", "alignfree", "coordinate", "usethread", "exactmeshinertia",
    ]

    /// Reads every <compiler> element in order. `modelFolder` is the main file's folder,
    /// which relative asset folders are taken from.
    init(elements: [MJCFElement], modelFolder: String, notes: inout MJCFNotes) throws {
        meshFolder = modelFolder
        textureFolder = modelFolder
        var meshdir: String?
        var texturedir: String?
        var assetdir: String?
        for element in elements {
            let attributes = MJCFAttributes(element)
            switch attributes["angle"] {
            case nil: break
            case "degree": angleScale = Double.pi / 180
            case "radian": angleScale = 1
            case let other?: throw attributes.location(of: "angle").error("angle: expected degree or radian, got '\(other)'")
            }
            if let sequence = attributes["eulerseq"] {
                let characters = Array(sequence)
                guard characters.count == 3, characters.allSatisfy({ "xyzXYZ".contains($0) }) else {
                    throw attributes.location(of: "eulerseq").error(
                        "eulerseq: expected 3 of x, y, z, X, Y, Z, got '\(sequence)'")
                }
                eulerSequence = characters
            }
            meshdir = attributes["meshdir"] ?? meshdir
            texturedir = attributes["texturedir"] ?? texturedir
            assetdir = attributes["assetdir"] ?? assetdir
            autolimits = try attributes.flag("autolimits") ?? autolimits
            stripPath = try attributes.flag("strippath") ?? stripPath
            if let mode = attributes["inertiafromgeom"] {
                guard let parsed = InertiaFromGeoms(rawValue: mode) else {
                    throw attributes.location(of: "inertiafromgeom").error(
                        "inertiafromgeom: expected true, false or auto, got '\(mode)'")
                }
                inertiaFromGeoms = parsed
            }
            for key in Self.unappliedAttributes where attributes.has(key) {
                notes.once("compiler.\(key)", at: element.location,
                           "compiler \(key)=\"\(attributes[key] ?? "")\" is not applied: values are used as written")
            }
        }
        meshFolder = Self.folder(meshdir ?? assetdir, in: modelFolder)
        textureFolder = Self.folder(texturedir ?? assetdir, in: modelFolder)
    }

    private static func folder(_ path: String?, in modelFolder: String) -> String {
        guard let path, !path.isEmpty else { return modelFolder }
        let full = path.hasPrefix("/") ? path : (modelFolder as NSString).appendingPathComponent(path)
        return (full as NSString).standardizingPath
    }

    /// The absolute path of an asset file named in the model.
    func resolve(file: String, in folder: String) -> String {
        let name = stripPath ? (file as NSString).lastPathComponent : file
        let full = name.hasPrefix("/") ? name : (folder as NSString).appendingPathComponent(name)
        return (full as NSString).standardizingPath
    }
}
