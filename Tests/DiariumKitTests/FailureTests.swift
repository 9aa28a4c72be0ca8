@_spi(Tools) import DiariumKit
import DiariumStore
import Foundation
import Testing

/// A registration that fails after it reached the store rolls back whole and is logged.
@Suite("Failures inside the transaction")
struct FailureTests {
    /// A copy of templates/ and schemas/ whose registration template renders invalid XML.
    func brokenHome(in dir: URL) throws -> DiariumHome {
        let home = dir.appendingPathComponent("home")
        try FileManager.default.createDirectory(at: home, withIntermediateDirectories: true)
        for sub in ["templates", "schemas"] {
            try FileManager.default.copyItem(at: Paths.repo.appendingPathComponent(sub), to: home.appendingPathComponent(sub))
        }
        let t = home.appendingPathComponent("templates/registration.xml.mustache")
        let source = try String(contentsOf: t, encoding: .utf8).replacingOccurrences(of: "<documentNumber>{{number}}</documentNumber>", with: "")
        try source.write(to: t, atomically: true, encoding: .utf8)
        return DiariumHome(root: home)
    }

    @Test("an invalid rendering rolls back: no row, no number; the attempt is logged; verify passes")
    func rollback() throws {
        let good = try Sandbox()
        let broken = try Diarium(store: good.storeURL, home: try brokenHome(in: good.dir), clock: { fixedNow })
        do {
            _ = try broken.register(file: Paths.fixture("anbud.txt"), meta: good.meta(), as: tester)
            Issue.record("accepted")
        } catch {
            #expect(!error.isUserError)
            #expect(error.description.contains("registration.xsd"))
        }
        #expect(try broken.store.documentCount() == 0)
        let event = try #require(try broken.store.auditEvents(limit: 1).first)
        #expect(event.action == "register.failed")
        let report = try broken.verify(as: tester)
        #expect(report.isIntact)
        #expect(report.notices.map(\.kind) == ["object.unreferenced"], "the file object written before the transaction")
        #expect(try good.diarium.register(file: Paths.fixture("anbud.txt"), meta: good.meta(), as: tester).document == "RS 2026/0001-1")
    }
}
