// MeshCache: processed meshes and collision hulls, kept in memory for the process and on
// disk across runs, so loading the same robot a second time skips assimp.
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Foundation
import Physics

/// A cache of `MeshLoader` results and `ConvexHullApproximation` hulls.
///
/// Entries are keyed by the mesh file's absolute path (symlinks resolved), size and
/// modification time: an edited file is a miss. Two levels:
/// - memory: process-wide, never evicted (call `clearMemory()`);
/// - disk: one file per entry in `diskDirectory` (see `MeshCacheFile` for the format),
///   written to a temporary file and renamed into place. A corrupt, truncated or stale
///   cache file is reported as a note on that load and rebuilt, never an error.
///
/// Thread-safe. Concurrent misses on the same file may both import it (harmless).
public final class MeshCache: @unchecked Sendable {
    /// The process-wide cache, on disk in `defaultDiskDirectory()`.
    public static let shared = MeshCache(diskDirectory: MeshCache.defaultDiskDirectory())

    /// Where cache files go; nil when the disk cache is off.
    public let diskDirectory: String?

    /// Counts since creation or `resetStatistics()`, for benchmarks and tests.
    public struct Statistics: Sendable, Hashable {
        public var meshMemoryHits = 0
        public var meshDiskHits = 0
        /// Meshes read with assimp.
        public var meshImports = 0
        public var hullMemoryHits = 0
        public var hullDiskHits = 0
        public var hullComputations = 0
        /// Cache files found corrupt, truncated or stale (each then rebuilt).
        public var rejectedCacheFiles = 0
        public var failedCacheWrites = 0

        public var hits: Int { meshMemoryHits + meshDiskHits + hullMemoryHits + hullDiskHits }
        public var misses: Int { meshImports + hullComputations }
    }

    private let lock = NSLock()
    private var meshes: [String: (stamp: SourceStamp, mesh: LoadedMesh)] = [:]
    private var hulls: [String: (stamp: SourceStamp, points: [Vector3])] = [:]
    private var counts = Statistics()

    /// A cache storing files in `diskDirectory` (created when first needed), or in memory
    /// only when it is nil.
    public init(diskDirectory: String?) {
        self.diskDirectory = diskDirectory
    }

    /// `$TRAINGROUND_CACHE_DIR` when set (an empty value turns the disk cache off), else
    /// `$XDG_CACHE_HOME/trainground/meshes`, else `~/.cache/trainground/meshes`.
    public static func defaultDiskDirectory(environment: [String: String] = ProcessInfo.processInfo.environment)
        -> String? {
        if let override = environment["TRAINGROUND_CACHE_DIR"] { return override.isEmpty ? nil : override }
        if let xdg = environment["XDG_CACHE_HOME"], xdg.hasPrefix("/") { return xdg + "/trainground/meshes" }
        let home = environment["HOME"].flatMap { $0.isEmpty ? nil : $0 } ?? NSHomeDirectory()
        return home + "/.cache/trainground/meshes"
    }

    public var statistics: Statistics { lock.withLock { counts } }
    public func resetStatistics() { lock.withLock { counts = Statistics() } }

    /// Forgets every in-memory entry (the disk cache stays).
    public func clearMemory() {
        lock.withLock {
            meshes.removeAll()
            hulls.removeAll()
        }
    }

    /// Deletes this cache's files from `diskDirectory` (other files are left alone).
    public func clearDisk() throws {
        guard let directory = diskDirectory, FileManager.default.fileExists(atPath: directory) else { return }
        for name in try FileManager.default.contentsOfDirectory(atPath: directory) where name.contains(".tgcache") {
            try FileManager.default.removeItem(atPath: directory + "/" + name)
        }
    }

    // MARK: - Meshes

    /// The mesh at `path`, from memory, disk or assimp (in that order). Its `notes` include
    /// any problem found with its cache file on this load. Throws what `MeshLoader.load`
    /// throws.
    public func mesh(at path: String) throws -> LoadedMesh {
        var cacheNotes: [ImportNote] = []
        var mesh = try mesh(stamp: try SourceStamp(path: path), notes: &cacheNotes)
        mesh.notes += cacheNotes
        return mesh
    }

