import DiariumModel
import DiariumRules
import Foundation
import Testing

@Suite("Public access data")
struct AccessDataTests {
    let today = CivilDate(parsing: "2026-11-25")!

    @Test("the bundled data loads, with a deadline, an appeal and a fee scale in force today")
    func bundled() throws {
        let data = try AccessData.bundled()
        #expect(!data.deadlines.isEmpty && !data.appeals.isEmpty && !data.fees.isEmpty)
        for f in data.fees { #expect(!f.source.isEmpty && !f.reference.isEmpty, "\(f.id)") }
        #expect(data.feeScale(organisation: "RS", on: today) != nil)
    }

    @Test("the default fee scale: pages 1–9 free, 10 pages 50 kr, then 2 kr a page; reading on site is free",
          arguments: ["RS", "RV", "XX"])
    func fees(_ organisation: String) throws {
        let scale = try #require(try AccessData.bundled().feeScale(organisation: organisation, on: today))
        let expected: [(Int, Int64)] = [(0, 0), (1, 0), (9, 0), (10, 50), (11, 52), (100, 230)]
        for format in [AccessFormat.paperCopy, .electronicCopy] {
            for (pages, kronor) in expected {
                #expect(scale.fee(pages: pages, format: format) == Amount(kronor: kronor), "\(format) \(pages)")
            }
        }
        for (pages, _) in expected {
            #expect(scale.fee(pages: pages, format: .onSite) == .zero, "on site \(pages)")
        }
    }

    @Test("a request is handled the same day and flagged after one working day")
    func deadline() throws {
        let row = try #require(try AccessData.bundled().deadline(on: today))
        #expect(row.targetWorkingDays == 0 && row.flagAfterWorkingDays == 1)
        #expect(!row.source.isEmpty)
    }

    @Test("a refusal is appealed to kammarrätten within three weeks")
    func appeal() throws {
        let row = try #require(try AccessData.bundled().appeal(on: today))
        #expect(row.court == "kammarrätten" && row.weeks == 3)
        #expect(row.reference.contains("6 kap.") && !row.ownReview.isEmpty)
    }

    // MARK: Loading a data directory

    static func fee(_ id: String, organisation: String?, from: String = "2020-01-01", to: String? = nil,
                    free: Int = 9, base: Int = 10, baseFee: String = "50", perPage: String = "2") -> String {
        let org = organisation.map { "\"\($0)\"" } ?? "null"
        let end = to.map { "\"\($0)\"" } ?? "null"
        return """
        {"id": "\(id)", "organisation": \(org), "freePages": \(free), "basePages": \(base), "baseFee": "\(baseFee)",
         "perPageAfter": "\(perPage)", "paper": "scale", "electronic": "scale", "onSite": "free",
         "validFrom": "\(from)", "validTo": \(end), "reference": "r", "source": "s", "verified": false}
        """
    }

    static func file(fees: [String]) -> String {
        #"{"deadlines": [], "appeals": [], "fees": ["# + fees.joined(separator: ", ") + "]}"
    }

    func load(_ contents: String) throws -> AccessData {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent(UUID().uuidString)
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        try Data(contents.utf8).write(to: dir.appendingPathComponent("public-access.json"))
        return try AccessData(directory: dir)
    }

    static let broken: [(String, String)] = [
        ("not JSON", "{"),
        ("a list missing", #"{"deadlines": [], "appeals": []}"#),
        ("overlapping rows of one organisation", file(fees: [fee("a", organisation: "RS", from: "2020-01-01", to: "2026-12-31"),
                                                             fee("b", organisation: "RS", from: "2026-12-31")])),
        ("two open-ended common rows", file(fees: [fee("a", organisation: nil), fee("b", organisation: nil, from: "2025-01-01")])),
        ("basePages equal to freePages", file(fees: [fee("a", organisation: nil, free: 10, base: 10)])),
        ("basePages below freePages", file(fees: [fee("a", organisation: nil, free: 10, base: 5)])),
        ("negative freePages", file(fees: [fee("a", organisation: nil, free: -1, base: 10)])),
        ("a deadline flagged before its target", #"{"deadlines": [{"id": "d", "targetWorkingDays": 2, "flagAfterWorkingDays": 1, "validFrom": "2019-01-01", "validTo": null, "reference": "r", "source": "s", "verified": true}], "appeals": [], "fees": []}"#),
        ("an appeal without a court", #"{"deadlines": [], "appeals": [{"id": "a", "court": "", "weeks": 3, "reference": "r", "ownReview": "o", "validFrom": "2018-07-01", "validTo": null, "source": "s", "verified": true}], "fees": []}"#),
    ]

    @Test("a broken or inconsistent public-access.json is refused, naming the file", arguments: broken)
    func refused(_ what: String, _ contents: String) throws {
        let error = try #require(throws: LegalDataError.self, "accepted \(what)") { try load(contents) }
        #expect(error.file == "public-access.json", "\(what): \(error)")
    }

    @Test("rows of different organisations, or one after the other, may coexist")
    func noOverlap() throws {
        let data = try load(Self.file(fees: [
            Self.fee("common", organisation: nil),
            Self.fee("rs-old", organisation: "RS", from: "2020-01-01", to: "2025-12-31", baseFee: "40"),
            Self.fee("rs-new", organisation: "RS", from: "2026-01-01", baseFee: "60"),
            Self.fee("rv", organisation: "RV", from: "2020-01-01", baseFee: "70"),
        ]))
        #expect(data.fees.count == 4)
    }

    @Test("an organisation's own scale wins over the common one, on its dates")
    func ownScaleWins() throws {
        let data = try load(Self.file(fees: [
            Self.fee("common", organisation: nil),
            Self.fee("rs", organisation: "RS", from: "2026-01-01", to: "2026-12-31", free: 0, base: 1, baseFee: "5", perPage: "1"),
        ]))
        #expect(data.feeScale(organisation: "RS", on: today)?.id == "rs")
        #expect(data.feeScale(organisation: "RS", on: today)?.fee(pages: 3, format: .paperCopy) == Amount(kronor: 7))
        #expect(data.feeScale(organisation: "RV", on: today)?.id == "common")
        #expect(data.feeScale(organisation: "RS", on: CivilDate(parsing: "2025-06-01")!)?.id == "common")
        #expect(data.feeScale(organisation: "RS", on: CivilDate(parsing: "2027-01-01")!)?.id == "common")
        #expect(data.feeScale(organisation: "RS", on: CivilDate(parsing: "2019-12-31")!) == nil)
    }
}

@Suite("Copy pages")
struct CopyPagesTests {
    static func lines(_ n: Int, _ line: String = "En rad text.") -> String {
        Array(repeating: line, count: n).joined(separator: "\n")
    }

    @Test("a page holds 50 lines of 80 characters")
    func text() {
        #expect(CopyPages.ofText("") == 1)
        #expect(CopyPages.ofText(Self.lines(1)) == 1)
        #expect(CopyPages.ofText(Self.lines(50)) == 1)
        #expect(CopyPages.ofText(Self.lines(51)) == 2)
        #expect(CopyPages.ofText(Self.lines(100)) == 2)
        #expect(CopyPages.ofText(Self.lines(101)) == 3)
        // One line of 81 characters takes two printed lines; one of 80 takes one.
        #expect(CopyPages.ofText(Self.lines(49) + "\n" + String(repeating: "x", count: 80)) == 1)
        #expect(CopyPages.ofText(Self.lines(49) + "\n" + String(repeating: "x", count: 81)) == 2)
        #expect(CopyPages.ofText(String(repeating: "x", count: 81)) == 1)
        #expect(CopyPages.ofText(String(repeating: "x", count: 80 * 50)) == 1)
        #expect(CopyPages.ofText(String(repeating: "x", count: 80 * 50 + 1)) == 2)
        // Characters, not bytes: 80 "ö" are one line.
        #expect(CopyPages.ofText(Self.lines(49) + "\n" + String(repeating: "ö", count: 80)) == 1)
    }

    @Test("a final newline ends the last line; it does not begin another")
    func finalNewline() {
        #expect(CopyPages.ofText(Self.lines(50) + "\n") == 1)
        #expect(CopyPages.ofText(Self.lines(50) + "\n\n") == 2, "an empty last line is still a line")
    }

    @Test("CRLF line breaks count as line breaks")
    func crlf() {
        #expect(CopyPages.ofText(Array(repeating: "En rad text.", count: 100).joined(separator: "\r\n")) == 2)
    }

    static let pdf = """
    %PDF-1.4
    1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj
    2 0 obj << /Type /Pages /Kids [3 0 R 4 0 R 5 0 R] /Count 3 >> endobj
    3 0 obj << /Type /Page /Parent 2 0 R >> endobj
    4 0 obj << /Type /Page /Parent 2 0 R >> endobj
    5 0 obj << /Type /Page /Parent 2 0 R >> endobj
    trailer << /Root 1 0 R >>
    %%EOF
    """

    @Test("a PDF counts its page objects, not its page tree")
    func pdf() {
        #expect(CopyPages.ofFile(Data(Self.pdf.utf8), mediaType: "application/pdf") == 3)
        let compact = Self.pdf.replacingOccurrences(of: "/Type /Page", with: "/Type/Page")
        #expect(CopyPages.ofFile(Data(compact.utf8), mediaType: "application/pdf") == 3)
        // A PDF whose pages are hidden in compressed streams counts as one page.
        #expect(CopyPages.ofFile(Data("%PDF-1.7\n%%EOF".utf8), mediaType: "application/pdf") == 1)
    }

    @Test("text files count lines; any other file is one page")
    func files() {
        #expect(CopyPages.ofFile(Data(Self.lines(51).utf8), mediaType: "text/plain") == 2)
        #expect(CopyPages.ofFile(Data([0x00, 0x01, 0xFF, 0xFE, 0x89, 0x50]), mediaType: "application/octet-stream") == 1)
        #expect(CopyPages.ofFile(Data(Self.lines(500).utf8), mediaType: "image/png") == 1)
        #expect(CopyPages.ofFile(Data(), mediaType: "application/zip") == 1)
    }

    @Test("which media types are read as text", arguments: [
        ("text/plain", true), ("text/csv", true), ("application/xml", true), ("application/json", true),
        ("image/svg+xml", true), ("application/xhtml+xml", true),
        ("application/pdf", false), ("image/png", false), ("application/octet-stream", false),
    ])
    func isText(_ mediaType: String, _ expected: Bool) {
        #expect(CopyPages.isText(mediaType) == expected)
    }
}

@Suite("Field labels")
struct FieldLabelTests {
    @Test("field paths read as Swedish", arguments: [
        ("tenders[1].amount", "anbud 2, belopp"),
        ("reportedBy.name", "rapportör, namn"),
        ("counterparty", "avsändare/mottagare"),
        ("contact.email", "kontaktuppgift, e-post"),
        ("suppliersInvited[0]", "tillfrågad leverantör 1"),
        ("tenders[0].supplier.orgnr", "anbud 1, leverantör, organisationsnummer"),
        ("unknownKey", "unknownKey"),
    ])
    func swedish(_ path: String, _ label: String) throws {
        #expect(FieldLabel.swedish(try #require(FieldPath(parsing: path))) == label)
    }
}
