import ArgumentParser
import DiariumKit
import DiariumWeb
import Foundation
import Hummingbird

struct ServeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Run the web application: the public webbdiarium and request form, and the staff pages.",
        discussion: "Listens on 127.0.0.1:8080 unless --host and --port say otherwise; Ctrl-C stops it. Staff log in with the accounts of `diarium user`. Behind an HTTPS reverse proxy, give --behind-proxy.")

    @Option(name: .long, help: ArgumentHelp("The address to listen on.", valueName: "host"))
    var host = "127.0.0.1"

    @Option(name: .long, help: ArgumentHelp("The port to listen on.", valueName: "port"))
    var port = 8080

    @Option(name: .long, help: ArgumentHelp("The largest file the registrar's upload takes, in MB.", valueName: "mb"))
    var maxUploadMb = 25

    @Flag(name: .long, help: "The server sits behind an HTTPS reverse proxy: Secure cookies with __Host- names, HSTS, and the client's address (for login throttling) taken from the last entry of X-Forwarded-For, which the proxy must set.")
    var behindProxy = false

    @OptionGroup var options: StoreOptions

    func validate() throws {
        guard (1...65535).contains(port) else { throw ValidationError("--port must be between 1 and 65535") }
        // A body is held in memory while it is read: a bound that a server of a region can afford.
        guard (1...100).contains(maxUploadMb) else { throw ValidationError("--max-upload-mb must be between 1 and 100") }
    }

    func run() throws {
        var site: Site?
        try DiariumCLI.run(json: false) { () throws(DiariumError) in
            site = try Site(diarium: options.open(), home: DiariumHome.locate(executable: DiariumCLI.executable),
                            uploadLimit: maxUploadMb * 1_048_576, behindProxy: behindProxy)
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
