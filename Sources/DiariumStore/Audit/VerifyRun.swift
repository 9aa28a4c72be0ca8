package import Foundation

// `verify`'s rules, the same for every backend: a backend reads its index through
// `VerifySource` (its own SQL, in one snapshot) and `VerifyRun` turns what it read into the
// report, so that SQLite and PostgreSQL find exactly the same damage in the same order.

/// One register row as verify reads it.
package struct VerifyDocument: Sendable {
    package var number: String
    package var objectSHA256: String
    package var recordSHA256: String
    /// Whether the audit event the row points at exists.
    package var hasAuditEvent: Bool
    /// Whether the document is disposed of (its file is meant to be gone, its record stays).
    package var disposed: Bool

    package init(number: String, objectSHA256: String, recordSHA256: String, hasAuditEvent: Bool, disposed: Bool) {
        self.number = number
        self.objectSHA256 = objectSHA256
        self.recordSHA256 = recordSHA256
        self.hasAuditEvent = hasAuditEvent
        self.disposed = disposed
    }
}

/// An archived object a row points at: `number` names the row (a document number, or
/// `inköpsfil FILE`), `column` what the object is to it.
package struct VerifyReference: Sendable {
    package var sha256: String
    package var number: String
    package var column: String

    package init(sha256: String, number: String, column: String) {
        self.sha256 = sha256
        self.number = number
        self.column = column
    }
}

/// A `register` event and the register row that points at it (nil: none does).
package struct VerifyRegistration: Sendable {
    package struct Row: Sendable {
        package var number: String
        package var objectSHA256: String
        package var recordSHA256: String
        /// How many secrecy markings the document has now.
        package var markings: Int

        package init(number: String, objectSHA256: String, recordSHA256: String, markings: Int) {
            self.number = number
            self.objectSHA256 = objectSHA256
            self.recordSHA256 = recordSHA256
            self.markings = markings
        }
    }

    package var subject: String?
    package var detail: String?
    package var row: Row?

    package init(subject: String?, detail: String?, row: Row?) {
        self.subject = subject
        self.detail = detail
        self.row = row
    }
}

/// What `verify` reads from a backend's index, all within one snapshot. Methods throw whatever
/// the backend's reads throw; `VerifyRun` passes it on.
package protocol VerifySource {
    /// Every register row.
    func documents() throws -> [VerifyDocument]
    /// The archived objects the other rows point at, in this order: each deviation's input, each
    /// board report's data, the requests' inputs (of requests not disposed of), releases'
    /// manifests and archives (not disposed of), decisions' data, purchase imports' files and
    /// disposal records' data, then each procurement's input and data.
    func references() throws -> [VerifyReference]
    /// The objects of disposed requests (their inputs and release archives), meant to be gone
    /// (`column` is not used).
    func disposedReferences() throws -> [VerifyReference]
    /// Every `register` event with the row that points at it, in the chain's order.
    func registrations(_ each: (VerifyRegistration) throws -> Void) throws
    /// Each disposal's document number and the number of the disposal record it names (nil when
    /// that record is not in the register).
    func disposalMarks() throws -> [(number: String, record: String?)]
    /// Each `dispose` event's subject and detail.
    func disposeEvents() throws -> [(subject: String?, detail: String?)]
    /// The numbers of disposed documents whose text is still in the internal search.
    func disposedWithText() throws -> [String]
    /// Every audit event, oldest first.
    func auditEvents(_ each: (AuditRecord) throws -> Void) throws
    /// The highest event id the store ever handed out, when the backend keeps one apart from
    /// the rows (SQLite's AUTOINCREMENT sequence): a deleted newest event leaves it ahead.
    func auditSequence() throws -> Int64?
    /// The store's anchor row (`store_anchor`), nil when it is not anchored.
    func anchorRow() throws -> (storeID: String, publicKey: String)?
    /// The stored hashes of those of `events` that exist.
    func auditHashes(_ events: [Int64]) throws -> [Int64: String]
    /// How many events there are after `event`.
    func auditEventCount(after event: Int64) throws -> Int
    /// Each number series' last serial.
    func numberSeries() throws -> [(series: VerifyNumbering.Series, lastSerial: Int)]
    /// The cases of each series, by the prefix their numbers show.
    func caseSeriesUsage() throws -> [(series: VerifyNumbering.Series, usage: VerifyNumbering.Usage)]
    /// The serials of a series' cases, in order.
    func caseSerials(_ series: VerifyNumbering.Series) throws -> [Int]
    /// The cases whose documents are not exactly 1…last, by number (binary order).
    func casesOutOfLine() throws -> [VerifyNumbering.CaseUsage]
    /// The sequences of a case's documents, in order.
    func documentSequences(caseID: Int64) throws -> [Int]
    /// The backend's own checks of its database, last (SQLite's integrity check, PostgreSQL's
    /// full-text terms): damage found.
    func databaseChecks() throws -> [VerifyReport.Finding]
}

