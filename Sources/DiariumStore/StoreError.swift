/// What can go wrong in the store. `caseNotFound` and `documentNotFound` are the user's doing;
/// the others are the machine's or a damaged store's.
public enum StoreError: Error, Sendable, Hashable, CustomStringConvertible {
    case notInitialized(path: String)
    case io(String)
    case database(String)
    case objectMissing(String)
    case caseNotFound(String)
    case documentNotFound(String)
    case organisationNotFound(String)
    case badConfig(String)

    public var description: String {
        switch self {
        case .notInitialized(let p): "no Diarium store at \(p); create one with `diarium init --store \(p)`"
        case .io(let m): "archive: \(m)"
        case .database(let m): "database: \(m)"
        case .objectMissing(let h): "archive object \(h) is missing"
        case .caseNotFound(let n): "ärendet \(n) finns inte i diariet"
        case .documentNotFound(let n): "handlingen \(n) finns inte i diariet"
        case .organisationNotFound(let c): "organisationen \(c) finns inte i konfigurationen"
        case .badConfig(let m): "config.json: \(m)"
        }
    }
}
