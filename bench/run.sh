#!/usr/bin/env bash
# Side-by-side benchmark: Tilewright against vips, oiiotool, OpenEXR's tools, ImageMagick, GDAL
# and pypng on the same machine in one run. Writes bench/out/results.md (wall time, CPU time,
# peak RSS of the whole process from GNU time, output size, and each as a ratio to Tilewright's)
# and verifies every output (size and sampled pixels against the inputs). Every Tilewright case
# also runs with default options ("-defaults" rows, or the row itself where it passes none), and
# case 0 measures the baseline every Tilewright row carries: the JVM with the library loaded.
#
#   bench/run.sh            full sizes (about 60 minutes on 2 cores; inputs are cached)
#   bench/run.sh --quick    small sizes, a couple of minutes, for checking the script
#   CASES="6" bench/run.sh  only the pyramid case (the others keep their rows)
#
# Tilewright runs through ./tilewright, the command users run (it adds class-data sharing).
set -uo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
quick=0; [ "${1:-}" = "--quick" ] && quick=1
out=${BENCH_OUT:-$here/bench/out}; [ $quick = 1 ] && out=$here/bench/out-quick
mkdir -p "$out"
jar=$here/target/tilewright.jar
tw="$here/tilewright"
timeout_s=${BENCH_TIMEOUT:-1800}

"$here/scripts/setup.sh"
need=()
for pair in vips:libvips-tools oiiotool:openimageio-tools montage:imagemagick gdal_translate:gdal-bin \
            pigz:pigz /usr/bin/time:time exrmaketiled:openexr; do
  command -v "${pair%%:*}" >/dev/null 2>&1 || need+=("${pair#*:}")
done
/usr/bin/python3 -c 'import png, numpy' 2>/dev/null || need+=(python3-png python3-numpy)
if [ ${#need[@]} -gt 0 ]; then
  apt-get update -qq >/dev/null && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
fi
"$tw" --version >/dev/null   # builds the jar outside the measurements
export MAGICK_CONFIGURE_PATH=$here/bench/imagemagick

results=$out/results.tsv
all_cases="0 1 2 3 4 5 6 7"
cases=${CASES:-$all_cases}   # e.g. CASES="2 5" bench/run.sh reruns some; the others keep their rows
if [ "$cases" = "$all_cases" ] || [ ! -f "$results" ]; then
  printf 'case\ttool\tseconds\tcpu_s\tpeak_kb\tbytes\tverified\n' > "$results"
else
  for c in $cases; do sed -i "/^$c\t/d" "$results"; done
fi
runs() { case " $cases " in *" $1 "*) return 0 ;; *) return 1 ;; esac; }

# measure CASE TOOL OUTPUT VERIFY_ARGS -- COMMAND...   (VERIFY_ARGS: "manifest WxH" or "-")
measure() {
  local case=$1 tool=$2 output=$3 verify=$4; shift 5
  local log; log=$(mktemp)
  remove_output "$output"
  echo "[$case] $tool …" >&2
  if timeout "$timeout_s" /usr/bin/time -f "%e %M %U %S" -o "$log" "$@" >/dev/null 2>"$out/$tool-$case.err"; then
    read -r secs kb user sys < "$log"
    local cpu; cpu=$(awk -v u="$user" -v s="$sys" 'BEGIN { printf "%.2f", u + s }')
    local bytes=0 ok="-"
    [ -f "$output" ] && bytes=$(stat -c %s "$output")
    # A Deep Zoom output is its descriptor plus the tile folder.
    [[ $output == *.dzi && -d ${output%.dzi}_files ]] && bytes=$(( bytes + $(du -sb "${output%.dzi}_files" | cut -f1) ))
    if [ "$verify" != "-" ] && [ -f "$output" ]; then
      ok=$(java -cp "$jar" "$here/bench/Verify.java" "$output" ${verify/x/ } 2>&1 | tail -1)
    fi
    printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$case" "$tool" "$secs" "$cpu" "$kb" "$bytes" "$ok" >> "$results"
  else
    printf '%s\t%s\tfailed\t-\t-\t-\tsee %s\n' "$case" "$tool" "$out/$tool-$case.err" >> "$results"
  fi
  rm -f "$log"
  [ "${KEEP_OUTPUTS:-0}" = 1 ] || remove_output "$output"
}
remove_output() { rm -rf "$1"; [[ $1 == *.dzi ]] && rm -rf "${1%.dzi}_files" "${1%.dzi}.html"; return 0; }

