public import DiariumModel
public import DiariumRules
import Foundation

/// A request for public documents as one audience may see it (the requester may ask not to be
/// named in a public copy, rarely; the markings then mask it).
public struct AccessRequestView {
    public let context: [String: Any]

    public init(_ r: AccessRequest, organisation: Organisation, for audience: Audience, legal: LegalData) {
        let masker = Masker(audience: audience, legal: legal, markings: r.secrecy, byValue: r.secretValues, secrets: r.secretSet)
        var c: [String: Any] = [
            "view": audience.rawValue,
            "isPublic": audience == .public,
            "pageTitle": "Begäran om allmän handling" + (audience == .public ? " (offentlig version)" : ""),
            "authority": ["name": organisation.name, "organisationNumber": organisation.organisationNumber.description, "code": organisation.code],
            "receivedAt": Timestamp.iso(r.receivedAt),
            "receivedAtLocal": Timestamp.swedishLocal(Timestamp.iso(r.receivedAt)),
            "channelCode": r.channel.rawValue,
            "channelLabel": r.channel.swedishLabel,
            "formatCode": r.format.rawValue,
            "formatLabel": r.format.swedishLabel,
            "anonymous": r.isAnonymous,
            "description": masker.field("description", r.description),
            "markings": masker.markingsContext,
            "hasMarkings": !r.secrecy.isEmpty,
            "documents": r.documents.map(\.description),
            "hasDocuments": !r.documents.isEmpty,
        ]
        if let name = r.requester { c["requester"] = masker.field("requester", name) }
        var contact: [String: Any] = [:]
        if let e = r.email { contact["email"] = masker.field("contact.email", e) }
        if let p = r.phone { contact["phone"] = masker.field("contact.phone", p) }
        if let a = r.address { contact["address"] = masker.field("contact.address", a) }
        if !contact.isEmpty { c["contact"] = contact }
        context = c
    }
}

/// A decision on a request: holds no secret (built from public facts), so every audience sees
/// the same.
public struct AccessDecisionView {
    public let context: [String: Any]

    public init(_ d: AccessDecision, organisation: Organisation) {
        func withheld(_ w: AccessDecision.Withheld) -> [String: Any] {
            ["field": w.field, "label": w.label, "provision": w.provision, "reference": w.reference]
        }
        let items = d.items.map { i -> [String: Any] in
            var x: [String: Any] = [
                "document": i.document, "title": i.title, "documentType": i.documentType,
                "outcome": i.outcome.rawValue, "outcomeLabel": i.outcome.swedishLabel,
                "isReleased": i.outcome == .release, "isMasked": i.outcome == .mask, "isRefused": i.outcome == .refuse,
                "masked": i.masked.map(withheld), "hasMasked": !i.masked.isEmpty,
            ]
            if let r = i.refusal { x["refusal"] = withheld(r) }
            if let g = i.refusalGround {
                x["groundCode"] = g.rawValue
                x["groundLabel"] = switch g {
                case .secret: "Sekretessen omfattar hela handlingen."
                case .meaninglessRemainder: "Det som skulle återstå efter maskering saknar mening; handlingen lämnas därför inte ut alls (RÅ 1989 ref. 111)."
                case .cannotMask: "Handlingen innehåller uppgifter som omfattas av sekretess."
                }
            }
            if let r = i.reason { x["reason"] = r }
            if let check = i.fileCheck { x["fileCheck"] = check.rawValue }
            if i.wholeFile == true, i.outcome != .refuse {
                // The claim that masked details do not occur in the file is made only where the
                // whole file was read as text and none was found.
                x["fileNote"] = switch (i.fileCheck, i.outcome) {
                case (.maskedTextCopy?, _):
                    "Filen lämnas ut som en textkopia där de maskerade uppgifterna är ersatta med en hänvisning till bestämmelsen."
                case (.pdfTextCopy?, _):
                    "Filen lämnas ut som en textkopia av PDF-filens text där de maskerade uppgifterna är ersatta med en hänvisning till bestämmelsen; filens bilder och layout ingår inte i kopian."
                case (.readWhole?, .mask):
                    "Filen lämnas ut i sin helhet; de maskerade uppgifterna är diarieuppgifter som inte förekommer i den."
                case (.checkedManually?, _):
                    "Filen lämnas ut i sin helhet. Den kan inte läsas maskinellt som text; handläggaren har granskat den och funnit att den inte innehåller uppgifter som omfattas av sekretess."
                case (.notChecked?, _), (nil, .mask):
                    "Filen lämnas ut i sin helhet. Den har inte kunnat kontrolleras maskinellt."
                default:
                    "Filen lämnas ut i sin helhet."
                }
            }
            return x
        }
        var c: [String: Any] = [
            "pageTitle": "Beslut om utlämnande av allmän handling, \(d.request)",
            "authority": ["name": organisation.name, "organisationNumber": organisation.organisationNumber.description, "code": organisation.code],
            "request": d.request,
            "receivedOn": d.receivedOn.description,
            "channelCode": d.channel.rawValue,
            "channelLabel": d.channel.swedishLabel,
            "formatCode": d.format.rawValue,
            "formatLabel": d.format.swedishLabel,
            "requesterLabel": d.requester ?? (d.requesterWithheld ? "Sökanden (uppgiften lämnas inte ut)" : "Sökanden (anonym)"),
            "decidedOn": d.decidedOn.description,
            "decidedBy": d.decidedBy,
            "items": items,
            "releasedCount": String(d.items.filter { $0.outcome == .release }.count),
            "maskedCount": String(d.items.filter { $0.outcome == .mask }.count),
            "refusedCount": String(d.items.filter { $0.outcome == .refuse }.count),
            "withholdsAnything": d.withholdsAnything,
        ]
        if let r = d.requester { c["requester"] = r }
        if let f = d.fee {
            c["fee"] = ["pages": String(f.pages), "feeAmount": f.amount.description, "feeLabel": f.amount.swedish, "scale": f.scale,
                        "feeReference": f.reference, "isFree": f.amount == .zero]
        }
        if let a = d.appeal {
            c["appeal"] = [
                "court": a.court, "weeks": String(a.weeks), "appealReference": a.reference, "ownReview": a.ownReview,
                "text": "Den som har fått avslag helt eller delvis kan överklaga beslutet hos \(a.court) (\(a.reference)). "
                    + "Överklagandet ska vara skriftligt, ställas till \(a.court) och skickas eller lämnas till \(organisation.name). "
                    + "Det ska ha kommit in till \(organisation.name) inom \(Self.weeks(a.weeks)) från den dag då ni fick del av beslutet. "
                    + "Ange vilket beslut som överklagas (\(d.request)), hur ni vill att beslutet ska ändras och varför. "
                    + "Ni behöver inte uppge vem ni är eller varför ni vill ta del av handlingen, men utan en adress kan vi inte skicka svar.",
            ] as [String: Any]
        }
        context = c
    }

    static func weeks(_ n: Int) -> String {
        let words = [1: "en vecka", 2: "två veckor", 3: "tre veckor", 4: "fyra veckor"]
        return words[n] ?? "\(n) veckor"
    }
}

extension Renderer {
    public func accessRequest(_ view: AccessRequestView, as format: RenderFormat) throws(TemplateError) -> String {
        try templates.render("access-request.\(format.rawValue)", view.context)
    }

    public func accessDecision(_ view: AccessDecisionView, as format: RenderFormat) throws(TemplateError) -> String {
        try templates.render("access-decision.\(format.rawValue)", view.context)
    }
}
