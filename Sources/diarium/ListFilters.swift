import ArgumentParser
import DiariumKit
import DiariumModel

/// The filters every listing of the register takes (`search`, `request find`, `deviation
/// list`): one organisation and a period, parsed alike in all three. A day that is not
/// `YYYY-MM-DD` is a usage error (exit 64). The organisation stays a code: only the store's
/// config knows the codes, so the Kit refuses an unknown one as input (exit 1), as it does a
/// period that ends before it starts.
struct ListFilters: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp("Only this organisation (RS, RV, IN).", valueName: "code"))
    var organisation: String?

    @Option(name: .long, help: ArgumentHelp("Dated on or after this day.", valueName: "yyyy-mm-dd"))
    var from: CivilDate?

    @Option(name: .long, help: ArgumentHelp("Dated on or before this day.", valueName: "yyyy-mm-dd"))
    var to: CivilDate?
}
