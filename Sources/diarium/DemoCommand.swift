import ArgumentParser
import DiariumKit
import DiariumStore
import DiariumRender
import DiariumModel
import DiariumDemo
import Foundation

struct DemoCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "demo",
        abstract: "Create the store if needed, register the example documents, and show what a registrar sees.",
        discussion: "Registers the examples only into an empty store, so running it twice adds nothing.")

    @OptionGroup var options: StoreOptions

    @Flag(name: .long, help: "Also make one web account per role (named after the role, acting for every organisation) and print a one-time password for each; an account already there gets a new one.")
    var accounts = false

    func validate() throws {
        if options.json { throw ValidationError("demo prints a walk-through for people; it has no --json output") }
    }

    func run() throws {
        try DiariumCLI.run(json: false) { () throws(DiariumError) in
            let created = try Diarium.initialize(store: options.storeURL, as: options.principal, key: options.keyURL).created
            let diarium = try options.open()
            Console.out(created ? "== Skapade arkivet \(options.storeURL.path)" : "== Arkivet \(options.storeURL.path) fanns redan")
            // Each store's copies in a folder of their own: two demo stores side by side never
            // write into each other's.
            let releases = options.storeURL.deletingLastPathComponent().appendingPathComponent("utlamnat", isDirectory: true)
                .appendingPathComponent(options.storeURL.standardizedFileURL.lastPathComponent, isDirectory: true)
            try? FileManager.default.createDirectory(at: releases, withIntermediateDirectories: true)
            let demo = try diarium.seedDemo(releases: releases, as: options.principal)
            let receipts = demo.receipts
            if demo.refused {
                Console.out("Arkivet innehåller redan egna handlingar; demonstrationen registrerar inget i det.")
            } else if receipts.isEmpty {
                Console.out("Demonstrationen är redan registrerad i arkivet; inget lades till.")
            } else {
                Console.out("== Registrerade \(receipts.count) exempelhandlingar:")
                for r in receipts { Console.out("  \(r.document)  (ärende \(r.case), SHA-256 \(r.sha256.prefix(12))…)") }
            }

            Console.out("\n== Diariet som allmänheten ser det (diarium search \"\" --public):")
            for h in try diarium.search(SearchQuery(text: "", limit: 20), scope: .public, as: options.principal) {
                Console.out("  \(h.document)  \(h.date)  \(TerminalSafe.clean(h.title))" + (h.counterparty.map { " – \(TerminalSafe.clean($0))" } ?? ""))
            }
            let first = if let registered = receipts.first?.document { registered } else {
                try diarium.search(SearchQuery(text: "ultraljudsgel", limit: 1), scope: .internal, as: options.principal).first?.document
            }
            if let first {
                Console.out("\n== diarium show \"\(first)\" (fullständig vy, för personalen):")
                Console.out(try diarium.show(first, audience: .full, format: .text, as: options.principal))
                Console.out("== diarium show \"\(first)\" --public (offentlig vy):")
                Console.out(try diarium.show(first, audience: .public, format: .text, as: options.principal))
            }
            Console.out("== diarium search \"förfrågningsunderlag\" (intern sökning, hittar text i filerna):")
            for h in try diarium.search(SearchQuery(text: "förfrågningsunderlag"), scope: .internal, as: options.principal) {
                Console.out("  \(h.document)  \(TerminalSafe.clean(h.title))  \(TerminalSafe.clean(h.snippet ?? ""))")
            }
            Console.out("\n== diarium search \"anbud\" --public (bara det offentliga diariet):")
            for h in try diarium.search(SearchQuery(text: "anbud"), scope: .public, as: options.principal) {
                Console.out("  \(h.document)  \(TerminalSafe.clean(h.title))" + (h.counterparty.map { " – \(TerminalSafe.clean($0))" } ?? ""))
            }
            if let procurement = demo.procurement {
                Console.out("\n== diarium procurement total --organisation RS --category 33141000 --year 2026:")
                let t = try diarium.procurementTotal(organisation: "RS", category: "33141000", fiscalYear: 2026, as: options.principal)
                Console.out("  \(t.total.swedish) i \(t.contributions.count) inköp och direktupphandlingar (CPV \(t.categoryGroup)…)")
                Console.out("\n== diarium show \"\(procurement.document)\" --public (dokumentationen, offentlig version):")
                Console.out(try diarium.show(procurement.document, audience: .public, format: .text, as: options.principal))
            }
            if let deviation = demo.deviation {
                Console.out("\n== diarium deviation list (avsteg: rapporterade och utkast från granskningen av inköpen):")
                for d in try diarium.listDeviations(DeviationQuery(), as: options.principal) {
                    Console.out("  \(d.document)  \(d.reportedOn)  \(TerminalSafe.clean(d.unit))  \(d.typeLabel)  [\(d.statusLabel)\(d.levelLabel.map { ", hos \($0)" } ?? "")]")
                }
                Console.out("  (rapporten \(deviation.document) är eskalerad till närmaste chef)")
            }
            if let board = demo.boardReport {
                Console.out("\n== diarium show \"\(board.document)\" (Inköpsnämndens uppföljningsrapport; --format html ger diagrammen):")
                Console.out(try diarium.show(board.document, audience: .public, format: .text, as: options.principal))
            }
            if let request = demo.request {
                Console.out("\n== diarium request open examples/access-request.json (begäran om allmän handling):")
                Console.out("  \(request.request), kom in \(request.receivedOn); ska hanteras \(request.target), flaggas efter \(request.flagAfter)")
                if let r = demo.release {
                    Console.out("== diarium request release \"\(request.request)\" --out \(r.directory):")
                    Console.out("  \(r.files.count) filer; lämnas ut: \(r.released.count), med maskering: \(r.masked.count), lämnas inte ut: \(r.refused.count); \(r.pages) sidor, avgift \(r.feeLabel)")
                }
                if let d = demo.decision {
                    Console.out("== diarium show \"\(d.document)\" (beslutet, med besvärshänvisning):")
                    Console.out(try diarium.show(d.document, audience: .public, format: .text, as: options.principal))
                }
            }
            if let g = demo.disposal, let record = g.records.first {
                Console.out("\n== diarium disposal run --decision \"\(TerminalSafe.clean(g.decision))\" (gallring enligt informationshanteringsplanen):")
                for item in g.disposed { Console.out(DisposalCommand.line(item)) }
                Console.out("  gallringsprotokoll \(record.document); diarieposterna finns kvar, markerade som gallrade")
            }
            let report = try diarium.verify(as: options.principal)
            Console.out("\n== diarium verify: \(report.objectsChecked) arkivobjekt, \(report.documentsChecked) handlingar, \(report.auditEventsChecked) händelser – \(report.isIntact ? "arkivet är helt" : "SKADAT")")
            Console.out("\nFörsök själv: .build/release/diarium search ultralj* --store \(options.storeURL.path)")
            if accounts { try demoAccounts(diarium) }
        }
    }

    /// One account per role, each with a one-time password that must be changed at the first
    /// login: what a new installation's administrator would hand out.
    func demoAccounts(_ diarium: Diarium) throws(DiariumError) {
        let existing = Set(try diarium.listUsers(as: options.principal).map(\.name))
        Console.out("\n== Demokonton för webben (engångslösenord; byts vid första inloggningen):")
        for role in Principal.Role.allCases {
            let p = existing.contains(role.rawValue)
                ? try diarium.resetPassword(role.rawValue, as: options.principal)
                : try diarium.addUser(role.rawValue, roles: [role], as: options.principal)
            Console.out("  \(p.account.padding(toLength: 12, withPad: " ", startingAt: 0)) \(p.password)   (\(role.label))")
        }
    }
}
