@_spi(Tools) import DiariumKit
import DiariumModel
import DiariumPostgres
import DiariumSQLite
import DiariumStore
import Foundation

/// What the backends' generators (`fillBenchCorpus`, DiariumSQLite's and DiariumPostgres's
/// BenchCorpus.swift) make the generated documents of: `BenchData`'s vocabulary, and the index
/// text the Kit makes of it (the document types' labels, a marked counterparty as the public
/// index shows it), so that the bench's queries hit generated documents as they hit registered
/// ones.
struct CorpusVocabulary {
    /// By the document's index, as `BenchData.registration(i)` takes them (`i % 3`, `i % 4`).
    let organisations = ["RV", "RS", "RS"]
    let directions = [Direction.outgoing, .incoming, .incoming, .incoming].map(\.rawValue)
    let products = BenchData.products.map(\.precomposedStringWithCanonicalMapping)
    let units = BenchData.units.map(\.precomposedStringWithCanonicalMapping)
    let companies = BenchData.companies.map(\.precomposedStringWithCanonicalMapping)
    /// Each kind's code, the form a title starts with, and its label in the index.
    let kinds: [(code: String, title: String, label: String)]
    let handlers: [String]
    /// Runs of `BenchData.word()`, two to a document's file text: 20–99 words each, so that a
    /// text has 40–198 words as a registered one has 40–199. A pool rather than words drawn per
    /// document, so that PostgreSQL makes a million texts in seconds; each passage is shared
    /// by about 2 × documents / 4096 texts, each pair by one or two.
    let passages: [String]
    /// The sentences `BenchData.registration` writes (its `caseTitle`, `title` and the start
    /// of the file's text).
    let templates = (caseTitle: "Direktupphandling av {product}, {unit}", title: "{kind} avseende {product} till {unit} nr {n}",
                     contentHead: "Ärende om {product} för {unit}. ")
    let markings: (content: (provision: String, reason: String), counterparty: (provision: String, reason: String, shown: String))

    static let passageCount = 4096

    /// The vocabulary, with its index texts as `diarium` makes them.
    init(_ diarium: Diarium) throws {
        // The handlers and the markings stand inline in `BenchData.registration`: read back from
        // what it writes.
        var data = BenchData()
        var handlers = Set<String>()
        var content: (provision: String, reason: String)?
        var counterparty: (provision: String, reason: String)?
        for i in 0..<1000 {
            let meta = try JSONSerialization.jsonObject(with: data.registration(i).meta) as? [String: Any] ?? [:]
            if let h = meta["handler"] as? String { handlers.insert(h.precomposedStringWithCanonicalMapping) }
            for m in meta["secrecy"] as? [[String: String]] ?? [] {
                guard let provision = m["provision"], let reason = m["reason"] else { continue }
                if m["field"] == "content" { content = (provision, reason) }
                if m["field"] == "counterparty" { counterparty = (provision, reason) }
            }
        }
        guard let content, let counterparty, !handlers.isEmpty else {
            throw DiariumError.internalFault("BenchData wrote no handler or no secrecy marking in 1000 documents")
        }
        self.handlers = handlers.sorted()

        // The index text of a sample entry per kind, as registration makes it.
        guard let organisation = diarium.store.config.organisation("RS"),
              let caseNumber = CaseNumber(prefix: organisation.prefix, year: 2026, serial: 1),
              let number = DocumentNumber(caseNumber: caseNumber, sequence: 1),
              let date = CivilDate(year: 2026, month: 1, day: 1) else {
            throw DiariumError.internalFault("no sample entry for the bench corpus")
        }
        func index(kind: String, secrecy: [SecrecyMarking]) -> SearchText {
            diarium.searchText(RegisterEntry(
                number: number, caseTitle: "", organisation: organisation, direction: .incoming, date: date, registeredAt: Date(),
                registeredBy: "bench", counterparty: BenchData.companies[0], title: "", publicTitle: nil, documentType: kind,
                handler: "", file: ArchivedFile(name: "0.txt", mediaType: "text/plain", size: 0, sha256: String(repeating: "0", count: 64)),
                secrecy: secrecy), fileText: "")
        }
        kinds = BenchData.kinds.map { kind in
            (kind, kind.capitalized.precomposedStringWithCanonicalMapping, index(kind: kind, secrecy: []).public.documentType)
        }
        let shown = index(kind: BenchData.kinds[0], secrecy: [SecrecyMarking(field: FieldPath("counterparty"),
                                                                             provision: counterparty.provision, reason: counterparty.reason)])
        markings = (content, (counterparty.provision, counterparty.reason, shown.public.counterparty))

        var words = BenchData(seed: 0xC0_4B_05)
        passages = (0..<Self.passageCount).map { _ in
            (0..<(20 + words.random(80))).map { _ in words.word() }.joined(separator: " ").precomposedStringWithCanonicalMapping
        }
    }

