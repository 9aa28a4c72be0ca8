#!/usr/bin/env python3
"""Check E-ARK SIPs (CSIP 2.1.0 + SIP 2.1.0, CITS ERMS, PREMIS 3) offline.

Use: python check-sips.py [--strict] VALIDATE_WRAPPER SCHEMAS_DIR PACKAGE_OR_DIR_OF_PACKAGES...

For each package (a directory holding METS.xml, or a .zip that unpacks to one root folder):
  1. Runs the eark-validate wrapper (with this same python interpreter) and reads its JSON.
     The package fails unless structure.status is WellFormed and schema_results and
     schematron_results contain no messages of severity Error.
     eark-validator 1.1.3's bundled schematron has rules that no SIP written to the
     CSIP/SIP 2.1.0 text can pass (see KNOWN VALIDATOR BUGS below). Those errors are waived
     only where the METS demonstrably has what the specification asks for, and printed as
     WAIVED. --strict turns the waivers off.
  2. Validates every METS.xml in the package against SCHEMAS_DIR/mets.xsd, with xlink.xsd,
     DILCISExtensionMETS.xsd and DILCISExtensionSIPMETS.xsd loaded (so csip:/sip: attributes
     are checked); every XML file under any metadata/preservation/ against premis.xsd; every
     XML file under any metadata/descriptive/ against ERMS.xsd. No network is used.
  3. Checks that every file and mdRef named in any METS exists, with matching SIZE and
     checksum (CHECKSUMTYPE SHA-256 and the other METS algorithms hashlib knows), that
     every mptr target exists, and that every file in the package other than the root
     METS.xml is listed in some METS (fileSec file/FLocat, mdRef or, for representation
     METS files, the root fileSec).
  4. Checks that every ERMS appendix/@path names a file in the package.
Prints "OK <package>" per good package, or "FAIL <package>" followed by one line per problem.
Exit status: 0 if all packages are OK, 1 otherwise, 2 on usage error.
"""
import hashlib
import json
import os
import re
import subprocess
import sys
import tempfile
import zipfile
from urllib.parse import unquote, urlparse

import xmlschema
from lxml import etree

METS_NS = "http://www.loc.gov/METS/"
XLINK_NS = "http://www.w3.org/1999/xlink"
CSIP_NS = "https://DILCIS.eu/XML/METS/CSIPExtensionMETS"
SIP_NS = "https://DILCIS.eu/XML/METS/SIPExtensionMETS"
PREMIS_NS = "http://www.loc.gov/premis/v3"
ERMS_NS = "https://DILCIS.eu/XML/ERMS"
HREF = "{%s}href" % XLINK_NS
M = "{%s}" % METS_NS

ALGORITHMS = {"MD5": "md5", "SHA-1": "sha1", "SHA-256": "sha256", "SHA-384": "sha384",
              "SHA-512": "sha512"}

# --------------------------------------------------------------------------------------------
# KNOWN VALIDATOR BUGS (eark-validator 1.1.3, schematron V2.1.0)
#
# SIP14 (SIP/mets_metsHdr_rules.xml) tests agent[@ROLE='CREATOR']/note/@NOTETYPE, an
#   attribute with no namespace. METS only allows attributes from other namespaces on
#   <note>, so the validator's own schema check rejects it; the SIP 2.1.0 text wants
#   @csip:NOTETYPE. The mandatory CSIP software agent (ROLE=CREATOR, note
#   csip:NOTETYPE="SOFTWARE VERSION", CSIP15/16) therefore always trips SIP14.
#   Waived when that note carries csip:NOTETYPE with a vocabulary value.
# CSIP12/CSIP13/CSIP16 (CSIP/mets_metsHdr_rules.xml) apply to EVERY agent[@ROLE='CREATOR'],
#   but the SIP 2.1.0 submitting agent (SIP15-SIP20) is ROLE=CREATOR TYPE=ORGANIZATION or
#   INDIVIDUAL. Waived for such an agent when another agent in the same metsHdr is the
#   CSIP software agent (ROLE=CREATOR TYPE=OTHER OTHERTYPE=SOFTWARE, one name, one note
#   with csip:NOTETYPE="SOFTWARE VERSION").
# --------------------------------------------------------------------------------------------
AGENT_IX = re.compile(r"local-name\(\)='agent' and namespace-uri\(\)='http://www.loc.gov/METS/'\]"
                      r"(?:\[(\d+)\])?(/\*\[local-name\(\)='note')?")
