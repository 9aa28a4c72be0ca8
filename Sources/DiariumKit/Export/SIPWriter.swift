import DiariumModel
import DiariumRender
import DiariumStore
import Foundation

/// The XML of a SIP: METS (root and representation), PREMIS and CITS ERMS, in the shape of the
/// reference package that passes the validators (/work/eark-proto, `build-sample.py`). Built as
/// text with the project's scalar-based escaper on every value (`e`), so no value can break out.
struct SIPWriter {
    let package: SIPPackage
    let zone: TimeZone

    init(package: SIPPackage, zone: TimeZone) {
        self.package = package
        self.zone = zone
        now = SIPNames.dateTime(package.created, zone: zone)
    }

    func e(_ s: String) -> String { XMLEscaping.escape(s) }
    func t(_ d: Date) -> String { SIPNames.dateTime(d, zone: zone) }
    /// The package's creation time, formatted once.
    let now: String
    var label: String { "\(package.caseNumber) \(package.caseTitle)" }

    static let schemaFiles = ["mets.xsd", "xlink.xsd", "DILCISExtensionMETS.xsd", "DILCISExtensionSIPMETS.xsd", "premis.xsd", "ERMS.xsd"]

    // MARK: - Documentation

    func documentation() -> String {
        """
        Leverans från \(package.software) \(package.version)
        Ärende: \(package.caseNumber) (\(package.caseTitle))
        Organisation: \(package.organisation.name) (\(package.organisation.organisationNumber))
        Ur arkivet: \(package.storeName)
        Skapad: \(now)
        Innehåll: E-ARK SIP (CSIP/SIP 2.1.0, FGS Paketstruktur 2.0). Ärendeakten enligt CITS ERMS 2.1 i
        metadata/descriptive/erms.xml, bevarandemetadata (PREMIS 3) i metadata/preservation/ och
        representations/rep1/metadata/preservation/, handlingarna i representations/rep1/data/:
        för varje handling den arkiverade filen och dess registreringsuppgifter (diarieblad, XML).
        Handlingarna är fullständiga: sekretessmarkerade uppgifter ingår och anges som restriction i erms.xml.

        """
    }

    // MARK: - PREMIS

    private var people: [String] {
        var seen = Set<String>(), out: [String] = []
        for d in package.documents {
            for name in [d.entry.registeredBy] + d.events.map(\.agent) where seen.insert(name).inserted { out.append(name) }
        }
        return out
    }

    private func premisAgents() -> String {
        var s = """
          <agent>
            <agentIdentifier>
              <agentIdentifierType>organisationsnummer</agentIdentifierType>
              <agentIdentifierValue>\(e(package.organisation.organisationNumber.description))</agentIdentifierValue>
            </agentIdentifier>
            <agentName>\(e(package.organisation.name))</agentName>
            <agentType>organization</agentType>
          </agent>
          <agent>
            <agentIdentifier>
              <agentIdentifierType>local</agentIdentifierType>
              <agentIdentifierValue>software-diarium</agentIdentifierValue>
            </agentIdentifier>
            <agentName>\(e(package.software))</agentName>
            <agentType>software</agentType>
            <agentVersion>\(e(package.version))</agentVersion>
          </agent>

        """
        for p in people {
            s += """
              <agent>
                <agentIdentifier>
                  <agentIdentifierType>local</agentIdentifierType>
                  <agentIdentifierValue>\(e(SIPNames.userAgent(p)))</agentIdentifierValue>
                </agentIdentifier>
                <agentName>\(e(p))</agentName>
                <agentType>person</agentType>
              </agent>

            """
        }
        return s
    }

    private func premisHeader(_ schemaPath: String) -> String {
        """
        <?xml version="1.0" encoding="UTF-8"?>
        <premis xmlns="http://www.loc.gov/premis/v3"
                xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"
                xsi:schemaLocation="http://www.loc.gov/premis/v3 \(schemaPath)premis.xsd"
                version="3.0">

        """
    }

    private func linking(_ path: String) -> String {
        """
            <linkingObjectIdentifier>
              <linkingObjectIdentifierType>local</linkingObjectIdentifierType>
              <linkingObjectIdentifierValue>\(e(path))</linkingObjectIdentifierValue>
            </linkingObjectIdentifier>

        """
    }

