#!/usr/bin/env bash
# What --resume costs and saves, on the 25000² montage of bench/run.sh (100 RGB PNG tiles of
# 2500², zip:6 tiled TIFF), without and with a pyramid:
#   plain     the montage without --resume (the reference bytes);
#   resume    the same with --resume, uninterrupted: the cost of its checkpoints;
#   killed    with --resume, killed with SIGKILL once 70 % of the rows are written;
#   resumed   the same command again: continues from the last checkpoint.
# Each under GNU time (wall time, peak RSS); prints the rows the resumed run kept, what the
# journal and kept files took on disk, and checks the resumed file is byte-identical to plain.
#
#   bench/resume.sh                 25000² (about 6 minutes on 2 cores)
#   ACROSS=4 TILE=1500 bench/resume.sh   a quick check of the script
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
out=${BENCH_OUT:-$here/bench/out}/resume
mkdir -p "$out"
source "$here/bench/montage-tiles.sh"
rows=$((across * tile))

# The montage command (GNU time runs programs, not shell functions): add -o OUTPUT, options, "${files[@]}".
tw=(java -jar "$jar" montage --grid "${across}x$across" --compression zip:6)
timed() {  # timed NAME COMMAND… : prints "seconds peak-MB"
  local name=$1; shift
  /usr/bin/time -f "%e %M" -o "$out/$name.time" "$@" >/dev/null 2>"$out/$name.err" || true
  read -r secs kb < "$out/$name.time"
  echo "$secs $((kb / 1024))"
}
clean() { rm -f "$out"/*.tif "$out"/*.tw-partial-*; }

printf 'case\trun\tseconds\tpeak_mb\tbytes\tnote\n' > "$out/results.tsv"
for case in tiff pyramid; do
  extra=(); [ $case = pyramid ] && extra=(--pyramid)
  clean
  read -r s m < <(timed "$case-plain" "${tw[@]}" -o "$out/plain.tif" -q "${extra[@]}" "${files[@]}")
  printf '%s\tplain\t%s\t%s\t%s\t-\n' $case "$s" "$m" "$(stat -c %s "$out/plain.tif")" >> "$out/results.tsv"
  read -r s m < <(timed "$case-resume" "${tw[@]}" -o "$out/resume.tif" -q --resume "${extra[@]}" "${files[@]}")
  same=$(cmp -s "$out/plain.tif" "$out/resume.tif" && echo identical || echo DIFFERENT)
  printf '%s\tresume\t%s\t%s\t%s\t%s to plain\n' $case "$s" "$m" "$(stat -c %s "$out/resume.tif")" "$same" >> "$out/results.tsv"

  # Killed at 70 %: the JSON progress says how many rows are written.
  start=$(date +%s.%N)
  "${tw[@]}" -o "$out/killed.tif" --resume --progress json "${extra[@]}" "${files[@]}" >/dev/null 2>"$out/$case-killed.err" &
  pid=$!
  done_rows=0
  while kill -0 $pid 2>/dev/null; do
    done_rows=$(grep -o '"rows_done":[0-9]*' "$out/$case-killed.err" | tail -1 | cut -d: -f2 || true)
    [ -n "$done_rows" ] && [ "$done_rows" -ge $((rows * 7 / 10)) ] && break
    sleep 0.1
  done
  kill -9 $pid 2>/dev/null || true; wait $pid 2>/dev/null || true
  killed_s=$(echo "$(date +%s.%N) - $start" | bc)
  journal=$(stat -c %s "$out"/killed.tif.tw-partial-resume.journal)
  kept_bytes=$(cat "$out"/killed.tif.tw-partial-resume.* | wc -c)
  printf '%s\tkilled\t%.2f\t-\t%s\tat %s rows; journal %s bytes\n' $case "$killed_s" "$kept_bytes" "$done_rows" "$journal" >> "$out/results.tsv"
  read -r s m < <(timed "$case-resumed" "${tw[@]}" -o "$out/killed.tif" -q --resume "${extra[@]}" "${files[@]}")
  kept=$(grep -o 'continuing: [0-9]*' "$out/$case-resumed.err" | grep -o '[0-9]*' || echo 0)
  same=$(cmp -s "$out/plain.tif" "$out/killed.tif" && echo identical || echo DIFFERENT)
  printf '%s\tresumed\t%s\t%s\t%s\tkept %s of %s rows; %s to plain\n' $case "$s" "$m" "$(stat -c %s "$out/killed.tif")" \
    "$kept" "$rows" "$same" >> "$out/results.tsv"
done
clean
column -t -s $'\t' "$out/results.tsv"
/usr/bin/python3 - "$out/results.tsv" <<'PY'
import csv, sys
rows = list(csv.DictReader(open(sys.argv[1]), delimiter='\t'))
for case in ('tiff', 'pyramid'):
    r = {x['run']: x for x in rows if x['case'] == case}
    plain, resume, killed, resumed = (float(r[k]['seconds']) for k in ('plain', 'resume', 'killed', 'resumed'))
    print(f"{case}: --resume costs {resume / plain:.2f}x the time; killed at 70 %, the rerun takes "
          f"{resumed / plain:.2f}x of an uninterrupted run (killed + rerun: {(killed + resumed) / plain:.2f}x)")
PY
