public import Foundation

/// A JSON value as the input contract sees it: strings stay strings, numbers keep their literal
/// text, and objects keep their members in order.
///
/// Our own parser rather than `JSONSerialization`: on Linux that one bridges `true` and `1` to the
/// same NSNumber (so a boolean field would accept 1), silently keeps the last of duplicate keys,
/// and reports no line numbers. Input files are small; clarity wins over speed here.
public indirect enum JSONValue: Sendable, Hashable {
    case null
    case bool(Bool)
    case number(String)
    case string(String)
    case array([JSONValue])
    case object([JSONMember])

    /// The JSON type name in Swedish, for error messages.
    public var typeName: String {
        switch self {
        case .null: "null"
        case .bool: "sant/falskt"
        case .number: "ett tal"
        case .string: "en textsträng"
        case .array: "en lista"
        case .object: "ett objekt"
        }
    }
}

public struct JSONMember: Sendable, Hashable {
    public let key: String
    public let value: JSONValue
    public let line: Int
}

/// A syntax error in a JSON file, with its position.
public struct JSONSyntaxError: Error, Sendable, Hashable, CustomStringConvertible {
    public let line: Int
    public let column: Int
    public let message: String
    public var description: String { "rad \(line), kolumn \(column): \(message)" }
}

public enum JSONParser {
    /// Nesting deeper than this is refused (the input contract needs four levels).
    public static let maxDepth = 32

    public static func parse(_ data: Data) throws(JSONSyntaxError) -> JSONValue {
        var p = Parser(bytes: [UInt8](data))
        p.skipBOM()
        p.skipWhitespace()
        let value = try p.value(depth: 0)
        p.skipWhitespace()
        guard p.atEnd else { throw p.error("oväntat innehåll efter JSON-värdet") }
        return value
    }

    private struct Parser {
        let bytes: [UInt8]
        var i = 0
        var line = 1
        var lineStart = 0

        init(bytes: [UInt8]) { self.bytes = bytes }

        var atEnd: Bool { i >= bytes.count }

        func error(_ message: String) -> JSONSyntaxError {
            JSONSyntaxError(line: line, column: i - lineStart + 1, message: message)
        }

        mutating func skipBOM() {
            if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { i = 3; lineStart = 3 }
        }

        mutating func skipWhitespace() {
            while i < bytes.count {
                switch bytes[i] {
                case 0x20, 0x09, 0x0D: i += 1
                case 0x0A: i += 1; line += 1; lineStart = i
                default: return
                }
            }
        }

        mutating func value(depth: Int) throws(JSONSyntaxError) -> JSONValue {
            guard depth <= JSONParser.maxDepth else { throw error("för djupt nästlad JSON") }
            guard i < bytes.count else { throw error("JSON-värde saknas") }
            switch bytes[i] {
            case UInt8(ascii: "{"): return try object(depth: depth)
            case UInt8(ascii: "["): return try array(depth: depth)
            case UInt8(ascii: "\""): return .string(try string())
            case UInt8(ascii: "t"): try literal("true"); return .bool(true)
            case UInt8(ascii: "f"): try literal("false"); return .bool(false)
            case UInt8(ascii: "n"): try literal("null"); return .null
            case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): return .number(try number())
            default: throw error("ogiltigt tecken i JSON")
            }
        }

        mutating func literal(_ word: String) throws(JSONSyntaxError) {
            let w = Array(word.utf8)
            guard i + w.count <= bytes.count, Array(bytes[i..<i + w.count]) == w else {
                throw error("ogiltigt värde, väntade \(word)")
            }
            i += w.count
        }

