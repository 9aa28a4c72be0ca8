import DiariumKit
import DiariumRender
import DiariumModel
import DiariumStore
import Foundation
import Testing

/// A user's error names the user's field and a rule of its own; a fault names the part that
/// failed, never a field of the input.
@Suite("Errors name the user's field and their own rule")
struct ErrorNamingTests {
    @Test("a document that is not in the register is number: … [document.not-found], a user's error")
    func documentNotFound() throws {
        let s = try Sandbox()
        #expect {
            _ = try s.diarium.show("RS 2026/0999-1", audience: .full, format: .text, as: tester)
        } throws: { error in
            guard let e = error as? DiariumError else { return false }
            return e.problems.map(\.field) == ["number"] && e.problems.map(\.rule) == ["document.not-found"] && e.isUserError
        }
    }

    @Test("a case that is not in the register is case: … [case.not-found]")
    func caseNotFound() throws {
        let s = try Sandbox()
        let url = s.file("brev.txt", "Ett brev.")
        #expect {
            _ = try s.diarium.register(file: url, meta: s.meta(["case": "RS 2026/0999", "caseTitle": nil]), as: tester)
        } throws: { error in
            guard let e = error as? DiariumError else { return false }
            return e.problems.map(\.field) == ["case"] && e.problems.map(\.rule) == ["case.not-found"] && e.isUserError
        }
    }

    @Test("a damaged row is a fault of the database, not a field of the input")
    func faultNamesPart() {
        let e = DiariumError.store(.database("document RS 2026/0001-1 has an unknown kind (x)"))
        #expect(e.problems.map(\.field) == ["database"] && e.problems.map(\.rule) == ["fault.database"] && !e.isUserError)
        #expect(e.problems.first?.description == "database: document RS 2026/0001-1 has an unknown kind (x) [fault.database]")
    }
}

/// Templates and schemas are found from what the face says, not from the process's arguments.
@Suite("Locating templates and schemas")
struct LocateHomeTests {
    @Test("from the executable the face names, upwards; DIARIUM_HOME first; a clear setup error otherwise")
    func locate() throws {
        let exe = Paths.repo.appendingPathComponent(".build/some/diarium")
        #expect(try DiariumHome.locate(executable: exe, environment: [:]).root == Paths.repo.standardizedFileURL)
        #expect(try DiariumHome.locate(executable: nil, environment: ["DIARIUM_HOME": Paths.repo.path]).root == Paths.repo.standardizedFileURL)
        #expect(throws: DiariumError.self) { try DiariumHome.locate(executable: nil, environment: ["DIARIUM_HOME": "/nonexistent"]) }
    }
}
