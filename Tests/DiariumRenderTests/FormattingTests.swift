import DiariumModel
import DiariumRender
import DiariumRules
import Foundation
import Testing

@Suite("Formatting for people")
struct FormattingTests {
    @Test("a file size is in bytes, kB or MB with one decimal after a comma, halves to even", arguments: [
        (0, "0 byte"), (1023, "1023 byte"), (1024, "1,0 kB"), (1075, "1,0 kB"), (1076, "1,1 kB"), (1280, "1,2 kB"),
        (1331, "1,3 kB"), (2816, "2,8 kB"), (10239, "10,0 kB"), (1_048_575, "1024,0 kB"), (1_048_576, "1,0 MB"),
        (1_310_720, "1,2 MB"), (536_870_912, "512,0 MB"), (562_949_953_421_311, "536870912,0 MB"),
        (1_125_899_906_842_624, "1073741824,0 MB"),
    ] as [(Int64, String)])
    func fileSize(_ size: Int64, _ label: String) throws {
        let e = entry()
        let sized = RegisterEntry(
            number: e.number, caseTitle: e.caseTitle, organisation: e.organisation, direction: e.direction, date: e.date,
            registeredAt: e.registeredAt, registeredBy: e.registeredBy, counterparty: e.counterparty, title: e.title,
            publicTitle: e.publicTitle, documentType: e.documentType, handler: e.handler,
            file: ArchivedFile(name: e.file.name, mediaType: e.file.mediaType, size: size, sha256: e.file.sha256), secrecy: e.secrecy)
        let file = try #require(RegisterView(sized, for: .full, legal: try LegalData.bundled()).templateContext["file"] as? [String: Any])
        #expect(file["sizeLabel"] as? String == label)
    }
}
