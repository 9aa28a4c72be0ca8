/// A cell as the backends hand rows to each other when a store moves from one to the other
/// (`diarium migrate`): exactly what the source holds, nothing parsed.
package enum Cell: Sendable, Hashable {
    case null
    case integer(Int64)
    case real(Double)
    case text(String)
}

/// The register's tables in an order in which every row comes after the rows it refers to: the
/// order a move copies them in. `audit_sequence` is the last audit id drawn (SQLite keeps it in
/// `sqlite_sequence`).
package enum RegisterTables {
    package static let order = [
        "organisation", "number_series", "audit_event", "audit_sequence", "case", "document", "secrecy_marking", "search_public", "search_internal",
        "agreement", "purchase_import", "purchase", "procurement", "deviation", "deviation_step", "board_report",
        "access_request", "request_item", "request_release", "access_decision", "store_anchor",
        "account", "account_session", "login_failure", "form_draft", "form_token", "plan_type",
        "disposal", "disposal_record", "disposal_hold",
    ]
}

/// A store's rows read for a move, from one consistent state of the store.
package protocol TableSource {
    /// The rows of `table` in key order, `columns` of each, in pages of at most `limit` after
    /// the key `after` (a table without such a key comes whole, in the first page).
    func page(_ table: String, columns: [String], after: Int64?, limit: Int) throws(StoreError) -> (rows: [[Cell]], last: Int64?)
}
