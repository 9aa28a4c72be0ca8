import DiariumRules
import Testing

@Suite("Deviation code lists")
struct DeviationDataTests {
    @Test("the types the issue names are there, each with the rule it breaks and a source", arguments: [
        "purchase-outside-agreement", "order-outside-e-commerce", "direct-procurement-undocumented", "direct-award-over-limit",
        "split-purchase", "supplier-checks-missing", "conflict-of-interest", "opposing-coordination", "process-not-followed",
    ])
    func types(_ code: String) throws {
        let t = try #require(try DeviationData.bundled().type(code))
        #expect(!t.label.isEmpty && !t.breaks.isEmpty && !t.source.isEmpty)
    }

    @Test("escalation runs manager, administration, regional director, and no further")
    func levels() throws {
        let d = try DeviationData.bundled()
        #expect(d.nextLevel(after: nil)?.code == "manager")
        #expect(d.nextLevel(after: "manager")?.code == "administration")
        #expect(d.nextLevel(after: "administration")?.code == "regional-director")
        #expect(d.nextLevel(after: "regional-director") == nil)
    }
}
