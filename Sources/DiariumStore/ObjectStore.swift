public import Foundation

/// Linux's syncfs(2); Glibc's module map hides it behind _GNU_SOURCE.
@_silgen_name("syncfs") private func syncfs(_ fd: Int32) -> Int32

/// How hard a write waits for the disk.
public enum Durability: Sendable {
    /// fsync the file and its folder before returning: one registration as `register` does it.
    case immediate
    /// Leave flushing to `ObjectStore.flush()`, called once before the batch's transaction
    /// commits: the path a bulk migration takes.
    case deferred
}

/// The content-addressed archive: `objects/sha256/ab/cdef…`. Objects are written to a temporary
/// file in their own folder, made read-only, renamed into place, and never rewritten or deleted by
/// use. A crash leaves at most a temporary file or an object no row points at yet, both of which
/// `verify` reports and neither of which is damage.
public struct ObjectStore: Sendable {
    public let root: URL
    static let temporaryPrefix = ".tmp-"

    public init(root: URL) { self.root = root }

    public func url(for sha256: String) -> URL {
        root.appendingPathComponent(String(sha256.prefix(2)), isDirectory: true)
            .appendingPathComponent(String(sha256.dropFirst(2)))
    }

    public func contains(_ sha256: String) -> Bool {
        FileManager.default.fileExists(atPath: url(for: sha256).path)
    }

    /// Stores `data` and returns its SHA-256. Storing bytes that are already there is a no-op.
    @discardableResult
    public func put(_ data: Data, durability: Durability) throws(StoreError) -> String {
        let sha = SHA256Hex.of(data)
        try put(data, sha256: sha, durability: durability)
        return sha
    }

    /// Stores `data` under a hash the caller already computed.
    public func put(_ data: Data, sha256 sha: String, durability: Durability) throws(StoreError) {
        let fm = FileManager.default
        let final = url(for: sha)
        if fm.fileExists(atPath: final.path) { return }
        let folder = final.deletingLastPathComponent()
        do {
            if !fm.fileExists(atPath: folder.path) {
                try fm.createDirectory(at: folder, withIntermediateDirectories: true)
                if durability == .immediate { try Self.syncFolder(root) }
            }
            let temp = folder.appendingPathComponent(Self.temporaryPrefix + UUID().uuidString)
            guard fm.createFile(atPath: temp.path, contents: nil, attributes: [.posixPermissions: 0o600]) else {
                throw StoreError.io("cannot create a file in \(folder.path)")
            }
            do {
                let handle = try FileHandle(forWritingTo: temp)
                try handle.write(contentsOf: data)
                if durability == .immediate { try handle.synchronize() }
                try handle.close()
                try fm.setAttributes([.posixPermissions: 0o444], ofItemAtPath: temp.path)
                try fm.moveItem(at: temp, to: final)
            } catch {
                try? fm.removeItem(at: temp)
                throw error
            }
            if durability == .immediate { try Self.syncFolder(folder) }
        } catch let error as StoreError {
            throw error
        } catch {
            // Another process may have stored the same bytes between our check and our rename.
            if fm.fileExists(atPath: final.path) { return }
            throw StoreError.io("cannot write object \(sha): \(error.localizedDescription)")
        }
    }

    public func read(_ sha256: String) throws(StoreError) -> Data {
        do { return try Data(contentsOf: url(for: sha256)) } catch {
            throw StoreError.objectMissing(sha256)
        }
    }

    /// Flushes everything written with `.deferred` to disk, with one `syncfs` for the whole file
    /// system instead of an fsync per file: durable per batch, at a fraction of the cost.
    public func flush() throws(StoreError) {
        do {
            let handle = try FileHandle(forReadingFrom: root)
            defer { try? handle.close() }
            guard syncfs(handle.fileDescriptor) == 0 else { throw StoreError.io("syncfs failed") }
        } catch let error as StoreError {
            throw error
        } catch {
            throw StoreError.io("cannot flush the archive: \(error.localizedDescription)")
        }
    }

    static func syncFolder(_ folder: URL) throws {
        let handle = try FileHandle(forReadingFrom: folder)
        defer { try? handle.close() }
        try handle.synchronize()
    }

    /// Every file below the root: objects by hash, and leftover temporary files.
    public func inventory() -> (objects: [String], temporary: [URL], foreign: [URL]) {
        var objects: [String] = []
        var temporary: [URL] = []
        var foreign: [URL] = []
        let fm = FileManager.default
        guard let folders = try? fm.contentsOfDirectory(at: root, includingPropertiesForKeys: nil) else { return ([], [], []) }
        for folder in folders.sorted(by: { $0.path < $1.path }) {
            let prefix = folder.lastPathComponent
            guard let files = try? fm.contentsOfDirectory(at: folder, includingPropertiesForKeys: nil) else {
                foreign.append(folder)
                continue
            }
            for file in files.sorted(by: { $0.path < $1.path }) {
                let name = file.lastPathComponent
                if name.hasPrefix(Self.temporaryPrefix) {
                    temporary.append(file)
                } else if SHA256Hex.isValid(prefix + name), prefix.count == 2 {
                    objects.append(prefix + name)
                } else {
                    foreign.append(file)
                }
            }
        }
        return (objects, temporary, foreign)
    }
}
