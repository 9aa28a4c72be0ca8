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
        case maskedText
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
struct AccessSource: Sendable {
    let stored: StoredDocument
    let markings: [SecrecyMarking]
    /// Built-in protections (a sole trader's personnummer): masked in every copy whatever the
    /// assessment says, and named in the decision.
    var protections: [SecrecyMarking] = []
    let markable: @Sendable (FieldPath) -> Bool
    /// A file Diarium did not draw up: released whole or not at all in this version.
    let isFile: Bool
    /// Whether the file can be read as text (and so checked by the leak check).
    let fileIsText: Bool
    /// The values the markings protect, widened, with the matcher over them (`SecretSet`).
    let secretSet: @Sendable ([SecrecyMarking]) -> SecretSet
    /// Fields whose text holds a value the masks protect (the views mask fields, not words).
    let freeTextProblems: @Sendable ([SecrecyMarking]) -> [ValidationError]
    /// The copies with `masks` applied, and the pages they make.
    let copies: @Sendable ([SecrecyMarking]) throws(DiariumError) -> (files: [ReleasedCopy], pages: Int)
}

extension Diarium {
    /// How a request handles a document of `stored.kind`. Diarium's own documents are made again
    /// from their data with the masks of the assessment in place of their markings; any other
    /// file is the archived file itself.
    func accessSource(_ stored: StoredDocument) throws(DiariumError) -> AccessSource {
        let base = Self.copyBaseName(stored.entry.number)
        let organisation = stored.entry.organisation
        func own(_ markings: [SecrecyMarking], json: JSONValue?, markable: @escaping @Sendable (FieldPath) -> Bool,
                 render: @escaping @Sendable ([SecrecyMarking], RenderFormat) throws(DiariumError) -> String) -> AccessSource {
            AccessSource(
                stored: stored, markings: markings, protections: json?.builtInProtections() ?? [], markable: markable, isFile: false, fileIsText: true,
                secretSet: { json?.secretSet(marked: $0) ?? SecretSet([]) },
                freeTextProblems: { json?.secretsInFreeText(marked: $0) ?? [] },
                copies: { masks throws(DiariumError) in
                    let xml = try render(masks, .xml), html = try render(masks, .html), text = try render(masks, .text)
                    return ([ReleasedCopy(name: base + ".xml", data: Data(xml.utf8)), ReleasedCopy(name: base + ".html", data: Data(html.utf8))],
                            CopyPages.ofText(text))
                })
        }
        do {
            switch stored.kind {
            case Self.procurementKind:
                let row = try store.procurementRow(documentID: stored.id)
                let record = try JSONDecoder().decode(ProcurementRecord.self, from: try store.objects.read(row.dataSHA256))
                let p = try DirectProcurement.decode(try store.objects.read(record.inputSHA256))
                return own(p.secrecy, json: p.json, markable: { p.json.isMarkableLeaf($0, unmarkable: DirectProcurement.unmarkable) }) { masks, format throws(DiariumError) in
                    var q = p
                    q.secrecy = masks
                    return try self.renderProcurement(q, record.assessment, organisation, record.acceptedFindings, .public, format: format)
                }
            case Self.deviationKind:
                let d = try DeviationReport.decode(try store.objects.read(try store.deviationInput(documentID: stored.id)))
                return own(d.secrecy, json: d.json, markable: { d.json.isMarkableLeaf($0, unmarkable: DeviationReport.unmarkable) }) { masks, format throws(DiariumError) in
                    var e = d
                    e.secrecy = masks
                    return try self.renderDeviation(e, organisation, .public, format)
                }
            case Self.accessRequestKind:
                let r = try archivedRequest(stored.id)
                return own(r.secrecy, json: r.json, markable: { AccessRequest.isMarkable($0, in: r.json) }) { masks, format throws(DiariumError) in
                    var q = r
                    q.secrecy = masks
                    return try self.renderAccessRequest(q, organisation, .public, format)
                }
            case Self.boardReportKind, Self.accessDecisionKind:
                // Built from public facts only: nothing in them can be marked.
                let regenerate = stored.kind == Self.boardReportKind ? boardReportDocument : accessDecisionDocument
                return own([], json: nil, markable: { _ in false }) { _, format throws(DiariumError) in try regenerate(stored, .public, format) }
            default:
                return fileSource(stored, base: base)
            }
        } catch let e as DiariumError {
            throw e
        } catch let e as StoreError {
            throw .store(e)
        } catch {
            throw .internalFault("the archived data of \(stored.entry.number) cannot be read: \(type(of: error))")
        }
    }

