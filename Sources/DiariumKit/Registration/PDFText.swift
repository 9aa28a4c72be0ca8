import Foundation

/// The text layer of a PDF, read by poppler's `pdftotext` (Debian's poppler-utils) in a bounded
/// child process (`BoundedProcess`): a hostile or broken PDF makes extraction fail, never the
/// caller.
///
/// What it gives is the text layer only: text in pictures (a scan without OCR) or drawn as
/// paths is not in it, so the absence of a detail from it shows nothing.
struct PDFText: Sendable {
    typealias Failure = BoundedProcess.Failure

    var limits = BoundedProcess()

    /// `pdftotext` on the `PATH` (or in /usr/bin), if installed.
    static let tool: String? = BoundedProcess.find("pdftotext")

    static let infoTool: String? = BoundedProcess.find("pdfinfo")

    static var isAvailable: Bool { tool != nil }

    /// The PDF's page count, from poppler's `pdfinfo`; nil when it cannot tell.
    func pageCount(of file: URL) -> Int? {
        guard let tool = Self.infoTool, case .success(let out) = limits.run(tool, [file.path]) else { return nil }
        for line in String(decoding: out, as: UTF8.self).split(whereSeparator: \.isNewline) where line.hasPrefix("Pages:") {
            return Int(line.dropFirst(6).trimmingCharacters(in: .whitespaces))
        }
        return nil
    }

    /// The text of the PDF at `file`, pages separated by a blank line, in UTF-8.
    func text(of file: URL) -> Result<String, Failure> {
        guard let tool = Self.tool else { return .failure(.unavailable) }
        let bytes: Data
        switch limits.run(tool, ["-q", "-enc", "UTF-8", "-eol", "unix", file.path, "-"]) {
        case .success(let b): bytes = b
        case .failure(let f): return .failure(f)
        }
        guard let text = String(data: bytes, encoding: .utf8) else { return .failure(.unreadable) }
        // Form feeds separate the pages: a blank line in a copy, no control character in it.
        let pages = text.split(separator: "\u{0C}", omittingEmptySubsequences: false)
            .map { $0.trimmingCharacters(in: .newlines) }
            .filter { !$0.isEmpty }
        return .success(pages.joined(separator: "\n\n"))
    }
}
