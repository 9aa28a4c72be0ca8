@_spi(Tools) import DiariumKit
public import Foundation

/// `diarium bench --files`: how long registration's readers take on the files registrars get:
/// a PDF of text pages (poppler's text layer), a scanned page as an image and as a PDF without a
/// text layer (OCR with Swedish). Each is timed through the Kit's own intake, child processes
/// and limits included.
public struct FileBenchReport: Sendable, Codable {
    public struct Figure: Sendable, Codable {
        public let what: String
        public let pages: Int
        public let bytes: Int
        public let characters: Int
        public let source: String
        public let runs: Int
        public let minMs: Double
        public let medianMs: Double
        public let maxMs: Double
    }

    public var figures: [Figure] = []
}

extension Bench {
    public static func files(pages: Int = 20, runs: Int = 5, scratch: URL, progress: (String) -> Void) throws -> FileBenchReport {
        let dir = scratch.appendingPathComponent("diarium-bench-files-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let line = "Anbud på ultraljudsgel till Region Sörmland: leverans inom fem arbetsdagar, pris per flaska 48 kronor."
        let text = dir.appendingPathComponent("anbud-\(pages)-sidor.pdf")
        try BenchPDF.pages((1...pages).map { p in (1...40).map { "Sida \(p), rad \($0): \(line)" } }).write(to: text)
        let scan = dir.appendingPathComponent("brev.png")
        let scannedPDF = dir.appendingPathComponent("brev-skannat.pdf")
        let letter = ["Till Region Västmanland, inköpsavdelningen", "Vi begär att få ta del av tilldelningsbeslutet", "och av de anbud som lämnades.",
                      "Med vänlig hälsning, Örebro Hjälpmedel AB"]
        try BenchPDF.scan(letter, png: scan, pdf: scannedPDF, in: dir)
        var report = FileBenchReport()
        for (what, url, count) in [("PDF with a text layer", text, pages), ("scanned image (PNG)", scan, 1), ("scanned PDF without a text layer", scannedPDF, 1)] {
            var times: [Double] = []
            var last: (source: String, characters: Int) = ("", 0)
            for _ in 0..<runs {
                let t0 = DispatchTime.now().uptimeNanoseconds
                last = try Diarium.readText(of: url)
                times.append(Double(DispatchTime.now().uptimeNanoseconds - t0) / 1e6)
            }
            times.sort()
            let bytes = (try? FileManager.default.attributesOfItem(atPath: url.path)[.size] as? Int) ?? 0
            report.figures.append(.init(what: what, pages: count, bytes: bytes, characters: last.characters, source: last.source, runs: runs,
                                        minMs: times[0], medianMs: times[times.count / 2], maxMs: times[times.count - 1]))
            progress("\(what): median \(String(format: "%.0f", times[times.count / 2])) ms")
        }
        return report
    }
}

/// PDFs written byte by byte for the bench: pages of Helvetica text, and a scan (a page drawn
/// by poppler's pdftoppm, kept as a PNG and wrapped as an image-only PDF).
enum BenchPDF {
    static func pages(_ pages: [[String]]) -> Data {
        func literal(_ s: String) -> [UInt8] {
            var out: [UInt8] = [UInt8(ascii: "(")]
            for u in s.unicodeScalars {
                let b = UInt8(truncatingIfNeeded: u.value <= 0xFF ? u.value : 0x3F)
                if b == UInt8(ascii: "(") || b == UInt8(ascii: ")") || b == UInt8(ascii: "\\") { out.append(UInt8(ascii: "\\")) }
                out.append(b)
            }
            out.append(UInt8(ascii: ")"))
            return out
        }
        // Objects: 1 catalog, 2 pages, 3 font, then a page and its content per page.
        var objects: [[UInt8]] = [
            Array("<< /Type /Catalog /Pages 2 0 R >>".utf8),
            Array("<< /Type /Pages /Kids [\((0..<pages.count).map { "\(4 + 2 * $0) 0 R" }.joined(separator: " "))] /Count \(pages.count) >>".utf8),
            Array("<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>".utf8),
        ]
        for (i, lines) in pages.enumerated() {
            var content: [UInt8] = Array("BT /F1 9 Tf 36 800 Td 12 TL\n".utf8)
            for line in lines { content += literal(line) + Array(" Tj T*\n".utf8) }
            content += Array("ET\n".utf8)
            objects.append(Array("<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 3 0 R >> >> /Contents \(5 + 2 * i) 0 R >>".utf8))
            objects.append(Array("<< /Length \(content.count) >>\nstream\n".utf8) + content + Array("endstream".utf8))
        }
        return assemble(objects)
    }

