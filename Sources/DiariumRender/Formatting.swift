import Foundation

enum ByteCount {
    static func swedish(_ bytes: Int64) -> String {
        if bytes < 1024 { return "\(bytes) byte" }
        let kib = Double(bytes) / 1024
        // By hand, with a decimal comma: `String(format:)` and `replacingOccurrences` went through
        // Foundation and cost more than the rest of a record's view. Below 2^49 bytes, kib × 10
        // and MiB × 10 are exact in a Double, so rounding them half to even is what `%.1f` does
        // with the exact value; above, the formatter stays.
        guard bytes < 1 << 49 else {
            return kib < 1024 ? String(format: "%.1f kB", kib).replacingOccurrences(of: ".", with: ",")
                : String(format: "%.1f MB", kib / 1024).replacingOccurrences(of: ".", with: ",")
        }
        func tenths(_ x: Double) -> String {
            let t = Int64((x * 10).rounded(.toNearestOrEven))
            return "\(t / 10),\(t % 10)"
        }
        return kib < 1024 ? tenths(kib) + " kB" : tenths(kib / 1024) + " MB"
    }
}
