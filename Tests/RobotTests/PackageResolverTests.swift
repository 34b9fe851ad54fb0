// PackageResolver: package:// through ancestors, packagePaths and ROS_PACKAGE_PATH (in that
// order), file:// URIs and plain paths; errors that name the file, line, URI and places searched.
import Foundation
import XCTest
@testable import Robot

final class PackageResolverTests: XCTestCase {
    private typealias F = URDFFixtures
    private var scratch = ""

    override func setUpWithError() throws {
        scratch = try F.makeScratch()
    }

    override func tearDown() {
        F.removeScratch(scratch)
    }

    /// A resolver for `<scratch>/<relative>` with ROS_PACKAGE_PATH ignored unless given.
    private func resolver(for relative: String, packagePaths: [String] = [], ros: String? = nil) -> PackageResolver {
        PackageResolver(referencingFile: scratch + "/" + relative, packagePaths: packagePaths, rosPackagePath: ros)
    }

    // MARK: package://

    func testAncestorNamedLikeThePackage() throws {
        try F.write("m", at: "ws/tg_arm_description/meshes/base.stl", in: scratch)
        let resolved = try resolver(for: "ws/tg_arm_description/urdf/arm.urdf")
            .resolve("package://tg_arm_description/meshes/base.stl", line: 3)
        XCTAssertEqual(resolved, scratch + "/ws/tg_arm_description/meshes/base.stl")
    }

    func testPackageBesideAnAncestor() throws {
        try F.write("m", at: "ws/tg_head_description/meshes/head.dae", in: scratch)
        let resolved = try resolver(for: "ws/tg_body_description/urdf/body.urdf")
            .resolve("package://tg_head_description/meshes/head.dae", line: 3)
        XCTAssertEqual(resolved, scratch + "/ws/tg_head_description/meshes/head.dae")
    }

    func testPackagePathsContainingOrBeingThePackage() throws {
        try F.write("m", at: "elsewhere/share/tg_gripper/meshes/finger.stl", in: scratch)
        let containing = resolver(for: "robot/r.urdf", packagePaths: [scratch + "/elsewhere/share"])
        XCTAssertEqual(try containing.resolve("package://tg_gripper/meshes/finger.stl", line: 1),
                       scratch + "/elsewhere/share/tg_gripper/meshes/finger.stl")
        let being = resolver(for: "robot/r.urdf", packagePaths: [scratch + "/elsewhere/share/tg_gripper"])
        XCTAssertEqual(try being.resolve("package://tg_gripper/meshes/finger.stl", line: 1),
                       scratch + "/elsewhere/share/tg_gripper/meshes/finger.stl")
    }

    func testSearchOrderAncestorsThenPackagePathsThenROS() throws {
        for root in ["ws", "extra", "ros"] {
            try F.write(root, at: "\(root)/tg_order_pkg/file.txt", in: scratch)
        }
        let urdf = "ws/robot/r.urdf"
        let all = resolver(for: urdf, packagePaths: [scratch + "/extra"], ros: scratch + "/ros")
        XCTAssertEqual(try all.resolve("package://tg_order_pkg/file.txt", line: 1), scratch + "/ws/tg_order_pkg/file.txt")
        let noAncestor = resolver(for: "robot/r.urdf", packagePaths: [scratch + "/extra"], ros: scratch + "/ros")
        XCTAssertEqual(try noAncestor.resolve("package://tg_order_pkg/file.txt", line: 1),
                       scratch + "/extra/tg_order_pkg/file.txt")
        let rosOnly = resolver(for: "robot/r.urdf", ros: "/nonexistent:" + scratch + "/ros")
        XCTAssertEqual(try rosOnly.resolve("package://tg_order_pkg/file.txt", line: 1), scratch + "/ros/tg_order_pkg/file.txt")
        XCTAssertEqual(all.searchPlaces(forPackage: "tg_order_pkg").map(\.origin).suffix(2), [.packagePaths, .rosPackagePath])
    }