        mutating func object(depth: Int) throws(JSONSyntaxError) -> JSONValue {
            i += 1
            var members: [JSONMember] = []
            var seen = Set<String>()
            skipWhitespace()
            if i < bytes.count, bytes[i] == UInt8(ascii: "}") { i += 1; return .object([]) }
            while true {
                skipWhitespace()
                guard i < bytes.count, bytes[i] == UInt8(ascii: "\"") else { throw error("väntade ett fältnamn inom citattecken") }
                let keyLine = line
                let key = try string()
                guard seen.insert(key).inserted else { throw error("fältet \"\(FieldReader.printable(key))\" förekommer två gånger") }
                skipWhitespace()
                guard i < bytes.count, bytes[i] == UInt8(ascii: ":") else { throw error("väntade ':' efter fältnamnet") }
                i += 1
                skipWhitespace()
                members.append(JSONMember(key: key, value: try value(depth: depth + 1), line: keyLine))
                skipWhitespace()
                guard i < bytes.count else { throw error("objektet avslutas inte") }
                if bytes[i] == UInt8(ascii: ",") { i += 1; continue }
                if bytes[i] == UInt8(ascii: "}") { i += 1; return .object(members) }
                throw error("väntade ',' eller '}'")
            }
        }

        mutating func array(depth: Int) throws(JSONSyntaxError) -> JSONValue {
            i += 1
            var items: [JSONValue] = []
            skipWhitespace()
            if i < bytes.count, bytes[i] == UInt8(ascii: "]") { i += 1; return .array([]) }
            while true {
                skipWhitespace()
                items.append(try value(depth: depth + 1))
                skipWhitespace()
                guard i < bytes.count else { throw error("listan avslutas inte") }
                if bytes[i] == UInt8(ascii: ",") { i += 1; continue }
                if bytes[i] == UInt8(ascii: "]") { i += 1; return .array(items) }
                throw error("väntade ',' eller ']'")
            }
        }

        mutating func number() throws(JSONSyntaxError) -> String {
            let start = i
            if bytes[i] == UInt8(ascii: "-") { i += 1 }
            func digits(_ p: inout Parser) -> Int {
                let s = p.i
                while p.i < p.bytes.count, (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(p.bytes[p.i]) { p.i += 1 }
                return p.i - s
            }
            guard i < bytes.count else { throw error("ogiltigt tal") }
            if bytes[i] == UInt8(ascii: "0") { i += 1 } else if digits(&self) == 0 { throw error("ogiltigt tal") }
            if i < bytes.count, bytes[i] == UInt8(ascii: ".") {
                i += 1
                guard digits(&self) > 0 else { throw error("ogiltigt tal") }
            }
            if i < bytes.count, bytes[i] == UInt8(ascii: "e") || bytes[i] == UInt8(ascii: "E") {
                i += 1
                if i < bytes.count, bytes[i] == UInt8(ascii: "+") || bytes[i] == UInt8(ascii: "-") { i += 1 }
                guard digits(&self) > 0 else { throw error("ogiltigt tal") }
            }
            return String(decoding: bytes[start..<i], as: UTF8.self)
        }

        mutating func string() throws(JSONSyntaxError) -> String {
            i += 1
            var out: [UInt8] = []
            while true {
                guard i < bytes.count else { throw error("textsträngen avslutas inte") }
                let b = bytes[i]
                switch b {
                case UInt8(ascii: "\""):
                    i += 1
                    guard let s = String(validating: out, as: UTF8.self) else { throw error("ogiltig UTF-8 i textsträng") }
                    return s
                case UInt8(ascii: "\\"):
                    i += 1
                    guard i < bytes.count else { throw error("ofullständig escape-sekvens") }
                    let e = bytes[i]
                    i += 1
                    switch e {
                    case UInt8(ascii: "\""): out.append(0x22)
                    case UInt8(ascii: "\\"): out.append(0x5C)
                    case UInt8(ascii: "/"): out.append(0x2F)
                    case UInt8(ascii: "b"): out.append(0x08)
                    case UInt8(ascii: "f"): out.append(0x0C)
                    case UInt8(ascii: "n"): out.append(0x0A)
                    case UInt8(ascii: "r"): out.append(0x0D)
                    case UInt8(ascii: "t"): out.append(0x09)
                    case UInt8(ascii: "u"):
                        var scalar = try hex4()
                        if (0xD800...0xDBFF).contains(scalar) {
                            guard i + 1 < bytes.count, bytes[i] == UInt8(ascii: "\\"), bytes[i + 1] == UInt8(ascii: "u") else {
                                throw error("ensamt surrogattecken i \\u-escape")
                            }
                            i += 2
                            let low = try hex4()
                            guard (0xDC00...0xDFFF).contains(low) else { throw error("ogiltigt surrogatpar i \\u-escape") }
                            scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
                        } else if (0xDC00...0xDFFF).contains(scalar) {
                            throw error("ensamt surrogattecken i \\u-escape")
                        }
                        guard let u = Unicode.Scalar(scalar) else { throw error("ogiltigt tecken i \\u-escape") }
                        out.append(contentsOf: Array(String(Character(u)).utf8))
                    default:
                        throw error("okänd escape-sekvens")
                    }
                case 0x00..<0x20:
                    throw error("kontrolltecken måste skrivas som escape-sekvens i JSON")
                default:
                    out.append(b)
                    i += 1
                }
            }
        }

        mutating func hex4() throws(JSONSyntaxError) -> UInt32 {
            guard i + 4 <= bytes.count else { throw error("ofullständig \\u-escape") }
            var v: UInt32 = 0
            for _ in 0..<4 {
                let c = bytes[i]
                let d: UInt32
                switch c {
                case UInt8(ascii: "0")...UInt8(ascii: "9"): d = UInt32(c - UInt8(ascii: "0"))
                case UInt8(ascii: "a")...UInt8(ascii: "f"): d = UInt32(c - UInt8(ascii: "a") + 10)
                case UInt8(ascii: "A")...UInt8(ascii: "F"): d = UInt32(c - UInt8(ascii: "A") + 10)
                default: throw error("ogiltig \\u-escape")
                }
                v = v * 16 + d
                i += 1
            }
            return v
        }
    }
}

