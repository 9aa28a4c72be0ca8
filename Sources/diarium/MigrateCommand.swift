import ArgumentParser
import DiariumKit
import DiariumStore
import Foundation

struct MigrateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "migrate",
        abstract: "Move a SQLite store's register to PostgreSQL (all or nothing).",
        discussion: """
            Copies every row of the store's SQLite index into the PostgreSQL database --to \
            postgres://USER@HOST[:PORT]/DB (which must hold no store; PGPASSWORD for a password) \
            in one transaction, and the archive objects to --objects DIR when that is another \
            folder (default: they stay in the store folder). The copy is then verified as a \
            whole and must hold the same documents, audit events and chain head as the store, \
            or the database is emptied again and nothing changed. Only then does the store folder \
            switch to PostgreSQL and the SQLite index go aside as diarium.sqlite.moved. Stop every \
            other diarium process on the store first (serve, a scheduled job).
            """)

    @OptionGroup var options: StoreOptions

    @Option(help: "The PostgreSQL database to move the register to (postgres://USER@HOST[:PORT]/DB).")
    var to: String

    @Option(help: "The folder the archive objects go to, shared by every server (default: where they are).")
    var objects: String?

    func run() throws {
        try DiariumCLI.run(json: options.json) { () throws(DiariumError) in
            let index = try SharedIndex(database: to, objects: objects.map { URL(fileURLWithPath: $0) }
                                            ?? options.storeURL.appendingPathComponent("objects", isDirectory: true))
            let r = try Diarium.migrate(store: options.storeURL, to: index, home: try DiariumHome.locate(executable: DiariumCLI.executable), as: options.principal,
                                        key: options.keyURL)
            if options.json {
                Console.out(Console.encode(r))
                return
            }
            Console.out("Flyttade registret till \(r.database): \(r.documents) handlingar och \(r.auditEvents) händelser i granskningsloggen, kontrollerade med verify.")
            if let head = r.head { Console.out("Granskningsloggens huvud är detsamma: händelse \(head.event), sha256 \(head.hash)") }
            Console.out(r.objectsCopied > 0 ? "Kopierade \(r.objectsCopied) arkivobjekt till \(r.objects)." : "Arkivobjekten ligger kvar i \(r.objects).")
            Console.out("SQLite-registret lades undan som \(r.retiredIndex).")
        }
    }
}