    func testThePackageThatHoldsTheFileWins() throws {
        try FileManager.default.createDirectory(atPath: scratch + "/ws/tg_split_pkg", withIntermediateDirectories: true)
        try F.write("m", at: "extra/tg_split_pkg/meshes/only_here.stl", in: scratch)
        let resolver = resolver(for: "ws/robot/r.urdf", packagePaths: [scratch + "/extra"])
        XCTAssertEqual(try resolver.resolve("package://tg_split_pkg/meshes/only_here.stl", line: 1),
                       scratch + "/extra/tg_split_pkg/meshes/only_here.stl")
        // Held nowhere: the path in the first package found, for the caller to report.
        XCTAssertEqual(try resolver.resolve("package://tg_split_pkg/meshes/nowhere.stl", line: 1),
                       scratch + "/ws/tg_split_pkg/meshes/nowhere.stl")
    }

    func testROSPackagePathFromTheEnvironment() throws {
        try F.write("m", at: "rosroot/tg_env_pkg/meshes/m.stl", in: scratch)
        let previous = PackageResolver.environmentROSPackagePath
        defer {
            if let previous { setenv("ROS_PACKAGE_PATH", previous, 1) } else { unsetenv("ROS_PACKAGE_PATH") }
        }
        setenv("ROS_PACKAGE_PATH", "/nonexistent/a:" + scratch + "/rosroot", 1)
        let found = PackageResolver(referencingFile: scratch + "/robot/r.urdf")
        XCTAssertEqual(try found.resolve("package://tg_env_pkg/meshes/m.stl", line: 1), scratch + "/rosroot/tg_env_pkg/meshes/m.stl")
        unsetenv("ROS_PACKAGE_PATH")
        let lost = PackageResolver(referencingFile: scratch + "/robot/r.urdf")
        XCTAssertThrowsError(try lost.resolve("package://tg_env_pkg/meshes/m.stl", line: 1)) { error in
            XCTAssertTrue("\(error)".contains("ROS_PACKAGE_PATH: (unset or empty)"), "\(error)")
        }
    }

    func testUnknownPackageNamesFileLineURIAndPlaces() {
        let resolver = resolver(for: "robot/urdf/r.urdf", packagePaths: [scratch + "/pp"], ros: scratch + "/rp")
        XCTAssertThrowsError(try resolver.resolve("package://tg_missing_pkg/meshes/x.stl", line: 42)) { error in
            guard let error = error as? ImportError else { return XCTFail("\(error)") }
            XCTAssertEqual(error.file, scratch + "/robot/urdf/r.urdf")
            XCTAssertEqual(error.line, 42)
            for fragment in ["package://tg_missing_pkg/meshes/x.stl", scratch + "/robot/urdf/tg_missing_pkg",
                             scratch + "/robot/tg_missing_pkg", "/tg_missing_pkg", scratch + "/pp/tg_missing_pkg",
                             "ROS_PACKAGE_PATH: " + scratch + "/rp/tg_missing_pkg"] {
                XCTAssertTrue(error.message.contains(fragment), "'\(fragment)' not in \(error.message)")
            }
        }
    }

    // MARK: file:// and paths

    func testFileURIsAndPaths() throws {
        let resolver = resolver(for: "robot/urdf/r.urdf")
        XCTAssertEqual(try resolver.resolve("file:///opt/meshes/a%20b.stl", line: 1), "/opt/meshes/a b.stl")
        XCTAssertEqual(try resolver.resolve("file://meshes/a.stl", line: 1), scratch + "/robot/urdf/meshes/a.stl")
        XCTAssertEqual(try resolver.resolve("../meshes/a.stl", line: 1), scratch + "/robot/meshes/a.stl")
        XCTAssertEqual(try resolver.resolve("./a.stl", line: 1), scratch + "/robot/urdf/a.stl")
        XCTAssertEqual(try resolver.resolve("/abs/./x/../a.stl", line: 1), "/abs/a.stl")
        XCTAssertThrowsError(try resolver.resolve("http://example.com/a.stl", line: 7)) { error in
            XCTAssertEqual((error as? ImportError)?.line, 7)
            XCTAssertTrue("\(error)".contains("unsupported URI scheme"), "\(error)")
        }
        XCTAssertThrowsError(try resolver.resolve("package:///meshes/a.stl", line: 1))
    }

