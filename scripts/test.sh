#!/usr/bin/env bash
# Runs every test: installs what is missing, builds the native facade, the library and the
# CLI, runs the unit tests (*Test) and the integration tests (*IT), and installs both
# artifacts into the local Maven repository; then builds tests/consumer against the installed
# library as a project of yours would (it compiles and runs the README's Java examples); and
# finally runs a set of the tests against the facade built with AddressSanitizer and UBSan.
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
"$here/scripts/setup.sh" --for-tests
cd "$here"
mvn -B -ntp install "$@"
mvn -B -ntp -f tests/consumer/pom.xml verify
"$here/scripts/sanitize-test.sh"
