import DiariumModel
public import DiariumStore
import DiariumText
import DiariumXML
public import Foundation

/// A file read for registration: what it is, its hash, and its text for the internal index.
/// The bytes themselves are held only for a small file (the bulk path); a large one stays where
/// it is and is copied into the archive in chunks, its hash checked again on the way.
public struct IncomingFile: Sendable {
    public enum Content: Sendable {
        case bytes(Data)
        case file(URL)
    }

    public let name: String
    public let content: Content
    public let size: Int64
    public let sha256: String
    public let mediaType: String
    /// Text for the internal search index; empty for formats we do not read (images).
    public private(set) var text: String
    /// Where `text` came from, and why there is none when the format has some to give (a PDF
    /// whose text layer could not be read): said in the receipt and the register's audit event.
    public var textSource: TextSource = .read
    /// The file's content contradicts its name (`anbud.pdf` that is a PNG image): what it is
    /// instead. The media type recorded is the content's.
    public var formatContradiction: String?

    public enum TextSource: Sendable, Hashable {
        /// A format read as it was scanned (XML, HTML, plain text, e-mail).
        case read
        /// A PDF's text layer, by poppler's pdftotext in a bounded child process.
        case pdfTextLayer
        /// Text read by OCR (tesseract, Swedish) from an image or a PDF without a text layer:
        /// `pagesRead` of `pages` (a long scan is read in part).
        case ocr(pagesRead: Int, pages: Int)
        /// A PDF or image whose text could not be read: registered without text in the search.
        case none(reason: String)

        /// For the audit event's detail.
        var code: String {
            switch self {
            case .read: "read"
            case .pdfTextLayer: "pdf-text-layer"
            case .ocr: "ocr"
            case .none: "none"
            }
        }
    }

    /// For the audit event: `read/pages` when the text is OCR text.
    var ocrPages: String? {
        if case .ocr(let read, let pages) = textSource { return "\(read)/\(pages)" }
        return nil
    }

    /// A file Diarium drew up itself, in memory.
    init(name: String, data: Data, mediaType: String, text: String) {
        self.name = name
        content = .bytes(data)
        size = Int64(data.count)
        sha256 = SHA256Hex.of(data)
        self.mediaType = mediaType
        self.text = text
    }

    init(name: String, content: Content, size: Int64, sha256: String, mediaType: String, text: String) {
        self.name = name
        self.content = content
        self.size = size
        self.sha256 = sha256
        self.mediaType = mediaType
        self.text = text
    }

    /// Whether registration reads text from a file of this media type by a tool of its own
    /// (poppler, tesseract) rather than as it scans it.
    static func isReadByTool(_ mediaType: String) -> Bool {
        mediaType == "application/pdf" || OCRText.imageTypes.contains(mediaType)
    }

    /// The text of the PDF or image at `url` for the internal index (at most
    /// `FileIntake.maxIndexedCharacters`): a PDF's text layer, else (a scan) its pages by OCR; an
    /// image by OCR. Every tool runs in a child process with time and memory limits; on failure
    /// no text, and why.
    mutating func readByTool(at url: URL) {
        if mediaType == "application/pdf" {
            switch PDFText().text(of: url) {
            case .success(let plain):
                let trimmed = plain.trimmingCharacters(in: .whitespacesAndNewlines)
                if !trimmed.isEmpty {
                    keep(trimmed, as: .pdfTextLayer)
                    return
                }
                // No text layer: a scanned letter. Read its pages by OCR.
                let pages = PDFText().pageCount(of: url)
                ocr(OCRText().pdf(url, pages: pages), empty: "PDF-filen har inget textlager och OCR fann ingen text")
            case .failure(let f):
                textSource = .none(reason: Self.reason(f, pdf: true))
            }
        } else {
            ocr(OCRText().image(url), empty: "OCR fann ingen text i bilden")
        }
    }

    private mutating func ocr(_ result: Result<OCRText.Reading, OCRText.Failure>, empty: String) {
        switch result {
        case .success(let reading) where reading.text.isEmpty: textSource = .none(reason: empty)
        case .success(let reading): keep(reading.text, as: .ocr(pagesRead: reading.pagesRead, pages: reading.pages))
        case .failure(.unavailable):
            textSource = .none(reason: "OCR med svenska (tesseract-ocr-swe och poppler-utils) finns inte på servern")
        case .failure(let f): textSource = .none(reason: Self.reason(f, pdf: mediaType == "application/pdf"))
        }
    }

    private mutating func keep(_ read: String, as source: TextSource) {
        text = String(String.UnicodeScalarView(read.unicodeScalars.prefix(FileIntake.maxIndexedCharacters)))
        textSource = source
    }