    // The mesh for a stamped file; problems with its cache file go to `notes`.
    private func mesh(stamp: SourceStamp, notes: inout [ImportNote]) throws -> LoadedMesh {
        if let entry = lock.withLock({ meshes[stamp.path] }), entry.stamp == stamp {
            count { $0.meshMemoryHits += 1 }
            return entry.mesh.checkingTextureFiles()
        }
        let header = MeshCacheFile.Header(kind: .mesh, key: stamp.path, sourceSize: stamp.size,
                                          sourceModificationNanoseconds: stamp.modificationNanoseconds,
                                          producer: Self.producer)
        let mesh: LoadedMesh
        if let payload = readDisk(header, notes: &notes),
           let decoded = decode(header, notes: &notes, { try MeshCacheFile.decodeMesh(payload, sourceFile: stamp.path) }) {
            count { $0.meshDiskHits += 1 }
            mesh = decoded
        } else {
            mesh = try MeshLoader.load(path: stamp.path)
            count { $0.meshImports += 1 }
            writeDisk(header, payload: MeshCacheFile.encodeMesh(mesh), notes: &notes)
        }
        lock.withLock { meshes[stamp.path] = (stamp, mesh) }
        return mesh
    }

    // MARK: - Collision hulls

    /// At most `maxVertices` (at least 4) convex-hull vertices of the mesh at `path`, each
    /// vertex multiplied component-wise by `scale` first; in metres in the mesh frame.
    /// Problems with cache files are appended to `notes`.
    public func collisionHull(at path: String, scale: Vector3 = Vector3(1, 1, 1),
                              maxVertices: Int = ConvexHullApproximation.defaultMaxVertices,
                              notes: inout [ImportNote]) throws -> [Vector3] {
        let stamp = try SourceStamp(path: path)
        guard scale.isFinite else {
            throw ImportError(file: stamp.path, line: 0, message: "mesh scale \(scale) is not finite")
        }
        let bound = max(4, maxVertices)
        let key = "\(stamp.path)|scale=\(scale.x),\(scale.y),\(scale.z)|maxVertices=\(bound)"
        if let entry = lock.withLock({ hulls[key] }), entry.stamp == stamp {
            count { $0.hullMemoryHits += 1 }
            return entry.points
        }
        let header = MeshCacheFile.Header(kind: .hull, key: key, sourceSize: stamp.size,
                                          sourceModificationNanoseconds: stamp.modificationNanoseconds,
                                          producer: Self.producer)
        let points: [Vector3]
        if let payload = readDisk(header, notes: &notes),
           let decoded = decode(header, notes: &notes, { try MeshCacheFile.decodeHull(payload) }) {
            count { $0.hullDiskHits += 1 }
            points = decoded
        } else {
            let loaded = try mesh(stamp: stamp, notes: &notes)
            let scaled = loaded.mesh.vertices.map { Vector3($0.x * scale.x, $0.y * scale.y, $0.z * scale.z) }
            points = ConvexHullApproximation.vertices(of: scaled, maxVertices: bound)
            count { $0.hullComputations += 1 }
            writeDisk(header, payload: MeshCacheFile.encodeHull(points), notes: &notes)
        }
        lock.withLock { hulls[key] = (stamp, points) }
        return points
    }

    /// `collisionHull(at:scale:maxVertices:notes:)`, dropping notes about cache files.
    public func collisionHull(at path: String, scale: Vector3 = Vector3(1, 1, 1),
                              maxVertices: Int = ConvexHullApproximation.defaultMaxVertices) throws -> [Vector3] {
        var notes: [ImportNote] = []
        return try collisionHull(at: path, scale: scale, maxVertices: maxVertices, notes: &notes)
    }

    // MARK: - Disk

