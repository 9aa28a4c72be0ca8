internal import CLibXML2

/// libxml2's push parser behind the pre-scan: the one engine of the DOM parser and the streaming
/// reader.
///
/// The push parser, unlike `xmlCtxtReadMemory`, stops at the top of its loop after the first
/// fatal error (`errNo` set and SAX disabled), so libxml2 never runs its error recovery over the
/// rest of a hostile document: what it parses is a well-formed prefix, which the pre-scan has
/// read the same way, plus the one construct that held the error. `xmlStopParser` from inside an
/// error callback would stop it sooner but frees the input under the function that reported the
/// error, so it is not used.
///
/// Every callback receives the parser context (no user data is passed), and the Swift state
/// rides in its `_private`, as for the DOM parser's error handler.
final class PushParser {
    enum Mode {
        /// libxml2's own SAX2 handlers build a DOM (`takeDocument`).
        case tree
        /// Only character data is kept, in pieces (`takeText`); nothing is built.
        case text
    }

    /// Bytes handed to libxml2 at a time. Small pieces cost libxml2 more than their size: a
    /// CDATA section split over many pushes is searched again from its start on every push.
    static let pushSize = 1 << 20

    static let options = Int32(XML_PARSE_NONET.rawValue | XML_PARSE_NOCDATA.rawValue)

    let state = PushState()
    private let name: String
    private let mode: Mode
    private var scan: XMLPreScan
    private var ctxt: xmlParserCtxtPtr?
    private var pending: [UInt8] = []
    private var failure: XMLRejection?
    private var bytesFed = 0

    init(name: String, limits: XMLLimits, mode: Mode) {
        _ = LibXML.initialized
        self.name = name
        self.mode = mode
        scan = XMLPreScan(limits: limits)
    }

    deinit {
        if let ctxt {
            if let doc = ctxt.pointee.myDoc { xmlFreeDoc(doc) }
            xmlFreeParserCtxt(ctxt)
        }
    }

    /// Scans `chunk`, then hands it on to libxml2 in pieces of `pushSize`. A refusal is final:
    /// every later call throws it again.
    func feed(_ chunk: UnsafeRawBufferPointer) throws(XMLRejection) {
        if let failure { throw failure }
        bytesFed += chunk.count
        do { try scan.scan(chunk) } catch { throw fail(error) }
        var rest = chunk
        if !pending.isEmpty {
            let take = min(Self.pushSize - pending.count, rest.count)
            pending.append(contentsOf: rest[..<take])
            rest = UnsafeRawBufferPointer(rebasing: rest[take...])
            guard pending.count == Self.pushSize else { return }
            try pushPending(terminate: false)
        }
        while rest.count >= Self.pushSize {
            try push(UnsafeRawBufferPointer(rebasing: rest[..<Self.pushSize]), terminate: false)
            rest = UnsafeRawBufferPointer(rebasing: rest[Self.pushSize...])
        }
        pending.append(contentsOf: rest)
    }

    /// Ends the document: libxml2 checks that nothing is left open.
    func finish() throws(XMLRejection) {
        if let failure { throw failure }
        guard bytesFed > 0 else { throw fail(XMLRejection(reason: .empty, issues: [])) }
        do { try scan.finish() } catch { throw fail(error) }
        try pushPending(terminate: true)
    }

    /// The character data completed so far, as UTF-8; emptied by the call.
    func takeText() -> String {
        defer { state.text.removeAll(keepingCapacity: true) }
        return String(decoding: state.text, as: UTF8.self)
    }

    /// The document built in `.tree` mode, handed over to the caller, who frees it.
    func takeDocument() -> xmlDocPtr? {
        guard let ctxt, let doc = ctxt.pointee.myDoc else { return nil }
        ctxt.pointee.myDoc = nil
        return doc
    }

    /// Whether libxml2 found the document well-formed, namespaces included.
    var wellFormed: Bool {
        guard let ctxt else { return false }
        return ctxt.pointee.wellFormed != 0 && ctxt.pointee.nsWellFormed != 0
    }

    private func pushPending(terminate: Bool) throws(XMLRejection) {
        let bytes = pending
        pending.removeAll(keepingCapacity: true)
        var result: XMLRejection?
        bytes.withUnsafeBytes { raw in
            do throws(XMLRejection) { try push(raw, terminate: terminate) } catch { result = error }
        }
        if let result { throw result }
    }

    private func push(_ bytes: UnsafeRawBufferPointer, terminate: Bool) throws(XMLRejection) {
        var bytes = bytes
        let context: xmlParserCtxtPtr
        if let ctxt {
            context = ctxt
        } else {
            // libxml2 detects the encoding from the first four bytes given at creation.
            let first = min(4, bytes.count)
            context = try create(UnsafeRawBufferPointer(rebasing: bytes[..<first]))
            bytes = UnsafeRawBufferPointer(rebasing: bytes[first...])
        }
        let base = bytes.baseAddress?.assumingMemoryBound(to: CChar.self)
        _ = xmlParseChunk(context, bytes.isEmpty ? nil : base, Int32(bytes.count), terminate ? 1 : 0)
        try check(context)
    }