    func fill(_ store: SQLiteStore, upTo total: Int, progress: (Int) -> Void) throws(StoreError) -> Int {
        try store.fillBenchCorpus(upTo: total, organisations: organisations, directions: directions, products: products, units: units,
                                  companies: companies, kinds: kinds, handlers: handlers, passages: passages, templates: templates,
                                  markings: markings, progress: progress)
    }

    func fill(_ store: PostgresStore, upTo total: Int, progress: (Int) -> Void) throws(StoreError) -> Int {
        try store.fillBenchCorpus(upTo: total, organisations: organisations, directions: directions, products: products, units: units,
                                  companies: companies, kinds: kinds, handlers: handlers, passages: passages, templates: templates,
                                  markings: markings, progress: progress)
    }
}

extension Bench {
    /// Fills the register up to `size` documents with the backend's generator, then times
    /// `queries` searches through the Kit, public and internal as `Bench.run` makes them (the
    /// same queries at every size and on every backend).
    static func searchAt(_ size: Int, _ backend: BenchBackend, store: URL, vocabulary: CorpusVocabulary, queries: Int,
                         home: DiariumHome, progress: @escaping (String) -> Void) throws -> BackendFigures.Search {
        progress("generating documents straight into the index up to \(size)")
        let start = Date()
        let report = { (done: Int) in
            progress("generated \(done) (\(Int(Double(done) / max(Date().timeIntervalSince(start), 1e-9)))/s)")
        }
        let generated: Int
        switch backend {
        case .sqlite: generated = try vocabulary.fill(try SQLiteStore(at: store), upTo: size, progress: report)
        case .postgres: generated = try vocabulary.fill(try PostgresStore(at: store), upTo: size, progress: report)
        }
        let generateSeconds = Date().timeIntervalSince(start)

        let diarium = try Diarium(store: store, home: home)
        let documents = try diarium.store.documentCount()
        progress("search: \(queries) queries over \(documents) documents")
        var data = BenchData(seed: 0x5EA2_C4)
        var all: [Double] = [], publicTimes: [Double] = [], internalTimes: [Double] = []
        for _ in 0..<queries {
            let q = data.query()
            let t = Date()
            _ = try diarium.search(SearchQuery(text: q.text, organisation: q.organisation, limit: 20),
                                   scope: q.staff ? .internal : .public, as: bench)
            let ms = Date().timeIntervalSince(t) * 1000
            all.append(ms)
            if q.staff { internalTimes.append(ms) } else { publicTimes.append(ms) }
        }
        let figures = BackendFigures.Search(documents: documents, generated: generated, generateSeconds: generateSeconds,
                                            search: latency(all), publicSearch: latency(publicTimes), internalSearch: latency(internalTimes))
        progress(String(format: "search over %d documents: p50 %.2f ms, p95 %.2f ms", documents, figures.search.p50, figures.search.p95))
        return figures
    }
}
