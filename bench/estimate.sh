#!/usr/bin/env bash
# How well the plan's memory estimate predicts the measured peak. Each case runs the CLI under
# GNU time; the estimate is the plan's (the "started" JSON event) plus the process baseline
# (the peak RSS of `tilewright info` on a tiny file: the JVM, OIIO and its codecs, loaded).
# Writes bench/out/estimate.md: estimate, measured peak, and their ratio per case.
#
#   bench/estimate.sh          every case (about 10 minutes on 2 cores)
#   CASES="grid jpeg" bench/estimate.sh
set -uo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
out=${BENCH_OUT:-$here/bench/out}/estimate
mkdir -p "$out"
tw=(java -jar "$here/target/tilewright.jar")
"$here/tilewright" --version >/dev/null   # builds the jar outside the measurements

peak_kb() { sed -n 's/^peak_kb=//p' "$1" | tail -1; }
estimate_mb() { sed -n 's/.*"estimated_peak_mb":\([0-9.]*\).*/\1/p' "$1" | head -1; }

# The baseline: everything but the stitch.
convert -size 8x8 xc:gray "$out/tiny.png"
/usr/bin/time -f peak_kb=%M "${tw[@]}" info "$out/tiny.png" >/dev/null 2>"$out/baseline.err"
baseline_kb=$(peak_kb "$out/baseline.err")

manifest() {  # manifest FILE COUNT TILE: COUNT placements of one TILE in rows of 250
  /usr/bin/python3 - "$@" <<'EOF'
import sys
path, count, tile = sys.argv[1], int(sys.argv[2]), sys.argv[3]
with open(path, 'w') as f:
    f.write('path,x,y\n')
    for i in range(count):
        f.write('%s,%d,%d\n' % (tile, i % 250 * 16, i // 250 * 16))
EOF
}

tiles() {  # 100 photograph-like tiles of 600x400, made once
  for i in $(seq 0 99); do [ -f "$out/g$i.png" ] || convert -size 600x400 -seed $i plasma:fractal "$out/g$i.png"; done
}

run_case() {  # run_case NAME ARGS…
  local name=$1; shift
  /usr/bin/time -f peak_kb=%M "${tw[@]}" "$@" --progress json --overwrite >/dev/null 2>"$out/$name.err"
  printf '%s\t%s\t%s\n' "$name" "$(estimate_mb "$out/$name.err")" "$(peak_kb "$out/$name.err")" >>"$out/rows.tsv"
}

all="grid blend inputs-50k inputs-400k interlaced jpeg pyramid"
cases=${CASES:-$all}   # a subset reruns those cases; the others keep their rows
[ "$cases" = "$all" ] || [ ! -f "$out/rows.tsv" ] && : >"$out/rows.tsv"
for c in $cases; do sed -i "/^$c\t/d" "$out/rows.tsv"; done
for c in $cases; do
  case $c in
    grid)
      tiles
      run_case grid montage --grid 10x10 "$out"/g{0..99}.png -o "$out/grid.tif" ;;
    blend)
      tiles
      { echo path,x,y; for i in $(seq 0 99); do echo "g$i.png,$((i % 10 * 540)),$((i / 10 * 360))"; done; } >"$out/blend.csv"
      run_case blend stitch "$out/blend.csv" --blend feather --overlap 60 -o "$out/blend.tif" ;;
    inputs-50k)
      convert -size 16x16 xc:gray "$out/t16.png"; manifest "$out/m50k.csv" 50000 t16.png
      run_case inputs-50k stitch "$out/m50k.csv" -o "$out/m50k.tif" ;;
    inputs-400k)
      convert -size 16x16 xc:gray "$out/t16.png"; manifest "$out/m400k.csv" 400000 t16.png
      run_case inputs-400k stitch "$out/m400k.csv" -o "$out/m400k.tif" --memory 2G ;;
    interlaced)
      [ -f "$out/interlaced.png" ] || convert -size 6000x4000 plasma: -interlace PNG "$out/interlaced.png"
      run_case interlaced montage "$out/interlaced.png" "$out/interlaced.png" -o "$out/interlaced.tif" --memory 1G ;;
    jpeg)
      [ -f "$out/progressive.jpg" ] || convert -size 12000x8000 gradient:red-blue -attenuate 0.3 +noise gaussian \
          -interlace JPEG -quality 90 "$out/progressive.jpg"
      run_case jpeg montage "$out/progressive.jpg" -o "$out/progressive.tif" --memory 2G ;;
    pyramid)
      tiles
      run_case pyramid montage --grid 10x10 "$out"/g{0..99}.png --pyramid -o "$out/pyramid.tif" ;;
  esac
done

{
  echo "| case | plan estimate + baseline | measured peak RSS | measured / estimated |"
  echo "|---|---:|---:|---:|"
  while IFS=$'\t' read -r name est_mb peak; do
    awk -v n="$name" -v e="$est_mb" -v b="$baseline_kb" -v p="$peak" 'BEGIN {
      total = e + b / 1024; printf "| %s | %.0f MB | %.0f MB | %.2f |\n", n, total, p / 1024, (p / 1024) / total }'
  done <"$out/rows.tsv"
  echo
  echo "Baseline (JVM, OIIO and codecs loaded, \`info\` on an 8x8 PNG): $((baseline_kb / 1024)) MB."
} >"$out/../estimate.md"
cat "$out/../estimate.md"
