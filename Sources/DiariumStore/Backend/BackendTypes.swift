public import DiariumModel
public import Foundation

/// Which of the two search indexes a search reads: the public one never holds a secret value.
public enum SearchScope: Sendable { case `public`, `internal` }

/// The tables whose rows are derived from archived data (what `verify` reads back).
public enum DerivedTable: String, Sendable, CaseIterable {
    case procurement, deviation, accessRequest, searchPublic, searchInternal, purchase, purchaseImport
}

/// One registered staging folder (see `StagingRegistry`).
public struct StagingTicket: Sendable {
    package let marker: URL
    public let folder: URL
    package init(marker: URL, folder: URL) {
        self.marker = marker
        self.folder = folder
    }
}

/// A row that counts toward a region total, as stored.
public struct RegionContribution: Sendable, Hashable {
    public enum Kind: String, Sendable, Hashable { case purchase, procurement }
    public let kind: Kind
    public let reference: String
    public let unit: String
    public let date: CivilDate
    public let amountOre: Int64
    public let valueProvision: String?
    public let unitProvision: String?
    package init(kind: Kind, reference: String, unit: String, date: CivilDate, amountOre: Int64, valueProvision: String?, unitProvision: String?) {
        self.kind = kind
        self.reference = reference
        self.unit = unit
        self.date = date
        self.amountOre = amountOre
        self.valueProvision = valueProvision
        self.unitProvision = unitProvision
    }
}

/// An agreement in force for a region total.
public struct ActiveAgreementRow: Sendable, Hashable {
    public let id: String
    public let title: String
    public let supplier: String
    public let validFrom: CivilDate
    public let validTo: CivilDate
    package init(id: String, title: String, supplier: String, validFrom: CivilDate, validTo: CivilDate) {
        self.id = id
        self.title = title
        self.supplier = supplier
        self.validFrom = validFrom
        self.validTo = validTo
    }
}

/// What counts toward a region total, and the agreements in force beside it.
public struct RegionRows: Sendable, Hashable {
    public let contributions: [RegionContribution]
    public let agreements: [ActiveAgreementRow]
    package init(contributions: [RegionContribution], agreements: [ActiveAgreementRow]) {
        self.contributions = contributions
        self.agreements = agreements
    }
}

/// An import of purchases refused: by the store, or because a reference was imported before
/// with other values.
public enum LedgerImportFailure: StoreFailure, Sendable, Hashable {
    case store(StoreError)
    case conflict(line: Int, reference: String)
}

/// A registered direct procurement's row for the region totals.
public struct ProcurementInsert: Sendable, Hashable {
    public var documentID: Int64
    public var organisation: String
    public var unit: String
    public var category: CPVCode
    public var fiscalYear: Int
    public var contractSigned: CivilDate
    public var valueOre: Int64
    public var ground: String
    public var allowed: Bool
    public var acceptedFindings: Bool
    public var inputSHA256: String
    public var dataSHA256: String
    public var valueProvision: String?
    public var unitProvision: String?
    public var supplierOrgnr: OrganisationNumber

    public init(documentID: Int64, organisation: String, unit: String, category: CPVCode, fiscalYear: Int, contractSigned: CivilDate,
                valueOre: Int64, ground: String, allowed: Bool, acceptedFindings: Bool, inputSHA256: String, dataSHA256: String,
                valueProvision: String?, unitProvision: String?, supplierOrgnr: OrganisationNumber) {
        self.documentID = documentID
        self.organisation = organisation
        self.unit = unit
        self.category = category
        self.fiscalYear = fiscalYear
        self.contractSigned = contractSigned
        self.valueOre = valueOre
        self.ground = ground
        self.allowed = allowed
        self.acceptedFindings = acceptedFindings
        self.inputSHA256 = inputSHA256
        self.dataSHA256 = dataSHA256
        self.valueProvision = valueProvision
        self.unitProvision = unitProvision
        self.supplierOrgnr = supplierOrgnr
    }
}

/// A registered deviation report's row. `type`, `phase` and `status` are codes of the
/// deviation data (`deviations.json`), which the region may extend; the Kit checks them.
public struct DeviationInsert: Sendable, Hashable {
    public var documentID: Int64
    public var organisation: String
    public var unit: String
    public var type: String
    public var phase: String
    public var reportedOn: CivilDate
    public var procurement: DocumentNumber?
    public var supplierOrgnr: OrganisationNumber?
    public var estimatedValue: Amount?
    public var origin: String
    public var originKey: String?
    public var inputSHA256: String
    public var status: String

    public init(documentID: Int64, organisation: String, unit: String, type: String, phase: String, reportedOn: CivilDate,
                procurement: DocumentNumber?, supplierOrgnr: OrganisationNumber?, estimatedValue: Amount?, origin: String,
                originKey: String?, inputSHA256: String, status: String) {
        self.documentID = documentID
        self.organisation = organisation
        self.unit = unit
        self.type = type
        self.phase = phase
        self.reportedOn = reportedOn
        self.procurement = procurement
        self.supplierOrgnr = supplierOrgnr
        self.estimatedValue = estimatedValue
        self.origin = origin
        self.originKey = originKey
        self.inputSHA256 = inputSHA256
        self.status = status
    }
}
