package import DiariumStore
import DiariumModel
import Foundation
import GRDB

/// The synthetic register of `diarium bench --backend` (DiariumBench, BenchBackends.swift):
/// documents written straight into the index, without the Kit, so that search can be measured
/// at a million documents without registering a million. Each document is the bench's
/// document `g` (the one `BenchData.registration(g)` would be: its case, register row, secrecy
/// markings and both full-text rows), drawn from the vocabulary the bench passes in.
///
/// Every choice is `BenchCorpusMix.mix(g, k)`, a function of the document's index alone, which
/// PostgreSQL's generator (DiariumPostgres, BenchCorpus.swift) computes in SQL with the same
/// integers: both backends get the same documents, word for word.
extension SQLiteStore {
    /// Adds generated documents until the register holds `total`; returns how many it added.
    /// `organisations` and `directions` go round by the document's index (BenchData's
    /// `i % 3`, `i % 4`); the other lists are picked from by `mix`. `passages` are runs of
    /// words: a document's file text is `templates.contentHead` and two of them.
    /// `templates` hold `{product}`, `{unit}`, `{kind}` (the kind's title form) and `{n}` (the
    /// document's index). Cases go to the years before this one, up to 900 000 a year, so that
    /// no generated number meets one the Kit gives out this year.
    package func fillBenchCorpus(
        upTo total: Int, organisations: [String], directions: [String], products: [String], units: [String],
        companies: [String], kinds: [(code: String, title: String, label: String)], handlers: [String], passages: [String],
        templates: (caseTitle: String, title: String, contentHead: String),
        markings: (content: (provision: String, reason: String), counterparty: (provision: String, reason: String, shown: String)),
        progress: (Int) -> Void
    ) throws(StoreError) -> Int {
        for list in [organisations, directions, products, units, companies, handlers, passages] where list.isEmpty {
            throw .database("bench corpus: an empty vocabulary list")
        }
        guard !kinds.isEmpty else { throw .database("bench corpus: no document kinds") }
        let caseTitle = try BenchCorpusTemplate(templates.caseTitle)
        let title = try BenchCorpusTemplate(templates.title)
        let head = try BenchCorpusTemplate(templates.contentHead)

        let (have, lastDocument, lastCase) = try read { db in
            (try Int.fetchOne(db, sql: "SELECT count(*) FROM document") ?? 0,
             try Int.fetchOne(db, sql: "SELECT coalesce(max(id), 0) FROM document") ?? 0,
             try Int.fetchOne(db, sql: "SELECT coalesce(max(id), 0) FROM \"case\"") ?? 0)
        }
        guard total > have else { return 0 }
        var prefixes: [String] = []
        for code in organisations {
            guard let o = config.organisation(code) else { throw .organisationNotFound(code) }
            prefixes.append(o.prefix)
        }
        let event = try writeStore { tx throws(StoreError) in
            try tx.appendAudit(AuditEvent(at: Date(), actor: "bench", action: "bench.corpus", subject: nil,
                                          detail: ["from": String(have), "to": String(total)]))
        }
        let baseYear = Calendar(identifier: .gregorian).component(.year, from: Date()) - 1
        let registration = DocumentKind.registration.rawValue
        let chunk = 20_000
        var start = have
        while start < total {
            let end = min(start + chunk, total)
            try writeStore { tx throws(StoreError) in
                try tx.sql { db in
                    let insertCase = try db.makeStatement(sql: """
                        INSERT INTO "case" (id, number, organisation, year, serial, title, opened_at, last_document_sequence)
                        VALUES (?, ?, ?, ?, ?, ?, ?, 1)
                        """)
                    let insertDocument = try db.makeStatement(sql: """
                        INSERT INTO document (id, number, case_id, sequence, kind, organisation, direction, date, registered_at,
                            registered_by, counterparty, title, public_title, document_type, handler, file_name, media_type, size,
                            object_sha256, record_sha256, audit_event_id)
                        VALUES (?, ?, ?, 1, ?, ?, ?, ?, ?, 'bench', ?, ?, NULL, ?, ?, ?, 'text/plain', ?, ?, ?, ?)
                        """)
                    let insertMarking = try db.makeStatement(sql: """
                        INSERT INTO secrecy_marking (document_id, field_path, provision, reason, marked_by, marked_at)
                        VALUES (?, ?, ?, ?, 'bench', ?)
                        """)
                    let insertPublic = try db.makeStatement(sql: """
                        INSERT INTO search_public (rowid, number, title, counterparty, case_title, document_type) VALUES (?, ?, ?, ?, ?, ?)
                        """)
                    let insertInternal = try db.makeStatement(sql: """
                        INSERT INTO search_internal (rowid, number, title, public_title, counterparty, case_title, document_type, handler, content)
                        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
                        """)
                    var lastSerial: [String: (prefix: String, year: Int, serial: Int)] = [:]
                    for g in start..<end {
                        let mix = { (k: Int) in BenchCorpusMix.mix(g, k) }
                        let o = g % organisations.count
                        let year = baseYear - g / 900_000, serial = g % 900_000 + 1
                        guard let caseNumber = CaseNumber(prefix: prefixes[o], year: year, serial: serial),
                              let number = DocumentNumber(caseNumber: caseNumber, sequence: 1) else {
                            throw StoreError.database("bench corpus: no number for document \(g) (\(prefixes[o]) \(year))")
                        }
                        let product = products[mix(1) % products.count], unit = units[mix(2) % units.count]
                        let company = companies[mix(3) % companies.count], kind = kinds[mix(4) % kinds.count]
                        let date = String(format: "%04d-%02d-%02d", year, 1 + mix(5) % 10, 1 + mix(6) % 28)
                        let at = date + "T12:00:00Z"
                        let secret = mix(7) % 10
                        let handler = handlers[mix(8) % handlers.count]
                        let slots = ["product": product, "unit": unit, "kind": kind.title, "n": String(g)]
                        let theTitle = title.fill(slots)
                        let theCaseTitle = caseTitle.fill(slots)
                        let content = head.fill(slots) + passages[mix(10) % passages.count] + " " + passages[mix(11) % passages.count]
                        let documentID = lastDocument + 1 + (g - have), caseID = lastCase + 1 + (g - have)
                        let hex = String(g, radix: 16)

                        try insertCase.execute(arguments: [caseID, caseNumber.description, organisations[o], year, serial, theCaseTitle, at])
                        try insertDocument.execute(arguments: [
                            documentID, number.description, caseID, registration, organisations[o], directions[g % directions.count],
                            date, at, company, theTitle, kind.code, handler, "\(g).txt", content.utf8.count,
                            String(repeating: "0", count: 64 - hex.count) + hex, String(repeating: "f", count: 64 - hex.count) + hex,
                            event.id,
                        ])
                        if secret == 0 {
                            try insertMarking.execute(arguments: [documentID, "content", markings.content.provision, markings.content.reason, at])
                        } else if secret == 1 {
                            try insertMarking.execute(arguments: [documentID, "counterparty", markings.counterparty.provision,
                                                                  markings.counterparty.reason, at])
                        }
                        try insertPublic.execute(arguments: [documentID, number.description, theTitle,
                                                             secret == 1 ? markings.counterparty.shown : company, theCaseTitle, kind.label])
                        try insertInternal.execute(arguments: [documentID, number.description, theTitle, theTitle, company, theCaseTitle,
                                                               kind.label, handler, content])
                        let key = "\(prefixes[o]) \(year)"
                        if serial > lastSerial[key]?.serial ?? 0 { lastSerial[key] = (prefixes[o], year, serial) }
                    }
                    // The number series go past every generated serial, as if the Kit had given them out.
                    for s in lastSerial.values {
                        try db.execute(sql: """
                            INSERT INTO number_series (prefix, year, last_serial) VALUES (?, ?, ?)
                            ON CONFLICT (prefix, year) DO UPDATE SET last_serial = max(last_serial, excluded.last_serial)
                            """, arguments: [s.prefix, s.year, s.serial])
                    }
                }
            }
            start = end
            progress(end - have)
        }
        return total - have
    }
}

