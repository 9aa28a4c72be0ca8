@_spi(Tools) import DiariumKit
import DiariumModel
import Foundation

/// Deterministic synthetic registrations for `bench`: Swedish-looking titles, counterparties and
/// file text from a fixed vocabulary, some with secrecy markings, so that every run measures the
/// same work.
struct BenchData {
    private var rng: SplitMix64

    init(seed: UInt64 = 0x5EED_D1A2) { rng = SplitMix64(seed: seed) }

    static let products = ["ultraljudsgel", "kontorsmöbler", "skyddshandskar", "infusionspumpar", "konsulttjänster",
                           "städtjänster", "journalsystem", "röntgenutrustning", "livsmedel", "tolktjänster",
                           "laboratoriematerial", "förbandsmaterial", "ambulanstransporter", "datorer", "telefoni"]
    static let units = ["Hjärtcentrum", "Psykiatrin", "IT-avdelningen", "Akutmottagningen", "Kirurgkliniken",
                        "Vårdcentralen Öster", "Regionservice", "Tandvården", "Ögonkliniken", "Förlossningen"]
    static let companies = ["Medicinteknik i Mälardalen AB", "Nordisk Sjukvårdsprodukter AB", "Kontorsmästarna i Köping AB",
                            "Datakraft Sörmland AB", "Gel & Gäng Handelsbolag", "Västerås Städ AB", "Åkerlunds Transport AB",
                            "Ölands Livs AB", "Tolkförmedlingen Öst AB", "Labbpartner Norden AB"]
    static let kinds = ["anbud", "avtal", "skrivelse", "e-post", "beslut", "protokoll", "rapport", "faktura"]
    static let words: [String] = {
        let base = ["upphandling", "avtal", "leverans", "kvalitet", "pris", "anbud", "krav", "bedömning", "tilldelning",
                    "förfrågan", "underlag", "kontroll", "uppföljning", "verksamhet", "region", "nämnd", "beslut",
                    "överprövning", "sekretess", "ändring", "förlängning", "option", "garanti", "service", "utbildning",
                    "miljökrav", "hållbarhet", "säkerhet", "tillgänglighet", "dokumentation", "granskning", "yttrande"]
        // A long tail of rarer made-up words (Zipf-like use below) so that rare-term queries exist.
        let syllables = ["an", "bo", "de", "fä", "gö", "hå", "ki", "lu", "må", "ne", "ro", "sä", "tu", "vö", "ry"]
        var tail: [String] = []
        for a in syllables { for b in syllables { for c in syllables.prefix(8) { tail.append(a + b + c + "ning") } } }
        return base + tail
    }()

    /// A number in 0..<n.
    mutating func random(_ n: Int) -> Int { Int(rng.next() % UInt64(n)) }

    mutating func pick<T>(_ list: [T]) -> T { list[Int(rng.next() % UInt64(list.count))] }

    /// A Zipf-ish word: low indexes far more often.
    mutating func word() -> String {
        let u = Double(rng.next() % 1_000_000) / 1_000_000
        let i = Int(pow(u, 3) * Double(Self.words.count))
        return Self.words[min(i, Self.words.count - 1)]
    }

    /// One registration: metadata JSON and the text of its file.
    mutating func registration(_ i: Int) -> (meta: Data, file: Data) {
        let product = pick(Self.products), unit = pick(Self.units), company = pick(Self.companies)
        let kind = pick(Self.kinds)
        let month = 1 + Int(rng.next() % 10), day = 1 + Int(rng.next() % 28)
        let secret = rng.next() % 10
        var secrecy: [[String: String]] = []
        if secret == 0 {
            secrecy.append(["field": "content", "provision": "osl-31-16", "reason": "Affärsförhållanden."])
        } else if secret == 1 {
            secrecy.append(["field": "counterparty", "provision": "osl-19-3-2", "reason": "Anbudssekretess."])
        }
        let meta: [String: Any] = [
            "organisation": i % 3 == 0 ? "RV" : "RS",
            "case": NSNull(),
            "caseTitle": "Direktupphandling av \(product), \(unit)",
            "direction": i % 4 == 0 ? "outgoing" : "incoming",
            "date": String(format: "2026-%02d-%02d", month, day),
            "counterparty": company,
            "title": "\(kind.capitalized) avseende \(product) till \(unit) nr \(i)",
            "documentType": kind,
            "handler": pick(["Åsa Öberg", "Per Ängström", "Lena Ek", "Omar Said"]),
            "secrecy": secrecy,
        ]
        var text = "Ärende om \(product) för \(unit). "
        for _ in 0..<(40 + Int(rng.next() % 160)) { text += word() + " " }
        let data = (try? JSONSerialization.data(withJSONObject: meta)) ?? Data()
        return (data, Data(text.utf8))
    }

