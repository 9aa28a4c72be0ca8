import DiariumModel
import DiariumStore
import DiariumXML
import Foundation

extension Diarium {
    func verify(publicKey: AnchorPublicKey? = nil, publishedHeads: [AnchorHead] = []) throws(DiariumError) -> VerifyReport {
        var report: VerifyReport
        do { report = try store.verify(publicKey: publicKey, publishedHeads: publishedHeads) } catch { throw .store(error) }
        var v = Verifier(report: report)
        let documents: [StoredDocument]
        do { documents = try store.allDocuments() } catch { throw .store(error) }
        for d in documents { v.compareRecord(d, objects: store.objects) }
        try compareIndexes(documents, &v)
        try compareProcurements(&v)
        try compareDeviations(&v)
        try compareRequests(&v)
        try comparePurchases(&v)
        for folder in store.stagingLeftovers() {
            v.notice("release.staging-left", folder.path,
                     "ett avbrutet utlämnande lämnade den dolda mappen kvar; den innehåller inget som registrerats och kan tas bort")
        }
        return v.report
    }

    /// The search rows against the views they are made from: the public index must hold exactly
    /// what the public view shows (a value the view withholds there is a leak).
    private func compareIndexes(_ documents: [StoredDocument], _ v: inout Verifier) throws(DiariumError) {
        let byNumber = Dictionary(documents.map { ($0.entry.number.description, $0) }, uniquingKeysWith: { a, _ in a })
        for (table, label) in [(DerivedTable.searchPublic, "offentliga"), (.searchInternal, "interna")] {
            let rows: [VerifiedRow]
            do { rows = try store.derivedRows(table) } catch { throw .store(error) }
            var seen = Set<String>()
            for row in rows {
                guard let number = row["document"], let d = byNumber[number] else {
                    v.damage("search.orphan", "sökrad \(row["row"] ?? "?")", "det \(label) sökindexet har en rad utan handling i diariet")
                    continue
                }
                seen.insert(number)
                let text = searchText(d.entry, fileText: "")
                let expected: [String: String] = table == .searchPublic
                    ? ["number": number, "title": text.public.title, "counterparty": text.public.counterparty,
                       "case_title": text.public.caseTitle, "document_type": text.public.documentType]
                    : ["number": number, "title": text.internal.title, "public_title": text.internal.publicTitle,
                       "counterparty": text.internal.counterparty, "case_title": text.internal.caseTitle,
                       "document_type": text.internal.documentType, "handler": text.internal.handler]
                let differing = expected.keys.sorted().filter { (row[$0] ?? "") != expected[$0] }
                if !differing.isEmpty {
                    v.damage(table == .searchPublic ? "search.public-differs" : "search.internal-differs", number,
                             "det \(label) sökindexet stämmer inte med handlingens \(table == .searchPublic ? "offentliga vy" : "diariepost") (\(differing.joined(separator: ", ")))")
                }
            }
            for number in byNumber.keys.sorted() where !seen.contains(number) {
                v.damage("search.missing", number, "handlingen saknas i det \(label) sökindexet")
            }
        }
    }

    private func compareProcurements(_ v: inout Verifier) throws(DiariumError) {
        let rows: [VerifiedRow]
        do { rows = try store.derivedRows(.procurement) } catch { throw .store(error) }
        for row in rows {
            let number = row["document"] ?? "?"
            guard let dataSHA = row["data_sha256"], let recordData = try? store.objects.read(dataSHA),
                  let record = try? JSONDecoder().decode(ProcurementRecord.self, from: recordData),
                  let input = try? store.objects.read(record.inputSHA256), let p = try? DirectProcurement.decode(input) else {
                v.damage("procurement.input-unreadable", number, "upphandlingens arkiverade indata kan inte läsas")
                continue
            }
            var expected = procurementRowValues(p, record: record, dataSHA256: dataSHA)
            // Rows documented before the v4 migration have no supplier column.
            if row["supplier_orgnr"] == nil { expected.removeValue(forKey: "supplier_orgnr") }
            v.compare(row, expected, kind: "procurement.row-altered", subject: number, what: "upphandlingsposten", source: "dess arkiverade indata",
                      nullable: ["value_provision", "unit_provision"])
        }
    }

