import ArgumentParser
import DiariumKit

struct InitCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "init",
        abstract: "Create the store (idempotent).",
        discussion: """
            Creates the store folder with its database, archive and config.json holding the bundled \
            organisations (Region Sörmland RS, Region Västmanland RV, Inköpsnämnden IN). Running it \
            on an existing store changes nothing and says so.
            """)

    @OptionGroup var options: StoreOptions

    func run() throws {
        try DiariumCLI.run(json: options.json) {
            let result = try Diarium.initialize(store: options.storeURL, actor: options.actor)
            let path = options.storeURL.standardizedFileURL.path
            if options.json {
                Console.out(Console.encode(InitResult(store: path, created: result.created,
                                                      organisations: result.config.organisations.map(\.code))))
            } else {
                Console.out(result.created ? "Skapade arkivet \(path)." : "Arkivet \(path) finns redan; inget ändrades.")
                for o in result.config.organisations {
                    Console.out("  \(o.prefix)  \(o.name) (\(o.organisationNumber))")
                }
            }
        }
    }

    struct InitResult: Encodable {
        let store: String
        let created: Bool
        let organisations: [String]
    }
}

/// `run(json:_:)` under a name that subcommands' own `run()` cannot shadow.
enum DiariumCLI {
    static func run(json: Bool, _ body: () throws -> Void) throws {
        try diarium.run(json: json, body)
    }
}
