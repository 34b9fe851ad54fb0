// MeshCache: memory and disk hits, and cache files that are corrupt, truncated or stale
// being noticed and rebuilt. Every cache here lives in its own temporary folder.
import Foundation
import Physics
import XCTest
@testable import Robot

final class MeshCacheTests: XCTestCase {
    private var cacheFolder = ""

    override func setUpWithError() throws {
        cacheFolder = try MeshTestAssets.temporaryDirectory(for: self) + "/cache"
    }

    private func cacheFiles() -> [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: cacheFolder)) ?? [])
            .filter { $0.hasSuffix(".tgcache") }.sorted().map { cacheFolder + "/" + $0 }
    }

    // MARK: - Hits

    func testSecondLoadIsAMemoryHitAndANewCacheReadsTheDisk() throws {
        let file = try MeshTestAssets.path("atlas/atlas_description/meshes_unplugged/l_foot.dae")
        let cache = MeshCache(diskDirectory: cacheFolder)
        let first = try cache.mesh(at: file)
        XCTAssertEqual(cache.statistics.meshImports, 1)
        XCTAssertEqual(cacheFiles().count, 1)

        let second = try cache.mesh(at: file)
        XCTAssertEqual(second, first)
        XCTAssertEqual(cache.statistics.meshMemoryHits, 1)
        XCTAssertEqual(cache.statistics.misses, 1)

        // Another process (a new cache on the same folder): from disk, identical, textures
        // (one present, one missing) checked again.
        let fresh = MeshCache(diskDirectory: cacheFolder)
        let third = try fresh.mesh(at: file)
        XCTAssertEqual(fresh.statistics.meshDiskHits, 1)
        XCTAssertEqual(fresh.statistics.meshImports, 0)
        XCTAssertEqual(third, first)
        XCTAssertEqual(third.missingTextureNotes.count, 1)
        XCTAssertTrue(third.notes.isEmpty)
    }

    func testG1MeshesRoundTripThroughTheDiskExactly() throws {
        let files = try MeshTestAssets.g1Meshes().prefix(5)
        let cold = MeshCache(diskDirectory: cacheFolder)
        let loaded = try files.map { try cold.mesh(at: $0) }
        let warm = MeshCache(diskDirectory: cacheFolder)
        XCTAssertEqual(try files.map { try warm.mesh(at: $0) }, loaded)
        XCTAssertEqual(warm.statistics.meshDiskHits, files.count)
        XCTAssertEqual(warm.statistics.meshImports, 0)
    }

    func testPathsNamingTheSameFileShareAnEntry() throws {
        let file = try MeshTestAssets.path("objects_pybullet/table/table.obj")
        let cache = MeshCache(diskDirectory: nil)
        _ = try cache.mesh(at: file)
        let folder = (file as NSString).deletingLastPathComponent
        _ = try cache.mesh(at: folder + "/../table/./table.obj")
        XCTAssertEqual(cache.statistics.meshImports, 1)
        XCTAssertEqual(cache.statistics.meshMemoryHits, 1)
    }

    // MARK: - Bad cache files

    func testCorruptedCacheFileIsNotedAndRebuilt() throws {
        let file = try MeshTestAssets.path("unitree_g1/g1_description/meshes/left_elbow_link.STL")
        let original = try MeshCache(diskDirectory: cacheFolder).mesh(at: file)
        let cacheFile = try XCTUnwrap(cacheFiles().first)
        var bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: cacheFile)))
        for offset in stride(from: bytes.count / 2, to: bytes.count / 2 + 16, by: 1) { bytes[offset] ^= 0x5A }
        try Data(bytes).write(to: URL(fileURLWithPath: cacheFile))

        let cache = MeshCache(diskDirectory: cacheFolder)
        let rebuilt = try cache.mesh(at: file)
        XCTAssertEqual(cache.statistics.rejectedCacheFiles, 1)
        XCTAssertEqual(cache.statistics.meshImports, 1)
        XCTAssertEqual(rebuilt.mesh, original.mesh)
        XCTAssertEqual(rebuilt.notes.count, 1)
        XCTAssertTrue(rebuilt.notes[0].message.contains("corrupt"), rebuilt.notes[0].message)
        XCTAssertTrue(rebuilt.notes[0].message.contains(cacheFile), rebuilt.notes[0].message)
        XCTAssertEqual(rebuilt.notes[0].file, file)

        // The rebuilt file is good again.
        let next = MeshCache(diskDirectory: cacheFolder)
        XCTAssertEqual(try next.mesh(at: file), original)
        XCTAssertEqual(next.statistics.meshDiskHits, 1)
    }

    func testTruncatedAndForeignCacheFilesAreRebuilt() throws {
        let file = try MeshTestAssets.path("kuka_iiwa/kuka_iiwa/meshes/link_2.obj")
        let original = try MeshCache(diskDirectory: cacheFolder).mesh(at: file)
        let cacheFile = try XCTUnwrap(cacheFiles().first)
        let bytes = try Data(contentsOf: URL(fileURLWithPath: cacheFile))
        for damaged in [bytes.prefix(bytes.count / 2), bytes.prefix(3), Data(), Data("not a cache".utf8)] {
            try damaged.write(to: URL(fileURLWithPath: cacheFile))
            let cache = MeshCache(diskDirectory: cacheFolder)
            let rebuilt = try cache.mesh(at: file)
            XCTAssertEqual(rebuilt.mesh, original.mesh)
            XCTAssertEqual(cache.statistics.rejectedCacheFiles, 1)
            XCTAssertTrue(rebuilt.notes.contains { $0.message.contains("corrupt") }, "\(rebuilt.notes)")
            XCTAssertEqual(try Data(contentsOf: URL(fileURLWithPath: cacheFile)), bytes, "rewritten whole")
        }
    }

    func testEditedMeshMakesItsEntriesStale() throws {
        let folder = try MeshTestAssets.temporaryDirectory(for: self)
        let file = try MeshTestAssets.write(MeshTestAssets.asciiTetrahedron, to: "part.stl", in: folder)
        let cache = MeshCache(diskDirectory: cacheFolder)
        XCTAssertEqual(try cache.mesh(at: file).mesh.triangleCount, 4)
        XCTAssertEqual(try cache.collisionHull(at: file).count, 4)

        // Same path, new content (a bigger tetrahedron) and a later modification time.
        try MeshTestAssets.write(MeshTestAssets.asciiTetrahedron.replacingOccurrences(of: "0.1", with: "0.25"),
                                 to: "part.stl", in: folder)
        try FileManager.default.setAttributes([.modificationDate: Date().addingTimeInterval(10)], ofItemAtPath: file)
        let edited = try cache.mesh(at: file)
        XCTAssertEqual(try XCTUnwrap(edited.boundingBox).maximum.x, 0.25, accuracy: 1e-6)
        XCTAssertEqual(cache.statistics.meshImports, 2, "the memory entry is stale too")
        XCTAssertTrue(edited.notes.contains { $0.message.contains("stale") }, "\(edited.notes)")
        var notes: [ImportNote] = []
        let hull = try cache.collisionHull(at: file, notes: &notes)
        XCTAssertEqual(hull.map(\.x).max() ?? 0, 0.25, accuracy: 1e-6)
        XCTAssertTrue(notes.contains { $0.message.contains("stale") }, "\(notes)")
    }

    /// Fault injection: a mesh that vanishes between runs (cached on disk by the first) is
    /// an error naming it in the next run — never a silent load of the stale cache entry.
    func testMeshThatVanishesBetweenRunsIsAnErrorNamingIt() throws {
        let folder = try MeshTestAssets.temporaryDirectory(for: self)
        let file = try MeshTestAssets.write(MeshTestAssets.asciiTetrahedron, to: "vanishing.stl", in: folder)
        XCTAssertEqual(try MeshCache(diskDirectory: cacheFolder).mesh(at: file).mesh.triangleCount, 4)
        XCTAssertFalse(cacheFiles().isEmpty, "the first run cached the mesh on disk")
        try FileManager.default.removeItem(atPath: file)
        let nextRun = MeshCache(diskDirectory: cacheFolder)
        XCTAssertThrowsError(try nextRun.mesh(at: file)) { error in
            XCTAssertEqual((error as? ImportError)?.file, file, "\(error)")
        }
        XCTAssertThrowsError(try nextRun.collisionHull(at: file)) { error in
            XCTAssertEqual((error as? ImportError)?.file, file, "\(error)")
        }
    }

    // MARK: - Hulls

    func testHullsAreCachedPerScaleAndBound() throws {
        let file = try MeshTestAssets.path("unitree_g1/g1_description/meshes/left_knee_link.STL")
        let cache = MeshCache(diskDirectory: cacheFolder)
        let hull = try cache.collisionHull(at: file)
        XCTAssertEqual(hull.count, 64)
        XCTAssertEqual(try cache.collisionHull(at: file), hull)
        XCTAssertEqual(cache.statistics.hullComputations, 1)
        XCTAssertEqual(cache.statistics.hullMemoryHits, 1)

        // Doubling is exact in floating point, so the doubled hull is the same points doubled.
        XCTAssertEqual(try cache.collisionHull(at: file, scale: Vector3(2, 2, 2)), hull.map { $0 * 2 })
        XCTAssertEqual(try cache.collisionHull(at: file, maxVertices: 16).count, 16)
        XCTAssertEqual(try cache.collisionHull(at: file, maxVertices: 1).count, 4, "at least 4")
        XCTAssertEqual(cache.statistics.hullComputations, 4)
        XCTAssertEqual(cache.statistics.meshImports, 1)

        let fresh = MeshCache(diskDirectory: cacheFolder)
        XCTAssertEqual(try fresh.collisionHull(at: file), hull)
        XCTAssertEqual(fresh.statistics.hullDiskHits, 1)
        XCTAssertEqual(fresh.statistics.meshImports + fresh.statistics.meshDiskHits, 0, "the mesh is not needed")
        XCTAssertThrowsError(try fresh.collisionHull(at: file, scale: Vector3(.infinity, 1, 1)))
    }

    // MARK: - Settings and failures

    func testWithoutADiskDirectoryNothingIsWritten() throws {
        let file = try MeshTestAssets.path("objects_pybullet/table/table.obj")
        let cache = MeshCache(diskDirectory: nil)
        _ = try cache.mesh(at: file)
        _ = try cache.collisionHull(at: file)
        XCTAssertFalse(FileManager.default.fileExists(atPath: cacheFolder))
        cache.clearMemory()
        _ = try cache.mesh(at: file)
        XCTAssertEqual(cache.statistics.meshImports, 2)
    }

    func testDefaultDiskDirectoryFollowsTheEnvironment() {
        XCTAssertNil(MeshCache.defaultDiskDirectory(environment: ["TRAINGROUND_CACHE_DIR": "", "HOME": "/h"]))
        XCTAssertEqual(MeshCache.defaultDiskDirectory(environment: ["TRAINGROUND_CACHE_DIR": "/c", "HOME": "/h"]), "/c")
        XCTAssertEqual(MeshCache.defaultDiskDirectory(environment: ["XDG_CACHE_HOME": "/x", "HOME": "/h"]),
                       "/x/trainground/meshes")
        XCTAssertEqual(MeshCache.defaultDiskDirectory(environment: ["HOME": "/h"]), "/h/.cache/trainground/meshes")
        XCTAssertEqual(MeshCache.defaultDiskDirectory(environment: ["XDG_CACHE_HOME": "relative", "HOME": "/h"]),
                       "/h/.cache/trainground/meshes", "XDG says relative paths are ignored")
    }

    func testUnwritableCacheFolderIsANoteNotAnError() throws {
        let folder = try MeshTestAssets.temporaryDirectory(for: self)
        let blocker = try MeshTestAssets.write("a file, not a folder", to: "blocker", in: folder)
        let cache = MeshCache(diskDirectory: blocker + "/meshes")
        let loaded = try cache.mesh(at: try MeshTestAssets.path("objects_pybullet/table/table.obj"))
        XCTAssertEqual(loaded.mesh.triangleCount, 12)
        XCTAssertEqual(cache.statistics.failedCacheWrites, 1)
        XCTAssertTrue(loaded.notes.contains { $0.message.contains("could not write mesh cache file") }, "\(loaded.notes)")
    }

    func testMissingMeshThrowsImportErrorNamingIt() throws {
        let cache = MeshCache(diskDirectory: cacheFolder)
        let calls: [() throws -> Void] = [{ _ = try cache.mesh(at: "/nonexistent/part.stl") },
                                          { _ = try cache.collisionHull(at: "/nonexistent/part.stl") }]
        for call in calls {
            XCTAssertThrowsError(try call()) { error in
                XCTAssertEqual((error as? ImportError)?.file, "/nonexistent/part.stl")
                XCTAssertTrue("\(error)".contains("not found"), "\(error)")
            }
        }
    }

    func testClearDiskRemovesOnlyCacheFiles() throws {
        let cache = MeshCache(diskDirectory: cacheFolder)
        _ = try cache.collisionHull(at: try MeshTestAssets.path("objects_pybullet/table/table.obj"))
        XCTAssertEqual(cacheFiles().count, 2)
        try MeshTestAssets.write("keep", to: "other.txt", in: cacheFolder)
        try cache.clearDisk()
        XCTAssertEqual(cacheFiles().count, 0)
        XCTAssertTrue(FileManager.default.fileExists(atPath: cacheFolder + "/other.txt"))
    }

    func testConcurrentRequestsGiveOneAnswer() throws {
        let files = try MeshTestAssets.g1Meshes().prefix(4)
        let cache = MeshCache(diskDirectory: cacheFolder)
        let expected = try files.map { try MeshLoader.load(path: $0).mesh }
        let results = UnsafeMutableBufferPointer<TriangleMesh?>.allocate(capacity: 16)
        results.initialize(repeating: nil)
        defer { results.deallocate() }
        DispatchQueue.concurrentPerform(iterations: 16) { index in
            results[index] = try? cache.mesh(at: files[files.startIndex + index % files.count]).mesh
        }
        for index in 0..<16 { XCTAssertEqual(results[index], expected[index % files.count]) }
    }
}
