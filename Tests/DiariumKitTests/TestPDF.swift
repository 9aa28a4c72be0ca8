import Foundation

/// A small, valid PDF with one page of text in Helvetica (WinAnsi: Swedish letters included),
/// written byte by byte so that the tests need no PDF library: what a text layer looks like to
/// poppler.
enum TestPDF {
    static func page(_ lines: [String]) -> Data {
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
        var content: [UInt8] = Array("BT /F1 12 Tf 72 770 Td 16 TL\n".utf8)
        for (i, line) in lines.enumerated() {
            if i > 0 { content += Array("T*\n".utf8) }
            content += literal(line) + Array(" Tj\n".utf8)
        }
        content += Array("ET\n".utf8)
        let objects: [[UInt8]] = [
            Array("<< /Type /Catalog /Pages 2 0 R >>".utf8),
            Array("<< /Type /Pages /Kids [3 0 R] /Count 1 >>".utf8),
            Array("<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 4 0 R >> >> /Contents 5 0 R >>".utf8),
            Array("<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>".utf8),
            Array("<< /Length \(content.count) >>\nstream\n".utf8) + content + Array("endstream".utf8),
        ]
        return assemble(objects)
    }

    /// A PDF of the numbered objects (the first the catalog), with its cross-reference table.
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

    /// A scanned letter: the page of `lines` drawn as a grey image by poppler's pdftoppm at
    /// `dpi`, as PNG bytes (a picture with no text in it but its pixels).
    static func scannedImage(_ lines: [String], dpi: Int = 150) throws -> Data {
        try drawn(lines, dpi: dpi, format: "-png", suffix: "png")
    }

    /// The same scan as a PDF that holds only the image: no text layer, as a scanner makes it.
    /// `pages` pages of the same scan.
    static func scannedPDF(_ lines: [String], dpi: Int = 150, pages: Int = 1) throws -> Data {
        let pgm = try drawn(lines, dpi: dpi, format: "-pgm", suffix: "pgm")
        // P5 header: magic, width, height, maxval, each after white space; then the raw bytes.
        var fields: [String] = []
        var i = pgm.startIndex
        while fields.count < 4 {
            while pgm[i] == 0x20 || pgm[i] == 0x0A || pgm[i] == 0x0D || pgm[i] == 0x09 { i += 1 }
            var field = ""
            while !(pgm[i] == 0x20 || pgm[i] == 0x0A || pgm[i] == 0x0D || pgm[i] == 0x09) { field.append(Character(UnicodeScalar(pgm[i]))); i += 1 }
            fields.append(field)
        }
        i += 1
        let width = Int(fields[1])!, height = Int(fields[2])!
        let pixels = Array(pgm[i...])
        let pageWidth = width * 72 / dpi, pageHeight = height * 72 / dpi
        let content = Array("q \(pageWidth) 0 0 \(pageHeight) 0 0 cm /Im1 Do Q\n".utf8)
        // Objects: 1 catalog, 2 pages, 3 image, 4 content, then one page object per page.
        let kids = (0..<pages).map { "\($0 + 5) 0 R" }.joined(separator: " ")
        return assemble([
            Array("<< /Type /Catalog /Pages 2 0 R >>".utf8),
            Array("<< /Type /Pages /Kids [\(kids)] /Count \(pages) >>".utf8),
            Array("<< /Type /XObject /Subtype /Image /Width \(width) /Height \(height) /ColorSpace /DeviceGray /BitsPerComponent 8 /Length \(pixels.count) >>\nstream\n".utf8)
                + pixels + Array("\nendstream".utf8),
            Array("<< /Length \(content.count) >>\nstream\n".utf8) + content + Array("endstream".utf8),
        ] + (0..<pages).map { _ in
            Array("<< /Type /Page /Parent 2 0 R /MediaBox [0 0 \(pageWidth) \(pageHeight)] /Resources << /XObject << /Im1 3 0 R >> >> /Contents 4 0 R >>".utf8)
        })
    }

    private static func drawn(_ lines: [String], dpi: Int, format: String, suffix: String) throws -> Data {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("diarium-testscan-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let source = dir.appendingPathComponent("text.pdf")
        try page(lines).write(to: source)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/pdftoppm")
        // Only the top of the page, where the lines are: a small scan reads fast.
        let height = (72 + 16 * lines.count + 24) * dpi / 72
        process.arguments = ["-q", "-r", String(dpi), "-gray"] + (format == "-pgm" ? [] : [format]) + ["-singlefile", "-x", "0", "-y", "0", "-W", String(595 * dpi / 72),
                             "-H", String(height), source.path, dir.appendingPathComponent("scan").path]
        try process.run()
        process.waitUntilExit()
        return try Data(contentsOf: dir.appendingPathComponent("scan.\(suffix)"))
    }
}
