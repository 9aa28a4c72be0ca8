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
        let contentType: String
        let data: Data
    }

    private(set) var fields: [(name: String, value: String)] = []
    private(set) var files: [File] = []

    subscript(name: String) -> String? { fields.first { $0.name == name }?.value }

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
            guard let name = decode(parts[0]), let value = parts.count > 1 ? decode(parts[1]) : "" else { continue }
            fields.append((name, value))
        }
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
            var name: String?, fileName: String?, type = "application/octet-stream"
            for line in headerText.components(separatedBy: "\r\n") {
                let lower = line.lowercased()
                if lower.hasPrefix("content-disposition:") {
                    name = Self.parameter("name", in: line)
                    fileName = Self.parameter("filename", in: line)
                } else if lower.hasPrefix("content-type:") {
                    type = line.dropFirst("content-type:".count).trimmingCharacters(in: .whitespaces)
                }
            }
            guard let name else { return nil }
            if let fileName {
                if !fileName.isEmpty || !body.isEmpty {
                    files.append(File(field: name, fileName: Self.baseName(fileName), rawName: fileName, contentType: type, data: Data(body)))
                }
            } else {
                fields.append((name, String(decoding: body, as: UTF8.self)))
            }
            cursor = next.upperBound
        }
    }

    /// A quoted parameter of a Content-Disposition line (`name="x"`).
    static func parameter(_ key: String, in line: String) -> String? {
        for piece in line.split(separator: ";").dropFirst() {
            let kv = piece.trimmingCharacters(in: .whitespaces)
            guard kv.lowercased().hasPrefix(key + "=") else { continue }
            var value = String(kv.dropFirst(key.count + 1))
            if value.hasPrefix("\""), value.hasSuffix("\""), value.count >= 2 { value = String(value.dropFirst().dropLast()) }
            return value.replacingOccurrences(of: "\\\"", with: "\"")
        }
        return nil
    }

    /// The last component of a name a browser sent (some send a whole Windows path).
    static func baseName(_ name: String) -> String {
        String(name.split(whereSeparator: { $0 == "/" || $0 == "\\" }).last ?? "")
    }
}
