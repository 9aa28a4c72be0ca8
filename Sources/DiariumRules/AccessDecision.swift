public import DiariumModel
import Foundation

/// A decision on a request for public documents ("Beslut om utlämnande av allmän handling"), as
/// compiled from the request's assessments: what is released, masked and refused, with the
/// provisions, and the appeal notice when anything is withheld. Built from public facts only:
/// the documents' public titles, provisions and the official's checked reasons.
public struct AccessDecision: Sendable, Hashable, Codable {
    public struct Withheld: Sendable, Hashable, Codable {
        /// The field path, and a Swedish label of it for the requester.
        public let field: String
        public let label: String
        public let provision: String
        public let reference: String
        public init(field: String, label: String, provision: String, reference: String) {
            self.field = field
            self.label = label
            self.provision = provision
            self.reference = reference
        }
    }

    /// How a file Diarium did not draw up was checked before it went out.
    public enum FileCheck: String, Sendable, Hashable, Codable {
        /// Read whole as text: no masked or secret detail occurs in it.
        case readWhole = "read-whole"
        /// Released as a text copy with the masked details replaced.
        case maskedTextCopy = "masked-text-copy"
        /// A PDF released as the text of its text layer with the masked details replaced (its
        /// pictures and layout are not in the copy).
        case pdfTextCopy = "pdf-text-copy"
        /// Not readable whole as text (a PDF, an image); the official read it.
        case checkedManually = "checked-manually"
        /// Not readable whole as text, and nothing of the request was kept secret.
        case notChecked = "not-checked"
    }

    public struct Item: Sendable, Hashable, Codable {
        public let document: String
        public let title: String
        public let documentType: String
        public let outcome: AccessAssessment.Outcome
        public let masked: [Withheld]
        /// For a refusal: the provision it rests on.
        public let refusal: Withheld?
        public let refusalGround: AccessAssessment.RefusalGround?
        public let reason: String?
        /// A file Diarium did not draw up: released whole (its register details may be masked).
        public let wholeFile: Bool?
        /// For such a file: how it was checked (nil in decisions of earlier versions).
        public let fileCheck: FileCheck?
        public init(document: String, title: String, documentType: String, outcome: AccessAssessment.Outcome, masked: [Withheld],
                    refusal: Withheld?, refusalGround: AccessAssessment.RefusalGround?, reason: String?, wholeFile: Bool? = nil,
                    fileCheck: FileCheck? = nil) {
            self.document = document
            self.title = title
            self.documentType = documentType
            self.outcome = outcome
            self.masked = masked
            self.refusal = refusal
            self.refusalGround = refusalGround
            self.reason = reason
            self.wholeFile = wholeFile
            self.fileCheck = fileCheck
        }
    }

    public struct Fee: Sendable, Hashable, Codable {
        public let pages: Int
        public let amount: Amount
        public let scale: String
        public let reference: String
        public init(pages: Int, amount: Amount, scale: String, reference: String) {
            self.pages = pages
            self.amount = amount
            self.scale = scale
            self.reference = reference
        }
    }

    public struct Appeal: Sendable, Hashable, Codable {
        public let court: String
        public let weeks: Int
        public let reference: String
        public let ownReview: String
        public init(court: String, weeks: Int, reference: String, ownReview: String) {
            self.court = court
            self.weeks = weeks
            self.reference = reference
            self.ownReview = ownReview
        }
    }

    public let request: String
    public let organisation: String
    public let receivedOn: CivilDate
    public let channel: AccessChannel
    public let format: AccessFormat
    /// Nil when the requester is anonymous or chose not to be named in a public document.
    public let requester: String?
    /// The requester asked not to be named (a marking): the decision says so instead of "anonym".
    public let requesterWithheld: Bool
    public let decidedOn: CivilDate
    public let decidedBy: String
    public let items: [Item]
    public let fee: Fee?
    /// Present when anything is masked or refused.
    public let appeal: Appeal?

    public init(request: String, organisation: String, receivedOn: CivilDate, channel: AccessChannel, format: AccessFormat,
                requester: String?, requesterWithheld: Bool = false, decidedOn: CivilDate, decidedBy: String, items: [Item], fee: Fee?, appeal: Appeal?) {
        self.request = request
        self.organisation = organisation
        self.receivedOn = receivedOn
        self.channel = channel
        self.format = format
        self.requester = requester
        self.requesterWithheld = requesterWithheld
        self.decidedOn = decidedOn
        self.decidedBy = decidedBy
        self.items = items
        self.fee = fee
        self.appeal = appeal
    }

    /// Whether anything is withheld (and so the decision carries an appeal notice).
    public var withholdsAnything: Bool { items.contains { $0.outcome != .release } }
}

/// Swedish labels of field paths, for a decision the requester reads (`tenders[1].amount` →
/// "anbud 2, belopp").
public enum FieldLabel {
    static let words: [String: String] = [
        "title": "rubrik", "counterparty": "avsändare/mottagare", "content": "handlingens innehåll",
        "unit": "enhet", "handler": "handläggare", "name": "namn", "email": "e-post", "phone": "telefon", "address": "adress",
        "subject": "föremål för upphandlingen", "description": "beskrivning", "estimatedValue": "uppskattat värde",
        "suppliersInvited": "tillfrågad leverantör", "tenders": "anbud", "supplier": "leverantör", "orgnr": "organisationsnummer",
        "amount": "belopp", "received": "mottaget", "award": "tilldelning", "reason": "motivering", "reportedBy": "rapportör",
        "role": "roll", "immediateAction": "omedelbar åtgärd", "requester": "sökande", "contact": "kontaktuppgift",
        "groundJustification": "motivering av grund", "competition": "konkurrens", "justification": "motivering",
        "agreementCheck": "kontroll av avtal", "conflictOfInterest": "jäv", "note": "anteckning", "period": "period",
    ]

    public static func swedish(_ path: FieldPath) -> String {
        var parts: [String] = []
        for c in path.components {
            switch c {
            case .key(let k): parts.append(words[k] ?? k)
            case .index(let i): if let last = parts.popLast() { parts.append("\(last) \(i + 1)") }
            }
        }
        return parts.joined(separator: ", ")
    }
}
