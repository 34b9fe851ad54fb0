import ArgumentParser
import Foundation
import Robot
import Scene

// `tground inspect FILE`: what a robot file holds, and everything the importer noticed.
struct InspectCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "inspect",
        abstract: "Print a robot file's kinematic tree, masses, DoF, meshes and notes.",
        discussion: """
            Reads a URDF (.urdf) or MJCF (.xml, .mjcf) robot and prints its links and
            joints as a tree (joint type, axis, limits in rad or m, effort in N m or N),
            link masses in kg, the joint degrees of freedom, the total mass, every mesh
            file it resolved (and whether it exists), and every note the importer made
            about what it ignored, approximated or defaulted.

            package:// URIs resolve through the file's ancestor folders, --package-path
            and ROS_PACKAGE_PATH.

            Errors name the file and line, e.g.
              robot.urdf:12: error: joint knee: parent link thigh does not exist
            and the command exits with status 1.

            EXAMPLES
              tground inspect Assets/robots/tg_humanoid/tg_humanoid.urdf
              tground inspect builtin:tg_humanoid     (the name a scene's robot.file uses)
              tground inspect g1.urdf --package-path ~/ros/src --json
            """
    )

    @Argument(help: "The robot file (.urdf, .xml, .mjcf), or builtin:NAME for the project's own robots.")
    var file: String

    @Option(name: .customLong("package-path"), help: "A folder to search for package:// URIs (repeatable).")
    var packagePaths: [String] = []

    @Flag(help: "Print one JSON object instead of the table.")
    var json = false

    func run() throws {
        let model: RobotModel
        var path = file
        if file.hasPrefix("builtin:") {
            // Resolved as a scene in the working directory would resolve it.
            let here = FileManager.default.currentDirectoryPath + "/inspect"
            guard let resolved = AssetLocator.robotFile(file, sceneFile: here) else {
                FileHandle.standardError.write(Data("\(file): error: the project's Assets folder was not found (set TRAINGROUND_ASSETS to it)\n".utf8))
                throw ExitCode.failure
            }
            path = resolved
        }
        do {
            model = try RobotImporter.load(path: path, packagePaths: packagePaths)
        } catch let error as ImportError {
            FileHandle.standardError.write(Data("\(error)\n".utf8))
            throw ExitCode.failure
        }
        let inspection = RobotInspection(model: model)
        if json {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys]
            let data = try encoder.encode(inspection)
            print(String(decoding: data, as: UTF8.self))
        } else {
            print(inspection.rendered())
        }
    }
}
