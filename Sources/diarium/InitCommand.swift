import Foundation
import ArgumentParser
import DiariumKit
import DiariumStore
import DiariumModel

struct InitCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "init",
        abstract: "Create the store and its signing key (idempotent).",
        discussion: """
            Creates the store folder with its database, archive and config.json holding the bundled \
            organisations (Region Sörmland RS, Region Västmanland RV, Inköpsnämnden IN), and the \
            signing key that anchors the audit chain outside the database: after every commit the \
            new head of the chain is signed into audit-anchor.log, so that a chain rewritten through \
            the database no longer matches. The key is written beside the store folder (--key FILE \
            or DIARIUM_KEY to put it elsewhere), readable by its owner only, and never overwritten; \
            keep it apart from the store and back it up, since writes need it. Running init on an \
            existing store changes nothing and says so; on a store made before anchoring existed \
            it creates the key and anchors the current head.

            With --database postgres://USER@HOST[:PORT]/DB the register is that PostgreSQL \
            database instead of SQLite in the store folder (it must hold no store yet; the \
            password, if the server asks for one, comes from PGPASSWORD), and the archive objects \
            go to --objects DIR, a folder every server mounts (default: objects in the store \
            folder). Every command then takes the same --store, on any number of servers.
            """)

    @OptionGroup var options: StoreOptions

    @Option(help: "Keep the register in this PostgreSQL database (postgres://USER@HOST[:PORT]/DB).")
    var database: String?

    @Option(help: "With --database: the folder of the archive objects, shared by every server.")
    var objects: String?

    func validate() throws {
        if objects != nil, database == nil { throw ValidationError("--objects goes with --database (a SQLite store keeps its objects in the store folder)") }
    }

    func run() throws {
        try DiariumCLI.run(json: options.json) { () throws(DiariumError) in
            let index = try database.map { d throws(DiariumError) in
                try SharedIndex(database: d, objects: objects.map { URL(fileURLWithPath: $0) }
                                    ?? options.storeURL.appendingPathComponent("objects", isDirectory: true))
            }
            let result = try Diarium.initialize(store: options.storeURL, as: options.principal, key: options.keyURL, index: index)
            let path = options.storeURL.standardizedFileURL.path
            let anchor = result.anchor
            if options.json {
                Console.out(Console.encode(InitResult(
                    store: path, created: result.created, organisations: result.config.organisations.map(\.code),
                    key: anchor.keyURL.path, keyCreated: anchor.keyCreated, anchoredNow: anchor.anchoredNow,
                    publicKey: anchor.publicKey.hex)))
            } else {
                Console.out(result.created ? "Skapade arkivet \(path)." : "Arkivet \(path) finns redan; inget ändrades" + (anchor.anchoredNow ? " utom förankringen." : "."))
                for o in result.config.organisations {
                    Console.out("  \(o.prefix)  \(o.name) (\(o.organisationNumber))")
                }
                if anchor.keyCreated {
                    Console.out("""
                        Skapade signeringsnyckeln \(anchor.keyURL.path) (läsbar bara för dig).
                        Den förankrar granskningsloggen utanför databasen: förvara den åtskild från arkivet \
                        och säkerhetskopiera den. Utan den kan arkivet inte skrivas, och den som kommer åt \
                        både nyckeln och arkivet kan skriva om granskningsloggen.
                        """)
                } else {
                    Console.out("Signeringsnyckeln: \(anchor.keyURL.path)" + (anchor.anchoredNow ? " (arkivet förankrades nu med den)." : "."))
                }
                Console.out("Publik nyckel (för diarium verify --public-key): \(anchor.publicKey.hex)")
            }
        }
    }

    struct InitResult: Encodable {
        let store: String
        let created: Bool
        let organisations: [String]
        let key: String
        let keyCreated: Bool
        let anchoredNow: Bool
        let publicKey: String
    }
}

/// `run(json:_:)` under a name that subcommands' own `run()` cannot shadow.
enum DiariumCLI {
    /// This executable: templates and schemas are looked for upwards from it.
    static var executable: URL { URL(fileURLWithPath: CommandLine.arguments.first ?? ".") }

    static func run(json: Bool, _ body: () throws(DiariumError) -> Void) throws(ExitCode) {
        try diarium.run(json: json, body)
    }

    static func runChecked(json: Bool, _ body: () throws(DiariumError) -> Outcome) throws(ExitCode) {
        try diarium.run(json: json, outcome: body)
    }
}
