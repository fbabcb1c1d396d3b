#!/usr/bin/env bash
# JMH: the Java-to-native crossing against a row's write (rows of 4000 RGB pixels).
# Builds Tilewright's jar if needed, then this module, runs it, and prints the ratio.
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(cd "$here/../.." && pwd)
"$root/tilewright" --version >/dev/null
mvn -B -ntp -q -f "$here/pom.xml" package
out=${BENCH_OUT:-$root/bench/out}
mkdir -p "$out"
java -cp "$here/target/classes:$here/target/lib/*:$root/target/tilewright.jar" org.openjdk.jmh.Main \
    CrossingBenchmark -rf csv -rff "$out/jmh-crossing.csv" "$@"
/usr/bin/python3 - "$out/jmh-crossing.csv" <<'PY'
import csv, sys
rows = {(r["Param: format"], r["Benchmark"].rsplit(".", 1)[1]): float(r["Score"]) for r in csv.DictReader(open(sys.argv[1]))}
for fmt in ("tif", "png"):
    write, cross = rows[(fmt, "writeRow")], rows[(fmt, "crossingOnly")]
    print(f"{fmt}: row write {write:.2f} us, crossing {cross:.3f} us = {100 * cross / write:.2f} % of the row's write time")
PY