NOTETYPES = {"SOFTWARE VERSION", "IDENTIFICATIONCODE"}


def is_software_agent(agent):
    notes = agent.findall(M + "note")
    names = agent.findall(M + "name")
    return (agent.get("ROLE") == "CREATOR" and agent.get("TYPE") == "OTHER"
            and agent.get("OTHERTYPE") == "SOFTWARE" and len(names) == 1
            and (names[0].text or "").strip() and len(notes) == 1
            and (notes[0].text or "").strip()
            and notes[0].get("{%s}NOTETYPE" % CSIP_NS) == "SOFTWARE VERSION")


def waiver(message, root_mets):
    """Return a reason string if this validator message is a known false positive."""
    rule = message.get("rule_id")
    if rule not in ("SIP14", "CSIP12", "CSIP13", "CSIP16"):
        return None
    hits = AGENT_IX.findall(message.get("location") or "")
    if not hits:
        return None
    index, _ = hits[-1]
    agents = root_mets.findall(M + "metsHdr/" + M + "agent")
    position = int(index) if index else 1
    if not 1 <= position <= len(agents):
        return None
    agent = agents[position - 1]
    if rule == "SIP14":
        notes = agent.findall(M + "note")
        if notes and all(n.get("{%s}NOTETYPE" % CSIP_NS) in NOTETYPES for n in notes):
            return "validator tests unqualified @NOTETYPE; note has csip:NOTETYPE=%r" % (
                notes[0].get("{%s}NOTETYPE" % CSIP_NS))
        return None
    if (agent.get("ROLE") == "CREATOR" and agent.get("TYPE") in ("ORGANIZATION", "INDIVIDUAL")
            and any(is_software_agent(a) for a in agents)):
        return "agent %d is the SIP15 submitting agent; the CSIP software agent is present" % position
    return None


# --------------------------------------------------------------------------------------------
def load_schemas(schemas_dir):
    d = os.path.abspath(schemas_dir)

    def path(name):
        p = os.path.join(d, name)
        if not os.path.isfile(p):
            sys.exit("check-sips: missing schema %s" % p)
        return p

    wrapper = """<?xml version="1.0"?>
<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema" targetNamespace="urn:check-sips:wrapper">
  <xs:import namespace="%s" schemaLocation="%s"/>
  <xs:import namespace="%s" schemaLocation="%s"/>
  <xs:import namespace="%s" schemaLocation="%s"/>
  <xs:import namespace="%s" schemaLocation="%s"/>
</xs:schema>""" % (XLINK_NS, "xlink.xsd", METS_NS, "mets.xsd", CSIP_NS, "DILCISExtensionMETS.xsd",
                   SIP_NS, "DILCISExtensionSIPMETS.xsd")
    for name in ("xlink.xsd", "mets.xsd", "DILCISExtensionMETS.xsd", "DILCISExtensionSIPMETS.xsd"):
        path(name)
    mets = xmlschema.XMLSchema(wrapper, base_url=d + os.sep, allow="local")
    premis = xmlschema.XMLSchema(path("premis.xsd"), allow="local")
    erms = xmlschema.XMLSchema(path("ERMS.xsd"), allow="local")
    return {"mets": mets, "premis": premis, "erms": erms}


def schema_errors(schema, xml_path, root_tag, label):
    out = []
    try:
        doc = etree.parse(xml_path)
    except etree.XMLSyntaxError as e:
        return ["%s: not well-formed XML: %s" % (label, e)]
    if doc.getroot().tag != root_tag:
        return ["%s: root element is %s, expected %s" % (label, doc.getroot().tag, root_tag)]
    for err in schema.iter_errors(doc, use_location_hints=False):
        out.append("%s: %s (at %s)" % (label, err.reason, err.path))
        if len(out) >= 20:
            out.append("%s: ... further schema errors suppressed" % label)
            break
    return out


def href_to_path(href, base_dir):
    """Resolve a METS xlink:href (relative path, ./path, file:path, file:///path-from-base,
    file://./path, percent-encoded) against the directory of the METS file."""
    if href.startswith("file://./"):
        href = href[len("file://./"):]
    elif href.startswith("file:"):
        parsed = urlparse(href)
        href = (parsed.netloc + parsed.path) if parsed.netloc else parsed.path
        href = href.lstrip("/") if href.startswith("/") and not os.path.exists(href) else href
    href = unquote(href)
    if os.path.isabs(href):
        return os.path.normpath(href)
    return os.path.normpath(os.path.join(base_dir, href))


