/// What a registered document is to Diarium: a file someone else made, or one of the documents
/// Diarium draws up from input. The raw value is what the store's `document.kind` column holds
/// (the names stores have always used); a row with any other value is damage, never guessed.
public enum DocumentKind: String, Sendable, Hashable, Codable, CaseIterable {
    /// A file registered as it came (a letter, a tender, a PDF).
    case registration
    /// A direct procurement's documentation (dokumentation av direktupphandling).
    case directProcurement = "direct-procurement"
    /// A report of a deviation from the procurement policy (avstegsrapport).
    case deviation
    /// A step in a deviation's handling (escalation, follow-up, closing) recorded as a document.
    case deviationStep = "deviation-step"
    /// The board's follow-up report (Inköpsnämndens uppföljningsrapport).
    case boardReport = "board-report"
    /// A request for public documents (begäran om allmän handling).
    case accessRequest = "access-request"
    /// The decision on such a request (beslut om utlämnande).
    case accessDecision = "access-decision"
    /// The record of a disposal run (gallringsprotokoll): what was disposed of, when, and why.
    case disposalRecord = "disposal-record"
}
