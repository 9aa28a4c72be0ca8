import DiariumModel
import DiariumStore
import Foundation

/// The METS documents of a SIP: the representation's and the root's, which points at every other
/// file with its size, type, time and SHA-256.
extension SIPWriter {
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
