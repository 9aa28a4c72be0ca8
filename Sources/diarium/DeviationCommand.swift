import ArgumentParser
import DiariumKit
import DiariumStore
import DiariumModel
import Foundation

struct DeviationCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "deviation",
        abstract: "Report, escalate and follow up deviations (avsteg) from the procurement policy.",
        discussion: """
            A deviation is reported with the JSON of examples/deviation.json, then escalated in the \
            line organisation one level at a time (manager, administration, regional-director: the \
            regiondirektör decides last), resolved and closed. Each step is a dated document \
            registered in the deviation's case.
            """,
        subcommands: [Report.self, Escalate.self, Resolve.self, Close.self, TakeUp.self, Dismiss.self, List.self])

    struct Report: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Register a deviation report (Rapport om avsteg från inköpspolicy).",
            discussion: "Filed in --case, else in the case of the procurement it names, else in a case of its own.")

        @Argument(help: ArgumentHelp("The report JSON.", valueName: "file.json"))
        var file: String

        @Option(name: .customLong("case"), help: ArgumentHelp("An existing case to file it in.", valueName: "case-number"))
        var caseNumber: String?

        @OptionGroup var options: StoreOptions

        func run() throws {
            try DiariumCLI.run(json: options.json) { () throws(DiariumError) in
                let r = try options.open().reportDeviation(try readInput(file, field: "file"), caseNumber: caseNumber, as: options.principal)
                if options.json { Console.out(Console.encode(r)) } else { Console.out("Registrerad: \(r.document) i ärende \(r.case)") }
            }
        }
    }

    /// The options every step takes.
    struct StepOptions: ParsableArguments {
        @Argument(help: ArgumentHelp("The deviation report's document number, e.g. \"RV 2026/0007-1\".", valueName: "number"))
        var number: String

        @Option(name: .long, help: ArgumentHelp("Who takes the step.", valueName: "name"))
        var by: String

        @Option(name: .long, help: ArgumentHelp("What was decided or done, for the record.", valueName: "text"))
        var note: String
    }

    static func step(_ step: DeviationStep, _ s: StepOptions, _ options: StoreOptions) throws {
        try DiariumCLI.run(json: options.json) { () throws(DiariumError) in
            let r = try options.open().deviationStep(s.number, step, by: s.by, note: s.note, as: options.principal)
            if options.json { Console.out(Console.encode(r)) } else { Console.out("Registrerad: \(r.document) i ärende \(r.case)") }
        }
    }

    struct Escalate: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Escalate a deviation to the next level of the line organisation.",
            discussion: "Levels in order: manager, administration, regional-director. A step that skips a level or goes back is refused.")

        @OptionGroup var step: StepOptions

        @Option(name: .long, help: ArgumentHelp("The level: manager, administration or regional-director.", valueName: "level"))
        var to: String

        @OptionGroup var options: StoreOptions

        func run() throws { try DeviationCommand.step(.escalate(to: to), step, options) }
    }

    struct Resolve: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Record that a deviation has been dealt with.")

        @OptionGroup var step: StepOptions
        @OptionGroup var options: StoreOptions

        func run() throws { try DeviationCommand.step(.resolve, step, options) }
    }

    struct Close: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Close a resolved deviation; no step can follow.")

        @OptionGroup var step: StepOptions
        @OptionGroup var options: StoreOptions

        func run() throws { try DeviationCommand.step(.close, step, options) }
    }

    struct TakeUp: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "take-up", abstract: "Take up a draft the system opened (purchase audit, procurement with findings) and report it.")

        @OptionGroup var step: StepOptions
        @OptionGroup var options: StoreOptions

        func run() throws { try DeviationCommand.step(.takeUp, step, options) }
    }

    struct Dismiss: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Dismiss a draft found to be no deviation; the note (the reason) is registered in its case.")

        @OptionGroup var step: StepOptions
        @OptionGroup var options: StoreOptions

        func run() throws { try DeviationCommand.step(.dismiss, step, options) }
    }

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "List deviations, oldest report first.",
            discussion: "Every filter is optional; --from and --to select by the day a deviation was reported. --overdue lists open deviations with no step for the configured number of days (config.json deviationOverdueDays, default 14), or --overdue-days N.")

        @Option(name: .long, help: ArgumentHelp("draft, reported, escalated, resolved or closed.", valueName: "status"))
        var status: String?

        @Option(name: .long, help: ArgumentHelp("A deviation type code, e.g. purchase-outside-agreement.", valueName: "code"))
        var type: String?

        @OptionGroup var filters: ListFilters

        @Option(name: .long, help: ArgumentHelp("The unit, exactly as reported.", valueName: "unit"))
        var unit: String?

        @Flag(name: .long, help: "Only open deviations with no step for the configured number of days.")
        var overdue = false

        @Option(name: .long, help: ArgumentHelp("Only open deviations with no step for more than this many days.", valueName: "days"))
        var overdueDays: Int?

        @OptionGroup var options: StoreOptions

        func run() throws {
            try DiariumCLI.run(json: options.json) { () throws(DiariumError) in
                let diarium = try options.open()
                // The Kit's query takes the days as text; a parsed day writes itself back exactly.
                let query = DeviationQuery(status: status, type: type, organisation: filters.organisation, unit: unit,
                                           from: filters.from?.description, to: filters.to?.description,
                                           overdueDays: overdueDays ?? (overdue ? diarium.deviationOverdueDays : nil))
                let items = try diarium.listDeviations(query, as: options.principal)
                if options.json { Console.out(Console.encode(items)); return }
                if items.isEmpty { Console.out("Inga avsteg matchar."); return }
                for d in items {
                    let level = d.levelLabel.map { ", hos \($0)" } ?? ""
                    let late = d.overdue ? "  FÖRSENAT: inget steg på \(d.daysSinceLastStep) dagar" : ""
                    Console.out("\(d.document)  \(d.reportedOn)  \(d.organisation)  \(TerminalSafe.clean(d.unit))  \(d.typeLabel)  [\(d.statusLabel)\(level)]\(late)")
                    for s in d.steps {
                        Console.out("    \(s.on)  \(s.step)\(s.level.map { " → \($0)" } ?? "")  \(s.document)")
                    }
                }
                Console.out("\(items.count) avsteg.")
            }
        }
    }
}
