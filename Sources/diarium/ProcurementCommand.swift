import ArgumentParser
import DiariumKit
import DiariumStore
import DiariumRules
import DiariumModel
import Foundation

struct ProcurementCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "procurement",
        abstract: "Check, document and sum direct procurements (direktupphandling).",
        discussion: """
            The input is the JSON of examples/direct-procurement.json. Direct award is allowed only \
            if the value, summed with similar purchases of the whole region in the fiscal year \
            (same organisation and CPV group; imported purchases and registered direct procurements), \
            stays under the limit in force on the contract date, and no agreement covers the need.
            """,
        subcommands: [ProcurementCheckCommand.self, ProcurementDocumentCommand.self, ProcurementTotalCommand.self])
}

/// Reads an input file for a command: a regular file of at most 1 MB. Type and size are checked
/// before reading: a FIFO would block and /dev/zero would never end.
func readInput(_ path: String, field: String) throws(DiariumError) -> Data {
    let url = URL(fileURLWithPath: path).resolvingSymlinksInPath()
    func reject(_ rule: String, _ message: String) -> DiariumError { .rejected(InputRejected(field: field, rule: rule, message: message)) }
    guard let attributes = try? FileManager.default.attributesOfItem(atPath: url.path) else {
        throw reject("file.not-found", "filen finns inte")
    }
    guard attributes[.type] as? FileAttributeType == .typeRegular else { throw reject("file.not-regular", "är ingen vanlig fil") }
    guard (attributes[.size] as? Int ?? 0) <= 1_000_000 else { throw reject("file.too-large", "är större än 1 MB") }
    guard let data = try? Data(contentsOf: url), data.count <= 1_000_000 else { throw reject("file.unreadable", "filen kan inte läsas") }
    return data
}

func printFindings(_ findings: [Finding]) {
    for f in findings {
        let label = f.severity == .error ? "FEL     " : f.severity == .warning ? "VARNING " : "OK      "
        Console.out("  \(label)\(f.field): \(f.message) [\(f.rule)]")
    }
}

struct ProcurementCheckCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Check a direct procurement: is documentation required, is direct award allowed, and every finding.",
        discussion: "Exit 0 when allowed and complete, 1 otherwise. Nothing is stored.")

    @Argument(help: ArgumentHelp("The procurement JSON.", valueName: "file.json"))
    var file: String

    @OptionGroup var options: StoreOptions

    func run() throws {
        try DiariumCLI.runChecked(json: false) { () throws(DiariumError) -> Outcome in
            let a: ProcurementAssessment
            do throws(DiariumError) {
                a = try options.open().checkProcurement(try readInput(file, field: "file"), as: options.principal)
            } catch where error.isUserError && options.json {
                // The contract of `check --json` is {"allowed", "findings"} whatever happens:
                // refused input is reported as error findings in that shape.
                for p in error.problems { Console.error(p.description) }
                Console.out(Console.encode(RefusedCheck(allowed: false, findings: error.problems.map {
                    Finding(rule: $0.rule, severity: .error, field: $0.field, message: $0.message)
                })))
                return .refused
            }
            if options.json {
                Console.out(Console.encode(a))
            } else {
                Console.out("Dokumentationsplikt: \(a.documentationRequired ? "ja" : "nej")")
                Console.out("Direktupphandling tillåten: \(a.allowed ? "ja" : "nej")")
                let marked = a.facts.contributions.contains { $0.amountProvision != nil }
                Console.out("Regionens samlade värde: \(a.regionTotal.swedish) (CPV \(a.facts.categoryGroup)…, \(a.facts.fiscalYear))"
                    + (marked ? "; innehåller belopp som andra upphandlingar har sekretessmarkerat, visas inte offentligt" : ""))
                if let x = a.exposure { Console.out("Möjlig upphandlingsskadeavgift: \(x.minimum.swedish)–\(x.maximum.swedish)") }
                printFindings(a.findings)
            }
            return a.allowed ? .done : .refused
        }
    }
}

struct RefusedCheck: Encodable {
    let allowed: Bool
    let findings: [Finding]
}

