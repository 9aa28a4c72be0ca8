import ArgumentParser
import DiariumKit
import DiariumWeb
import Foundation
import Hummingbird

struct ServeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Run the web application: the public webbdiarium (search, register entries, cases).",
        discussion: "Listens on 127.0.0.1:8080 unless --host and --port say otherwise; Ctrl-C stops it.")

    @Option(name: .long, help: ArgumentHelp("The address to listen on.", valueName: "host"))
    var host = "127.0.0.1"

    @Option(name: .long, help: ArgumentHelp("The port to listen on.", valueName: "port"))
    var port = 8080

    @OptionGroup var options: StoreOptions

    func validate() throws {
        guard (1...65535).contains(port) else { throw ValidationError("--port must be between 1 and 65535") }
    }

    func run() throws {
        var site: Site?
        try DiariumCLI.run(json: false) { () throws(DiariumError) in
            site = try Site(diarium: options.open(), home: DiariumHome.locate(executable: DiariumCLI.executable))
        }
        guard let site else { return }
        let app = WebServer.application(site, host: host, port: port)
        // Written straight to the descriptor: a buffered line would wait until the server stops.
        FileHandle.standardOutput.write(Data("Webbdiariet: http://\(host):\(port)/  (Ctrl-C stoppar)\n".utf8))
        let done = DispatchSemaphore(value: 0)
        let failure = Failure()
        Task {
            do { try await app.runService() } catch { failure.message = "\(error)" }
            done.signal()
        }
        done.wait()
        if let message = failure.message {
            Console.error("serve: \(message)")
            throw ExitCode(70)
        }
    }

    /// The server task's error, read once the task has signalled.
    final class Failure: @unchecked Sendable {
        var message: String?
    }
}
