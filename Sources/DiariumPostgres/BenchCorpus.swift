package import DiariumStore
import DiariumModel
import Foundation

/// The synthetic register of `diarium bench --backend` on PostgreSQL: the documents of
/// SQLite's generator (DiariumSQLite, BenchCorpus.swift, which says what they are), made by the
/// server itself from `generate_series`, so that a million documents take minutes rather than a
/// million round trips. The choices are the same integers (`mix` below is
/// `BenchCorpusMix.mix` written in SQL), so both backends hold the same documents.
///
/// `terms` must hold what `PGSearchTerms.lexemes` makes of the row's columns, and the server's
/// own lower-casing and word splitting are the locale's, not Diarium's: every piece of text
/// (each list entry, each fixed part of a template, each passage) has its lexemes made here in
/// Swift, and a row's terms are the union of its pieces' (pieces meet at a space or a
/// punctuation mark, which `PGCorpusTemplate` checks). A sample of the rows made is checked
/// against `PGSearchTerms.lexemes` before the call returns.
extension PostgresStore {
    /// Adds generated documents until the register holds `total`; returns how many it added. As
    /// `SQLiteStore.fillBenchCorpus`. The full-text indexes are dropped for the load and built
    /// again after it (as a bulk load is done), and the tables analysed, as autovacuum would
    /// soon after such a load.
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
        let caseTitle = try PGCorpusTemplate(templates.caseTitle)
        let title = try PGCorpusTemplate(templates.title)
        let head = try PGCorpusTemplate(templates.contentHead)

        guard let counts = try rows("""
            SELECT (SELECT count(*) FROM document) AS have, (SELECT coalesce(max(id), 0) FROM document) AS last_document,
                   (SELECT coalesce(max(id), 0) FROM "case") AS last_case
            """).first else { return 0 }
        let have = Int(try counts["have"] as Int64)
        let lastDocument: Int64 = try counts["last_document"], lastCase: Int64 = try counts["last_case"]
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
        let lex = { (s: String) in PGSearchTerms.lexemes(s.precomposedStringWithCanonicalMapping).joined(separator: " ") }
        let nfc = { (list: [String]) in list.map(\.precomposedStringWithCanonicalMapping) }

