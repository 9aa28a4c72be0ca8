import ArgumentParser
import DiariumKit
import Foundation

struct ExportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export",
        abstract: "Export cases for the e-archive.",
        subcommands: [ExportSIPCommand.self])
}

struct ExportSIPCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sip",
        abstract: "Write one E-ARK SIP (CSIP/SIP 2.1.0, FGS Paketstruktur 2.0) per case, with the case in CITS ERMS.",
        discussion: """
            Every registered document of each case goes in whole, with its record (diarieblad) and \
            its events from the audit log; secret details are included, each marking named as an \
            ERMS restriction with its provision. Choose the cases with --case (repeatable) or with \
            --from and --to (the cases with a document registered in that period). Each package is \
            a folder uuid-… in --out (or uuid-….zip with --zip), the same id on every export of a \
            case; an existing one is refused. The store is only read. Needs the role registrator \
            or administratör.
            """)

    @Option(name: .customLong("case"), help: ArgumentHelp("A case number, e.g. \"RS 2026/0001\" (repeatable).", valueName: "number"))
    var cases: [String] = []

    @Option(name: .long, help: ArgumentHelp("First day of the period, ÅÅÅÅ-MM-DD.", valueName: "date"))
    var from: String?

    @Option(name: .long, help: ArgumentHelp("Last day of the period, ÅÅÅÅ-MM-DD.", valueName: "date"))
    var to: String?

    @Option(name: .long, help: ArgumentHelp("Only this organisation's cases (e.g. RS).", valueName: "code"))
    var organisation: String?

    @Option(name: .long, help: ArgumentHelp("The folder the packages are written to.", valueName: "dir"))
    var out: String

    @Flag(name: .long, help: "Write each package as a stored ZIP file.")
    var zip = false

    @OptionGroup var options: StoreOptions

    func validate() throws {
        if cases.isEmpty, from == nil || to == nil {
            throw ValidationError("give --case NUMBER, or both --from DATE and --to DATE")
        }
        if !cases.isEmpty, from != nil || to != nil {
            throw ValidationError("give either --case or --from/--to, not both")
        }
    }

    func run() throws {
        try DiariumCLI.run(json: options.json) { () throws(DiariumError) in
            let diarium = try options.open()
            let request = SIPExportRequest(cases: cases, from: from, to: to, organisation: organisation,
                                           out: URL(fileURLWithPath: out, isDirectory: true).standardizedFileURL, zip: zip)
            let result = try diarium.exportSIP(request, as: options.principal) { Console.error($0) }
            if options.json {
                Console.out(Console.encode(result))
            } else {
                for p in result.packages { Console.out("\(p.case): \(p.path) (\(p.documents) handlingar, \(p.files) filer, \(p.bytes) byte)") }
            }
        }
    }
}
