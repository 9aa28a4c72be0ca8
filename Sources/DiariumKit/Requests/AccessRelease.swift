public import DiariumModel
import DiariumRender
import DiariumRules
import DiariumStore
import DiariumXML
import Foundation

/// What `request release` wrote.
public struct ReleaseResult: Sendable, Hashable, Codable {
    public struct File: Sendable, Hashable, Codable {
        public let name: String
        public let document: String
        public let sha256: String
    }

    public let request: String
    public let directory: String
    public let files: [File]
    public let released: [String]
    public let masked: [String]
    public let refused: [String]
    public let pages: Int
    public let fee: Amount
    public let feeLabel: String
    public let feeScale: String
    /// The copies as one ZIP in the archive (a release through the web), by its SHA-256.
    public var archiveSHA256: String?
}

/// A copy made for a release: the file, the document it is of, and where its amounts belong.
struct MadeCopy: Sendable {
    let copy: ReleasedCopy
    let document: String
    let scopes: Set<String>?
}

/// A document of a request with its assessment and what a request can do with it.
struct AssessedItem: Sendable {
    let source: AccessSource
    let assessment: AccessAssessment
    /// When it was added and assessed.
    let row: RequestItemRow

    var number: String { source.stored.entry.number.description }

    /// The masks, and for a refused document its markings as well.
    var kept: [SecrecyMarking] { assessment.outcome == .refuse ? source.markings + assessment.masks : assessment.masks }

    /// Every value kept from the requester, with its marker and, for an amount, whose it is.
    func secrets(_ legal: LegalData) -> [LeakCheck.Secret] { source.leakSecrets(kept, legal: legal) }

    /// The document's public names, beside which its secret names are looked for.
    var publicNames: [String] { source.secretSet(kept).publicNames }
}

extension Diarium {
    /// The request's documents, each assessed; refused with the documents still to assess.
    func assessedItems(_ req: AccessRequestRow) throws(DiariumError) -> [AssessedItem] {
        let rows: [RequestItemRow]
        do { rows = try store.requestItems(request: req.documentID) } catch { throw .store(error) }
        guard !rows.isEmpty else {
            throw .reject("request", "request.no-documents", "begäran har inga handlingar; lägg till dem med `diarium request add \(req.number) NUMMER…`")
        }
        let missing = rows.filter { $0.assessment == nil }
        guard missing.isEmpty else {
            throw .rejected(InputRejected(missing.map {
                ValidationError(field: $0.document, rule: "request.not-assessed",
                                message: "är inte prövad; pröva den med `diarium request assess \(req.number) \($0.document) --release|--mask|--refuse`")
            }))
        }
        var items: [AssessedItem] = []
        for row in rows {
            guard let assessment = row.assessment else { continue }
            guard let n = DocumentNumber(parsing: row.document) else { throw .store(.database("request item \(row.document) has a bad number")) }
            let stored: StoredDocument
            do { stored = try store.document(n) } catch { throw .store(error) }
            if let gone = stored.disposal {
                throw .reject(row.document, "request.document-disposed",
                              "gallrades \(Timestamp.swedishLocal(Timestamp.iso(gone.disposedAt))) enligt informationshanteringsplanen (gallringsprotokoll \(gone.record)); den finns inte längre och kan inte lämnas ut")
            }
            items.append(AssessedItem(source: try accessSource(stored), assessment: assessment, row: row))
        }
        return items
    }

    /// What a release must not give away: the details its documents keep (masked, or marked in
    /// a refused document), and the details marked in the other documents of their cases (tender
    /// secrecy protects the tenderer's name, not one document: a note in the case that names the
    /// tenderer gives it away too), but for markings under a provision that an event in the case
    /// has ended. The requester's own secrets are not in it: secrecy for a person's sake does not
    /// hold against that person (12 kap. 1 § OSL); they are kept from the decision and the views.
    func releaseCheck(_ items: [AssessedItem]) throws(DiariumError) -> LeakCheck {
        var secrets = items.flatMap { $0.secrets(legal) }
        var publicNames = items.flatMap(\.publicNames) + officials(items)
        let released = Set(items.map(\.number))
        for caseNumber in Set(items.map { $0.source.stored.entry.number.caseNumber }) {
            let inCase: [(number: String, documentType: String)]
            do { inCase = try store.documentTypes(inCase: caseNumber) } catch { throw .store(error) }
            let events = Set(inCase.map(\.documentType))
            for (number, _) in inCase where !released.contains(number) {
                guard let n = DocumentNumber(parsing: number) else { continue }
                let stored: StoredDocument
                do { stored = try store.document(n) } catch { throw .store(error) }
                let source = try accessSource(stored)
                let live = source.markings.filter { m in
                    guard let ends = legal.provision(m.provision, on: today)?.endsWith else { return true }
                    return ends.allSatisfy { !events.contains($0) }
                }
                guard !live.isEmpty else { continue }
                secrets += source.leakSecrets(live, legal: legal)
                publicNames += source.secretSet(live).publicNames
            }
        }
        return LeakCheck(secrets, publicNames: publicNames)
    }

