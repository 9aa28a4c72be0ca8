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
}
