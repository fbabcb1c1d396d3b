#!/usr/bin/env bash
# The Spark stitch on one machine (scripts/spark-stitch.sh: a local cluster whose executors
# are JVMs of their own, one core each) against the single-machine command, on bench/run.sh's
# case 1: the 25000² montage of 100 RGB PNG tiles, as a manifest, to tiled zip:6 TIFF (tiles
# 256), without and with a pyramid. Each run under GNU time: wall time, CPU time (the
# executors are the driver's children), the peak RSS of the largest process, output size,
# and the job's own split of the time (bands on average, the assembly on the driver).
# The Spark files are compared with the single-machine ones (cmp).
#
#   bench/spark.sh                       (about 8 minutes on 2 cores)
#   ACROSS=4 TILE=1500 bench/spark.sh    a quick check of the script
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
out=${BENCH_OUT:-$here/bench/out}/spark
mkdir -p "$out"
source "$here/bench/montage-tiles.sh"
"$here/scripts/spark-stitch.sh" --help >/dev/null  # builds the job jar and the Spark home outside the measurements

measure() {  # measure NAME OUTPUT COMMAND…
  local name=$1 output=$2; shift 2
  rm -f "$output"
  /usr/bin/time -f "%e %U %S %M" -o "$out/$name.time" "$@" >"$out/$name.out" 2>"$out/$name.err"
  read -r secs user sys kb < "$out/$name.time"
  local split
  split=$(sed -n 's/^time: *[0-9.]* s: \(.*\)$/\1/p' "$out/$name.out")
  printf '%s\t%s\t%s\t%s\t%s\t%s\n' "$name" "$secs" "$(echo "$user + $sys" | bc)" "$((kb / 1024))" \
    "$(stat -c %s "$output")" "${split:--}"
}

for pyramid in "" --pyramid; do
  suffix=${pyramid:+-pyramid}
  measure "cli$suffix" "$out/cli$suffix.tif" java -jar "$jar" stitch "$tiles/layout.csv" --tile 256 \
    --compression zip:6 $pyramid -q -o "$out/cli$suffix.tif"
  for n in 1 2; do
    measure "spark-$n$suffix" "$out/spark-$n$suffix.tif" "$here/scripts/spark-stitch.sh" --executors "$n" \
      "$tiles/layout.csv" --tile 256 --compression zip:6 $pyramid -o "$out/spark-$n$suffix.tif"
    cmp -s "$out/cli$suffix.tif" "$out/spark-$n$suffix.tif" \
      || echo "spark-$n$suffix: the file differs from the single-machine stitch's" >&2
    rm -f "$out/spark-$n$suffix.tif"
  done
  rm -f "$out/cli$suffix.tif"
done | tee "$out/results.tsv" | awk -F'\t' '
  BEGIN { printf "%-18s %8s %8s %9s %14s  %s\n", "run", "wall s", "cpu s", "peak MB", "bytes", "job split" }
  { printf "%-18s %8s %8s %9s %14s  %s\n", $1, $2, $3, $4, $5, $6; t[$1] = $2; c[$1] = $3; m[$1] = $4; b[$1] = $5 }
  END { for (r in t) if (r ~ /^spark/) { base = r ~ /pyramid/ ? "cli-pyramid" : "cli"
          printf "%s / %s: time %.2f, cpu %.2f, peak %.2f, size %.3f\n", r, base, t[r] / t[base], c[r] / c[base],
                 m[r] / m[base], b[r] / b[base] } }'
