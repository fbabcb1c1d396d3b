#!/usr/bin/env bash
# The thread budget, measured: the case-1 montage (100 photo-like PNG tiles of 2500² into a
# 25000² tiled deflate TIFF) with --threads 1 and with --threads 2. With one thread the
# process's CPU time (user + sys) must stay within 1.15x its wall time — decoding,
# compositing, deflating and OIIO's own work all draw from the one budget — and two threads
# must be faster than one. Prints the figures and exits 1 if either claim fails.
#
#   bench/threads.sh [--quick]      (--quick: 4 x 4 tiles of 500², a few seconds)
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
jar=${TILEWRIGHT_JAR:-$here/target/tilewright.jar}
out=${BENCH_OUT:-$here/bench/out}
across=10; tile=2500
if [ "${1:-}" = "--quick" ]; then across=4; tile=500; out=$here/bench/out-quick; fi
command -v /usr/bin/time >/dev/null || { echo "needs GNU time (apt-get install time)" >&2; exit 2; }
"$here/tilewright" --version >/dev/null
tiles=$out/inputs/rgb-$across-$tile
[ -f "$tiles/layout.csv" ] || java -cp "$jar" "$here/bench/MakeTiles.java" "$tiles" $across $across $tile png uint8 3
files=("$tiles"/*.png)
result=0
declare -A wall
printf '%-10s %8s %8s %8s %9s %8s\n' threads wall_s user_s sys_s cpu/wall peak_MB
for threads in 1 2; do
  log=$(mktemp)
  /usr/bin/time -f "%e %U %S %M" -o "$log" java -jar "$jar" montage --grid ${across}x$across --compression zip:6 \
    --threads $threads -q --overwrite -o "$out/threads-$threads.tif" "${files[@]}" >/dev/null
  read -r secs user sys kb < "$log"; rm -f "$log" "$out/threads-$threads.tif"
  ratio=$(awk -v u="$user" -v s="$sys" -v w="$secs" 'BEGIN { printf "%.2f", (u + s) / w }')
  printf '%-10s %8s %8s %8s %9s %8d\n' "$threads" "$secs" "$user" "$sys" "$ratio" $((kb / 1024))
  wall[$threads]=$secs
  if [ "$threads" = 1 ] && awk -v r="$ratio" 'BEGIN { exit !(r > 1.15) }'; then
    echo "FAIL: with --threads 1 the CPU time is $ratio x the wall time (at most 1.15 allowed)"; result=1
  fi
done
if awk -v a="${wall[2]}" -v b="${wall[1]}" 'BEGIN { exit !(a >= b) }'; then
  echo "FAIL: --threads 2 (${wall[2]} s) is not faster than --threads 1 (${wall[1]} s)"; result=1
fi
[ $result = 0 ] && echo "ok: one thread stays on one core; two threads are $(awk -v a="${wall[1]}" -v b="${wall[2]}" 'BEGIN { printf "%.2f", a / b }')x faster"
exit $result
