import DiariumModel
import DiariumRender
import DiariumRules
import DiariumStore
import DiariumText
import DiariumXML
import Foundation

/// One copy of a released document: a file name (made from the document number, never from
/// the document's own data) and its bytes.
struct ReleasedCopy: Sendable {
    /// What the copy is: one Diarium made (a view, a listing), a registered file as it was
    /// archived, or the text of such a file with its masked details replaced.
    enum Kind: Sendable, Hashable {
        case made
        /// `asText`: the file's media type is a text format the leak check can read whole.
        case wholeFile(asText: Bool)
        /// `complete`: the file's every byte was read in one encoding, so the copy can hold all
        /// of its text (else the official must read it: `--checked-manually`).
        case maskedText(complete: Bool)
    }

    /// The bytes: in memory for what Diarium made, the archived object for a file released
    /// whole (read in chunks, never held: a release of large files stays small in memory).
    enum Content: Sendable {
        case bytes(Data)
        case object(URL, sha256: String)
    }

    let name: String
    let content: Content
    var kind: Kind = .made

    init(name: String, data: Data, kind: Kind = .made) {
        self.name = name
        content = .bytes(data)
        self.kind = kind
    }

    init(name: String, object: URL, sha256: String, kind: Kind) {
        self.name = name
        content = .object(object, sha256: sha256)
        self.kind = kind
    }

    var sha256: String {
        switch content {
        case .bytes(let d): SHA256Hex.of(d)
        case .object(_, let sha): sha
        }
    }

    /// Calls `body` with the bytes in order, 1 MiB at a time.
    func chunks(_ body: (Data) -> Void) throws(DiariumError) {
        switch content {
        case .bytes(let d): body(d)
        case .object(let url, _):
            let handle: FileHandle
            do { handle = try FileHandle(forReadingFrom: url) } catch { throw .store(.io("cannot read \(url.lastPathComponent)")) }
            defer { try? handle.close() }
            while true {
                let piece: Data
                do { piece = try handle.read(upToCount: 1 << 20) ?? Data() } catch { throw .store(.io("cannot read \(url.lastPathComponent)")) }
                if piece.isEmpty { break }
                body(piece)
            }
        }
    }

    /// Writes the copy to `url`, streaming an archived object.
    func write(to url: URL) throws {
        switch content {
        case .bytes(let d):
            guard FileManager.default.createFile(atPath: url.path, contents: d) else { throw CocoaError(.fileWriteUnknown) }
        case .object(let source, _):
            try FileManager.default.copyItem(at: source, to: url)
            // The object is read-only; the requester's copy is theirs to handle.
            try FileManager.default.setAttributes([.posixPermissions: 0o644], ofItemAtPath: url.path)
        }
    }
}

/// A registered document as a request sees it: its markings (the pre-assessment), which of its
/// details can be masked, its secret values under a set of masks, and how to make its copies.
/// A detail of a document that an assessment may mask: its path, its Swedish name and its value
/// (for staff only).
public struct MaskableDetail: Sendable, Hashable, Codable {
    public let field: String
    public let label: String
    public let value: String
}

struct AccessSource: Sendable {
    let stored: StoredDocument
    let markings: [SecrecyMarking]
    /// Built-in protections (a sole trader's personnummer): masked in every copy whatever the
    /// assessment says, and named in the decision.
    var protections: [SecrecyMarking] = []
    let markable: @Sendable (FieldPath) -> Bool
    /// A file Diarium did not draw up: released whole or not at all in this version.
    let isFile: Bool
    /// Whether the file's text can be read (and so checked by the leak check): a text format,
    /// or a PDF whose text layer the extractor reads. Asked only when needed (it may run it).
    let fileIsText: @Sendable () -> Bool
    /// The values the markings protect, widened, with the matcher over them (`SecretSet`).
    let secretSet: @Sendable ([SecrecyMarking]) -> SecretSet
    /// Fields whose text holds a value the masks protect (the views mask fields, not words).
    let freeTextProblems: @Sendable ([SecrecyMarking]) -> [ValidationError]
    /// Whose an amount at a path is: the supplier of its tender, of the award, of the report.
    var party: @Sendable (FieldPath) -> String? = { _ in nil }
    /// The copies with `masks` applied, and the pages they make; a readable registered file
    /// also has what the release keeps secret elsewhere (`release`) masked in its text.
    let copies: @Sendable (_ masks: [SecrecyMarking], _ release: LeakCheck?) throws(DiariumError) -> Copies
    /// Every detail an assessment may mask, with its value as staff read it (a form's choices).
    var maskableDetails: @Sendable () -> [MaskableDetail] = { [] }

