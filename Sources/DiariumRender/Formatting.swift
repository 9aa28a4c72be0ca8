import Foundation

enum ByteCount {
    static func swedish(_ bytes: Int64) -> String {
        if bytes < 1024 { return "\(bytes) byte" }
        let kib = Double(bytes) / 1024
        if kib < 1024 { return String(format: "%.1f kB", kib).replacingOccurrences(of: ".", with: ",") }
        return String(format: "%.1f MB", kib / 1024).replacingOccurrences(of: ".", with: ",")
    }
}
