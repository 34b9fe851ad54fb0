// Full-state snapshots: save, restore, and a hash of the state for determinism checks.
import BulletShim

/// The complete dynamic state of a world: bodies, joints, controls, timed pushes, contact
/// caches and solver seed. Restoring it into the same world, or into one built by the same
/// calls in the same order, continues bit for bit. The bytes are specific to this build.
public struct WorldSnapshot: Hashable, Sendable {
    public let bytes: [UInt8]

    public init(bytes: [UInt8]) { self.bytes = bytes }

    /// FNV-1a 64 of the bytes: equal hashes mean (with overwhelming likelihood) equal state.
    public var stateHash: UInt64 {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in bytes {
            hash ^= UInt64(byte)
            hash = hash &* 0x0000_0100_0000_01b3
        }
        return hash
    }
}

extension World {
    public func snapshot() throws -> WorldSnapshot {
        try withHandle("world") { handle in
            var pointer: UnsafeMutablePointer<UInt8>?
            var size: Int64 = 0
            try check(tgb_world_snapshot(handle, &pointer, &size))
            defer { tgb_bytes_free(pointer) }
            guard let pointer else { throw PhysicsError.internalFailure("snapshot returned no bytes") }
            return WorldSnapshot(bytes: Array(UnsafeBufferPointer(start: pointer, count: Int(size))))
        }
    }

    /// Restores a snapshot. A snapshot of a differently built world throws `badSnapshot`
    /// and leaves this world unchanged.
    public func restore(_ snapshot: WorldSnapshot) throws {
        try withHandle("world") { handle in
            try snapshot.bytes.withUnsafeBufferPointer {
                try check(tgb_world_restore(handle, $0.baseAddress, Int64($0.count)))
            }
        }
    }

    /// Hash of the full state now (see `WorldSnapshot.stateHash`).
    public func stateHash() throws -> UInt64 { try snapshot().stateHash }
}
