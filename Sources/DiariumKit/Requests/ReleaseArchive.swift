import Foundation

/// The copies of a release as one ZIP file (PKWARE APPNOTE 6.3: stored entries, UTF-8 names,
/// no ZIP64): what the web hands the official to send on. Stored, not deflated, so that every
/// entry holds exactly the bytes the leak check read and a reader needs nothing but the format.
enum ReleaseArchive {
    /// At most this many bytes in all (ZIP without ZIP64 counts in 32 bits).
    static let maxSize = 0xFFFF_FFFF - 1_048_576

    static func zip(_ copies: [ReleasedCopy], at time: Date, zone: TimeZone) throws(DiariumError) -> Data {
        guard copies.count < 65_535 else {
            throw .reject("release", "release.too-many-files", "kopiorna är fler än en ZIP-fil rymmer (65 535); dela upp begäran eller lämna ut dem till en mapp med `diarium request release`")
        }
        var entries: [(name: String, data: Data)] = []
        var total = 0
        for copy in copies {
            var data = Data()
            try copy.chunks { data.append($0) }
            total += data.count + copy.name.utf8.count + 30
            guard total < maxSize else {
                throw .reject("release", "release.too-large-to-zip", "kopiorna är tillsammans för stora för en ZIP-fil (över 4 GB); lämna ut dem till en mapp med `diarium request release`")
            }
            entries.append((copy.name, data))
        }
        return try zip(entries: entries, at: time, zone: zone, field: "release")
    }

    /// `entries` (name, bytes) as one stored ZIP; shared by a release's copies and the
    /// e-archive export (`field` names the input in a refusal).
    static func zip(entries: [(name: String, data: Data)], at time: Date, zone: TimeZone, field: String) throws(DiariumError) -> Data {
        guard entries.count < 65_535 else {
            throw .reject(field, "zip.too-many-files", "filerna är fler än en ZIP-fil rymmer (65 535); skriv dem till en mapp i stället")
        }
        let (dosTime, dosDate) = dosTimestamp(time, zone: zone)
        var out = Data()
        var central = Data()
        for (entryName, data) in entries {
            let name = Data(entryName.utf8)
            guard out.count + data.count + name.count + 30 < maxSize else {
                throw .reject(field, "zip.too-large", "filerna är tillsammans för stora för en ZIP-fil (över 4 GB); skriv dem till en mapp i stället")
            }
            let crc = CRC32.of(data)
            let offset = UInt32(out.count)
            // Local file header.
            out.append(le32: 0x0403_4b50)
            out.append(le16: 20)              // version needed: 2.0
            out.append(le16: 1 << 11)         // general purpose: names in UTF-8
            out.append(le16: 0)               // method: stored
            out.append(le16: dosTime)
            out.append(le16: dosDate)
            out.append(le32: crc)
            out.append(le32: UInt32(data.count))
            out.append(le32: UInt32(data.count))
            out.append(le16: UInt16(name.count))
            out.append(le16: 0)
            out.append(name)
            out.append(data)
            // Central directory entry.
            central.append(le32: 0x0201_4b50)
            central.append(le16: 0x031E)      // made by: Unix, 3.0
            central.append(le16: 20)
            central.append(le16: 1 << 11)
            central.append(le16: 0)
            central.append(le16: dosTime)
            central.append(le16: dosDate)
            central.append(le32: crc)
            central.append(le32: UInt32(data.count))
            central.append(le32: UInt32(data.count))
            central.append(le16: UInt16(name.count))
            central.append(le16: 0)           // extra
            central.append(le16: 0)           // comment
            central.append(le16: 0)           // disk
            central.append(le16: 0)           // internal attributes
            central.append(le32: 0o100644 << 16) // external: a regular file, rw-r--r--
            central.append(le32: offset)
            central.append(name)
        }
        let centralOffset = UInt32(out.count)
        out.append(central)
        // End of central directory.
        out.append(le32: 0x0605_4b50)
        out.append(le16: 0)
        out.append(le16: 0)
        out.append(le16: UInt16(entries.count))
        out.append(le16: UInt16(entries.count))
        out.append(le32: UInt32(central.count))
        out.append(le32: centralOffset)
        out.append(le16: 0)
        return out
    }

    /// MS-DOS time and date (two-second steps, years from 1980) in the store's time zone, as a
    /// ZIP reader shows them.
    static func dosTimestamp(_ time: Date, zone: TimeZone) -> (UInt16, UInt16) {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = zone
        let c = calendar.dateComponents([.year, .month, .day, .hour, .minute, .second], from: time)
        let year = max(0, min(127, (c.year ?? 1980) - 1980))
        let date = UInt16(year << 9 | (c.month ?? 1) << 5 | (c.day ?? 1))
        let clock = UInt16((c.hour ?? 0) << 11 | (c.minute ?? 0) << 5 | (c.second ?? 0) / 2)
        return (clock, date)
    }
}

/// CRC-32 (IEEE 802.3, reflected, as ZIP uses it).
enum CRC32 {
    static let table: [UInt32] = (0..<256).map { n in
        var c = UInt32(n)
        for _ in 0..<8 { c = c & 1 == 1 ? 0xEDB8_8320 ^ (c >> 1) : c >> 1 }
        return c
    }

    static func of(_ data: Data) -> UInt32 {
        var crc: UInt32 = 0xFFFF_FFFF
        data.withUnsafeBytes { (bytes: UnsafeRawBufferPointer) in
            for b in bytes { crc = table[Int((crc ^ UInt32(b)) & 0xFF)] ^ (crc >> 8) }
        }
        return crc ^ 0xFFFF_FFFF
    }
}

extension Data {
    mutating func append(le16 v: UInt16) { Swift.withUnsafeBytes(of: v.littleEndian) { append(contentsOf: $0) } }
    mutating func append(le32 v: UInt32) { Swift.withUnsafeBytes(of: v.littleEndian) { append(contentsOf: $0) } }
}
