/// Compiled into DiariumCLITests as well, through a link of the same name there, so that the
/// in-process and the command-line tests share one copy: edit it here.

import DiariumKit
import Foundation
import Testing

/// The secrets planted for the request tests: one document of each secret field kind, and the
/// marker strings no output may hold.
extension AccessRequestTests {
    static let counterparty = "MARKÖRAVSÄNDARE4e1c"
    static let title = "MARKÖRRUBRIK9a7d"
    static let content = "MARKÖRINNEHÅLLb55f"
    static let reason = "MARKÖRSKÄL6c02"
    static let supplier = "MARKÖRLEVERANTÖR30fe AB"
    static let reporter = "MARKÖRKOLLEGAd4d8"
    static let secretAmount = "259500.50"
    static let markers = [counterparty, title, content, reason, supplier, reporter, "259500", "259 500", "259\u{00A0}500"]

    func assertClean(_ text: String, _ what: String) {
        for m in Self.markers { #expect(!text.contains(m), "\(what) leaks \(m)") }
    }

    struct Planted {
        let wholeFile: String
        let maskedSender: String
        let procurement: String
        let deviation: String
        var all: [String] { [wholeFile, maskedSender, procurement, deviation] }
    }

    /// One document of each secret field kind.
    func plant() throws -> Planted {
        let d = s.diarium!
        let whole = try d.register(file: s.file("anbud-hemligt.txt", "Prisbilaga \(Self.content) rabattstege"), meta: s.meta([
            "counterparty": Self.counterparty, "title": "Anbud \(Self.title)", "publicTitle": "Anbud avseende ultraljudsgel",
            "secrecy": [
                ["field": "counterparty", "provision": "osl-19-3-2", "reason": Self.reason],
                ["field": "title", "provision": "osl-19-3-2", "reason": Self.reason],
                ["field": "content", "provision": "osl-31-16", "reason": Self.reason],
            ],
        ]), as: tester)
        let sender = try d.register(file: s.file("fraga.txt", "Fråga om leveranstider för ultraljudsgel."), meta: s.meta([
            "counterparty": Self.counterparty, "title": "Fråga om leveranstider", "publicTitle": nil, "documentType": "skrivelse",
            "secrecy": [["field": "counterparty", "provision": "osl-31-16", "reason": Self.reason]],
        ]), as: tester)
        let p = try d.documentProcurement(procurement { o in
            var invited = o["suppliersInvited"] as! [[String: Any]]
            invited[1]["name"] = Self.supplier
            o["suppliersInvited"] = invited
            var tenders = o["tenders"] as! [[String: Any]]
            var supplier = tenders[1]["supplier"] as! [String: Any]
            supplier["name"] = Self.supplier
            tenders[1]["supplier"] = supplier
            tenders[1]["amount"] = Self.secretAmount
            o["tenders"] = tenders
            o["secrecy"] = [
                ["field": "tenders[1].amount", "provision": "osl-31-16", "reason": Self.reason],
                ["field": "tenders[1].supplier.name", "provision": "osl-31-16", "reason": Self.reason],
            ]
        }, as: tester)
        let v = try d.reportDeviation(deviation { o in
            o["reportedBy"] = ["name": Self.reporter, "role": "Inköpare"]
            o["secrecy"] = [["field": "reportedBy.name", "provision": "osl-19-3-1", "reason": Self.reason]]
        }, as: tester)
        return Planted(wholeFile: whole.document, maskedSender: sender.document, procurement: p.document, deviation: v.document)
    }
}