    /// The officials the released documents and the decision name as such: public names beside
    /// which secret names are looked for.
    func officials(_ items: [AssessedItem]) -> [String] {
        Array(Set(items.flatMap { [$0.source.stored.entry.handler, $0.source.stored.entry.registeredBy] } + [actor]))
    }

    /// The title a requester may see: the register's public title, or a marker when the
    /// assessment masks the title.
    func releasedTitle(_ item: AssessedItem) -> String {
        let entry = item.source.stored.entry
        let title: String
        if let m = item.assessment.masks.first(where: { $0.field == FieldPath("title") }) {
            title = entry.publicTitle ?? RegisterView.marker(m.provision, legal: legal)
        } else {
            title = RegisterView(entry, for: .public, legal: legal).publicTitle
        }
        // A title made from a detail that is now masked (a procurement's subject) is replaced by
        // the document type, so that the listing and the decision can be written at all.
        if LeakCheck(item.secrets(legal), publicNames: officials([item])).scan(text: title) != nil {
            return legal.documentType(entry.documentType)?.label ?? entry.documentType
        }
        return title
    }

    /// The copies of `items` and the pages they make, each made on every core.
    func madeCopies(_ items: [AssessedItem], _ check: LeakCheck) throws(DiariumError) -> (files: [MadeCopy], pages: Int) {
        var files: [MadeCopy] = []
        var pages = 0
        // Made again on every core: rendering and validating is most of a release's time.
        let toCopy = items.filter { $0.assessment.outcome != .refuse }
        for (item, result) in zip(toCopy, concurrently(toCopy.count) { i throws(DiariumError) in try toCopy[i].source.copies(toCopy[i].assessment.masks, check) }) {
            let made = try result.get()
            files += made.files.map { MadeCopy(copy: $0, document: item.number, scopes: item.source.scopes) }
            pages += made.pages
        }
        return (files, pages)
    }

    /// The leak check: every byte and every name of `files`, before anything is written. A
    /// registered file that cannot be read whole as text is never taken for free of the secret
    /// details: it goes out only if the official read it (`--checked-manually`).
    /// `recordStop`: a stop is an audit event (a release's; not a preview's).
    func leakCheck(_ files: [MadeCopy], _ check: LeakCheck, items: [AssessedItem], request req: AccessRequestRow,
                   recordStop: Bool = true) throws(DiariumError) {
        let checkedManually = Set(items.filter { $0.assessment.checkedManually == true }.map(\.number))
        for made in files {
            let (copy, document, scopes) = (made.copy, made.document, made.scopes)
            let reading: LeakCheck.FileReading
            switch copy.kind {
            case .wholeFile(let asText): reading = try readFile(copy, check, asText: asText, in: scopes)
            case .made, .maskedText:
                var hit: LeakCheck.Hit?
                try copy.chunks { hit = hit ?? check.scan($0, in: scopes) }
                var complete = true
                if case .maskedText(let c) = copy.kind { complete = c }
                reading = LeakCheck.FileReading(hit: hit, complete: complete)
            }
            if let hit = reading.hit ?? check.scan(text: copy.name, in: scopes) {
                let line = copy.kind == .made || reading.hit == nil ? "" : ", rad \(hit.line)"
                if recordStop {
                    try? store.audit(AuditEvent(at: clock(), actor: actor, action: "request.release-stopped", subject: req.number,
                                                detail: ["file": copy.name, "document": hit.document, "field": hit.field, "line": String(hit.line)]))
                }
                throw .reject("\(hit.document).\(hit.field)", "leak-check.secret-in-copy",
                              "kopian \(copy.name)\(line) (av \(document)) innehåller den maskerade eller sekretessbelagda uppgiften \(FieldLabels.label(hit.field)) (\(hit.field)) i \(hit.document); utlämnandet stoppades och inget skrevs. Maskera uppgiften även där den står, eller vägra utlämnande av handlingen")
            }
            if !reading.complete, !check.isEmpty, !checkedManually.contains(document) {
                if recordStop {
                    try? store.audit(AuditEvent(at: clock(), actor: actor, action: "request.release-stopped", subject: req.number,
                                                detail: ["file": copy.name, "document": document, "reason": "not-readable"]))
                }
                throw .reject(document, "leak-check.file-not-readable",
                              "filen \(copy.name) kan inte läsas i sin helhet som text, så läckkontrollen kan inte visa att den saknar de uppgifter som hålls hemliga i begäran; utlämnandet stoppades och inget skrevs. Granska filen och pröva handlingen igen med --checked-manually, eller vägra utlämnande")
            }
        }
    }