    struct Copies: Sendable {
        let files: [ReleasedCopy]
        let pages: Int
        /// Details of other documents that a registered file's text gave away, masked in its copy.
        var maskedElsewhere: [LeakCheck.Secret] = []
    }

    /// Where a copy of this document belongs, for the amounts looked for in it: its case, and for
    /// a registered file the party that sent it.
    var scopes: Set<String> {
        LeakCheck.Scope.of(document: stored.entry.number.description, sender: isFile ? stored.entry.counterparty : nil)
    }

    /// The secrets of `marks` for the leak check: each with its marker and, for an amount, whose.
    func leakSecrets(_ marks: [SecrecyMarking], legal: LegalData) -> [LeakCheck.Secret] {
        LeakCheck.Secret.of(secretSet(marks), document: stored.entry.number.description, party: party,
                            marker: { RegisterView.marker($0.provision, legal: legal) })
    }
}

extension Diarium {
    /// How a request handles a document of `stored.kind` (`handling(_:)`). Diarium's own
    /// documents are made again from their data with the masks of the assessment in place of
    /// their markings; any other file is the archived file itself.
    func accessSource(_ stored: StoredDocument) throws(DiariumError) -> AccessSource {
        try handling(stored.kind).accessSource(stored)
    }

    /// A document Diarium drew up: copies in XML and HTML made again by `render` with the masks.
    func drawnUpSource(_ stored: StoredDocument, markings: [SecrecyMarking], json: JSONValue?, markable: @escaping @Sendable (FieldPath) -> Bool,
                       render: @escaping @Sendable ([SecrecyMarking], RenderFormat) throws(DiariumError) -> String) -> AccessSource {
        let base = Self.copyBaseName(stored.entry.number)
        return AccessSource(
            stored: stored, markings: markings, protections: json?.builtInProtections() ?? [], markable: markable, isFile: false, fileIsText: { true },
            secretSet: { json?.secretSet(marked: $0) ?? SecretSet([]) },
            freeTextProblems: { json?.secretsInFreeText(marked: $0) ?? [] },
            party: { json?.party(of: $0) },
            copies: { masks, _ throws(DiariumError) in
                let xml = try render(masks, .xml), html = try render(masks, .html), text = try render(masks, .text)
                return .init(files: [ReleasedCopy(name: base + ".xml", data: Data(xml.utf8)), ReleasedCopy(name: base + ".html", data: Data(html.utf8))],
                             pages: CopyPages.ofText(text))
            },
            maskableDetails: {
                (json?.leaves() ?? []).filter { markable($0.path) }.compactMap { leaf in
                    leaf.value.leafText.map { MaskableDetail(field: leaf.path.description, label: FieldLabels.label(leaf.path.description), value: $0) }
                }
            })
    }

    func procurementSource(_ stored: StoredDocument) throws(DiariumError) -> AccessSource {
        let organisation = stored.entry.organisation
        let (p, record) = try archivedProcurement(stored)
        return drawnUpSource(stored, markings: p.secrecy, json: p.json, markable: { p.json.isMarkableLeaf($0, unmarkable: DirectProcurement.unmarkable) }) { masks, format throws(DiariumError) in
            var q = p
            q.secrecy = masks
            return try self.renderProcurement(q, record.assessment, organisation, record.acceptedFindings, .public, format: format)
        }
    }

    func deviationSource(_ stored: StoredDocument) throws(DiariumError) -> AccessSource {
        let organisation = stored.entry.organisation
        let d = try archivedDeviation(stored)
        return drawnUpSource(stored, markings: d.secrecy, json: d.json, markable: { d.json.isMarkableLeaf($0, unmarkable: DeviationReport.unmarkable) }) { masks, format throws(DiariumError) in
            var e = d
            e.secrecy = masks
            return try self.renderDeviation(e, organisation, .public, format)
        }
    }

    func accessRequestSource(_ stored: StoredDocument) throws(DiariumError) -> AccessSource {
        let organisation = stored.entry.organisation
        let r = try archivedRequest(stored)
        return drawnUpSource(stored, markings: r.secrecy, json: r.json, markable: { AccessRequest.isMarkable($0, in: r.json) }) { masks, format throws(DiariumError) in
            var q = r
            q.secrecy = masks
            return try self.renderAccessRequest(q, organisation, .public, format)
        }
    }

