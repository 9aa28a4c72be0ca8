import ArgumentParser
import DiariumKit
import DiariumRules
import DiariumModel
import Foundation

struct AuditCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "audit", abstract: "Find the deviations nobody reported; read the audit log.",
        subcommands: [Purchases.self, Log.self])

    struct Log: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "The audit log, newest first: every change to the register and the accounts (role admin).")

        @Option(name: .long, help: ArgumentHelp("Only events by this actor.", valueName: "name"))
        var actor: String?

        @Option(name: .long, help: ArgumentHelp("Only this action, or a family of them (request, account).", valueName: "action"))
        var action: String?

        @Option(name: .long, help: ArgumentHelp("Only events on or after this day.", valueName: "YYYY-MM-DD"))
        var from: String?

        @Option(name: .long, help: ArgumentHelp("Only events on or before this day.", valueName: "YYYY-MM-DD"))
        var to: String?

        @Option(name: .long, help: ArgumentHelp("Only events older than this one (the next page).", valueName: "id"))
        var before: Int64?

        @Option(name: .long, help: "At most this many events (1–500).")
        var limit = 50

        @OptionGroup var options: StoreOptions

        func run() throws {
            try DiariumCLI.run(json: options.json) { () throws(DiariumError) in
                let page = try options.open().auditLog(AuditQuery(actor: actor, action: action, from: from, to: to, before: before, limit: limit), as: options.principal)
                if options.json { Console.out(Console.encode(page)); return }
                let events = page.entries
                if events.isEmpty { Console.out("Inga händelser i urvalet."); return }
                for e in events {
                    let detail = e.detail.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: " ")
                    Console.out("\(e.id)  \(e.at)  \(TerminalSafe.clean(e.actor))  \(e.action)  \(TerminalSafe.clean(e.subject ?? "–"))  \(TerminalSafe.clean(detail))")
                }
                if let next = page.next { Console.out("(äldre händelser: --before \(next))") }
            }
        }
    }

    struct Purchases: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "purchases",
            abstract: "Audit a year of purchases against the documented procurements and the agreements.",
            discussion: """
                Reads the ledger FILE (format of examples/purchases.csv), or without FILE the purchases \
                already imported, and finds (a) purchases that needed documentation of a direct \
                procurement and have none, (b) purchases from one supplier in one CPV group whose sum \
                over the whole region and fiscal year reaches the direct-award limit with no procurement \
                or agreement behind them (possible splitting), (c) purchases beside an agreement in force \
                for the same kind. Nothing is stored unless --create, which opens a draft deviation for \
                each finding that has none (never twice for the same purchases).
                """)

        @Argument(help: ArgumentHelp("The purchase ledger CSV (default: the imported purchases).", valueName: "file.csv"))
        var file: String?

        @Option(name: .long, help: "The fiscal year.")
        var year: Int

        @Flag(name: .long, help: "Open a draft deviation for each new finding.")
        var create = false

        @OptionGroup var options: StoreOptions

        func run() throws {
            try DiariumCLI.run(json: options.json) { () throws(DiariumError) in
                let r = try options.open().auditPurchases(ledger: file.map { path throws(DiariumError) in try InputFile.read(URL(fileURLWithPath: path)) }, fiscalYear: year, create: create, as: options.principal)
                if options.json { Console.out(Console.encode(r)); return }
                Console.out("Granskning av inköp \(r.fiscalYear) (\(r.source ?? "inlästa inköp")): \(r.purchases) inköp, \(r.findings.count) fynd.")
                let lineLabel = r.source == nil ? "inköp" : "rad"
                for item in r.findings {
                    let f = item.finding
                    let deviation = item.deviation.map { item.created ? "  → utkast till avsteg \($0)" : "  (avsteg \($0) finns)" } ?? ""
                    Console.out("\n\(f.kindLabel) [\(f.deviationType)] \(f.organisation)\(deviation)")
                    Console.out("  \(TerminalSafe.clean(f.message))")
                    for row in f.rows {
                        Console.out("    \(lineLabel) \(row.line)  \(row.date)  \(row.reference)  \(TerminalSafe.clean(row.unit))  \(row.amount.swedish)")
                    }
                }
            }
        }
    }
}
