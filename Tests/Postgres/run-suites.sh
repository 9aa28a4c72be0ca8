#!/bin/sh
# The store, Kit and CLI suites once more, on PostgreSQL: a throwaway cluster (Debian's package)
# on a free loopback port, each test's store in a database of its own, the cluster stopped and
# removed at the end whatever the outcome. The tests are built already (`swift build --build-tests`).
#   Tests/Postgres/run-suites.sh [SWIFT]
set -eu
swift=${1:-swift}
here=$(cd "$(dirname "$0")" && pwd)
dir=$(mktemp -d /tmp/diarium-pg-XXXXXX)
cleanup() { "$here/cluster.sh" stop "$dir" || true; rm -rf "$dir"; }
trap cleanup EXIT INT TERM
url=$("$here/cluster.sh" start "$dir")
echo "PostgreSQL test cluster at $url"
DIARIUM_TEST_POSTGRES=$url "$swift" test --skip-build --filter 'DiariumStoreTests|DiariumKitTests|DiariumCLITests'
