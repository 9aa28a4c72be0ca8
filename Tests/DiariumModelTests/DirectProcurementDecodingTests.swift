import DiariumModel
import Foundation
import Testing

/// The example of ../shared/examples/direct-procurement.json (copied into Fixtures).
func procurementExample(_ edit: (inout [String: Any]) -> Void = { _ in }) -> Data {
    let url = Bundle.module.url(forResource: "Fixtures/direct-procurement", withExtension: "json")!
    var o = try! JSONSerialization.jsonObject(with: Data(contentsOf: url)) as! [String: Any]
    edit(&o)
    return try! JSONSerialization.data(withJSONObject: o)
}

/// Sets `value` at a dotted path with indexes (`tenders.1.amount`) in a JSON object tree.
func set(_ o: inout [String: Any], _ path: [Any], _ value: Any?) {
    func go(_ node: Any, _ rest: ArraySlice<Any>) -> Any? {
        guard let head = rest.first else { return value }
        if let key = head as? String, var d = node as? [String: Any] {
            let child = go(d[key] ?? [String: Any](), rest.dropFirst())
            if let child { d[key] = child } else { d.removeValue(forKey: key) }
            return d
        }
        if let i = head as? Int, var a = node as? [Any] {
            if let child = go(a[i], rest.dropFirst()) { a[i] = child } else { a.remove(at: i) }
            return a
        }
        return node
    }
    o = go(o, path[...]) as! [String: Any]
}

@Suite("Direct procurement decoding")
struct DirectProcurementDecodingTests {
    @Test("the v1 example decodes")
    func example() throws {
        let p = try DirectProcurement.decode(procurementExample())
        #expect(p.organisation == "RS" && p.category.digits == "33141000" && p.category.group(4) == "3314")
        #expect(p.estimatedValue == Amount(kronor: 245_000))
        #expect(p.tenders.count == 2 && p.tenders[1].amount.description == "259500.50")
        #expect(p.awardSupplier.organisationNumber.description == "556123-4567")
        #expect(p.law == "LOU" && p.contractCategory == "general" && p.competitionMethod == .invited)
        #expect(p.isSecret("tenders[1].amount"))
        #expect(p.groundJustification == nil, "blank text counts as absent")
    }

