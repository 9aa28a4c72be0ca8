import Foundation

/// The text layer of a PDF, read by poppler's `pdftotext` (Debian's poppler-utils) in a child
/// process that cannot hang or exhaust Diarium: a wall-clock limit (`timeout`), memory, CPU and
/// output limits (`prlimit`, when present), and no more output read than `maxOutput`. A hostile
/// or broken PDF makes extraction fail, never the caller.
///
/// What it gives is the text layer only: text in pictures (a scan without OCR) or drawn as
/// paths is not in it, so the absence of a detail from it shows nothing.
struct PDFText: Sendable {
    enum Failure: Error, Sendable, Equatable {
        /// No `pdftotext` on this machine (`make deps` installs poppler-utils).
        case unavailable
        /// The tool stopped with an error: an encrypted, damaged or not-a-PDF file.
        case unreadable
        /// The tool ran past its time or memory.
        case limitReached
        /// More text than `maxOutput`.
        case tooMuchText
    }

    var seconds = 30
    var memoryBytes = 1 << 30
    var maxOutput = 64 << 20

    /// `pdftotext` on the `PATH` (or in /usr/bin), if installed.
    static let tool: String? = find("pdftotext")
    static let timeoutTool: String? = find("timeout")
    static let prlimitTool: String? = find("prlimit")

    static var isAvailable: Bool { tool != nil }

    static func find(_ name: String) -> String? {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? ""
        for dir in path.split(separator: ":").map(String.init) + ["/usr/bin", "/bin"] where !dir.isEmpty {
            let candidate = dir + "/" + name
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
        }
        return nil
    }

    /// The text of the PDF at `file`, pages separated by a blank line, in UTF-8.
    func text(of file: URL) -> Result<String, Failure> {
        guard let tool = Self.tool else { return .failure(.unavailable) }
        var arguments = [tool, "-q", "-enc", "UTF-8", "-eol", "unix", file.path, "-"]
        if let prlimit = Self.prlimitTool {
            arguments = [prlimit, "--as=\(memoryBytes)", "--cpu=\(seconds)", "--fsize=0", "--"] + arguments
        }
        if let timeout = Self.timeoutTool {
            arguments = [timeout, "--signal=KILL", "\(seconds)s"] + arguments
        }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: arguments[0])
        process.arguments = Array(arguments.dropFirst())
        // Nothing of the environment but what the tool needs: no locale that changes its output.
        process.environment = ["PATH": "/usr/bin:/bin", "LC_ALL": "C.UTF-8"]
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
        if overflow { return .failure(.tooMuchText) }
        guard process.terminationReason == .exit else { return .failure(.limitReached) }
        switch process.terminationStatus {
        case 0: break
        // 124/137: `timeout`; 152 (SIGXCPU) and an allocation failure end the tool too.
        case 124, 137, 152: return .failure(.limitReached)
        default: return .failure(.unreadable)
        }
        guard let text = String(data: bytes, encoding: .utf8) else { return .failure(.unreadable) }
        // Form feeds separate the pages: a blank line in a copy, no control character in it.
        let pages = text.split(separator: "\u{0C}", omittingEmptySubsequences: false)
            .map { $0.trimmingCharacters(in: .newlines) }
            .filter { !$0.isEmpty }
        return .success(pages.joined(separator: "\n\n"))
    }
}