def digest(path, algorithm):
    h = hashlib.new(ALGORITHMS[algorithm])
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def check_entry(el, target, label, problems):
    if not os.path.isfile(target):
        problems.append("%s: missing file %s" % (label, target))
        return
    size = el.get("SIZE")
    if size is None:
        problems.append("%s: no SIZE" % label)
    elif int(size) != os.path.getsize(target):
        problems.append("%s: SIZE %s but file has %d bytes" % (label, size, os.path.getsize(target)))
    ctype, csum = el.get("CHECKSUMTYPE"), el.get("CHECKSUM")
    if not ctype or not csum:
        problems.append("%s: no CHECKSUM/CHECKSUMTYPE" % label)
    elif ctype not in ALGORITHMS:
        problems.append("%s: CHECKSUMTYPE %r not supported here" % (label, ctype))
    elif digest(target, ctype).lower() != csum.lower():
        problems.append("%s: %s mismatch (METS %s, file %s)" % (label, ctype, csum, digest(target, ctype)))


def check_package(pkg, wrapper, schemas, strict):
    problems, notes = [], []
    # 1. eark-validator
    proc = subprocess.run([sys.executable, wrapper, pkg], capture_output=True, text=True)
    report = None
    for line in proc.stdout.splitlines():
        line = line.strip()
        if line.startswith("{"):
            try:
                report = json.loads(line)
            except ValueError:
                pass
    if report is None:
        problems.append("eark-validate: no JSON report (exit %d): %s" % (
            proc.returncode, (proc.stderr or proc.stdout).strip()[-500:]))
        return problems, notes, None
    root_dir = pkg
    root_mets_path = os.path.join(root_dir, "METS.xml")
    try:
        root_mets = etree.parse(root_mets_path).getroot()
    except (OSError, etree.XMLSyntaxError) as e:
        problems.append("METS.xml: cannot parse: %s" % e)
        root_mets = None
    struct = report.get("structure") or {}
    if struct.get("status") != "WellFormed":
        problems.append("structure status %s" % struct.get("status"))
    for m in struct.get("messages") or []:
        if m.get("severity") == "Error":
            problems.append("%s [structure]: %s" % (m.get("rule_id"), m.get("message")))
    md = report.get("metadata") or {}
    if not md:
        problems.append("validator produced no metadata results")
    for key in ("schema_results", "schematron_results"):
        for m in (md.get(key) or {}).get("messages") or []:
            if m.get("severity") != "Error":
                if m.get("severity") == "Warn":
                    notes.append("warning %s: %s" % (m.get("rule_id"), m.get("message")))
                continue
            reason = None if (strict or root_mets is None) else waiver(m, root_mets)
            if reason:
                notes.append("WAIVED %s (%s)" % (m.get("rule_id"), reason))
            else:
                problems.append("%s [%s]: %s" % (m.get("rule_id"), key, m.get("message")))
    if root_mets is None:
        return problems, notes, report

    # 2. XML schema validation, 3. manifests
    listed = {os.path.normpath(root_mets_path)}
    mets_files = []
    for dirpath, _, files in os.walk(root_dir):
        for name in files:
            full = os.path.join(dirpath, name)
            rel = os.path.relpath(full, root_dir)
            parts = rel.split(os.sep)
            if name == "METS.xml":
                mets_files.append(full)
                problems.extend(schema_errors(schemas["mets"], full, M + "mets", rel))
            elif name.lower().endswith(".xml") and "metadata" in parts:
                i = parts.index("metadata")
                kind = parts[i + 1] if i + 1 < len(parts) else ""
                if kind == "preservation":
                    problems.extend(schema_errors(schemas["premis"], full,
                                                  "{%s}premis" % PREMIS_NS, rel))
                elif kind == "descriptive":
                    problems.extend(schema_errors(schemas["erms"], full, "{%s}erms" % ERMS_NS, rel))
    for mets_path in mets_files:
        rel_mets = os.path.relpath(mets_path, root_dir)
        base = os.path.dirname(mets_path)
        try:
            doc = etree.parse(mets_path).getroot()
        except etree.XMLSyntaxError:
            continue
        for el in doc.iter(M + "file"):
            loc = el.find(M + "FLocat")
            label = "%s file %s" % (rel_mets, el.get("ID"))
            if loc is None or not loc.get(HREF):
                problems.append("%s: no FLocat/@xlink:href" % label)
                continue
            target = href_to_path(loc.get(HREF), base)
            listed.add(target)
            check_entry(el, target, label + " (" + loc.get(HREF) + ")", problems)
        for el in doc.iter(M + "mdRef"):
            label = "%s mdRef %s" % (rel_mets, el.get(HREF))
            if not el.get(HREF):
                problems.append("%s: no @xlink:href" % label)
                continue
            target = href_to_path(el.get(HREF), base)
            listed.add(target)
            check_entry(el, target, label, problems)
        for el in doc.iter(M + "mptr"):
            target = href_to_path(el.get(HREF) or "", base)
            if not os.path.isfile(target):
                problems.append("%s mptr %s: missing" % (rel_mets, el.get(HREF)))
    for dirpath, _, files in os.walk(root_dir):
        for name in files:
            full = os.path.normpath(os.path.join(dirpath, name))
            if full not in listed:
                problems.append("file not listed in any METS: %s" % os.path.relpath(full, root_dir))

    # 4. ERMS appendix paths
    for dirpath, _, files in os.walk(os.path.join(root_dir, "metadata", "descriptive")):
        for name in files:
            if not name.lower().endswith(".xml"):
                continue
            try:
                doc = etree.parse(os.path.join(dirpath, name)).getroot()
            except etree.XMLSyntaxError:
                continue
            for ap in doc.iter("{%s}appendix" % ERMS_NS, "{%s}agentExtendingAppendix" % ERMS_NS):
                p = ap.get("path") or ""
                if p.startswith("file:///"):
                    p = p[len("file:///"):]
                target = os.path.normpath(os.path.join(root_dir, unquote(p)))
                if not os.path.isfile(target):
                    problems.append("ERMS %s appendix %r: path %r not found in package" % (
                        name, ap.get("name"), ap.get("path")))
    return problems, notes, report


