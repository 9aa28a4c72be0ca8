public import DiariumModel
import DiariumRender
import DiariumRules
import DiariumXML
public import DiariumStore
public import Foundation

/// What a registration returns: the numbers staff use and the archived file's hash.
public struct Receipt: Sendable, Hashable, Codable {
    public let `case`: String
    public let document: String
    public let sha256: String
    /// For a registered file whose format has text that could not be read (a PDF without a
    /// text layer, an encrypted or damaged one): that it is registered without text in the
    /// internal search, and why. Nil when the text was read.
    public var textNote: String?
    /// For a file whose content contradicts its name: what it is instead (the media type
    /// recorded is the content's).
    public var formatNote: String?

    public init(case: String, document: String, sha256: String) {
        self.case = `case`
        self.document = document
        self.sha256 = sha256
    }
}

/// One registration: a file and its metadata.
public struct RegistrationRequest: Sendable {
    /// Where the file comes from: a path the CLI names (read in chunks from its place, so a file
    /// of hundreds of megabytes is never held whole), or bytes a face already holds (an upload).
    public enum Source: Sendable {
        case path(URL)
        case bytes(InputFile)
    }

    public let source: Source
    public let meta: Data

    public init(file: URL, meta: Data) {
        source = .path(file)
        self.meta = meta
    }

    public init(file: InputFile, meta: Data) {
        source = .bytes(file)
        self.meta = meta
    }
}

/// A registration that passed every check and waits for its number.
@_spi(Tools) public struct PreparedRegistration: Sendable {
    public let registration: Registration
    public let organisation: Organisation
    public let file: IncomingFile
    public var fileSHA256: String { file.sha256 }
}

extension Diarium {
    func register(file: URL, meta: Data) throws(DiariumError) -> Receipt {
        try register(RegistrationRequest(file: file, meta: meta))
    }

    func register(_ file: InputFile, meta: Data) throws(DiariumError) -> Receipt {
        try register(RegistrationRequest(file: file, meta: meta))
    }

    func register(_ request: RegistrationRequest) throws(DiariumError) -> Receipt {
        try ensureWritable()
        let prepared = try prepare(request)
        do {
            try prepared.file.archive(store.objects, durability: .immediate)
        } catch {
            throw .store(error)
        }
        return try commit([prepared], durability: .immediate)[0]
    }

    func registerBatch(_ requests: [RegistrationRequest], batchSize: Int = 1000,
                              progress: (Int) -> Void = { _ in }) throws(DiariumError) -> [Receipt] {
        try ensureWritable()
        let size = max(1, batchSize)
        var problems: [ValidationError] = []
        for start in stride(from: 0, to: requests.count, by: size) {
            let slice = requests[start..<min(start + size, requests.count)]
            for (offset, result) in prepareConcurrently(slice).enumerated() {
                if case .failure(let error) = result {
                    problems += error.problems.map { ValidationError(field: "[\(start + offset)].\($0.field)", rule: $0.rule, message: $0.message) }
                }
            }
        }
        guard problems.isEmpty else { throw .rejected(InputRejected(problems)) }
        var receipts: [Receipt] = []
        receipts.reserveCapacity(requests.count)
        for start in stride(from: 0, to: requests.count, by: size) {
            let slice = requests[start..<min(start + size, requests.count)]
            var batch: [PreparedRegistration] = []
            for result in prepareConcurrently(slice) {
                // A file changed between the passes is refused now; earlier batches stay registered.
                switch result {
                case .success(let p): batch.append(p)
                case .failure(let e): throw e
                }
            }
            do {
                for p in batch { try p.file.archive(store.objects, durability: .deferred) }
            } catch {
                throw .store(error)
            }
            receipts += try commit(batch, durability: .deferred)
            progress(start + batch.count)
        }
        return receipts
    }

    /// `prepare` for each request, on every core; results in request order.
    func prepareConcurrently(_ requests: ArraySlice<RegistrationRequest>) -> [Result<PreparedRegistration, DiariumError>] {
        let items = Array(requests)
        return concurrently(items.count) { i throws(DiariumError) in try self.prepare(items[i]) }
    }

    /// `body(i)` for i in 0..<count on every core; results in order.
    func concurrently<T: Sendable>(_ count: Int, _ body: @Sendable (Int) throws(DiariumError) -> T) -> [Result<T, DiariumError>] {
        let results = ResultSlots<T>(count: count)
        DispatchQueue.concurrentPerform(iterations: count) { i in
            results.set(i, Result { () throws(DiariumError) in try body(i) })
        }
        return results.values
    }

