public import DiariumModel
public import DiariumRules

/// The documentation of a direct procurement as one audience may see it, as the tree the
/// templates render. Made on the data: in a public view every marked field's value is replaced
/// by a marker naming its provision before any template runs.
public struct ProcurementView {
    public let context: [String: Any]

    /// - Parameters:
    ///   - acceptedFindings: documented with `--accept-findings` although a check failed.
    public init(_ p: DirectProcurement, assessment a: ProcurementAssessment, organisation: Organisation,
                acceptedFindings: Bool, for audience: Audience, legal: LegalData, procurementLegal: ProcurementLegalData) {
        let masker = Masker(audience: audience, legal: legal, markings: p.secrecy, byValue: p.secretValues, secrets: p.secretSet,
                            protections: p.protections)
        func field(_ path: String, _ value: String, display: String? = nil) -> [String: Any] {
            masker.field(path, value, display: display)
        }
        let amount = masker.amount
        func supplier(_ path: String, _ s: Supplier) -> [String: Any] {
            ["supplierName": field(path + ".name", s.name), "supplierOrgnr": field(path + ".orgnr", s.organisationNumber.description)]
        }
        let ground = procurementLegal.ground(p.ground, law: p.law)
        var c: [String: Any] = [
            "view": audience.rawValue,
            "isPublic": audience == .public,
            "pageTitle": "Dokumentation av direktupphandling – \(masker.withholding("subject", p.subject) != nil ? "(sekretess)" : p.subject)",
            "authority": ["name": organisation.name, "organisationNumber": organisation.organisationNumber.description, "code": organisation.code],
            "unit": field("unit", p.unit),
            "handlerName": field("handler.name", p.handlerName),
            "subject": field("subject", p.subject),
            "description": field("description", p.description),
            "category": p.category.description,
            "law": p.law,
            "groundCode": p.ground,
            "groundLabel": ground.map { "\($0.label) (\($0.reference))" } ?? p.ground,
            "estimatedValue": amount("estimatedValue", p.estimatedValue),
            "periodStart": p.periodStart.description,
            "periodEnd": p.periodEnd.description,
            "methodCode": p.competitionMethod.rawValue,
            "methodLabel": p.competitionMethod.swedishLabel,
            "invitedCount": String(p.suppliersInvited.count),
            "invited": p.suppliersInvited.enumerated().map { supplier("suppliersInvited[\($0.offset)]", $0.element) },
            "tenderCount": String(p.tenders.count),
            "tenders": p.tenders.enumerated().map { i, t -> [String: Any] in
                var d = supplier("tenders[\(i)].supplier", t.supplier)
                d["tenderAmount"] = amount("tenders[\(i)].amount", t.amount)
                d["received"] = field("tenders[\(i)].received", t.received.description)
                return d
            },
            "award": supplier("award.supplier", p.awardSupplier).merging([
                "awardAmount": amount("award.amount", p.awardAmount), "awardReason": field("award.reason", p.awardReason),
            ]) { $1 },
            "taxesAndFees": String(p.taxesAndFeesChecked),
            "exclusionGrounds": String(p.exclusionGroundsChecked),
            "taxesAndFeesLabel": p.taxesAndFeesChecked ? "Ja" : "Nej",
            "exclusionGroundsLabel": p.exclusionGroundsChecked ? "Ja" : "Nej",
            "startedOn": p.startedOn.description,
            // Whether the input gave the start or it was read off the first tender or the contract.
            "startedBasis": p.statedStart == nil ? "derived" : "input",
            "startedBasisLabel": p.statedStart == nil ? "härlett ur första anbudet eller avtalet" : "angivet",
            "contractSigned": p.contractSigned.description,
            "documentedOn": p.documentedOn.description,
            "conflictDeclared": String(p.conflictOfInterestDeclared),
            "conflictDeclaredLabel": p.conflictOfInterestDeclared ? "Ja" : "Nej",
            "allowed": String(a.allowed),
            "allowedLabel": a.allowed ? "Ja" : "Nej",
            "documentationRequired": String(a.documentationRequired),
            "documentationRequiredLabel": a.documentationRequired ? "Ja" : "Nej",
            "regionTotal": ["totalAmount": a.regionTotal.description, "totalLabel": a.regionTotal.swedish] as [String: Any],
            "categoryGroup": a.facts.categoryGroup,
            "fiscalYear": String(a.facts.fiscalYear),
            "contributions": a.facts.contributions.map { c -> [String: Any] in
                // Another document's secret value or unit stays secret here.
                func hidden(_ provision: String?) -> String? {
                    guard audience == .public, let provision else { return nil }
                    return RegisterView.marker(RegisterView.withheld(provision, legal: legal))
                }
                var d: [String: Any] = ["kind": c.kind, "kindLabel": c.kind == "purchase" ? "Inköp" : "Direktupphandling", "reference": c.reference,
                                        "contributionDate": c.date.description,
                                        "contributionAmountLabel": hidden(c.amountProvision) ?? c.amount.swedish,
                                        "contributionUnit": hidden(c.unitProvision) ?? c.unit]
                if hidden(c.amountProvision) == nil { d["contributionAmount"] = c.amount.description }
                return d
            },
            "hasContributions": !a.facts.contributions.isEmpty,
            "findings": a.findings.map { f -> [String: Any] in
                var d: [String: Any] = ["rule": f.rule, "severity": f.severity.rawValue, "findingField": f.field, "message": f.message,
                                        "severityLabel": f.severity == .error ? "Fel" : f.severity == .warning ? "Varning" : "Kontrollerat"]
                d["findingFieldLabel"] = FieldLabels.label(f.field)
                if let s = f.source {
                    d["findingSource"] = s
                    d["findingSourceParts"] = SourceLinks.parts(s)
                }
                return d
            },
            "legalRows": a.legalRows.map { id in ["rowId": id, "rowVerified": String(Self.verified(id, procurementLegal)), "rowText": Self.describe(id, procurementLegal)] },
            "markings": masker.markingsContext,
            "hasMarkings": !p.secrecy.isEmpty || !p.protections.isEmpty,
        ]
        if let e = p.handlerEmail { c["handlerEmail"] = field("handler.email", e) }
        if let j = p.groundJustification { c["groundJustification"] = field("groundJustification", j) }
        if let j = p.competitionJustification { c["competitionJustification"] = field("competition.justification", j) }
        if let d = p.supplierChecksOn { c["checkedOn"] = d.description }
        if let d = p.agreementCheckedOn { c["agreementCheckedOn"] = d.description }
        if let j = p.agreementJustification { c["agreementJustification"] = field("agreementCheck.justification", j) }
        if let n = p.conflictOfInterestNote { c["conflictNote"] = field("conflictOfInterest.note", n) }
        if let l = a.limit {
            c["limit"] = ["limitAmount": l.amount.description, "limitOperator": l.operator, "limitValidFrom": l.validFrom.description,
                          "limitText": "Direktupphandling tillåten om värdet \(l.condition) (\(l.law), från \(l.validFrom)). Källa: \(l.source)"
                              + (l.caveat("beloppet är inte bekräftat") ?? "")]
        }
        // A secret estimated value is given away by the total and by the penalty range (10 % of it).
        let ownSecret = p.secrecy.first(where: { $0.field.description == "estimatedValue" })
            ?? p.secretValues[p.estimatedValue.description] ?? p.secretValues[p.awardAmount.description]
        let otherSecret = a.facts.contributions.compactMap(\.amountProvision).first
            .map { SecrecyMarking(field: FieldPath("estimatedValue"), provision: $0, reason: "") }
        let valueHidden = audience == .public && (ownSecret ?? otherSecret) != nil
        if valueHidden, let m = ownSecret ?? otherSecret {
            let w = RegisterView.withheld(m.provision, legal: legal)
            c["regionTotal"] = ["totalLabel": RegisterView.marker(w), "totalWithheld": ["provision": w.provision]]
        }
        if let x = a.exposure, !valueHidden {
            c["exposure"] = ["exposureMinimum": x.minimum.description, "exposureMaximum": x.maximum.description, "exposureReference": x.reference,
                             "exposureLabel": "\(x.minimum.swedish)–\(x.maximum.swedish)"]
        }
        if acceptedFindings {
            c["acceptedFindings"] = "Direktupphandlingen dokumenteras trots att kontrollen visar fel: "
                + a.findings.filter { $0.severity == .error }.map(\.message).joined(separator: " ")
                + " Dokumentationsplikten gäller ändå; avsteget ska rapporteras och följas upp."
        }
        context = c
    }

