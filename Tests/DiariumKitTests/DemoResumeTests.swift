import DiariumDemo
@_spi(Tools) import DiariumKit
import DiariumStore
import Foundation
import Testing

@Suite("The demo and the release folders")
struct DemoResumeTests {
    @Test("a demo stopped half way is completed by the next run, and a complete one adds nothing")
    func resumes() throws {
        let s = try Sandbox()
        let blocked = s.file("ett-fil-i-vägen", "x").appendingPathComponent("utlamnat")
        #expect(throws: DiariumError.self) { try s.diarium.seedDemo(releases: blocked, as: tester) }
        let halfway = try s.diarium.store.documentCount()
        #expect(halfway > 0)
        let good = s.dir.appendingPathComponent("utlamnat")
        try FileManager.default.createDirectory(at: good, withIntermediateDirectories: true)
        let rest = try s.diarium.seedDemo(releases: good, as: tester)
        #expect(rest.release != nil && rest.decision != nil)
        let fresh = try Sandbox()
        let freshDir = fresh.dir.appendingPathComponent("utlamnat")
        try FileManager.default.createDirectory(at: freshDir, withIntermediateDirectories: true)
        _ = try fresh.diarium.seedDemo(releases: freshDir, as: tester)
        #expect(try s.diarium.store.documentCount() == fresh.diarium.store.documentCount())
        #expect(try s.diarium.seedDemo(releases: good, as: tester).receipts.isEmpty)
        #expect(try s.diarium.verify(as: tester).isIntact)
    }

    @Test("a second demo store beside the first writes its copies beside the first's, not into them")
    func sideBySide() throws {
        let a = try Sandbox(), b = try Sandbox()
        let shared = a.dir.appendingPathComponent("utlamnat")
        try FileManager.default.createDirectory(at: shared, withIntermediateDirectories: true)
        let first = try a.diarium.seedDemo(releases: shared, as: tester)
        let second = try b.diarium.seedDemo(releases: shared, as: tester)
        let dirs = [first.release?.directory, second.release?.directory].compactMap { $0 }
        #expect(dirs.count == 2 && Set(dirs).count == 2)
    }

    @Test("a store with documents of its own gets no demo")
    func refusesRealStore() throws {
        let s = try Sandbox()
        _ = try s.diarium.register(file: Paths.fixture("anbud.txt"), meta: s.meta(), as: tester)
        let r = try s.diarium.seedDemo(releases: nil, as: tester)
        #expect(r.refused && r.receipts.isEmpty)
        #expect(try s.diarium.store.documentCount() == 1)
    }

    @Test("a staging folder left by a release killed before it published is reported by verify")
    func stagingLeftover() throws {
        let s = try Sandbox()
        let folder = s.dir.appendingPathComponent(".RS_2026-0001.tmp-kvar")
        let ticket = try s.diarium.store.beginStaging(folder)
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: false)
        #expect(try s.diarium.verify(as: tester).notices.map(\.kind) == ["release.staging-left"])
        #expect(try s.diarium.verify(as: tester).isIntact)
        try FileManager.default.removeItem(at: folder)
        s.diarium.store.endStaging(ticket)
        #expect(try s.diarium.verify(as: tester).notices.isEmpty)
    }
}