def expand(args):
    """Yield (label, path) for each package: directories with METS.xml, .zip files, or the
    packages inside a directory of packages."""
    for a in args:
        if os.path.isdir(a) and os.path.isfile(os.path.join(a, "METS.xml")):
            yield a
        elif os.path.isdir(a):
            found = False
            for entry in sorted(os.listdir(a)):
                p = os.path.join(a, entry)
                if (os.path.isdir(p) and os.path.isfile(os.path.join(p, "METS.xml"))) or \
                        (os.path.isfile(p) and entry.lower().endswith(".zip")):
                    found = True
                    yield p
            if not found:
                yield a  # reported as a failure below
        else:
            yield a


def unpack(zip_path, tmp):
    with zipfile.ZipFile(zip_path) as z:
        for n in z.namelist():
            if n.startswith("/") or ".." in n.split("/"):
                raise ValueError("unsafe member name %r" % n)
        z.extractall(tmp)
    tops = {n.split("/")[0] for n in os.listdir(tmp)}
    if len(tops) != 1 or not os.path.isdir(os.path.join(tmp, tops.pop())):
        raise ValueError("zip does not unpack to a single root folder (CSIPSTR1)")
    return os.path.join(tmp, os.listdir(tmp)[0])


def main(argv):
    strict = "--strict" in argv
    argv = [a for a in argv if a != "--strict"]
    if len(argv) < 3:
        print(__doc__, file=sys.stderr)
        return 2
    wrapper, schemas_dir, targets = argv[0], argv[1], argv[2:]
    schemas = load_schemas(schemas_dir)
    failed = 0
    for target in expand(targets):
        with tempfile.TemporaryDirectory(prefix="check-sips-") as tmp:
            pkg = target
            problems, notes = [], []
            try:
                if os.path.isfile(target) and target.lower().endswith(".zip"):
                    pkg = unpack(target, tmp)
                if not os.path.isfile(os.path.join(pkg, "METS.xml")):
                    problems.append("not a package (no METS.xml in %s)" % pkg)
                else:
                    problems, notes, _ = check_package(pkg, wrapper, schemas, strict)
            except (ValueError, zipfile.BadZipFile, OSError) as e:
                problems.append(str(e))
            if problems:
                failed += 1
                print("FAIL %s" % target)
                for p in problems:
                    print("  error: %s" % p)
            else:
                print("OK %s" % target)
            for n in notes:
                print("  %s" % n)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
