import DiariumModel
import DiariumText

extension Diarium {
    /// A value typed on the command line (later in a form), normalised as every value in an input
    /// file is (`InputText`); a problem names `field` and the rule, never the value.
    static func typedText(_ raw: String?, field: String, lines: InputText.Lines = .one, maxLength: Int, required: Bool,
                          problems: inout [ValidationError]) -> String? {
        guard let raw else {
            if required { problems.append(ValidationError(field: field, rule: "required", message: "saknas men är obligatoriskt")) }
            return nil
        }
        switch InputText.normalise(raw, lines: lines) {
        case .failure(let refusal):
            problems.append(ValidationError(field: field, rule: refusal.rule, message: refusal.message))
            return nil
        case .success(nil):
            if required { problems.append(ValidationError(field: field, rule: "text.empty", message: "får inte vara tomt")) }
            return nil
        case .success(let text?):
            if text.unicodeScalars.count > maxLength {
                problems.append(ValidationError(field: field, rule: "text.max-length", message: "får vara högst \(maxLength) tecken"))
                return nil
            }
            return text
        }
    }
}