struct ProcurementDocumentCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "document",
        abstract: "Check, render and register the documentation of a direct procurement.",
        discussion: """
            Renders "Dokumentation av direktupphandling" to XML (schemas/direct-procurement.xsd) and \
            HTML, full and public, and registers it in a new case or --case. A procurement whose \
            checks fail is refused unless --accept-findings: the duty to document remains, and the \
            record then says so.
            """)

    @Argument(help: ArgumentHelp("The procurement JSON.", valueName: "file.json"))
    var file: String

    @Option(name: .customLong("case"), help: ArgumentHelp("An existing case to file it in.", valueName: "case-number"))
    var caseNumber: String?

    @Flag(name: .long, help: "Document it although a check fails.")
    var acceptFindings = false

    @OptionGroup var options: StoreOptions

    func run() throws {
        try DiariumCLI.run(json: options.json) { () throws(DiariumError) in
            let r = try options.open().documentProcurement(try readInput(file, field: "file"), caseNumber: caseNumber, acceptFindings: acceptFindings, as: options.principal)
            if options.json {
                Console.out(Console.encode(r))
            } else {
                Console.out("Registrerad: \(r.document) i ärende \(r.case)\(r.allowed ? "" : " (dokumenterad trots fel i kontrollen)")")
                printFindings(r.findings.filter { $0.severity != .info })
            }
        }
    }
}

struct ProcurementTotalCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "total",
        abstract: "Show the region-wide total of similar purchases and the documents behind it.")

    @Option(name: .long, help: ArgumentHelp("The organisation (RS, RV, IN).", valueName: "code"))
    var organisation: String

    @Option(name: .long, help: ArgumentHelp("A CPV code; purchases in its group count.", valueName: "cpv"))
    var category: String

    @Option(name: .long, help: "The fiscal year.")
    var year: Int

    @OptionGroup var options: StoreOptions

    func run() throws {
        try DiariumCLI.run(json: options.json) { () throws(DiariumError) in
            let t = try options.open().procurementTotal(organisation: organisation, category: category, fiscalYear: year, as: options.principal)
            if options.json { Console.out(Console.encode(t)); return }
            Console.out("\(t.organisation), CPV \(t.categoryGroup)…, räkenskapsår \(t.fiscalYear): \(t.total.swedish)"
                + (t.includesMarkedAmounts ? " (innehåller sekretessmarkerade belopp; summan visas inte offentligt)" : ""))
            if let l = t.limit { Console.out("Direktupphandlingsgräns i dag: värdet \(l.condition)") }
            func marked(_ provision: String?) -> String {
                provision.map { " [sekretessmarkerat, \(t.markings[$0] ?? $0)]" } ?? ""
            }
            for c in t.contributions {
                Console.out("  \(c.date)  \(c.kindLabel.padding(toLength: 17, withPad: " ", startingAt: 0)) \(c.reference)  \(TerminalSafe.clean(c.unit))\(marked(c.unitProvision))  \(c.amount.swedish)\(marked(c.amountProvision))")
            }
        }
    }
}

struct AgreementsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "agreements", abstract: "The agreement register (avtalskatalogen).",
        subcommands: [Import.self])

    struct Import: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "import", abstract: "Load agreements from CSV (format of examples/agreements.csv); all or nothing.")

        @Argument(help: ArgumentHelp("The CSV file.", valueName: "file.csv"))
        var file: String

        @OptionGroup var options: StoreOptions

        func run() throws {
            try DiariumCLI.run(json: options.json) { () throws(DiariumError) in
                let s = try options.open().importAgreements(InputFile.read(URL(fileURLWithPath: file)), as: options.principal)
                if options.json { Console.out(Console.encode(s)) } else {
                    Console.out("Avtal: \(s.inserted) nya, \(s.updated) ändrade, \(s.unchanged) oförändrade.")
                }
            }
        }
    }
}

struct PurchasesCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "purchases", abstract: "Purchases (invoices, e-commerce orders) that count toward the region totals.",
        subcommands: [Import.self])

    struct Import: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "import", abstract: "Load purchases from CSV (format of examples/purchases.csv); all or nothing; a re-import changes nothing.")

        @Argument(help: ArgumentHelp("The CSV file.", valueName: "file.csv"))
        var file: String

        @OptionGroup var options: StoreOptions

        func run() throws {
            try DiariumCLI.run(json: options.json) { () throws(DiariumError) in
                let s = try options.open().importPurchases(InputFile.read(URL(fileURLWithPath: file)), as: options.principal)
                if options.json { Console.out(Console.encode(s)) } else {
                    Console.out("Inköp: \(s.inserted) nya, \(s.unchanged) redan inlästa.")
                }
            }
        }
    }
}
