import DiariumKit
import DiariumModel
import Foundation
import Testing

/// The CLI's typed options, through the real executable: a value that does not parse is a usage
/// error (exit 64) that names the option and its form; codes the Kit looks up (organisations)
/// are still refused by the Kit as input (exit 1, `field: message [rule]`); and the filters
/// that `search`, `request find` and `deviation list` share answer alike in all three.
@Suite("Typed CLI options", .serialized)
struct TypedOptionsTests {
    let s = try! Sandbox()
    var store: [String] { ["--store", s.storeURL.path] }

    /// A registered document (RS, dated 2026-11-12), a deviation report (RV, reported
    /// 2026-11-20) and an open request with the document added; returns the request's and the
    /// document's numbers.
    func populate() throws -> (request: String, document: String) {
        let registered = try runCLI(["register", Paths.fixture("anbud.txt").path, "--meta", Paths.fixture("registration.json").path, "--json"] + store)
        #expect(registered.status == 0, "\(registered.stderr)")
        let document = try #require(try JSONSerialization.jsonObject(with: Data(registered.stdout.utf8)) as? [String: Any])["document"] as? String
        let reported = try runCLI(["deviation", "report", Paths.fixture("deviation.json").path] + store)
        #expect(reported.status == 0, "\(reported.stderr)")
        let opened = try runCLI(["request", "open", Paths.fixture("access-request.json").path, "--json"] + store)
        #expect(opened.status == 0, "\(opened.stderr)")
        let request = try #require(try JSONSerialization.jsonObject(with: Data(opened.stdout.utf8)) as? [String: Any])["request"] as? String
        let added = try runCLI(["request", "add", try #require(request), try #require(document)] + store)
        #expect(added.status == 0, "\(added.stderr)")
        return (try #require(request), try #require(document))
    }

    @Test("a date that is not yyyy-mm-dd is a usage error naming the option and its form", arguments: [
        ["search", "x", "--from", "igår"],
        ["search", "x", "--to", "2026-02-30"],
        ["request", "find", "RS 2026/0001", "--from", "2026-1-1"],
        ["deviation", "list", "--to", "24/11/2026"],
        ["board-report", "--from", "2026-13-01", "--to", "2026-12-31"],
    ])
    func badDate(args: [String]) throws {
        let option = try #require(args.first { $0 == "--from" || $0 == "--to" })
        let out = try runCLI(args + store)
        #expect(out.status == 64, "\(out.stderr)")
        #expect(out.stderr.contains("'\(option) <yyyy-mm-dd>'"), "\(out.stderr)")
        #expect(out.stdout.isEmpty)
    }

    @Test("a refusal ground that is none of the grounds is a usage error that lists the ones to choose")
    func badGround() throws {
        let out = try runCLI(["request", "assess", "RS 2026/0001", "RS 2026/0001-1", "--refuse", "osl-31-16", "--ground", "too-hard"] + store)
        #expect(out.status == 64, "\(out.stderr)")
        #expect(out.stderr.contains("'--ground <ground>'"), "\(out.stderr)")
        #expect(out.stderr.contains("'secret'") && out.stderr.contains("'meaningless-remainder'"), "\(out.stderr)")
        #expect(!out.stderr.contains("'cannot-mask'"), "effort is no ground: it is not offered")
        let alone = try runCLI(["request", "assess", "RS 2026/0001", "RS 2026/0001-1", "--ground", "meaningless-remainder"] + store)
        #expect(alone.status == 64 && alone.stderr.contains("--ground belongs to --refuse"), "\(alone.stderr)")
    }

    @Test("--ground cannot-mask still parses, so that the Kit says why effort is no ground")
    func cannotMask() throws {
        let (request, document) = try populate()
        let out = try runCLI(["request", "assess", request, document, "--refuse", "osl-31-16", "--ground", "cannot-mask", "--reason", "svårt"] + store)
        #expect(out.status == 1, "\(out.stderr)")
        #expect(out.stderr.contains("ground: ") && out.stderr.contains("RÅ 1979 Ab 6") && out.stderr.contains("[assessment.effort-no-ground]"), "\(out.stderr)")
    }

    @Test("an unknown organisation is refused by the Kit as before, in every command with the shared filters")
    func unknownOrganisation() throws {
        let (request, _) = try populate()
        for args in [["search", "x"], ["request", "find", request], ["deviation", "list"]] {
            let out = try runCLI(args + ["--organisation", "XX", "--json"] + store)
            #expect(out.status == 1, "\(args): \(out.stderr)")
            #expect(out.stderr.contains("organisation: finns inte i konfigurationen") && out.stderr.contains("[organisation.unknown]"), "\(args): \(out.stderr)")
            let v = try JSONSerialization.jsonObject(with: Data(out.stdout.utf8)) as? [String: Any]
            #expect((v?["errors"] as? [Any])?.count == 1, "\(args): \(out.stdout)")
        }
    }

    @Test("the shared organisation and period select alike in search, request find and deviation list")
    func sharedFilters() throws {
        let (request, document) = try populate()
        func found(_ args: [String], _ key: String) throws -> [String] {
            let out = try runCLI(args + ["--json"] + store)
            #expect(out.status == 0, "\(args): \(out.stderr)")
            let rows = try #require(try JSONSerialization.jsonObject(with: Data(out.stdout.utf8)) as? [[String: Any]], "\(args): \(out.stdout)")
            return rows.compactMap { $0[key] as? String }
        }
        let deviations = try found(["deviation", "list"], "document")
        #expect(deviations.count == 1)
        for (command, organisation, day, expected) in [
            (["search", ""], "RS", "2026-11-12", [document]),
            (["request", "find", request], "RS", "2026-11-12", [document]),
            (["deviation", "list"], "RV", "2026-11-20", deviations),
        ] {
            let next = try #require(CivilDate(parsing: day)).adding(days: 1).description
            let before = try #require(CivilDate(parsing: day)).adding(days: -1).description
            func misses(_ filters: [String]) throws -> Bool { Set(try found(command + filters, "document")).isDisjoint(with: expected) }
            #expect(try found(command + ["--organisation", organisation, "--from", day, "--to", day], "document") == expected, "\(command)")
            #expect(try misses(["--from", next]), "\(command) --from the day after")
            #expect(try misses(["--to", before]), "\(command) --to the day before")
            let other = organisation == "RS" ? "RV" : "RS"
            #expect(try misses(["--organisation", other]), "\(command) --organisation \(other)")
            let reversed = try runCLI(command + ["--from", next, "--to", day] + store)
            #expect(reversed.status == 1 && reversed.stderr.contains("ligger"), "\(command): a period that ends before it starts is still the Kit's refusal: \(reversed.stderr)")
        }
    }
}