    static func assemble(_ objects: [[UInt8]]) -> Data {
        var pdf: [UInt8] = Array("%PDF-1.4\n".utf8)
        var offsets: [Int] = []
        for (i, body) in objects.enumerated() {
            offsets.append(pdf.count)
            pdf += Array("\(i + 1) 0 obj\n".utf8) + body + Array("\nendobj\n".utf8)
        }
        let xref = pdf.count
        pdf += Array("xref\n0 \(objects.count + 1)\n0000000000 65535 f \n".utf8)
        for o in offsets { pdf += Array(String(format: "%010d 00000 n \n", o).utf8) }
        pdf += Array("trailer\n<< /Size \(objects.count + 1) /Root 1 0 R >>\nstartxref\n\(xref)\n%%EOF\n".utf8)
        return Data(pdf)
    }

    /// A letter drawn at 200 dpi by pdftoppm, as a PNG (`png`) and as an image-only PDF (`pdf`).
    static func scan(_ lines: [String], png: URL, pdf: URL, in dir: URL) throws {
        let source = dir.appendingPathComponent("letter.pdf")
        try pages([lines]).write(to: source)
        try run("/usr/bin/pdftoppm", ["-q", "-r", "200", "-gray", "-png", "-singlefile", source.path, png.deletingPathExtension().path])
        // The same page as grey pixels (PGM), wrapped as the one image of a PDF.
        let pgm = dir.appendingPathComponent("letter")
        try run("/usr/bin/pdftoppm", ["-q", "-r", "200", "-gray", "-singlefile", source.path, pgm.path])
        let raw = try Data(contentsOf: pgm.appendingPathExtension("pgm"))
        try imagePDF(pgm: raw, dpi: 200).write(to: pdf)
    }

    static func imagePDF(pgm: Data, dpi: Int) -> Data {
        let bytes = [UInt8](pgm)
        var fields: [String] = []
        var i = 0
        func blank(_ b: UInt8) -> Bool { b == 0x20 || b == 0x0A || b == 0x0D || b == 0x09 }
        while fields.count < 4 {
            while blank(bytes[i]) { i += 1 }
            var f = ""
            while !blank(bytes[i]) { f.append(Character(UnicodeScalar(bytes[i]))); i += 1 }
            fields.append(f)
        }
        i += 1
        let width = Int(fields[1]) ?? 1, height = Int(fields[2]) ?? 1
        let pixels = Array(bytes[i...])
        let w = width * 72 / dpi, h = height * 72 / dpi
        let content = Array("q \(w) 0 0 \(h) 0 0 cm /Im1 Do Q\n".utf8)
        let objects: [[UInt8]] = [
            Array("<< /Type /Catalog /Pages 2 0 R >>".utf8),
            Array("<< /Type /Pages /Kids [3 0 R] /Count 1 >>".utf8),
            Array("<< /Type /Page /Parent 2 0 R /MediaBox [0 0 \(w) \(h)] /Resources << /XObject << /Im1 4 0 R >> >> /Contents 5 0 R >>".utf8),
            Array("<< /Type /XObject /Subtype /Image /Width \(width) /Height \(height) /ColorSpace /DeviceGray /BitsPerComponent 8 /Length \(pixels.count) >>\nstream\n".utf8)
                + pixels + Array("\nendstream".utf8),
            Array("<< /Length \(content.count) >>\nstream\n".utf8) + content + Array("endstream".utf8),
        ]
        return assemble(objects)
    }

    private static func run(_ tool: String, _ arguments: [String]) throws {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: tool)
        p.arguments = arguments
        try p.run()
        p.waitUntilExit()
        guard p.terminationStatus == 0 else { throw CocoaError(.fileWriteUnknown) }
    }
}
