import DiariumModel
import DiariumStore
import DiariumSQLite
import Foundation
import Testing

/// A register row that cannot be read is an error naming the row, never guessed or skipped.
@Suite("Rows that cannot be read")
struct StoredRowTests {
    @Test("a document reads back with its kind as a value")
    func kindReadBack() throws {
        let t = try TempStore()
        let number = try t.add(title: "Anbud")
        #expect(try t.store.document(number).kind == .registration)
    }

    @Test("a document of a kind this version does not know is an error that names it")
    func unknownKind() throws {
        let t = try TempStore()
        let number = try t.add(title: "Anbud")
        try t.tamper("UPDATE document SET kind = 'okänd' WHERE number = '\(number)'")
        #expect {
            _ = try t.store.document(number)
        } throws: { error in
            "\(error)".contains(number.description) && "\(error)".contains("okänd")
        }
    }

    @Test("a secrecy marking whose field cannot be read is an error, never dropped (dropped, it would publish what it protects)")
    func unreadableMarking() throws {
        let t = try TempStore()
        let number = try t.add(title: "Anbud", counterparty: "Kemikonsult AB",
                               secrecy: [SecrecyMarking(field: FieldPath("counterparty"), provision: "osl-31-16", reason: "Affärsförhållanden.")])
        try t.tamper("UPDATE secrecy_marking SET field_path = '[[[' ")
        #expect {
            _ = try t.store.document(number)
        } throws: { error in
            "\(error)".contains(number.description)
        }
    }
}
