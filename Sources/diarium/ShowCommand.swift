import ArgumentParser
import DiariumKit
import DiariumRender

struct ShowCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "show",
        abstract: "Show a registered document's record (diarieblad).",
        discussion: """
            The full view is for staff and holds secret details. With --public, every detail marked \
            secret is replaced by a reference to its provision, as the public register shows it. \
            --format xml without --public prints the archived record itself.
            """)

    @Argument(help: ArgumentHelp("The document number, e.g. \"RS 2026/0001-1\".", valueName: "number"))
    var number: String

    @Flag(name: .long, help: "Show the public view.")
    var `public` = false

    @Option(name: .long, help: "text, json, xml or html (default: text; json with --json).")
    var format: ShowFormat?

    @OptionGroup var options: StoreOptions

    func validate() throws {
        if options.json, let format, format != .json {
            throw ValidationError("--json prints JSON only; leave out --format \(format.rawValue) or --json")
        }
    }

    func run() throws {
        try DiariumCLI.run(json: options.json) { () throws(DiariumError) in
            let diarium = try options.open()
            let f = format ?? (options.json ? .json : .text)
            Console.out(try diarium.show(number, audience: `public` ? .public : .full, format: f, as: options.principal))
        }
    }
}
