import ArgumentParser
import DiariumKit
import Foundation

struct ValidateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "validate",
        abstract: "Validate an XML file against one of Diarium's schemas.",
        discussion: "Without --schema the schema is chosen by the document's namespace (urn:diarium:<kind>:1). Each error is printed with its line.")

    @Argument(help: ArgumentHelp("The XML file.", valueName: "file.xml"))
    var file: String

    @Option(name: .long, help: ArgumentHelp("The schema name, e.g. registration.", valueName: "name"))
    var schema: String?

    @Flag(name: .long, help: "Print one JSON value on stdout and nothing else.")
    var json = false

    func run() throws {
        try DiariumCLI.runChecked(json: json) { () throws(DiariumError) -> Outcome in
            let validator = XMLValidator(home: try DiariumHome.locate(executable: DiariumCLI.executable))
            let result = try validator.validate(file: URL(fileURLWithPath: file), schema: schema)
            if json {
                Console.out(Console.encode(ValidateResult(schema: result.schema, valid: result.problems.isEmpty, problems: result.problems)))
            } else if result.problems.isEmpty {
                Console.out("\(file): giltig enligt \(result.schema).xsd")
            } else {
                for p in result.problems { Console.error("\(file): \(p.description)") }
                Console.error("\(file): ogiltig enligt \(result.schema).xsd (\(result.problems.count) fel)")
            }
            return result.problems.isEmpty ? .done : .refused
        }
    }

    struct ValidateResult: Encodable {
        let schema: String
        let valid: Bool
        let problems: [XMLProblem]
    }
}
