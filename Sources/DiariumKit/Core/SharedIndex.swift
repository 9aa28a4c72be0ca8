public import DiariumPostgres
public import Foundation

/// Where a shared store keeps its register and its archive objects: a PostgreSQL database and
/// a folder that every server mounts (`diarium init --database … --objects …`).
public struct SharedIndex: Sendable {
    public let database: PostgresURL
    public let objects: URL

    /// Reads the address as given; a malformed one is refused by field and rule.
    public init(database text: String, objects: URL) throws(DiariumError) {
        switch PostgresURL.parse(text) {
        case .success(let url): database = url
        case .failure(let p): throw .reject("database", "store.database-url", p.description)
        }
        self.objects = objects
    }
}