    /// A registered file: its register details (counterparty, title) can be masked where the
    /// register shows them, the file itself only released whole or refused.
    private func fileSource(_ stored: StoredDocument, base: String) -> AccessSource {
        let entry = stored.entry
        @Sendable func values(_ masks: [SecrecyMarking]) -> SecretSet {
            Registration.secretSet(counterparty: entry.counterparty, title: entry.title, secrecy: masks, officials: [entry.handler, entry.registeredBy])
        }
        let isText = CopyPages.isText(entry.file.mediaType)
        let legal = legal
        return AccessSource(
            stored: stored, markings: entry.secrecy,
            markable: { Registration.markableFields.contains($0) && ($0 != FieldPath("counterparty") || entry.counterparty != nil) },
            isFile: true, fileIsText: isText,
            secretSet: values, freeTextProblems: { _ in [] },
            copies: { masks throws(DiariumError) in
                let object = try self.archivedFile(entry)
                // A masked register detail that the file itself writes (however it spells it)
                // is masked there too: the file goes out as its text with the detail replaced.
                // Effort is no ground to refuse (RÅ 1979 Ab 6).
                let secrets = values(masks)
                if isText, !secrets.isEmpty,
                   try self.readFile(object, LeakCheck(LeakCheck.Secret.of(secrets, document: "")), asText: true).hit != nil {
                    guard entry.file.size <= Self.maxMaskedCopy else {
                        throw .reject(entry.number.description, "release.too-large-to-mask",
                                      "filen är för stor (över \(Self.maxMaskedCopy / 1024 / 1024) MB) för att lämnas ut som maskerad textkopia; vägra utlämnande med stöd av en sekretessbestämmelse eller lämna ut uppgiften på annat sätt")
                    }
                    var reader = TextReader(format: .plain)
                    var text = ""
                    try object.chunks { text += reader.feed($0) }
                    text += reader.finish()
                    let plain = Self.plainText(text, mediaType: entry.file.mediaType)
                    let masked = secrets.masking(plain) { RegisterView.marker($0.marking.provision, legal: legal) }
                    let copy = "Maskerad textkopia av \(entry.number). Uppgifter som omfattas av sekretess är ersatta med en hänvisning till bestämmelsen; originalfilen lämnas inte ut.\n\n" + masked + "\n"
                    return ([ReleasedCopy(name: base + ".txt", data: Data(copy.utf8), kind: .maskedText)], CopyPages.ofText(copy))
                }
                var pages = CopyPages.Counter(mediaType: entry.file.mediaType)
                try object.chunks { pages.feed($0) }
                return ([ReleasedCopy(name: base + "." + Self.fileExtension(entry.file), object: self.store.objects.url(for: entry.file.sha256),
                                      sha256: entry.file.sha256, kind: .wholeFile(asText: isText))], pages.total)
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

    /// A copy of `document` read by `check` in chunks.
    func readFile(_ copy: ReleasedCopy, _ check: LeakCheck, asText: Bool, of document: String? = nil) throws(DiariumError) -> LeakCheck.FileReading {
        var scan = check.fileScan(asText: asText, of: document)
        try copy.chunks { scan.feed($0) }
        return scan.finish()
    }

    /// The text a reader sees of a file: markup gone for HTML and XML, as written otherwise.
    static func plainText(_ text: String, mediaType: String) -> String {
        switch mediaType {
        case "text/html", "application/xhtml+xml": return HTMLText.extract(Data(text.utf8))
        case "application/xml":
            return (try? HardenedXMLParser.parse(Data(text.utf8)).textContent()) ?? HTMLText.extract(Data(text.utf8))
        default: return text
        }
    }

    /// `RS 2026/0042-3` → `RS_2026-0042-3`: safe in any file system, and carrying nothing but
    /// the public number.
    static func copyBaseName(_ n: DocumentNumber) -> String { copyBaseName(n.description) }

    static func copyBaseName(_ number: String) -> String {
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