    private func event(id: String, type: String, at: String, detail: String, agent: String, role: String, objects: [String]) -> String {
        """
          <event>
            <eventIdentifier>
              <eventIdentifierType>local</eventIdentifierType>
              <eventIdentifierValue>\(e(id))</eventIdentifierValue>
            </eventIdentifier>
            <eventType>\(e(type))</eventType>
            <eventDateTime>\(at)</eventDateTime>
            <eventDetailInformation>
              <eventDetail>\(e(detail))</eventDetail>
            </eventDetailInformation>
            <eventOutcomeInformation>
              <eventOutcome>success</eventOutcome>
            </eventOutcomeInformation>
            <linkingAgentIdentifier>
              <linkingAgentIdentifierType>local</linkingAgentIdentifierType>
              <linkingAgentIdentifierValue>\(e(agent))</linkingAgentIdentifierValue>
              <linkingAgentRole>\(e(role))</linkingAgentRole>
            </linkingAgentIdentifier>
        \(objects.map(linking).joined())  </event>

        """
    }

    /// representations/rep1/metadata/preservation/premis.xml: one file object per file, the
    /// documents' audit events, the export's fixity event, the agents.
    func representationPREMIS() -> String {
        var s = premisHeader("../../../../schemas/")
        for d in package.documents {
            for f in d.files {
                var format = """
                        <formatDesignation>
                          <formatName>\(e(f.mediaType))</formatName>
                """
                if let v = f.format?.version, !v.isEmpty { format += "\n          <formatVersion>\(e(v))</formatVersion>" }
                format += "\n        </formatDesignation>\n"
                if let fmt = f.format {
                    format += """
                            <formatRegistry>
                              <formatRegistryName>PRONOM</formatRegistryName>
                              <formatRegistryKey>\(e(fmt.puid))</formatRegistryKey>
                              <formatRegistryRole>specification</formatRegistryRole>
                            </formatRegistry>
                            <formatNote>\(e(fmt.name))</formatNote>

                    """
                }
                s += """
                  <object xsi:type="file">
                    <objectIdentifier>
                      <objectIdentifierType>local</objectIdentifierType>
                      <objectIdentifierValue>\(e(f.path))</objectIdentifierValue>
                    </objectIdentifier>
                    <objectCharacteristics>
                      <compositionLevel>0</compositionLevel>
                      <fixity>
                        <messageDigestAlgorithm>SHA-256</messageDigestAlgorithm>
                        <messageDigest>\(f.sha256)</messageDigest>
                        <messageDigestOriginator>Diarium</messageDigestOriginator>
                      </fixity>
                      <size>\(f.data.count)</size>
                      <format>
                \(format)      </format>
                    </objectCharacteristics>
                    <originalName>\(e(f.name))</originalName>

                """
                for ev in d.events {
                    s += """
                        <linkingEventIdentifier>
                          <linkingEventIdentifierType>local</linkingEventIdentifierType>
                          <linkingEventIdentifierValue>\(e(ev.id))</linkingEventIdentifierValue>
                        </linkingEventIdentifier>

                    """
                }
                s += "  </object>\n"
            }
        }
        for d in package.documents {
            for ev in d.events {
                s += event(id: ev.id, type: ev.type, at: t(ev.at), detail: ev.detail, agent: SIPNames.userAgent(ev.agent),
                           role: "implementer", objects: d.files.map(\.path))
            }
        }
        s += event(id: "event-fixity-rep1", type: "message digest calculation", at: now, detail: "SHA-256 beräknad vid export",
                   agent: "software-diarium", role: "executing program", objects: package.documents.flatMap { $0.files.map(\.path) })
        return s + premisAgents() + "</premis>\n"
    }

