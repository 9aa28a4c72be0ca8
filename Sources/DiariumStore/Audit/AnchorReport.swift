package import Foundation

/// The newest event of the audit chain as `verify` prints it for publishing (`EVENT:HASH`).
public struct AnchorHead: Sendable, Hashable, Codable, CustomStringConvertible {
    public let event: Int64
    public let hash: String

    public init(event: Int64, hash: String) {
        self.event = event
        self.hash = hash
    }

    /// Parses `EVENT:HASH`, the form `description` writes and a published head is quoted in.
    public init?(parsing text: String) {
        let parts = text.split(separator: ":", omittingEmptySubsequences: false)
        guard parts.count == 2, let event = Int64(parts[0]), event >= 1, SHA256Hex.isValid(parts[1].lowercased()) else { return nil }
        self.init(event: event, hash: parts[1].lowercased())
    }

    public var description: String { "\(event):\(hash)" }
}

/// The anchor part of a verify report: what was checked, and the head to publish. A head
/// published somewhere the store's writers cannot reach (a board report, a letter to the
/// archive authority) is what exposes the one rewrite the log alone cannot: of events after
/// the newest surviving entry, by someone who also cut whole lines off the log's end.
public struct AnchorReport: Sendable, Hashable, Codable {
    public typealias Head = AnchorHead

    /// The newest event of the chain.
    public var head: Head?
    /// The newest entry of the log that checked out (signature, store, chain).
    public var newestAnchor: AnchorEntry?
    /// Events after `newestAnchor`, not covered by a signature yet.
    public var unanchoredEvents = 0
    public var entriesChecked = 0
    /// Whether signatures were checked, and with which public key.
    public var signaturesChecked = false
    public var publicKey: String?
    public var storeID: String?

    public init() {}
}

extension AnchorLog {
    /// Whether the line that starts at `offset` ends in a newline now: then it was being appended
    /// while verify took the log's length, not cut short.
    package static func lineCompletes(_ url: URL, at offset: Int) -> Bool {
        guard let handle = try? FileHandle(forReadingFrom: url) else { return false }
        defer { try? handle.close() }
        guard (try? handle.seek(toOffset: UInt64(offset))) != nil, let rest = try? handle.read(upToCount: 1 << 16) else { return false }
        return rest.contains(UInt8(ascii: "\n"))
    }
}

/// The head of the audit chain as anyone may see it: the newest event's hash and the newest
/// signed entry of the anchor log that checks out with the store's public key. Kept outside the
/// store (printed, published), it is what later shows that the register was not rewritten.
public struct PublicAuditHead: Sendable, Hashable, Codable {
    public let head: AnchorHead?
    /// The store's public key (hex), when it is anchored.
    public let publicKey: String?
    /// The newest entry of the log signed with that key; nil when there is none yet.
    public let newestAnchor: AnchorEntry?

    package init(head: AnchorHead?, publicKey: String?, newestAnchor: AnchorEntry?) {
        self.head = head
        self.publicKey = publicKey
        self.newestAnchor = newestAnchor
    }
}
