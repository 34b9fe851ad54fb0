// ByteWriter and ByteReader: little-endian binary encoding for MeshCacheFile. The reader
// never traps on bad input: every read checks the remaining length and throws.
import Physics

/// Appends little-endian integers, Float32 arrays and length-prefixed UTF-8 strings.
struct ByteWriter {
    var bytes: [UInt8] = []

    mutating func write<T: FixedWidthInteger>(_ value: T) {
        withUnsafeBytes(of: value.littleEndian) { bytes += $0 }
    }

    mutating func write(_ string: String) {
        let utf8 = Array(string.utf8)
        write(UInt32(utf8.count))
        bytes += utf8
    }

    /// Doubles stored as Float32: exact for values that came from Float32 (assimp's).
    mutating func writeFloat(_ value: Double) {
        write(Float(value).bitPattern)
    }

    /// Each vector as three Float32 (x, y, z).
    mutating func writeVectors(_ vectors: [Vector3]) {
        bytes.reserveCapacity(bytes.count + 12 * vectors.count)
        for vector in vectors {
            writeFloat(vector.x)
            writeFloat(vector.y)
            writeFloat(vector.z)
        }
    }
}

/// Reads what ByteWriter wrote; throws MeshCacheFile.Problem.corrupt past the end.
struct ByteReader {
    let bytes: ArraySlice<UInt8>
    /// Offset from the start of `bytes` (not an index into the parent array).
    var offset = 0

    init(bytes: ArraySlice<UInt8>) { self.bytes = bytes }

    var remaining: Int { bytes.count - offset }

    mutating func read<T: FixedWidthInteger>() throws -> T {
        let size = MemoryLayout<T>.size
        guard remaining >= size else { throw MeshCacheFile.Problem.corrupt("truncated") }
        let value = bytes.withUnsafeBytes { $0.loadUnaligned(fromByteOffset: offset, as: T.self) }
        offset += size
        return T(littleEndian: value)
    }

    mutating func readBytes(_ count: Int) throws -> ArraySlice<UInt8> {
        guard count >= 0, remaining >= count else { throw MeshCacheFile.Problem.corrupt("truncated") }
        let start = bytes.startIndex + offset
        offset += count
        return bytes[start..<(start + count)]
    }

    mutating func readString() throws -> String {
        let length = Int(try read() as UInt32)
        return String(decoding: try readBytes(length), as: UTF8.self)
    }

    mutating func readFloats(_ count: Int) throws -> [Double] {
        guard count >= 0, remaining / 4 >= count else { throw MeshCacheFile.Problem.corrupt("truncated") }
        let start = offset
        offset += 4 * count
        return bytes.withUnsafeBytes { raw in
            (0..<count).map { index in
                Double(Float(bitPattern: UInt32(littleEndian: raw.loadUnaligned(fromByteOffset: start + 4 * index,
                                                                                  as: UInt32.self))))
            }
        }
    }

    /// `count` Vector3 stored as 3 Float32 each; a non-finite value means corruption.
    mutating func readVectors(_ count: Int) throws -> [Vector3] {
        guard count >= 0, remaining / 12 >= count else { throw MeshCacheFile.Problem.corrupt("truncated") }
        let flat = try readFloats(3 * count)
        var vectors: [Vector3] = []
        vectors.reserveCapacity(count)
        for index in 0..<count {
            let vector = Vector3(flat[3 * index], flat[3 * index + 1], flat[3 * index + 2])
            guard vector.isFinite else { throw MeshCacheFile.Problem.corrupt("non-finite coordinate") }
            vectors.append(vector)
        }
        return vectors
    }
}
