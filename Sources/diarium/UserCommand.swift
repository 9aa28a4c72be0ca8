import ArgumentParser
import DiariumKit
import DiariumModel
import Foundation

/// `diarium user …`: the web's staff accounts.
struct UserCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "user",
        abstract: "Manage the staff accounts of the web application (diarium serve).",
        discussion: """
            An account has one or more roles (handlaggare, registrator, utlamnare, namnd, admin) and \
            acts for one or more organisations. Passwords are stored as bcrypt hashes. A one-time \
            password (printed once) must be changed at the first login.
            """,
        subcommands: [UserAdd.self, UserList.self, UserRoles.self, UserDisable.self, UserResetPassword.self])
}

/// A role as typed on the command line.
struct RoleArgument: ExpressibleByArgument {
    let role: Principal.Role

    init?(argument: String) {
        guard let role = Principal.Role(rawValue: argument) else { return nil }
        self.role = role
    }

    static var allValueStrings: [String] { Principal.Role.allCases.map(\.rawValue) }
}

struct UserAdd: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "add", abstract: "Add an account; prints its one-time password unless --password-stdin gives one.")

    @OptionGroup var options: StoreOptions

    @Argument(help: ArgumentHelp("The login name: 2–64 small letters (a–ö), digits, . _ -", valueName: "name"))
    var name: String

    @Option(name: .long, parsing: .upToNextOption,
            help: ArgumentHelp("One or more roles: handlaggare, registrator, utlamnare, namnd, admin.", valueName: "role"))
    var role: [RoleArgument] = []

    @Option(name: .long, help: ArgumentHelp("An organisation the account acts for (RS, RV, IN); repeatable. Default: every organisation of the store.", valueName: "code"))
    var organisation: [String] = []

    @Flag(name: .long, help: "Read the password from the first line of standard input instead of setting a one-time password.")
    var passwordStdin = false

    func run() throws {
        try DiariumCLI.runChecked(json: options.json) { () throws(DiariumError) -> Outcome in
            var password: String?
            if passwordStdin {
                guard let line = readLine(strippingNewline: true) else {
                    throw .rejected(InputRejected([ValidationError(field: "password", rule: "password.missing", message: "inget lösenord på standard in")]))
                }
                password = line
            }
            let d = try options.open()
            let made = try d.addUser(name, roles: Set(role.map(\.role)), organisations: organisation.isEmpty ? nil : Set(organisation),
                                     password: password, as: options.principal)
            let account = try d.listUsers(as: options.principal).first { $0.name == made.account }
            if options.json {
                Console.out(Console.encode(UserAdded(account: account, oneTimePassword: passwordStdin ? nil : made.password)))
            } else {
                Console.out("Kontot \(made.account) är skapat: \(account?.roles.joined(separator: ", ") ?? ""); organisationer \(account?.organisations.joined(separator: ", ") ?? "").")
                if !passwordStdin {
                    Console.out("Engångslösenord: \(made.password)")
                    Console.out("  (visas bara nu; det ska bytas vid första inloggningen)")
                }
            }
            return .done
        }
    }
}

struct UserRoles: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "roles", abstract: "Give an account new roles and organisations (replacing the old); its sessions end.")

    @OptionGroup var options: StoreOptions

    @Argument(help: ArgumentHelp("The account's name.", valueName: "name"))
    var name: String

    @Option(name: .long, parsing: .upToNextOption,
            help: ArgumentHelp("One or more roles: handlaggare, registrator, utlamnare, namnd, admin.", valueName: "role"))
    var role: [RoleArgument] = []

    @Option(name: .long, help: ArgumentHelp("An organisation the account acts for (RS, RV, IN); repeatable.", valueName: "code"))
    var organisation: [String] = []

    func run() throws {
        try DiariumCLI.run(json: options.json) { () throws(DiariumError) in
            let a = try options.open().changeUser(name, roles: Set(role.map(\.role)), organisations: Set(organisation), as: options.principal)
            if options.json { Console.out(Console.encode(a)); return }
            Console.out("Kontot \(a.name): roller \(a.roles.joined(separator: ", ")); organisationer \(a.organisations.joined(separator: ", ")). Dess inloggningar är avslutade.")
        }
    }
}

struct UserAdded: Encodable {
    let account: AccountSummary?
    let oneTimePassword: String?
}

struct UserList: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "list", abstract: "List the accounts.")

    @OptionGroup var options: StoreOptions

    func run() throws {
        try DiariumCLI.runChecked(json: options.json) { () throws(DiariumError) -> Outcome in
            let users = try options.open().listUsers(as: options.principal)
            if options.json {
                Console.out(Console.encode(users))
            } else if users.isEmpty {
                Console.out("Inga konton.")
            } else {
                for u in users {
                    let state = u.disabled ? "avstängt" : u.mustChangePassword ? "engångslösenord" : "aktivt"
                    Console.out("\(u.name)\t\(u.roles.joined(separator: ","))\t\(u.organisations.joined(separator: ","))\t\(state)")
                }
            }
            return .done
        }
    }
}

struct UserDisable: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "disable", abstract: "Disable an account; its sessions end at once.")

    @OptionGroup var options: StoreOptions

    @Argument(help: ArgumentHelp("The login name.", valueName: "name"))
    var name: String

    func run() throws {
        try DiariumCLI.runChecked(json: options.json) { () throws(DiariumError) -> Outcome in
            let u = try options.open().disableUser(name, as: options.principal)
            if options.json { Console.out(Console.encode(u)) } else { Console.out("Kontot \(u.name) är avstängt; dess inloggningar är avslutade.") }
            return .done
        }
    }
}

struct UserResetPassword: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "reset-password", abstract: "Set a new one-time password (printed once) and enable the account; its sessions end.")

    @OptionGroup var options: StoreOptions

    @Argument(help: ArgumentHelp("The login name.", valueName: "name"))
    var name: String

    func run() throws {
        try DiariumCLI.runChecked(json: options.json) { () throws(DiariumError) -> Outcome in
            let p = try options.open().resetPassword(name, as: options.principal)
            if options.json {
                Console.out(Console.encode(["account": p.account, "oneTimePassword": p.password]))
            } else {
                Console.out("Nytt engångslösenord för \(p.account): \(p.password)")
                Console.out("  (visas bara nu; det ska bytas vid första inloggningen)")
            }
            return .done
        }
    }
}
