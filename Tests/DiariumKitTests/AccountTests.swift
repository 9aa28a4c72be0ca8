@_spi(Tools) import DiariumKit
import DiariumModel
import DiariumStore
import Foundation
import Testing

/// A clock the test moves.
final class MovableClock: @unchecked Sendable {
    private let lock = NSLock()
    private var now = fixedNow
    func read() -> Date { lock.lock(); defer { lock.unlock() }; return now }
    func advance(_ seconds: TimeInterval) { lock.lock(); now += seconds; lock.unlock() }
}

/// Accounts, logins and sessions through the Kit, as the CLI and the web call them.
@Suite("Accounts and sessions")
struct AccountTests {
    /// A sandbox whose Diarium hashes cheaply (bcrypt cost 4) and runs on `clock`.
    static func open(_ sandbox: Sandbox, _ clock: MovableClock = MovableClock()) throws -> Diarium {
        var policy = LoginPolicy()
        policy.bcryptCost = 4
        return try Diarium(store: sandbox.storeURL, home: Paths.home, loginPolicy: policy, clock: { clock.read() })
    }

    static let password = "ett långt lösenord för test"

    @Test func aOneTimePasswordActsForNobodyUntilChanged() throws {
        let sandbox = try Sandbox(); defer { withExtendedLifetime(sandbox) {} }
        let d = try Self.open(sandbox)
        let otp = try d.addUser("Åsa.Öberg", roles: [.handlaggare], organisations: ["RS"], as: tester)
        #expect(otp.account == "åsa.öberg")
        #expect(otp.password.count == 19)
        let grant = try d.logIn(name: "åsa.öberg", password: otp.password, address: "192.0.2.1")
        #expect(grant.mustChangePassword)
        let before = try #require(try d.session(token: grant.token))
        #expect(before.principal.roles.isEmpty, "a one-time password opens nothing but the change")
        #expect(throws: DiariumError.self) { try d.checkProcurement(procurement(), as: before.principal) }

        try d.changePassword(token: grant.token, current: otp.password, new: Self.password, repeated: Self.password)
        let after = try #require(try d.session(token: grant.token), "the session that changed the password goes on")
        #expect(after.principal.roles == [.handlaggare])
        #expect(!after.mustChangePassword)
        #expect(after.principal.organisations == .only(["RS"]))
        // The one-time password is gone.
        #expect(throws: DiariumError.self) { try d.logIn(name: "åsa.öberg", password: otp.password, address: "192.0.2.1") }
    }

    @Test func anUnknownNameAWrongPasswordAndADisabledAccountGetTheSameAnswer() throws {
        let sandbox = try Sandbox(); defer { withExtendedLifetime(sandbox) {} }
        let d = try Self.open(sandbox)
        _ = try d.addUser("per", roles: [.registrator], password: Self.password, as: tester)
        _ = try d.addUser("stina", roles: [.registrator], password: Self.password, as: tester)
        _ = try d.disableUser("stina", as: tester)
        var answers: Set<[ValidationError]> = []
        for (name, password) in [("per", "fel lösenord för per"), ("ingen-sådan", Self.password), ("stina", Self.password)] {
            do {
                _ = try d.logIn(name: name, password: password, address: "192.0.2.\(answers.count + 10)")
                Issue.record("\(name) logged in")
            } catch { answers.insert(error.problems) }
        }
        #expect(answers.count == 1)
        #expect(answers.first?.first?.rule == "login.failed")
    }

