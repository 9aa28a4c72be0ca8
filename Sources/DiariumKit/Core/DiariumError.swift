public import DiariumModel
public import DiariumStore

/// Every failure a use case reports. The CLI maps `rejected` and the user's store errors to exit
/// code 1 and the rest to 70 (a fault of the installation or the machine, not of the input).
public enum DiariumError: Error, Sendable, CustomStringConvertible {
    /// The input breaks a rule; each problem names its field and rule.
    case rejected(InputRejected)
    case store(StoreError)
    /// Diarium is not installed right (templates, schemas, legal data).
    case setup(String)
    /// A check Diarium makes of its own output failed: a bug.
    case internalFault(String)

    public var description: String {
        switch self {
        case .rejected(let r): r.description
        case .store(let s): s.description
        case .setup(let m): "setup: \(m)"
        case .internalFault(let m): "internal error: \(m)"
        }
    }

    /// Whether the user can mend this by changing the input or the command.
    public var isUserError: Bool {
        switch self {
        case .rejected: true
        case .store(let s):
            switch s {
            case .notInitialized, .notAFolder, .anchor, .caseNotFound, .documentNotFound, .organisationNotFound, .changedWhileReading: true
            default: false
            }
        case .setup, .internalFault: false
        }
    }

    /// The problems as `field: rule` lines.
    public var problems: [ValidationError] {
        switch self {
        case .rejected(let r): r.errors
        case .store(.anchor(let rule, let message)):
            [ValidationError(field: rule.hasPrefix("store.anchor-log") ? "store" : "key", rule: rule, message: message)]
        case .store(.notAFolder(let path)): [ValidationError(field: "store", rule: "store.not-a-folder", message: StoreError.notAFolder(path: path).description)]
        case .store(.changedWhileReading(let s)): [ValidationError(field: "file", rule: "file.changed", message: StoreError.changedWhileReading(s).description)]
        case .store(let s): [ValidationError(field: "store", rule: "store", message: s.description)]
        case .setup(let m): [ValidationError(field: "setup", rule: "setup", message: m)]
        case .internalFault(let m): [ValidationError(field: "internal", rule: "internal", message: m)]
        }
    }

    static func reject(_ field: String, _ rule: String, _ message: String) -> DiariumError {
        .rejected(InputRejected(field: field, rule: rule, message: message))
    }
}
