public import Foundation
public import DiariumText

/// Reads a JSON object field by field, collecting every problem with its field path.
///
/// Each input kind (registration, procurement, …) declares its keys once in `object(…, known:)`;
/// any other key is refused by name, so a typo never passes silently as a missing optional field.
/// Every string is normalised as it is read (`InputText`: NFC, trimmed, white space collapsed,
/// control and invisible characters refused), so that `ö` typed as o + U+0308 searches like `ö`
/// and a name with a trailing space is the same name as without it.
public struct FieldReader: Sendable {
    public private(set) var errors: [ValidationError] = []
    /// Every string read, as normalised, by its path ("" when it was blank).
    private var normalised: [FieldPath: String] = [:]

    public init() {}

    /// An object's members by key, or nil (with an error) when `value` is not an object.
    public struct Object: Sendable {
        public let path: FieldPath
        let members: [String: JSONValue]

        /// The raw value of `key`, treating JSON null as absent.
        public subscript(key: String) -> JSONValue? {
            if case .null = members[key] { return nil }
            return members[key]
        }
    }

    public mutating func fail(_ path: FieldPath, _ rule: String, _ message: String) {
        errors.append(ValidationError(path, rule: rule, message: message))
    }

    public mutating func object(_ value: JSONValue?, at path: FieldPath, known: [String]) -> Object? {
        guard let value else {
            fail(path, "required", "saknas men är obligatoriskt")
            return nil
        }
        guard case .object(let members) = value else {
            fail(path, "type.object", "ska vara ett objekt, inte \(value.typeName)")
            return nil
        }
        var byKey: [String: JSONValue] = [:]
        for m in members {
            if known.contains(m.key) {
                byKey[m.key] = m.value
            } else {
                let field = path.components.isEmpty ? FieldPath(components: []) : path
                errors.append(ValidationError(
                    field: field.components.isEmpty ? Self.printable(m.key) : "\(field).\(Self.printable(m.key))",
                    rule: "unknown-key",
                    message: "okänt fält; tillåtna fält här är \(known.joined(separator: ", "))"))
            }
        }
        return Object(path: path, members: byKey)
    }

    /// The string value of `key` with its path, or nil with the error: missing (when required)
    /// or not a string.
    private mutating func string(_ o: Object, _ key: String, required: Bool) -> (FieldPath, String)? {
        let path = o.path.appending(key)
        guard let value = o[key] else {
            if required { fail(path, "required", "saknas men är obligatoriskt") }
            return nil
        }
        guard case .string(let raw) = value else {
            fail(path, "type.string", "ska vara en textsträng, inte \(value.typeName)")
            return nil
        }
        return (path, raw)
    }

    /// The value of `key` normalised as every value is when it comes in (`InputText`), or nil
    /// with the error. Blank after normalisation counts as missing. The normalised value is
    /// remembered by path, so that the document's JSON tree (what secrecy paths point into and
    /// what views are made from) holds exactly the values the fields were read as.
    private mutating func normalisedString(_ o: Object, _ key: String, required: Bool,
                                           lines: InputText.Lines = .one) -> (FieldPath, String)? {
        guard let (path, raw) = string(o, key, required: required) else { return nil }
        switch InputText.normalise(raw, lines: lines) {
        case .failure(let refusal):
            fail(path, refusal.rule, refusal.message)
            return nil
        case .success(nil):
            normalised[path] = ""
            if required { fail(path, "text.empty", "får inte vara tomt") }
            return nil
        case .success(let text?):
            normalised[path] = text
            return (path, text)
        }
    }

    /// Text of `key`: required unless `required` is false; blank text counts as missing.
    /// `lines: .many` for free text with paragraphs (a description); names, titles and codes
    /// are one line.
    public mutating func text(_ o: Object, _ key: String, required: Bool = true, maxLength: Int,
                              lines: InputText.Lines = .one) -> String? {
        guard let (path, text) = normalisedString(o, key, required: required, lines: lines) else { return nil }
        // Counted in Unicode scalars, as XSD's maxLength and the database count them: a grapheme
        // count lets "a" + 3 000 combining marks pass as one character.
        if text.unicodeScalars.count > maxLength {
            fail(path, "text.max-length", "får vara högst \(maxLength) tecken")
            return nil
        }
        return text
    }

