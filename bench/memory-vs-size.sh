#!/usr/bin/env bash
# Peak memory against image size: streams the seed gradient (RGB, 8-bit, generate) to TIFF (tiled,
# zip:4), OpenEXR (tiled, zip) and PNG at 10000^2, 10000x40000 (same width, 4x the height)
# and 40000^2, measuring wall time and the whole JVM process's peak RSS with GNU time.
# oiiotool, which builds the whole canvas in RAM, makes the same gradient for comparison.
#   usage: bench/memory-vs-size.sh [output-folder]      (default: bench/out)
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
out=${1:-$here/bench/out}
mkdir -p "$out"
"$here/scripts/setup.sh"
command -v /usr/bin/time >/dev/null 2>&1 || { apt-get install -y -qq time >/dev/null; }
command -v oiiotool >/dev/null 2>&1 || { apt-get install -y -qq --no-install-recommends openimageio-tools >/dev/null; }
"$here/tilewright" --version >/dev/null   # builds the jar outside the measurements

measure() {  # measure LABEL COMMAND... -> "seconds peak_kb"
  local log; log=$(mktemp)
  /usr/bin/time -f "%e %M" -o "$log" "${@}" >/dev/null 2>&1 || { echo "FAILED: $*" >&2; cat "$log" >&2; }
  cat "$log"; rm -f "$log"
}

row() {  # row TOOL FORMAT SIZE SECONDS PEAK_KB FILE -> one Markdown row, to stdout and the table
  awk -v t="$1" -v f="$2" -v s="$3" -v secs="$4" -v kb="$5" -v bytes="$(stat -c %s "$6")" \
    'BEGIN { printf "| %s | %s | %s | %.1f | %.0f | %.1f |\n", t, f, s, secs, kb / 1024, bytes / 1e6 }' \
    | tee -a "$table"
}

table="$out/memory-vs-size.md"
{
  echo "| tool | format | size | wall s | peak RSS MB | output MB |"
  echo "|---|---|---|---:|---:|---:|"
} > "$table"
for fmt in ${FORMATS:-tif exr png}; do
  for size in 10000x10000 10000x40000 40000x40000; do
    file="$out/gradient-$size.$fmt"
    read -r secs kb < <(measure "$here/tilewright" generate gradient --size "$size" --compression zip:4 -q -o "$file")
    row tilewright "$fmt" "$size" "$secs" "$kb" "$file"
    rm -f "$file"
  done
done
# The same gradient from oiiotool (whole canvas in RAM as float, then written).
for size in ${OIIOTOOL_SIZES-10000x10000 20000x20000}; do
  file="$out/oiiotool-$size.tif"
  read -r secs kb < <(measure oiiotool --pattern \
      "fill:topleft=0,0,1:topright=1,0,0:bottomleft=0,1,1:bottomright=1,1,0" "$size" 3 \
      -d uint8 --compression zip:4 --tile 256 256 -o "$file")
  row oiiotool tif "$size" "$secs" "$kb" "$file"
  rm -f "$file"
done
echo "table written to $table" >&2
