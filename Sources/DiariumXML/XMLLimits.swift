/// How much of each thing one XML document may hold before it is refused, checked by a byte-level
/// pre-scan before libxml2 sees the bytes.
///
/// libxml2 2.9.14 is quadratic in the number of attributes of one element (its duplicate check
/// compares every pair: 50 000 attributes took 4 s, 200 000 over a minute), linear per element in
/// the namespaces in scope, and builds a DOM node per element, attribute and text run. Each bound
/// here turns one of those costs into a constant; together they keep every document answered in
/// time linear in its size. The values are far above any document a region registers, so only a
/// constructed document meets them.
///
/// Limits can be tightened, never loosened: each value is capped at `XMLLimits.maximum`, so no
/// caller can bring back the quadratic cases by passing a large number.
public struct XMLLimits: Sendable, Hashable {
    /// Bytes of the whole document. The largest file one registration takes (the Kit's own size
    /// limit); larger belongs in an e-archive transfer.
    public static let maximumBytes = 512 * 1024 * 1024
    /// Attributes on one element. Real elements carry a handful; the widest we know of (Office
    /// Open XML roots, with their namespace declarations) stay under 50. At 256 the duplicate
    /// check costs at most 32 640 comparisons per element.
    public static let maximumAttributesPerElement = 256
    /// Elements open at once. libxml2's own default without XML_PARSE_HUGE (xmlParserMaxDepth),
    /// so the pre-scan refuses with a line what libxml2 would refuse anyway.
    public static let maximumDepth = 256
    /// Namespace declarations in scope at once. libxml2 resolves each prefix by a linear search
    /// of the declarations in scope, so this bounds the cost of one name; real documents declare
    /// a few dozen at most.
    public static let maximumNamespacesInScope = 256
    /// Elements, attributes, text runs, comments, processing instructions and CDATA sections.
    /// 50 million is one node per ten bytes of a maximal file: it bounds the callbacks a
    /// streamed document makes, not its memory (a stream keeps no nodes).
    public static let maximumNodes = 50_000_000

    /// The ceiling, used by the streaming reader for registered files.
    public static let maximum = XMLLimits()

    /// For a document parsed into a DOM (`HardenedXMLParser.parse`, which caps what it is
    /// given at these): our own records and `diarium validate`. libxml2's DOM costs about 130
    /// bytes per node (16.7 million nodes peaked at 2.2 GB); at 2 million nodes a parse peaked at
    /// 280 MB. 64 MiB is a thousand times the largest record Diarium writes.
    public static let dom = XMLLimits(maxBytes: 64 * 1024 * 1024, maxNodes: 2_000_000)

    public let maxBytes: Int
    public let maxAttributesPerElement: Int
    public let maxDepth: Int
    public let maxNamespacesInScope: Int
    public let maxNodes: Int

    /// Each value is clamped to `0...` its maximum.
    public init(
        maxBytes: Int = XMLLimits.maximumBytes,
        maxAttributesPerElement: Int = XMLLimits.maximumAttributesPerElement,
        maxDepth: Int = XMLLimits.maximumDepth,
        maxNamespacesInScope: Int = XMLLimits.maximumNamespacesInScope,
        maxNodes: Int = XMLLimits.maximumNodes
    ) {
        self.maxBytes = min(max(0, maxBytes), Self.maximumBytes)
        self.maxAttributesPerElement = min(max(0, maxAttributesPerElement), Self.maximumAttributesPerElement)
        self.maxDepth = min(max(0, maxDepth), Self.maximumDepth)
        self.maxNamespacesInScope = min(max(0, maxNamespacesInScope), Self.maximumNamespacesInScope)
        self.maxNodes = min(max(0, maxNodes), Self.maximumNodes)
    }

    /// Each value no higher than `ceiling`'s.
    func capped(at ceiling: XMLLimits) -> XMLLimits {
        XMLLimits(
            maxBytes: min(maxBytes, ceiling.maxBytes),
            maxAttributesPerElement: min(maxAttributesPerElement, ceiling.maxAttributesPerElement),
            maxDepth: min(maxDepth, ceiling.maxDepth),
            maxNamespacesInScope: min(maxNamespacesInScope, ceiling.maxNamespacesInScope),
            maxNodes: min(maxNodes, ceiling.maxNodes))
    }
}