/// The one choice function of both generators: a number in 0..<2147483647 from the document's
/// index `g` and the choice `k` (1 product, 2 unit, 3 counterparty, 4 kind, 5 month, 6 day,
/// 7 secrecy, 8 handler, 10 and 11 the passages). Squaring modulo a prime breaks the pattern a
/// linear step would leave between neighbouring documents; every intermediate stays below 2^62,
/// so SQLite and PostgreSQL compute it in 64-bit integers exactly as Swift does.
package enum BenchCorpusMix {
    package static func mix(_ g: Int, _ k: Int) -> Int {
        let p = 2_147_483_647
        let x = (g * 1_000_003 + k * 7919 + 12_345) % p
        return (x * x) % p * 48_271 % p
    }
}

/// A sentence with `{slot}`s, filled per document.
struct BenchCorpusTemplate {
    enum Part {
        case text(String)
        case slot(String)
    }

    static let slots: Set<String> = ["product", "unit", "kind", "n"]
    let parts: [Part]

    init(_ template: String) throws(StoreError) {
        var parts: [Part] = []
        var rest = Substring(template)
        while let open = rest.firstIndex(of: "{") {
            if open > rest.startIndex { parts.append(.text(String(rest[..<open]))) }
            guard let close = rest[open...].firstIndex(of: "}") else { throw .database("bench corpus: unclosed { in \(template)") }
            let name = String(rest[rest.index(after: open)..<close])
            guard Self.slots.contains(name) else { throw .database("bench corpus: unknown slot {\(name)} in \(template)") }
            parts.append(.slot(name))
            rest = rest[rest.index(after: close)...]
        }
        if !rest.isEmpty { parts.append(.text(String(rest))) }
        self.parts = parts
    }

    func fill(_ values: [String: String]) -> String {
        parts.map { part in
            switch part {
            case .text(let t): t
            case .slot(let name): values[name] ?? ""
            }
        }.joined()
    }
}
