import ArgumentParser

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
            VerifyCommand.self, ValidateCommand.self, BenchCommand.self, DemoCommand.self,
        ])
}
