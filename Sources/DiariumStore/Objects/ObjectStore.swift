public import Foundation
#if canImport(Glibc)
import Glibc
#endif

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
/// file in their own folder, made read-only, renamed into place, and never rewritten; only a
/// disposal under the information management plan deletes one. A crash leaves at most a temporary file or an object no row points at yet, both of which
/// `verify` reports and neither of which is damage.
public struct ObjectStore: ObjectArchive {
    public let root: URL
    package static let temporaryPrefix = ".tmp-"

    public init(root: URL) { self.root = root }

    public func url(for sha256: String) -> URL {
        root.appendingPathComponent(String(sha256.prefix(2)), isDirectory: true)
            .appendingPathComponent(String(sha256.dropFirst(2)))
    }

    public func contains(_ sha256: String) -> Bool {
        FileManager.default.fileExists(atPath: url(for: sha256).path)
    }

    /// Stores `data` under a hash the caller already computed.
    ///
    /// Plain POSIX calls: FileManager's createFile/setAttributes/moveItem made a dozen system
    /// calls per object and were the slowest part of a bulk registration (`diarium bench`).
    public func put(_ data: Data, sha256 sha: String, durability: Durability) throws(StoreError) {
        let final = url(for: sha)
        // Already archived: done, unless a crash left it short (a deferred write renamed but
        // never flushed); then it is written again and renamed over the broken copy.
        var info = stat()
        if stat(final.path, &info) == 0, Int(info.st_size) == data.count { return }
        let folder = final.deletingLastPathComponent()
        if access(folder.path, F_OK) != 0 {
            guard mkdir(folder.path, 0o755) == 0 || errno == EEXIST else {
                throw .io("cannot create \(folder.path): \(Self.errorText())")
            }
            if durability == .immediate { try Self.syncFolder(root) }
        }
        let temp = folder.appendingPathComponent(Self.temporaryPrefix + UUID().uuidString).path
        // Read-only from birth: the mode applies to later opens, not to this one.
        let fd = open(temp, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o444)
        guard fd >= 0 else { throw .io("cannot create a file in \(folder.path): \(Self.errorText())") }
        var ok = data.withUnsafeBytes { raw -> Bool in
            guard let base = raw.baseAddress else { return true }
            var offset = 0
            while offset < raw.count {
                let n = write(fd, base + offset, raw.count - offset)
                if n < 0 { if errno == EINTR { continue }; return false }
                offset += n
            }
            return true
        }
        if ok, durability == .immediate { ok = fsync(fd) == 0 }
        let reason = ok ? "" : Self.errorText()
        close(fd)
        guard ok, rename(temp, final.path) == 0 else {
            let why = ok ? Self.errorText() : reason
            unlink(temp)
            throw .io("cannot write object \(sha): \(why)")
        }
        if durability == .immediate { try Self.syncFolder(folder) }
    }