    // MARK: Through the importer

    func testImporterResolvesPackagePathsAndFileURIs() throws {
        try F.write("solid m\nendsolid m\n", at: "share/tg_import_pkg/meshes/body.stl", in: scratch)
        try F.write("solid m\nendsolid m\n", at: "robot/meshes/local.stl", in: scratch)
        let urdf = F.robot("<link name=\"a\">\n"
            + "<visual><geometry><mesh filename=\"package://tg_import_pkg/meshes/body.stl\"/></geometry></visual>\n"
            + "<collision><geometry><mesh filename=\"file://\(scratch)/robot/meshes/local.stl\"/></geometry></collision>\n"
            + "<collision><geometry><mesh filename=\"file://meshes/local.stl\"/></geometry></collision>\n"
            + "</link>\n")
        let path = try F.write(urdf, at: "robot/r.urdf", in: scratch)
        XCTAssertThrowsError(try URDFImporter.load(path: path)) { error in
            XCTAssertEqual((error as? ImportError)?.line, 3, "\(error)")
        }
        let model = try URDFImporter.load(path: path, packagePaths: [scratch + "/share"])
        let link = try XCTUnwrap(model.links.first)
        XCTAssertEqual(link.visuals[0].urdfMeshFile, scratch + "/share/tg_import_pkg/meshes/body.stl")
        XCTAssertEqual(link.collisions.map(\.urdfMeshFile), [scratch + "/robot/meshes/local.stl", scratch + "/robot/meshes/local.stl"])
    }

    func testImporterResolvesThroughROSPackagePath() throws {
        try F.write("solid m\nendsolid m\n", at: "rosws/src/tg_ros_pkg/meshes/m.stl", in: scratch)
        let urdf = F.robot("<link name=\"a\"><visual><geometry><mesh filename=\"package://tg_ros_pkg/meshes/m.stl\"/>"
            + "</geometry></visual></link>\n")
        let path = try F.write(urdf, at: "robot/r.urdf", in: scratch)
        let previous = PackageResolver.environmentROSPackagePath
        defer {
            if let previous { setenv("ROS_PACKAGE_PATH", previous, 1) } else { unsetenv("ROS_PACKAGE_PATH") }
        }
        setenv("ROS_PACKAGE_PATH", scratch + "/rosws/src", 1)
        let model = try URDFImporter.load(path: path)
        XCTAssertEqual(model.links[0].visuals[0].urdfMeshFile, scratch + "/rosws/src/tg_ros_pkg/meshes/m.stl")
        unsetenv("ROS_PACKAGE_PATH")
        XCTAssertThrowsError(try URDFImporter.load(path: path))
    }

    func testAtlasPackagesResolveFromTheFilesAncestors() throws {
        let urdf = try F.asset("atlas/atlas_description/urdf/atlas_v4_with_multisense.urdf")
        let resolver = PackageResolver(referencingFile: urdf, rosPackagePath: nil)
        let atlas = PackageResolver.parent(of: PackageResolver.parent(of: PackageResolver.parent(of: urdf)))
        XCTAssertEqual(try resolver.resolve("package://atlas_description/meshes_unplugged/pelvis.dae", line: 1),
                       atlas + "/atlas_description/meshes_unplugged/pelvis.dae")
        XCTAssertEqual(try resolver.resolve("package://multisense_sl_description/meshes/head.dae", line: 1),
                       atlas + "/multisense_sl_description/meshes/head.dae")
    }
}