extension JSONValue {
    /// The value at `path`, if the document has one there.
    public func value(at path: FieldPath) -> JSONValue? {
        var current: JSONValue = self
        for c in path.components {
            switch (c, current) {
            case (.key(let k), .object(let members)):
                guard let m = members.first(where: { $0.key == k }) else { return nil }
                current = m.value
            case (.index(let i), .array(let items)):
                guard items.indices.contains(i) else { return nil }
                current = items[i]
            default:
                return nil
            }
        }
        return current
    }

    /// A string, number or boolean: something a secrecy marking can replace.
    public var isLeaf: Bool {
        switch self {
        case .string, .number, .bool: true
        default: false
        }
    }
}

extension JSONValue {
    /// Whether a secrecy marking may cover `path`: it names a leaf (string, number, boolean) of
    /// this document, and no pattern of `unmarkable` covers it. A pattern is a field path with
    /// `[]` for any index (`tenders[].received`); it covers itself and everything below it
    /// (`period` covers `period.start`).
    public func isMarkableLeaf(_ path: FieldPath, unmarkable: Set<String>) -> Bool {
        let pattern = path.components.map { c -> String in
            switch c {
            case .key(let k): "." + k
            case .index: "[]"
            }
        }.joined().dropFirst()
        let covered = unmarkable.contains { u in pattern == u || pattern.hasPrefix(u + ".") || pattern.hasPrefix(u + "[") }
        return !covered && value(at: path)?.isLeaf == true
    }
}

extension JSONValue {
    /// Every leaf (string, number, boolean) with its path, in document order.
    public func leaves(under path: FieldPath = .root) -> [(path: FieldPath, value: JSONValue)] {
        switch self {
        case .string, .number, .bool: [(path, self)]
        case .null: []
        case .array(let items): items.enumerated().flatMap { $1.leaves(under: path.appending($0)) }
        case .object(let members): members.flatMap { $0.value.leaves(under: path.appending($0.key)) }
        }
    }

    /// The leaf as a person reads it (a string as written, a number and a boolean as text).
    public var leafText: String? {
        switch self {
        case .string(let s): s
        case .number(let n): n
        case .bool(let b): b ? "ja" : "nej"
        default: nil
        }
    }
}
