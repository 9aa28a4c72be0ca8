public import DiariumStore
import Foundation
import GRDB

extension SQLiteStore {
    /// Re-hashes every archived object, checks that every row points at an existing object,
    /// walks the audit chain, checks it against the signed heads of the anchor log, and compares
    /// the number series with the numbers used. Signatures are checked with `publicKey`, else
    /// with the store's key file; with neither, a notice says so and the rest is still checked.
    /// `publishedHeads` are heads printed by an earlier verify and kept outside the store.
    public func verify(publicKey: AnchorPublicKey? = nil, publishedHeads: [AnchorReport.Head] = []) throws(StoreError) -> VerifyReport {
        var report = VerifyReport()
        func damage(_ kind: String, _ subject: String, _ message: String) {
            report.damage.append(.init(kind: kind, subject: subject, message: message))
        }

        // The database first, the objects after: an object is written before its row commits,
        // so every row read here has its objects on disk by the time they are listed, even while
        // registrations go on.
        var referenced: [String: [(number: String, column: String)]] = [:]
        var disposedObjects: [String: [String]] = [:]
        // The anchor log's length before the database snapshot: see `checkAnchor`.
        let logLength = AnchorLog.size(of: anchorLogURL)
        try read { db in
            let rows = try Row.fetchAll(db, sql: """
                SELECT d.number, d.object_sha256, d.record_sha256, d.audit_event_id, a.id AS audit_id, x.document_id AS disposed
                FROM document d LEFT JOIN audit_event a ON a.id = d.audit_event_id LEFT JOIN disposal x ON x.document_id = d.id
                """)
            for r in rows {
                report.documentsChecked += 1
                let number: String = r["number"]
                // A disposed document's file is meant to be gone; its record stays.
                let disposed = (r["disposed"] as Int64?) != nil
                if disposed { disposedObjects[r["object_sha256"], default: []].append(number) }
                for column in disposed ? ["record_sha256"] : ["object_sha256", "record_sha256"] {
                    let sha: String = r[column]
                    referenced[sha, default: []].append((number, column))
                }
                if (r["audit_id"] as Int64?) == nil {
                    damage("document.audit-missing", number, "registreringens händelse i granskningsloggen saknas")
                }
            }
            let extra = try Row.fetchAll(db, sql: """
                SELECT d.number, p.input_sha256, p.data_sha256 FROM procurement p JOIN document d ON d.id = p.document_id
                """)
            let deviations = try Row.fetchAll(db, sql: """
                SELECT d.number, v.input_sha256 FROM deviation v JOIN document d ON d.id = v.document_id
                """)
            for r in deviations { referenced[r["input_sha256"], default: []].append((r["number"], "input_sha256")) }
            let reports = try Row.fetchAll(db, sql: """
                SELECT d.number, b.data_sha256 FROM board_report b JOIN document d ON d.id = b.document_id
                """)
            for r in reports { referenced[r["data_sha256"], default: []].append((r["number"], "board_sha256")) }
            // Requests for public documents: the input, each release's manifest and ZIP, each decision's data.
            let access = try Row.fetchAll(db, sql: """
                SELECT d.number, a.input_sha256 AS sha, 'request_sha256' AS what FROM access_request a JOIN document d ON d.id = a.document_id
                WHERE a.document_id NOT IN (SELECT document_id FROM disposal)
                UNION ALL
                SELECT d.number, r.manifest_sha256, 'release_sha256' FROM request_release r JOIN document d ON d.id = r.request_document_id
                UNION ALL
                SELECT d.number, r.archive_sha256, 'release_archive_sha256' FROM request_release r JOIN document d ON d.id = r.request_document_id
                WHERE r.archive_sha256 IS NOT NULL AND r.request_document_id NOT IN (SELECT document_id FROM disposal)
                UNION ALL
                SELECT d.number, x.data_sha256, 'decision_sha256' FROM access_decision x JOIN document d ON d.id = x.document_id
                UNION ALL
                SELECT 'inköpsfil ' || i.file, i.sha256, 'purchase_import_sha256' FROM purchase_import i
                UNION ALL
                SELECT d.number, g.data_sha256, 'disposal_record_sha256' FROM disposal_record g JOIN document d ON d.id = g.document_id
                """)
            for r in access { referenced[r["sha"], default: []].append((r["number"], r["what"])) }
            for r in try Row.fetchAll(db, sql: """
                SELECT d.number, a.input_sha256 AS sha FROM access_request a JOIN document d ON d.id = a.document_id
                JOIN disposal x ON x.document_id = a.document_id
                UNION ALL
                SELECT d.number, r.archive_sha256 FROM request_release r JOIN document d ON d.id = r.request_document_id
                JOIN disposal x ON x.document_id = r.request_document_id WHERE r.archive_sha256 IS NOT NULL
                """) { disposedObjects[r["sha"], default: []].append(r["number"]) }
            for r in extra {
                for column in ["input_sha256", "data_sha256"] {
                    referenced[r[column], default: []].append((r["number"], column))
                }
            }
            try checkRowsAgainstEvents(db, damage)
            try checkDisposals(db, damage)

            var previous = AuditChain.genesis
            var expectedID: Int64 = 1
            let events = try Row.fetchCursor(db, sql: "SELECT * FROM audit_event ORDER BY id")
            while let e = try events.next() {
                report.auditEventsChecked += 1
                let id: Int64 = e["id"]
                if id != expectedID {
                    damage("audit.gap", "händelse \(expectedID)", "händelser \(expectedID)–\(id - 1) saknas i granskningsloggen")
                }
                let stored: String = e["hash"]
                let linked: String = e["previous_hash"]
                if linked != previous {
                    damage("audit.broken-link", "händelse \(id)", "länken till föregående händelse stämmer inte (borttagen eller ändrad händelse)")
                }
                let recomputed = AuditChain.link(previous: linked, canonical: AuditChain.canonical(
                    id: id, at: e["at"], actor: e["actor"], action: e["action"], subject: e["subject"], detail: e["detail"]))
                if recomputed != stored {
                    damage("audit.altered", "händelse \(id)", "händelsens innehåll har ändrats efter att den skrevs")
                }
                previous = stored
                expectedID = id + 1
            }
            // AUTOINCREMENT never reuses an id, so a deleted newest event leaves the sequence
            // ahead of the last row.
            let sequence = try Int64.fetchOne(db, sql: "SELECT seq FROM sqlite_sequence WHERE name = 'audit_event'") ?? 0
            if sequence >= expectedID {
                damage("audit.truncated", "händelse \(sequence)", "de senaste händelserna i granskningsloggen har tagits bort")
            }
            let head = report.auditEventsChecked > 0 ? AnchorReport.Head(event: expectedID - 1, hash: previous) : nil
            let anchor = try checkAnchor(db, logLength: logLength, head: head, publicKey: publicKey)
            report.anchor = anchor.report
            report.damage += anchor.damage
            report.notices += anchor.notices
            report.damage += try checkPublished(publishedHeads, db)
            report.damage += try checkNumbering(db)
            let check = try String.fetchAll(db, sql: "PRAGMA quick_check")
            if check != ["ok"] {
                damage("database.integrity", Self.databaseName, check.prefix(5).joined(separator: "; "))
            }
        }

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
                            "disposal_record_sha256": "gallringsprotokollets underlag"][u.column] ?? u.column
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
        return report
    }

    /// Each disposal against the chain: a document marked disposed without its `dispose` event
    /// (a file hidden by editing the database) or an event whose document is not marked (a mark
    /// taken back) is damage, and so is text left in the internal search.
    private func checkDisposals(_ db: Database, _ damage: (String, String, String) -> Void) throws {
        let marked = Dictionary(try Row.fetchAll(db, sql: """
            SELECT d.number, r.number AS record FROM disposal x JOIN document d ON d.id = x.document_id
            LEFT JOIN document r ON r.id = x.record_document_id
            """).map { (($0["number"] as String), ($0["record"] as String?) ?? "") }) { a, _ in a }
        struct Detail: Decodable { let record: String? }
        var logged: [String: String] = [:]
        for e in try Row.fetchAll(db, sql: "SELECT subject, detail FROM audit_event WHERE action = 'dispose'") {
            let detail = try? JSONDecoder().decode(Detail.self, from: Data((e["detail"] as String? ?? "{}").utf8))
            logged[e["subject"] ?? "?"] = detail?.record ?? ""
        }
        for (number, record) in marked.sorted(by: { $0.key < $1.key }) where logged[number] != record {
            damage("disposal.unlogged", number, "handlingen är markerad som gallrad men gallringen finns inte så i granskningsloggen")
        }
        for number in logged.keys.sorted() where marked[number] == nil {
            damage("disposal.mark-missing", number, "handlingen gallrades enligt granskningsloggen men diarieposten är inte markerad som gallrad")
        }
        for number in try String.fetchAll(db, sql: """
            SELECT d.number FROM disposal x JOIN document d ON d.id = x.document_id JOIN search_internal s ON s.rowid = d.id
            WHERE s.content <> ''
            """) {
            damage("disposal.text-left", number, "den gallrade handlingens text finns kvar i den interna sökningen")
        }
    }

    /// Each registration's audit event records the document number, the hashes of its file and
    /// record and its number of markings: a row deleted, re-pointed or stripped of a marking
    /// after the fact no longer matches the chain, which is itself checked above.
    private func checkRowsAgainstEvents(_ db: Database, _ damage: (String, String, String) -> Void) throws {
        struct Detail: Decodable { let sha256: String?; let record: String?; let markings: String? }
        let events = try Row.fetchCursor(db, sql: """
            SELECT e.id, e.subject, e.detail, d.number, d.object_sha256, d.record_sha256,
                   (SELECT count(*) FROM secrecy_marking m WHERE m.document_id = d.id) AS markings
            FROM audit_event e LEFT JOIN document d ON d.audit_event_id = e.id
            WHERE e.action = 'register'
            """)
        while let e = try events.next() {
            let subject: String = e["subject"] ?? "?"
            guard let number: String = e["number"] else {
                damage("document.deleted", subject, "handlingen finns i granskningsloggen men saknas i diariet")
                continue
            }
            let detail = try? JSONDecoder().decode(Detail.self, from: Data((e["detail"] as String? ?? "{}").utf8))
            if number != subject || detail?.sha256 != e["object_sha256"] || detail?.record != e["record_sha256"] {
                damage("document.altered", number, "diarieposten stämmer inte med registreringens händelse i granskningsloggen")
            }
            if let m = detail?.markings, m != String(e["markings"] as Int) {
                damage("secrecy.markings-altered", number, "antalet sekretessmarkeringar stämmer inte med registreringen")
            }
        }
    }
}
