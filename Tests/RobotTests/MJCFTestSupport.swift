// Helpers for the MJCF importer tests: the shared third-party assets, small MJCF files
// written to a temporary folder, and error assertions.
import Foundation
import Physics
import XCTest
@testable import Robot

enum MJCFFixtures {
    /// `<repo>/../shared/assets`, or XCTSkip when it is absent.
    static func assets(filePath: String = #filePath) throws -> String {
        let repository = URL(fileURLWithPath: filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent()
        let folder = repository.deletingLastPathComponent().appendingPathComponent("shared/assets").path
        guard FileManager.default.fileExists(atPath: folder) else {
            throw XCTSkip("\(folder) not found: the third-party robot files are not on this machine")
        }
        return folder
    }

    /// Imports a file under the shared assets folder.
    static func importAsset(_ relativePath: String) throws -> MJCFImport {
        try MJCFImporter.importFile(path: (try assets() as NSString).appendingPathComponent(relativePath))
    }

    /// Writes `files` (name → contents, names may contain folders) into a new temporary
    /// folder and returns the folder.
    static func folder(_ files: [String: String]) throws -> String {
        let folder = (NSTemporaryDirectory() as NSString).appendingPathComponent("mjcf-\(UUID().uuidString)")
        for (name, text) in files {
            let path = (folder as NSString).appendingPathComponent(name)
            try FileManager.default.createDirectory(atPath: (path as NSString).deletingLastPathComponent,
                                                    withIntermediateDirectories: true)
            try text.write(toFile: path, atomically: true, encoding: .utf8)
        }
        return folder
    }

    /// Writes one MJCF file (plus `extra` files beside it) and imports it.
    static func importText(_ text: String, extra: [String: String] = [:]) throws -> MJCFImport {
        let folder = try folder(extra.merging(["model.xml": text]) { $1 })
        return try MJCFImporter.importFile(path: (folder as NSString).appendingPathComponent("model.xml"))
    }

    /// A model with `body` as the only top-level body and optional extra sections.
    static func model(_ body: String, sections: String = "", compiler: String = "") -> String {
        "<mujoco model=\"test\">\n\(compiler)\n\(sections)\n<worldbody>\n\(body)\n</worldbody>\n</mujoco>\n"
    }
}

/// Asserts that importing throws an ImportError whose file ends with `file`, at `line`,
/// whose message contains `message`.
func assertMJCFError(_ file: String = "model.xml", line: Int? = nil, contains message: String,
                     sourceFile: StaticString = #filePath, sourceLine: UInt = #line,
                     _ body: () throws -> Any) {
    XCTAssertThrowsError(try body(), file: sourceFile, line: sourceLine) { error in
        guard let error = error as? ImportError else {
            return XCTFail("expected ImportError, got \(error)", file: sourceFile, line: sourceLine)
        }
        XCTAssertTrue(error.file.hasSuffix(file), "file: \(error)", file: sourceFile, line: sourceLine)
        if let line { XCTAssertEqual(error.line, line, "line: \(error)", file: sourceFile, line: sourceLine) }
        XCTAssertTrue(error.message.contains(message), "message: \(error)", file: sourceFile, line: sourceLine)
        XCTAssertTrue(error.description.contains(":\(error.line): error: "), error.description,
                      file: sourceFile, line: sourceLine)
    }
}

/// Checks two poses agree within `accuracy` (quaternions up to sign).
func assertMJCFPose(_ pose: Pose, _ expected: Pose, accuracy: Double = 1e-9,
                file: StaticString = #filePath, line: UInt = #line) {
    let p = pose.position - expected.position
    XCTAssertLessThan(p.length, accuracy, "position \(pose.position) vs \(expected.position)", file: file, line: line)
    let a = pose.rotation, b = expected.rotation
    let dot = abs(a.x * b.x + a.y * b.y + a.z * b.z + a.w * b.w)
    XCTAssertEqual(dot, 1, accuracy: accuracy, "rotation \(a) vs \(b)", file: file, line: line)
}