    private static func reason(_ f: BoundedProcess.Failure, pdf: Bool) -> String {
        switch f {
        case .unavailable: pdf ? "textläsaren för PDF (poppler-utils) finns inte på servern" : "OCR finns inte på servern"
        case .unreadable: pdf ? "PDF-filen är krypterad, skadad eller ingen PDF" : "bilden är skadad eller kan inte läsas"
        case .limitReached: "textläsningen tog för lång tid eller för mycket minne"
        case .tooMuchOutput: "filen har mer text än sökningen tar emot"
        }
    }

    /// Writes the bytes into the archive (a no-op when they are there already).
    @_spi(Tools) public func archive(_ objects: any ObjectArchive, durability: Durability) throws(StoreError) {
        switch content {
        case .bytes(let data): try objects.put(data, sha256: sha256, durability: durability)
        case .file(let url): try objects.put(contentsOf: url, sha256: sha256, durability: durability)
        }
    }
}

extension Diarium {
    /// What registration reads of the file at `url` for the internal search (for the bench):
    /// where the text came from and how many characters, through the same intake.
    @_spi(Tools) public static func readText(of url: URL) throws(DiariumError) -> (source: String, characters: Int) {
        let file = try FileIntake.read(url, contentIsSecret: false)
        return (file.textSource.code, file.text.unicodeScalars.count)
    }
}

/// Reads the file to register in one pass of 1 MiB chunks, refusing what is not a readable
/// regular file: the hash, the media type, XML through the hardened streaming parser (bounded
/// in attributes, depth and nodes), and the text for the index, capped. Memory stays small for
/// any file up to the size limit: a 200 MB HTML file once took 7 GB as a whole `Data`, a DOM and
/// its strings.
enum FileIntake {
    /// Larger files belong in an e-archive transfer, not in one registration.
    static let maxSize = 512 * 1024 * 1024
    /// The internal index keeps at most this much text per document.
    static let maxIndexedCharacters = 1_000_000
    /// Files up to this size are kept in memory between the check and the archive write, so a
    /// bulk registration reads each file once; larger ones are read again from their place.
    static let keptInMemory = 8 * 1024 * 1024
    static let chunk = 1 << 20

    static func read(_ url: URL, contentIsSecret: Bool) throws(DiariumError) -> IncomingFile {
        let path = url.standardizedFileURL.path
        let attributes: [FileAttributeKey: Any]
        do { attributes = try FileManager.default.attributesOfItem(atPath: path) } catch {
            throw .reject("file", "file.not-found", "filen finns inte eller kan inte läsas")
        }
        let type = attributes[.type] as? FileAttributeType
        if type == .typeDirectory { throw .reject("file", "file.is-directory", "är en mapp, inte en fil") }
        // A symbolic link is followed once; anything but a regular file (a device, a FIFO that
        // would block for ever) is refused. A file at the very path looked at already is
        // described by that look (two more stat calls were a tenth of a small file's intake).
        let resolved = type == .typeSymbolicLink ? url.resolvingSymlinksInPath() : url
        let target = resolved.path == path ? attributes : try? FileManager.default.attributesOfItem(atPath: resolved.path)
        let kind = target?[.type] as? FileAttributeType
        if kind == .typeDirectory { throw .reject("file", "file.is-directory", "är en mapp, inte en fil") }
        guard kind == .typeRegular else { throw .reject("file", "file.not-regular", "är ingen vanlig fil") }
        let size = target?[.size] as? Int ?? 0
        guard size <= maxSize else {
            throw .reject("file", "file.too-large", "är större än \(maxSize / 1024 / 1024) MB")
        }
        guard size > 0 else { throw .reject("file", "file.empty", "är tom; en tom fil kan inte registreras") }
        let handle: FileHandle
        do { handle = try FileHandle(forReadingFrom: resolved) } catch {
            throw .reject("file", "file.unreadable", "kan inte läsas")
        }
        defer { try? handle.close() }
        let keep = size <= keptInMemory
        var kept = Data()
        let scanned = try scan(name: sanitizedName(url.lastPathComponent), contentIsSecret: contentIsSecret) { () throws(DiariumError) -> Data? in
            let piece: Data
            do { piece = try handle.read(upToCount: chunk) ?? Data() } catch {
                throw .reject("file", "file.unreadable", "kan inte läsas")
            }
            if keep { kept.append(piece) }
            return piece.isEmpty ? nil : piece
        }
        var file = IncomingFile(name: scanned.name, content: keep && kept.count == scanned.size ? .bytes(kept) : .file(resolved),
                                size: Int64(scanned.size), sha256: scanned.sha256, mediaType: scanned.mediaType, text: scanned.text)
        file.formatContradiction = scanned.contradiction
        if IncomingFile.isReadByTool(scanned.mediaType) { file.readByTool(at: resolved) }
        return file
    }

