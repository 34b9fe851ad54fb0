// HandleTable: opaque 64-bit handles for objects the C caller holds. A handle is
// (generation << 32) | (slot index + 1): a destroyed handle, a reused slot's old handle and
// 0 are all rejected, never dereferenced.
import Foundation

final class HandleTable<Object: AnyObject>: @unchecked Sendable {
    private struct Slot {
        var generation: UInt32 = 0
        var object: Object?
    }

    /// What the handle refers to, for messages ("env", "vector env").
    let kind: String
    private let lock = NSLock()
    private var slots: [Slot] = []
    private var freeSlots: [Int] = []

    init(kind: String) { self.kind = kind }

    /// Stores `object` and returns its new handle (never 0).
    func insert(_ object: Object) -> UInt64 {
        lock.lock()
        defer { lock.unlock() }
        let index: Int
        if let reused = freeSlots.popLast() {
            index = reused
        } else {
            index = slots.count
            slots.append(Slot())
        }
        slots[index].generation &+= 1
        if slots[index].generation == 0 { slots[index].generation = 1 }
        slots[index].object = object
        return UInt64(slots[index].generation) << 32 | UInt64(index + 1)
    }

    /// The live object for `handle`, or an `.invalidHandle` error.
    func lookup(_ handle: UInt64) throws -> Object {
        lock.lock()
        defer { lock.unlock() }
        guard let index = slotIndex(handle), let object = slots[index].object else { throw invalid(handle) }
        return object
    }

    /// Removes the object for `handle` (it is freed once the last call using it returns).
    @discardableResult
    func remove(_ handle: UInt64) throws -> Object {
        lock.lock()
        defer { lock.unlock() }
        guard let index = slotIndex(handle), let object = slots[index].object else { throw invalid(handle) }
        slots[index].object = nil
        freeSlots.append(index)
        return object
    }

    /// Number of live objects (for tests of leaks).
    var count: Int {
        lock.lock()
        defer { lock.unlock() }
        return slots.count - freeSlots.count
    }

    private func slotIndex(_ handle: UInt64) -> Int? {
        let index = Int(handle & 0xffff_ffff) - 1
        let generation = UInt32(handle >> 32)
        guard index >= 0, index < slots.count, generation != 0, slots[index].generation == generation else { return nil }
        return index
    }

    private func invalid(_ handle: UInt64) -> ABIError {
        ABIError(.invalidHandle, "invalid \(kind) handle 0x\(String(handle, radix: 16)) (0, destroyed, or never created)")
    }
}