    /// (name, dotted path with indexes, JSON fragment, expected field, expected rule)
    static let cases: [(String, String, String, String, String)] = [
        ("invalid orgnr", "tenders.0.supplier.orgnr", #""556123-4568""#, "tenders[0].supplier.orgnr", "orgnr.invalid"),
        ("bad CPV", "category", #""3314100""#, "category", "cpv.invalid"),
        ("CPV division 00", "category", #""00141000""#, "category", "cpv.invalid"),
        ("negative amount", "estimatedValue", #""-5""#, "estimatedValue", "amount.invalid"),
        ("three decimals", "tenders.1.amount", #""1.005""#, "tenders[1].amount", "amount.invalid"),
        ("amount as number", "award.amount", "231000", "award.amount", "type.string"),
        ("period reversed", "period.end", #""2026-11-30""#, "period.end", "date-order.period"),
        ("documented before contract", "documentedOn", #""2026-11-17""#, "documentedOn", "date-order.documented-before-contract"),
        ("tender after award", "tenders.0.received", #""2026-11-19""#, "tenders[0].received", "date-order.tender-after-award"),
        ("winner not a tenderer", "award.supplier.orgnr", #""559012-3450""#, "award.supplier.orgnr", "award.not-among-tenders"),
        ("unknown key", "tenders.0.price", #""1""#, "tenders[0].price", "unknown-key"),
        ("unknown method", "competition.method", #""lottery""#, "competition.method", "code.unknown"),
        ("unknown law", "law", #""LOV""#, "law", "code.unknown"),
        ("bad email", "handler.email", #""asa at region""#, "handler.email", "email.invalid"),
        ("secret path that does not exist", "secrecy.0.field", #""tenders[5].amount""#, "secrecy[0].field", "secrecy.field-not-markable"),
        ("secret organisation", "secrecy.0.field", #""organisation""#, "secrecy[0].field", "secrecy.field-not-markable"),
        ("secret whole object", "secrecy.0.field", #""tenders[1]""#, "secrecy[0].field", "secrecy.field-not-markable"),
    ]

    @Test("each rule refuses with its field path and rule", arguments: cases)
    func rejects(_ name: String, _ path: String, _ json: String, _ field: String, _ rule: String) {
        let components: [Any] = path.split(separator: ".").map { Int($0).map { $0 as Any } ?? String($0) }
        let value = try? JSONSerialization.jsonObject(with: Data(json.utf8), options: .fragmentsAllowed)
        let data = procurementExample { set(&$0, components, value) }
        do {
            _ = try DirectProcurement.decode(data)
            Issue.record("\(name): accepted")
        } catch {
            #expect(error.errors.contains { $0.field == field && $0.rule == rule }, "\(name): \(error.errors)")
        }
    }

    @Test("more tenders than suppliers invited is refused when invited")
    func tooManyTenders() {
        let data = procurementExample { o in
            set(&o, ["suppliersInvited"], [["name": "Medicinteknik i Mälardalen AB", "orgnr": "556123-4567"]])
        }
        do {
            _ = try DirectProcurement.decode(data)
            Issue.record("accepted")
        } catch {
            #expect(error.errors.map(\.rule) == ["tenders.more-than-invited"])
        }
        let advertised = procurementExample { o in
            set(&o, ["suppliersInvited"], [["name": "Medicinteknik i Mälardalen AB", "orgnr": "556123-4567"]])
            set(&o, ["competition", "method"], "advertised")
        }
        #expect((try? DirectProcurement.decode(advertised)) != nil)
    }

    @Test("CPV codes", arguments: [("33141000", true), ("33141000-0", true), ("3314100", false), ("33141000-", false), ("33141000-12", false), ("99141000", false), ("03000000", true)])
    func cpv(_ text: String, _ valid: Bool) {
        #expect((CPVCode(parsing: text) != nil) == valid)
    }

    @Test("what the markings protect follows every change of the markings or the input")
    func markedValuesFollowChanges() throws {
        var p = try DirectProcurement.decode(procurementExample())
        #expect(p.secretValues == p.json.secretValues(marked: p.secrecy))
        #expect(p.secretValues["259500.50"] != nil && p.secretSet.reveals("259 500,50 kr"))
        #expect(p.secretValues[p.unit] == nil && !p.secretSet.reveals(p.unit))

        p.secrecy.append(SecrecyMarking(field: FieldPath("unit"), provision: "osl-31-16", reason: "Skäl."))
        #expect(p.secretValues[p.unit]?.field == FieldPath("unit"))
        #expect(p.secretSet.reveals("Enheten är \(p.unit)."))
        #expect(p.secretValues == p.json.secretValues(marked: p.secrecy))

        p.secrecy = []
        #expect(p.secretValues.isEmpty && p.secretSet.isEmpty && !p.secretSet.reveals("259 500,50 kr"))

        p.secrecy = [SecrecyMarking(field: try #require(FieldPath(parsing: "tenders[1].supplier.orgnr")), provision: "osl-31-16", reason: "Skäl.")]
        let other = try DirectProcurement.decode(procurementExample { set(&$0, ["tenders", 1, "supplier", "orgnr"], "556677-8899"); set(&$0, ["secrecy"], []) })
        p.json = other.json
        #expect(p.secretValues["556677-8899"] != nil && p.secretValues["556987-6542"] == nil)
        #expect(p.protections == p.json.builtInProtections())
        #expect(p.secretValues == p.json.secretValues(marked: p.secrecy))
    }
}

@Suite("Markable paths")
struct MarkablePathTests {
    @Test("patterns cover a path, what is below it, and any index", arguments: [
        ("tenders[1].amount", true), ("tenders[1].received", false), ("competition.justification", true),
        ("competition.method", false), ("period.start", false), ("conflictOfInterest.note", true),
        ("conflictOfInterest.declared", false), ("handler.email", false), ("agreementCheck.justification", true),
        ("agreementCheck.checkedOn", false), ("tenders[1]", false), ("award.supplier.orgnr", true),
    ])
    func paths(_ path: String, _ markable: Bool) throws {
        let marks = [["field": path, "provision": "osl-31-16", "reason": "r"]]
        let data = procurementExample { $0["secrecy"] = marks }
        #expect(((try? DirectProcurement.decode(data)) != nil) == markable, "\(path)")
    }
}

/// The optional key `startedOn` (issue 11): the day the procurement started, which picks the
/// limit and the duty; without it the first tender or the contract tells.
@Suite("The start of a direct procurement")
struct StartedOnDecodingTests {
    @Test("startedOn is optional; given, it is the start; absent, the first tender or the contract is")
    func optional() throws {
        let given = try DirectProcurement.decode(procurementExample { $0["startedOn"] = "2026-11-01" })
        #expect(given.startedOn == CivilDate(parsing: "2026-11-01"))
        let derived = try DirectProcurement.decode(procurementExample())
        #expect(derived.startedOn == CivilDate(parsing: "2026-11-10"), "the first tender of the example")
    }

    /// (value, rules that must refuse it): the example's first tender is 2026-11-10, the
    /// contract 2026-11-18, the documentation 2026-11-24.
    @Test("startedOn comes before the first tender, the contract and the documentation", arguments: [
        ("2026-11-11", ["date-order.started-after-tender"]),
        ("2026-11-19", ["date-order.started-after-tender", "date-order.started-after-contract"]),
        ("2026-11-25", ["date-order.started-after-tender", "date-order.started-after-contract", "date-order.started-after-documentation"]),
        ("2026-13-01", ["date.invalid"]),
    ])
    func order(_ value: String, _ expected: [String]) {
        do {
            _ = try DirectProcurement.decode(procurementExample { $0["startedOn"] = value })
            Issue.record("\(value) accepted")
        } catch {
            #expect(error.errors.allSatisfy { $0.field == "startedOn" }, "\(error.errors)")
            #expect(Set(error.errors.map(\.rule)) == Set(expected), "\(value): \(error.errors)")
            #expect(error.errors.allSatisfy { !$0.message.contains(value) }, "the value is never echoed")
        }
        #expect((try? DirectProcurement.decode(procurementExample { $0["startedOn"] = "2026-11-10" })) != nil, "the day of the first tender is fine")
    }

    @Test("startedOn cannot be marked secret")
    func unmarkable() {
        let data = procurementExample { $0["startedOn"] = "2026-11-01"; $0["secrecy"] = [["field": "startedOn", "provision": "osl-31-16", "reason": "r"]] }
        do {
            _ = try DirectProcurement.decode(data)
            Issue.record("accepted")
        } catch {
            #expect(error.errors.map(\.rule) == ["secrecy.field-not-markable"], "\(error.errors)")
        }
    }
}
