public import DiariumModel

/// A registered direct procurement as the purchase audit and the board report read it.
public struct ProcurementRow: Sendable, Hashable {
    public let document: String
    public let organisation: String
    /// Nil for procurements documented before the v4 migration: read it from `inputSHA256`.
    public let supplierOrgnr: OrganisationNumber?
    public let category: CPVCode
    public let fiscalYear: Int
    public let contractSigned: CivilDate
    /// The day it was documented (the document's date).
    public let documentedOn: CivilDate
    public let valueOre: Int64
    public let allowed: Bool
    public let acceptedFindings: Bool
    public let inputSHA256: String
    public let dataSHA256: String
    public let valueProvision: String?
    package init(document: String, organisation: String, supplierOrgnr: OrganisationNumber?, category: CPVCode, fiscalYear: Int, contractSigned: CivilDate, documentedOn: CivilDate, valueOre: Int64, allowed: Bool, acceptedFindings: Bool, inputSHA256: String, dataSHA256: String, valueProvision: String?) {
        self.document = document
        self.organisation = organisation
        self.supplierOrgnr = supplierOrgnr
        self.category = category
        self.fiscalYear = fiscalYear
        self.contractSigned = contractSigned
        self.documentedOn = documentedOn
        self.valueOre = valueOre
        self.allowed = allowed
        self.acceptedFindings = acceptedFindings
        self.inputSHA256 = inputSHA256
        self.dataSHA256 = dataSHA256
        self.valueProvision = valueProvision
    }
}