    /// A value parsed by `parse` from a string field; `rule` and `message` describe the format.
    public mutating func parsed<T>(
        _ o: Object, _ key: String, required: Bool = true, rule: String, message: String,
        _ parse: (String) -> T?
    ) -> T? {
        guard let (path, raw) = normalisedString(o, key, required: required) else { return nil }
        guard raw.utf8.count <= 64, let result = parse(raw) else {
            fail(path, rule, message)
            return nil
        }
        return result
    }

    /// One of a closed set of codes.
    public mutating func code<T: RawRepresentable & CaseIterable>(
        _ o: Object, _ key: String, as type: T.Type, required: Bool = true
    ) -> T? where T.RawValue == String {
        let allowed = T.allCases.map(\.rawValue).joined(separator: ", ")
        return parsed(o, key, required: required, rule: "code.unknown", message: "ska vara ett av: \(allowed)") {
            T(rawValue: $0)
        }
    }

    public mutating func bool(_ o: Object, _ key: String, required: Bool = true) -> Bool? {
        let path = o.path.appending(key)
        guard let value = o[key] else {
            if required { fail(path, "required", "saknas men är obligatoriskt") }
            return nil
        }
        guard case .bool(let b) = value else {
            fail(path, "type.boolean", "ska vara true eller false, inte \(value.typeName)")
            return nil
        }
        return b
    }

    /// The items of an array field with their paths; absent or null gives an empty list.
    public mutating func array(_ o: Object, _ key: String, maxCount: Int) -> [(FieldPath, JSONValue)] {
        let path = o.path.appending(key)
        guard let value = o[key] else { return [] }
        guard case .array(let items) = value else {
            fail(path, "type.array", "ska vara en lista, inte \(value.typeName)")
            return []
        }
        if items.count > maxCount {
            fail(path, "array.max-count", "får ha högst \(maxCount) poster")
            return []
        }
        return items.enumerated().map { (path.appending($0.offset), $0.element) }
    }

    /// `json` with every string that was read replaced by its normalised value; a blank one
    /// becomes null (missing), and strings that were not read (none should remain in a decoded
    /// document) are made NFC.
    public func normalisedTree(_ json: JSONValue) -> JSONValue {
        func walk(_ v: JSONValue, _ path: FieldPath) -> JSONValue {
            switch v {
            case .string(let s):
                guard let n = normalised[path] else { return .string(InputText.canonical(s)) }
                return n.isEmpty ? .null : .string(n)
            case .array(let items):
                return .array(items.enumerated().map { walk($0.element, path.appending($0.offset)) })
            case .object(let members):
                return .object(members.map { JSONMember(key: $0.key, value: walk($0.value, path.appending($0.key)), line: $0.line) })
            default:
                return v
            }
        }
        return walk(json, .root)
    }

    /// Keys are echoed in errors; keep that echo short and printable so that an error line
    /// cannot be used to smuggle terminal escapes or megabytes of text.
    static func printable(_ key: String) -> String {
        let cleaned = String(key.unicodeScalars.prefix(40).map { $0.properties.generalCategory == .control ? "?" : Character($0) })
        return cleaned.count < key.count ? cleaned + "…" : cleaned
    }
}

extension FieldReader {
    /// Parses a whole JSON document into the top-level object, or throws the syntax error as a
    /// rejection of `field` (normally the file's role, e.g. `meta`).
    public static func parseDocument(_ data: Data, field: String) throws(InputRejected) -> JSONValue {
        do {
            return try JSONParser.parse(data)
        } catch {
            throw InputRejected(field: field, rule: "json.syntax", message: "är inte giltig JSON: \(error.description)")
        }
    }
}
