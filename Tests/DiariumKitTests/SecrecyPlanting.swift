/// Compiled into DiariumCLITests as well, through a link of the same name there, so that the
/// in-process and the command-line tests share one copy: edit it here.

import DiariumKit
import Foundation
import Testing

/// The registration with a marker string in every secret field, and the check that a text holds
/// none of them.
extension SecrecyTests {
    static let counterparty = "MARKÖRMOTPARTa81f"
    static let title = "MARKÖRRUBRIKc03e"
    static let content = "MARKÖRINNEHÅLL77b2"
    static let reason = "MARKÖRSKÄL19d4"
    static let fileName = "MARKÖRFILNAMN0e5c.txt"
    static let markers = [counterparty, title, content, reason, fileName]

    func registerSecret() throws -> Receipt {
        let file = s.file(Self.fileName, "Prisbilaga \(Self.content) rabattstege")
        return try s.diarium.register(file: file, meta: s.meta([
            "counterparty": Self.counterparty,
            "title": "Anbud \(Self.title)",
            "publicTitle": "Anbud avseende ultraljudsgel",
            "secrecy": [
                ["field": "counterparty", "provision": "osl-19-3-2", "reason": Self.reason],
                ["field": "title", "provision": "osl-19-3-2", "reason": Self.reason],
                ["field": "content", "provision": "osl-31-16", "reason": Self.reason],
            ],
        ]), as: tester)
    }

    func assertClean(_ text: String, _ what: String) {
        for m in Self.markers { #expect(!text.contains(m), "\(what) leaks \(m)") }
    }
}
