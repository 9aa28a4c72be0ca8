import DiariumKit
import DiariumModel

/// The staff forms of the v1 input contracts, with their Swedish labels.
extension Site {
    func organisationChoices(_ s: StaffSession) -> [(code: String, label: String)] {
        diarium.organisationNames.filter { s.principal.organisations.contains($0.code) }.map { ($0.code, $0.name) }
    }

    /// Markings: a detail of the form and the provision it is secret under.
    func secrecyGroup(markable: [(code: String, label: String)]) -> FormSpec.Group {
        FormSpec.Group(key: "secrecy", legend: "Sekretess: uppgifter som inte ska visas för allmänheten", rowLabel: "Markering", fields: [
            .init(path: "field", label: "Uppgift", kind: .select(markable)),
            .init(path: "provision", label: "Bestämmelse", kind: .select(diarium.secrecyProvisionLabels)),
            .init(path: "reason", label: "Skäl", kind: .text, hint: "Varför uppgiften kan vara sekretessbelagd (visas inte för allmänheten)."),
        ], initialRows: 0)
    }

    func procurementSpec(_ s: StaffSession, rows: FormBody) -> FormSpec {
        let supplier: [FormSpec.Field] = [
            .init(path: "name", label: "Namn"),
            .init(path: "orgnr", label: "Organisationsnummer", hint: "Som 556123-4567."),
        ]
        var spec = FormSpec(items: [
            .field(.init(path: "organisation", label: "Organisation", kind: .select(organisationChoices(s)))),
            .field(.init(path: "unit", label: "Verksamhet", hint: "Enheten som gör inköpet, t.ex. Hjärtcentrum, Mälarsjukhuset.")),
            .fieldset("Handläggare", [
                .init(path: "handler.name", label: "Namn"),
                .init(path: "handler.email", label: "E-post", kind: .email),
            ]),
            .field(.init(path: "subject", label: "Vad köps?", hint: "En rubrik som beskriver inköpet.")),
            .field(.init(path: "description", label: "Beskrivning", kind: .area)),
            .field(.init(path: "category", label: "CPV-kod", hint: "Åtta siffror ur den gemensamma terminologin vid offentlig upphandling, t.ex. 33141000.")),
            .field(.init(path: "ground", label: "Grund för direktupphandling", kind: .select(diarium.directAwardGroundLabels))),
            .field(.init(path: "groundJustification", label: "Motivering av grunden", kind: .area,
                         hint: "Krävs för alla grunder utom att värdet understiger direktupphandlingsgränsen.")),
            .field(.init(path: "estimatedValue", label: "Uppskattat värde i kronor, utan moms", kind: .amount,
                         hint: "Hela avtalsperiodens värde, t.ex. 245000 eller 245 000,50.")),
            .fieldset("Avtalsperiod", [
                .init(path: "period.start", label: "Från och med", kind: .date),
                .init(path: "period.end", label: "Till och med", kind: .date),
            ]),
            .fieldset("Konkurrensutsättning", [
                .init(path: "competition.method", label: "Hur konkurrensen togs till vara",
                      kind: .select(CompetitionMethod.allCases.map { ($0.rawValue, $0.swedishLabel) })),
                .init(path: "competition.justification", label: "Beskrivning", kind: .area),
            ]),
            .group(.init(key: "suppliersInvited", legend: "Tillfrågade leverantörer", rowLabel: "Leverantör", fields: supplier)),
            .group(.init(key: "tenders", legend: "Mottagna anbud", rowLabel: "Anbud", fields: [
                .init(path: "supplier.name", label: "Leverantörens namn"),
                .init(path: "supplier.orgnr", label: "Organisationsnummer", hint: "Som 556123-4567."),
                .init(path: "amount", label: "Belopp i kronor, utan moms", kind: .amount),
                .init(path: "received", label: "Mottaget den", kind: .date),
            ])),
            .fieldset("Tilldelning", [
                .init(path: "award.supplier.name", label: "Leverantörens namn"),
                .init(path: "award.supplier.orgnr", label: "Organisationsnummer", hint: "Som 556123-4567."),
                .init(path: "award.amount", label: "Belopp i kronor, utan moms", kind: .amount),
                .init(path: "award.reason", label: "Skäl för valet", kind: .area),
            ]),
            .fieldset("Kontroll av leverantören", [
                .init(path: "supplierChecks.taxesAndFees", label: "Skatter och avgifter är betalda", kind: .check),
                .init(path: "supplierChecks.exclusionGrounds", label: "Inga grunder för uteslutning finns", kind: .check),
                .init(path: "supplierChecks.checkedOn", label: "Kontrollerat den", kind: .date),
            ]),
            .fieldset("Kontroll av befintliga avtal", [
                .init(path: "agreementCheck.checkedOn", label: "Kontrollerat den", kind: .date),
                .init(path: "agreementCheck.justification", label: "Resultat", kind: .area,
                      hint: "Vilka avtal som prövades och varför de inte omfattar inköpet."),
            ]),
            .field(.init(path: "contractSigned", label: "Avtalet tecknades den", kind: .date)),
            .field(.init(path: "documentedOn", label: "Dokumenterat den", kind: .date)),
            .fieldset("Jäv", [
                .init(path: "conflictOfInterest.declared", label: "Jävsdeklaration är gjord", kind: .check),
                .init(path: "conflictOfInterest.note", label: "Anteckning", kind: .area),
            ]),
        ])
        spec = FormSpec(items: spec.items + [.group(secrecyGroup(markable: spec.markable(rows: rows, unmarkable: DirectProcurement.unmarkable)))])
        return spec
    }

