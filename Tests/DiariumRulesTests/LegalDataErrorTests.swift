import DiariumRules
import Foundation
import Testing

/// A broken data folder is a setup fault: the loaders throw `LegalDataError`, which names the file
/// to mend and what is wrong with it.
@Suite("Legal data errors name their file")
struct LegalDataErrorTests {
    /// The data folder of the rules: the repository's own copy.
    static let data = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("Sources/DiariumRules/Data")

    /// Runs `body` on a fresh folder holding `files` (name → contents): over a copy of the
    /// repository's data when `copyingData`, else alone. The folder is removed after.
    func withFolder<R>(copyingData: Bool = false, _ files: [String: String] = [:], _ body: (URL) throws -> R) throws -> R {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("legal-data-\(UUID().uuidString)")
        if copyingData {
            try FileManager.default.copyItem(at: Self.data, to: dir)
        } else {
            try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        }
        defer { try? FileManager.default.removeItem(at: dir) }
        for (name, contents) in files { try Data(contents.utf8).write(to: dir.appendingPathComponent(name)) }
        return try body(dir)
    }

    /// Changes the rows of the data file `name` in `dir` with `edit`.
    func editRows(_ name: String, in dir: URL, _ edit: (inout [[String: Any]]) throws -> Void) throws {
        let url = dir.appendingPathComponent(name)
        var file = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: url)) as? [String: Any])
        var rows = try #require(file["rows"] as? [[String: Any]])
        try edit(&rows)
        file["rows"] = rows
        try JSONSerialization.data(withJSONObject: file).write(to: url)
    }

    /// Each loader, with the first file it reads.
    enum Loader: String, CaseIterable, Sendable, CustomTestStringConvertible {
        case legal, procurement, deviation, access, workingDays

        var firstFile: String {
            switch self {
            case .legal: "secrecy-provisions.json"
            case .procurement: "direct-award-thresholds.json"
            case .deviation: "deviation-types.json"
            case .access: "public-access.json"
            case .workingDays: WorkingDayCalendar.fileName
            }
        }

        func load(_ dir: URL) throws(LegalDataError) {
            switch self {
            case .legal: _ = try LegalData(directory: dir)
            case .procurement: _ = try ProcurementLegalData(directory: dir)
            case .deviation: _ = try DeviationData(directory: dir)
            case .access: _ = try AccessData(directory: dir)
            case .workingDays: _ = try WorkingDayCalendar(directory: dir, evesAreNonWorking: true)
            }
        }

        var testDescription: String { rawValue }
    }

    @Test("a missing data file is named, and said to be unreadable", arguments: Loader.allCases)
    func missingFile(_ loader: Loader) throws {
        let error = try withFolder { dir in try #require(throws: LegalDataError.self) { try loader.load(dir) } }
        #expect(error.file == loader.firstFile)
        #expect(error.message.hasPrefix("cannot be read"), "\(error)")
        #expect(error.description == "legal data: \(loader.firstFile): \(error.message)")
    }

    @Test("a file read after others is named when it alone is missing")
    func laterFileMissing() throws {
        let error = try withFolder(["secrecy-provisions.json": #"{"rows": []}"#, "document-types.json": #"{"rows": []}"#]) { dir in
            try #require(throws: LegalDataError.self) { try LegalData(directory: dir) }
        }
        #expect(error.file == "built-in-protections.json")
        #expect(error.message.hasPrefix("cannot be read"), "\(error)")
    }

    @Test("a file that is not JSON is named")
    func notJSON() throws {
        let error = try withFolder(["deviation-types.json": "{"]) { dir in
            try #require(throws: LegalDataError.self) { try DeviationData(directory: dir) }
        }
        #expect(error.file == "deviation-types.json")
        #expect(error.message.hasPrefix("not the JSON expected"), "\(error)")
    }

    @Test("a row lacking a field names the file and the field")
    func malformedRow() throws {
        // The row has no validFrom.
        let row = #"{"id": "x", "reference": "r", "shortReference": "s", "protects": "p", "damageTest": "straight", "damageTestLabel": "l", "maxDurationYears": null, "durationNote": "n", "validTo": null, "source": "s", "verified": true}"#
        let error = try withFolder(["secrecy-provisions.json": #"{"rows": [\#(row)]}"#, "document-types.json": #"{"rows": []}"#]) { dir in
            try #require(throws: LegalDataError.self) { try LegalData(directory: dir) }
        }
        #expect(error.file == "secrecy-provisions.json")
        #expect(error.message.hasPrefix("not the JSON expected"), "\(error)")
        #expect(error.message.contains("validFrom"), "\(error)")
    }

    @Test("a procurement row without a source names its file and row")
    func unsourcedRow() throws {
        var id = ""
        let error = try withFolder(copyingData: true) { dir in
            try editRows("documentation-duty.json", in: dir) { rows in
                id = try #require(rows[0]["id"] as? String)
                rows[0]["source"] = ""
            }
            return try #require(throws: LegalDataError.self) { try ProcurementLegalData(directory: dir) }
        }
        #expect(error.file == "documentation-duty.json")
        #expect(error.message == "row \(id) needs a source, and a note when it is not verified")
    }

    @Test("a second row holding on the same days names its file and both rows' dates",
          arguments: ["documentation-duty.json", "procurement-penalty.json", "documentation-deadline.json"])
    func overlappingRows(_ file: String) throws {
        var from = ""
        let error = try withFolder(copyingData: true) { dir in
            try editRows(file, in: dir) { rows in
                var copy = try #require(rows.last)
                from = try #require(copy["validFrom"] as? String)
                copy["id"] = "x-copy"
                rows.append(copy)
            }
            return try #require(throws: LegalDataError.self) { try ProcurementLegalData(directory: dir) }
        }
        #expect(error.file == file)
        #expect(error.message.hasPrefix("two rows"), "\(error)")
        #expect(error.message.hasSuffix("overlap: the one from \(from) and the one from \(from)"), "\(error)")
    }

    @Test("a bad holiday rule names the file, the row and the fault", arguments: [
        (#"{"id": "feb30", "name": "x", "rule": "fixed", "month": 2, "day": 30, "validFrom": "1990-01-01", "validTo": null, "source": "s"}"#,
         "row feb30: month/day missing or not a date (2/30)"),
        (#"{"id": "month13", "name": "x", "rule": "saturday-between", "fromMonth": 13, "fromDay": 1, "toMonth": 1, "toDay": 7, "validFrom": "1990-01-01", "validTo": null, "source": "s"}"#,
         "row month13: from month/day missing or not a date (13/1)"),
        (#"{"id": "weekly", "name": "x", "rule": "weekly", "validFrom": "1990-01-01", "validTo": null, "source": "s"}"#,
         #"row weekly: unknown rule "weekly" (fixed, easter or saturday-between)"#),
        (#"{"id": "nosource", "name": "x", "rule": "easter", "offsetDays": 1, "validFrom": "1990-01-01", "validTo": null, "source": ""}"#,
         "row nosource: no source"),
    ])
    func badHolidayRule(_ row: String, _ says: String) throws {
        let file = WorkingDayCalendar.fileName
        let error = try withFolder([file: #"{"rows": [], "eves": [\#(row)]}"#]) { dir in
            try #require(throws: LegalDataError.self) { try WorkingDayCalendar(directory: dir, evesAreNonWorking: true) }
        }
        #expect(error.file == file)
        #expect(error.message == says)
    }
}
