internal import CLibXML2
import Foundation

/// Collects libxml2's structured errors for one parse or validation. A reference type because its
/// address travels through libxml2 as the callback's `void *` user data.
final class IssueCollector {
    var issues: [XMLIssue] = []
    /// libxml2 keeps reporting after the first fatal error in some paths; a bounded list keeps a
    /// hostile document from growing the error list without end.
    private let limit = 50

    func add(_ error: UnsafePointer<xmlError>) {
        let e = error.pointee
        // Warnings do not make a document unusable; only errors and fatal errors are kept.
        guard e.level.rawValue >= XML_ERR_ERROR.rawValue, issues.count < limit else { return }
        let text = e.message.map { String(cString: $0) } ?? "unknown error"
        let issue = XMLIssue(line: Int(e.line), code: Int(e.code), message: text.trimmingCharacters(in: .whitespacesAndNewlines))
        // libxml2 repeats some errors (an entity loop is reported once per reference).
        if issues.last != issue { issues.append(issue) }
    }

    /// A C callback for `xmlStructuredErrorFunc`; `context` is an unretained `IssueCollector`.
    static let callback: xmlStructuredErrorFunc = { context, error in
        guard let context, let error else { return }
        Unmanaged<IssueCollector>.fromOpaque(context).takeUnretainedValue().add(error)
    }
}
