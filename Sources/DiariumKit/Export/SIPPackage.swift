import DiariumModel
import DiariumStore
import Foundation

/// One case (ärende) as an E-ARK SIP (CSIP/SIP 2.1.0, Riksarkivet FGS Paketstruktur 2.0): what
/// the writer needs, gathered from the store before anything is written.
struct SIPPackage: Sendable {
    /// The package's OBJID and folder name: `uuid-…`, the same on every export of the case.
    let id: String
    let caseNumber: CaseNumber
    let caseTitle: String
    let organisation: Organisation
    /// The region or host that keeps the archive (arkivbildare's host for a joint board).
    let archivist: Organisation
    let documents: [SIPDocument]
    let created: Date
    let software: String
    let version: String
    /// What the export came from, for the documentation file.
    let storeName: String
}

/// One registered document of the case with its files and its audit events.
struct SIPDocument: Sendable {
    let entry: RegisterEntry
    let kind: DocumentKind
    let files: [SIPFile]
    let events: [SIPEvent]
    /// The secrecy markings, each with its provision's reference (`19 kap. 3 § OSL`).
    let restrictions: [(field: String, reference: String, reason: String)]
    /// What the plan says of it (ERMS `disposal`), nil when its type is not in the plan.
    let disposal: SIPDisposal?
}

/// A document's retention under the plan, and its disposal if it was disposed of.
struct SIPDisposal: Sendable {
    let disposable: Bool
    /// The plan's rule in Swedish ("Bevaras", "Gallras 2 år efter …").
    let rule: String
    /// ISO 8601, `P2Y`, for a type disposed of.
    let period: String?
    /// The decision the plan's row rests on.
    let mandate: String
    let start: CivilDate?
    let end: CivilDate?
    let disposed: DisposalMark?
}

/// A file in `representations/rep1/data/`.
struct SIPFile: Sendable {
    /// Relative to the representation: `data/RS-2026-0001-1.pdf`.
    let path: String
    let data: Data
    let mediaType: String
    let description: String
    let format: SIPFormat?

    var name: String { String(path.split(separator: "/").last ?? "") }
    var sha256: String { SHA256Hex.of(data).uppercased() }
}

/// A file format with its PRONOM identifier, where one is known.
struct SIPFormat: Sendable {
    let puid: String
    let name: String
    let version: String

    static func of(mediaType: String, data: Data) -> SIPFormat? {
        switch mediaType {
        case "application/xml", "text/xml": return SIPFormat(puid: "fmt/101", name: "Extensible Markup Language", version: "1.0")
        case "text/html": return SIPFormat(puid: "fmt/471", name: "Hypertext Markup Language", version: "5")
        case "application/pdf":
            // The version from the header (`%PDF-1.4`); PRONOM has one id per version.
            let head = String(decoding: data.prefix(8), as: UTF8.self)
            let ids = ["1.0": "fmt/14", "1.1": "fmt/15", "1.2": "fmt/16", "1.3": "fmt/17", "1.4": "fmt/18",
                       "1.5": "fmt/19", "1.6": "fmt/20", "1.7": "fmt/276", "2.0": "fmt/1129"]
            let version = head.hasPrefix("%PDF-") ? String(head.dropFirst(5).prefix(3)) : ""
            guard let puid = ids[version] else { return nil }
            return SIPFormat(puid: puid, name: "Portable Document Format", version: version)
        case "text/plain": return SIPFormat(puid: "x-fmt/111", name: "Plain Text File", version: "")
        default: return nil
        }
    }
}

/// An event of the audit log on a document, as PREMIS tells it.
struct SIPEvent: Sendable {
    let id: String
    let type: String
    let at: Date
    let detail: String
    let agent: String
}

/// Package ids and file names.
enum SIPNames {
    /// A name-based UUID (version 5 layout, SHA-256 rather than SHA-1) of `parts`: the same
    /// store and case give the same id, so a re-export is recognised rather than duplicated.
    static func packageID(_ parts: [String]) -> String {
        var h = Array(SHA256Hex.of(parts.joined(separator: "\n")).prefix(32))
        h[12] = "5"
        h[16] = Array("89ab")[Int(String(h[16]), radix: 16).map { $0 & 3 } ?? 0]
        func part(_ r: Range<Int>) -> String { String(h[r]) }
        return "uuid-\(part(0..<8))-\(part(8..<12))-\(part(12..<16))-\(part(16..<20))-\(part(20..<32))"
    }

    /// A document number as a file name: `RS 2026/0001-1` → `RS-2026-0001-1`.
    static func base(_ number: DocumentNumber) -> String { sanitise(number.description) }

    /// Letters, digits, `.`, `-` and `_` only; anything else becomes `-`.
    static func sanitise(_ text: String) -> String {
        let allowed = Set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789.-_")
        var out = String(text.map { allowed.contains($0) ? $0 : "-" })
        while out.contains("--") { out = out.replacingOccurrences(of: "--", with: "-") }
        return out.trimmingCharacters(in: CharacterSet(charactersIn: "-."))
    }

    /// The file extension of a registered file: from its name, else from its media type.
    static func fileExtension(name: String, mediaType: String) -> String {
        let ext = sanitise((name as NSString).pathExtension.lowercased())
        if !ext.isEmpty, ext.count <= 8 { return ext }
        switch mediaType {
        case "application/pdf": return "pdf"
        case "application/xml", "text/xml": return "xml"
        case "text/html": return "html"
        case "text/plain": return "txt"
        default: return "bin"
        }
    }

    /// An xsd:dateTime with the offset of `zone` (`2026-01-12T09:00:00+01:00`).
    /// Arithmetic on the civil calendar: a formatter per call (ICU) was a fifth of an export's
    /// time (`diarium bench --export`, perf).
    static func dateTime(_ date: Date, zone: TimeZone) -> String {
        let offset = zone.secondsFromGMT(for: date)
        let seconds = Int((date.timeIntervalSince1970).rounded(.down)) + offset
        let days = Int((Double(seconds) / 86_400).rounded(.down))
        let inDay = seconds - days * 86_400
        let day = CivilDate(daysSinceEpoch: days)
        func two(_ n: Int) -> String { n < 10 ? "0\(n)" : "\(n)" }
        let sign = offset < 0 ? "-" : "+"
        return "\(day)T\(two(inDay / 3600)):\(two(inDay / 60 % 60)):\(two(inDay % 60))\(sign)\(two(abs(offset) / 3600)):\(two(abs(offset) / 60 % 60))"
    }

    /// A person's agent id in PREMIS: `user-anna-andersson`.
    static func userAgent(_ name: String) -> String {
        let s = sanitise(name.lowercased().folding(options: .diacriticInsensitive, locale: nil))
        return "user-" + (s.isEmpty ? "okand" : s)
    }
}
