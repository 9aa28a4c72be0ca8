public import DiariumModel
import DiariumRender
import DiariumRules
import DiariumStore
public import Foundation

/// Which cases `export sip` writes, and where.
public struct SIPExportRequest: Sendable {
    /// Case numbers (`RS 2026/0001`); when empty, the cases with a document registered in `from`…`to`.
    public var cases: [String]
    public var from: String?
    public var to: String?
    public var organisation: String?
    public var out: URL
    /// One stored ZIP per package instead of a folder.
    public var zip: Bool

    public init(cases: [String], from: String?, to: String?, organisation: String?, out: URL, zip: Bool) {
        self.cases = cases
        self.from = from
        self.to = to
        self.organisation = organisation
        self.out = out
        self.zip = zip
    }
}

/// One package written.
public struct SIPPackageSummary: Sendable, Codable, Hashable {
    public let id: String
    public let `case`: String
    public let path: String
    public let documents: Int
    public let files: Int
    public let bytes: Int64
}

public struct SIPExportResult: Sendable, Codable, Hashable {
    public let packages: [SIPPackageSummary]
}

extension Diarium {
    /// The software name and version the packages name as their creator.
    static let softwareVersion = "1.0.0"

    /// Writes one E-ARK SIP per case (ärende) for the e-archive: every registered document of the
    /// case, its record and its audit events, in full (secret details included; each marking an
    /// ERMS restriction). Reads the store only. Each package is written to `.tmp-<id>` in `out`
    /// and renamed when whole; an existing package of the same id is refused.
    public func exportSIP(_ request: SIPExportRequest, as principal: Principal, progress: (String) -> Void = { _ in }) throws(DiariumError) -> SIPExportResult {
        guard principal.holds(.registrator) || principal.holds(.admin) else {
            throw .denied(rule: "access.role", message: "du har inte behörighet att exportera till e-arkivet; det kräver rollen registrator eller administratör")
        }
        return try bound(to: principal).exportSIP(request, progress: progress)
    }

    func exportSIP(_ request: SIPExportRequest, progress: (String) -> Void) throws(DiariumError) -> SIPExportResult {
        let cases = try exportCases(request)
        let fm = FileManager.default
        // A run killed mid-package leaves its temp folder; nothing else is ever named so.
        if let leftovers = try? fm.contentsOfDirectory(atPath: request.out.path) {
            for name in leftovers where name.hasPrefix(".tmp-uuid-") { try? fm.removeItem(at: request.out.appendingPathComponent(name)) }
        }
        let storeID = try storeIdentity()
        // Every target is checked before the first is written: a refusal leaves nothing.
        var plans: [(CaseNumber, [StoredDocument], String)] = []
        for (number, docs) in cases {
            let id = SIPNames.packageID(["diarium-sip", storeID, number.description])
            let target = request.out.appendingPathComponent(request.zip ? id + ".zip" : id)
            if fm.fileExists(atPath: target.path) {
                throw .reject("out", "export.package-exists", "paketet \(target.lastPathComponent) för ärende \(number) finns redan i \(request.out.path); det skrivs inte över")
            }
            plans.append((number, docs, id))
        }
        do { try fm.createDirectory(at: request.out, withIntermediateDirectories: true) } catch {
            throw .reject("out", "export.out-not-writable", "mappen kan inte skapas: \(request.out.path)")
        }
        var summaries: [SIPPackageSummary] = []
        let related = try requestEventsByDocument()
        let plan = Dictionary(try stored { () throws(StoreError) in try store.planTypes() }.map { ($0.code, $0) }) { a, _ in a }
        // On every core, a slice at a time (most of a package's time is the file system's; the
        // cores create files side by side), the progress said in order after each slice.
        let slice = 64
        for start in stride(from: 0, to: plans.count, by: slice) {
            let part = Array(plans[start..<min(start + slice, plans.count)])
            let out = request.out, zip = request.zip
            let written = concurrently(part.count) { i throws(DiariumError) -> SIPPackageSummary in
                let (number, docs, id) = part[i]
                return try self.writePackage(try self.sipPackage(number, docs, id: id, related: related, plan: plan), to: out, zip: zip)
            }
            for (i, result) in written.enumerated() {
                let (number, docs, _) = part[i]
                progress("[\(start + i + 1)/\(plans.count)] \(number): \(docs.count) \(docs.count == 1 ? "handling" : "handlingar")")
                switch result {
                case .success(let summary): summaries.append(summary)
                case .failure(let error): throw error
                }
            }
        }
        // Every package is renamed into place whole (a killed run leaves none half-written); the
        // disk has them all once this returns.
        do throws(StoreError) { try ObjectStore.flushFileSystem(containing: request.out) } catch {
            throw .reject("out", "export.write-failed", "paketen kunde inte skrivas till disken i \(request.out.path): \(error)")
        }
        return SIPExportResult(packages: summaries)
    }

