// EpisodeRecording: one episode's actions and state hashes, compactly, so it can be
// re-simulated bit for bit (`tground replay`) or drive a policy (`--policy replay:FILE`).
//
// FILE FORMAT (`.tgrec`, little-endian; `str` = u16 byte count + UTF-8 bytes)
//
//   magic               8 bytes   "TGRECORD"
//   format version      u32       1 (this build); another version is refused before anything else is read
//   build id            u64       FNV-1a 64 of the build string below
//   build               str       "TrainingGround 0.1.0; Bullet 3.24 (double precision); x86_64"
//   scene name          str
//   scene file          str       absolute path when recorded
//   override count      u16, then that many str (`--set key.path=value`)
//   scene hash          u64       `SceneHash` of the scene after overrides
//   seed                u64       the episode seed
//   policy              str       the policy that acted (`zero`, `random`, `replay:FILE`)
//   action size         u32       A: entries per action (the episode's actuated joints)
//   state hash interval u32       K ≥ 1: a full state hash every K control steps
//   step count          u32       S: control steps recorded
//   initial state hash  u64       World.stateHash() after reset, before step 1
//   S steps; step s (1-based):
//     action            A × f64   the action sent at step s
//     trajectory hash   u64       Episode.trajectoryHash after step s (observations, rewards)
//     state hash        u64       only when s % K == 0 or s == S: World.stateHash() after step s
//   end magic           8 bytes   "TGRECEND"
//   checksum            u64       FNV-1a 64 of every byte before it
//
// Replaying builds Episode(scene, seed), calls observe() once (as the batch does before the
// policy's first action — observing draws sensor noise) and steps the actions in order.
//
// A 10 s episode at 60 Hz of the 31-joint tg_humanoid is 600 × (248 + 8) bytes + 60 hashes ≈ 155 kB.
import Foundation
import Physics

public struct EpisodeRecording: Sendable, Equatable {
    public static let magic = Array("TGRECORD".utf8)
    public static let endMagic = Array("TGRECEND".utf8)
    /// The record format this build writes and reads.
    public static let currentFormatVersion: UInt32 = 1

    public var formatVersion: UInt32 = EpisodeRecording.currentFormatVersion
    public var buildID: UInt64
    public var build: String
    public var sceneName: String
    public var sceneFile: String
    public var overrides: [String]
    public var sceneHash: UInt64
    public var seed: UInt64
    public var policy: String
    public var actionSize: Int
    public var stateHashInterval: Int
    public var initialStateHash: UInt64
    /// Every action, step after step (`stepCount × actionSize` entries).
    public var actions: [Double]
    /// Episode.trajectoryHash after each step (one per step).
    public var trajectoryHashes: [UInt64]
    /// World.stateHash() after each step in `stateHashSteps`, in order.
    public var stateHashes: [UInt64]

    public init(build: BuildIdentity = .current, sceneName: String, sceneFile: String, overrides: [String],
                sceneHash: UInt64, seed: UInt64, policy: String, actionSize: Int, stateHashInterval: Int,
                initialStateHash: UInt64, actions: [Double] = [], trajectoryHashes: [UInt64] = [],
                stateHashes: [UInt64] = []) {
        buildID = build.id
        self.build = build.description
        self.sceneName = sceneName
        self.sceneFile = sceneFile
        self.overrides = overrides
        self.sceneHash = sceneHash
        self.seed = seed
        self.policy = policy
        self.actionSize = actionSize
        self.stateHashInterval = max(1, stateHashInterval)
        self.initialStateHash = initialStateHash
        self.actions = actions
        self.trajectoryHashes = trajectoryHashes
        self.stateHashes = stateHashes
    }

    /// Control steps recorded.
    public var stepCount: Int { trajectoryHashes.count }

    /// The action of control step `step` (1-based).
    public func action(step: Int) -> ArraySlice<Double> {
        actions[(step - 1) * actionSize ..< step * actionSize]
    }

    /// Whether step `step` (1-based) of an episode of `stepCount` steps carries a state hash.
    public func hasStateHash(step: Int) -> Bool { step % stateHashInterval == 0 || step == stepCount }

    /// The steps that carry a state hash, in order (parallel to `stateHashes`).
    public var stateHashSteps: [Int] { (1...max(1, stepCount)).filter { stepCount > 0 && hasStateHash(step: $0) } }

