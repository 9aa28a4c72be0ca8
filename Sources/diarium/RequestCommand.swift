import ArgumentParser
import DiariumKit
import DiariumModel
import Foundation

struct RequestCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "request",
        abstract: "Handle requests for public documents (begäran om allmän handling).",
        discussion: """
            The flow: `open` registers the request (the requester may be anonymous), `find` \
            searches the register, `add` attaches documents, `assess` records the secrecy \
            assessment of each document, `release` writes the copies with masked details and a \
            leak check, `decide` writes the decision with the appeal notice. A request should be \
            handled the day it arrives; `list --overdue` shows those not handled by the end of the \
            next working day.
            """,
        subcommands: [Open.self, Find.self, Add.self, Assess.self, Release.self, Decide.self, List.self, Show.self, Assign.self])

    struct Open: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Register a request (examples/access-request.json) and print its number and deadline.")

        @Argument(help: ArgumentHelp("The request JSON.", valueName: "file.json"))
        var file: String

        @Option(name: .long, help: ArgumentHelp("Who handles it (default: Registraturen).", valueName: "name"))
        var handler: String?

        @OptionGroup var options: StoreOptions

        func run() throws {
            try DiariumCLI.run(json: options.json) { () throws(DiariumError) in
                let r = try options.open().openRequest(try readInput(file, field: "file"), handler: handler, as: options.principal)
                if options.json { Console.out(Console.encode(r)); return }
                Console.out("Begäran \(r.request) registrerad som \(r.document) (kom in \(r.receivedOn)).")
                Console.out("Ska hanteras: \(r.target)\(r.target == r.receivedOn ? " (samma dag)" : ""). Flaggas som försenad om den inte är hanterad vid arbetsdagens slut \(r.flagAfter).")
            }
        }
    }

    struct Find: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Search the register for a request (the internal search, with the filters of `search`).")

        @Argument(help: ArgumentHelp("The request's number, e.g. \"RS 2026/0043\".", valueName: "request"))
        var request: String

        @Argument(parsing: .remaining, help: ArgumentHelp("Words to search for.", valueName: "query"))
        var query: [String] = []

        @OptionGroup var filters: SearchFilters
        @OptionGroup var options: StoreOptions

        func run() throws {
            try DiariumCLI.run(json: options.json) { () throws(DiariumError) in
                let hits = try options.open().findForRequest(request, filters.query(query.joined(separator: " ")), as: options.principal)
                SearchFilters.print(hits, json: options.json, publicOnly: false)
            }
        }
    }

    struct Add: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Attach documents to a request; prints each document's markings as proposals.")

        @Argument(help: ArgumentHelp("The request's number.", valueName: "request"))
        var request: String

        @Argument(help: ArgumentHelp("Document numbers, e.g. \"RS 2026/0042-1\".", valueName: "document"))
        var documents: [String]

        @OptionGroup var options: StoreOptions

        func run() throws {
            try DiariumCLI.run(json: options.json) { () throws(DiariumError) in
                let items = try options.open().addToRequest(request, documents: documents, as: options.principal)
                if options.json { Console.out(Console.encode(items)); return }
                for i in items {
                    Console.out("\(i.document)  \(TerminalSafe.clean(i.title))\(i.added ? "" : " (fanns redan i begäran)")")
                    if i.wholeOrNothing { Console.out("    Fil: lämnas ut i sin helhet eller inte alls.") }
                    for p in i.proposals {
                        Console.out("    Sekretessmarkerad: \(p.field) (\(p.reference)). Förslag: \(p.option)")
                    }
                }
            }
        }
    }

    struct Assess: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Record the secrecy assessment of one document of a request.",
            discussion: """
                Choose one: --release (released whole), --mask FIELD=PROVISION (repeat for each \
                detail; the rest is released), or --refuse PROVISION --reason TEXT (not released; \
                --ground meaningless-remainder when masking would leave nothing meaningful, RÅ 1989 \
                ref. 111; that masking is hard is no ground, RÅ 1979 Ab 6). Every marked detail \
                must be answered, by --mask or by --lift FIELD (assessed as public now). A \
                registered text file (plain text, HTML, XML) whose text holds a masked detail is \
                released as a masked text copy. A file Diarium cannot read whole as text (a PDF, an \
                image) goes out only with --checked-manually: you have read it and it holds no \
                secret detail. Without a choice the command shows the proposals.
                """)

        @Argument(help: ArgumentHelp("The request's number.", valueName: "request"))
        var request: String

        @Argument(help: ArgumentHelp("The document's number.", valueName: "document"))
        var document: String

        @Flag(name: .long, help: "Release the document whole.")
        var release = false

        @Option(name: .long, help: ArgumentHelp("Mask a detail under a provision, written FIELD=PROVISION, e.g. tenders[1].amount=osl-31-16 (osl-19-3-1, osl-19-3-2, osl-31-16, …).", valueName: "field=provision"))
        var mask: [AssessmentInput.Mask] = []

        @Option(name: .long, help: ArgumentHelp("Refuse the document under a provision.", valueName: "provision"))
        var refuse: String?

        @Option(name: .long, help: ArgumentHelp("Why it is refused: secret (the provision covers it all) or meaningless-remainder.", valueName: "ground"))
        var ground = RefusalGroundArgument(.secret)

        @Flag(name: .long, help: "You have read the file, which Diarium cannot read whole as text, and it holds no secret detail.")
        var checkedManually = false

        @Option(name: .long, help: ArgumentHelp("A marked detail assessed as public now.", valueName: "field"))
        var lift: [String] = []

        @Option(name: .long, help: ArgumentHelp("The reasons, shown in the decision.", valueName: "text"))
        var reason: String?

        @OptionGroup var options: StoreOptions

        func validate() throws {
            let chosen = (release ? 1 : 0) + (mask.isEmpty ? 0 : 1) + (refuse == nil ? 0 : 1)
            if chosen > 1 { throw ValidationError("choose one of --release, --mask and --refuse") }
            if refuse == nil, ground.value != .secret { throw ValidationError("--ground belongs to --refuse") }
        }

        func run() throws {
            try DiariumCLI.run(json: options.json) { () throws(DiariumError) in
                var choice: AssessmentInput.Choice?
                if release { choice = .release }
                if !mask.isEmpty { choice = .mask(mask) }
                if let refuse { choice = .refuse(provision: refuse, ground: ground.value) }
                let r = try options.open().assess(request, document: document, AssessmentInput(choice: choice, lift: lift, reason: reason, checkedManually: checkedManually), as: options.principal)
                if options.json { Console.out(Console.encode(r)); return }
                guard let a = r.assessment else {
                    Console.out("\(r.document): ingen prövning registrerad. Välj --release, --mask FÄLT=BESTÄMMELSE eller --refuse BESTÄMMELSE --reason TEXT.")
                    if r.proposals.isEmpty { Console.out("    Handlingen har inga sekretessmarkeringar.") }
                    for p in r.proposals { Console.out("    Sekretessmarkerad: \(p.field) (\(p.reference)). Förslag: \(p.option) eller --lift \(p.field)") }
                    return
                }
                Console.out("\(r.document): \(a.outcome.swedishLabel)")
                for m in a.masks { Console.out("    maskeras: \(m.field) (\(m.provision))") }
                for l in a.lifted { Console.out("    lyft: \(l) (prövad som offentlig)") }
                if let p = a.provision { Console.out("    sekretess: \(p)") }
            }
        }
    }

    struct Release: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Write the copies of a request to a new folder, after a leak check of every byte.")

        @Argument(help: ArgumentHelp("The request's number.", valueName: "request"))
        var request: String

        @Option(name: .long, help: ArgumentHelp("A new (or empty) folder for the copies.", valueName: "dir"))
        var out: FolderArgument

        @OptionGroup var options: StoreOptions

        func run() throws {
            try DiariumCLI.run(json: options.json) { () throws(DiariumError) in
                let r = try options.open().release(request, to: out.url, as: options.principal)
                if options.json { Console.out(Console.encode(r)); return }
                Console.out("Utlämnat till \(r.directory): \(r.files.count) filer.")
                Console.out("Lämnas ut: \(r.released.count), med maskering: \(r.masked.count), lämnas inte ut: \(r.refused.count).")
                Console.out("Sidor: \(r.pages). Avgift: \(r.feeLabel) (\(r.feeScale)).")
            }
        }
    }

    struct Decide: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Write and register the decision (Beslut om utlämnande av allmän handling) in the request's case.")

        @Argument(help: ArgumentHelp("The request's number.", valueName: "request"))
        var request: String

        @OptionGroup var options: StoreOptions

        func run() throws {
            try DiariumCLI.run(json: options.json) { () throws(DiariumError) in
                let r = try options.open().decide(request, as: options.principal)
                if options.json { Console.out(Console.encode(r)); return }
                Console.out("Beslut registrerat: \(r.document) i ärende \(r.case)")
            }
        }
    }

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "List open requests with their age in working days.")

        @Flag(name: .long, help: "Only requests not handled by the end of the working day after they came in.")
        var overdue = false

        @Flag(name: .long, help: "Also requests already handled.")
        var all = false

        @OptionGroup var options: StoreOptions

        func run() throws {
            try DiariumCLI.run(json: options.json) { () throws(DiariumError) in
                let rows = try options.open().listRequests(overdueOnly: overdue, includeHandled: all, as: options.principal)
                if options.json { Console.out(Console.encode(rows)); return }
                if rows.isEmpty { Console.out(overdue ? "Inga försenade begäranden." : "Inga öppna begäranden."); return }
                for r in rows {
                    let age = r.ageWorkingDays == 1 ? "1 arbetsdag" : "\(r.ageWorkingDays) arbetsdagar"
                    let status = r.status.swedishLabel
                    Console.out("\(r.request)  kom in \(r.receivedOn)  \(age)  \(status)\(r.overdue ? "  FÖRSENAD" : "")  handlingar: \(r.documents) (prövade \(r.assessed))")
                }
            }
        }
    }

    struct Show: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Show a request as its official sees it: the requester's words and contact, the documents and their assessments, the release, the decision and what has happened.")

        @Argument(help: ArgumentHelp("The request's number.", valueName: "request"))
        var request: String

        @OptionGroup var options: StoreOptions

        func run() throws {
            try DiariumCLI.run(json: options.json) { () throws(DiariumError) in
                let d = try options.open().requestDetail(request, as: options.principal)
                if options.json { Console.out(Console.encode(d)); return }
                let r = d.summary
                Console.out("\(r.request)  kom in \(r.receivedOn)  \(r.ageWorkingDays) arbetsdagar  \(r.status.swedishLabel)\(r.overdue ? "  FÖRSENAD" : "")")
                Console.out("Handläggare: \(TerminalSafe.clean(d.handler))   Kanal: \(d.channelLabel)   Form: \(d.formatLabel)   Version: \(d.revision)")
                Console.out("Begäran: \(TerminalSafe.clean(d.description.value))")
                for i in d.items {
                    let outcome = i.assessment.map { $0.outcome.swedishLabel } ?? "inte prövad"
                    Console.out("  \(i.document)  \(TerminalSafe.clean(i.title))  [\(outcome)]  markeringar: \(i.proposals.count)")
                }
                if let rel = d.release { Console.out("Utlämnat \(Timestamp.iso(rel.releasedAt)) av \(TerminalSafe.clean(rel.releasedBy)): \(rel.pages) sidor, \(rel.fee.swedish)") }
                if let decision = d.decision { Console.out("Beslut: \(decision)") }
            }
        }
    }

    struct Assign: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Hand a request to a colleague (who is then shown as its handler).")

        @Argument(help: ArgumentHelp("The request's number.", valueName: "request"))
        var request: String

        @Option(name: .long, help: ArgumentHelp("The colleague's name (an account name, or as the registry writes it).", valueName: "name"))
        var to: String

        @OptionGroup var options: StoreOptions

        func run() throws {
            try DiariumCLI.run(json: options.json) { () throws(DiariumError) in
                let d = try options.open().assignRequest(request, to: to, as: options.principal)
                if options.json { Console.out(Console.encode(["request": d.summary.request, "handler": d.handler])); return }
                Console.out("\(d.summary.request) handläggs nu av \(TerminalSafe.clean(d.handler))")
            }
        }
    }
}