        // One connection for the whole load: the temporary tables are its session's, and a load
        // that fails closes it, so that none of them is left to the next user of the pool.
        return try client.withConnection { c throws(StoreError) in
            do throws(StoreError) {
                try c.execute("""
                    CREATE TEMP TABLE bench_passage (i BIGINT PRIMARY KEY, text TEXT NOT NULL, bytes BIGINT NOT NULL, terms TSVECTOR NOT NULL)
                    """)
                let pool = nfc(passages)
                try c.execute("""
                    INSERT INTO bench_passage
                    SELECT n - 1, t, octet_length(t), array_to_tsvector(array_remove(string_to_array(l, ' '), ''))
                    FROM unnest(?::text[], ?::text[]) WITH ORDINALITY AS u(t, l, n)
                    """, [pool, pool.map(lex)])
                try c.execute("""
                    CREATE TEMP TABLE bench_gen (
                        g BIGINT PRIMARY KEY, doc_id BIGINT, case_id BIGINT, organisation TEXT, prefix TEXT, case_number TEXT,
                        number_lex TEXT, year BIGINT, serial BIGINT, date TEXT, at TEXT, direction TEXT,
                        product TEXT, product_lex TEXT, unit TEXT, unit_lex TEXT, company TEXT, company_lex TEXT,
                        kind TEXT, kind_title TEXT, kind_title_lex TEXT, kind_label TEXT, kind_label_lex TEXT,
                        handler TEXT, handler_lex TEXT, secret BIGINT, pa BIGINT, pb BIGINT)
                    """)
                let indexes = try c.query("""
                    SELECT indexname, indexdef FROM pg_indexes
                    WHERE schemaname = current_schema() AND indexname IN ('search_public_terms', 'search_internal_terms')
                    ORDER BY indexname
                    """)
                var definitions: [(name: String, sql: String)] = []
                for r in indexes { definitions.append((try r["indexname"], try r["indexdef"])) }
                try locked(c) { () throws(StoreError) in
                    for d in definitions { try c.execute("DROP INDEX \(d.name)") }
                }
                do throws(StoreError) {
                    var start = have
                    while start < total {
                        let end = min(start + 20_000, total)
                        try locked(c) { () throws(StoreError) in
                            try c.execute("TRUNCATE bench_gen")
                            var a = PGArguments()
                            let sql = """
                                INSERT INTO bench_gen
                                SELECT s.g, s.g + \(a(lastDocument + 1 - Int64(have), "bigint")), s.g + \(a(lastCase + 1 - Int64(have), "bigint")),
                                       (\(a(organisations, "text[]")))[s.o], (\(a(prefixes, "text[]")))[s.o],
                                       (\(a(prefixes, "text[]")))[s.o] || ' ' || s.year || '/' || s.serial_text,
                                       concat_ws(' ', (\(a(prefixes.map(lex), "text[]")))[s.o], s.year::text, s.serial_text, '1'),
                                       s.year, s.serial, s.date, s.date || 'T12:00:00Z', (\(a(directions, "text[]")))[1 + s.g % \(directions.count)],
                                       (\(a(nfc(products), "text[]")))[s.product], (\(a(products.map(lex), "text[]")))[s.product],
                                       (\(a(nfc(units), "text[]")))[s.unit], (\(a(units.map(lex), "text[]")))[s.unit],
                                       (\(a(nfc(companies), "text[]")))[s.company], (\(a(companies.map(lex), "text[]")))[s.company],
                                       (\(a(kinds.map(\.code), "text[]")))[s.kind],
                                       (\(a(nfc(kinds.map(\.title)), "text[]")))[s.kind], (\(a(kinds.map { lex($0.title) }, "text[]")))[s.kind],
                                       (\(a(nfc(kinds.map(\.label)), "text[]")))[s.kind], (\(a(kinds.map { lex($0.label) }, "text[]")))[s.kind],
                                       (\(a(nfc(handlers), "text[]")))[s.handler], (\(a(handlers.map(lex), "text[]")))[s.handler],
                                       s.secret, s.pa, s.pb
                                FROM (
                                    SELECT g, 1 + g % \(organisations.count) AS o, \(a(baseYear, "bigint")) - g / 900000 AS year, g % 900000 + 1 AS serial,
                                           CASE WHEN g % 900000 + 1 < 1000 THEN lpad((g % 900000 + 1)::text, 4, '0') ELSE (g % 900000 + 1)::text END AS serial_text,
                                           (\(a(baseYear, "bigint")) - g / 900000) || '-' || lpad((1 + \(mix(5)) % 10)::text, 2, '0')
                                               || '-' || lpad((1 + \(mix(6)) % 28)::text, 2, '0') AS date,
                                           1 + \(mix(1)) % \(products.count) AS product, 1 + \(mix(2)) % \(units.count) AS unit,
                                           1 + \(mix(3)) % \(companies.count) AS company, 1 + \(mix(4)) % \(kinds.count) AS kind,
                                           \(mix(7)) % 10 AS secret, 1 + \(mix(8)) % \(handlers.count) AS handler,
                                           \(mix(10)) % \(pool.count) AS pa, \(mix(11)) % \(pool.count) AS pb
                                    FROM generate_series(\(a(start, "bigint")), \(a(end - 1, "bigint"))) AS t(g)
                                ) s
                                """
                            try c.execute(sql, a.binds)
                            try c.execute("ANALYZE bench_gen")
                            try insertRows(c, caseTitle: caseTitle, title: title, head: head, markings: markings, event: event.id, lex: lex)
                        }
                        start = end
                        progress(end - have)
                    }
                } catch {
                    // The indexes come back whatever stopped the load: the store stays searchable.
                    try? locked(c) { () throws(StoreError) in
                        for d in definitions { try c.execute(d.sql.replacingOccurrences(of: "CREATE INDEX", with: "CREATE INDEX IF NOT EXISTS")) }
                    }
                    throw error
                }
                try locked(c) { () throws(StoreError) in
                    try c.execute("SET LOCAL maintenance_work_mem = '512MB'")
                    for d in definitions { try c.execute(d.sql) }
                    // Identity columns count on from the generated ids, as if the Kit had drawn them.
                    try c.execute("SELECT setval(pg_get_serial_sequence('document', 'id'), (SELECT max(id) FROM document))")
                    try c.execute("SELECT setval(pg_get_serial_sequence('\"case\"', 'id'), (SELECT max(id) FROM \"case\"))")
                }
                try c.execute("DROP TABLE bench_gen, bench_passage")
                try c.execute("VACUUM (ANALYZE) document, \"case\", secrecy_marking, search_public, search_internal, number_series")
                try checkTerms(c, ids: (0..<50).map { lastDocument + 1 + Int64((total - have - 1) * $0 / 49) })
                return total - have
            } catch {
                c.close()
                throw error
            }
        }
    }

    /// Runs `body` in a transaction holding the store's write locks, this process's and the
    /// database's, as every write does (`writePostgres`), on the load's own connection.
    private func locked(_ c: PGConnection, _ body: () throws(StoreError) -> Void) throws(StoreError) {
        writer.lock()
        defer { writer.unlock() }
        try c.execute("BEGIN")
        do throws(StoreError) {
            try c.execute("SELECT pg_advisory_xact_lock(?)", [Self.writeLock])
            try body()
            try c.execute("COMMIT")
        } catch {
            if (try? c.execute("ROLLBACK")) == nil { c.close() }
            throw error
        }
    }

    /// The chunk in `bench_gen` as cases, documents, markings and both full-text rows.
    private func insertRows(_ c: PGConnection, caseTitle: PGCorpusTemplate, title: PGCorpusTemplate, head: PGCorpusTemplate,
                            markings: (content: (provision: String, reason: String), counterparty: (provision: String, reason: String, shown: String)),
                            event: Int64, lex: (String) -> String) throws(StoreError) {
        let q = PGCorpusTemplate.quote
        let shown = markings.counterparty.shown.precomposedStringWithCanonicalMapping
        try c.execute("""
            INSERT INTO "case" (id, number, organisation, year, serial, title, opened_at, last_document_sequence)
            SELECT case_id, case_number, organisation, year, serial, \(caseTitle.text), at, 1 FROM bench_gen b ORDER BY g
            """)
        try c.execute("""
            INSERT INTO document (id, number, case_id, sequence, kind, organisation, direction, date, registered_at, registered_by,
                counterparty, title, public_title, document_type, handler, file_name, media_type, size, object_sha256, record_sha256,
                audit_event_id)
            SELECT b.doc_id, b.case_number || '-1', b.case_id, 1, \(q(DocumentKind.registration.rawValue)), b.organisation, b.direction,
                   b.date, b.at, 'bench', b.company, \(title.text), NULL, b.kind, b.handler, b.g || '.txt', 'text/plain',
                   octet_length(\(head.text)) + pa.bytes + 1 + pb.bytes, lpad(to_hex(b.g), 64, '0'), lpad(to_hex(b.g), 64, 'f'), \(event)
            FROM bench_gen b JOIN bench_passage pa ON pa.i = b.pa JOIN bench_passage pb ON pb.i = b.pb ORDER BY b.g
            """)
        try c.execute("""
            INSERT INTO secrecy_marking (document_id, field_path, provision, reason, marked_by, marked_at)
            SELECT doc_id, 'content', \(q(markings.content.provision)), \(q(markings.content.reason)), 'bench', at FROM bench_gen WHERE secret = 0
            UNION ALL
            SELECT doc_id, 'counterparty', \(q(markings.counterparty.provision)), \(q(markings.counterparty.reason)), 'bench', at
            FROM bench_gen WHERE secret = 1
            """)
        let counterparty = "CASE WHEN b.secret = 1 THEN \(q(shown)) ELSE b.company END"
        let counterpartyLex = "CASE WHEN b.secret = 1 THEN \(q(lex(shown))) ELSE b.company_lex END"
        func terms(_ pieces: [String]) -> String {
            "array_to_tsvector(array_remove(string_to_array(concat_ws(' ', \(pieces.joined(separator: ", "))), ' '), ''))"
        }
        try c.execute("""
            INSERT INTO search_public (document_id, number, title, counterparty, case_title, document_type, terms)
            SELECT b.doc_id, b.case_number || '-1', \(title.text), \(counterparty), \(caseTitle.text), b.kind_label,
                   \(terms(["b.number_lex", title.lexemes(lex), counterpartyLex, caseTitle.lexemes(lex), "b.kind_label_lex"]))
            FROM bench_gen b ORDER BY b.g
            """)
        // The passages' terms are made once (`bench_passage`) and merged per row: tsvectors
        // without positions concatenate to exactly `array_to_tsvector` of the union, and merging
        // three sorted lists costs a fraction of sorting the 130 lexemes of a text anew.
        try c.execute("""
            INSERT INTO search_internal (document_id, number, title, public_title, counterparty, case_title, document_type, handler, content, terms)
            SELECT b.doc_id, b.case_number || '-1', \(title.text), \(title.text), b.company, \(caseTitle.text), b.kind_label,
                   b.handler, \(head.text) || pa.text || ' ' || pb.text,
                   \(terms(["b.number_lex", title.lexemes(lex), title.lexemes(lex), "b.company_lex", caseTitle.lexemes(lex), "b.kind_label_lex",
                            "b.handler_lex", head.lexemes(lex)])) || pa.terms || pb.terms
            FROM bench_gen b JOIN bench_passage pa ON pa.i = b.pa JOIN bench_passage pb ON pb.i = b.pb ORDER BY b.g
            """)
        try c.execute("""
            INSERT INTO number_series (prefix, year, last_serial)
            SELECT prefix, year, max(serial) FROM bench_gen GROUP BY prefix, year
            ON CONFLICT (prefix, year) DO UPDATE SET last_serial = greatest(number_series.last_serial, excluded.last_serial)
            """)
    }

    /// The generated rows `ids` against `PGSearchTerms.lexemes`, as verify checks them
    /// (`PGVerifySource.databaseChecks`): a generator that put other lexemes in `terms` would
    /// measure another search than the Kit's.
    private func checkTerms(_ c: PGConnection, ids: [Int64]) throws(StoreError) {
        let wanted = Array(Set(ids)).map(String.init)
        for (table, columns) in [("search_public", ["number", "title", "counterparty", "case_title", "document_type"]),
                                 ("search_internal", ["number", "title", "public_title", "counterparty", "case_title", "document_type",
                                                      "handler", "content"])] {
            let found = try c.query("""
                SELECT document_id, \(columns.joined(separator: ", ")), to_json(tsvector_to_array(terms))::text AS lexemes,
                       terms <> array_to_tsvector(tsvector_to_array(terms)) AS decorated
                FROM \(table) WHERE document_id = ANY(?::text[]::bigint[])
                """, [wanted])
            guard found.count == wanted.count else {
                throw .database("bench corpus: \(wanted.count - found.count) generated rows missing from \(table)")
            }
            for r in found {
                var texts: [String?] = []
                for column in columns { texts.append(try r[column]) }
                let stored: [String]
                do { stored = try JSONDecoder().decode([String].self, from: Data((try r["lexemes"] as String).utf8)) } catch {
                    throw .database("bench corpus: \(table) terms do not read")
                }
                let decorated: Bool = try r["decorated"]
                if decorated || PGVerifySource.sorted(stored) != PGVerifySource.sorted(PGSearchTerms.lexemes(texts)) {
                    throw .database("bench corpus: \(table) row \(try r["document_id"] as Int64) has other terms than its columns make")
                }
            }
        }
    }

    /// `BenchCorpusMix.mix(g, k)` as SQL on the column `g`.
    private func mix(_ k: Int) -> String {
        let x = "((g * 1000003 + \(k * 7919 + 12_345)) % 2147483647)"
        return "((\(x) * \(x)) % 2147483647 * 48271 % 2147483647)"
    }
}

