import DiariumModel
import DiariumXML
public import Foundation

/// A file read for registration: its bytes, what it is, and its text for the internal index.
public struct IncomingFile: Sendable {
    public let name: String
    public let data: Data
    public let mediaType: String
    /// Text for the internal search index; empty for formats we do not read (PDF, images).
    public let text: String
}

/// Reads the file to register, refusing what is not a readable regular file, and sends XML
/// through the hardened parser.
enum FileIntake {
    /// Larger files belong in an e-archive transfer, not in one registration.
    static let maxSize = 512 * 1024 * 1024
    /// The internal index keeps at most this much text per document.
    static let maxIndexedCharacters = 1_000_000

    static func read(_ url: URL, contentIsSecret: Bool) throws(DiariumError) -> IncomingFile {
        let path = url.standardizedFileURL.path
        let attributes: [FileAttributeKey: Any]
        do { attributes = try FileManager.default.attributesOfItem(atPath: path) } catch {
            throw .reject("file", "file.not-found", "filen finns inte eller kan inte läsas")
        }
        let type = attributes[.type] as? FileAttributeType
        if type == .typeDirectory { throw .reject("file", "file.is-directory", "är en mapp, inte en fil") }
        // A symbolic link is followed once; anything but a regular file (a device, a FIFO that
        // would block for ever) is refused.
        let resolved = type == .typeSymbolicLink ? url.resolvingSymlinksInPath() : url
        let kind = (try? FileManager.default.attributesOfItem(atPath: resolved.path))?[.type] as? FileAttributeType
        if kind == .typeDirectory { throw .reject("file", "file.is-directory", "är en mapp, inte en fil") }
        guard kind == .typeRegular else { throw .reject("file", "file.not-regular", "är ingen vanlig fil") }
        let size = (try? FileManager.default.attributesOfItem(atPath: resolved.path))?[.size] as? Int ?? 0
        guard size <= maxSize else {
            throw .reject("file", "file.too-large", "är större än \(maxSize / 1024 / 1024) MB")
        }
        let data: Data
        do { data = try Data(contentsOf: resolved) } catch {
            throw .reject("file", "file.unreadable", "kan inte läsas")
        }
        guard !data.isEmpty else { throw .reject("file", "file.empty", "är tom; en tom fil kan inte registreras") }
        let name = sanitizedName(url.lastPathComponent)
        let mediaType = MediaType.of(name: name, data: data)
        let text: String
        switch mediaType {
        case "application/xml":
            text = try xmlText(data, contentIsSecret: contentIsSecret)
        case "text/html":
            text = HTMLText.extract(data)
        case "text/plain", "message/rfc822", "text/csv":
            text = String(data: data, encoding: .utf8) ?? String(data: data, encoding: .isoLatin1) ?? ""
        default:
            text = ""
        }
        return IncomingFile(name: name, data: data, mediaType: mediaType, text: String(text.prefix(maxIndexedCharacters)))
    }

    /// The hardened parser's verdict as a rejection naming the line. When the content is marked
    /// secret, libxml2's own message is left out: it may quote the document.
    static func xmlText(_ data: Data, contentIsSecret: Bool) throws(DiariumError) -> String {
        do {
            return try HardenedXMLParser.parse(data, name: "file.xml").textContent()
        } catch {
            throw .rejected(InputRejected(xmlRejection: error, field: "file", quoting: !contentIsSecret))
        }
    }

    /// The name kept in the register: the last path component, without control characters.
    static func sanitizedName(_ name: String) -> String {
        let cleaned = String(name.unicodeScalars.filter { $0.properties.generalCategory != .control })
            .precomposedStringWithCanonicalMapping
        return cleaned.isEmpty ? "fil" : String(cleaned.prefix(255))
    }
}

extension InputRejected {
    /// Turns the hardened parser's refusal into `field: rule` problems with line numbers.
    init(xmlRejection e: XMLRejection, field: String, quoting: Bool) {
        let line = e.line.map { "rad \($0): " } ?? ""
        switch e.reason {
        case .doctypeNotAllowed:
            self.init(field: field, rule: "xml.doctype-not-allowed",
                      message: "\(line)XML med dokumenttypdeklaration (DTD) tas inte emot; den kan bära externa entiteter eller entitetsbomber")
        case .empty:
            self.init(field: field, rule: "xml.empty", message: "XML-dokumentet är tomt")
        case .tooLarge:
            self.init(field: field, rule: "xml.too-large", message: "XML-dokumentet är större än \(e.limit ?? 0) byte och kan inte läsas in")
        case .tooManyAttributes:
            self.init(field: field, rule: "xml.too-many-attributes", message: "\(line)ett element har fler än \(e.limit ?? 0) attribut")
        case .tooDeep:
            self.init(field: field, rule: "xml.too-deep", message: "\(line)elementen är nästlade i fler än \(e.limit ?? 0) nivåer")
        case .tooManyNamespaces:
            self.init(field: field, rule: "xml.too-many-namespaces", message: "\(line)fler än \(e.limit ?? 0) namnrymder är deklarerade på samma gång")
        case .tooManyNodes:
            self.init(field: field, rule: "xml.too-many-nodes", message: "\(line)XML-dokumentet har fler än \(e.limit ?? 0) noder")
        case .encodingNotSupported:
            self.init(field: field, rule: "xml.encoding-not-supported", message: "\(line)XML-dokumentets teckenkodning kan inte läsas säkert; spara det som UTF-8")
        case .malformed:
            let issues = e.issues.prefix(5).map { i in
                ValidationError(field: field, rule: "xml.malformed",
                                message: (i.line > 0 ? "rad \(i.line): " : "") + "XML är inte välformad"
                                    + (quoting ? " (\(i.message))" : " (felkod \(i.code))"))
            }
            self.init(issues.isEmpty ? [ValidationError(field: field, rule: "xml.malformed", message: "XML är inte välformad")] : Array(issues))
        }
    }
}

enum MediaType {
    static let byExtension: [String: String] = [
        "pdf": "application/pdf", "xml": "application/xml", "html": "text/html", "htm": "text/html",
        "xhtml": "application/xml", "txt": "text/plain", "text": "text/plain", "csv": "text/csv",
        "eml": "message/rfc822", "msg": "application/vnd.ms-outlook",
        "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        "odt": "application/vnd.oasis.opendocument.text", "jpg": "image/jpeg", "jpeg": "image/jpeg",
        "png": "image/png", "tif": "image/tiff", "tiff": "image/tiff", "json": "application/json",
    ]

    /// By content first where the content says it plainly (a PDF or XML file misnamed is still
    /// one), then by extension.
    static func of(name: String, data: Data) -> String {
        let head = data.prefix(64)
        if head.starts(with: Array("%PDF-".utf8)) { return "application/pdf" }
        var trimmed = head.drop { $0 == 0x20 || $0 == 0x0A || $0 == 0x0D || $0 == 0x09 }
        if trimmed.starts(with: [0xEF, 0xBB, 0xBF]) { trimmed = trimmed.dropFirst(3) }
        if trimmed.starts(with: Array("<?xml".utf8)) { return "application/xml" }
        let ext = (name as NSString).pathExtension.lowercased()
        return byExtension[ext] ?? "application/octet-stream"
    }
}
