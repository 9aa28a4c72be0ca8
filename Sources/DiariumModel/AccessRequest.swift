public import Foundation
import DiariumText

/// How a request for public documents reached the authority.
public enum AccessChannel: String, Sendable, Hashable, Codable, CaseIterable {
    case email, letter, phone, web, other
    case inPerson = "in person"

    public var swedishLabel: String {
        switch self {
        case .email: "E-post"
        case .letter: "Brev"
        case .phone: "Telefon"
        case .web: "Webbformulär"
        case .inPerson: "Besök"
        case .other: "Annat sätt"
        }
    }
}

/// Where a request stands: open until copies are released or a decision is made.
public enum RequestStatus: String, Sendable, Hashable, Codable, CaseIterable {
    case open, released, decided

    public var swedishLabel: String {
        switch self {
        case .open: "öppen"
        case .released: "utlämnad"
        case .decided: "beslutad"
        }
    }
}

/// In what form the requester wants the documents (TF 2 kap. 15–16 §§: on site or as copies).
public enum AccessFormat: String, Sendable, Hashable, Codable, CaseIterable {
    case electronicCopy = "electronic copy"
    case paperCopy = "paper copy"
    case onSite = "on site"

    public var swedishLabel: String {
        switch self {
        case .electronicCopy: "Elektronisk kopia"
        case .paperCopy: "Papperskopia"
        case .onSite: "Läsa på plats"
        }
    }
}

/// A request for public documents (begäran om allmän handling): the v1 input contract of
/// `examples/access-request.json`. Anyone may ask, anonymously (TF 2 kap. 18 §): the requester
/// and every contact detail are optional, and nothing here asks why.
public struct AccessRequest: Sendable, Hashable {
    public var organisation: String
    public var receivedAt: Date
    public var channel: AccessChannel
    /// Nil: anonymous.
    public var requester: String?
    public var email: String?
    public var phone: String?
    public var address: String?
    public var description: String
    public var format: AccessFormat
    /// The documents asked for by number (`RS 2026/0042-1`), as the webbdiarium's request list
    /// sends them: attached to the request when it is registered. Optional.
    public var documents: [DocumentNumber]
    /// Optional markings of the requester's identity or contact details (rarely needed).
    public var secrecy: [SecrecyMarking]
    public var json: JSONValue

    public static let keys = ["organisation", "receivedAt", "channel", "requester", "contact", "description", "format", "secrecy", "documents"]
    public static let markable: Set<FieldPath> = [
        FieldPath("requester"), FieldPath("description"),
        FieldPath(components: [.key("contact"), .key("email")]), FieldPath(components: [.key("contact"), .key("phone")]),
        FieldPath(components: [.key("contact"), .key("address")]),
    ]

    /// Whether `path` names a detail of this request that may be marked: one of `markable`, and
    /// present as text (an absent or null requester has nothing to mask).
    public static func isMarkable(_ path: FieldPath, in json: JSONValue) -> Bool {
        guard markable.contains(path), case .string? = json.value(at: path) else { return false }
        return true
    }

    public var isAnonymous: Bool { requester == nil }

    public static func decode(_ data: Data) throws(InputRejected) -> AccessRequest {
        let json = try FieldReader.parseDocument(data, field: "input")
        var r = FieldReader()
        guard let o = r.object(json, at: .root, known: keys) else { throw InputRejected(r.errors) }
        let organisation = r.text(o, "organisation", maxLength: 16)
        let receivedAt = r.parsed(o, "receivedAt", rule: "timestamp.invalid",
                                  message: "ska vara en tidpunkt med tidszon, t.ex. 2026-11-24T09:14:00+01:00") { Timestamp.parseRFC3339($0) }
        let channel = r.code(o, "channel", as: AccessChannel.self)
        let requester = r.text(o, "requester", required: false, maxLength: 200)
        var email: String?, phone: String?, address: String?
        if o["contact"] != nil, let c = r.object(o["contact"], at: FieldPath("contact"), known: ["email", "phone", "address"]) {
            email = r.parsed(c, "email", required: false, rule: "email.invalid",
                             message: "ska vara en e-postadress som namn@example.se") { Self.isEmail($0) ? $0 : nil }
            phone = r.parsed(c, "phone", required: false, rule: "phone.invalid",
                             message: "ska vara ett telefonnummer med siffror, mellanslag, + och -") { Self.isPhone($0) ? $0 : nil }
            address = r.text(c, "address", required: false, maxLength: 500, lines: .many)
        }
        let description = r.text(o, "description", maxLength: 5000, lines: .many)
        let format = r.code(o, "format", as: AccessFormat.self)
        var documents: [DocumentNumber] = []
        for (path, item) in r.array(o, "documents", maxCount: 200) {
            // As people type it too: `rs 2026/42-1`.
            guard case .string(let text) = item, let n = DocumentNumber(parsing: CaseNumber.typed(text)) else {
                r.fail(path, "document-number.invalid", "ska vara ett diarienummer för en handling, t.ex. RS 2026/0042-1")
                continue
            }
            if !documents.contains(n) { documents.append(n) }
        }
        let normalised = r.normalisedTree(json)
        let secrecy = r.secrecyMarkings(o) { isMarkable($0, in: normalised) }
        let leaks = r.errors.isEmpty ? normalised.secretsInFreeText(marked: secrecy) : []
        guard r.errors.isEmpty, leaks.isEmpty, let organisation, let receivedAt, let channel, let description, let format else {
            throw InputRejected(r.errors + leaks)
        }
        return AccessRequest(organisation: organisation, receivedAt: receivedAt, channel: channel, requester: requester,
                             email: email, phone: phone, address: address, description: description, format: format,
                             documents: documents, secrecy: secrecy, json: normalised)
    }

