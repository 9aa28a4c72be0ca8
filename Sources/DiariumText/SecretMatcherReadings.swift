import Foundation

/// The other readings of a text the matcher searches besides the text as written: escapes that a
/// URL, a mail transfer encoding or base64 put over it, decoded, each with the place in the text
/// of every scalar (so that a hit is reported and masked where it stands).
extension SecretMatcher {
    /// The text as written, then decoded as a URL or a mail transfer encoding writes it
    /// (`Sj%C3%B6berg`, `Sj=C3=B6berg`) or as base64 where it holds such runs, then with a
    /// mid-word capital I as an l: each reading with the place in the text of each of its
    /// scalars (nil: the same places as the text).
    static func readings(of scalars: [Unicode.Scalar]) -> [(scalars: [Unicode.Scalar], origins: [Int]?)] {
        var readings: [(scalars: [Unicode.Scalar], origins: [Int]?)] = [(scalars, nil)]
        for escape in [UInt8(ascii: "%"), UInt8(ascii: "=")] {
            if let decoded = byteEscapesDecoded(scalars, escape: escape) { readings.append((decoded.scalars, decoded.origins)) }
        }
        if let decoded = base64Decoded(scalars) { readings.append((decoded.scalars, decoded.origins)) }
        // A capital I inside a word is drawn as an l in most sans-serif fonts (`KemikonsuIt`).
        if scalars.indices.contains(where: { $0 > 0 && scalars[$0] == "I" && scalars[$0 - 1].properties.isLowercase }) {
            var l = scalars
            for k in l.indices.dropFirst() where l[k] == "I" && l[k - 1].properties.isLowercase { l[k] = "l" }
            readings.append((l, nil))
        }
        return readings
    }

    /// The text that base64 runs of `scalars` carry (an attachment inside a JSON export, a MIME
    /// part), each run read as UTF-8 where it decodes to text, with the place of each of its
    /// scalars at the run's start; nil when there is no such run.
    static func base64Decoded(_ scalars: [Unicode.Scalar]) -> (scalars: [Unicode.Scalar], origins: [Int])? {
        func value(_ u: Unicode.Scalar) -> UInt8? {
            switch u.value {
            case 0x41...0x5A: UInt8(u.value - 0x41)
            case 0x61...0x7A: UInt8(u.value - 0x61 + 26)
            case 0x30...0x39: UInt8(u.value - 0x30 + 52)
            case 0x2B: 62
            case 0x2F: 63
            default: nil
            }
        }
        var out: [Unicode.Scalar] = []
        var origins: [Int] = []
        var i = 0
        while i < scalars.count {
            guard value(scalars[i]) != nil else { i += 1; continue }
            var j = i
            while j < scalars.count, value(scalars[j]) != nil { j += 1 }
            var end = j
            while end < scalars.count, scalars[end] == "=", end - j < 2 { end += 1 }
            // Long enough not to be a word, a multiple of four, with both cases or a digit: a
            // hash in hex or a long word is no base64.
            let run = scalars[i..<j]
            if j - i >= 24, (end - i) % 4 == 0, run.contains(where: { $0.properties.isUppercase }),
               run.contains(where: { $0.properties.isLowercase }) {
                var bits: UInt32 = 0, count = 0
                var bytes: [UInt8] = []
                for u in run {
                    bits = bits << 6 | UInt32(value(u) ?? 0)
                    count += 6
                    if count >= 8 {
                        count -= 8
                        bytes.append(UInt8((bits >> UInt32(count)) & 0xFF))
                    }
                }
                var decoder = TextDecoder(.utf8)
                var text: [Unicode.Scalar] = []
                decoder.decode(Data(bytes), into: &text)
                decoder.finish(into: &text)
                // Text, not a picture: most of it decodes and little of it is control.
                if decoder.invalidSequences * 10 < max(1, text.count), text.filter({ $0.value < 0x20 && $0 != "\n" && $0 != "\t" && $0 != "\r" }).count * 10 < max(1, text.count) {
                    out.append(" ")
                    origins.append(i)
                    for u in text {
                        out.append(u)
                        origins.append(i)
                    }
                }
            }
            i = max(end, i + 1)
        }
        return out.isEmpty ? nil : (out, origins)
    }

    /// `scalars` with every `%XX` (or `=XX`, with `=` at a line end a soft break) read as a byte
    /// and the bytes as UTF-8, and the place of each scalar in the original; nil when there is
    /// no such escape.
    static func byteEscapesDecoded(_ scalars: [Unicode.Scalar], escape: UInt8) -> (scalars: [Unicode.Scalar], origins: [Int])? {
        func hex(_ u: Unicode.Scalar) -> UInt8? {
            switch u.value {
            case 0x30...0x39: UInt8(u.value - 0x30)
            case 0x41...0x46: UInt8(u.value - 0x41 + 10)
            case 0x61...0x66: UInt8(u.value - 0x61 + 10)
            default: nil
            }
        }
        let mark = Unicode.Scalar(escape)
        guard scalars.indices.contains(where: { scalars[$0] == mark && $0 + 2 < scalars.count && hex(scalars[$0 + 1]) != nil && hex(scalars[$0 + 2]) != nil })
        else { return nil }
        var out: [Unicode.Scalar] = []
        var origins: [Int] = []
        var bytes: [UInt8] = []
        var byteOrigins: [Int] = []
        func flush() {
            guard !bytes.isEmpty else { return }
            // Byte by byte, so that each scalar takes the place of the escape its bytes began at.
            var decoder = TextDecoder(.utf8)
            var sequenceStart: Int?
            var decoded: [Unicode.Scalar] = []
            for (b, o) in zip(bytes, byteOrigins) {
                if sequenceStart == nil { sequenceStart = o }
                decoded.removeAll(keepingCapacity: true)
                decoder.decode(Data([b]), into: &decoded)
                for u in decoded {
                    out.append(u)
                    origins.append(sequenceStart ?? o)
                }
                if !decoded.isEmpty { sequenceStart = nil }
            }
            decoded.removeAll()
            decoder.finish(into: &decoded)
            for u in decoded {
                out.append(u)
                origins.append(sequenceStart ?? byteOrigins.last ?? 0)
            }
            bytes.removeAll()
            byteOrigins.removeAll()
        }
        var i = 0
        while i < scalars.count {
            let u = scalars[i]
            if u == mark, i + 2 < scalars.count, let h = hex(scalars[i + 1]), let l = hex(scalars[i + 2]) {
                bytes.append(h << 4 | l)
                byteOrigins.append(i)
                i += 3
                continue
            }
            if escape == UInt8(ascii: "="), u == mark, i + 1 < scalars.count, scalars[i + 1] == "\n" || scalars[i + 1] == "\r" {
                i += scalars[i + 1] == "\r" && i + 2 < scalars.count && scalars[i + 2] == "\n" ? 3 : 2
                continue
            }
            flush()
            out.append(u)
            origins.append(i)
            i += 1
        }
        flush()
        return (out, origins)
    }
}