    /// A file handed over as bytes (an upload): the same checks and reading as a file at a path,
    /// its bytes kept for the archive.
    static func read(_ input: InputFile, contentIsSecret: Bool) throws(DiariumError) -> IncomingFile {
        let data = input.data
        guard data.count <= maxSize else { throw .reject("file", "file.too-large", "är större än \(maxSize / 1024 / 1024) MB") }
        var offset = data.startIndex
        let scanned = try scan(name: sanitizedName(input.name), contentIsSecret: contentIsSecret) { () throws(DiariumError) -> Data? in
            guard offset < data.endIndex else { return nil }
            let end = data.index(offset, offsetBy: chunk, limitedBy: data.endIndex) ?? data.endIndex
            defer { offset = end }
            // A copy of the piece: the readers index a piece from zero.
            return Data(data[offset..<end])
        }
        var file = IncomingFile(name: scanned.name, content: .bytes(data), size: Int64(scanned.size), sha256: scanned.sha256,
                                mediaType: scanned.mediaType, text: scanned.text)
        file.formatContradiction = scanned.contradiction
        if IncomingFile.isReadByTool(scanned.mediaType) {
            // The tools read a file: the bytes in a private temporary one, removed at once.
            let temporary = FileManager.default.temporaryDirectory.appendingPathComponent("diarium-read-\(UUID().uuidString)")
            if FileManager.default.createFile(atPath: temporary.path, contents: data, attributes: [.posixPermissions: 0o600]) {
                file.readByTool(at: temporary)
                try? FileManager.default.removeItem(at: temporary)
            } else {
                file.textSource = .none(reason: "filen kunde inte läggas där textläsaren når den")
            }
        }
        return file
    }

    /// Reads the pieces `next` gives, in order, once: the hash, the media type (from the first
    /// piece and the name), and the text for the index. Refuses an empty file or one over the
    /// size limit.
    private static func scan(name: String, contentIsSecret: Bool, next: () throws(DiariumError) -> Data?) throws(DiariumError)
        -> (name: String, size: Int, sha256: String, mediaType: String, text: String, contradiction: String?) {
        var hasher = SHA256Hex.Hasher()
        var total = 0
        var mediaType: String?
        var contradiction: String?
        var extractor: TextExtraction?
        while let piece = try next() {
            total += piece.count
            guard total <= maxSize else { throw .reject("file", "file.too-large", "är större än \(maxSize / 1024 / 1024) MB") }
            hasher.update(piece)
            if mediaType == nil {
                let (m, against) = MediaType.identify(name: name, data: piece)
                mediaType = m
                contradiction = against
                extractor = TextExtraction(mediaType: m, contentIsSecret: contentIsSecret)
            }
            try extractor?.feed(piece)
        }
        guard total > 0, let mediaType else { throw .reject("file", "file.empty", "är tom; en tom fil kan inte registreras") }
        let text = try extractor?.finish() ?? ""
        return (name, total, hasher.finalize(), mediaType, text, contradiction)
    }

    /// The name kept in the register: the last path component, without control characters.
    static func sanitizedName(_ name: String) -> String {
        let cleaned = InputText.canonical(String(name.unicodeScalars.filter { $0.properties.generalCategory != .control }))
        return cleaned.isEmpty ? "fil" : String(cleaned.prefix(255))
    }
}

/// The text of a file for the index, read chunk by chunk: XML through the hardened streaming
/// parser (which also refuses what is not well-formed or too complex), HTML and plain text
/// through the text reader in their encoding. At most `FileIntake.maxIndexedCharacters` are kept.
struct TextExtraction {
    private enum Reader {
        case xml(StreamingXMLReader)
        case text(TextReader)
    }

    private var reader: Reader?
    private let contentIsSecret: Bool
    private var text = ""
    /// Scalars in `text`, kept apace: counting them again at every piece was O(n) each time.
    private var kept = 0

    init(mediaType: String, contentIsSecret: Bool) {
        self.contentIsSecret = contentIsSecret
        switch mediaType {
        case "application/xml": reader = .xml(StreamingXMLReader(name: "file.xml"))
        case "text/html": reader = .text(TextReader(format: .html))
        case "text/plain", "message/rfc822", "text/csv", "application/json": reader = .text(TextReader(format: .plain))
        default: reader = nil
        }
    }

    mutating func feed(_ data: Data) throws(DiariumError) {
        switch reader {
        case .xml(let x):
            do { keep(try x.feed(data)) } catch { throw .rejected(InputRejected(xmlRejection: error, field: "file", quoting: !contentIsSecret)) }
        case .text(var t):
            keep(t.feed(data))
            reader = .text(t)
        case nil: return
        }
    }

