/// Who acts in a use case: the name the register and the audit log record, the roles they hold
/// and the organisations they act for. Passed with every call of the Kit, so one long-lived
/// `Diarium` serves every user of a server.
public struct Principal: Sendable, Hashable {
    /// The staff roles of the policy's work (issue 13): a user may hold several.
    public enum Role: String, Sendable, Hashable, CaseIterable, Codable {
        /// Case handler: checks and documents direct procurements, imports the ledgers, audits.
        case handlaggare
        /// Registrar: registers documents.
        case registrator
        /// Request staff: answers requests for public documents.
        case utlamnare
        /// The board: follows the policy up, registers its report.
        case namnd
        /// Administrator: accounts, the audit log, verify.
        case admin

        /// The Swedish name, as pages and messages show it.
        public var label: String {
            switch self {
            case .handlaggare: "handläggare"
            case .registrator: "registrator"
            case .utlamnare: "utlämnare"
            case .namnd: "nämnd"
            case .admin: "administratör"
            }
        }
    }

    /// The organisations someone acts for.
    public enum Organisations: Sendable, Hashable {
        /// Every organisation of the store (the operator of the command line).
        case all
        /// These organisation codes only.
        case only(Set<String>)

        public func contains(_ code: String) -> Bool {
            switch self {
            case .all: true
            case .only(let codes): codes.contains(code)
            }
        }
    }

    public let name: String
    public let roles: Set<Role>
    public let organisations: Organisations

    public init(name: String, roles: Set<Role>, organisations: Organisations) {
        self.name = name
        self.roles = roles
        self.organisations = organisations
    }

    /// Whoever runs the command line on the store's files: every role, every organisation (the
    /// files are theirs to read and write anyway). `name` is what the register records.
    public static func `operator`(_ name: String) -> Principal {
        Principal(name: name, roles: Set(Role.allCases), organisations: .all)
    }

    /// A member of the public (the webbdiarium, the request form): no role, no organisation.
    public static func member(ofThePublic name: String) -> Principal {
        Principal(name: name, roles: [], organisations: .only([]))
    }

    public func holds(_ role: Role) -> Bool { roles.contains(role) }

    /// Staff: anyone holding a role (any employee may report a deviation).
    public var isStaff: Bool { !roles.isEmpty }
}
