import DiariumStore
import GRDB

/// The database schema, as named, append-only migrations: never edit one that has shipped; add
/// the next (STYLE.md).
enum Schema {
    static var migrator: DatabaseMigrator {
        var m = DatabaseMigrator()
        m.registerMigration("v1-core") { db in
            try db.execute(sql: """
                CREATE TABLE organisation (
                    code TEXT PRIMARY KEY NOT NULL,
                    name TEXT NOT NULL,
                    organisation_number TEXT NOT NULL,
                    prefix TEXT NOT NULL UNIQUE,
                    hosted_by TEXT
                );
                -- One serial per diarienummer prefix and year, allocated inside the registering
                -- transaction (BEGIN IMMEDIATE), so two processes never draw the same number.
                CREATE TABLE number_series (
                    prefix TEXT NOT NULL,
                    year INTEGER NOT NULL,
                    last_serial INTEGER NOT NULL,
                    PRIMARY KEY (prefix, year)
                ) WITHOUT ROWID;
                CREATE TABLE "case" (
                    id INTEGER PRIMARY KEY,
                    number TEXT NOT NULL UNIQUE,
                    organisation TEXT NOT NULL REFERENCES organisation(code),
                    year INTEGER NOT NULL,
                    serial INTEGER NOT NULL,
                    title TEXT NOT NULL,
                    opened_at TEXT NOT NULL,
                    last_document_sequence INTEGER NOT NULL DEFAULT 0
                );
                CREATE TABLE audit_event (
                    id INTEGER PRIMARY KEY AUTOINCREMENT,
                    at TEXT NOT NULL,
                    actor TEXT NOT NULL,
                    action TEXT NOT NULL,
                    subject TEXT,
                    detail TEXT NOT NULL,
                    previous_hash TEXT NOT NULL,
                    hash TEXT NOT NULL UNIQUE
                );
                CREATE TABLE document (
                    id INTEGER PRIMARY KEY,
                    number TEXT NOT NULL UNIQUE,
                    case_id INTEGER NOT NULL REFERENCES "case"(id),
                    sequence INTEGER NOT NULL,
                    kind TEXT NOT NULL,
                    organisation TEXT NOT NULL REFERENCES organisation(code),
                    direction TEXT NOT NULL,
                    date TEXT NOT NULL,
                    registered_at TEXT NOT NULL,
                    registered_by TEXT NOT NULL,
                    counterparty TEXT,
                    title TEXT NOT NULL,
                    public_title TEXT,
                    document_type TEXT NOT NULL,
                    handler TEXT NOT NULL,
                    file_name TEXT NOT NULL,
                    media_type TEXT NOT NULL,
                    size INTEGER NOT NULL,
                    object_sha256 TEXT NOT NULL,
                    record_sha256 TEXT NOT NULL,
                    audit_event_id INTEGER NOT NULL REFERENCES audit_event(id),
                    UNIQUE (case_id, sequence)
                );
                CREATE INDEX document_by_organisation_date ON document(organisation, date);
                CREATE INDEX document_by_date ON document(date);
                CREATE TABLE secrecy_marking (
                    id INTEGER PRIMARY KEY,
                    document_id INTEGER NOT NULL REFERENCES document(id),
                    field_path TEXT NOT NULL,
                    provision TEXT NOT NULL,
                    reason TEXT NOT NULL,
                    marked_by TEXT NOT NULL,
                    marked_at TEXT NOT NULL,
                    UNIQUE (document_id, field_path)
                );
                -- Two full-text indexes (rowid = document.id). Public search reads search_public
                -- alone, which holds only what the public register shows, so no public hit or
                -- snippet can carry a secret. remove_diacritics 0: the default folds å/ä/ö into
                -- a/o (MEASURED.md §2).
                CREATE VIRTUAL TABLE search_public USING fts5(
                    number, title, counterparty, case_title, document_type,
                    tokenize = 'unicode61 remove_diacritics 0'
                );
                CREATE VIRTUAL TABLE search_internal USING fts5(
                    number, title, public_title, counterparty, case_title, document_type, handler, content,
                    tokenize = 'unicode61 remove_diacritics 0'
                );
                """)
        }
        m.registerMigration("v2-procurement") { db in
            try db.execute(sql: """
                -- The agreement register (avtalskatalogen), as imported. Ids are the organisation's own.
                CREATE TABLE agreement (
                    id TEXT NOT NULL,
                    organisation TEXT NOT NULL REFERENCES organisation(code),
                    supplier TEXT NOT NULL,
                    supplier_orgnr TEXT NOT NULL,
                    category TEXT NOT NULL,
                    title TEXT NOT NULL,
                    valid_from TEXT NOT NULL,
                    valid_to TEXT NOT NULL,
                    PRIMARY KEY (organisation, id)
                ) WITHOUT ROWID;
                -- Purchases from invoice or e-commerce exports; they count toward the region total.
                CREATE TABLE purchase (
                    id INTEGER PRIMARY KEY,
                    organisation TEXT NOT NULL REFERENCES organisation(code),
                    unit TEXT NOT NULL,
                    date TEXT NOT NULL,
                    fiscal_year INTEGER NOT NULL,
                    supplier TEXT NOT NULL,
                    supplier_orgnr TEXT NOT NULL,
                    category TEXT NOT NULL,
                    amount_ore INTEGER NOT NULL,
                    reference TEXT NOT NULL,
                    UNIQUE (organisation, reference)
                );
                CREATE INDEX purchase_by_kind ON purchase(organisation, fiscal_year, category);
                -- Registered direct procurements, for the same total.
                CREATE TABLE procurement (
                    document_id INTEGER PRIMARY KEY REFERENCES document(id),
                    organisation TEXT NOT NULL REFERENCES organisation(code),
                    unit TEXT NOT NULL,
                    category TEXT NOT NULL,
                    fiscal_year INTEGER NOT NULL,
                    contract_signed TEXT NOT NULL,
                    value_ore INTEGER NOT NULL,
                    ground TEXT NOT NULL,
                    allowed INTEGER NOT NULL,
                    accepted_findings INTEGER NOT NULL,
                    -- The input as given and the assessment of that day, both archived objects.
                    input_sha256 TEXT NOT NULL,
                    data_sha256 TEXT NOT NULL,
                    -- The provision, when the value or the unit is marked secret: other
                    -- procurements' totals then withhold it in every public view.
                    value_provision TEXT,
                    unit_provision TEXT
                );
                CREATE INDEX procurement_by_kind ON procurement(organisation, fiscal_year, category);
                """)
        }
        m.registerMigration("v3-deviation") { db in
            try db.execute(sql: """
                -- Deviations (avsteg) from the procurement policy, one per registered report.
                CREATE TABLE deviation (
                    document_id INTEGER PRIMARY KEY REFERENCES document(id),
                    organisation TEXT NOT NULL REFERENCES organisation(code),
                    unit TEXT NOT NULL,
                    type TEXT NOT NULL,
                    phase TEXT NOT NULL,
                    reported_on TEXT NOT NULL,
                    procurement TEXT,
                    supplier_orgnr TEXT,
                    estimated_value_ore INTEGER,
                    status TEXT NOT NULL,
                    level TEXT,
                    last_step_on TEXT NOT NULL,
                    -- report (an employee), audit (found in the purchases) or procurement
                    -- (documented with --accept-findings); origin_key keeps a draft from being
                    -- opened twice for the same rows.
                    origin TEXT NOT NULL,
                    origin_key TEXT UNIQUE,
                    input_sha256 TEXT NOT NULL
                );
                CREATE INDEX deviation_by_status ON deviation(organisation, status, type);
                -- Each step (escalate, resolve, close) is a dated document registered in the case.
                CREATE TABLE deviation_step (
                    id INTEGER PRIMARY KEY,
                    deviation_document_id INTEGER NOT NULL REFERENCES deviation(document_id),
                    step TEXT NOT NULL,
                    level TEXT,
                    by_name TEXT NOT NULL,
                    on_date TEXT NOT NULL,
                    document_id INTEGER NOT NULL REFERENCES document(id)
                );
                """)
        }
        m.registerMigration("v4-audit") { db in
            try db.execute(sql: """
                -- The winning supplier of a documented procurement, so the purchase audit can tell
                -- which purchases it covers. Rows documented before this migration have NULL; the
                -- audit reads their supplier from the archived input.
                ALTER TABLE procurement ADD COLUMN supplier_orgnr TEXT;
                CREATE INDEX procurement_by_year ON procurement(fiscal_year, organisation);
                CREATE INDEX deviation_step_by_deviation ON deviation_step(deviation_document_id);
                -- Inköpsnämndens follow-up reports: the figures as compiled, an archived object,
                -- so that every view of the report is made again from exactly those figures.
                CREATE TABLE board_report (
                    document_id INTEGER PRIMARY KEY REFERENCES document(id),
                    period_from TEXT NOT NULL,
                    period_to TEXT NOT NULL,
                    data_sha256 TEXT NOT NULL
                );
                """)
        }
        m.registerMigration("v5-access") { db in
            try db.execute(sql: """
                -- Requests for public documents (begäran om allmän handling). The request is
                -- registered as a received document in a case of its own; the case number is
                -- the number staff use for the request.
                CREATE TABLE access_request (
                    document_id INTEGER PRIMARY KEY REFERENCES document(id),
                    case_id INTEGER NOT NULL UNIQUE REFERENCES "case"(id),
                    number TEXT NOT NULL UNIQUE,
                    organisation TEXT NOT NULL REFERENCES organisation(code),
                    received_at TEXT NOT NULL,
                    received_on TEXT NOT NULL,
                    channel TEXT NOT NULL,
                    format TEXT NOT NULL,
                    anonymous INTEGER NOT NULL,
                    input_sha256 TEXT NOT NULL,
                    -- open, released (copies handed out), decided (a decision was written)
                    status TEXT NOT NULL,
                    handled_at TEXT
                );
                CREATE INDEX access_request_by_status ON access_request(status, received_on);
                -- The documents a request asks for, each with its secrecy assessment (a JSON
                -- AccessAssessment; NULL until assessed).
                CREATE TABLE request_item (
                    id INTEGER PRIMARY KEY,
                    request_document_id INTEGER NOT NULL REFERENCES access_request(document_id),
                    document_id INTEGER NOT NULL REFERENCES document(id),
                    added_at TEXT NOT NULL,
                    added_by TEXT NOT NULL,
                    outcome TEXT,
                    assessment TEXT,
                    assessed_at TEXT,
                    assessed_by TEXT,
                    UNIQUE (request_document_id, document_id)
                );
                -- Each release of copies: what was written (an archived manifest of file names
                -- and hashes), the pages and the fee.
                CREATE TABLE request_release (
                    id INTEGER PRIMARY KEY,
                    request_document_id INTEGER NOT NULL REFERENCES access_request(document_id),
                    released_at TEXT NOT NULL,
                    released_by TEXT NOT NULL,
                    pages INTEGER NOT NULL,
                    fee_ore INTEGER NOT NULL,
                    fee_scale TEXT NOT NULL,
                    manifest_sha256 TEXT NOT NULL
                );
                -- Decisions (beslut om utlämnande), registered in the request's case, with their
                -- data archived so that every view is made again from exactly it.
                CREATE TABLE access_decision (
                    document_id INTEGER PRIMARY KEY REFERENCES document(id),
                    request_document_id INTEGER NOT NULL REFERENCES access_request(document_id),
                    data_sha256 TEXT NOT NULL
                );
                """)
        }
        m.registerMigration("v6-anchor") { db in
            try db.execute(sql: """
                -- Set by `init` when it anchors the store: from then on every commit that appends
                -- audit events signs the new head into audit-anchor.log with the key outside the
                -- store, and a write without that key is refused. The row only says that the store
                -- is anchored and with which key; verify trusts the key it is given, never this row.
                CREATE TABLE store_anchor (
                    id INTEGER PRIMARY KEY CHECK (id = 1),
                    store_id TEXT NOT NULL,
                    public_key TEXT NOT NULL,
                    anchored_at TEXT NOT NULL
                );
                """)
        }
        m.registerMigration("v7-purchase-imports") { db in
            try db.execute(sql: """
                -- Each purchase file imported, archived as an object, so that verify can compare
                -- every purchase row with the file it came from. Rows imported before this
                -- migration have no import.
                CREATE TABLE purchase_import (
                    id INTEGER PRIMARY KEY,
                    file TEXT NOT NULL,
                    sha256 TEXT NOT NULL,
                    imported_at TEXT NOT NULL,
                    imported_by TEXT NOT NULL,
                    inserted INTEGER NOT NULL
                );
                ALTER TABLE purchase ADD COLUMN import_id INTEGER REFERENCES purchase_import(id);
                CREATE INDEX purchase_by_import ON purchase(import_id);
                """)
        }
        m.registerMigration("v8-accounts") { db in
            try db.execute(sql: """
                -- Staff accounts of the web (issue 13). Roles and organisations as space-separated
                -- codes; times as ISO 8601.
                CREATE TABLE account (
                    name TEXT PRIMARY KEY NOT NULL,
                    password_hash TEXT NOT NULL,
                    roles TEXT NOT NULL,
                    organisations TEXT NOT NULL,
                    must_change_password INTEGER NOT NULL,
                    disabled INTEGER NOT NULL,
                    created_at TEXT NOT NULL,
                    changed_at TEXT NOT NULL
                ) WITHOUT ROWID;
                -- Server-side sessions, keyed by the SHA-256 of the cookie's token; times in
                -- seconds since 1970 so that expiry is one comparison.
                CREATE TABLE account_session (
                    token_sha256 TEXT PRIMARY KEY NOT NULL,
                    account TEXT NOT NULL REFERENCES account(name),
                    csrf TEXT NOT NULL,
                    created_at INTEGER NOT NULL,
                    last_seen_at INTEGER NOT NULL
                ) WITHOUT ROWID;
                CREATE INDEX account_session_by_account ON account_session(account);
                -- Failed logins per key (`account:NAME`, `address:IP`), for throttling.
                CREATE TABLE login_failure (
                    key TEXT NOT NULL,
                    at INTEGER NOT NULL
                );
                CREATE INDEX login_failure_by_key ON login_failure(key, at);
                CREATE TABLE form_draft (
                    id INTEGER PRIMARY KEY,
                    account TEXT NOT NULL REFERENCES account(name),
                    form TEXT NOT NULL,
                    title TEXT NOT NULL,
                    fields TEXT NOT NULL,
                    updated_at TEXT NOT NULL
                );
                CREATE INDEX form_draft_by_account ON form_draft(account, form);
                CREATE INDEX document_by_registrant ON document(registered_by, id);
                -- One-time form tokens: a form sent twice registers once.
                CREATE TABLE form_token (
                    token TEXT PRIMARY KEY NOT NULL,
                    account TEXT NOT NULL,
                    claimed_at INTEGER NOT NULL,
                    result TEXT
                ) WITHOUT ROWID;
                """)
        }
        m.registerMigration("v9-request-handling") { db in
            try db.execute(sql: """
                -- Who handles a request now (NULL: the registry, as registered), and a counter
                -- that every change to the request moves, so that two officials acting at once
                -- are told when the other got there first (issue 14).
                ALTER TABLE access_request ADD COLUMN handler TEXT;
                ALTER TABLE access_request ADD COLUMN revision INTEGER NOT NULL DEFAULT 0;
                -- The copies handed out through the web as one ZIP, an archived object.
                ALTER TABLE request_release ADD COLUMN archive_sha256 TEXT;
                -- The audit log filtered by who and what, newest first.
                CREATE INDEX audit_event_by_actor ON audit_event(actor, id);
                CREATE INDEX audit_event_by_subject ON audit_event(subject, id);
                -- The request queue and the deviations list page in order of arrival.
                CREATE INDEX access_request_by_arrival ON access_request(received_at, document_id);
                CREATE INDEX deviation_by_report ON deviation(reported_on, document_id);
                """)
        }
        m.registerMigration("v10-information-plan") { db in
            try db.execute(sql: """
                -- The organisation's information management plan: one row per document type, in
                -- the plan's order (issue 15). Empty until the Kit installs its default plan or
                -- a region's own is imported.
                CREATE TABLE plan_type (
                    code TEXT PRIMARY KEY,
                    position INTEGER NOT NULL,
                    label TEXT NOT NULL,
                    process TEXT NOT NULL,
                    series TEXT,
                    action TEXT NOT NULL CHECK (action IN ('keep', 'dispose')),
                    retention TEXT,
                    retention_from TEXT,
                    decision TEXT NOT NULL,
                    published INTEGER NOT NULL,
                    retired INTEGER NOT NULL DEFAULT 0
                ) WITHOUT ROWID;
                CREATE INDEX document_by_type ON document(document_type);
                """)
        }
        m.registerMigration("v11-disposal") { db in
            try db.execute(sql: """
                -- Disposal (gallring) under the plan (issue 15): a disposed document keeps its
                -- register row and number; this row says when, under which decision and by
                -- which registered disposal record (gallringsprotokoll). Its file object is
                -- deleted and its text in the internal search emptied.
                CREATE TABLE disposal (
                    document_id INTEGER PRIMARY KEY REFERENCES document(id),
                    record_document_id INTEGER NOT NULL REFERENCES document(id),
                    disposed_at TEXT NOT NULL,
                    decision TEXT NOT NULL
                );
                CREATE INDEX disposal_by_record ON disposal(record_document_id);
                -- The disposal records, with their data archived (made again from it).
                CREATE TABLE disposal_record (
                    document_id INTEGER PRIMARY KEY REFERENCES document(id),
                    decision TEXT NOT NULL,
                    data_sha256 TEXT NOT NULL
                );
                -- Holds (gallringsstopp) on a document or on every document of a case.
                CREATE TABLE disposal_hold (
                    subject TEXT PRIMARY KEY,
                    reason TEXT NOT NULL,
                    placed_by TEXT NOT NULL,
                    placed_at TEXT NOT NULL
                ) WITHOUT ROWID;
                """)
        }
        return m
    }
}
