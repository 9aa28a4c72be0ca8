import DiariumModel
import DiariumStore
import DiariumSQLite
import Foundation
import Testing

@Suite("Search")
struct SearchTests {
    let t = try! TempStore()

    init() throws {
        try t.add(title: "Överklagande av tilldelningsbeslut", date: "2026-03-01")
        try t.add(title: "Overklagande utan prickar", date: "2026-04-01", type: "skrivelse")
        try t.add(title: "Ålder på avtalet", date: "2026-05-01", direction: .outgoing)
        try t.add(title: "Alder i Västerås", org: "RV", date: "2026-06-01")
        try t.add(title: "Anbud", counterparty: "Hemlig Leverantör AB", content: "prisbilaga med rabattstege",
                  publicCounterparty: "[Sekretess enligt 19 kap. 3 § andra stycket OSL]")
    }

    func find(_ text: String, _ scope: SearchScope = .internal, _ configure: (inout SearchQuery) -> Void = { _ in }) throws -> [String] {
        var q = SearchQuery(text: text)
        configure(&q)
        return try t.store.search(q, scope: scope).map(\.title)
    }

    @Test("å, ä and ö are not folded into a and o")
    func diacritics() throws {
        #expect(try find("överklagande") == ["Överklagande av tilldelningsbeslut"])
        #expect(try find("overklagande") == ["Overklagande utan prickar"])
        #expect(try find("ålder") == ["Ålder på avtalet"])
        #expect(try find("ÅLDER") == ["Ålder på avtalet"])
    }

    @Test("a trailing star matches a prefix")
    func prefix() throws {
        #expect(try find("överkl*") == ["Överklagande av tilldelningsbeslut"])
        #expect(try find("tilldeln*") == ["Överklagande av tilldelningsbeslut"])
        #expect(try find("tilldeln").isEmpty)
    }

    @Test("filters: organisation, date range, type, direction")
    func filters() throws {
        #expect(try find("alder") { $0.organisation = "RV" } == ["Alder i Västerås"])
        #expect(try find("alder") { $0.organisation = "RS" }.isEmpty)
        #expect(try find("") { $0.from = CivilDate(parsing: "2026-04-01"); $0.to = CivilDate(parsing: "2026-05-31") }
                == ["Ålder på avtalet", "Overklagande utan prickar"])
        #expect(try find("") { $0.documentType = "skrivelse" } == ["Overklagande utan prickar"])
        #expect(try find("") { $0.direction = .outgoing } == ["Ålder på avtalet"])
    }

    @Test("internal search finds file text; public search does not")
    func content() throws {
        #expect(try find("rabattstege") == ["Anbud"])
        #expect(try find("rabattstege", .public).isEmpty)
        #expect(try find("hemlig", .public).isEmpty)
        #expect(try find("hemlig", .internal) == ["Anbud"])
    }

    @Test("public hits and snippets come from the public index only")
    func publicHits() throws {
        let hits = try t.store.search(SearchQuery(text: "anbud"), scope: .public).filter { $0.title == "Anbud" }
        #expect(hits.count == 1)
        #expect(hits[0].counterparty == "[Sekretess enligt 19 kap. 3 § andra stycket OSL]")
        #expect(!(hits[0].snippet ?? "").contains("Hemlig"))
    }

    @Test("FTS5 syntax in user text is only text", arguments: ["\"", "NEAR(a b)", "title:anbud", "a OR b", "-anbud", "*", "(", "anbud\"*"])
    func injection(_ text: String) throws {
        #expect(throws: Never.self) { try find(text) }
    }

    @Test("newest first, and the limit holds")
    func order() throws {
        #expect(try find("") { $0.limit = 2 }.count == 2)
        #expect(try find("").first == "Anbud")
    }

    @Test("a listing without words is newest first, filtered, limited, with each hit's marked fields")
    func listingWithMarkings() throws {
        let marked = SecrecyMarking(field: FieldPath("counterparty"), provision: "osl-19-3-2", reason: "Anbudssekretess.")
        try t.add(title: "Protokoll ett", type: "protokoll")
        try t.add(title: "Protokoll två", counterparty: "Hemlig AB", type: "protokoll", secrecy: [marked])
        try t.add(title: "Skrivelse emellan", type: "skrivelse")
        try t.add(title: "Protokoll tre", type: "protokoll")
        let hits = try t.store.search(SearchQuery(text: "", documentType: "protokoll", limit: 2), scope: .internal)
        #expect(hits.map(\.title) == ["Protokoll tre", "Protokoll två"])
        #expect(hits.map(\.marked) == [[], ["counterparty"]])
        #expect(try t.store.search(SearchQuery(text: " ", documentType: "protokoll"), scope: .public).map(\.marked) == [[], [], []])
    }
}