    /// The cases asked for with their documents, in number order; every one the principal's.
    func exportCases(_ request: SIPExportRequest) throws(DiariumError) -> [(CaseNumber, [StoredDocument])] {
        if let code = request.organisation {
            guard store.config.organisation(code) != nil else {
                throw .reject("organisation", "organisation.unknown", "organisationen \(code) finns inte i arkivets konfiguration")
            }
            try requireOrganisation(code)
        }
        var byCase: [CaseNumber: [StoredDocument]] = [:]
        if !request.cases.isEmpty {
            guard request.from == nil, request.to == nil else {
                throw .reject("case", "export.case-or-period", "ange antingen --case eller --from och --to, inte båda")
            }
            for text in request.cases {
                guard let n = CaseNumber(parsing: text) else {
                    throw .reject("case", "case-number.invalid", "\(text) är inget ärendenummer; skriv t.ex. RS 2026/0042")
                }
                let docs = try stored { () throws(StoreError) in try store.documents(inCase: n) }
                guard !docs.isEmpty else { throw .reject("case", "case.not-found", "ärendet \(n) finns inte i arkivet") }
                byCase[n] = docs
            }
        } else {
            guard let fromText = request.from, let toText = request.to else {
                throw .reject("case", "export.case-or-period", "ange ärenden med --case eller en period med --from och --to")
            }
            guard let from = CivilDate(parsing: fromText) else { throw .reject("from", "date.invalid", "ska vara ett datum ÅÅÅÅ-MM-DD") }
            guard let to = CivilDate(parsing: toText) else { throw .reject("to", "date.invalid", "ska vara ett datum ÅÅÅÅ-MM-DD") }
            guard from <= to else { throw .reject("to", "date-order.period", "ligger före från och med-datumet") }
            let zone = store.config.zone
            let all = try stored { () throws(StoreError) in try store.allDocuments() }
            var wanted = Set<CaseNumber>()
            for d in all where (from...to).contains(CivilDate(d.entry.registeredAt, in: zone)) { wanted.insert(d.entry.number.caseNumber) }
            for d in all where wanted.contains(d.entry.number.caseNumber) { byCase[d.entry.number.caseNumber, default: []].append(d) }
        }
        if let code = request.organisation { byCase = byCase.filter { $0.value.first?.entry.organisation.code == code } }
        guard !byCase.isEmpty else {
            throw .reject(request.cases.isEmpty ? "from" : "case", "export.no-cases",
                          "inget ärende har en handling registrerad under perioden\(request.organisation.map { " för \($0)" } ?? "")")
        }
        for docs in byCase.values { if let d = docs.first { try requireOrganisation(d.entry.organisation.code) } }
        return byCase.sorted { $0.key < $1.key }.map { ($0.key, $0.value.sorted { $0.entry.number.sequence < $1.entry.number.sequence }) }
    }

    /// What names this store for package ids: the hash of its first audit event (`store.init`),
    /// fixed for the store's life.
    func storeIdentity() throws(DiariumError) -> String {
        let first = try stored { () throws(StoreError) in try store.auditEvents(AuditFilter(action: "store.init", limit: 1)) }
        return first.first?.hash ?? store.config.organisations.map(\.organisationNumber.description).joined(separator: ",")
    }

    /// Gathers a case's files and events (read only).
    /// The request events (assessed, added) that name each document, read once per export: per
    /// package, the whole log was read again (`diarium bench --export`: quadratic in the cases).
    func requestEventsByDocument() throws(DiariumError) -> [String: [AuditRecord]] {
        let assessments = try stored { () throws(StoreError) in try store.auditEvents(AuditFilter(action: "request", limit: 100_000)) }
        var by: [String: [AuditRecord]] = [:]
        for r in assessments {
            guard let detail = try? JSONDecoder().decode([String: String].self, from: Data(r.detail.utf8)) else { continue }
            var named = Set<String>()
            if let d = detail["document"] { named.insert(d) }
            // "RS 2026/0001-1 RS 2026/0002-1": numbers joined by spaces, each with a space of its own.
            let words = (detail["documents"] ?? "").split(separator: " ").map(String.init)
            for i in stride(from: 0, to: words.count - 1, by: 1) where DocumentNumber(parsing: words[i] + " " + words[i + 1]) != nil {
                named.insert(words[i] + " " + words[i + 1])
            }
            for d in named { by[d, default: []].append(r) }
        }
        return by
    }

