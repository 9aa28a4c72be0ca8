internal import CLibXML2

/// libxml2's global set-up, done once per process before any parse (MEASURED.md §1: call
/// `xmlInitParser` before worker threads start; never call `xmlCleanupParser` while running).
enum LibXML {
    static let initialized: Void = { xmlInitParser() }()
}