    private func create(_ first: UnsafeRawBufferPointer) throws(XMLRejection) -> xmlParserCtxtPtr {
        let base = first.baseAddress?.assumingMemoryBound(to: CChar.self)
        let created: xmlParserCtxtPtr?
        switch mode {
        case .tree:
            created = xmlCreatePushParserCtxt(nil, nil, base, Int32(first.count), name)
        case .text:
            var handler = PushState.textHandler()
            created = xmlCreatePushParserCtxt(&handler, nil, base, Int32(first.count), name)
        }
        guard let created else {
            throw fail(XMLRejection(reason: .malformed, issues: [XMLIssue(line: 0, code: 0, message: "out of memory")]))
        }
        ctxt = created
        created.pointee._private = Unmanaged.passUnretained(state).toOpaque()
        created.pointee.sax.pointee.serror = PushState.structuredError
        // Keep NOENT, DTDLOAD, DTDATTR, DTDVALID and HUGE out (MEASURED.md §1).
        _ = xmlCtxtUseOptions(created, Self.options)
        return created
    }

    private func check(_ context: xmlParserCtxtPtr) throws(XMLRejection) {
        if state.sawDoctype {
            throw fail(XMLRejection(reason: .doctypeNotAllowed, issues: [
                XMLIssue(line: Int(xmlSAX2GetLineNumber(UnsafeMutableRawPointer(context))), code: 0, message: "document type declaration (DTD) not allowed")
            ]))
        }
        if !state.collector.issues.isEmpty || context.pointee.wellFormed == 0 || context.pointee.nsWellFormed == 0 {
            throw fail(XMLRejection(reason: .malformed, issues: state.collector.issues))
        }
    }

    private func fail(_ rejection: XMLRejection) -> XMLRejection {
        failure = rejection
        return rejection
    }
}

/// The Swift side of one push parse, reached from libxml2's callbacks.
final class PushState {
    let collector = IssueCollector()
    /// Character data not yet taken, UTF-8.
    var text: [UInt8] = []
    /// A tag was passed since the last character data: the next piece may need a separator.
    var atBoundary = false
    var lastWasSpace = true
    var sawDoctype = false
    var rootName: String?
    var rootNamespace: String?

    static func of(_ ctx: UnsafeMutableRawPointer?) -> PushState? {
        guard let ctx else { return nil }
        let c = ctx.assumingMemoryBound(to: xmlParserCtxt.self)
        guard let box = c.pointee._private else { return nil }
        return Unmanaged<PushState>.fromOpaque(box).takeUnretainedValue()
    }

    @inline(__always)
    static func isSpace(_ b: UInt8) -> Bool { b == 0x20 || b == 0x0A || b == 0x09 || b == 0x0D }

    /// Appends character data; a space goes between two pieces separated by a tag when neither
    /// side has white space already, so the words of adjacent elements stay apart and the
    /// result does not depend on where libxml2 split a text node.
    func append(_ piece: UnsafeBufferPointer<UInt8>) {
        guard let first = piece.first, let last = piece.last else { return }
        if atBoundary && !lastWasSpace && !Self.isSpace(first) { text.append(0x20) }
        atBoundary = false
        text.append(contentsOf: piece)
        lastWasSpace = Self.isSpace(last)
    }

    static let structuredError: xmlStructuredErrorFunc = { userData, error in
        guard let error, let state = PushState.of(userData) else { return }
        state.collector.add(error)
    }

    /// SAX2 handlers for text mode: elements only mark boundaries, character data is kept, a
    /// document type declaration is noted (the pre-scan refuses it before libxml2 would see it;
    /// this is the second lock). Entity declarations and references have no handler.
    static func textHandler() -> xmlSAXHandler {
        var h = xmlSAXHandler()
        h.initialized = UInt32(XML_SAX2_MAGIC)
        h.startElementNs = { ctx, localname, _, uri, _, _, _, _, _ in
            guard let state = PushState.of(ctx) else { return }
            state.atBoundary = true
            if state.rootName == nil, let localname {
                state.rootName = String(cString: localname)
                state.rootNamespace = uri.map { String(cString: $0) }
            }
        }
        h.endElementNs = { ctx, _, _, _ in PushState.of(ctx)?.atBoundary = true }
        h.characters = { ctx, ch, len in
            guard let ch, len > 0, let state = PushState.of(ctx) else { return }
            state.append(UnsafeBufferPointer(start: ch, count: Int(len)))
        }
        h.ignorableWhitespace = h.characters
        h.internalSubset = { ctx, _, _, _ in PushState.of(ctx)?.sawDoctype = true }
        h.serror = structuredError
        return h
    }
}