    func sipPackage(_ number: CaseNumber, _ docs: [StoredDocument], id: String, related byDocument: [String: [AuditRecord]],
                    plan: [String: PlanType]) throws(DiariumError) -> SIPPackage {
        var used = Set<String>()
        func unique(_ name: String) -> String {
            var n = name, i = 2
            let ext = (name as NSString).pathExtension, stem = (name as NSString).deletingPathExtension
            while !used.insert(n.lowercased()).inserted { n = "\(stem)-\(i).\(ext)"; i += 1 }
            return n
        }
        var documents: [SIPDocument] = []
        for d in docs {
            let en = d.entry
            let base = SIPNames.base(en.number)
            var files: [SIPFile] = []
            // A disposed document goes as its register record alone, with its disposal among its events.
            if d.disposal == nil {
                let original = try stored { () throws(StoreError) in try store.objects.read(en.file.sha256) }
                guard SHA256Hex.of(original) == en.file.sha256 else {
                    throw .store(.io("the archived file of \(en.number) does not match its hash; run `diarium verify`"))
                }
                files.append(SIPFile(path: "data/" + unique("\(base).\(SIPNames.fileExtension(name: en.file.name, mediaType: en.file.mediaType))"),
                                     data: original, mediaType: en.file.mediaType, description: "Handlingen (\(en.file.name))",
                                     format: SIPFormat.of(mediaType: en.file.mediaType, data: original)))
            }
            if d.disposal == nil, let regenerate = handling(d.kind).regenerate {
                let html = Data(try regenerate(d, .full, .html).utf8)
                files.append(SIPFile(path: "data/" + unique("\(base).html"), data: html, mediaType: "text/html",
                                     description: "Visningsformat (HTML) av handlingen", format: SIPFormat.of(mediaType: "text/html", data: html)))
            }
            if d.recordSHA256 != en.file.sha256 {
                let record = try stored { () throws(StoreError) in try store.objects.read(d.recordSHA256) }
                files.append(SIPFile(path: "data/" + unique("\(base)-registrering.xml"), data: record, mediaType: "application/xml",
                                     description: "Registreringsuppgifter (diarieblad)", format: SIPFormat.of(mediaType: "application/xml", data: record)))
            }
            let own = try stored { () throws(StoreError) in try store.auditEvents(AuditFilter(subject: en.number.description, limit: 10_000)) }
            let related = (byDocument[en.number.description] ?? []).filter { r in !own.contains { $0.id == r.id } }
            let events = (own + related).sorted { $0.id < $1.id }.map { r in
                sipEvent(r, document: en)
            }
            let restrictions = en.secrecy.map { m in (field: m.field.description, reference: legal.reference(m.provision), reason: m.reason) }
            let disposal = plan[en.documentType].map { t in
                let registered = store.today(en.registeredAt)
                return SIPDisposal(disposable: t.action == .dispose, rule: t.rule, period: t.action == .dispose ? t.retention?.description : nil,
                                   mandate: t.decision, start: t.retentionStart(registered: registered, documentDate: en.date),
                                   end: t.disposableOn(registered: registered, documentDate: en.date), disposed: d.disposal)
            }
            documents.append(SIPDocument(entry: en, kind: d.kind, files: files, events: events, restrictions: restrictions, disposal: disposal))
        }
        guard let first = docs.first?.entry else { throw .internalFault("case \(number) has no documents") }
        let org = first.organisation
        let archivist = org.hostedBy.flatMap { store.config.organisation($0) } ?? org
        return SIPPackage(id: id, caseNumber: number, caseTitle: first.caseTitle, organisation: org, archivist: archivist,
                          documents: documents, created: clock(), software: "Diarium", version: Self.softwareVersion,
                          storeName: "Diarium, \(org.name)")
    }

    func sipEvent(_ r: AuditRecord, document en: RegisterEntry) -> SIPEvent {
        let at = Timestamp.parse(r.at) ?? ISO8601DateFormatter().date(from: r.at) ?? en.registeredAt
        let (type, detail): (String, String) = switch r.action {
        case "register":
            en.direction == .incoming
                ? ("ingestion", "Inkommen handling \(en.number) registrerad i Diarium")
                : ("creation", "Handling \(en.number) upprättad och registrerad i Diarium")
        case "request.assess": ("appraisal", "Sekretessprövning av \(en.number) vid begäran \(r.subject ?? "")")
        case "request.add": ("metadata modification", "\(en.number) begärd ut i begäran \(r.subject ?? "")")
        case "dispose": ("deletion", "\(en.number) gallrad enligt informationshanteringsplanen; se gallringsprotokollet")
        default: ("metadata modification", "\(r.action) (\(en.number))")
        }
        return SIPEvent(id: "event-\(r.id)", type: type, at: at, detail: detail, agent: r.actor)
    }
}