/// One run of `verify`: created before the backend's snapshot (it takes the anchor log's
/// length), fed the snapshot by `checkIndex`, then the archive by `checkObjects`.
///
/// The database first, the objects after: an object is written before its row commits, so
/// every row read in the snapshot has its objects on disk by the time they are listed, even
/// while registrations go on.
package struct VerifyRun {
    package private(set) var report = VerifyReport()
    private let anchor: VerifyAnchor
    private let publishedHeads: [AnchorReport.Head]
    private var referenced: [String: [(number: String, column: String)]] = [:]
    private var disposedObjects: [String: [String]] = [:]

    /// `logURL` is the store's anchor log, `storeName` the store folder's name, `signingKey` the
    /// store's key file as loaded, `publicKey` one given by the user; `publishedHeads` are heads
    /// printed by an earlier verify and kept outside the store.
    package init(logURL: URL, storeName: String, signingKey: Result<AnchorKey, KeyProblem>, publicKey: AnchorPublicKey?,
                 publishedHeads: [AnchorReport.Head]) {
        // The anchor log's length before the database snapshot: see `VerifyAnchor.check`.
        anchor = VerifyAnchor(logURL: logURL, logLength: AnchorLog.size(of: logURL), storeName: storeName,
                              signingKey: signingKey, given: publicKey)
        self.publishedHeads = publishedHeads
    }

    private mutating func damage(_ kind: String, _ subject: String, _ message: String) {
        report.damage.append(.init(kind: kind, subject: subject, message: message))
    }

    private mutating func refer(_ sha: String, _ number: String, _ column: String) {
        referenced[sha, default: []].append((number, column))
    }

    /// Everything that is checked in the database, read through `source` in one snapshot.
    package mutating func checkIndex(_ source: some VerifySource) throws {
        for d in try source.documents() {
            report.documentsChecked += 1
            // A disposed document's file is meant to be gone; its record stays.
            if d.disposed {
                disposedObjects[d.objectSHA256, default: []].append(d.number)
            } else {
                refer(d.objectSHA256, d.number, "object_sha256")
            }
            refer(d.recordSHA256, d.number, "record_sha256")
            if !d.hasAuditEvent {
                damage("document.audit-missing", d.number, "registreringens händelse i granskningsloggen saknas")
            }
        }
        for r in try source.references() { refer(r.sha256, r.number, r.column) }
        for r in try source.disposedReferences() { disposedObjects[r.sha256, default: []].append(r.number) }
        try checkRowsAgainstEvents(source)
        try checkDisposals(source)

        var previous = AuditChain.genesis
        var expectedID: Int64 = 1
        try source.auditEvents { e in
            report.auditEventsChecked += 1
            if e.id != expectedID {
                damage("audit.gap", "händelse \(expectedID)", "händelser \(expectedID)–\(e.id - 1) saknas i granskningsloggen")
            }
            if e.previousHash != previous {
                damage("audit.broken-link", "händelse \(e.id)", "länken till föregående händelse stämmer inte (borttagen eller ändrad händelse)")
            }
            let recomputed = AuditChain.link(previous: e.previousHash, canonical: AuditChain.canonical(
                id: e.id, at: e.at, actor: e.actor, action: e.action, subject: e.subject, detail: e.detail))
            if recomputed != e.hash {
                damage("audit.altered", "händelse \(e.id)", "händelsens innehåll har ändrats efter att den skrevs")
            }
            // An imported plan is archived as an object its event names (disposal keeps it too).
            if e.action == "plan.import", let data = e.detail.data(using: .utf8),
               let sha = (try? JSONDecoder().decode([String: String].self, from: data))?["sha256"] {
                refer(sha, "händelse \(e.id)", "plan_sha256")
            }
            previous = e.hash
            expectedID = e.id + 1
        }
        // An id sequence that never reuses an id is ahead of the last row once the newest
        // events are deleted.
        if let sequence = try source.auditSequence(), sequence >= expectedID {
            damage("audit.truncated", "händelse \(sequence)", "de senaste händelserna i granskningsloggen har tagits bort")
        }
        let head = report.auditEventsChecked > 0 ? AnchorReport.Head(event: expectedID - 1, hash: previous) : nil
        let anchored = try anchor.check(source, head: head)
        report.anchor = anchored.report
        report.damage += anchored.damage
        report.notices += anchored.notices
        report.damage += try VerifyAnchor.checkPublished(publishedHeads, source)
        report.damage += try VerifyNumbering.check(source)
        report.damage += try source.databaseChecks()
    }

    /// Each registration's audit event records the document number, the hashes of its file and
    /// record and its number of markings: a row deleted, re-pointed or stripped of a marking
    /// after the fact no longer matches the chain, which is itself checked.
    /// What a `register` event's detail records of its row.
    private struct RegistrationDetail: Decodable { let sha256: String?; let record: String?; let markings: String? }
    /// What a `dispose` event's detail records: the disposal record's number.
    private struct DisposalDetail: Decodable { let record: String? }

    private mutating func checkRowsAgainstEvents(_ source: some VerifySource) throws {
        try source.registrations { e in
            let subject = e.subject ?? "?"
            guard let row = e.row else {
                damage("document.deleted", subject, "handlingen finns i granskningsloggen men saknas i diariet")
                return
            }
            let detail = try? JSONDecoder().decode(RegistrationDetail.self, from: Data((e.detail ?? "{}").utf8))
            if row.number != subject || detail?.sha256 != row.objectSHA256 || detail?.record != row.recordSHA256 {
                damage("document.altered", row.number, "diarieposten stämmer inte med registreringens händelse i granskningsloggen")
            }
            if let m = detail?.markings, m != String(row.markings) {
                damage("secrecy.markings-altered", row.number, "antalet sekretessmarkeringar stämmer inte med registreringen")
            }
        }
    }

    /// Each disposal against the chain: a document marked disposed without its `dispose` event
    /// (a file hidden by editing the database) or an event whose document is not marked (a mark
    /// taken back) is damage, and so is text left in the internal search.
    private mutating func checkDisposals(_ source: some VerifySource) throws {
        let marked = Dictionary(try source.disposalMarks().map { ($0.number, $0.record ?? "") }) { a, _ in a }
        var logged: [String: String] = [:]
        for e in try source.disposeEvents() {
            let detail = try? JSONDecoder().decode(DisposalDetail.self, from: Data((e.detail ?? "{}").utf8))
            logged[e.subject ?? "?"] = detail?.record ?? ""
        }
        for (number, record) in marked.sorted(by: { $0.key < $1.key }) where logged[number] != record {
            damage("disposal.unlogged", number, "handlingen är markerad som gallrad men gallringen finns inte så i granskningsloggen")
        }
        for number in logged.keys.sorted() where marked[number] == nil {
            damage("disposal.mark-missing", number, "handlingen gallrades enligt granskningsloggen men diarieposten är inte markerad som gallrad")
        }
        for number in try source.disposedWithText() {
            damage("disposal.text-left", number, "den gallrade handlingens text finns kvar i den interna sökningen")
        }
    }

    /// Re-hashes every archived object and matches the archive with the rows read by `checkIndex`.
    package mutating func checkObjects(_ objects: any ObjectArchive) {
        let inventory = objects.inventory()
        var present = Set<String>()
        for sha in inventory.objects {
            report.objectsChecked += 1
            let actual = (try? SHA256Hex.ofFile(at: objects.url(for: sha))) ?? "unreadable"
            if actual == sha { present.insert(sha) } else {
                damage("object.altered", sha, "arkivobjektets innehåll stämmer inte med dess kontrollsumma (ändrat eller skadat)")
            }
        }
        for t in inventory.temporary {
            report.notices.append(.init(kind: "object.temporary", subject: t.lastPathComponent,
                                        message: "tillfällig fil från en avbruten skrivning; kan tas bort"))
        }
        for f in inventory.foreign {
            damage("object.foreign", f.path, "fil i arkivet som inte är ett arkivobjekt")
        }
        for (sha, users) in referenced.sorted(by: { $0.key < $1.key }) where !present.contains(sha) {
            for u in users {
                let what = ["object_sha256": "den arkiverade filen", "record_sha256": "diarieblad (XML)",
                            "input_sha256": "upphandlingens indata", "data_sha256": "upphandlingens kontrollresultat",
                            "board_sha256": "uppföljningsrapportens underlag", "request_sha256": "begärans indata",
                            "release_sha256": "förteckningen över ett utlämnande", "decision_sha256": "beslutets underlag",
                            "purchase_import_sha256": "den inlästa inköpsfilen",
                            "disposal_record_sha256": "gallringsprotokollets underlag",
                            "plan_sha256": "den inlästa informationshanteringsplanen"][u.column] ?? u.column
                damage("document.object-missing", u.number, "\(what) \(sha) saknas eller är skadad")
            }
        }
        for sha in present.subtracting(referenced.keys).sorted() {
            if let numbers = disposedObjects[sha] {
                for number in numbers {
                    report.notices.append(.init(kind: "disposal.object-left", subject: number,
                                                message: "den gallrade handlingens fil finns kvar i arkivet (en avbruten gallring); kör `diarium disposal run` igen för att slutföra"))
                }
                continue
            }
            report.notices.append(.init(kind: "object.unreferenced", subject: sha,
                                        message: "arkivobjekt som ingen post pekar på (t.ex. efter en avbruten registrering)"))
        }
    }
}