    /// Names the code that wrote a cache file: files from other versions count as stale.
    static let producer = "TrainingGround MeshCache 1; \(MeshLoader.processingDescription); hull greedy-farthest v1"

    /// The cache file for an entry: a hash of its key, then its kind.
    func diskFile(for header: MeshCacheFile.Header) -> String? {
        guard let directory = diskDirectory else { return nil }
        let hash = String(MeshCacheFile.fnv1a64(Array(header.key.utf8)[...]), radix: 16)
        return "\(directory)/\(hash)-\(header.kind.fileSuffix).tgcache"
    }

    // The verified payload of the entry's cache file; nil (with a note when the file was
    // there but unusable) otherwise.
    private func readDisk(_ header: MeshCacheFile.Header, notes: inout [ImportNote]) -> ArraySlice<UInt8>? {
        guard let file = diskFile(for: header), let data = FileManager.default.contents(atPath: file) else { return nil }
        do {
            return try MeshCacheFile.payload(of: [UInt8](data), expected: header)
        } catch {
            reject(file: file, header: header, problem: "\(error)", notes: &notes)
            return nil
        }
    }

    // Decodes a verified payload; a payload that still does not decode is corrupt.
    private func decode<T>(_ header: MeshCacheFile.Header, notes: inout [ImportNote], _ body: () throws -> T) -> T? {
        do {
            return try body()
        } catch {
            if let file = diskFile(for: header) { reject(file: file, header: header, problem: "\(error)", notes: &notes) }
            return nil
        }
    }

    private func reject(file: String, header: MeshCacheFile.Header, problem: String, notes: inout [ImportNote]) {
        count { $0.rejectedCacheFiles += 1 }
        notes.append(ImportNote(file: source(of: header), line: 0,
                                message: "mesh cache file \(file) is \(problem); rebuilt"))
    }

    // Writes to a temporary file in the same directory, then renames it over the entry.
    private func writeDisk(_ header: MeshCacheFile.Header, payload: [UInt8], notes: inout [ImportNote]) {
        guard let directory = diskDirectory, let file = diskFile(for: header) else { return }
        let temporary = "\(file).\(getpid()).\(UUID().uuidString).tmp"
        do {
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
            try Data(MeshCacheFile.encode(header: header, payload: payload)).write(to: URL(fileURLWithPath: temporary))
            guard rename(temporary, file) == 0 else {
                throw CocoaError(.fileWriteUnknown, userInfo: [NSFilePathErrorKey: file])
            }
        } catch {
            try? FileManager.default.removeItem(atPath: temporary)
            count { $0.failedCacheWrites += 1 }
            notes.append(ImportNote(file: source(of: header), line: 0,
                                    message: "could not write mesh cache file \(file): \(error.localizedDescription)"))
        }
    }

    private func source(of header: MeshCacheFile.Header) -> String {
        String(header.key.prefix { $0 != "|" })
    }

    private func count(_ update: (inout Statistics) -> Void) {
        lock.withLock { update(&counts) }
    }
}

/// A mesh file's identity for the cache: real path, size in bytes, modification time.
struct SourceStamp: Equatable {
    var path: String
    var size: UInt64
    var modificationNanoseconds: Int64

    /// Throws `ImportError` when the file does not exist.
    init(path: String) throws {
        let absolute = MeshLoader.absolutePath(path)
        guard let resolved = realpath(absolute, nil) else {
            throw ImportError(file: absolute, line: 0, message: "mesh file not found")
        }
        defer { free(resolved) }
        var info = stat()
        guard stat(resolved, &info) == 0 else {
            throw ImportError(file: absolute, line: 0, message: "mesh file not found")
        }
        self.path = String(cString: resolved)
        size = UInt64(max(0, info.st_size))
        #if canImport(Darwin)
        let time = info.st_mtimespec
        #else
        let time = info.st_mtim
        #endif
        modificationNanoseconds = Int64(time.tv_sec) * 1_000_000_000 + Int64(time.tv_nsec)
    }
}