    private func compareDeviations(_ v: inout Verifier) throws(DiariumError) {
        let rows: [VerifiedRow]
        do { rows = try store.derivedRows(.deviation) } catch { throw .store(error) }
        for row in rows {
            let number = row["document"] ?? "?"
            guard let sha = row["input_sha256"], let input = try? store.objects.read(sha), let d = try? DeviationReport.decode(input) else {
                v.damage("deviation.input-unreadable", number, "avstegsrapportens arkiverade indata kan inte läsas")
                continue
            }
            var expected = ["organisation": d.organisation, "unit": d.unit, "type": d.type, "phase": d.phase.rawValue,
                            "reported_on": d.reportedOn.description]
            expected["procurement"] = d.procurement?.description
            expected["supplier_orgnr"] = d.supplier?.organisationNumber.description
            expected["estimated_value_ore"] = d.estimatedValue.map { String($0.ore) }
            v.compare(row, expected, kind: "deviation.row-altered", subject: number, what: "avstegsposten", source: "rapportens arkiverade indata",
                      nullable: ["procurement", "supplier_orgnr", "estimated_value_ore"])
        }
    }

    private func compareRequests(_ v: inout Verifier) throws(DiariumError) {
        let rows: [VerifiedRow]
        do { rows = try store.derivedRows(.accessRequest) } catch { throw .store(error) }
        // A disposed request's input is gone with it (the store's check says whether it is).
        for row in rows where row["disposed_at"] == nil {
            let number = row["document"] ?? "?"
            guard let sha = row["input_sha256"], let input = try? store.objects.read(sha), let r = try? AccessRequest.decode(input) else {
                v.damage("request.input-unreadable", number, "begärans arkiverade indata kan inte läsas")
                continue
            }
            let expected = ["organisation": r.organisation, "received_at": Timestamp.iso(r.receivedAt),
                            "received_on": store.today(r.receivedAt).description, "channel": r.channel.rawValue,
                            "format": r.format.rawValue, "anonymous": r.isAnonymous ? "1" : "0"]
            v.compare(row, expected, kind: "request.row-altered", subject: number, what: "begärans post", source: "begärans arkiverade indata")
        }
    }

    /// Each purchase row against the archived file it was imported from.
    private func comparePurchases(_ v: inout Verifier) throws(DiariumError) {
        let rows: [VerifiedRow], imports: [VerifiedRow]
        do {
            rows = try store.derivedRows(.purchase)
            imports = try store.derivedRows(.purchaseImport)
        } catch { throw .store(error) }
        let organisations = Set(store.config.organisations.map(\.code))
        var files: [String: [String: Purchase]] = [:]
        for i in imports {
            guard let sha = i["sha256"], files[sha] == nil else { continue }
            guard let data = try? store.objects.read(sha), SHA256Hex.of(data) == sha,
                  let purchases = try? LedgerFile.purchases(data, name: i["file"] ?? "", organisations: organisations) else {
                v.damage("purchase.import-unreadable", "inköpsfil \(i["file"] ?? "?")", "den arkiverade inköpsfilen saknas eller kan inte läsas")
                files[sha] = [:]
                continue
            }
            files[sha] = Dictionary(purchases.map { ($0.organisation + "\u{0}" + $0.reference, $0) }, uniquingKeysWith: { a, _ in a })
        }
        var perImport: [String: Int] = [:]
        var unarchived = 0
        for row in rows {
            let key = "\(row["organisation"] ?? "")\u{0}\(row["reference"] ?? "")"
            let subject = "inköp \(row["organisation"] ?? "?") \(row["reference"] ?? "?")"
            guard let sha = row["import_sha256"] else { unarchived += 1; continue }
            perImport[row["import_id"] ?? "", default: 0] += 1
            guard let file = files[sha] else { continue }
            guard let p = file[key] else {
                v.damage("purchase.not-in-import", subject, "inköpet finns inte i den inköpsfil det lästes in från")
                continue
            }
            let expected = ["unit": p.unit, "date": p.date.description, "fiscal_year": String(store.config.fiscalYear(of: p.date)),
                            "supplier": p.supplier, "supplier_orgnr": p.supplierOrgnr.description, "category": p.category.description,
                            "amount_ore": String(p.amount.ore)]
            v.compare(row, expected, kind: "purchase.row-altered", subject: subject, what: "inköpsposten", source: "den arkiverade inköpsfilen")
        }
        for i in imports where String(perImport[i["id"] ?? ""] ?? 0) != i["inserted"] {
            v.damage("purchase.rows-missing", "inköpsfil \(i["file"] ?? "?")",
                     "inläsningen lade till \(i["inserted"] ?? "?") inköp men \(perImport[i["id"] ?? ""] ?? 0) finns kvar")
        }
        if unarchived > 0 {
            v.notice("purchase.not-archived", "inköp", "\(unarchived) inköp lästes in innan inköpsfilerna arkiverades och kan inte jämföras med sin fil")
        }
    }
}