    /// Releases the copies of a request: to `directory` (the command line's folder, whole or
    /// not at all) and, with `archive`, as one ZIP kept in the archive (the web's download).
    /// With `seen`, refused when the request changed since that revision.
    func release(_ number: String, to directory: URL?, archive: Bool = false, seen: Int? = nil) throws(DiariumError) -> ReleaseResult {
        let req = try request(number)
        try requireRevision(req, seen)
        let items = try assessedItems(req)
        let outcome = { (o: AccessAssessment.Outcome) in items.filter { $0.assessment.outcome == o }.map(\.number) }
        let check = try releaseCheck(items)
        var (files, pages) = try madeCopies(items, check)
        let format = req.format
        guard let scale = accessData.feeScale(organisation: req.organisation, on: today) else {
            throw .setup("public-access.json has no fee scale for \(req.organisation) on \(today)")
        }
        let fee = scale.fee(pages: pages, format: format)
        let listing = releaseListing(req, items, files: files.map { ($0.copy.name, $0.document) }, pages: pages, fee: fee, scale: scale, format: format)
        files.append(MadeCopy(copy: ReleasedCopy(name: "forteckning.txt", data: Data(listing.utf8)), document: req.number, scopes: nil))
        try leakCheck(files, check, items: items, request: req)

        let manifest = files.map { ReleaseResult.File(name: $0.copy.name, document: $0.document, sha256: $0.copy.sha256) }
        let manifestData: Data
        do { manifestData = try JSONEncoder().encode(manifest) } catch { throw .internalFault("cannot encode the release manifest") }
        var archiveSHA: String?
        if archive {
            let zip = try ReleaseArchive.zip(files.map(\.copy), at: clock(), zone: store.config.zone)
            do { archiveSHA = try store.objects.put(zip, durability: .immediate) } catch { throw .store(error) }
        }
        let staging = try directory.map { d throws(DiariumError) in try ReleaseDirectory.stage(files.map(\.copy), for: d, in: store) }
        let now = clock()
        var renamed = false
        do throws(DiariumError) {
            let manifestSHA: String
            do { manifestSHA = try store.objects.put(manifestData, durability: .immediate) } catch { throw .store(error) }
            try store.write { (tx: Transaction) throws(DiariumError) in
                let revision = try touch(tx, req, seen)
                var row = RequestReleaseRow(releasedAt: now, releasedBy: actor, pages: pages, feeOre: fee.ore, feeScale: scale.id,
                                            manifestSHA256: manifestSHA)
                row.archiveSHA256 = archiveSHA
                try tx.insertRelease(request: req.documentID, row)
                if req.status == .open { try tx.setRequestStatus(request: req.documentID, .released, at: now) }
                var detail = ["manifest": manifestSHA, "files": String(files.count), "pages": String(pages), "fee": fee.description,
                              "revision": String(revision)]
                if let archiveSHA { detail["archive"] = archiveSHA }
                try tx.appendAudit(AuditEvent(at: now, actor: actor, action: "request.release", subject: req.number, detail: detail))
                // Last, so that a failure before it leaves no directory and no row.
                try staging?.publish()
                renamed = true
            }
        } catch {
            if renamed { staging?.unpublish() } else { staging?.discard() }
            throw error
        }
        var result = ReleaseResult(request: req.number, directory: directory?.path ?? "", files: manifest, released: outcome(.release),
                                   masked: outcome(.mask), refused: outcome(.refuse), pages: pages, fee: fee, feeLabel: fee.swedish,
                                   feeScale: scale.reference)
        result.archiveSHA256 = archiveSHA
        return result
    }