    public func isSecret(_ path: String) -> Bool { secrecy.contains { $0.field.description == path } }

    public var secretValues: [String: SecrecyMarking] { json.secretValues(marked: secrecy) }

    /// The marked values with the matcher that finds them in any text (`JSONValue.secretSet`).
    public var secretSet: SecretSet { json.secretSet(marked: secrecy) }

    static func isEmail(_ s: String) -> Bool {
        let parts = s.split(separator: "@", omittingEmptySubsequences: false)
        return s.utf8.count <= 254 && parts.count == 2 && !parts[0].isEmpty && parts[1].contains(".")
            && !parts[1].hasPrefix(".") && !parts[1].hasSuffix(".")
            && s.unicodeScalars.allSatisfy { !$0.properties.isWhitespace && $0.properties.generalCategory != .control && $0 != "<" && $0 != ">" }
    }

    static func isPhone(_ s: String) -> Bool {
        let digits = s.unicodeScalars.filter { ("0"..."9").contains($0) }.count
        return (5...20).contains(digits) && s.unicodeScalars.allSatisfy { ("0"..."9").contains($0) || " +-()".unicodeScalars.contains($0) }
    }
}

extension Timestamp {
    /// Parses an RFC 3339 time with its offset: `2026-11-24T09:14:00+01:00`, `…:00Z`, seconds
    /// optional, fractions of a second dropped. A time without a zone is refused: it would be
    /// read differently on a server in another zone.
    public static func parseRFC3339(_ text: String) -> Date? {
        let u = Array(text.utf8)
        guard u.count >= 17, u[10] == UInt8(ascii: "T") || u[10] == UInt8(ascii: " "),
              let day = CivilDate(parsing: String(decoding: u[0..<10], as: UTF8.self)) else { return nil }
        func num(_ r: Range<Int>) -> Int? {
            guard r.upperBound <= u.count else { return nil }
            var v = 0
            for i in r {
                guard (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(u[i]) else { return nil }
                v = v * 10 + Int(u[i] - UInt8(ascii: "0"))
            }
            return v
        }
        guard let h = num(11..<13), u[13] == UInt8(ascii: ":"), let m = num(14..<16), h < 24, m < 60 else { return nil }
        var i = 16, s = 0
        if i < u.count, u[i] == UInt8(ascii: ":") {
            guard let sec = num(17..<19), sec < 60 else { return nil }
            s = sec
            i = 19
            if i < u.count, u[i] == UInt8(ascii: ".") {
                i += 1
                let start = i
                while i < u.count, (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(u[i]) { i += 1 }
                guard i > start, i - start <= 9 else { return nil }
            }
        }
        guard i < u.count else { return nil }
        var offset = 0
        if u[i] == UInt8(ascii: "Z") || u[i] == UInt8(ascii: "z") {
            guard i + 1 == u.count else { return nil }
        } else {
            guard u[i] == UInt8(ascii: "+") || u[i] == UInt8(ascii: "-"), i + 6 == u.count, u[i + 3] == UInt8(ascii: ":"),
                  let oh = num(i + 1..<i + 3), let om = num(i + 4..<i + 6), oh < 24, om < 60 else { return nil }
            offset = (oh * 3600 + om * 60) * (u[i] == UInt8(ascii: "-") ? -1 : 1)
        }
        return Date(timeIntervalSince1970: TimeInterval(day.daysSinceEpoch * 86_400 + h * 3600 + m * 60 + s - offset))
    }
}
