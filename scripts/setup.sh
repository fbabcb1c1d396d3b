#!/usr/bin/env bash
# Installs what Tilewright builds and runs with, on Debian 12, when it is missing:
# a JDK (17+), Maven, CMake, make, g++, and the development packages of OpenImageIO,
# libtiff and libdeflate (the fast TIFF path), libzstd (OME-Zarr's zstd chunks), and
# curl and openssl (the build fetches OpenSeadragon from the npm registry for the Deep Zoom
# viewer). With --for-tests it adds
# Chromium, in which the tests open that viewer, and Python's tifffile, which reads our pyramids.
# Idempotent and silent when everything is present; needs root only to install.
set -euo pipefail

missing=()
java_major() { javac -version 2>&1 | sed -E 's/^javac ([0-9]+).*/\1/'; }
if ! command -v javac >/dev/null || [ "$(java_major)" -lt 17 ]; then missing+=(openjdk-17-jdk-headless); fi
command -v mvn >/dev/null || missing+=(maven)
command -v cmake >/dev/null || missing+=(cmake)
command -v make >/dev/null || missing+=(make)
command -v g++ >/dev/null || missing+=(g++)
[ -f /usr/include/OpenImageIO/imageio.h ] || missing+=(libopenimageio-dev)
[ -f /usr/include/x86_64-linux-gnu/tiffio.h ] || [ -f /usr/include/tiffio.h ] || missing+=(libtiff-dev)
[ -f /usr/include/libdeflate.h ] || missing+=(libdeflate-dev)
[ -f /usr/include/zstd.h ] || missing+=(libzstd-dev)
# The signal tests send SIGINT/SIGTERM/SIGKILL with kill(1), which minimal images may lack.
[ -x /bin/kill ] || [ -x /usr/bin/kill ] || missing+=(procps)
command -v curl >/dev/null || missing+=(curl)
command -v openssl >/dev/null || missing+=(openssl)
[ -d /etc/ssl/certs ] && [ -n "$(ls -A /etc/ssl/certs 2>/dev/null)" ] || missing+=(ca-certificates)
if [ "${1:-}" = "--for-tests" ]; then
  command -v chromium >/dev/null || missing+=(chromium)
  # tifffile, the reader of the Python imaging world, checks our pyramids independently.
  /usr/bin/python3 -c 'import tifffile' 2>/dev/null || missing+=(python3-tifffile)
  # The conformance suite's fixtures come from producers nobody here wrote, and its
  # results are checked with second readers: OIIO's and OpenEXR's command-line tools,
  # libtiff's, GDAL, ImageMagick, libvips, and Python's png module with numpy.
  command -v oiiotool >/dev/null || missing+=(openimageio-tools)
  command -v exrheader >/dev/null || missing+=(openexr)
  # OpenEXR's own library writes the luminance/chroma fixture no command-line tool makes.
  [ -f /usr/include/OpenEXR/ImfRgbaFile.h ] || missing+=(libopenexr-dev)
  command -v pkg-config >/dev/null || missing+=(pkg-config)
  command -v tiffinfo >/dev/null || missing+=(libtiff-tools)
  command -v gdal_translate >/dev/null || missing+=(gdal-bin)
  # By its path: a `convert` elsewhere on PATH may be a stand-in (some images ship one that
  # only prints PNGs unless ImageMagick's own is installed).
  [ -x /usr/bin/convert ] || missing+=(imagemagick)
  command -v vips >/dev/null || missing+=(libvips-tools)
  /usr/bin/python3 -c 'import png' 2>/dev/null || missing+=(python3-png)
  /usr/bin/python3 -c 'import numpy' 2>/dev/null || missing+=(python3-numpy)
  # Debian's zarr opens our OME-Zarr folders, level by level.
  /usr/bin/python3 -c 'import zarr' 2>/dev/null || missing+=(python3-zarr)
  # GNU time gives a child's peak memory (hostile headers must not make it grow).
  [ -x /usr/bin/time ] || missing+=(time)
  # The man page the build generates is rendered and checked with groff and man.
  command -v groff >/dev/null || missing+=(groff-base)
  command -v man >/dev/null || missing+=(man-db)
  # The missing-OpenImageIO test hides the library in a private mount namespace.
  command -v unshare >/dev/null || missing+=(util-linux)
fi

[ ${#missing[@]} -eq 0 ] && exit 0

if [ "$(id -u)" -ne 0 ]; then
  echo "tilewright setup: missing ${missing[*]}; run as root, or: sudo apt-get install ${missing[*]}" >&2
  exit 1
fi
echo "tilewright setup: installing ${missing[*]} …" >&2
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq >/dev/null
apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
