public import DiariumModel
public import DiariumRules

/// A deviation report as one audience may see it, masked on the data (the reporter may be
/// secret: a report about a colleague).
public struct DeviationView {
    public let context: [String: Any]

    public init(_ d: DeviationReport, organisation: Organisation, for audience: Audience, legal: LegalData, data: DeviationData) {
        let masker = Masker(audience: audience, legal: legal, markings: d.secrecy, byValue: d.secretValues, secrets: d.secretSet,
                            protections: d.protections)
        func field(_ path: String, _ value: String, display: String? = nil) -> [String: Any] {
            masker.field(path, value, display: display)
        }
        let type = data.type(d.type)
        var c: [String: Any] = [
            "view": audience.rawValue,
            "isPublic": audience == .public,
            "pageTitle": "Rapport om avsteg – \(type?.label ?? d.type)" + (audience == .public ? " (offentlig version)" : ""),
            "authority": ["name": organisation.name, "organisationNumber": organisation.organisationNumber.description, "code": organisation.code],
            "unit": field("unit", d.unit),
            "reporterName": field("reportedBy.name", d.reporterName),
            "reportedOn": d.reportedOn.description,
            "phaseCode": d.phase.rawValue,
            "phaseLabel": d.phase.swedishLabel,
            "typeCode": d.type,
            "typeLabel": type?.label ?? d.type,
            "breaks": type.map { "\($0.breaks) (\($0.source))" } ?? d.type,
            "description": field("description", d.description),
            "markings": masker.markingsContext,
            "hasMarkings": !d.secrecy.isEmpty || !d.protections.isEmpty,
        ]
        if let r = d.reporterRole { c["reporterRole"] = field("reportedBy.role", r) }
        if let p = d.procurement { c["procurement"] = p.description }
        if let s = d.supplier {
            c["supplier"] = ["supplierName": field("supplier.name", s.name), "supplierOrgnr": field("supplier.orgnr", s.organisationNumber.description)]
        }
        if let v = d.estimatedValue { c["estimatedValue"] = field("estimatedValue", v.description, display: v.swedish) }
        if let a = d.immediateAction { c["immediateAction"] = field("immediateAction", a) }
        context = c
    }
}

extension Renderer {
    public func deviation(_ view: DeviationView, as format: RenderFormat) throws(TemplateError) -> String {
        try templates.render("deviation.\(format.rawValue)", view.context)
    }
}
