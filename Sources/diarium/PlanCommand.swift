import ArgumentParser
import DiariumKit
import DiariumModel
import Foundation

struct PlanCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "plan", abstract: "The information management plan: the document types, kept or disposed of, and when.",
        subcommands: [Show.self, Import.self, Retire.self, Reinstate.self])

    struct Show: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Print the plan: each document type, its rule, its decision and its use.")

        @OptionGroup var options: StoreOptions

        func run() throws {
            try DiariumCLI.run(json: options.json) { () throws(DiariumError) in
                let plan = try options.open().plan(as: options.principal)
                if options.json { Console.out(Console.encode(plan)); return }
                var process = ""
                for row in plan {
                    let t = row.type
                    if t.process != process {
                        process = t.process
                        Console.out("\n\(TerminalSafe.clean(process))")
                    }
                    let flags = [t.retired ? "avvecklad" : nil, t.published ? nil : "visas inte i webbdiariet"].compactMap { $0 }
                    let series = t.series.map { " [\(TerminalSafe.clean($0))]" } ?? ""
                    Console.out("  \(t.code)  \(TerminalSafe.clean(t.label))\(series): \(row.rule); \(row.documents) handlingar"
                                + (flags.isEmpty ? "" : " (\(flags.joined(separator: ", ")))"))
                    Console.out("      beslut: \(TerminalSafe.clean(t.decision))")
                }
            }
        }
    }

    struct Import: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Replace the plan with a region's own (CSV or JSON; role registrator).",
            discussion: """
                CSV columns: code,label,process,series,action,retention,retentionFrom,decision,published,retired \
                (action keep or dispose; retention as P2Y, P6M or P1Y6M; retentionFrom registered, \
                document-date or year-end). JSON: {"types": [{"code": …, …}]} with the same keys. A type \
                that registered documents use cannot be dropped: keep it with retired true. The file is \
                kept in the archive and the import logged.
                """)

        @Argument(help: ArgumentHelp("The plan.", valueName: "file.csv|file.json"))
        var file: String

        @OptionGroup var options: StoreOptions

        func run() throws {
            try DiariumCLI.run(json: options.json) { () throws(DiariumError) in
                let input = try InputFile.read(URL(fileURLWithPath: file))
                let s = try options.open().importPlan(input.data, name: input.name, as: options.principal)
                if options.json { Console.out(Console.encode(s)); return }
                Console.out("Informationshanteringsplanen är inläst: \(s.added.count) nya, \(s.changed.count) ändrade, \(s.removed.count) borttagna, \(s.unchanged) oförändrade handlingstyper.")
                for (label, codes) in [("Nya", s.added), ("Ändrade", s.changed), ("Borttagna", s.removed)] where !codes.isEmpty {
                    Console.out("  \(label): \(codes.joined(separator: ", "))")
                }
            }
        }
    }

    struct Retire: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Retire a document type: no new documents of it (role registrator).")
        @Argument(help: ArgumentHelp("The type's code.", valueName: "code")) var code: String
        @OptionGroup var options: StoreOptions

        func run() throws {
            try DiariumCLI.run(json: options.json) { () throws(DiariumError) in
                try options.open().retirePlanType(code, retired: true, as: options.principal)
                Console.out("Handlingstypen \(TerminalSafe.clean(code)) är avvecklad: inga nya handlingar får den typen.")
            }
        }
    }

    struct Reinstate: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Bring a retired document type back into use (role registrator).")
        @Argument(help: ArgumentHelp("The type's code.", valueName: "code")) var code: String
        @OptionGroup var options: StoreOptions

        func run() throws {
            try DiariumCLI.run(json: options.json) { () throws(DiariumError) in
                try options.open().retirePlanType(code, retired: false, as: options.principal)
                Console.out("Handlingstypen \(TerminalSafe.clean(code)) används igen.")
            }
        }
    }
}
