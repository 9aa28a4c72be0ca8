import DiariumKit
import DiariumModel
import Foundation
import Hummingbird

/// The registrar's upload: a file with its register metadata and secrecy markings, registered
/// as `diarium register` registers one.
extension Site {
    func uploadPage(_ s: StaffSession, _ form: FormBody, fresh: Bool) -> FormPage {
        var p = FormPage(title: "Registrera handling",
                         intro: "Ladda upp handlingen (PDF, XML, e-post, text) med dess uppgifter för diariet. Markera de uppgifter som inte ska visas för allmänheten och ange bestämmelsen.",
                         action: "/personal/registrera", spec: registrationSpec(s), form: form,
                         buttons: [("registrera", "Registrera")], defaultButton: "registrera", fresh: fresh, multipart: true)
        p.fileHint = "PDF, XML, e-post (.eml) eller text. Högst \(uploadLimit / 1_048_576) MB."
        return p
    }

    func uploadForm(_ request: Request, _ visit: WebContext, _ s: StaffSession) async throws -> Response {
        var fields: [(name: String, value: String)] = [("date", diarium.storeToday.description), ("direction", Direction.incoming.rawValue)]
        if organisationChoices(s).count == 1 { fields.append(("organisation", organisationChoices(s)[0].code)) }
        return render(uploadPage(s, FormBody(fields: fields), fresh: true), visit)
    }

    func postUpload(_ request: Request, _ visit: WebContext, _ s: StaffSession) async throws -> Response {
        let form = visit.form
        var p = uploadPage(s, form, fresh: false)
        if let refused = unknownField(p.spec, form, visit) { return refused }
        let action = form["action"] ?? "registrera"
        if action.hasPrefix("add:") || action.hasPrefix("remove:") {
            var again = uploadPage(s, p.spec.applying(action, to: form), fresh: false)
            again.notice = "Välj filen igen innan du registrerar: en webbläsare skickar inte om en vald fil."
            return render(again, visit)
        }
        guard form.files.allSatisfy({ $0.field == "fil" }), form.files.count <= 1 else {
            return message(title: "Formuläret kunde inte tas emot", text: "Formuläret innehöll en fil som det inte har. Ingenting har sparats. [form.unknown-field]",
                           status: .badRequest, visit)
        }
        var fileProblem: ValidationError?
        let file = form.file("fil")
        if file == nil || file?.data.isEmpty == true {
            fileProblem = ValidationError(field: "fil", rule: "file.required", message: "välj filen som ska registreras")
        } else if let f = file, f.rawName.contains("/") || f.rawName.contains("\\") {
            fileProblem = ValidationError(field: "fil", rule: "file.name-path", message: "filnamnet får inte innehålla en sökväg (/ eller \\)")
        } else if let f = file, f.data.count > uploadLimit {
            fileProblem = ValidationError(field: "fil", rule: "file.too-large", message: "är större än \(uploadLimit / 1_048_576) MB")
        }
        let (input, rowMap) = p.spec.input(from: form)
        p.rowMap = rowMap
        if let fileProblem {
            p.problems = [fileProblem]
            return render(p, status: .badRequest, visit)
        }
        guard let file else { return render(p, status: .badRequest, visit) }
        let meta = Self.json(input), diarium = self.diarium, principal = s.principal
        let upload = InputFile(name: file.fileName, data: file.data)
        return try await submit(p, s, visit) { () throws(DiariumError) in try diarium.register(upload, meta: meta, as: principal).document }
    }
}