    /// Every check that needs no write: decoding, the rules, the organisation, the case, the file.
    @_spi(Tools) public func prepare(_ request: RegistrationRequest) throws(DiariumError) -> PreparedRegistration {
        var problems: [ValidationError] = []
        var registration: Registration?
        do { registration = try Registration.decode(request.meta) } catch { problems += error.errors }
        var organisation: Organisation?
        if let r = registration {
            // A type this process has not seen: the plan may have changed in another since it opened.
            if legal.documentType(r.documentType) == nil { try reloadPlan() }
            problems += RegistrationRules.check(r, legal: legal, today: today)
            organisation = store.config.organisation(r.organisation)
            if organisation != nil { try requireOrganisation(r.organisation) }
            if organisation == nil {
                problems.append(ValidationError(
                    field: "organisation", rule: "organisation.unknown",
                    message: "finns inte i konfigurationen; välj en av: \(store.config.organisations.map(\.code).joined(separator: ", "))"))
            }
            if let number = r.caseNumber {
                problems += try caseProblems(number, organisation: r.organisation) { RegistrationRules.revealsSecret($0, of: r) }
            }
        }
        // The file is read even when the metadata has problems, so that one run reports both.
        // Until the metadata says otherwise its content counts as secret: no quoting of it.
        let file: IncomingFile?
        let contentIsSecret = registration?.isSecret("content") ?? true
        do {
            switch request.source {
            case .path(let url): file = try FileIntake.read(url, contentIsSecret: contentIsSecret)
            case .bytes(let input): file = try FileIntake.read(input, contentIsSecret: contentIsSecret)
            }
        } catch {
            problems += error.problems
            file = nil
        }
        if let file, let r = registration, !r.isSecret("content"), RegistrationRules.revealsSecret(file.name, of: r) {
            // The file name is public unless the content is secret.
            problems.append(ValidationError(
                field: "file", rule: "secrecy.value-in-public-field",
                message: "filnamnet, som visas i det offentliga diariet, innehåller en uppgift som är sekretessmarkerad; byt namn på filen"))
        }
        guard problems.isEmpty, let registration, let organisation, let file else { throw .rejected(InputRejected(problems)) }
        return PreparedRegistration(registration: registration, organisation: organisation, file: file)
    }

    /// Numbers, renders, validates, archives and indexes `batch` in one transaction. The file
    /// objects are already written; `durability` says how the record objects are.
    /// `kind` names the document kind in the register; `afterInsert` adds rows of that kind in
    /// the same transaction (it gets the new document's id).
    func commit(_ batch: [PreparedRegistration], durability: Durability, kind: DocumentKind = .registration,
                afterInsert: ((Transaction, _ documentID: Int64, _ index: Int) throws(DiariumError) -> Void)? = nil) throws(DiariumError) -> [Receipt] {
        let now = clock()
        let year = store.today(now).year
        do throws(DiariumError) {
            return try store.write { (tx: Transaction) throws(DiariumError) in
                var receipts: [Receipt] = []
                for (i, p) in batch.enumerated() {
                    receipts.append(try registerOne(p, in: tx, at: now, year: year, durability: durability, kind: kind) { tx, id throws(DiariumError) in
                        try afterInsert?(tx, id, i)
                    })
                }
                if durability == .deferred {
                    do throws(StoreError) { try store.objects.flush() } catch { throw .store(error) }
                }
                return receipts
            }
        } catch {
            // The attempt reached the store: the rollback left no row and no number used, and the
            // log says that it happened (ids and hashes only: an error could name a secret).
            for p in batch {
                try? store.audit(AuditEvent(at: clock(), actor: actor, action: "register.failed", subject: nil,
                                            detail: ["sha256": p.fileSHA256, "error": error.auditKind]))
            }
            throw error
        }
    }

