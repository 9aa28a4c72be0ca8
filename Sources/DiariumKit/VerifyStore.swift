public import DiariumStore

extension Diarium {
    /// Re-hashes the archive, checks every row's objects and the audit chain.
    public func verify() throws(DiariumError) -> VerifyReport {
        do { return try store.verify() } catch { throw .store(error) }
    }
}
