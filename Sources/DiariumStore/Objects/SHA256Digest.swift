import Crypto
public import Foundation

/// SHA-256 in lowercase hex: the address of every archived object and the link of the audit chain.
public enum SHA256Hex {
    public static func of(_ data: Data) -> String { hex(SHA256.hash(data: data)) }
    public static func of(_ text: String) -> String { of(Data(text.utf8)) }

    /// Hashes a file in 1 MiB chunks, so that verifying a large archive needs little memory.
    public static func ofFile(at url: URL) throws(StoreError) -> String {
        do {
            let handle = try FileHandle(forReadingFrom: url)
            defer { try? handle.close() }
            var hasher = SHA256()
            while let chunk = try handle.read(upToCount: 1 << 20), !chunk.isEmpty {
                hasher.update(data: chunk)
            }
            return hex(hasher.finalize())
        } catch {
            throw .io("cannot read \(url.path): \(error.localizedDescription)")
        }
    }

    /// SHA-256 fed piece by piece: a file is hashed as it is read, never held whole.
    public struct Hasher {
        private var state = SHA256()
        public init() {}
        public mutating func update(_ bytes: UnsafeRawBufferPointer) { state.update(bufferPointer: bytes) }
        public mutating func update(_ data: Data) { state.update(data: data) }
        public func finalize() -> String { SHA256Hex.hex(state.finalize()) }
    }

    private static func hex(_ digest: some Sequence<UInt8>) -> String {
        let table = Array("0123456789abcdef".utf8)
        var out = [UInt8]()
        out.reserveCapacity(64)
        for b in digest {
            out.append(table[Int(b >> 4)])
            out.append(table[Int(b & 0x0F)])
        }
        return String(decoding: out, as: UTF8.self)
    }

    public static func isValid(_ text: String) -> Bool {
        text.utf8.count == 64 && text.utf8.allSatisfy { (48...57).contains($0) || (97...102).contains($0) }
    }
}
