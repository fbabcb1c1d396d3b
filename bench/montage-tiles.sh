# Sourced (with $here set) by benchmarks of bench/run.sh's case-1 montage: builds the jar
# outside the measurements and sets $jar, $across, $tile, $tiles (the folder) and $files (its
# ACROSS x ACROSS RGB PNGs of TILE², default 10 and 2500: the 25000² montage), made once and cached.
"$here/tilewright" --version >/dev/null
jar=$here/target/tilewright.jar
across=${ACROSS:-10}
tile=${TILE:-2500}
tiles=${BENCH_OUT:-$here/bench/out}/inputs/rgb-$across-$tile
[ -f "$tiles/layout.csv" ] || java -cp "$jar" "$here/bench/MakeTiles.java" "$tiles" "$across" "$across" "$tile" png uint8 3
files=("$tiles"/*.png)