    /// A registered file: its register details (counterparty, title) can be masked where the
    /// register shows them; a readable file whose text gives a masked detail away (its own, or
    /// one the release keeps secret in another document) goes out as its text with the detail
    /// replaced; any other goes out whole or not at all.
    func fileSource(_ stored: StoredDocument, base: String) -> AccessSource {
        let entry = stored.entry
        @Sendable func values(_ masks: [SecrecyMarking]) -> SecretSet {
            Registration.secretSet(counterparty: entry.counterparty, title: entry.title, secrecy: masks, officials: [entry.handler, entry.registeredBy])
        }
        let isText = CopyPages.isText(entry.file.mediaType)
        let isPDF = entry.file.mediaType == "application/pdf"
        let legal = legal
        let scopes = LeakCheck.Scope.of(document: entry.number.description, sender: entry.counterparty)
        return AccessSource(
            stored: stored, markings: entry.secrecy,
            markable: { Registration.markableFields.contains($0) && ($0 != FieldPath("counterparty") || entry.counterparty != nil) },
            isFile: true, fileIsText: {
                guard !isText else { return true }
                guard isPDF, case .success = PDFText().text(of: self.store.objects.url(for: entry.file.sha256)) else { return false }
                return true
            },
            secretSet: values, freeTextProblems: { _ in [] },
            copies: { masks, release throws(DiariumError) in
                let object = try self.archivedFile(entry)
                // Effort is no ground to refuse (RÅ 1979 Ab 6): what can be read is masked.
                let own = LeakCheck(LeakCheck.Secret.of(values(masks), document: entry.number.description,
                                                        marker: { RegisterView.marker($0.provision, legal: legal) }),
                                    publicNames: [entry.handler, entry.registeredBy])
                let check = release.map { $0.adding(own) } ?? own
                if isText, !check.isEmpty, try self.readFile(object, check, asText: true, in: scopes).hit != nil {
                    guard entry.file.size <= Self.maxMaskedCopy else {
                        throw .reject(entry.number.description, "release.too-large-to-mask",
                                      "filen är för stor (över \(Self.maxMaskedCopy / 1024 / 1024) MB) för att lämnas ut som maskerad textkopia; vägra utlämnande med stöd av en sekretessbestämmelse eller lämna ut uppgiften på annat sätt")
                    }
                    let (plain, complete) = try Self.plainText(object, mediaType: entry.file.mediaType)
                    let (masked, found) = check.masking(plain, in: scopes)
                    let copy = "Maskerad textkopia av \(entry.number). Uppgifter som omfattas av sekretess är ersatta med en hänvisning till bestämmelsen; originalfilen lämnas inte ut.\n\n" + masked + "\n"
                    let elsewhere = found.filter { $0.document != entry.number.description }
                    return .init(files: [ReleasedCopy(name: base + ".txt", data: Data(copy.utf8), kind: .maskedText(complete: complete))],
                                 pages: CopyPages.ofText(copy), maskedElsewhere: elsewhere)
                }
                // A PDF whose text layer gives a detail away goes out as that text, masked: what
                // the layer lacks (pictures, layout) is not in the copy, so nothing of it leaks.
                // A layer without the detail shows nothing about the pictures: the file then goes
                // out whole only after the official has read it (`--checked-manually`).
                if isPDF, !check.isEmpty, entry.file.size <= Self.maxMaskedCopy,
                   case .success(let plain) = PDFText().text(of: self.store.objects.url(for: entry.file.sha256)) {
                    let (masked, found) = check.masking(plain, in: scopes)
                    if !found.isEmpty {
                        let copy = "Maskerad textkopia av texten i PDF-filen \(entry.number). Uppgifter som omfattas av sekretess är ersatta med en hänvisning till bestämmelsen. Kopian innehåller filens text men inte dess bilder eller layout; originalfilen lämnas inte ut.\n\n" + masked + "\n"
                        let elsewhere = found.filter { $0.document != entry.number.description }
                        return .init(files: [ReleasedCopy(name: base + ".txt", data: Data(copy.utf8), kind: .maskedText(complete: true))],
                                     pages: CopyPages.ofText(copy), maskedElsewhere: elsewhere)
                    }
                }
                var pages = CopyPages.Counter(mediaType: entry.file.mediaType)
                try object.chunks { pages.feed($0) }
                return .init(files: [ReleasedCopy(name: base + "." + Self.fileExtension(entry.file), object: self.store.objects.url(for: entry.file.sha256),
                                                  sha256: entry.file.sha256, kind: .wholeFile(asText: isText))], pages: pages.total)
            },
            maskableDetails: {
                (entry.counterparty.map { [MaskableDetail(field: "counterparty", label: FieldLabels.label("counterparty"), value: $0)] } ?? [])
                    + [MaskableDetail(field: "title", label: FieldLabels.label("title"), value: entry.title)]
            })
    }

