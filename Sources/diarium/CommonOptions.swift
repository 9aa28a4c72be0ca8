import ArgumentParser
import DiariumKit
import DiariumModel
import Foundation

/// Options every store command takes.
struct StoreOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp("The store folder (default: $DIARIUM_STORE, else ./archive).", valueName: "dir"))
    var store: FolderArgument?

    @Flag(name: .long, help: "Print one JSON value on stdout and nothing else.")
    var json = false

    @Option(name: .long, help: ArgumentHelp("Who is acting, for the register and the audit log (default: $DIARIUM_USER, else the login name).", valueName: "name"))
    var user: String?

    @Option(name: .long, help: ArgumentHelp("The signing key that anchors the audit chain, kept apart from the store (default: $DIARIUM_KEY, else <store>.anchor-key beside the store folder). Writes to an anchored store need it.", valueName: "file"))
    var key: FileArgument?

    var storeURL: URL {
        (store ?? FolderArgument(path: ProcessInfo.processInfo.environment["DIARIUM_STORE"] ?? "archive")).url
    }

    /// Whoever runs the command line acts as the store's operator: the files are theirs to read
    /// and write, so every role and organisation is theirs too. `--user` names them.
    var principal: Principal { .operator(user ?? Diarium.defaultActor()) }

    /// nil: the default beside the store, which the store works out itself.
    var keyURL: URL? {
        (key ?? ProcessInfo.processInfo.environment["DIARIUM_KEY"].map(FileArgument.init(path:)))?.url
    }

    func open() throws(DiariumError) -> Diarium {
        try Diarium(store: storeURL, home: try DiariumHome.locate(executable: DiariumCLI.executable), key: keyURL)
    }
}

/// How a command that did not fail ends: done (exit 0), or with a result that is no success
/// (a check that refuses, an invalid file, a damaged store: exit 1) after printing it.
enum Outcome {
    case done, refused
}

/// Runs a use case and turns a `DiariumError` into the CLI contract: problems on stderr as
/// `field: message [rule]`, with `--json` also `{"errors": […]}` on stdout; exit 1 for the
/// user's errors, 70 for faults.
func run(json: Bool, _ body: () throws(DiariumError) -> Void) throws(ExitCode) {
    try run(json: json, outcome: { () throws(DiariumError) -> Outcome in
        try body()
        return .done
    })
}

/// `run` for a command whose result may be no success.
func run(json: Bool, outcome body: () throws(DiariumError) -> Outcome) throws(ExitCode) {
    let outcome: Outcome
    do { outcome = try body() } catch {
        for p in error.problems { Console.error(p.description) }
        if json { Console.out(Console.encode(["errors": error.problems])) }
        throw ExitCode(error.isUserError ? 1 : 70)
    }
    if outcome == .refused { throw ExitCode(1) }
}

enum Console {
    static func out(_ text: String) {
        print(text)
    }

    static func error(_ text: String) {
        FileHandle.standardError.write(Data((text + "\n").utf8))
    }

    static func encode<T: Encodable>(_ value: T) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return (try? encoder.encode(value)).map { String(decoding: $0, as: UTF8.self) } ?? "null"
    }
}