    /// Refuses a record written by another build: its bits need not replay here.
    public func checkBuild(_ current: BuildIdentity = .current) throws {
        guard buildID == current.id else {
            throw RecordingError.otherBuild(recorded: build, current: current.description)
        }
    }

    // MARK: Encoding

    public func encoded() -> [UInt8] {
        var out = ByteWriter()
        out.bytes(Self.magic)
        out.u32(formatVersion)
        out.u64(buildID)
        out.string(build)
        out.string(sceneName)
        out.string(sceneFile)
        out.u16(UInt16(min(overrides.count, Int(UInt16.max))))
        for text in overrides.prefix(Int(UInt16.max)) { out.string(text) }
        out.u64(sceneHash)
        out.u64(seed)
        out.string(policy)
        out.u32(UInt32(actionSize))
        out.u32(UInt32(stateHashInterval))
        out.u32(UInt32(stepCount))
        out.u64(initialStateHash)
        out.reserve(stepCount * (actionSize * 8 + 16))
        var stateIndex = 0
        for step in 1...max(1, stepCount) where stepCount > 0 {
            for value in action(step: step) { out.u64(value.bitPattern) }
            out.u64(trajectoryHashes[step - 1])
            if hasStateHash(step: step) {
                out.u64(stateIndex < stateHashes.count ? stateHashes[stateIndex] : 0)
                stateIndex += 1
            }
        }
        out.bytes(Self.endMagic)
        out.u64(fnv1a(out.data))
        return out.data
    }

    /// Decodes a record; `file` names it in errors. The build is not checked (see `checkBuild`).
    public init(bytes: [UInt8], file: String) throws {
        var input = ByteReader(bytes: bytes, file: file)
        guard bytes.count >= 12, Array(bytes[0..<8]) == Self.magic else { throw RecordingError.notARecord(file: file) }
        input.offset = 8
        formatVersion = try input.u32()
        guard formatVersion == Self.currentFormatVersion else {
            throw RecordingError.unsupportedVersion(file: file, found: formatVersion, supported: Self.currentFormatVersion)
        }
        guard bytes.count >= 16, fnv1a(bytes[..<(bytes.count - 8)]) == littleEndianU64(bytes, at: bytes.count - 8) else {
            throw RecordingError.corrupt(file: file, reason: "checksum mismatch (the file is truncated or was altered)")
        }
        buildID = try input.u64()
        build = try input.string()
        sceneName = try input.string()
        sceneFile = try input.string()
        let overrideCount = Int(try input.u16())
        overrides = try (0..<overrideCount).map { _ in try input.string() }
        sceneHash = try input.u64()
        seed = try input.u64()
        policy = try input.string()
        actionSize = Int(try input.u32())
        stateHashInterval = Int(try input.u32())
        let steps = Int(try input.u32())
        guard stateHashInterval >= 1 else { throw RecordingError.corrupt(file: file, reason: "state hash interval 0") }
        initialStateHash = try input.u64()
        guard steps.multipliedReportingOverflow(by: actionSize * 8 + 8).partialValue <= bytes.count else {
            throw RecordingError.corrupt(file: file, reason: "\(steps) steps of \(actionSize) actions do not fit the file")
        }
        actions = []
        actions.reserveCapacity(steps * actionSize)
        trajectoryHashes = []
        trajectoryHashes.reserveCapacity(steps)
        stateHashes = []
        for step in 1...max(1, steps) where steps > 0 {
            for _ in 0..<actionSize { actions.append(Double(bitPattern: try input.u64())) }
            trajectoryHashes.append(try input.u64())
            if step % stateHashInterval == 0 || step == steps { stateHashes.append(try input.u64()) }
        }
        guard Array(try input.take(8)) == Self.endMagic, input.offset == bytes.count - 8 else {
            throw RecordingError.corrupt(file: file, reason: "no end marker right after \(steps) steps")
        }
    }

    /// Writes the record to `path` atomically.
    public func write(to path: String, sync: Bool = true) throws {
        try AtomicFile.write(Data(encoded()), to: path, sync: sync)
    }

    /// Reads a record file.
    public static func read(from path: String) throws -> EpisodeRecording {
        guard let data = FileManager.default.contents(atPath: path) else { throw RecordingError.unreadable(file: path) }
        return try EpisodeRecording(bytes: [UInt8](data), file: path)
    }
}

