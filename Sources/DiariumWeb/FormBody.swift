import Foundation
import Hummingbird

/// A POST's form as the browser sent it: fields in order (a name may repeat), and files.
struct FormBody: Sendable {
    struct File: Sendable {
        let field: String
        /// The name the browser gave, without any path.
        let fileName: String
        /// The name as sent (a path in it is refused by the upload).
        let rawName: String
        let data: Data
    }

    /// More fields than any form has: refused, so that no request costs more than a form does.
    static let maxFields = 5000

    private(set) var fields: [(name: String, value: String)] = []
    private(set) var files: [File] = []
    /// False when a pair could not be read (bad percent-encoding) or there were too many: the
    /// form is refused rather than read without them.
    private(set) var isWhole = true

    subscript(name: String) -> String? { fields.first { $0.name == name }?.value }

    /// Replaces every value of `name` with `value`.
    mutating func set(_ name: String, _ value: String) {
        fields.removeAll { $0.name == name }
        fields.append((name, value))
    }

    func values(_ name: String) -> [String] { fields.filter { $0.name == name }.map(\.value) }

    func file(_ name: String) -> File? { files.first { $0.field == name } }

    /// Every field name → its values, for a draft.
    var all: [String: [String]] { Dictionary(grouping: fields, by: \.name).mapValues { $0.map(\.value) } }

    init() {}

    init(fields: [(name: String, value: String)]) { self.fields = fields }

    /// `application/x-www-form-urlencoded`.
    init(urlEncoded data: Data) {
        for pair in data.split(separator: UInt8(ascii: "&")) {
            let parts = pair.split(separator: UInt8(ascii: "="), maxSplits: 1, omittingEmptySubsequences: false)
            func decode(_ bytes: Data.SubSequence) -> String? {
                String(decoding: bytes, as: UTF8.self).replacingOccurrences(of: "+", with: " ").removingPercentEncoding
            }
            guard let name = decode(parts[0]), let value = parts.count > 1 ? decode(parts[1]) : "" else {
                isWhole = false
                continue
            }
            fields.append((name, value))
        }
        if fields.count > Self.maxFields { isWhole = false }
    }

    /// `multipart/form-data` (RFC 7578) with `boundary`; nil when it does not parse.
    init?(multipart data: Data, boundary: String) {
        let delimiter = Data(("--" + boundary).utf8)
        let crlf = Data("\r\n".utf8), headerEnd = Data("\r\n\r\n".utf8)
        guard var cursor = data.range(of: delimiter)?.upperBound else { return nil }
        while true {
            // After a delimiter: "--" ends the body, CRLF starts a part.
            if data[cursor...].starts(with: Data("--".utf8)) { return }
            guard data[cursor...].starts(with: crlf) else { return nil }
            let partStart = cursor + 2
            guard let headersEnd = data.range(of: headerEnd, in: partStart..<data.endIndex),
                  let next = data.range(of: crlf + delimiter, in: headersEnd.upperBound..<data.endIndex) else { return nil }
            let headerText = String(decoding: data[partStart..<headersEnd.lowerBound], as: UTF8.self)
            let body = data[headersEnd.upperBound..<next.lowerBound]
            var name: String?, fileName: String?
            for line in headerText.components(separatedBy: "\r\n") where line.lowercased().hasPrefix("content-disposition:") {
                name = Self.parameter("name", in: line)
                fileName = Self.parameter("filename", in: line)
            }
            guard let name else { return nil }
            if let fileName {
                if !fileName.isEmpty || !body.isEmpty {
                    files.append(File(field: name, fileName: Self.baseName(fileName), rawName: fileName, data: Data(body)))
                }
            } else {
                fields.append((name, String(decoding: body, as: UTF8.self)))
            }
            if fields.count + files.count > Self.maxFields { isWhole = false }
            cursor = next.upperBound
        }
    }

    /// A parameter of a header line (`name="x"` or `boundary=x`), the quotes of a quoted one
    /// honoured (a `;` inside them is part of the value, `\"` a quote).
    static func parameter(_ key: String, in line: String) -> String? {
        var params: [String: String] = [:]
        var chars = line.drop { $0 != ";" }.dropFirst()[...]
        while !chars.isEmpty {
            chars = chars.drop { $0 == " " || $0 == "\t" }
            let name = chars.prefix { $0 != "=" && $0 != ";" }
            chars = chars.dropFirst(name.count)
            var value = ""
            if chars.first == "=" {
                chars = chars.dropFirst()
                if chars.first == "\"" {
                    chars = chars.dropFirst()
                    while let c = chars.first, c != "\"" {
                        if c == "\\", chars.count > 1 {
                            chars = chars.dropFirst()
                            if let escaped = chars.first { value.append(escaped) }
                        } else {
                            value.append(c)
                        }
                        chars = chars.dropFirst()
                    }
                    chars = chars.dropFirst()
                } else {
                    value = String(chars.prefix { $0 != ";" }).trimmingCharacters(in: .whitespaces)
                    chars = chars.dropFirst(value.count)
                }
            }
            chars = chars.drop { $0 != ";" }.dropFirst()
            let k = name.trimmingCharacters(in: .whitespaces).lowercased()
            if params[k] == nil { params[k] = value }
        }
        return params[key]
    }

    /// The last component of a name a browser sent (some send a whole Windows path).
    static func baseName(_ name: String) -> String {
        String(name.split(whereSeparator: { $0 == "/" || $0 == "\\" }).last ?? "")
    }
}
