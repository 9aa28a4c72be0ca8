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

    private func e(_ s: String) -> String { XMLEscaping.escape(s) }
    private func t(_ d: Date) -> String { SIPNames.dateTime(d, zone: zone) }
    private var now: String { t(package.created) }
    private var label: String { "\(package.caseNumber) \(package.caseTitle)" }

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
            \(d.restrictions.map { restriction($0, indent: "        ") }.joined())        <direction directionDefinition="\(direction)"/>
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

    // MARK: - METS

    private static let ns = """
        xmlns="http://www.loc.gov/METS/"
              xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"
              xmlns:xlink="http://www.w3.org/1999/xlink"
              xmlns:csip="https://DILCIS.eu/XML/METS/CSIPExtensionMETS"
              xmlns:sip="https://DILCIS.eu/XML/METS/SIPExtensionMETS"
        """

    private func schemaLocation(_ p: String) -> String {
        "http://www.loc.gov/METS/ \(p)schemas/mets.xsd http://www.w3.org/1999/xlink \(p)schemas/xlink.xsd https://DILCIS.eu/XML/METS/CSIPExtensionMETS \(p)schemas/DILCISExtensionMETS.xsd https://DILCIS.eu/XML/METS/SIPExtensionMETS \(p)schemas/DILCISExtensionSIPMETS.xsd"
    }

    private func header(submitter: Bool) -> String {
        let a = package.archivist, o = package.organisation
        var s = """
              <metsHdr CREATEDATE="\(now)" LASTMODDATE="\(now)" RECORDSTATUS="NEW" csip:OAISPACKAGETYPE="SIP">
                <agent ROLE="CREATOR" TYPE="OTHER" OTHERTYPE="SOFTWARE">
                  <name>\(e(package.software))</name>
                  <note csip:NOTETYPE="SOFTWARE VERSION">\(e(package.version))</note>
                </agent>
                <agent ROLE="ARCHIVIST" TYPE="ORGANIZATION">
                  <name>\(e(a.name))</name>
                  <note csip:NOTETYPE="IDENTIFICATIONCODE">\(e(a.organisationNumber.description))</note>
                </agent>

            """
        if submitter {
            s += """
                    <agent ROLE="CREATOR" TYPE="ORGANIZATION">
                      <name>\(e(o.name))</name>
                      <note csip:NOTETYPE="IDENTIFICATIONCODE">\(e(o.organisationNumber.description))</note>
                    </agent>

                """
        }
        return s + "  </metsHdr>\n"
    }

    /// A METS `file` for `data` at `href` (relative to the METS file).
    private func file(_ id: String, href: String, mime: String, size: Int, sha: String, created: String, extra: String = "") -> String {
        """
              <file ID="\(e(id))" MIMETYPE="\(e(mime))" SIZE="\(size)" CREATED="\(created)" CHECKSUM="\(sha)" CHECKSUMTYPE="SHA-256"\(extra)>
                <FLocat LOCTYPE="URL" xlink:type="simple" xlink:href="\(e(href))"/>
              </file>

        """
    }

    private func mdRef(_ href: String, type: String, data: Data) -> String {
        "<mdRef LOCTYPE=\"URL\" xlink:type=\"simple\" xlink:href=\"\(href)\" \(type) MIMETYPE=\"application/xml\" SIZE=\"\(data.count)\" CREATED=\"\(now)\" CHECKSUM=\"\(SHA256Hex.upper(data))\" CHECKSUMTYPE=\"SHA-256\"/>"
    }

    func representationMETS(premis: Data) -> String {
        var files = ""
        var n = 0
        for d in package.documents {
            for f in d.files {
                n += 1
                var extra = " ADMID=\"digiprov-rep1-premis\""
                if let fmt = f.format {
                    extra += " sip:FILEFORMATNAME=\"\(e(fmt.name))\""
                    if !fmt.version.isEmpty { extra += " sip:FILEFORMATVERSION=\"\(e(fmt.version))\"" }
                }
                files += file("file-rep1-\(n)", href: f.path, mime: f.mediaType, size: f.data.count, sha: f.sha256,
                              created: t(d.entry.registeredAt), extra: extra)
            }
        }
        return """
            <?xml version="1.0" encoding="UTF-8"?>
            <mets \(Self.ns)
                  xsi:schemaLocation="\(schemaLocation("../../"))"
                  OBJID="rep1" LABEL="\(e(label)), representation rep1"
                  TYPE="Textual works – Digital" csip:CONTENTINFORMATIONTYPE="citserms_v2_1"
                  PROFILE="https://earksip.dilcis.eu/profile/E-ARK-SIP.xml">
            \(header(submitter: false))  <amdSec>
                <digiprovMD ID="digiprov-rep1-premis" CREATED="\(now)" STATUS="CURRENT">
                  \(mdRef("metadata/preservation/premis.xml", type: "MDTYPE=\"PREMIS\" MDTYPEVERSION=\"3.0\"", data: premis))
                </digiprovMD>
              </amdSec>
              <fileSec ID="fileSec-rep1">
                <fileGrp ID="fileGrp-rep1-data" USE="Data" csip:CONTENTINFORMATIONTYPE="OTHER" csip:OTHERCONTENTINFORMATIONTYPE="citserms_v2_1">
            \(files)    </fileGrp>
              </fileSec>
              <structMap ID="structMap-rep1" TYPE="PHYSICAL" LABEL="CSIP">
                <div ID="div-rep1" LABEL="rep1">
                  <div ID="div-rep1-metadata" LABEL="Metadata" ADMID="digiprov-rep1-premis"/>
                  <div ID="div-rep1-data" LABEL="Data">
                    <fptr FILEID="fileGrp-rep1-data"/>
                  </div>
                </div>
              </structMap>
            </mets>

            """
    }

    func rootMETS(erms: Data, premis: Data, documentation: (name: String, data: Data), schemas: [(name: String, data: Data)], repMETS: Data) -> String {
        let cit = "csip:CONTENTINFORMATIONTYPE=\"OTHER\" csip:OTHERCONTENTINFORMATIONTYPE=\"citserms_v2_1\""
        let schemaFiles = schemas.enumerated().map { i, s in
            file("file-schema-\(i + 1)", href: "schemas/\(s.name)", mime: "application/xml", size: s.data.count, sha: SHA256Hex.upper(s.data), created: now)
        }.joined()
        let id = e(package.id)
        return """
            <?xml version="1.0" encoding="UTF-8"?>
            <mets \(Self.ns)
                  xsi:schemaLocation="\(schemaLocation(""))"
                  OBJID="\(id)" LABEL="\(e(label))"
                  TYPE="Textual works – Digital" csip:CONTENTINFORMATIONTYPE="citserms_v2_1"
                  PROFILE="https://earksip.dilcis.eu/profile/E-ARK-SIP.xml">
            \(header(submitter: true))  <dmdSec ID="dmd-erms" CREATED="\(now)" STATUS="CURRENT">
                \(mdRef("metadata/descriptive/erms.xml", type: "MDTYPE=\"OTHER\" OTHERMDTYPE=\"ERMS\" MDTYPEVERSION=\"2.1.2\"", data: erms))
              </dmdSec>
              <amdSec>
                <digiprovMD ID="digiprov-premis" CREATED="\(now)" STATUS="CURRENT">
                  \(mdRef("metadata/preservation/premis.xml", type: "MDTYPE=\"PREMIS\" MDTYPEVERSION=\"3.0\"", data: premis))
                </digiprovMD>
              </amdSec>
              <fileSec ID="fileSec-1">
                <fileGrp ID="fileGrp-documentation" USE="Documentation" \(cit)>
            \(file("file-doc-1", href: "documentation/\(documentation.name)", mime: "text/plain", size: documentation.data.count, sha: SHA256Hex.upper(documentation.data), created: now))    </fileGrp>
                <fileGrp ID="fileGrp-schemas" USE="Schemas" \(cit)>
            \(schemaFiles)    </fileGrp>
                <fileGrp ID="fileGrp-rep1" USE="Representations/rep1" \(cit)>
            \(file("file-rep1-mets", href: "representations/rep1/METS.xml", mime: "application/xml", size: repMETS.count, sha: SHA256Hex.upper(repMETS), created: now))    </fileGrp>
              </fileSec>
              <structMap ID="structMap-csip" TYPE="PHYSICAL" LABEL="CSIP">
                <div ID="div-package" LABEL="\(id)">
                  <div ID="div-metadata" LABEL="Metadata" ADMID="digiprov-premis" DMDID="dmd-erms"/>
                  <div ID="div-documentation" LABEL="Documentation">
                    <fptr FILEID="fileGrp-documentation"/>
                  </div>
                  <div ID="div-schemas" LABEL="Schemas">
                    <fptr FILEID="fileGrp-schemas"/>
                  </div>
                  <div ID="div-representations" LABEL="Representations">
                    <fptr FILEID="fileGrp-rep1"/>
                  </div>
                  <div ID="div-rep1" LABEL="Representations/rep1">
                    <mptr LOCTYPE="URL" xlink:type="simple" xlink:href="representations/rep1/METS.xml" xlink:title="fileGrp-rep1"/>
                  </div>
                </div>
              </structMap>
            </mets>

            """
    }
}

extension SHA256Hex {
    /// Upper-case hex, as the reference package writes METS and PREMIS checksums.
    static func upper(_ data: Data) -> String { of(data).uppercased() }
}