    func registerOne(_ p: PreparedRegistration, in tx: Transaction, at now: Date, year: Int, durability: Durability,
                             kind: DocumentKind, afterInsert: (Transaction, Int64) throws(DiariumError) -> Void) throws(DiariumError) -> Receipt {
        let r = p.registration
        try checkPlanType(r.documentType, tx)
        let caseRecord: CaseRecord
        if let number = r.caseNumber {
            caseRecord = try tx.existingCase(number)
        } else {
            guard let title = r.caseTitle else { throw .internalFault("a new case without a title passed decoding") }
            caseRecord = try tx.openCase(organisation: p.organisation, title: title, year: year, at: now)
        }
        let number = try tx.nextDocumentNumber(in: caseRecord)
        let entry = RegisterEntry(
            number: number, caseTitle: caseRecord.title, organisation: p.organisation, direction: r.direction,
            date: r.date, registeredAt: now, registeredBy: actor, counterparty: r.counterparty, title: r.title,
            publicTitle: r.isSecret("title") ? r.publicTitle : nil, documentType: r.documentType, handler: r.handler,
            file: ArchivedFile(name: p.file.name, mediaType: p.file.mediaType, size: p.file.size, sha256: p.fileSHA256),
            secrecy: r.secrecy)
        let xml: String
        do { xml = try renderer.registration(entry, for: .full, as: .xml) } catch { throw .setup(error.description) }
        try checkOwnXML(xml, schema: Self.recordSchema)
        let recordSHA: String
        do { recordSHA = try store.objects.put(Data(xml.utf8), durability: durability) } catch { throw .store(error) }
        let event = try tx.appendAudit(AuditEvent(
            at: now, actor: actor, action: "register", subject: number.description,
            detail: ["sha256": p.fileSHA256, "record": recordSHA, "markings": String(r.secrecy.count), "text": p.file.textSource.code]
                .merging(p.file.formatContradiction.map { _ in ["format": "contradicts-name"] } ?? [:]) { a, _ in a }
                .merging(p.file.ocrPages.map { ["ocr-pages": $0] } ?? [:]) { a, _ in a }))
        // A disposal may have deleted these very bytes (an earlier document's file) since they
        // were archived: checked under the write lock, which a disposal's deletion also holds.
        if !store.objects.contains(p.fileSHA256) {
            do { try p.file.archive(store.objects, durability: .immediate) } catch { throw .store(error) }
        }
        let id = try tx.insert(entry, kind: kind, caseID: caseRecord.id, recordSHA256: recordSHA,
                               search: searchText(entry, fileText: p.file.text), auditEventID: event.id)
        try afterInsert(tx, id)
        var receipt = Receipt(case: caseRecord.number.description, document: number.description, sha256: p.fileSHA256)
        switch p.file.textSource {
        case .none(let why): receipt.textNote = "Registrerad utan text i den interna sökningen: \(why)."
        case .ocr(let read, let pages):
            let part = read < pages ? " (de första \(read) av \(pages) sidorna)" : ""
            receipt.textNote = "Texten är tolkad med OCR (svenska)\(part) för den interna sökningen och kan innehålla feltolkningar."
        default: break
        }
        if let against = p.file.formatContradiction {
            receipt.formatNote = "Filens innehåll stämmer inte med namnet: \(against); registrerad som \(p.file.mediaType)."
        }
        return receipt
    }

    /// The index text of an entry: the public part from the public view, so a secret value
    /// cannot reach the public index even if a field is added later and forgotten here.
    @_spi(Tools) public func searchText(_ entry: RegisterEntry, fileText: String) -> SearchText {
        let pub = RegisterView(entry, for: .public, legal: legal)
        let typeLabel = legal.documentType(entry.documentType)?.label ?? entry.documentType
        return SearchText(
            public: .init(title: pub.publicTitle, counterparty: pub.counterparty?.text ?? "", caseTitle: pub.caseTitle,
                          documentType: typeLabel),
            internal: .init(title: entry.title, publicTitle: pub.publicTitle, counterparty: entry.counterparty ?? "",
                            caseTitle: entry.caseTitle, documentType: typeLabel, handler: entry.handler, content: fileText))
    }
}

extension Diarium {
    /// Refuses a write the store would refuse (an anchored store without its key) before any
    /// object is archived for it.
    func ensureWritable() throws(DiariumError) {
        do { try store.checkWritable() } catch { throw .store(error) }
    }
}

/// Slots filled from several threads, each exactly once.
private final class ResultSlots<T: Sendable>: @unchecked Sendable {
    private var slots: [Result<T, DiariumError>?]
    private let lock = NSLock()

    init(count: Int) { slots = Array(repeating: nil, count: count) }

    func set(_ i: Int, _ value: Result<T, DiariumError>) {
        lock.lock()
        slots[i] = value
        lock.unlock()
    }

    var values: [Result<T, DiariumError>] {
        slots.map { $0 ?? .failure(.internalFault("a registration was not prepared")) }
    }
}

extension Diarium {
    /// Registers an XML document Diarium drew up (a deviation report, a board report, a
    /// request, a decision) durably: archives `data` (the input or figures it is made again
    /// from) and the file, then numbers and indexes it in one transaction. `afterInsert` gets
    /// the new document's id and the hash of `data` and adds the rows of its kind.
    func registerDrawnUp(_ registration: Registration, organisation: Organisation, fileName: String, xml: String, kind: DocumentKind,
                         data: Data, afterInsert: @escaping (Transaction, _ documentID: Int64, _ dataSHA256: String) throws(DiariumError) -> Void) throws(DiariumError) -> Receipt {
        try ensureWritable()
        let fileData = Data(xml.utf8)
        let prepared = PreparedRegistration(
            registration: registration, organisation: organisation,
            file: IncomingFile(name: fileName, data: fileData, mediaType: "application/xml",
                               text: (try? HardenedXMLParser.parse(fileData).textContent()) ?? ""))
        let dataSHA: String
        do {
            dataSHA = try store.objects.put(data, durability: .immediate)
            try store.objects.put(fileData, sha256: prepared.fileSHA256, durability: .immediate)
        } catch { throw .store(error) }
        return try commit([prepared], durability: .immediate, kind: kind) { tx, id, _ throws(DiariumError) in try afterInsert(tx, id, dataSHA) }[0]
    }
}
