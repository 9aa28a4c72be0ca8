import Foundation

/// Text read by OCR from a picture: a scanned letter as an image, or a PDF without a text layer,
/// by Debian's tesseract with its Swedish model (`tesseract-ocr-swe`). A PDF's pages are first
/// drawn as images by poppler's `pdftoppm`. Every tool runs in a bounded child process
/// (`BoundedProcess`), on copies in a private temporary folder removed afterwards.
///
/// OCR text is a reading, not the document: it holds misreadings, and what it misses shows
/// nothing. It goes to the internal search only, marked as OCR text.
struct OCRText: Sendable {
    typealias Failure = BoundedProcess.Failure

    /// Pages of a PDF read at most: a longer scan is read in part, and says so.
    var maxPages = 20
    /// Resolution the pages are drawn at: 200 dpi reads ordinary print well at a third of the
    /// time 300 takes.
    var dpi = 200
    /// Each tool run's limits; the whole reading of a PDF at most `maxPages` of them.
    var limits = BoundedProcess(seconds: 60, memoryBytes: 1 << 30, maxOutput: 16 << 20)

    static let tesseract: String? = BoundedProcess.find("tesseract")
    static let pdftoppm: String? = BoundedProcess.find("pdftoppm")
    static let language = "swe"
    /// The pictures tesseract reads (through leptonica).
    static let imageTypes: Set<String> = ["image/png", "image/jpeg", "image/tiff"]

    /// Whether tesseract and its Swedish model are installed (asked once per process).
    static let hasSwedish: Bool = {
        guard let tool = tesseract else { return false }
        guard case .success(let out) = BoundedProcess(seconds: 10).run(tool, ["--list-langs"]) else { return false }
        return String(decoding: out, as: UTF8.self).split(whereSeparator: \.isNewline).contains { $0 == Substring(language) }
    }()

    /// What the reading gave: the text, and how many pages were read of how many.
    struct Reading: Sendable, Equatable {
        var text: String
        var pagesRead: Int
        var pages: Int
    }

    /// The text of the image at `file` (PNG, JPEG, TIFF).
    func image(_ file: URL) -> Result<Reading, Failure> {
        guard let tool = Self.tesseract, Self.hasSwedish else { return .failure(.unavailable) }
        return recognise(tool, file).map { Reading(text: $0, pagesRead: 1, pages: 1) }
    }

    /// The text of the PDF at `file`, its first `maxPages` pages drawn and read page by page.
    func pdf(_ file: URL, pages: Int?) -> Result<Reading, Failure> {
        guard let tool = Self.tesseract, Self.hasSwedish, let draw = Self.pdftoppm else { return .failure(.unavailable) }
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("diarium-ocr-\(UUID().uuidString)")
        do { try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: false, attributes: [.posixPermissions: 0o700]) } catch {
            return .failure(.unavailable)
        }
        defer { try? FileManager.default.removeItem(at: folder) }
        var drawing = limits
        drawing.mayWriteFiles = true
        let last = min(pages ?? maxPages, maxPages)
        switch drawing.run(draw, ["-q", "-r", String(dpi), "-gray", "-png", "-f", "1", "-l", String(last), file.path,
                                  folder.appendingPathComponent("page").path]) {
        case .success: break
        case .failure(let f): return .failure(f)
        }
        let images: [URL]
        do {
            images = try FileManager.default.contentsOfDirectory(at: folder, includingPropertiesForKeys: nil)
                .filter { $0.pathExtension == "png" }
                .sorted { $0.lastPathComponent.localizedStandardCompare($1.lastPathComponent) == .orderedAscending }
        } catch { return .failure(.unreadable) }
        guard !images.isEmpty else { return .failure(.unreadable) }
        var texts: [String] = []
        for image in images {
            switch recognise(tool, image) {
            case .success(let t): if !t.isEmpty { texts.append(t) }
            case .failure(let f): return .failure(f)
            }
        }
        return .success(Reading(text: texts.joined(separator: "\n\n"), pagesRead: images.count, pages: max(pages ?? images.count, images.count)))
    }

    private func recognise(_ tool: String, _ image: URL) -> Result<String, Failure> {
        var run = limits
        // One thread: two cores serve the server too, and OpenMP's threads only contend.
        run.environment = ["OMP_THREAD_LIMIT": "1"]
        switch run.run(tool, [image.path, "-", "-l", Self.language, "--psm", "3"]) {
        case .success(let out):
            guard let text = String(data: out, encoding: .utf8) else { return .failure(.unreadable) }
            let lines = text.replacingOccurrences(of: "\u{0C}", with: "\n").split(separator: "\n", omittingEmptySubsequences: false)
                .map { $0.trimmingCharacters(in: .whitespaces) }
            // Runs of blank lines become one: paragraphs kept, the page's empty space not.
            var kept: [String] = []
            for line in lines where !(line.isEmpty && (kept.last?.isEmpty ?? true)) { kept.append(line) }
            return .success(kept.joined(separator: "\n").trimmingCharacters(in: .whitespacesAndNewlines))
        case .failure(let f): return .failure(f)
        }
    }
}
