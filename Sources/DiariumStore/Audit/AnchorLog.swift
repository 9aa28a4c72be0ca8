import DiariumModel
package import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// One line of `audit-anchor.log`: the head of the audit chain after a commit, signed with the
/// store's anchor key. Because each event's hash covers every event before it, one signed head
/// pins the whole chain up to it; rewriting any of it changes the hash the signature was made for.
public struct AnchorEntry: Sendable, Hashable, Codable {
    public let event: Int64
    public let hash: String
    /// When it was signed (UTC, `Timestamp.iso`).
    public let at: String
    /// The store's random id: a log copied from another store fails on it even if both had
    /// been signed with one key.
    public let store: String
    public let signature: String
    package init(event: Int64, hash: String, at: String, store: String, signature: String) {
        self.event = event
        self.hash = hash
        self.at = at
        self.store = store
        self.signature = signature
    }

    /// The signed bytes. The first line names the format, so a signature made for anything
    /// else with the same key can never pass as an anchor.
    package static func message(event: Int64, hash: String, at: String, store: String) -> Data {
        Data("diarium-anchor/1\n\(store)\n\(event)\n\(hash)\n\(at)".utf8)
    }

    package var message: Data { Self.message(event: event, hash: hash, at: at, store: store) }

    package static func signed(_ head: AuditRecord, key: AnchorKey, at: Date) throws(StoreError) -> AnchorEntry {
        let at = Timestamp.iso(at)
        let signature = try key.sign(message(event: head.id, hash: head.hash, at: at, store: key.storeID))
        return AnchorEntry(event: head.id, hash: head.hash, at: at, store: key.storeID, signature: signature)
    }

    /// One line of JSON, keys in a fixed order, so that the file reads the same everywhere.
    package var line: String {
        "{\"event\":\(event),\"hash\":\(AuditChain.quote(hash)),\"at\":\(AuditChain.quote(at)),"
            + "\"store\":\(AuditChain.quote(store)),\"signature\":\(AuditChain.quote(signature))}\n"
    }

    /// Parses one line; nil unless every field has its exact form.
    package static func parse(_ line: Data) -> AnchorEntry? {
        guard let e = try? JSONDecoder().decode(AnchorEntry.self, from: line), e.event >= 1, SHA256Hex.isValid(e.hash),
              Timestamp.parse(e.at) != nil, Hex.decode(e.store, count: 16) != nil, Hex.decode(e.signature, count: 64) != nil
        else { return nil }
        return e
    }
}

/// The anchor log beside the database. Only `init` creates it: a write on an anchored store
/// whose log is gone is refused, because a fresh log holding only the new head would bless
/// whatever the chain had become.
package enum AnchorLog {
    package static let name = "audit-anchor.log"

    /// Creates the empty log, or accepts one that is there and empty (an init that stopped
    /// before its first entry).
    package static func create(_ url: URL) throws(StoreError) {
        let fd = open(url.path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o644)
        if fd < 0 {
            var info = stat()
            if errno == EEXIST, stat(url.path, &info) == 0, (info.st_mode & S_IFMT) == S_IFREG, info.st_size == 0 { return }
            throw .anchor(rule: "store.anchor-log-exists",
                          message: "förankringsloggen \(url.path) finns redan fast arkivet inte är förankrat: kontrollera arkivet med diarium verify")
        }
        let ok = fsync(fd) == 0
        close(fd)
        guard ok else { throw .io("cannot create \(url.path): \(AnchorKey.errorText())") }
        try ObjectStore.syncFolder(url.deletingLastPathComponent())
    }

    /// Opens the log for one commit's entry, before the commit, so that a log that cannot be
    /// written stops the write instead of leaving it unanchored.
    package static func openForAppend(_ url: URL) throws(StoreError) -> Appender {
        let fd = open(url.path, O_RDWR | O_APPEND | O_CLOEXEC)
        guard fd >= 0 else {
            if errno == ENOENT {
                throw .anchor(rule: "store.anchor-log-missing",
                              message: "arkivet är förankrat men förankringsloggen \(url.path) saknas; inget skrevs. Kontrollera arkivet med diarium verify")
            }
            throw .anchor(rule: "store.anchor-log-unwritable",
                          message: "förankringsloggen \(url.path) kan inte skrivas (\(AnchorKey.errorText())); inget skrevs")
        }
        return Appender(fd: fd)
    }

    /// One open log file, closed when the value goes.
    package final class Appender {
        let fd: Int32
        init(fd: Int32) { self.fd = fd }
        deinit { close(fd) }

        /// Appends one entry in one write(2) (O_APPEND: whole lines, even from several
        /// processes at once) and fsyncs it. A tail left without its newline by a power cut gets
        /// one first, so that it cannot swallow this entry.
        package func append(_ entry: AnchorEntry) -> Bool {
            var text = entry.line
            var info = stat()
            if fstat(fd, &info) == 0, info.st_size > 0 {
                var last: UInt8 = 0
                if pread(fd, &last, 1, info.st_size - 1) == 1, last != UInt8(ascii: "\n") { text = "\n" + text }
            }
            return AnchorKey.writeAll(fd, Data(text.utf8)) && fsync(fd) == 0
        }
    }

    /// The lines of the first `length` bytes of the log, with their line numbers; blank lines
    /// are skipped. `partialTail` counts the bytes after the last newline.
    package static func lines(of url: URL, length: Int, _ each: (_ number: Int, _ line: Data) throws -> Void) throws -> (lines: Int, partialTail: Int) {
        let handle = try FileHandle(forReadingFrom: url)
        defer { try? handle.close() }
        var pending = Data()
        var remaining = length
        var number = 0
        while remaining > 0, let chunk = try handle.read(upToCount: min(1 << 20, remaining)), !chunk.isEmpty {
            remaining -= chunk.count
            pending.append(chunk)
            var start = pending.startIndex
            while let newline = pending[start...].firstIndex(of: UInt8(ascii: "\n")) {
                number += 1
                let line = pending[start..<newline]
                if !line.allSatisfy({ $0 == 0x20 || $0 == 0x0D }) { try each(number, Data(line)) }
                start = pending.index(after: newline)
            }
            pending = Data(pending[start...])
        }
        return (number, pending.count)
    }

    /// The log's size now, or nil when there is none.
    package static func size(of url: URL) -> Int? {
        var info = stat()
        guard stat(url.path, &info) == 0 else { return nil }
        return Int(info.st_size)
    }

    /// The last entry in the log's final 64 KiB that parses, belongs to this store and carries a
    /// valid signature; a torn last line (a power cut) is passed over.
    package static func newestSignedEntry(in url: URL, key: AnchorPublicKey, storeID: String) -> AnchorEntry? {
        guard let handle = try? FileHandle(forReadingFrom: url) else { return nil }
        defer { try? handle.close() }
        guard let size = try? handle.seekToEnd() else { return nil }
        let start = size > 65_536 ? size - 65_536 : 0
        guard (try? handle.seek(toOffset: start)) != nil, let tail = try? handle.readToEnd() else { return nil }
        for line in tail.split(separator: UInt8(ascii: "\n")).reversed() {
            guard let entry = AnchorEntry.parse(Data(line)), entry.store == storeID,
                  key.isValid(signature: entry.signature, for: entry.message) else { continue }
            return entry
        }
        return nil
    }
}