/// Collects findings as `verify` compares.
struct Verifier {
    var report: VerifyReport

    mutating func damage(_ kind: String, _ subject: String, _ message: String) {
        report.damage.append(.init(kind: kind, subject: subject, message: message))
    }

    mutating func notice(_ kind: String, _ subject: String, _ message: String) {
        report.notices.append(.init(kind: kind, subject: subject, message: message))
    }

    /// Damage naming the columns of `row` that differ from `expected` (never their values: a
    /// value may be secret). A column in `nullable` may be absent where nothing is expected.
    mutating func compare(_ row: VerifiedRow, _ expected: [String: String], kind: String, subject: String, what: String,
                          source: String, nullable: Set<String> = []) {
        var columns = Set(expected.keys)
        columns.formUnion(nullable)
        let differing = columns.sorted().filter { row[$0] != expected[$0] }
        if !differing.isEmpty {
            damage(kind, subject, "\(what) stämmer inte med \(source) (\(differing.joined(separator: ", ")))")
        }
    }

    /// Every register field against the archived record (diarieblad) it was registered with.
    mutating func compareRecord(_ d: StoredDocument, objects: any ObjectArchive) {
        guard let data = try? objects.read(d.recordSHA256), SHA256Hex.of(data) == d.recordSHA256,
              let record = try? HardenedXMLParser.parse(data) else { return } // reported by the store's check
        let e = d.entry
        func text(_ name: String) -> String? { record.elements(named: name).first?.text }
        func attribute(_ element: String, _ name: String) -> String? { record.elements(named: element).first?.attributes[name] }
        // The record's <title> elements: the case title comes first, the document's second; the
        // file's <name> is the only <name> after the organisation's.
        let titles = record.elements(named: "title").map(\.text)
        let names = record.elements(named: "name").map(\.text)
        let fields: [(String, String?, String?)] = [
            ("documentNumber", text("documentNumber"), e.number.description),
            ("case", attribute("case", "number"), e.number.caseNumber.description),
            ("caseTitle", titles.first, e.caseTitle),
            ("organisation", attribute("organisation", "code"), e.organisation.code),
            ("direction", attribute("direction", "code"), e.direction.rawValue),
            ("date", text("date"), e.date.description),
            ("registeredAt", text("registeredAt"), Timestamp.iso(e.registeredAt)),
            ("registeredBy", text("registeredBy"), e.registeredBy),
            ("counterparty", text("counterparty"), e.counterparty),
            ("title", titles.count > 1 ? titles.last : nil, e.title),
            // A public title is kept only for a marked title; otherwise the title is the public one.
            ("publicTitle", text("publicTitle"), e.marking(for: "title") == nil ? (e.publicTitle == nil ? e.title : nil) : e.publicTitle),
            ("documentType", attribute("documentType", "code"), e.documentType),
            ("handler", text("handler"), e.handler),
            ("fileName", names.last, e.file.name),
            ("mediaType", attribute("file", "mediaType"), e.file.mediaType),
            ("size", attribute("file", "size"), String(e.file.size)),
            ("sha256", text("sha256"), e.file.sha256),
        ]
        let differing = fields.filter { $0.1 != $0.2 }.map(\.0)
        if !differing.isEmpty {
            damage("document.altered", e.number.description,
                   "diarieposten stämmer inte med det arkiverade diariebladet (\(differing.joined(separator: ", ")))")
        }
        let markings = Set(record.elements(named: "marking").map { "\($0.attributes["field"] ?? "")=\($0.attributes["provision"] ?? "")" })
        if markings != Set(e.secrecy.map { "\($0.field)=\($0.provision)" }) {
            damage("secrecy.markings-altered", e.number.description, "sekretessmarkeringarna stämmer inte med det arkiverade diariebladet")
        }
    }
}