/// Statement arguments numbered as they are added (`$1::type`, …), so that every one is used and
/// typed however many the statement takes.
struct PGArguments {
    var binds: [any PGBindable] = []

    mutating func callAsFunction(_ value: any PGBindable, _ type: String) -> String {
        binds.append(value)
        return "$\(binds.count)::\(type)"
    }
}

/// A sentence with `{slot}`s (as SQLite's `BenchCorpusTemplate`) as two SQL expressions over a
/// `bench_gen` row `b`: its text, and its lexemes as one space-separated string.
struct PGCorpusTemplate {
    enum Part {
        case text(String)
        case slot(String)
    }

    /// Each slot's text column and lexeme column in `bench_gen`.
    static let columns: [String: (text: String, lexemes: String)] = [
        "product": ("b.product", "b.product_lex"), "unit": ("b.unit", "b.unit_lex"),
        "kind": ("b.kind_title", "b.kind_title_lex"), "n": ("b.g::text", "b.g::text"),
    ]
    let parts: [Part]

    init(_ template: String) throws(StoreError) {
        var parts: [Part] = []
        var rest = Substring(template.precomposedStringWithCanonicalMapping)
        while let open = rest.firstIndex(of: "{") {
            if open > rest.startIndex { parts.append(.text(String(rest[..<open]))) }
            guard let close = rest[open...].firstIndex(of: "}") else { throw .database("bench corpus: unclosed { in \(template)") }
            let name = String(rest[rest.index(after: open)..<close])
            guard Self.columns[name] != nil else { throw .database("bench corpus: unknown slot {\(name)} in \(template)") }
            parts.append(.slot(name))
            rest = rest[rest.index(after: close)...]
        }
        if !rest.isEmpty { parts.append(.text(String(rest))) }
        // The lexemes of the pieces are those of the whole only where the pieces meet between
        // words: a slot right against a letter or digit would make one word of two.
        let word = { (c: Character?) in c.map { $0.isLetter || $0.isNumber } ?? false }
        for (i, part) in parts.enumerated() {
            // Texts never follow texts: a part after a slot and a part before one meet it.
            let meets: Bool
            switch part {
            case .text(let t): meets = i > 0 && word(t.first) || i + 1 < parts.count && word(t.last)
            case .slot: meets = i + 1 < parts.count && { if case .slot = parts[i + 1] { true } else { false } }()
            }
            if meets { throw .database("bench corpus: a slot meets a word in \(template)") }
        }
        self.parts = parts
    }

    static func quote(_ s: String) -> String { "'" + s.replacingOccurrences(of: "'", with: "''") + "'" }

    var text: String {
        parts.map { part in
            switch part {
            case .text(let t): Self.quote(t)
            case .slot(let name): Self.columns[name]?.text ?? "''"
            }
        }.joined(separator: " || ")
    }

    func lexemes(_ lex: (String) -> String) -> String {
        let pieces = parts.map { part in
            switch part {
            case .text(let t): Self.quote(lex(t))
            case .slot(let name): Self.columns[name]?.lexemes ?? "''"
            }
        }
        return "concat_ws(' ', \(pieces.joined(separator: ", ")))"
    }
}