/// What build wrote a record: the TrainingGround version, the Bullet build and the CPU
/// architecture. Records replay bit for bit only on the build that wrote them.
public struct BuildIdentity: Sendable, Equatable, CustomStringConvertible {
    public var description: String
    public var id: UInt64 { fnv1a(Array(description.utf8)[...]) }

    public init(description: String) { self.description = description }

    public static var current: BuildIdentity {
        #if arch(x86_64)
        let architecture = "x86_64"
        #elseif arch(arm64)
        let architecture = "arm64"
        #else
        let architecture = "other"
        #endif
        return BuildIdentity(description: "TrainingGround \(TrainingGroundVersion); \(World.bulletDescription); \(architecture)")
    }
}

/// Why a record file cannot be used.
public enum RecordingError: Error, CustomStringConvertible, Equatable {
    case unreadable(file: String)
    case notARecord(file: String)
    case unsupportedVersion(file: String, found: UInt32, supported: UInt32)
    case otherBuild(recorded: String, current: String)
    case corrupt(file: String, reason: String)

    public var description: String {
        switch self {
        case let .unreadable(file): return "\(file): cannot read the record file"
        case let .notARecord(file): return "\(file): not a TrainingGround episode record (no TGRECORD header)"
        case let .unsupportedVersion(file, found, supported):
            return "\(file): record format version \(found), but this build reads version \(supported); "
                + "the record was written by another TrainingGround version — replay it with that version"
        case let .otherBuild(recorded, current):
            return "the record was written by another build (\(recorded)); this is \(current). "
                + "Physics bits differ between builds, so it cannot be replayed exactly here"
        case let .corrupt(file, reason): return "\(file): corrupt record: \(reason)"
        }
    }
}

// MARK: Bytes

/// FNV-1a 64 of `bytes`.
func fnv1a<Bytes: Collection>(_ bytes: Bytes) -> UInt64 where Bytes.Element == UInt8 {
    var hash: UInt64 = 0xcbf2_9ce4_8422_2325
    for byte in bytes {
        hash ^= UInt64(byte)
        hash = hash &* 0x0000_0100_0000_01b3
    }
    return hash
}

private func littleEndianU64(_ bytes: [UInt8], at offset: Int) -> UInt64 {
    var value: UInt64 = 0
    for index in 0..<8 { value |= UInt64(bytes[offset + index]) << (8 * UInt64(index)) }
    return value
}

struct ByteWriter {
    var data: [UInt8] = []

    mutating func reserve(_ count: Int) { data.reserveCapacity(data.count + count) }
    mutating func bytes(_ bytes: [UInt8]) { data += bytes }
    mutating func u16(_ value: UInt16) { for index in 0..<2 { data.append(UInt8(truncatingIfNeeded: value >> (8 * index))) } }
    mutating func u32(_ value: UInt32) { for index in 0..<4 { data.append(UInt8(truncatingIfNeeded: value >> (8 * index))) } }
    mutating func u64(_ value: UInt64) { for index in 0..<8 { data.append(UInt8(truncatingIfNeeded: value >> (8 * index))) } }
    mutating func string(_ text: String) {
        let utf8 = Array(text.utf8.prefix(Int(UInt16.max)))
        u16(UInt16(utf8.count))
        data += utf8
    }
}

struct ByteReader {
    let bytes: [UInt8]
    let file: String
    var offset = 0

    init(bytes: [UInt8], file: String) {
        self.bytes = bytes
        self.file = file
    }

    mutating func take(_ count: Int) throws -> ArraySlice<UInt8> {
        guard count >= 0, offset + count <= bytes.count else {
            throw RecordingError.corrupt(file: file, reason: "truncated at byte \(offset)")
        }
        defer { offset += count }
        return bytes[offset ..< offset + count]
    }

    mutating func u16() throws -> UInt16 { UInt16(truncatingIfNeeded: try integer(2)) }
    mutating func u32() throws -> UInt32 { UInt32(truncatingIfNeeded: try integer(4)) }
    mutating func u64() throws -> UInt64 { try integer(8) }

    mutating func string() throws -> String {
        let count = Int(try u16())
        return String(decoding: try take(count), as: UTF8.self)
    }

    private mutating func integer(_ size: Int) throws -> UInt64 {
        let slice = try take(size)
        var value: UInt64 = 0
        for (index, byte) in slice.enumerated() { value |= UInt64(byte) << (8 * UInt64(index)) }
        return value
    }
}
