public import Foundation

/// Bytes to Unicode scalars, chunk by chunk: a sequence split between two chunks decodes as if
/// it were whole. Every invalid sequence becomes one U+FFFD and is counted, so a caller can tell
/// whether a file was read completely (`invalidSequences == 0`) or only in part.
///
/// UTF-8 errors are counted per maximal invalid subpart, as the Unicode Standard (§3.9, "U+FFFD
/// substitution of maximal subparts") and the WHATWG Encoding Standard count them.
public struct TextDecoder: Sendable {
    public let encoding: TextEncoding
    /// Invalid sequences met so far, each decoded as U+FFFD.
    public private(set) var invalidSequences = 0

    // UTF-8: the WHATWG decoder's state.
    private var codePoint: UInt32 = 0
    private var bytesNeeded = 0
    private var bytesSeen = 0
    private var lowerBoundary: UInt8 = 0x80
    private var upperBoundary: UInt8 = 0xBF
    // UTF-16/32: bytes of a code unit not yet complete, and a high surrogate waiting for its pair.
    private var unit: UInt32 = 0
    private var unitBytes = 0
    private var highSurrogate: UInt32?

    public init(_ encoding: TextEncoding) { self.encoding = encoding }

    private static let replacement: Unicode.Scalar = "\u{FFFD}"

    /// Appends the scalars of `bytes` to `scalars`; an incomplete sequence at the end waits for
    /// the next chunk.
    public mutating func decode(_ bytes: UnsafeRawBufferPointer, into scalars: inout [Unicode.Scalar]) {
        switch encoding {
        case .utf8: decodeUTF8(bytes, into: &scalars)
        case .utf16LE: decodeWide(bytes, width: 2, littleEndian: true, into: &scalars)
        case .utf16BE: decodeWide(bytes, width: 2, littleEndian: false, into: &scalars)
        case .utf32LE: decodeWide(bytes, width: 4, littleEndian: true, into: &scalars)
        case .utf32BE: decodeWide(bytes, width: 4, littleEndian: false, into: &scalars)
        case .isoLatin1:
            scalars.reserveCapacity(scalars.count + bytes.count)
            for b in bytes { scalars.append(Unicode.Scalar(b)) }
        case .windows1252:
            scalars.reserveCapacity(scalars.count + bytes.count)
            for b in bytes { scalars.append(Windows1252.scalar(b)) }
        }
    }

    public mutating func decode(_ data: Data, into scalars: inout [Unicode.Scalar]) {
        data.withUnsafeBytes { decode($0, into: &scalars) }
    }

    /// Ends the input: a sequence left incomplete is one more invalid sequence.
    public mutating func finish(into scalars: inout [Unicode.Scalar]) {
        if bytesNeeded != 0 || unitBytes != 0 || highSurrogate != nil {
            invalidSequences += 1
            scalars.append(Self.replacement)
        }
        bytesNeeded = 0
        unitBytes = 0
        highSurrogate = nil
    }

    private mutating func decodeUTF8(_ bytes: UnsafeRawBufferPointer, into scalars: inout [Unicode.Scalar]) {
        scalars.reserveCapacity(scalars.count + bytes.count)
        var i = 0
        let n = bytes.count
        while i < n {
            let byte = bytes[i]
            if bytesNeeded == 0 {
                i += 1
                switch byte {
                case 0x00...0x7F:
                    scalars.append(Unicode.Scalar(byte))
                case 0xC2...0xDF:
                    bytesNeeded = 1
                    codePoint = UInt32(byte & 0x1F)
                case 0xE0...0xEF:
                    if byte == 0xE0 { lowerBoundary = 0xA0 }
                    if byte == 0xED { upperBoundary = 0x9F }
                    bytesNeeded = 2
                    codePoint = UInt32(byte & 0x0F)
                case 0xF0...0xF4:
                    if byte == 0xF0 { lowerBoundary = 0x90 }
                    if byte == 0xF4 { upperBoundary = 0x8F }
                    bytesNeeded = 3
                    codePoint = UInt32(byte & 0x07)
                default:
                    invalidSequences += 1
                    scalars.append(Self.replacement)
                }
                continue
            }
            guard byte >= lowerBoundary && byte <= upperBoundary else {
                // The byte ends the broken sequence and is read again on its own.
                resetUTF8()
                invalidSequences += 1
                scalars.append(Self.replacement)
                continue
            }
            i += 1
            lowerBoundary = 0x80
            upperBoundary = 0xBF
            codePoint = codePoint << 6 | UInt32(byte & 0x3F)
            bytesSeen += 1
            if bytesSeen == bytesNeeded {
                scalars.append(Unicode.Scalar(codePoint) ?? Self.replacement)
                resetUTF8()
            }
        }
    }

    private mutating func resetUTF8() {
        codePoint = 0
        bytesNeeded = 0
        bytesSeen = 0
        lowerBoundary = 0x80
        upperBoundary = 0xBF
    }

    private mutating func decodeWide(_ bytes: UnsafeRawBufferPointer, width: Int, littleEndian: Bool,
                                     into scalars: inout [Unicode.Scalar]) {
        scalars.reserveCapacity(scalars.count + bytes.count / width + 1)
        for b in bytes {
            unit = littleEndian ? unit | UInt32(b) << (8 * UInt32(unitBytes)) : unit << 8 | UInt32(b)
            unitBytes += 1
            guard unitBytes == width else { continue }
            let value = unit
            unit = 0
            unitBytes = 0
            if width == 4 {
                if let s = Unicode.Scalar(value) { scalars.append(s) } else {
                    invalidSequences += 1
                    scalars.append(Self.replacement)
                }
                continue
            }
            if let high = highSurrogate {
                highSurrogate = nil
                if (0xDC00...0xDFFF).contains(value) {
                    let combined = 0x10000 + ((high - 0xD800) << 10) + (value - 0xDC00)
                    scalars.append(Unicode.Scalar(combined) ?? Self.replacement)
                    continue
                }
                invalidSequences += 1
                scalars.append(Self.replacement)
            }
            if (0xD800...0xDBFF).contains(value) {
                highSurrogate = value
            } else if let s = Unicode.Scalar(value) {
                scalars.append(s)
            } else {
                // A low surrogate without its high half.
                invalidSequences += 1
                scalars.append(Self.replacement)
            }
        }
    }
}

/// Windows-1252: Latin-1 but for 0x80–0x9F, where it has the euro sign, curly quotes and dashes.
/// The five bytes it leaves undefined map to the C1 control of the same value, as the WHATWG
/// Encoding Standard maps them (and as Windows does), so no byte is lost.
enum Windows1252 {
    static let high: [UInt32] = [
        0x20AC, 0x0081, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0x008D, 0x017D, 0x008F,
        0x0090, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014, 0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0x009D, 0x017E, 0x0178,
    ]

    @inline(__always)
    static func scalar(_ b: UInt8) -> Unicode.Scalar {
        guard b >= 0x80 && b <= 0x9F else { return Unicode.Scalar(b) }
        return Unicode.Scalar(high[Int(b) - 0x80]) ?? "\u{FFFD}"
    }
}
