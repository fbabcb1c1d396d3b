#!/usr/bin/env bash
# Vendors OpenSeadragon from the npm registry into the jar's resources (called by Maven in
# generate-resources): the minified script, its licence and its version, for the Deep Zoom
# viewer page. The tarball is checked against the registry's recorded integrity and kept
# in a cache, so later builds need no network.
set -euo pipefail

VERSION=6.1.1
INTEGRITY=sha512-g4iKe2q8B642SaBT3+x4ZF3/8b1TxPPydyjmtrOLgDrlYWMKd9ZXM+1Cb/xa9DVySkvs/7l6HR1nHKfD5F3Tsw==
OUT=${1:?usage: vendor-openseadragon.sh OUTPUT_DIR}/org/tilewright/viewer
CACHE=${TILEWRIGHT_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/tilewright}
TARBALL=$CACHE/openseadragon-$VERSION.tgz

if [[ -f $OUT/openseadragon.min.js && $(cat "$OUT/VERSION" 2>/dev/null) == "$VERSION" ]]; then
    exit 0
fi
mkdir -p "$CACHE" "$OUT"
check() { [[ "sha512-$(openssl dgst -sha512 -binary "$1" | base64 -w0)" == "$INTEGRITY" ]]; }
if [[ ! -f $TARBALL ]] || ! check "$TARBALL"; then
    url=https://registry.npmjs.org/openseadragon/-/openseadragon-$VERSION.tgz
    if command -v curl >/dev/null; then
        curl -fsSL --retry 3 -o "$TARBALL.part" "$url"
    else
        (cd "$CACHE" && npm pack --silent "openseadragon@$VERSION" >/dev/null && mv "openseadragon-$VERSION.tgz" "$TARBALL.part")
    fi
    check "$TARBALL.part" || { echo "openseadragon-$VERSION.tgz does not match the registry's integrity" >&2; exit 1; }
    mv "$TARBALL.part" "$TARBALL"
fi
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
tar -xzf "$TARBALL" -C "$work" package/build/openseadragon/openseadragon.min.js package/LICENSE.txt
cp "$work/package/build/openseadragon/openseadragon.min.js" "$work/package/LICENSE.txt" "$OUT/"
echo "$VERSION" > "$OUT/VERSION"