    func deviationSpec(_ s: StaffSession, rows: FormBody) -> FormSpec {
        var spec = FormSpec(items: [
            .field(.init(path: "organisation", label: "Organisation", kind: .select(organisationChoices(s)))),
            .field(.init(path: "unit", label: "Verksamhet", hint: "Enheten där avsteget skedde.")),
            .fieldset("Rapporteras av", [
                .init(path: "reportedBy.name", label: "Namn"),
                .init(path: "reportedBy.role", label: "Befattning"),
            ]),
            .field(.init(path: "reportedOn", label: "Rapporterat den", kind: .date)),
            .field(.init(path: "phase", label: "När i inköpet", kind: .select(DeviationPhase.allCases.map { ($0.rawValue, $0.swedishLabel) }))),
            .field(.init(path: "type", label: "Slag av avsteg", kind: .select(diarium.deviationTypeLabels))),
            .field(.init(path: "procurement", label: "Diarienummer för direktupphandlingen", hint: "Om avsteget gäller en dokumenterad direktupphandling, t.ex. RS 2026/0042-1.")),
            .fieldset("Leverantör", [
                .init(path: "supplier.name", label: "Namn"),
                .init(path: "supplier.orgnr", label: "Organisationsnummer", hint: "Som 556123-4567."),
            ]),
            .field(.init(path: "estimatedValue", label: "Uppskattat värde i kronor, utan moms", kind: .amount)),
            .field(.init(path: "description", label: "Vad hände?", kind: .area)),
            .field(.init(path: "immediateAction", label: "Vad har gjorts direkt?", kind: .area)),
        ])
        spec = FormSpec(items: spec.items + [.group(secrecyGroup(markable: spec.markable(rows: rows, unmarkable: DeviationReport.unmarkable)))])
        return spec
    }

    func registrationSpec(_ s: StaffSession) -> FormSpec {
        FormSpec(items: [
            .field(.init(path: "organisation", label: "Organisation", kind: .select(organisationChoices(s)))),
            .field(.init(path: "case", label: "Ärendenummer", hint: "Ett befintligt ärende, t.ex. RS 2026/0042. Lämna tomt för ett nytt ärende.")),
            .field(.init(path: "caseTitle", label: "Ärendemening för ett nytt ärende")),
            .field(.init(path: "direction", label: "Riktning", kind: .select(Direction.allCases.map { ($0.rawValue, $0.swedishLabel) }))),
            .field(.init(path: "date", label: "Handlingens datum", kind: .date, hint: "Då handlingen kom in eller upprättades.")),
            .field(.init(path: "counterparty", label: "Avsändare eller mottagare")),
            .field(.init(path: "title", label: "Rubrik")),
            .field(.init(path: "publicTitle", label: "Rubrik för allmänheten", hint: "Krävs om rubriken är sekretessmarkerad; annars som rubriken.")),
            .field(.init(path: "documentType", label: "Handlingstyp", kind: .select(diarium.registrableTypeLabels.sorted { $0.label < $1.label }))),
            .field(.init(path: "handler", label: "Handläggare")),
            .group(secrecyGroup(markable: [("counterparty", "Avsändare eller mottagare"), ("title", "Rubrik"), ("content", "Hela innehållet (filen)")])),
        ])
    }
}

extension FormSpec {
    /// The details a marking may name, with their labels: every field of the form but those the
    /// kind never masks (`unmarkable`, a prefix or `tenders[].received`), rows as typed.
    func markable(rows form: FormBody, unmarkable: Set<String>) -> [(code: String, label: String)] {
        func allowed(_ generic: String) -> Bool {
            !unmarkable.contains { generic == $0 || generic.hasPrefix($0 + ".") }
        }
        var result: [(String, String)] = []
        for item in items {
            switch item {
            case .field(let f):
                if allowed(f.path), !f.isYesNo { result.append((f.path, f.label)) }
            case .fieldset(let legend, let fs):
                for f in fs where allowed(f.path) && !f.isYesNo { result.append((f.path, "\(legend): \(f.label.lowercased())")) }
            case .group(let g):
                for i in 0..<rowCount(g, in: form, fresh: true) {
                    for f in g.fields where allowed("\(g.key)[].\(f.path)") && !f.isYesNo {
                        result.append(("\(g.key)[\(i)].\(f.path)", "\(g.rowLabel) \(i + 1): \(f.label.lowercased())"))
                    }
                }
            }
        }
        return result
    }
}

extension FormSpec.Field {
    var isYesNo: Bool {
        switch kind {
        case .check, .date, .select: true
        default: false
        }
    }
}