    /// A search a registrar might type, with filters now and then.
    mutating func query() -> SearchQueryTemplate {
        switch rng.next() % 6 {
        case 0: SearchQueryTemplate(text: pick(Self.products), organisation: nil, staff: false)
        case 1: SearchQueryTemplate(text: word(), organisation: nil, staff: true)
        case 2: SearchQueryTemplate(text: String(pick(Self.products).prefix(5)) + "*", organisation: "RS", staff: false)
        case 3: SearchQueryTemplate(text: pick(Self.units) + " " + pick(Self.products), organisation: nil, staff: true)
        case 4: SearchQueryTemplate(text: pick(Self.words.suffix(500)), organisation: nil, staff: true)
        default: SearchQueryTemplate(text: "anbud " + pick(Self.companies).split(separator: " ")[0], organisation: "RV", staff: false)
        }
    }
}

struct SearchQueryTemplate {
    let text: String
    let organisation: String?
    let staff: Bool
}

/// A small, fast, seedable generator (Steele, Lea, Flood 2014).
struct SplitMix64 {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

extension BenchData {
    static let cpvCodes = ["33141000", "33141100", "33190000", "39130000", "48000000", "30213000", "15800000", "79540000",
                           "90910000", "85140000", "33696000", "18424000", "44410000", "50420000", "72200000", "34144900"]
    static let bidders = [("Medicinteknik i Mälardalen AB", "556123-4567"), ("Nordisk Sjukvårdsprodukter AB", "556987-6542"),
                          ("Gel & Gäng Handelsbolag", "559012-3450"), ("Kontorsmästarna i Köping AB", "556677-8899"),
                          ("Datakraft Sörmland AB", "556222-3338")]

    /// One direct procurement in the v1 input format, with a secret losing tender.
    mutating func procurement(_ i: Int) -> Data {
        // Spread over many CPV groups, as a region's purchases are (about 900 four-digit groups
        // exist): 16 codes would pile thousands of "similar purchases" into each group.
        let cpv = i % 50 == 0 ? pick(Self.cpvCodes)
            : String(format: "%02d%02d%04d", 3 + Int(rng.next() % 96), Int(rng.next() % 100), Int(rng.next() % 10_000))
        let value = 100_000 + Int(rng.next() % 500_000)
        let month = 1 + Int(rng.next() % 9), day = 1 + Int(rng.next() % 20)
        let date = { (d: Int) in String(format: "2026-%02d-%02d", month, d) }
        let winner = Self.bidders[i % Self.bidders.count], loser = Self.bidders[(i + 1) % Self.bidders.count]
        let third = Self.bidders[(i + 2) % Self.bidders.count]
        let o: [String: Any] = [
            "organisation": i % 2 == 0 ? "RS" : "RV", "unit": pick(Self.units),
            "handler": ["name": pick(["Åsa Öberg", "Per Ängström", "Lena Ek"]), "email": "handlaggare@region.se"],
            "subject": "\(pick(Self.products).capitalized) till \(pick(Self.units)) nr \(i)",
            "description": "Behov av \(pick(Self.products)) under tolv månader.", "category": cpv, "ground": "below-threshold",
            "groundJustification": "", "estimatedValue": String(value),
            "period": ["start": date(day + 5), "end": "2027-06-30"],
            "competition": ["method": "invited", "justification": "Tre leverantörer tillfrågades."],
            "suppliersInvited": [winner, loser, third].map { ["name": $0.0, "orgnr": $0.1] },
            "tenders": [
                ["supplier": ["name": winner.0, "orgnr": winner.1], "amount": String(value - 1000), "received": date(day)],
                ["supplier": ["name": loser.0, "orgnr": loser.1], "amount": String(value + 5000), "received": date(day)],
            ],
            "award": ["supplier": ["name": winner.0, "orgnr": winner.1], "amount": String(value - 1000), "reason": "Lägsta pris."],
            "supplierChecks": ["taxesAndFees": true, "exclusionGrounds": true, "checkedOn": date(day + 1)],
            "agreementCheck": ["checkedOn": date(day), "justification": "Inget avtal omfattar behovet."],
            "contractSigned": date(day + 2), "documentedOn": date(day + 4),
            "conflictOfInterest": ["declared": true, "note": "Ingen jäv."],
            "secrecy": [["field": "tenders[1].amount", "provision": "osl-31-16", "reason": "Anbudspris."]],
        ]
        return (try? JSONSerialization.data(withJSONObject: o)) ?? Data()
    }
}
