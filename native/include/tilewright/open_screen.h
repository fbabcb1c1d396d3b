#pragma once
/// @file open_screen.h
/// What a file must pass before OpenImageIO opens it. Some files hurt the process inside
/// OIIO's open, before any check of ours could run on its spec: a device or FIFO is probed
/// forever; XMP metadata nested thousands deep overflows the thread's stack in OIIO's
/// recursive XMP decoder; a progressive JPEG's header makes libjpeg allocate coefficient
/// arrays for the whole image at once; a TIFF cut inside its one strip is read with zeros for
/// the missing rows. These are read from the file's own bytes here.

#include <string>

namespace tilewright {

/// Deepest XMP element nesting read (real packets nest about 10 deep; OIIO 2.4 recurses
/// once per level, about 300 bytes of stack each, and JVM threads have 1 MB).
constexpr int kMaxXmpDepth = 1000;

/// The largest whole-image decode (a progressive JPEG's coefficients) a reader may begin,
/// process-wide: a quarter of physical memory unless set (the CLI sets half its budget).
long long wholeDecodeLimit();
void setWholeDecodeLimit(long long bytes);

/// Throws Error (BadInput, or Limit for a decode above wholeDecodeLimit()) naming `path`
/// if it is not a regular file, carries XMP nested deeper than kMaxXmpDepth (PNG, JPEG,
/// TIFF), is a TIFF with a strip or tile past its end, or is a progressive JPEG whose
/// decoding would exceed wholeDecodeLimit().
void screenBeforeOpening(const std::string& path);

/// Bytes libjpeg holds for a progressive JPEG's coefficients (16 bits per sample of every
/// component at its own sampling, in whole 8x8 blocks); 0 for a baseline or non-JPEG file.
long long progressiveJpegCoefficientBytes(const std::string& path);

/// Deepest element nesting in an XML text (tags only; comments, declarations and
/// self-closed elements do not nest). Stops counting past `stopAt`.
int xmlNestingDepth(const char* text, size_t length, int stopAt);

}  // namespace tilewright
