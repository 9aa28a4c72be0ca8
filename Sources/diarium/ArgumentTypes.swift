public import ArgumentParser
public import DiariumKit
public import DiariumStore
public import DiariumModel
import Foundation

// The types the CLI's options parse into. A value that does not parse is a usage error (exit
// 64) before any command runs, and ArgumentParser's message names the option, its value name
// (the accepted form, e.g. `<yyyy-mm-dd>`) and its help line, so every help text here says
// what to type. Codes that live in data (organisations, document and deviation types,
// statuses, escalation levels) stay strings: only the store's config and the legal data know
// them, and the Kit refuses an unknown one with its Swedish message and exit 1.

/// `YYYY-MM-DD`, exactly as documents and the register write a date.
extension CivilDate: ExpressibleByArgument {
    public init?(argument: String) { self.init(parsing: argument) }
}

extension Direction: ExpressibleByArgument {}

extension ShowFormat: ExpressibleByArgument {}

/// A refusal ground (`--ground`). A wrapper rather than a conformance of the Kit's enum: that
/// enum is reached through a typealias to a nested type of DiariumModel, and a conformance's
/// public members would make the CLI import DiariumModel, which it does not depend on.
struct RefusalGroundArgument: ExpressibleByArgument {
    let value: AccessAssessment.RefusalGround

    init(_ value: AccessAssessment.RefusalGround) { self.value = value }

    init?(argument: String) {
        guard let ground = AccessAssessment.RefusalGround(rawValue: argument) else { return nil }
        self.init(ground)
    }

    var defaultValueDescription: String { value.rawValue }

    /// `cannot-mask` still parses, so that the Kit can say why effort is no ground (RÅ 1979
    /// Ab 6) and what to do instead; the usage message offers only the grounds one may choose.
    static var allValueStrings: [String] {
        AccessAssessment.RefusalGround.allCases.filter { $0 != .cannotMask }.map(\.rawValue)
    }

    static var defaultCompletionKind: CompletionKind { .list(allValueStrings) }
}

/// `FIELD=PROVISION`: a detail to mask and the provision it is masked under.
extension AssessmentInput.Mask: ExpressibleByArgument {
    public init?(argument: String) {
        let parts = argument.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
        guard parts.count == 2, !parts[0].isEmpty, !parts[1].isEmpty else { return nil }
        self.init(field: String(parts[0]), provision: String(parts[1]))
    }
}

/// The 64 hex digits of an Ed25519 public key, as `diarium init` prints it.
extension AnchorPublicKey: ExpressibleByArgument {
    public init?(argument: String) { self.init(hex: argument) }
}

/// `EVENT:HASH`, a head of the audit chain as `diarium verify` prints it.
extension AnchorHead: ExpressibleByArgument {
    public init?(argument: String) { self.init(parsing: argument) }
}

/// A folder named on the command line, resolved against the working directory. Its own type
/// so that shell completion offers folders, and so that no command forgets `isDirectory`.
struct FolderArgument: ExpressibleByArgument {
    let url: URL

    init(path: String) { url = URL(fileURLWithPath: path, isDirectory: true) }

    init?(argument: String) { self.init(path: argument) }

    var defaultValueDescription: String { url.path }

    static var defaultCompletionKind: CompletionKind { .directory }
}

/// A file named on the command line (not one read as input: those go through `readInput`,
/// which checks type and size and answers in the Kit's terms).
struct FileArgument: ExpressibleByArgument {
    let url: URL

    init(path: String) { url = URL(fileURLWithPath: path) }

    init?(argument: String) { self.init(path: argument) }

    var defaultValueDescription: String { url.path }

    static var defaultCompletionKind: CompletionKind { .file() }
}