    @Test func loginsStopAfterRepeatedFailuresPerAccountAndPerAddress() throws {
        let clock = MovableClock()
        let sandbox = try Sandbox(); defer { withExtendedLifetime(sandbox) {} }
        let d = try Self.open(sandbox, clock)
        _ = try d.addUser("per", roles: [.registrator], password: Self.password, as: tester)
        for i in 0..<5 { _ = try? d.logIn(name: "per", password: "fel nummer \(i) av fem", address: "192.0.2.\(i)") }
        // The right password is refused now, from any address, and so is an unknown name's
        // sixth try: the answer tells nothing about the account.
        do {
            _ = try d.logIn(name: "per", password: Self.password, address: "198.51.100.7")
            Issue.record("logged in while throttled")
        } catch { #expect(error.problems.first?.rule == "login.throttled") }
        for i in 0..<5 { _ = try? d.logIn(name: "ingen", password: "fel \(i)", address: "203.0.113.1") }
        #expect(throws: DiariumError.self) { try d.logIn(name: "ingen", password: "x", address: "203.0.113.2") }
        // After the window it works again.
        clock.advance(16 * 60)
        _ = try d.logIn(name: "per", password: Self.password, address: "198.51.100.7")
        // Twenty failures from one address stop every account from it.
        _ = try d.addUser("olle", roles: [.registrator], password: Self.password, as: tester)
        for i in 0..<20 { _ = try? d.logIn(name: "namn\(i)", password: "fel", address: "203.0.113.99") }
        do {
            _ = try d.logIn(name: "olle", password: Self.password, address: "203.0.113.99")
            Issue.record("logged in from a throttled address")
        } catch { #expect(error.problems.first?.rule == "login.throttled") }
    }

    @Test func disablingLoggingOutAndResettingEndSessionsAtOnce() throws {
        let sandbox = try Sandbox(); defer { withExtendedLifetime(sandbox) {} }
        let d = try Self.open(sandbox)
        _ = try d.addUser("per", roles: [.registrator], password: Self.password, as: tester)
        let a = try d.logIn(name: "per", password: Self.password, address: "192.0.2.1")
        let b = try d.logIn(name: "per", password: Self.password, address: "192.0.2.2")
        try d.logOut(token: a.token)
        #expect(try d.session(token: a.token) == nil)
        #expect(try d.session(token: b.token) != nil)
        _ = try d.disableUser("per", as: tester)
        #expect(try d.session(token: b.token) == nil)
        let otp = try d.resetPassword("per", as: tester)
        let c = try d.logIn(name: "per", password: otp.password, address: "192.0.2.3")
        _ = try d.resetPassword("per", as: tester)
        #expect(try d.session(token: c.token) == nil, "a reset ends the sessions of the old password")
    }

    @Test func sessionsEndWhenIdleAndAfterTheirLifetime() throws {
        let clock = MovableClock()
        let sandbox = try Sandbox(); defer { withExtendedLifetime(sandbox) {} }
        let d = try Self.open(sandbox, clock)
        _ = try d.addUser("per", roles: [.registrator], password: Self.password, as: tester)
        let a = try d.logIn(name: "per", password: Self.password, address: "192.0.2.1")
        for _ in 0..<10 {
            clock.advance(3600)
            #expect(try d.session(token: a.token) != nil, "in use, it stays open")
        }
        clock.advance(3 * 3600)
        #expect(try d.session(token: a.token) == nil, "twelve hours after login it has ended")
        let b = try d.logIn(name: "per", password: Self.password, address: "192.0.2.1")
        clock.advance(2 * 3600 + 1)
        #expect(try d.session(token: b.token) == nil, "idle for two hours it has ended")
        #expect(try d.session(token: "not a token") == nil)
    }

    @Test func onlyAnAdministratorManagesAccountsOfTheirOwnOrganisations() throws {
        let sandbox = try Sandbox(); defer { withExtendedLifetime(sandbox) {} }
        let d = try Self.open(sandbox)
        let handler = Principal(name: "h", roles: [.handlaggare], organisations: .only(["RS"]))
        #expect(throws: DiariumError.self) { try d.addUser("x", roles: [.admin], as: handler) }
        let rvAdmin = Principal(name: "rv-admin", roles: [.admin], organisations: .only(["RV"]))
        _ = try d.addUser("rs-user", roles: [.registrator], organisations: ["RS"], password: Self.password, as: tester)
        #expect(throws: DiariumError.self) { try d.disableUser("rs-user", as: rvAdmin) }
        #expect(throws: DiariumError.self) { try d.addUser("y", roles: [.registrator], organisations: ["RS"], as: rvAdmin) }
        #expect(try d.listUsers(as: rvAdmin).isEmpty, "an RV administrator does not see RS accounts")
    }

    @Test func badAccountInputIsRefusedWithItsFieldAndNothingIsStored() throws {
        let sandbox = try Sandbox(); defer { withExtendedLifetime(sandbox) {} }
        let d = try Self.open(sandbox)
        func rules(_ body: () throws -> Void) -> [String] {
            do { try body(); return [] } catch let e as DiariumError { return e.problems.map(\.rule) } catch { return ["?"] }
        }
        #expect(rules { _ = try d.addUser("a", roles: [.admin], as: tester) } == ["account.name"])
        #expect(rules { _ = try d.addUser("per", roles: [], as: tester) } == ["account.role"])
        #expect(rules { _ = try d.addUser("per", roles: [.admin], organisations: ["XX"], as: tester) } == ["organisation.unknown"])
        #expect(rules { _ = try d.addUser("per", roles: [.admin], password: "kort", as: tester) } == ["password.short"])
        #expect(rules { _ = try d.addUser("per", roles: [.admin], password: String(repeating: "å", count: 40), as: tester) } == ["password.long"])
        #expect(rules { _ = try d.addUser("per", roles: [.admin], password: "per har ett lösenord", as: tester) } == ["password.name"])
        #expect(try d.listUsers(as: tester).isEmpty)
        _ = try d.addUser("per", roles: [.admin], password: Self.password, as: tester)
        #expect(rules { _ = try d.addUser("Per", roles: [.admin], as: tester) } == ["account.exists"])
        #expect(try d.listUsers(as: tester).map(\.name) == ["per"])
        let actions = try d.store.auditEvents(limit: 10).map(\.action)
        #expect(actions.filter { $0 == "account.add" }.count == 1)
    }

    @Test func aFormSentTwiceRegistersOnceAndARefusedOneCanBeSentAgain() throws {
        let sandbox = try Sandbox(); defer { withExtendedLifetime(sandbox) {} }
        let d = try Self.open(sandbox)
        let token = d.newFormToken()
        let first = try d.submitOnce(formToken: token, as: tester) { () throws(DiariumError) in try d.reportDeviation(deviation(), as: tester).document }
        let second = try d.submitOnce(formToken: token, as: tester) { () throws(DiariumError) in try d.reportDeviation(deviation(), as: tester).document }
        guard case .submitted(let number) = first else { Issue.record("not submitted"); return }
        #expect(second == .alreadySubmitted(number))
        let other = d.newFormToken()
        #expect(throws: DiariumError.self) {
            _ = try d.submitOnce(formToken: other, as: tester) { () throws(DiariumError) in try d.reportDeviation(Data("{}".utf8), as: tester).document }
        }
        let retried = try d.submitOnce(formToken: other, as: tester) { () throws(DiariumError) in try d.reportDeviation(deviation(), as: tester).document }
        guard case .submitted = retried else { Issue.record("a refused form could not be sent again"); return }
        #expect(try d.store.documentCount() == 2)
    }

    @Test func aRequestAttachesTheDocumentsItNamesOrIsRefusedWhole() throws {
        let sandbox = try Sandbox(); defer { withExtendedLifetime(sandbox) {} }
        let d = try Self.open(sandbox)
        let doc = try d.register(file: sandbox.file("a.txt", "Ett anbud."), meta: sandbox.meta(), as: tester)
        let public_ = Principal.member(ofThePublic: "allmänheten")
        let r = try d.openRequest(accessRequest { $0["documents"] = [doc.document.lowercased()]; $0["channel"] = "web" }, as: public_)
        #expect(r.documents == [doc.document])
        let listed = try #require(try d.listRequests(as: tester).first { $0.request == r.request })
        #expect(listed.documents == 1)
        let count = try d.store.documentCount()
        for (documents, field, rule) in [([doc.document, "inte ett nummer"], "documents[1]", "document-number.invalid"),
                                         ([doc.document, "RS 2026/0999-1"], "documents[1]", "document.not-found")] {
            do {
                _ = try d.openRequest(accessRequest { $0["documents"] = documents }, as: public_)
                Issue.record("accepted \(documents)")
            } catch {
                #expect(error.problems.map(\.field) == [field])
                #expect(error.problems.map(\.rule) == [rule])
            }
        }
        #expect(try d.store.documentCount() == count)
    }

    @Test func parallelGuessesShareTheFiveAttemptsOfAnAccount() throws {
        let sandbox = try Sandbox(); defer { withExtendedLifetime(sandbox) {} }
        let d = try Self.open(sandbox)
        _ = try d.addUser("per", roles: [.registrator], password: Self.password, as: tester)
        let outcomes = Outcomes()
        DispatchQueue.concurrentPerform(iterations: 16) { i in
            do {
                _ = try d.logIn(name: "per", password: "gissning nummer \(i)", address: "192.0.2.\(i)")
                outcomes.add("in")
            } catch let e as DiariumError { outcomes.add(e.problems.first?.rule ?? "?") } catch { outcomes.add("?") }
        }
        #expect(outcomes.count("login.failed") <= 5, "no more guesses than the limit reach the password check")
        #expect(outcomes.count("login.failed") + outcomes.count("login.throttled") == 16)
    }

    @Test func aWrongCurrentPasswordCountsAsAFailedLoginAndAChangeKeepsTheSessionsEnd() throws {
        let clock = MovableClock()
        let sandbox = try Sandbox(); defer { withExtendedLifetime(sandbox) {} }
        let d = try Self.open(sandbox, clock)
        _ = try d.addUser("per", roles: [.registrator], password: Self.password, as: tester)
        let grant = try d.logIn(name: "per", password: Self.password, address: "192.0.2.1")
        for i in 0..<5 {
            #expect(throws: DiariumError.self) { try d.changePassword(token: grant.token, current: "fel \(i)", new: "ett helt nytt lösenord", repeated: "ett helt nytt lösenord") }
        }
        do {
            try d.changePassword(token: grant.token, current: Self.password, new: "ett helt nytt lösenord", repeated: "ett helt nytt lösenord")
            Issue.record("a sixth guess was checked")
        } catch { #expect(error.problems.first?.rule == "login.throttled") }
        clock.advance(16 * 60)
        try d.changePassword(token: grant.token, current: Self.password, new: "ett helt nytt lösenord", repeated: "ett helt nytt lösenord")
        clock.advance(11 * 3600 + 45 * 60)
        #expect(try d.session(token: grant.token) == nil, "twelve hours after the login, the session has ended though the password changed")
    }
}

/// Outcomes of calls made in parallel.
final class Outcomes: @unchecked Sendable {
    private let lock = NSLock()
    private var seen: [String] = []
    func add(_ s: String) { lock.lock(); seen.append(s); lock.unlock() }
    func count(_ s: String) -> Int { lock.lock(); defer { lock.unlock() }; return seen.filter { $0 == s }.count }
}
