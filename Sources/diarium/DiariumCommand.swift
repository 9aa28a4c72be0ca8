import ArgumentParser
import Foundation

@main
struct DiariumCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "diarium",
        abstract: "Register, archive and find the documents of a Swedish region.",
        discussion: """
            Diarium keeps a register (diarium) of every document received or drawn up, an archive of \
            the files themselves (content-addressed, SHA-256) and a search index. Secret details are \
            marked per field with a provision of the Public Access to Information and Secrecy Act \
            (OSL); the public register and public search never show them.

            Start with `diarium init`, then `diarium register FILE --meta META.json`. \
            The store is ./archive unless --store or DIARIUM_STORE says otherwise.

            Exit codes: 0 done; 1 input rejected or a rule blocks it (each problem on stderr as \
            `field: rule`); 64 usage; anything else is a fault to report.
            """,
        subcommands: [
            InitCommand.self, RegisterCommand.self, ShowCommand.self, SearchCommand.self,
            VerifyCommand.self, ValidateCommand.self, MigrateCommand.self, ProcurementCommand.self, AgreementsCommand.self, PurchasesCommand.self,
            DeviationCommand.self, AuditCommand.self, ExportCommand.self, BoardReportCommand.self, RequestCommand.self,
            PlanCommand.self, DisposalCommand.self, HoldCommand.self, BenchCommand.self, DemoCommand.self, ServeCommand.self, UserCommand.self,
        ])

    /// ArgumentParser answers `diarium no-such-command --help` with the root help and exit 0,
    /// which would make a missing command look present to scripts (and to contract-check).
    /// Every word before the first option must name a subcommand while there are subcommands.
    static func main() {
        var command: any ParsableCommand.Type = DiariumCommand.self
        for word in CommandLine.arguments.dropFirst() {
            let subcommands = command.configuration.subcommands
            guard !word.hasPrefix("-"), !subcommands.isEmpty, word != "help" else { break }
            guard let next = subcommands.first(where: { $0._commandName == word }) else {
                FileHandle.standardError.write(Data("Error: unknown command '\(word)'\nSee 'diarium --help'.\n".utf8))
                Foundation.exit(ExitCode.validationFailure.rawValue)
            }
            command = next
        }
        Self.main(nil)
    }
}