    mutating func finish() throws(DiariumError) -> String {
        switch reader {
        case .xml(let x):
            do { keep(try x.finish()) } catch { throw .rejected(InputRejected(xmlRejection: error, field: "file", quoting: !contentIsSecret)) }
        case .text(var t):
            keep(t.finish())
            reader = .text(t)
        case nil: break
        }
        return text
    }

    /// Appends `piece` up to `FileIntake.maxIndexedCharacters` scalars in all, with a space
    /// between pieces unless the piece starts with white space.
    private mutating func keep(_ piece: String) {
        guard kept < FileIntake.maxIndexedCharacters, let first = piece.unicodeScalars.first else { return }
        if kept > 0, !first.properties.isWhitespace {
            text.append(" ")
            kept += 1
        }
        let room = FileIntake.maxIndexedCharacters - kept
        // A piece of at most `room` bytes has at most `room` scalars: appended whole, as one copy
        // (appending it scalar by scalar was a third of a small file's intake).
        if piece.utf8.count <= room {
            text.append(piece)
            kept += piece.utf8.reduce(0) { $0 + ($1 & 0xC0 == 0x80 ? 0 : 1) }
            return
        }
        let scalars = piece.unicodeScalars
        let end = scalars.index(scalars.startIndex, offsetBy: room, limitedBy: scalars.endIndex) ?? scalars.endIndex
        let taken = String(scalars[..<end])
        text.append(taken)
        kept += taken.unicodeScalars.count
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

    /// Signatures at the start of a file that say its format whatever its name (the "magic
    /// numbers" of each format's specification), with the Swedish name a person reads.
    static let signatures: [(bytes: [UInt8], mediaType: String, label: String)] = [
        (Array("%PDF-".utf8), "application/pdf", "en PDF-fil"),
        ([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A], "image/png", "en PNG-bild"),
        ([0xFF, 0xD8, 0xFF], "image/jpeg", "en JPEG-bild"),
        (Array("GIF87a".utf8), "image/gif", "en GIF-bild"),
        (Array("GIF89a".utf8), "image/gif", "en GIF-bild"),
        ([0x49, 0x49, 0x2A, 0x00], "image/tiff", "en TIFF-bild"),
        ([0x4D, 0x4D, 0x00, 0x2A], "image/tiff", "en TIFF-bild"),
        ([0x50, 0x4B, 0x03, 0x04], "application/zip", "ett ZIP-arkiv"),
        ([0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1], "application/x-ole-storage", "en äldre Office- eller Outlook-fil"),
    ]

    /// Formats kept in a ZIP (Office Open XML, OpenDocument): a ZIP named so is that format.
    static let zipFamily: Set<String> = [
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "application/vnd.oasis.opendocument.text",
    ]
    /// Formats kept in an OLE2 compound file (an Outlook message).
    static let oleFamily: Set<String> = ["application/vnd.ms-outlook"]

    /// The format of a file from its first bytes, where they say it plainly, else from its
    /// name; and, when the content contradicts the name, what it is instead.
    static func identify(name: String, data: Data) -> (mediaType: String, contradiction: String?) {
        let head = Array(data.prefix(64))
        let ext = (name as NSString).pathExtension.lowercased()
        let named = byExtension[ext]
        if let signature = signatures.first(where: { head.starts(with: $0.bytes) }) {
            // A ZIP or an OLE2 file named as a format kept in one is that format.
            if signature.mediaType == "application/zip", let named, zipFamily.contains(named) { return (named, nil) }
            if signature.mediaType == "application/x-ole-storage", let named, oleFamily.contains(named) { return (named, nil) }
            guard let named, named != signature.mediaType else { return (signature.mediaType, nil) }
            return (signature.mediaType, "filnamnet säger .\(ext) men innehållet är \(signature.label)")
        }
        var trimmed = head.drop { $0 == 0x20 || $0 == 0x0A || $0 == 0x0D || $0 == 0x09 }
        if trimmed.starts(with: [0xEF, 0xBB, 0xBF]) { trimmed = trimmed.dropFirst(3) }
        if trimmed.starts(with: Array("<?xml".utf8)) {
            // XHTML is XML; anything else named as a binary format is not what its name says.
            if let named, !["application/xml", "text/html", "text/plain"].contains(named) {
                return ("application/xml", "filnamnet säger .\(ext) men innehållet är ett XML-dokument")
            }
            return ("application/xml", nil)
        }
        // A file named as a binary format whose bytes lack its signature: not that format, and
        // nothing its bytes say.
        if let named, let expected = signatures.first(where: { $0.mediaType == named }) {
            return ("application/octet-stream", "filnamnet säger .\(ext) men innehållet är inte \(expected.label)")
        }
        return (named ?? "application/octet-stream", nil)
    }

    /// By content first where the content says it plainly (a PDF or XML file misnamed is still
    /// one), then by extension.
    static func of(name: String, data: Data) -> String { identify(name: name, data: data).mediaType }
}
