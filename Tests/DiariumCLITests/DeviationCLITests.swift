import DiariumKit
import Foundation
import Testing

@Suite("Deviation follow-up, through the command line")
struct DeviationFollowUpCLITests {
    let s = try! Sandbox()

    @Test("the CLI: report, escalate out of order, list, audit, board-report")
    func cli() throws {
        let store = ["--store", s.storeURL.path]
        let r = try runCLI(["deviation", "report", Paths.fixture("deviation.json").path, "--json"] + store)
        #expect(r.status == 0)
        let number = try #require((try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any])?["document"] as? String)
        let skip = try runCLI(["deviation", "escalate", number, "--to", "administration", "--by", "A", "--note", "B"] + store)
        #expect(skip.status == 1 && skip.stderr.contains("hoppar över") && skip.stderr.contains("escalation.out-of-order"))
        #expect(try runCLI(["deviation", "escalate", number, "--to", "manager", "--by", "A", "--note", "B"] + store).status == 0)
        let back = try runCLI(["deviation", "escalate", number, "--to", "manager", "--by", "A", "--note", "B"] + store)
        #expect(back.status == 1 && back.stderr.contains("går tillbaka"))
        #expect(try runCLI(["deviation", "close", number, "--by", "A", "--note", "B"] + store).status == 1)
        let list = try runCLI(["deviation", "list", "--status", "escalated", "--json"] + store)
        #expect(list.status == 0 && list.stdout.contains(number))
        let audit = try runCLI(["audit", "purchases", Paths.fixture("purchases.csv").path, "--year", "2026"] + store)
        #expect(audit.status == 0 && audit.stdout.contains("rad 6") && audit.stdout.contains("F-2026-01733"))
        let board = try runCLI(["board-report", "--from", "2026-01-01", "--to", "2026-12-31", "--json"] + store)
        #expect(board.status == 0 && board.stdout.contains("\"document\""))
        let bad = try runCLI(["board-report", "--from", "2026-12-31", "--to", "2026-01-01"] + store)
        #expect(bad.status == 1 && bad.stderr.contains("to:"))
    }
}