    /// `forteckning.txt`: the documents of the request, what became of each, and the fee.
    func releaseListing(_ req: AccessRequestRow, _ items: [AssessedItem], files: [(String, String)], pages: Int, fee: Amount,
                        scale: FeeScaleRow, format: AccessFormat) -> String {
        var lines = ["Förteckning över handlingar, begäran \(req.number)", ""]
        for item in items {
            lines.append("\(item.number)  \(item.assessment.outcome.swedishLabel): \(TerminalText.clean(releasedTitle(item)))")
            for m in item.assessment.masks {
                lines.append("    maskerat: \(FieldLabel.swedish(m.field)) (\(legal.reference(m.provision)))")
            }
            if let p = item.assessment.provision {
                lines.append("    lämnas inte ut: sekretess enligt \(legal.reference(p))")
            }
            for (name, document) in files where document == item.number { lines.append("    fil: \(name)") }
        }
        lines += ["", "Sidor: \(pages) (uppskattat)", "Form: \(format.swedishLabel)", "Avgift: \(fee.swedish)", scale.reference,
                  "", "Maskerade uppgifter är ersatta med en hänvisning till den bestämmelse i offentlighets- och sekretesslagen som de omfattas av."]
        return lines.joined(separator: "\n") + "\n"
    }
}

/// A release's files, written to a hidden sibling of the target and renamed into place whole:
/// the requester's folder never holds half a release.
struct ReleaseDirectory {
    let staging: URL
    let target: URL
    /// The staging folder's registration in the store, so that `verify` finds it if the release
    /// is killed before it is published or removed.
    let ticket: StagingTicket
    let store: any StagingRegistry

    static func stage(_ files: [ReleasedCopy], for target: URL, in store: any StagingRegistry) throws(DiariumError) -> ReleaseDirectory {
        let fm = FileManager.default
        let target = target.standardizedFileURL
        var isDir: ObjCBool = false
        if fm.fileExists(atPath: target.path, isDirectory: &isDir) {
            let contents = (try? fm.contentsOfDirectory(atPath: target.path)) ?? ["?"]
            guard isDir.boolValue, contents.isEmpty else {
                throw .reject("out", "out.not-empty", "finns redan och är inte en tom mapp; välj en ny mapp för utlämnandet")
            }
        }
        let parent = target.deletingLastPathComponent()
        guard fm.fileExists(atPath: parent.path, isDirectory: &isDir), isDir.boolValue else {
            throw .reject("out", "out.parent-missing", "mappen som ska innehålla utlämnandet finns inte")
        }
        let staging = parent.appendingPathComponent(".\(target.lastPathComponent).tmp-\(UUID().uuidString)")
        let ticket: StagingTicket
        do { ticket = try store.beginStaging(staging) } catch { throw .store(error) }
        do {
            try fm.createDirectory(at: staging, withIntermediateDirectories: false)
            for f in files {
                let url = staging.appendingPathComponent(f.name)
                try f.write(to: url)
                let h = try FileHandle(forWritingTo: url)
                try h.synchronize()
                try h.close()
            }
        } catch {
            try? fm.removeItem(at: staging)
            store.endStaging(ticket)
            throw .reject("out", "out.not-writable", "det gick inte att skriva i mappen (\(parent.path))")
        }
        return ReleaseDirectory(staging: staging, target: target, ticket: ticket, store: store)
    }

    /// Renames the staged folder to the target (an empty target is replaced) and syncs the parent.
    func publish() throws(DiariumError) {
        // rename(2) replaces an empty directory and fails on one that is not (ENOTEMPTY): a
        // file put in the target meanwhile is never deleted.
        Self.sync(staging)
        guard rename(staging.path, target.path) == 0 else {
            let code = errno
            if code == ENOTEMPTY || code == EEXIST || code == ENOTDIR {
                throw .reject("out", "out.not-empty", "fick innehåll under tiden som utlämnandet förbereddes; inget skrevs, välj en ny mapp")
            }
            throw .reject("out", "out.not-writable", "mappen kunde inte skapas (\(String(cString: strerror(code)))); inget skrevs")
        }
        Self.sync(target.deletingLastPathComponent())
        store.endStaging(ticket)
    }

    static func sync(_ folder: URL) {
        let fd = open(folder.path, O_RDONLY)
        if fd >= 0 {
            fsync(fd)
            close(fd)
        }
    }

    func discard() {
        try? FileManager.default.removeItem(at: staging)
        store.endStaging(ticket)
    }
    func unpublish() { try? FileManager.default.removeItem(at: target) }
}
