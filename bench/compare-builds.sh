#!/usr/bin/env bash
# Before/after: Tilewright's own commands of bench/run.sh cases 1, 2 and 6 (the 25000²
# montage to tiled deflate TIFF, to PNG, with a pyramid and as Deep Zoom), run by two builds
# of the jar in turn on the same inputs, ROUNDS times each (interleaved, so that both see the
# same machine). Prints the median wall time, peak RSS and output size of each, and the ratio.
#
#   bench/compare-builds.sh BEFORE.jar [AFTER.jar]      (AFTER defaults to target/tilewright.jar)
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
before=${1:?usage: bench/compare-builds.sh BEFORE.jar [AFTER.jar]}
after=${2:-$here/target/tilewright.jar}
rounds=${ROUNDS:-3}
out=${BENCH_OUT:-$here/bench/out}
tiles=$out/inputs/rgb-10-2500
[ -f "$tiles/layout.csv" ] || java -cp "$after" "$here/bench/MakeTiles.java" "$tiles" 10 10 2500 png uint8 3
files=("$tiles"/*.png)
results=$out/compare.tsv
: > "$results"
run() {  # run LABEL JAR CASE OUTPUT ARGS...
  local label=$1 jar=$2 case=$3 output=$4; shift 4
  local log; log=$(mktemp)
  rm -rf "$output" "${output%.dzi}_files" "${output%.dzi}.html"
  /usr/bin/time -f "%e %M" -o "$log" java -jar "$jar" montage --grid 10x10 -q -o "$output" "$@" "${files[@]}" >/dev/null
  local bytes; bytes=$(du -sb "$output" | cut -f1)
  [[ $output == *.dzi ]] && bytes=$((bytes + $(du -sb "${output%.dzi}_files" | cut -f1)))
  read -r secs kb < "$log"; rm -f "$log"
  printf '%s\t%s\t%s\t%s\t%s\n' "$case" "$label" "$secs" "$kb" "$bytes" >> "$results"
  rm -rf "$output" "${output%.dzi}_files" "${output%.dzi}.html"
}
for round in $(seq "$rounds"); do
  for label in before after; do
    jar=$before; [ $label = after ] && jar=$after
    echo "round $round: $label" >&2
    run "$label" "$jar" 1-tiff "$out/cmp.tif" --compression zip:6
    run "$label" "$jar" 2-png "$out/cmp.png"
    run "$label" "$jar" 6-pyramid "$out/cmp-p.tif" --compression zip:6 --pyramid
    run "$label" "$jar" 6-dzi "$out/cmp.dzi" --dzi-quality 75
  done
done
/usr/bin/python3 - "$results" <<'PY'
import sys, statistics, collections
rows = collections.defaultdict(list)
for line in open(sys.argv[1]):
    case, label, secs, kb, size = line.split("\t")
    rows[(case, label)].append((float(secs), int(kb), int(size)))
print("| case | before s | after s | after/before | before MB RSS | after MB RSS | before bytes | after bytes |")
print("|---|---|---|---|---|---|---|---|")
for case in sorted({c for c, _ in rows}):
    b, a = rows[(case, "before")], rows[(case, "after")]
    bs, as_ = statistics.median(r[0] for r in b), statistics.median(r[0] for r in a)
    bk, ak = statistics.median(r[1] for r in b) / 1024, statistics.median(r[1] for r in a) / 1024
    print(f"| {case} | {bs:.2f} | {as_:.2f} | {as_ / bs:.2f} | {bk:.0f} | {ak:.0f} | {b[0][2]} | {a[0][2]} |")
PY
