// RobotModelCache: one import per version of a robot file.
import Foundation
import XCTest
@testable import Scene

final class RobotModelCacheTests: XCTestCase {
    func testCachesUntilTheFileChanges() throws {
        let directory = NSTemporaryDirectory() + "/tg-model-cache-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let path = directory + "/r.urdf"
        func write(_ name: String) throws {
            let text = "<robot name=\"\(name)\"><link name=\"base\"><inertial><mass value=\"1\"/>"
                + "<inertia ixx=\"0.1\" iyy=\"0.1\" izz=\"0.1\" ixy=\"0\" ixz=\"0\" iyz=\"0\"/></inertial></link></robot>"
            try text.write(toFile: path, atomically: true, encoding: .utf8)
        }
        try write("first")
        let cache = RobotModelCache()
        XCTAssertEqual(try cache.model(at: path).name, "first")
        XCTAssertEqual(try cache.model(at: path).name, "first")
        try write("second-longer")  // another size: a new version of the file
        XCTAssertEqual(try cache.model(at: path).name, "second-longer")
        XCTAssertThrowsError(try cache.model(at: directory + "/missing.urdf"))
    }
}
