import ArgumentParser
import DiariumKit
import DiariumModel
import DiariumStore

struct SearchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "search",
        abstract: "Search the register, newest first or by relevance.",
        discussion: """
            All words must match; end a word with * to match it as a prefix (överkl*). Å, ä and ö \
            are kept apart from a and o. Without --public the search also covers the text inside \
            registered XML, HTML and plain-text files; with --public it covers only what the public \
            register shows. An empty QUERY lists by the filters alone.
            """)

    @Argument(help: ArgumentHelp("Words to search for.", valueName: "query"))
    var query: String

    @Flag(name: .long, help: "Search only the public register.")
    var `public` = false

    @OptionGroup var filters: SearchFilters

    @OptionGroup var options: StoreOptions

    func run() throws {
        try DiariumCLI.run(json: options.json) { () throws(DiariumError) in
            let diarium = try options.open()
            let hits = try diarium.search(filters.query(query), scope: `public` ? .public : .internal, as: options.principal)
            SearchFilters.print(hits, json: options.json, publicOnly: `public`)
        }
    }
}

/// The filters of `search`, shared with `request find`.
struct SearchFilters: ParsableArguments {
    @OptionGroup var list: ListFilters

    @Option(name: .long, help: ArgumentHelp("Only this document type (e.g. anbud).", valueName: "code"))
    var type: String?

    @Option(name: .long, help: "Only incoming, outgoing or internal documents.")
    var direction: Direction?

    @Option(name: .long, help: "At most this many hits (1–1000).")
    var limit = 50

    @Flag(name: .long, help: "Best match first (bm25) instead of newest first.")
    var relevance = false

    func validate() throws {
        if !(1...1000).contains(limit) { throw ValidationError("--limit must be between 1 and 1000") }
    }

    func query(_ text: String) -> SearchQuery {
        var q = SearchQuery(text: text, organisation: list.organisation, from: list.from, to: list.to,
                            documentType: type, direction: direction, limit: limit)
        q.order = relevance ? .relevance : .newest
        return q
    }

    static func print(_ hits: [SearchHit], json: Bool, publicOnly: Bool) {
        if json {
            Console.out(Console.encode(hits))
            return
        }
        if hits.isEmpty { Console.out("Inga träffar."); return }
        Console.out("\(hits.count) träff\(hits.count == 1 ? "" : "ar")\(publicOnly ? " i det offentliga diariet" : ""):")
        for h in hits {
            Console.out("\(h.document)  \(h.date)  \(TerminalSafe.clean(h.title))")
            if !h.marked.isEmpty { Console.out("    sekretessmarkerat: \(h.marked.joined(separator: ", ")) (visas inte i det offentliga diariet)") }
            if let c = h.counterparty { Console.out("    \(TerminalSafe.clean(c))") }
            if let s = h.snippet, !s.isEmpty { Console.out("    \(TerminalSafe.clean(s))") }
        }
    }
}
