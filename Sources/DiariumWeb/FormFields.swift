import DiariumModel

/// One field of a form as its template shows it: label, what was typed, a hint, and the errors
/// the Kit found for it, linked to the field by `aria-describedby`.
struct FormField {
    let id: String
    let label: String
    var value = ""
    var hint: String?
    var errors: [ValidationError] = []
    var type = "text"

    var context: [String: Any] {
        // A date typed that is no date is shown as typed, in a text field (a date field cannot hold it).
        let shownType = type == "date" && !value.isEmpty && CivilDate(parsing: value) == nil ? "text" : type
        var c: [String: Any] = ["id": id, "name": id, "label": label, "value": value, "type": shownType, "isFile": type == "file"]
        var described: [String] = []
        if let hint {
            c["hint"] = hint
            described.append(id + "-hint")
        }
        if !errors.isEmpty {
            c["error"] = errors.map { Site.sentence($0.message) + " [\($0.rule)]" }.joined(separator: " ")
            described.append(id + "-fel")
        }
        if !described.isEmpty { c["describedBy"] = described.joined(separator: " ") }
        return c
    }
}

/// The Kit's problems by the form's field id, and the summary at the top of a form (each
/// linking to its field).
struct FormProblems {
    private(set) var byField: [String: [ValidationError]] = [:]
    private(set) var summary: [[String: String]] = []

    init(_ problems: [ValidationError], id: (String) -> String, label: (String) -> String) {
        self.init(problems, id: id, labelOfProblem: { label(id($0.field)) })
    }

    /// With the label taken from the problem itself (several problems may share one field).
    init(_ problems: [ValidationError], id: (String) -> String, labelOfProblem: (ValidationError) -> String) {
        for p in problems {
            let fieldID = id(p.field)
            byField[fieldID, default: []].append(p)
            summary.append(["id": fieldID, "field": labelOfProblem(p), "message": Site.sentence(p.message), "rule": p.rule])
        }
    }

    subscript(id: String) -> [ValidationError] { byField[id] ?? [] }

    var context: [String: Any] { ["problems": summary, "hasProblems": !summary.isEmpty] }
}