    /// Stores the bytes of the file at `source`, read and written in 1 MiB chunks and hashed on
    /// the way: a file of any size up to the registration limit is archived in little memory.
    /// The hash must come out as `sha256` (the file was read once before, for its checks): a
    /// file changed in between is refused and nothing is left behind.
    public func put(contentsOf source: URL, sha256 sha: String, durability: Durability) throws(StoreError) {
        let final = url(for: sha)
        var info = stat()
        let input = open(source.path, O_RDONLY | O_CLOEXEC)
        guard input >= 0 else { throw .io("cannot open \(source.lastPathComponent): \(Self.errorText())") }
        defer { close(input) }
        var sourceInfo = stat()
        if fstat(input, &sourceInfo) == 0, stat(final.path, &info) == 0, info.st_size == sourceInfo.st_size { return }
        let folder = final.deletingLastPathComponent()
        if access(folder.path, F_OK) != 0 {
            guard mkdir(folder.path, 0o755) == 0 || errno == EEXIST else {
                throw .io("cannot create \(folder.path): \(Self.errorText())")
            }
            if durability == .immediate { try Self.syncFolder(root) }
        }
        let temp = folder.appendingPathComponent(Self.temporaryPrefix + UUID().uuidString).path
        let fd = open(temp, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o444)
        guard fd >= 0 else { throw .io("cannot create a file in \(folder.path): \(Self.errorText())") }
        var hasher = SHA256Hex.Hasher()
        var buffer = [UInt8](repeating: 0, count: 1 << 20)
        var ok = true
        var reason = ""
        copy: while true {
            let n = buffer.withUnsafeMutableBytes { Glibc.read(input, $0.baseAddress, $0.count) }
            if n < 0 { if errno == EINTR { continue }; ok = false; reason = Self.errorText(); break }
            if n == 0 { break }
            let written = buffer.withUnsafeBytes { raw -> Bool in
                hasher.update(UnsafeRawBufferPointer(rebasing: raw[0..<n]))
                var offset = 0
                while offset < n {
                    let w = write(fd, raw.baseAddress! + offset, n - offset)
                    if w < 0 { if errno == EINTR { continue }; return false }
                    offset += w
                }
                return true
            }
            if !written { ok = false; reason = Self.errorText(); break copy }
        }
        if ok, durability == .immediate, fsync(fd) != 0 { ok = false; reason = Self.errorText() }
        close(fd)
        guard ok else {
            unlink(temp)
            throw .io("cannot write object \(sha): \(reason)")
        }
        guard hasher.finalize() == sha else {
            unlink(temp)
            throw .changedWhileReading(source.lastPathComponent)
        }
        guard rename(temp, final.path) == 0 else {
            let why = Self.errorText()
            unlink(temp)
            throw .io("cannot write object \(sha): \(why)")
        }
        if durability == .immediate { try Self.syncFolder(folder) }
    }

    /// The bytes of an object mapped from its file rather than copied into memory: objects are
    /// read-only and never rewritten, so a mapping stays valid; a release of a large file then
    /// costs pages the system can drop, not a copy.
    public func mapped(_ sha256: String) throws(StoreError) -> Data {
        do { return try Data(contentsOf: url(for: sha256), options: .alwaysMapped) } catch {
            throw StoreError.objectMissing(sha256)
        }
    }

    private static func errorText() -> String { String(cString: strerror(errno)) }

    public func read(_ sha256: String) throws(StoreError) -> Data {
        do { return try Data(contentsOf: url(for: sha256)) } catch {
            throw StoreError.objectMissing(sha256)
        }
    }

    /// Flushes everything written with `.deferred` to disk, with one `syncfs` for the whole file
    /// system instead of an fsync per file: durable per batch, at a fraction of the cost.
    public func flush() throws(StoreError) {
        let fd = open(root.path, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard fd >= 0 else { throw .io("cannot open \(root.path): \(Self.errorText())") }
        defer { close(fd) }
        guard syncfs(fd) == 0 else { throw .io("cannot flush the archive: \(Self.errorText())") }
    }

    /// Flushes the whole file system that holds `url` (one syncfs for everything written there).
    package static func flushFileSystem(containing url: URL) throws(StoreError) {
        let fd = open(url.path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { throw .io("cannot open \(url.path): \(errorText())") }
        defer { close(fd) }
        guard syncfs(fd) == 0 else { throw .io("cannot flush \(url.path): \(errorText())") }
    }

    package static func syncFolder(_ folder: URL) throws(StoreError) {
        let fd = open(folder.path, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard fd >= 0 else { throw .io("cannot open \(folder.path): \(errorText())") }
        defer { close(fd) }
        guard fsync(fd) == 0 else { throw .io("cannot sync \(folder.path): \(errorText())") }
    }

    public func remove(_ sha256: String) throws(StoreError) {
        let file = url(for: sha256)
        guard unlink(file.path) == 0 else {
            if errno == ENOENT { return }
            throw .io("cannot remove \(file.path): \(Self.errorText())")
        }
        try Self.syncFolder(file.deletingLastPathComponent())
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
