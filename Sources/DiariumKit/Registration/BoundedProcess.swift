import Foundation

/// A tool run in a child process that cannot hang or exhaust Diarium: a wall-clock limit
/// (`timeout`), memory, CPU and file-size limits (`prlimit`, when present), a bare environment,
/// and no more output read than `maxOutput`. A hostile input makes the tool fail, never the
/// caller. Used for the readers of files Diarium does not parse itself (poppler, tesseract).
struct BoundedProcess: Sendable {
    enum Failure: Error, Sendable, Equatable {
        /// The tool is not installed (`make deps` installs it).
        case unavailable
        /// The tool stopped with an error: an encrypted, damaged or wrong file.
        case unreadable
        /// The tool ran past its time or memory.
        case limitReached
        /// More output than `maxOutput`.
        case tooMuchOutput
    }

    var seconds = 30
    var memoryBytes = 1 << 30
    var maxOutput = 64 << 20
    /// Whether the tool may write files (pdftoppm writes its pages; a text reader writes none).
    var mayWriteFiles = false
    /// Extra environment for the tool, beside `PATH` and `LC_ALL`.
    var environment: [String: String] = [:]

    static let timeoutTool: String? = find("timeout")
    static let prlimitTool: String? = find("prlimit")

    /// `name` on the `PATH` (or in /usr/bin, /bin), if installed.
    static func find(_ name: String) -> String? {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? ""
        for dir in path.split(separator: ":").map(String.init) + ["/usr/bin", "/bin"] where !dir.isEmpty {
            let candidate = dir + "/" + name
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
        }
        return nil
    }

    /// Runs `tool` with `arguments` and returns what it wrote to standard output.
    func run(_ tool: String, _ arguments: [String]) -> Result<Data, Failure> {
        var argv = [tool] + arguments
        if let prlimit = Self.prlimitTool {
            // 512 MiB per written file: a page image is a few MiB; nothing writes without need.
            let fsize = mayWriteFiles ? 512 << 20 : 0
            argv = [prlimit, "--as=\(memoryBytes)", "--cpu=\(seconds)", "--fsize=\(fsize)", "--"] + argv
        }
        if let timeout = Self.timeoutTool {
            argv = [timeout, "--signal=KILL", "\(seconds)s"] + argv
        }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: argv[0])
        process.arguments = Array(argv.dropFirst())
        // Nothing of Diarium's environment: no locale that changes the output, no variable of ours.
        process.environment = ["PATH": "/usr/bin:/bin", "LC_ALL": "C.UTF-8"].merging(environment) { a, _ in a }
        let output = Pipe()
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        process.standardInput = FileHandle.nullDevice
        do { try process.run() } catch { return .failure(.unavailable) }
        var bytes = Data()
        var overflow = false
        let reader = output.fileHandleForReading
        while true {
            let chunk = reader.availableData
            if chunk.isEmpty { break }
            bytes.append(chunk)
            if bytes.count > maxOutput {
                overflow = true
                process.terminate()
                break
            }
        }
        try? reader.close()
        process.waitUntilExit()
        if overflow { return .failure(.tooMuchOutput) }
        guard process.terminationReason == .exit else { return .failure(.limitReached) }
        switch process.terminationStatus {
        case 0: return .success(bytes)
        // 124/137: `timeout`; 152 (SIGXCPU) and an allocation failure end the tool too.
        case 124, 137, 152: return .failure(.limitReached)
        default: return .failure(.unreadable)
        }
    }
}