    static func verified(_ id: String, _ d: ProcurementLegalData) -> Bool {
        d.thresholds.first { $0.id == id }?.verified ?? d.duties.first { $0.id == id }?.verified
            ?? d.deadlines.first { $0.id == id }?.verified ?? d.penalties.first { $0.id == id }?.verified
            ?? d.policy.first { $0.id == id }?.verified ?? false
    }

    static func describe(_ id: String, _ d: ProcurementLegalData) -> String {
        if let t = d.thresholds.first(where: { $0.id == id }) { return "Direktupphandlingsgräns \(t.law): \(t.condition), från \(t.validFrom) (\(t.source))" }
        if let t = d.duties.first(where: { $0.id == id }) {
            return t.hasDuty ? "Dokumentationsplikt enligt \(t.law) när värdet \(t.condition), från \(t.validFrom) (\(t.reference); \(t.source))"
                : "Ingen dokumentationsplikt enligt \(t.law), från \(t.validFrom) (\(t.reference); \(t.source))"
        }
        if let t = d.deadlines.first(where: { $0.id == id }) { return "Dokumentation inom \(t.days) dagar (\(t.reference); \(t.source))" }
        if let t = d.penalties.first(where: { $0.id == id }) { return "Upphandlingsskadeavgift enligt \(t.law) \(t.minimum.swedish)–\(t.maximum.swedish), högst \(t.maxSharePercent) % (\(t.reference); \(t.source))" }
        if let t = d.policy.first(where: { $0.id == id }) { return "\(t.reference): \(t.value) (\(t.source))" }
        return id
    }
}

extension Renderer {
    public func procurement(_ view: ProcurementView, as format: RenderFormat) throws(TemplateError) -> String {
        try templates.render("direct-procurement.\(format.rawValue)", view.context)
    }
}
