#!/usr/bin/env bash
# Peak memory of a stitch against the number of inputs and the output's height: montages of
# 100, 400 and 1600 photo-like 256^2 PNG tiles, 10 across, so the output grows from 2560^2 to
# 2560 x 40960 while the width stays the same. Whole-process peak RSS (GNU time). MEMORY=64M
# sets a smaller budget (shorter bands), which reaches the band cap at once.
#   usage: bench/stitch-scaling.sh [output-folder]     (default: bench/out)
set -eu
here=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
out=${1:-$here/bench/out}
mkdir -p "$out"
"$here/tilewright" --version >/dev/null
jar=$here/target/tilewright.jar
tiles=$out/inputs/small-10x160-256
[ -f "$tiles/layout.csv" ] || java -cp "$jar" "$here/bench/MakeTiles.java" "$tiles" 10 160 256 png uint8 3
echo "| inputs | output | wall s | peak RSS MB | open at once |"
echo "|---:|---|---:|---:|---:|"
for n in 100 400 1600; do
  ls "$tiles"/*.png | head -n $n > "$out/list-$n.txt"
  log=$(mktemp)
  /usr/bin/time -f "%e %M" -o "$log" java -jar "$jar" montage --grid 10x --compression zip:6 -q --overwrite ${MEMORY:+--memory $MEMORY} \
    -o "$out/scaling-$n.tif" "@$out/list-$n.txt" > "$out/scaling-$n.txt"
  read -r secs kb < "$log"
  open=$(sed -n 's/.*at most \([0-9]*\) open at once.*/\1/p' "$out/scaling-$n.txt")
  echo "| $n | 2560 x $((n / 10 * 256)) | $secs | $((kb / 1024)) | $open |"
  rm -f "$log" "$out/scaling-$n.tif"
done
