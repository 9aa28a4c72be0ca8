public import DiariumModel
public import DiariumStore

/// Every failure a use case reports. The CLI maps `rejected` and the user's store errors to exit
/// code 1 and the rest to 70 (a fault of the installation or the machine, not of the input).
public enum DiariumError: StoreFailure, Sendable, CustomStringConvertible {
    /// The input breaks a rule; each problem names its field and rule.
    case rejected(InputRejected)
    case store(StoreError)
    /// The principal may not do this: a role missing, or an organisation they do not act for.
    case denied(rule: String, message: String)
    /// Diarium is not installed right (templates, schemas, legal data).
    case setup(String)
    /// A check Diarium makes of its own output failed: a bug.
    case internalFault(String)

    public var description: String {
        switch self {
        case .rejected(let r): r.description
        case .store(let s): s.description
        case .denied(_, let m): m
        case .setup(let m): "setup: \(m)"
        case .internalFault(let m): "internal error: \(m)"
        }
    }

    /// Whether the user can mend this by changing the input or the command.
    public var isUserError: Bool {
        switch self {
        case .rejected, .denied: true
        case .store(let s):
            switch s {
            case .notInitialized, .notAFolder, .anchor, .caseNotFound, .documentNotFound, .organisationNotFound, .changedWhileReading, .databaseRefused: true
            default: false
            }
        case .setup, .internalFault: false
        }
    }

    /// The problems as `field: message [rule]` lines. A user's error names the user's field and
    /// a rule of its own (`number: … [document.not-found]`); a fault names the part that failed
    /// (`database`, `archive`, `config`, `setup`, `internal`) and a `fault.` rule, never a field
    /// of the input.
    public var problems: [ValidationError] {
        switch self {
        case .rejected(let r): r.errors
        case .store(let s): [Self.problem(s)]
        case .denied(let rule, let m): [ValidationError(field: "user", rule: rule, message: m)]
        case .setup(let m): [ValidationError(field: "setup", rule: "fault.setup", message: m)]
        case .internalFault(let m): [ValidationError(field: "internal", rule: "fault.internal", message: m)]
        }
    }

    static func problem(_ s: StoreError) -> ValidationError {
        switch s {
        case .anchor(let rule, let message):
            ValidationError(field: rule.hasPrefix("store.anchor-log") ? "store" : "key", rule: rule, message: message)
        case .notAFolder: ValidationError(field: "store", rule: "store.not-a-folder", message: s.description)
        case .notInitialized: ValidationError(field: "store", rule: "store.not-initialized", message: s.description)
        case .changedWhileReading: ValidationError(field: "file", rule: "file.changed", message: s.description)
        case .databaseRefused(let rule, let message): ValidationError(field: "database", rule: rule, message: message)
        case .documentNotFound: ValidationError(field: "number", rule: "document.not-found", message: s.description)
        case .caseNotFound: ValidationError(field: "case", rule: "case.not-found", message: s.description)
        case .organisationNotFound: ValidationError(field: "organisation", rule: "organisation.unknown", message: s.description)
        case .database(let m): ValidationError(field: "database", rule: "fault.database", message: m)
        case .io(let m): ValidationError(field: "archive", rule: "fault.archive", message: m)
        case .objectMissing(let h): ValidationError(field: "archive", rule: "fault.object-missing", message: "the archive object \(h) is missing; run `diarium verify`")
        case .badConfig(let m): ValidationError(field: "config", rule: "fault.config", message: "config.json: \(m)")
        }
    }

    /// What the audit log records of a failed attempt: the rule, a stable id that never holds a
    /// value of the input (a message could name a secret).
    var auditKind: String { problems.first?.rule ?? "rejected" }

    static func reject(_ field: String, _ rule: String, _ message: String) -> DiariumError {
        .rejected(InputRejected(field: field, rule: rule, message: message))
    }
}
