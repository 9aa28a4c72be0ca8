/// What can go wrong in the store. `caseNotFound`, `documentNotFound`, `notAFolder` and `anchor`
/// are the user's doing (a wrong number, path or key); the others are the machine's or a damaged
/// store's.
public enum StoreError: Error, Sendable, Hashable, CustomStringConvertible {
    case notInitialized(path: String)
    /// The store path is a file, or under one, or a folder that cannot be written.
    case notAFolder(path: String)
    case io(String)
    case database(String)
    case objectMissing(String)
    case caseNotFound(String)
    case documentNotFound(String)
    case organisationNotFound(String)
    case badConfig(String)
    /// The anchor of the audit chain (signing key, anchor log) stops a write or an init; `rule`
    /// is a stable id (`store.anchor-key-missing`, …), `message` Swedish text for the user.
    case anchor(rule: String, message: String)
    /// A file being archived changed between its checks and its copy into the archive.
    case changedWhileReading(String)
    /// The shared index's database cannot be used as given (unreachable, refused the login,
    /// holds another store): the user's to fix. `rule` is a stable id (`store.database-…`).
    case databaseRefused(rule: String, message: String)

    public var description: String {
        switch self {
        case .notInitialized(let p): "det finns inget arkiv i \(p); skapa ett med `diarium init --store \(p)`"
        case .notAFolder(let p): "\(p) är inte en mapp som arkivet kan ligga i (en fil, under en fil eller utan skrivrätt); ange en mapp med --store"
        case .io(let m): "archive: \(m)"
        case .database(let m): "database: \(m)"
        case .objectMissing(let h): "archive object \(h) is missing"
        case .caseNotFound(let n): "ärendet \(n) finns inte i diariet"
        case .documentNotFound(let n): "handlingen \(n) finns inte i diariet"
        case .organisationNotFound(let c): "organisationen \(c) finns inte i konfigurationen"
        case .badConfig(let m): "config.json: \(m)"
        case .anchor(_, let m): m
        case .databaseRefused(_, let m): m
        case .changedWhileReading: "filen ändrades medan den registrerades; inget registrerades, försök igen när den är färdigskriven"
        }
    }
}
