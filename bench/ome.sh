#!/usr/bin/env bash
# Outputs scientific viewers open as pyramids, on bench/run.sh's 25000² montage (100 RGB PNG
# tiles of 2500², zip:6, tiles 256), side by side in one run:
#   tif-pyramid      Tilewright's plain pyramidal TIFF (levels as top-level reduced IFDs);
#   ome-pyramid      Tilewright's OME-TIFF (OME-XML, levels as SubIFDs);
#   zarr-pyramid     Tilewright's OME-Zarr (NGFF 0.4, Zarr v2, zlib chunks of 256²);
#   zarr-zstd        the same with zstd (level 3) chunks;
#   vips-subifd      libvips' tiffsave with pyramid and subifd (the same layout Bio-Formats reads),
#                    fed by arrayjoin as in bench/run.sh;
# then the memory bound of both writers: `generate gradient` at 10000² and 40000² with a
# pyramid (peak RSS must not grow with the image's height).
# Each under GNU time: wall time, peak RSS, output size; ratios to ome-pyramid.
#
#   bench/ome.sh                        (about 6 minutes on 2 cores)
#   ACROSS=4 TILE=1500 SIZES="2000 4000" bench/ome.sh   a quick check of the script
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
sizes=${SIZES:-"10000 40000"}
out=${BENCH_OUT:-$here/bench/out}/ome
mkdir -p "$out"
source "$here/bench/montage-tiles.sh"
list=$(ls "$tiles"/*.png)

measure() {  # measure NAME OUTPUT COMMAND…
  local name=$1 output=$2; shift 2
  rm -rf "$output"
  /usr/bin/time -f "%e %M" -o "$out/$name.time" "$@" >/dev/null 2>"$out/$name.err"
  read -r secs kb < "$out/$name.time"
  printf '%s\t%s\t%s\t%s\n' "$name" "$secs" "$((kb / 1024))" "$(du -sb "$output" | cut -f1)"
  rm -rf "$output"
}

{
  measure tif-pyramid "$out/plain.tif" java -jar "$jar" montage --grid "${across}x$across" --compression zip:6 \
    --pyramid -q -o "$out/plain.tif" "${files[@]}"
  measure ome-pyramid "$out/slide.ome.tif" java -jar "$jar" montage --grid "${across}x$across" --compression zip:6 \
    --pyramid -q -o "$out/slide.ome.tif" "${files[@]}"
  measure zarr-pyramid "$out/slide.ome.zarr" java -jar "$jar" montage --grid "${across}x$across" --compression zip:6 \
    --pyramid -q -o "$out/slide.ome.zarr" "${files[@]}"
  measure zarr-zstd "$out/zstd.ome.zarr" java -jar "$jar" montage --grid "${across}x$across" --compression zstd \
    --pyramid -q -o "$out/zstd.ome.zarr" "${files[@]}"
  measure vips-subifd "$out/vips.tif" vips arrayjoin "$list" \
    "$out/vips.tif[tile,tile-width=256,tile-height=256,compression=deflate,level=6,pyramid,subifd,bigtiff]" \
    --across "$across"
  for s in $sizes; do
    measure "ome-generate-$s" "$out/g$s.ome.tif" java -jar "$jar" generate gradient --size "${s}x$s" \
      --compression zip:4 --pyramid -q -o "$out/g$s.ome.tif"
    measure "zarr-generate-$s" "$out/g$s.ome.zarr" java -jar "$jar" generate gradient --size "${s}x$s" \
      --compression zip:4 --pyramid -q -o "$out/g$s.ome.zarr"
  done
} | tee "$out/results.tsv" | awk -F'\t' 'BEGIN { printf "%-20s %8s %9s %14s\n", "run", "time s", "peak MB", "bytes" }
  { printf "%-20s %8s %9s %14s\n", $1, $2, $3, $4; t[$1] = $2; m[$1] = $3; b[$1] = $4 }
  END { for (r in t) if (r !~ /generate/ && r != "ome-pyramid")
          printf "%s / ome-pyramid: time %.2f, peak %.2f, size %.3f\n", r, t[r] / t["ome-pyramid"], m[r] / m["ome-pyramid"], b[r] / b["ome-pyramid"] }'