    /// metadata/preservation/premis.xml: the case as an intellectual entity, its representation,
    /// the package's creation.
    func rootPREMIS() -> String {
        let c = e(package.caseNumber.description)
        var s = premisHeader("../../schemas/")
        s += """
          <object xsi:type="intellectualEntity">
            <objectIdentifier>
              <objectIdentifierType>diarienummer</objectIdentifierType>
              <objectIdentifierValue>\(c)</objectIdentifierValue>
            </objectIdentifier>
            <relationship>
              <relationshipType>structural</relationshipType>
              <relationshipSubType>is represented by</relationshipSubType>
              <relatedObjectIdentifier>
                <relatedObjectIdentifierType>local</relatedObjectIdentifierType>
                <relatedObjectIdentifierValue>rep1</relatedObjectIdentifierValue>
              </relatedObjectIdentifier>
            </relationship>
          </object>
          <object xsi:type="representation">
            <objectIdentifier>
              <objectIdentifierType>local</objectIdentifierType>
              <objectIdentifierValue>rep1</objectIdentifierValue>
            </objectIdentifier>
            <relationship>
              <relationshipType>structural</relationshipType>
              <relationshipSubType>represents</relationshipSubType>
              <relatedObjectIdentifier>
                <relatedObjectIdentifierType>diarienummer</relatedObjectIdentifierType>
                <relatedObjectIdentifierValue>\(c)</relatedObjectIdentifierValue>
              </relatedObjectIdentifier>
            </relationship>
          </object>
          <event>
            <eventIdentifier>
              <eventIdentifierType>local</eventIdentifierType>
              <eventIdentifierValue>event-package-creation</eventIdentifierValue>
            </eventIdentifier>
            <eventType>information package creation</eventType>
            <eventDateTime>\(now)</eventDateTime>
            <eventDetailInformation>
              <eventDetail>E-ARK SIP skapad av \(e(package.software)) \(e(package.version)) för ärende \(c)</eventDetail>
            </eventDetailInformation>
            <eventOutcomeInformation>
              <eventOutcome>success</eventOutcome>
            </eventOutcomeInformation>
            <linkingAgentIdentifier>
              <linkingAgentIdentifierType>local</linkingAgentIdentifierType>
              <linkingAgentIdentifierValue>software-diarium</linkingAgentIdentifierValue>
              <linkingAgentRole>executing program</linkingAgentRole>
            </linkingAgentIdentifier>
            <linkingAgentIdentifier>
              <linkingAgentIdentifierType>organisationsnummer</linkingAgentIdentifierType>
              <linkingAgentIdentifierValue>\(e(package.organisation.organisationNumber.description))</linkingAgentIdentifierValue>
              <linkingAgentRole>authorizer</linkingAgentRole>
            </linkingAgentIdentifier>
            <linkingObjectIdentifier>
              <linkingObjectIdentifierType>local</linkingObjectIdentifierType>
              <linkingObjectIdentifierValue>rep1</linkingObjectIdentifierValue>
            </linkingObjectIdentifier>
          </event>

        """
        return s + premisAgents() + "</premis>\n"
    }

    // MARK: - ERMS

    private func restriction(_ r: (field: String, reference: String, reason: String), indent: String) -> String {
        """
        \(indent)<restriction restrictionType="confidential">
        \(indent)  <explanatoryText>\(e("Sekretessmarkerad uppgift: \(r.field). \(r.reason)"))</explanatoryText>
        \(indent)  <regulation>\(e(r.reference))</regulation>
        \(indent)</restriction>

        """
    }

    /// The plan's retention for a record: kept, or disposed of after a period from a start day
    /// (and, for one already disposed of, when and under which decision).
    private func disposal(_ d: SIPDisposal, indent: String) -> String {
        func day(_ c: CivilDate) -> String {
            // Midnight of the civil day in the store's zone.
            let utcMidnight = Date(timeIntervalSince1970: TimeInterval(c.daysSinceEpoch * 86_400))
            return t(utcMidnight.addingTimeInterval(-TimeInterval(zone.secondsFromGMT(for: utcMidnight))))
        }
        var dates = ""
        if let start = d.start { dates += "\(indent)    <disposalDate dateType=\"retention_period_start\">\(day(start))</disposalDate>\n" }
        if let end = d.end { dates += "\(indent)    <disposalDate dateType=\"retention_period_end\">\(day(end))</disposalDate>\n" }
        if let gone = d.disposed { dates += "\(indent)    <disposalDate dateType=\"disposal_date\">\(t(gone.disposedAt))</disposalDate>\n" }
        if dates.isEmpty { dates = "\(indent)    <disposalDate dateType=\"applied\">\(now)</disposalDate>\n" }
        var comment = ""
        if let gone = d.disposed {
            comment = "\(indent)  <disposalComments>\n\(indent)    <disposalComment>\(e("Gallrad enligt \(gone.decision); gallringsprotokoll \(gone.record)"))</disposalComment>\n\(indent)  </disposalComments>\n"
        }
        return """
        \(indent)<disposal disposable="\(d.disposable)">
        \(indent)  <disposalAction>\(d.disposable ? "Gallras" : "Bevaras")</disposalAction>
        \(d.period.map { "\(indent)  <disposalPeriod>\(e($0))</disposalPeriod>\n" } ?? "")\(indent)  <disposalMandate>\(e(d.mandate))</disposalMandate>
        \(indent)  <disposalDescription>\(e(d.rule))</disposalDescription>
        \(comment)\(indent)  <dates>
        \(dates)\(indent)  </dates>
        \(indent)</disposal>

        """
    }

