import DiariumKit
import Foundation

/// The repository (for templates/ and schemas/) and the fixtures, which are the Kit tests': the
/// command runs on the same examples as the library, from the one copy of them.
enum Paths {
    static let repo = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static let home = DiariumHome(root: repo)
    static let fixtures = repo.appendingPathComponent("Tests/DiariumKitTests/Fixtures")
    static func fixture(_ name: String) -> URL { fixtures.appendingPathComponent(name) }

    /// The `diarium` executable built beside the test bundle.
    static var binary: URL {
        let beside = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("diarium")
        if FileManager.default.isExecutableFile(atPath: beside.path) { return beside }
        return repo.appendingPathComponent(".build/debug/diarium")
    }
}

/// Runs the real `diarium` executable.
@discardableResult
func runCLI(_ args: [String], environment: [String: String] = [:]) throws -> (status: Int32, stdout: String, stderr: String) {
    let p = Process()
    p.executableURL = Paths.binary
    p.arguments = args
    var env = ProcessInfo.processInfo.environment
    env["DIARIUM_USER"] = "CLI-test"
    for (k, v) in environment { env[k] = v }
    p.environment = env
    let out = Pipe(), err = Pipe()
    p.standardOutput = out
    p.standardError = err
    try p.run()
    let o = out.fileHandleForReading.readDataToEndOfFile()
    let e = err.fileHandleForReading.readDataToEndOfFile()
    p.waitUntilExit()
    return (p.terminationStatus, String(decoding: o, as: UTF8.self), String(decoding: e, as: UTF8.self))
}