if [ $quick = 1 ]; then across=4; tile=500; deep=3; deeptile=400; gsize=2000; scales="1000 2000 4000"
else across=10; tile=2500; deep=6; deeptile=2000; gsize=16000; scales="10000 25000 50000 100000"; fi
size=$((across * tile))

# ---- inputs: photo-like tiles, deterministic, cached between runs ----
tiles=$out/inputs/rgb-$across-$tile
[ -f "$tiles/layout.csv" ] || java -cp "$jar" "$here/bench/MakeTiles.java" "$tiles" $across $across $tile png uint8 3
gray=$out/inputs/gray16-$deep-$deeptile
[ -f "$gray/layout.csv" ] || java -cp "$jar" "$here/bench/MakeTiles.java" "$gray" $deep $deep $deeptile tif uint16 1 64
list=$(ls "$tiles"/*.png)
files=($list)

# ---- case 0: the baseline, an idle JVM with the library loaded (reading one tile's header) ----
if runs 0; then
measure 0 tilewright-baseline - - -- "$tw" info "${files[0]}"
measure 0 tilewright-baseline-no-cds - - -- java -jar "$jar" info "${files[0]}"
fi

# ---- case 1: RGB PNG tiles -> one tiled deflate TIFF ----
if runs 1; then
c=1
measure $c tilewright "$out/c1-tw.tif" "$tiles/layout.csv ${size}x$size" -- \
  "$tw" montage --grid ${across}x$across --compression zip:6 -q -o "$out/c1-tw.tif" "${files[@]}"
measure $c tilewright-defaults "$out/c1-twd.tif" "$tiles/layout.csv ${size}x$size" -- \
  "$tw" montage --grid ${across}x$across -q -o "$out/c1-twd.tif" "${files[@]}"
# The thread budget: one core and two (the Amdahl fraction in the README comes from these).
for threads in 1 2; do
  measure $c tilewright-threads$threads "$out/c1-twt.tif" "$tiles/layout.csv ${size}x$size" -- \
    "$tw" montage --grid ${across}x$across --compression zip:6 --threads $threads -q -o "$out/c1-twt.tif" "${files[@]}"
done
measure $c vips "$out/c1-vips.tif" "$tiles/layout.csv ${size}x$size" -- \
  vips arrayjoin "$list" "$out/c1-vips.tif[tile,tile-width=256,tile-height=256,compression=deflate,level=6]" --across $across
measure $c oiiotool "$out/c1-oiio.tif" "$tiles/layout.csv ${size}x$size" -- \
  oiiotool "${files[@]}" --mosaic ${across}x$across -d uint8 --compression zip:6 --tile 256 256 -o "$out/c1-oiio.tif"
{
  echo "<VRTDataset rasterXSize=\"$size\" rasterYSize=\"$size\">"
  for band in 1 2 3; do
    echo "  <VRTRasterBand dataType=\"Byte\" band=\"$band\">"
    i=0
    for f in "${files[@]}"; do
      x=$(( i % across * tile )); y=$(( i / across * tile ))
      echo "    <SimpleSource><SourceFilename>$f</SourceFilename><SourceBand>$band</SourceBand><SrcRect xOff=\"0\" yOff=\"0\" xSize=\"$tile\" ySize=\"$tile\"/><DstRect xOff=\"$x\" yOff=\"$y\" xSize=\"$tile\" ySize=\"$tile\"/></SimpleSource>"
      i=$((i + 1))
    done
    echo "  </VRTRasterBand>"
  done
  echo "</VRTDataset>"
} > "$out/c1.vrt"
measure $c gdal "$out/c1-gdal.tif" "$tiles/layout.csv ${size}x$size" -- \
  gdal_translate -q -co TILED=YES -co BLOCKXSIZE=256 -co BLOCKYSIZE=256 -co COMPRESS=DEFLATE -co ZLEVEL=6 \
  -co PREDICTOR=2 -co BIGTIFF=IF_SAFER -co NUM_THREADS=ALL_CPUS "$out/c1.vrt" "$out/c1-gdal.tif"
measure $c imagemagick "$out/c1-im.tif" "$tiles/layout.csv ${size}x$size" -- \
  montage "${files[@]}" -tile ${across}x$across -geometry +0+0 -depth 8 -define tiff:tile-geometry=256x256 \
  -compress zip -quality 60 "$out/c1-im.tif"
# Floors on the same machine: decode every input; deflate the raw pixels on all cores; write raw bytes.
measure $c floor-decode - - -- java -cp "$jar" "$here/bench/DecodeFloor.java" "${files[@]}"
java -jar "$jar" montage --grid ${across}x$across --compression none --tile 0 -q --overwrite -o "$out/raw.tif" "${files[@]}"
measure $c floor-deflate6 "$out/raw.gz" - -- sh -c "pigz -6 -p $(nproc) -c '$out/raw.tif' > '$out/raw.gz'"
measure $c floor-write "$out/raw.copy" - -- sh -c "cat '$out/raw.tif' > '$out/raw.copy' && sync"
rm -f "$out/raw.tif"
fi

# ---- case 2: the same tiles -> PNG ----
if runs 2; then
c=2
measure $c tilewright "$out/c2-tw.png" "$tiles/layout.csv ${size}x$size" -- \
  "$tw" montage --grid ${across}x$across -q -o "$out/c2-tw.png" "${files[@]}"
# The highest level: run-length matches and the full search where a piece has structure.
measure $c tilewright-zip9 "$out/c2-tw9.png" "$tiles/layout.csv ${size}x$size" -- \
  "$tw" montage --grid ${across}x$across --compression zip:9 -q -o "$out/c2-tw9.png" "${files[@]}"
measure $c vips "$out/c2-vips.png" "$tiles/layout.csv ${size}x$size" -- vips arrayjoin "$list" "$out/c2-vips.png" --across $across
measure $c oiiotool "$out/c2-oiio.png" "$tiles/layout.csv ${size}x$size" -- \
  oiiotool "${files[@]}" --mosaic ${across}x$across -d uint8 -o "$out/c2-oiio.png"
fi

# ---- case 3: 16-bit grayscale tiles with 64 px overlap -> tiled TIFF ----
if runs 3; then
c=3
gsz=$((deep * deeptile))
measure $c tilewright "$out/c3-tw.tif" "$gray/layout.csv ${gsz}x$gsz" -- \
  "$tw" stitch "$gray/layout.csv" --compression zip:6 -q -o "$out/c3-tw.tif"
measure $c tilewright-defaults "$out/c3-twd.tif" "$gray/layout.csv ${gsz}x$gsz" -- \
  "$tw" stitch "$gray/layout.csv" -q -o "$out/c3-twd.tif"
measure $c tilewright-feather "$out/c3-twf.tif" "$gray/layout.csv ${gsz}x$gsz" -- \
  "$tw" stitch "$gray/layout.csv" --blend feather --overlap 64 --compression zip:6 -q -o "$out/c3-twf.tif"
measure $c vips "$out/c3-vips.tif" "$gray/layout.csv ${gsz}x$gsz" -- \
  vips arrayjoin "$(ls "$gray"/*.tif)" "$out/c3-vips.tif[tile,tile-width=256,tile-height=256,compression=deflate,level=6]" \
  --across $deep --hspacing $deeptile --vspacing $deeptile
fi

# ---- case 4: the seed's gradient through the Java API vs pypng ----
if runs 4; then
c=4
measure $c tilewright "$out/c4-tw.png" - -- "$tw" generate gradient --size ${gsize}x$gsize -q -o "$out/c4-tw.png"
measure $c tilewright-zip9 "$out/c4-tw9.png" - -- "$tw" generate gradient --size ${gsize}x$gsize --compression zip:9 -q -o "$out/c4-tw9.png"
# The same without class-data sharing: what the archive saves of the start-up.
measure $c tilewright-no-cds "$out/c4-tw.png" - -- java -jar "$jar" generate gradient --size ${gsize}x$gsize -q -o "$out/c4-tw.png"
measure $c pypng "$out/c4-pypng.png" - -- /usr/bin/python3 "$here/bench/gradient_pypng.py" $gsize "$out/c4-pypng.png"
fi

# ---- case 5: scaling of generation, 10000^2 to 100000^2 (scanline deflate TIFF) ----
if runs 5; then
for s in $scales; do
  measure 5 "tilewright-${s}" "$out/c5-$s.tif" - -- \
    "$tw" generate gradient --size ${s}x$s --tile 0 --compression zip:6 -q -o "$out/c5-$s.tif"
done
s=${scales%% *}
measure 5 "tilewright-defaults-$s" "$out/c5d-$s.tif" - -- "$tw" generate gradient --size ${s}x$s -q -o "$out/c5d-$s.tif"
fi

# ---- case 6: the case-1 montage with a pyramid, and as Deep Zoom tiles, vs vips ----
if runs 6; then
c=6
measure $c tilewright "$out/c6-tw.tif" "$tiles/layout.csv ${size}x$size" -- \
  "$tw" montage --grid ${across}x$across --compression zip:6 -q -o "$out/c6-tw.tif" "${files[@]}"
measure $c tilewright-pyramid "$out/c6-twp.tif" "$tiles/layout.csv ${size}x$size" -- \
  "$tw" montage --grid ${across}x$across --compression zip:6 --pyramid -q -o "$out/c6-twp.tif" "${files[@]}"
measure $c tilewright-pyramid-defaults "$out/c6-twpd.tif" "$tiles/layout.csv ${size}x$size" -- \
  "$tw" montage --grid ${across}x$across --pyramid -q -o "$out/c6-twpd.tif" "${files[@]}"
measure $c vips-pyramid "$out/c6-vipsp.tif" "$tiles/layout.csv ${size}x$size" -- \
  vips arrayjoin "$list" "$out/c6-vipsp.tif[tile,tile-width=256,tile-height=256,compression=deflate,level=6,pyramid]" --across $across
measure $c tilewright-dzi "$out/c6-tw.dzi" - -- \
  "$tw" montage --grid ${across}x$across --dzi-quality 75 -q -o "$out/c6-tw.dzi" "${files[@]}"
# vips' CLI cannot pipe arrayjoin into dzsave, so it starts from the joined image as an
# uncompressed .v file made beforehand (untimed: vips is spared decoding the 100 PNGs).
vips arrayjoin "$list" "$out/c6-join.v" --across $across
measure $c vips-dzi "$out/c6-vips.dzi" - -- vips dzsave "$out/c6-join.v" "$out/c6-vips" --suffix ".jpeg[Q=75]"
rm -f "$out/c6-join.v"
fi

# ---- case 7: OpenEXR — the case-1 montage (8-bit sRGB made linear, half) and a half-float
# generate, to tiled zip (the default), piz and dwaa EXR ----
if runs 7; then
c=7
for comp in zip piz dwaa; do
  opt=(--compression $comp); tool=tilewright-$comp
  [ $comp = zip ] && opt=() && tool=tilewright   # zip is the default: the row with no option
  measure $c $tool "$out/c7-tw-$comp.exr" - -- "$tw" montage --grid ${across}x$across "${opt[@]}" -q -o "$out/c7-tw-$comp.exr" "${files[@]}"
  # oiiotool made to write the same pixels: its mosaic of the tiles, made linear as Tilewright does.
  measure $c oiiotool-$comp "$out/c7-oiio-$comp.exr" - -- oiiotool "${files[@]}" --mosaic ${across}x$across \
    --colorconvert sRGB linear -d half --compression $comp --tile 64 64 -o "$out/c7-oiio-$comp.exr"
done
# The generator's half floats, and OpenEXR's own exrmaketiled re-encoding the same pixels at the
# same compression and tile size (the size OpenEXR itself makes of them).
exrsize=$((gsize * 3 / 4))
KEEP_OUTPUTS=1 measure $c tilewright-generate-half "$out/c7-gen.exr" - -- \
  "$tw" generate gradient --size ${exrsize}x$exrsize --type half -q -o "$out/c7-gen.exr"
measure $c tilewright-generate-half-tiff "$out/c7-gen.tif" - -- \
  "$tw" generate gradient --size ${exrsize}x$exrsize --type uint16 -q -o "$out/c7-gen.tif"
measure $c exrmaketiled-zip "$out/c7-gen-openexr.exr" - -- exrmaketiled -t 64 64 -z zip "$out/c7-gen.exr" "$out/c7-gen-openexr.exr"
rm -f "$out/c7-gen.exr"
fi

/usr/bin/python3 "$here/bench/report.py" "$results" > "$out/results.md"
cat "$out/results.md"