    func erms() -> String {
        let org = package.organisation
        let docs = package.documents
        let opened = docs.map(\.entry.registeredAt).min() ?? package.created
        var records = ""
        for (i, d) in docs.enumerated() {
            let en = d.entry
            let direction = switch en.direction {
            case .incoming: "incoming"
            case .outgoing: "outgoing"
            case .internal_: "internal_memo_without_follow-up"
            }
            var agents = ""
            if let cp = en.counterparty, !cp.isEmpty {
                let type = en.direction == .incoming ? "sender" : "receiver"
                agents += "          <agent agentType=\"\(type)\">\n            <name>\(e(cp))</name>\n          </agent>\n"
            }
            agents += "          <agent agentType=\"responsible_person\">\n            <name>\(e(en.handler))</name>\n            <organisation>\(e(org.name))</organisation>\n          </agent>\n"
            agents += "          <agent agentType=\"creator\">\n            <name>\(e(en.registeredBy))</name>\n            <organisation>\(e(org.name))</organisation>\n          </agent>\n"
            let dateType = en.direction == .incoming ? "received" : "created"
            let appendices = d.files.map { f in
                "          <appendix name=\"\(e(f.name))\" path=\"representations/rep1/\(e(f.path))\" fileFormat=\"\(e(f.mediaType))\" description=\"\(e(f.description))\" disposable=\"false\"/>\n"
            }.joined()
            records += """
                  <record systemIdentifier="diarium-doc-\(e(SIPNames.base(en.number)))" recordType="\(e(en.documentType))">
                    <objectId>\(e(en.number.description))</objectId>
                    <title>\(e(en.title))</title>
                    <status value="\(en.direction == .incoming ? "received" : "expedited")"/>
                    <runningNumber>\(i + 1)</runningNumber>
            \(d.restrictions.map { restriction($0, indent: "        ") }.joined())\(d.disposal.map { disposal($0, indent: "        ") } ?? "")        <direction directionDefinition="\(direction)"/>
                    <agents>
            \(agents)        </agents>
                    <dates>
                      <date dateType="\(dateType)">\(t(en.registeredAt))</date>
                    </dates>
                    <additionalInformation>
            \(appendices)        </additionalInformation>
                  </record>

            """
        }
        return """
            <?xml version="1.0" encoding="UTF-8"?>
            <erms xmlns="https://DILCIS.eu/XML/ERMS"
                  xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"
                  xsi:schemaLocation="https://DILCIS.eu/XML/ERMS ../../schemas/ERMS.xsd">
              <control>
                <identification identificationType="system">Diarium</identification>
                <maintenanceInformation>
                  <maintenanceStatus value="new"/>
                  <maintenanceAgency>
                    <agencyCode type="organisationsnummer">\(e(org.organisationNumber.description))</agencyCode>
                    <agencyName>\(e(org.name))</agencyName>
                  </maintenanceAgency>
                  <maintenanceHistory>
                    <maintenanceEvent>
                      <eventType value="created"/>
                      <eventDateTime>\(now)</eventDateTime>
                      <agent agentType="creator">
                        <name>\(e(package.software)) \(e(package.version))</name>
                      </agent>
                    </maintenanceEvent>
                  </maintenanceHistory>
                </maintenanceInformation>
              </control>
              <aggregations>
                <aggregation systemIdentifier="diarium-case-\(e(SIPNames.sanitise(package.caseNumber.description)))" aggregationType="caseFile">
                  <objectId>\(e(package.caseNumber.description))</objectId>
                  <title>\(e(package.caseTitle))</title>
                  <agents>
                    <agent agentType="owner">
                      <name>\(e(org.name))</name>
                      <idNumber idNumberType="organisationsnummer">\(e(org.organisationNumber.description))</idNumber>
                    </agent>
                  </agents>
                  <dates>
                    <date dateType="opened">\(t(opened))</date>
                  </dates>
            \(records)    </aggregation>
              </aggregations>
            </erms>

            """
    }
}

extension SHA256Hex {
    /// Upper-case hex, as the reference package writes METS and PREMIS checksums.
    static func upper(_ data: Data) -> String { of(data).uppercased() }
}
