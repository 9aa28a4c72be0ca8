import ArgumentParser
import DiariumKit
import DiariumStore

struct VerifyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "verify",
        abstract: "Check the archive: objects, rows, the audit chain and its anchor, the number series.",
        discussion: """
            Re-hashes every object, checks every row's objects, walks the audit chain, checks every \
            signed head in audit-anchor.log against the chain (with the key file, or with \
            --public-key when only that is at hand), and compares the number series with the \
            numbers used. Prints the chain's current head and the newest signed entry: publish \
            them (a board report, a letter to the archive authority) and check them later with \
            --published-head, so that a rewrite the log alone cannot show still shows. \
            Exits 1 when it finds damage. Leftovers of an interrupted write are reported as notices, not damage.
            """)

    @OptionGroup var options: StoreOptions

    @Option(name: .long, help: ArgumentHelp("Check the anchor log's signatures with this public key (64 hex digits, as init prints it) instead of the key file.", valueName: "hex"))
    var publicKey: AnchorPublicKey?

    @Option(name: .long, help: ArgumentHelp("A head published earlier, as EVENT:HASH (the event number and its 64 hex digits, as verify prints them): the chain must still hold that event with that hash. Repeatable.", valueName: "event:hash"))
    var publishedHead: [AnchorHead] = []

    func run() throws {
        try DiariumCLI.runChecked(json: options.json) { () throws(DiariumError) -> Outcome in
            let report = try options.open().verify(publicKey: publicKey, publishedHeads: publishedHead, as: options.principal)
            if options.json {
                Console.out(Console.encode(report))
            } else {
                Console.out("Kontrollerade \(report.objectsChecked) arkivobjekt, \(report.documentsChecked) handlingar och \(report.auditEventsChecked) händelser i granskningsloggen.")
                let a = report.anchor
                if let head = a.head {
                    Console.out("Granskningsloggens huvud: händelse \(head.event), sha256 \(head.hash)")
                    Console.out("  att publicera och senare kontrollera med --published-head \(head)")
                }
                if let n = a.newestAnchor {
                    Console.out("Senast förankrad: händelse \(n.event), sha256 \(n.hash), \(n.at), signatur \(n.signature)")
                }
                if a.signaturesChecked, let key = a.publicKey {
                    Console.out("Förankringen kontrollerad: \(a.entriesChecked) signerade huvuden med den publika nyckeln \(key).")
                }
                for n in report.notices { Console.out("Notering: \(n.description)") }
                for d in report.damage { Console.error("SKADA: \(d.description)") }
                Console.out(report.isIntact ? "Arkivet är helt." : "Arkivet är skadat: \(report.damage.count) fel.")
            }
            return report.isIntact ? .done : .refused
        }
    }
}
