import ArgumentParser
import DiariumKit

struct VerifyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "verify",
        abstract: "Check the archive: re-hash every object, check every row's objects and the audit chain.",
        discussion: "Exits 1 when it finds damage. Leftovers of an interrupted write are reported as notices, not damage.")

    @OptionGroup var options: StoreOptions

    func run() throws {
        try DiariumCLI.run(json: options.json) {
            let report = try options.open().verify()
            if options.json {
                Console.out(Console.encode(report))
            } else {
                Console.out("Kontrollerade \(report.objectsChecked) arkivobjekt, \(report.documentsChecked) handlingar och \(report.auditEventsChecked) händelser i granskningsloggen.")
                for n in report.notices { Console.out("Notering: \(n.description)") }
                for d in report.damage { Console.error("SKADA: \(d.description)") }
                Console.out(report.isIntact ? "Arkivet är helt." : "Arkivet är skadat: \(report.damage.count) fel.")
            }
            if !report.isIntact { throw ExitCode(1) }
        }
    }
}
