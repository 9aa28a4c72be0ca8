#!/bin/sh
# Exports every case of a fresh demo store as E-ARK SIPs (folders, and one case as a ZIP) and
# checks them with check-sips.py: the eark-validator (1.1.3) with its known-buggy rules waived,
# the METS/PREMIS/ERMS schemas, sizes and checksums. Use: check-sips.sh BIN VENV
set -eu
bin=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
venv=$2
root=$(cd "$(dirname "$0")/../.." && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
export DIARIUM_HOME="$root" DIARIUM_USER="SIP-kontroll"
( cd "$tmp" && "$bin" demo --store "$tmp/store" >/dev/null )
"$bin" export sip --store "$tmp/store" --from 2000-01-01 --to 2099-12-31 --out "$tmp/sip" --json >"$tmp/export.json"
first=$("$venv/bin/python" -c 'import json,sys; print(json.load(open(sys.argv[1]))["packages"][0]["case"])' "$tmp/export.json")
"$bin" export sip --store "$tmp/store" --case "$first" --out "$tmp/zip" --zip >/dev/null
validator=${EARK_VALIDATE:-$root/Tests/Outputs/eark/eark-validate}
"$venv/bin/python" "$root/Tests/Outputs/check-sips.py" "$validator" "$root/schemas/eark" "$tmp"/sip/* "$tmp"/zip/*.zip
