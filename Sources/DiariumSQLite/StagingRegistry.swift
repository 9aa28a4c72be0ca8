public import DiariumStore
public import Foundation

extension SQLiteStore {
    public func beginStaging(_ folder: URL) throws(StoreError) -> StagingTicket { try staging.beginStaging(folder) }
    public func endStaging(_ ticket: StagingTicket) { staging.endStaging(ticket) }
    public func stagingLeftovers() -> [URL] { staging.stagingLeftovers() }
    var staging: StagingFolders { StagingFolders(root: root) }
}
