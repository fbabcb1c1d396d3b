#!/usr/bin/env bash
# Tiles in any order: a SIZE² RGB tiled deflate TIFF of 256² tiles whose pixels are computed
# per tile (tests/probes/ShuffledTiles.java), written
#   ordered     row of tiles after row of tiles through ImageWriter, on one producer thread;
#   shuffled    in a shuffled order from 8 producer threads through RegionWriter (each tile
#               compressed on its producer's thread, placed as it comes), 64 MB buffer;
#   tifffile    the anchor: Python's tifffile writing the same tiles, in order, from a generator
#               (zlib; it cannot take them in any other order).
# Each under GNU time; prints wall time, peak RSS and output size, and the ratios to ordered.
#
#   bench/region-writer.sh            20000² (about 2 minutes on 2 cores)
#   SIZE=8000 bench/region-writer.sh
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
size=${SIZE:-20000}
out=${BENCH_OUT:-$here/bench/out}/region-writer
mkdir -p "$out"
"$here/tilewright" --version >/dev/null   # builds the jar outside the measurements
jar=$here/target/tilewright.jar
probe=$here/tests/probes/ShuffledTiles.java
# Source-file mode compiles the probe each run: compile it once, outside the measurements.
javac -d "$out/classes" -cp "$jar" "$probe"

measure() {  # measure NAME OUTPUT COMMAND…
  local name=$1 output=$2; shift 2
  rm -f "$output"
  /usr/bin/time -f "%e %M" -o "$out/$name.time" "$@" >/dev/null
  read -r secs kb < "$out/$name.time"
  printf '%s\t%s\t%s\t%s\n' "$name" "$secs" "$((kb / 1024))" "$(stat -c %s "$output")"
}

{
  measure ordered "$out/ordered.tif" java -Xmx256m -cp "$jar:$out/classes" ShuffledTiles "$out/ordered.tif" "$size" 256 1 64 ordered
  measure shuffled "$out/shuffled.tif" java -Xmx256m -cp "$jar:$out/classes" ShuffledTiles "$out/shuffled.tif" "$size" 256 8 64 shuffled
  measure tifffile "$out/tifffile.tif" /usr/bin/python3 - "$out/tifffile.tif" "$size" <<'PY'
import sys
import numpy as np
import tifffile
path, size, tile = sys.argv[1], int(sys.argv[2]), 256
def tiles():
    # The probe's pattern, vectorised: (x*7 + y*13 + c*85) ^ (x >> 5) ^ (y >> 3), as bytes.
    for ty in range(0, size, tile):
        for tx in range(0, size, tile):
            y, x = np.mgrid[ty:ty + tile, tx:tx + tile]
            t = np.stack([((x * 7 + y * 13 + c * 85) ^ (x >> 5) ^ (y >> 3)) & 0xFF for c in range(3)], axis=-1)
            yield t.astype(np.uint8)
tifffile.imwrite(path, tiles(), shape=(size, size, 3), dtype=np.uint8, tile=(tile, tile),
                 photometric='rgb', compression='zlib', predictor=True)
PY
} | tee "$out/results.tsv" | awk -F'\t' 'BEGIN { printf "%-9s %8s %9s %12s\n", "writer", "time s", "peak MB", "bytes" }
  { printf "%-9s %8s %9s %12s\n", $1, $2, $3, $4; t[NR] = $2; m[NR] = $3; b[NR] = $4 }
  END { for (i = 2; i <= NR; i++) printf "ratio %d/ordered: time %.2f, peak %.2f, size %.2f\n", i, t[i] / t[1], m[i] / m[1], b[i] / b[1] }'
