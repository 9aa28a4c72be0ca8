import ArgumentParser
import DiariumKit
import DiariumModel
import Foundation

struct DisposalCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "disposal", abstract: "Disposal (gallring) under the information management plan.",
        subcommands: [List.self, Run.self])

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "List the documents past their time under the plan (role registrator).",
            discussion: "Each with the day it could go from, the plan's rule and decision, and what keeps it: a hold, a request not yet decided.")

        @Option(name: .customLong("due-by"), help: ArgumentHelp("Past their time by this day (default today).", valueName: "YYYY-MM-DD"))
        var dueBy: String?

        @Option(help: "Only this organisation's documents.")
        var organisation: String?

        @OptionGroup var options: StoreOptions

        func run() throws {
            try DiariumCLI.run(json: options.json) { () throws(DiariumError) in
                let list = try options.open().disposalList(dueBy: dueBy, organisation: organisation, as: options.principal)
                if options.json { Console.out(Console.encode(list)); return }
                let due = list.items.filter { $0.status == .due }
                Console.out("Gallringsbara \(list.dueBy): \(due.count) handlingar; \(list.items.count - due.count) får inte gallras nu.")
                for item in list.items { Console.out(DisposalCommand.line(item)) }
            }
        }
    }

    struct Run: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Dispose of every document due today (role registrator), all or nothing.",
            discussion: """
                The files and their text in the internal search are destroyed; the register rows keep their \
                numbers, marked disposed, and a disposal record (gallringsprotokoll) listing each document \
                and the SHA-256 of its file is registered per organisation in the same transaction. Never \
                disposed of: a document under a hold (`diarium hold add`), in a request not yet decided, or \
                not yet past its time. --dry-run lists what would go and writes nothing.
                """)

        @Option(help: ArgumentHelp("The decision the disposal carries out, as it should be cited.", valueName: "REF"))
        var decision: String

        @Flag(name: .customLong("dry-run"), help: "Say what would be disposed of; change nothing.")
        var dryRun = false

        @Option(help: "Only this organisation's documents.")
        var organisation: String?

        @OptionGroup var options: StoreOptions

        func run() throws {
            try DiariumCLI.run(json: options.json) { () throws(DiariumError) in
                let r = try options.open().runDisposal(decision: decision, organisation: organisation, dryRun: dryRun, as: options.principal)
                if options.json { Console.out(Console.encode(r)); return }
                if r.dryRun {
                    Console.out("Provkörning: \(r.disposed.count) handlingar skulle gallras \(r.disposedOn); inget ändrades.")
                } else if r.disposed.isEmpty {
                    Console.out("Inget att gallra \(r.disposedOn).")
                } else {
                    Console.out("Gallrat \(r.disposed.count) handlingar \(r.disposedOn) enligt \(TerminalSafe.clean(r.decision)); \(r.objectsRemoved) arkivfiler förstördes.")
                    for record in r.records { Console.out("  Gallringsprotokoll \(record.document) i ärende \(record.case)") }
                }
                for item in r.disposed { Console.out(DisposalCommand.line(item)) }
                if !r.kept.isEmpty {
                    Console.out("Får inte gallras nu: \(r.kept.count)")
                    for item in r.kept { Console.out(DisposalCommand.line(item)) }
                }
            }
        }
    }

    static func line(_ item: DisposalItem) -> String {
        let why: String = switch item.status {
        case .due: ""
        case .held: " — gallringsstopp (\(TerminalSafe.clean(item.keptBy ?? "")))"
        case .inOpenRequest: " — begärd i \(item.keptBy ?? "") som inte är avgjord"
        case .drawnUp: " — upprättad av Diarium och del av ett ärende som Diarium för; bevaras"
        }
        return "  \(item.number)  \(TerminalSafe.clean(item.documentTypeLabel)), \(item.date): \(TerminalSafe.clean(item.title)); "
            + "\(TerminalSafe.clean(item.rule)), från \(item.dueOn)\(why)"
    }
}

struct HoldCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "hold", abstract: "Holds on disposal (gallringsstopp) of a document or a whole case.",
        subcommands: [Add.self, Remove.self, List.self])

    struct Add: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Keep a document or every document of a case from disposal (role registrator).")

        @Argument(help: ArgumentHelp("A document number (RS 2026/0012-3) or a case number (RS 2026/0012).", valueName: "number"))
        var number: String

        @Option(help: "Why it must be kept (a dispute, an inquiry, an expected request).")
        var reason: String

        @OptionGroup var options: StoreOptions

        func run() throws {
            try DiariumCLI.run(json: options.json) { () throws(DiariumError) in
                let hold = try options.open().placeHold(number, reason: reason, as: options.principal)
                if options.json { Console.out(Console.encode(hold)); return }
                Console.out("Gallringsstopp för \(hold.subject): \(TerminalSafe.clean(hold.reason))")
            }
        }
    }

    struct Remove: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Lift a hold (role registrator); the reason is logged.")

        @Argument(help: ArgumentHelp("The document or case number the hold is on.", valueName: "number"))
        var number: String

        @Option(help: "Why the hold is lifted.")
        var reason: String

        @OptionGroup var options: StoreOptions

        func run() throws {
            try DiariumCLI.run(json: options.json) { () throws(DiariumError) in
                let hold = try options.open().liftHold(number, reason: reason, as: options.principal)
                if options.json { Console.out(Console.encode(hold)); return }
                Console.out("Gallringsstoppet för \(hold.subject) är hävt.")
            }
        }
    }

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List the holds.")

        @OptionGroup var options: StoreOptions

        func run() throws {
            try DiariumCLI.run(json: options.json) { () throws(DiariumError) in
                let holds = try options.open().holds(as: options.principal)
                if options.json { Console.out(Console.encode(holds)); return }
                if holds.isEmpty { Console.out("Inga gallringsstopp.") }
                for h in holds {
                    Console.out("  \(h.subject)  \(TerminalSafe.clean(h.reason)) (\(TerminalSafe.clean(h.placedBy)), \(Timestamp.swedishLocal(Timestamp.iso(h.placedAt))))")
                }
            }
        }
    }
}
