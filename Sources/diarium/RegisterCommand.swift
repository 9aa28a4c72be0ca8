import ArgumentParser
import DiariumKit
import Foundation

struct RegisterCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "register",
        abstract: "Register (diarieför) a file: archive it and enter it in the register.",
        discussion: """
            FILE may be any document (PDF, XML, e-mail, text). META.json holds the register fields, \
            as in examples/registration.json: organisation, case (null opens a new case titled \
            caseTitle), direction (incoming, outgoing, internal), date, counterparty, title, \
            publicTitle, documentType, handler, and secrecy: markings of counterparty, title or \
            content with a provision id (osl-19-3-1, osl-19-3-2, osl-31-16, …). A secret title \
            needs a publicTitle.

            XML files pass a hardened parser: a DTD, external entities or malformed markup are \
            refused with the line. Nothing is stored unless everything is right.
            """)

    @Argument(help: ArgumentHelp("The file to register.", valueName: "file"))
    var file: String

    @Option(name: .long, help: ArgumentHelp("The metadata JSON file.", valueName: "meta.json"))
    var meta: String

    @OptionGroup var options: StoreOptions

    func run() throws {
        try DiariumCLI.run(json: options.json) { () throws(DiariumError) in
            let data = try readInput(meta, field: "meta")
            let diarium = try options.open()
            let receipt = try diarium.register(file: URL(fileURLWithPath: file), meta: data, as: options.principal)
            if options.json {
                Console.out(Console.encode(receipt))
            } else {
                Console.out("Registrerad: \(receipt.document) i ärende \(receipt.case)")
                Console.out("SHA-256:     \(receipt.sha256)")
                if let note = receipt.formatNote { Console.out(note) }
                if let note = receipt.textNote { Console.out(note) }
            }
        }
    }
}
