#!/usr/bin/env bash
# Runs every test: installs what is missing, builds the native facade and the jar, then
# runs the unit tests (*Test) and the integration tests (*IT) against the built jar, and
# finally a set of them against the facade built with AddressSanitizer and UBSan.
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
"$here/scripts/setup.sh" --for-tests
cd "$here"
mvn -B -ntp verify "$@"
"$here/scripts/sanitize-test.sh"
