// URDFFixtures: where the shared third-party robot files are, and scratch directories for
// small URDFs written by the tests.
import Foundation
import XCTest
@testable import Robot

enum URDFFixtures {
    /// `<repo>/../shared/assets`, or a skip when the folder is absent.
    static func assetsDirectory(_ testFile: String = #filePath) throws -> String {
        let repository = URL(fileURLWithPath: testFile).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent()
        let assets = repository.deletingLastPathComponent().appendingPathComponent("shared/assets").path
        guard PackageResolver.isDirectory(assets) else {
            throw XCTSkip("\(assets) not found: the third-party robot files are not in this checkout (…/shared/assets)")
        }
        return assets
    }

    /// The absolute path of `relative` inside the assets folder.
    static func asset(_ relative: String) throws -> String {
        let path = try assetsDirectory() + "/" + relative
        guard PackageResolver.isFile(path) else { throw XCTSkip("\(path) not found") }
        return path
    }

    /// A fresh, empty directory; removed by `removeScratch`.
    static func makeScratch() throws -> String {
        let path = NSTemporaryDirectory() + "/tg-urdf-tests-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return PackageResolver.normalize(path)
    }

    static func removeScratch(_ path: String) {
        try? FileManager.default.removeItem(atPath: path)
    }

    /// Writes `text` at `directory/relative`, creating folders on the way; returns the path.
    @discardableResult
    static func write(_ text: String, at relative: String, in directory: String) throws -> String {
        let path = directory + "/" + relative
        try FileManager.default.createDirectory(atPath: PackageResolver.parent(of: path), withIntermediateDirectories: true)
        try Data(text.utf8).write(to: URL(fileURLWithPath: path))
        return path
    }

    /// A URDF document around `body` (lines inside `body` start on line 2).
    static func robot(_ body: String, name: String = "test_robot") -> String {
        "<robot name=\"\(name)\">\n\(body)</robot>\n"
    }

    /// A link with a small valid inertial, on one line.
    static func link(_ name: String) -> String {
        "<link name=\"\(name)\"><inertial><mass value=\"1\"/><inertia ixx=\"0.1\" iyy=\"0.1\" izz=\"0.1\"/></inertial></link>\n"
    }

    /// The 1-based line of the first line of `text` containing `needle` (0 when absent).
    static func line(of needle: String, in text: String) -> Int {
        let lines = text.replacingOccurrences(of: "\r\n", with: "\n").split(separator: "\n", omittingEmptySubsequences: false)
        return (lines.firstIndex { $0.contains(needle) } ?? -1) + 1
    }
}

/// Loads `urdf` written as `robot.urdf` in a scratch directory (plus `files`), then cleans up.
func loadScratchURDF(_ urdf: String, files: [String: String] = [:], packagePaths: [String] = [],
                     body: (String) throws -> Void = { _ in }) throws -> RobotModel {
    let directory = try URDFFixtures.makeScratch()
    defer { URDFFixtures.removeScratch(directory) }
    for (relative, text) in files { try URDFFixtures.write(text, at: relative, in: directory) }
    let path = try URDFFixtures.write(urdf, at: "robot.urdf", in: directory)
    try body(directory)
    return try URDFImporter.load(path: path, packagePaths: packagePaths)
}

/// Asserts that importing `urdf` fails on `line` with a message containing every fragment,
/// and that the error names the file.
func assertURDFError(_ urdf: String, line: Int, _ fragments: [String], files: [String: String] = [:],
                     file: StaticString = #filePath, testLine: UInt = #line) {
    XCTAssertThrowsError(try loadScratchURDF(urdf, files: files), file: file, line: testLine) { error in
        guard let error = error as? ImportError else {
            return XCTFail("expected ImportError, got \(error)", file: file, line: testLine)
        }
        XCTAssertEqual(PackageResolver.lastComponent(of: error.file), "robot.urdf", file: file, line: testLine)
        XCTAssertEqual(error.line, line, "\(error)", file: file, line: testLine)
        for fragment in fragments {
            XCTAssertTrue(error.message.contains(fragment), "'\(fragment)' not in: \(error)", file: file, line: testLine)
        }
        XCTAssertTrue(error.description.contains("robot.urdf:\(line): error: "), error.description, file: file, line: testLine)
    }
}
