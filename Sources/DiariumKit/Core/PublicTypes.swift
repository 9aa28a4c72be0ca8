public import DiariumModel
public import DiariumRender
public import DiariumRules
public import DiariumStore

// The types of the lower modules that callers of the Kit (the CLI, the web application) need,
// so that they depend on the Kit alone (DESIGN.md: `diarium` may import Kit).
public typealias Audience = DiariumRender.Audience
public typealias RegisterView = DiariumRender.RegisterView
public typealias SearchQuery = DiariumStore.SearchQuery
public typealias SearchHit = DiariumStore.SearchHit
public typealias SearchScope = DiariumStore.SearchScope
public typealias VerifyReport = DiariumStore.VerifyReport
public typealias AnchorSetup = DiariumStore.AnchorSetup
public typealias AnchorPublicKey = DiariumStore.AnchorPublicKey
public typealias AnchorHead = DiariumStore.AnchorReport.Head
public typealias Direction = DiariumModel.Direction
public typealias Principal = DiariumModel.Principal
public typealias CivilDate = DiariumModel.CivilDate
public typealias InputRejected = DiariumModel.InputRejected
public typealias Problem = DiariumModel.ValidationError
public typealias Finding = DiariumRules.Finding
public typealias ProcurementAssessment = DiariumRules.ProcurementAssessment
public typealias ImportSummary = DiariumStore.ImportSummary
public typealias AuditFinding = DiariumRules.AuditFinding
public typealias BoardReport = DiariumRules.BoardReport
public typealias AccessAssessment = DiariumModel.AccessAssessment
public typealias AccessDecision = DiariumRules.AccessDecision

/// Text from the register made safe for a terminal (control characters replaced).
public enum TerminalSafe {
    public static func clean(_ text: String) -> String { TerminalText.clean(text) }
}
