#!/usr/bin/env bash
# Runs a small set of the integration tests against the native facade built with
# AddressSanitizer and UBSan (in target-sanitize/, beside the normal build). A finding aborts
# the test JVM, which fails the run. The set covers writing and reading every format, the
# stitcher, pyramids and Deep Zoom, the generator, the hostile-input fuzz, tiles written from
# many threads at once, resumed jobs, pixel sources called back from native threads, and the
# conformance suite with its OME outputs, hostile files and output contract (the CLI it runs
# inherits the preloaded runtimes; not the stderr-filter test, as the filter stays off under
# sanitizers, nor the two that measure a child's memory, which run it without the runtimes).
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$here"
runtimes="$(gcc -print-file-name=libasan.so) $(gcc -print-file-name=libubsan.so)"
tests=${SANITIZE_TESTS:-FormatRoundTripIT,WriterErrorsIT,StreamingWriterIT,GeneratorIT,StitchIT,PyramidIT,DeepZoomIT#everyTile*+rewriting*,HardeningIT#*uzz*+trunc*+headers*,TiffInteropIT,PngInteropIT,RenderConfigsIT,AlphaIT,ExrIT,TiffIT,PngJpegIT,HostileFilesIT#xmp*+devices*+twenty*+aTruncated*+gifs*,OutputContractIT,RegionWriterIT#unaligned*+missing*+overlaps*,ResumeApiIT#aFailed*+anotherKey*,OmeTiffIT,ExrEncoderIT,BandedStitchIT,OmeZarrIT#everyLevel*+anRgb*+everyInteger*+rowsPushed*+regionsGiven*,PixelSourceIT#sourcesAndFiles*+sourcesFrom*+aSourceThatThrows*+underSkip*}
exec mvn -B -ntp verify -Psanitize "-Dsanitizer.preload=$runtimes" -Dtest=none \
    -Dsurefire.failIfNoSpecifiedTests=false "-Dit.test=$tests" "$@"
