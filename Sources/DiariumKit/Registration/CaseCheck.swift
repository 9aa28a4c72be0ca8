import DiariumModel
import DiariumStore

extension Diarium {
    /// The problems with filing a document of `organisation` in the existing case `number`: the
    /// case must exist, belong to the same organisation, and its public title must not hold a
    /// value the new document marks secret (`reveals` says whether a text does). Every document
    /// kind files into cases through here.
    func caseProblems(_ number: CaseNumber, organisation: String,
                      reveals: (String) -> Bool = { _ in false }) throws(DiariumError) -> [ValidationError] {
        let c: CaseRecord
        do { c = try store.findCase(number) } catch {
            if case .caseNotFound = error {
                return [ValidationError(field: "case", rule: "case.not-found", message: "ärendet finns inte i diariet")]
            }
            throw .store(error)
        }
        var problems: [ValidationError] = []
        if c.organisation != organisation {
            problems.append(ValidationError(field: "case", rule: "case.other-organisation",
                                            message: "tillhör en annan organisation än handlingen"))
        }
        if reveals(c.title) {
            problems.append(ValidationError(
                field: "case", rule: "secrecy.value-in-public-field",
                message: "ärendets rubrik, som är offentlig, innehåller en uppgift som här är sekretessmarkerad; registrera handlingen i ett nytt ärende eller ändra markeringen"))
        }
        return problems
    }
}