    /// A masked text copy is made in memory; a text file larger than this is not masked.
    static let maxMaskedCopy = 64 * 1024 * 1024

    /// The archived file of a registered document as a copy, checked against its hash (read in
    /// chunks).
    func archivedFile(_ entry: RegisterEntry) throws(DiariumError) -> ReleasedCopy {
        let url = store.objects.url(for: entry.file.sha256)
        guard (try? SHA256Hex.ofFile(at: url)) == entry.file.sha256 else {
            throw .store(.io("the archived file of \(entry.number) does not match its hash; run `diarium verify`"))
        }
        return ReleasedCopy(name: entry.file.name, object: url, sha256: entry.file.sha256, kind: .wholeFile(asText: CopyPages.isText(entry.file.mediaType)))
    }

    /// A copy read by `check` in chunks; `scopes`: where it belongs (`LeakCheck.Scope`).
    func readFile(_ copy: ReleasedCopy, _ check: LeakCheck, asText: Bool, in scopes: Set<String>? = nil) throws(DiariumError) -> LeakCheck.FileReading {
        var scan = check.fileScan(asText: asText, in: scopes)
        try copy.chunks { scan.feed($0) }
        return scan.finish()
    }

    /// The text a reader sees of a file, decoded once from its bytes: UTF-8 when the bytes are
    /// UTF-8 whatever they declare (a `<meta charset>` that lies would garble the masked names),
    /// else the declared or sniffed encoding; markup gone for HTML and XML. `complete`: every byte
    /// decoded in that one encoding.
    static func plainText(_ file: ReleasedCopy, mediaType: String) throws(DiariumError) -> (text: String, complete: Bool) {
        var bytes = Data()
        try file.chunks { bytes.append($0) }
        let sniffed = TextEncoding.sniff(bytes.prefix(TextEncoding.sniffLength), isWholeFile: bytes.count <= TextEncoding.sniffLength)
        var text: String
        var complete: Bool
        switch sniffed.encoding {
        case .utf16LE, .utf16BE, .utf32LE, .utf32BE:
            var reader = TextReader(format: .plain)
            text = reader.feed(bytes) + reader.finish()
            complete = reader.invalidSequences == 0
        default:
            let bom = bytes.starts(with: [0xEF, 0xBB, 0xBF]) ? 3 : 0
            var utf8 = TextDecoder(.utf8)
            var scalars: [Unicode.Scalar] = []
            utf8.decode(bytes.dropFirst(bom), into: &scalars)
            utf8.finish(into: &scalars)
            if utf8.invalidSequences == 0 {
                text = String(String.UnicodeScalarView(scalars))
                complete = true
            } else {
                let single: TextEncoding = sniffed.encoding == .isoLatin1 ? .isoLatin1 : .windows1252
                var reader = TextReader(format: .plain, encoding: single)
                text = reader.feed(bytes) + reader.finish()
                // Bytes that are UTF-8 in places and single bytes in others read whole in neither.
                complete = reader.invalidSequences == 0 && !scalars.contains { $0.value >= 0x80 && $0 != "\u{FFFD}" }
            }
        }
        if text.unicodeScalars.contains("\u{0}") { complete = false }
        switch mediaType {
        case "text/html", "application/xhtml+xml", "application/xml":
            var html = HTMLTextExtractor()
            text = html.feed(Array(text.unicodeScalars)) + html.finish()
        default: break
        }
        return (text, complete)
    }

    /// `RS 2026/0042-3` → `RS_2026-0042-3`: safe in any file system, and carrying nothing but
    /// the public number.
    static func copyBaseName(_ n: DocumentNumber) -> String { copyBaseName(n.description) }

    @_spi(Tools) public static func copyBaseName(_ number: String) -> String {
        number.replacingOccurrences(of: " ", with: "_").replacingOccurrences(of: "/", with: "-")
    }

    /// The extension of a registered file: from its name when that is a short plain one, else
    /// from its media type.
    static func fileExtension(_ f: ArchivedFile) -> String {
        let byType = ["application/pdf": "pdf", "application/xml": "xml", "text/xml": "xml", "text/plain": "txt", "text/html": "html",
                      "application/json": "json", "image/png": "png", "image/jpeg": "jpg"]
        if let dot = f.name.lastIndex(of: ".") {
            let ext = f.name[f.name.index(after: dot)...].lowercased()
            if (1...8).contains(ext.count), ext.unicodeScalars.allSatisfy({ ("a"..."z").contains($0) || ("0"..."9").contains($0) }) { return ext }
        }
        return byType[f.mediaType] ?? "bin"
    }
}
