import ArgumentParser
import DiariumKit
import DiariumRules
import DiariumModel
import Foundation

struct BoardReportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "board-report",
        abstract: "Draw up and register Inköpsnämndens uppföljningsrapport for a period.",
        discussion: """
            Deviations by type, region, unit and status; escalations and time to resolution; direct \
            procurements documented, late and missing (from the imported purchases); the possible \
            upphandlingsskadeavgift. Each figure lists the document numbers behind it. Registered as \
            a document drawn up by the board (XML per schemas/board-report.xsd; `show NUMBER --format \
            html` gives the page with its charts). --dry-run prints the figures and stores nothing.
            """)

    @Option(name: .long, help: ArgumentHelp("The first day of the period.", valueName: "yyyy-mm-dd"))
    var from: CivilDate

    @Option(name: .long, help: ArgumentHelp("The last day of the period.", valueName: "yyyy-mm-dd"))
    var to: CivilDate

    @Option(name: .long, help: ArgumentHelp("The board's organisation code.", valueName: "code"))
    var organisation = "IN"

    @Flag(name: .long, help: "Compile and print the figures without registering the report.")
    var dryRun = false

    @OptionGroup var options: StoreOptions

    func run() throws {
        try DiariumCLI.run(json: options.json) { () throws(DiariumError) in
            let diarium = try options.open()
            // The Kit takes the days as text; a parsed day writes itself back exactly.
            if dryRun {
                let r = try diarium.compileBoardReport(from: from.description, to: to.description, organisation: organisation, as: options.principal)
                if options.json { Console.out(Console.encode(r)) } else {
                    Console.out("Avsteg \(r.deviations.count), eskaleringar \(r.escalations.reduce(0) { $0 + $1.count }), åtgärdade \(r.resolutions.count), öppna \(r.open.count) (försenade \(r.overdue.count))")
                    Console.out("Direktupphandlingar dokumenterade \(r.documented.count), för sent \(r.late.count), saknas \(r.missing.count)")
                    Console.out("Möjlig upphandlingsskadeavgift \(r.exposureMinimum.swedish)–\(r.exposureMaximum.swedish)")
                }
                return
            }
            let r = try diarium.boardReport(from: from.description, to: to.description, organisation: organisation, as: options.principal)
            if options.json { Console.out(Console.encode(r)) } else { Console.out("Registrerad: \(r.document) i ärende \(r.case)") }
        }
    }
}
