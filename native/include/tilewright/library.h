#pragma once
/// @file library.h
/// Process-wide facts and settings of the native layer.

#include <string>

namespace tilewright {

/// OpenImageIO's version, e.g. "2.4.7".
std::string openImageIOVersion();
/// The file formats OIIO can handle, as "name:ext,ext;name:ext…".
std::string openImageIOFormats();
/// Process-wide OIIO settings, done once before the first read or write: lifts the
/// read limit that would refuse our legitimate huge images (limits:imagesize_MB), and
/// keeps glibc from hoarding freed multi-MB buffers in per-thread arenas.
void configureOpenImageIO();
/// The OutputKind code of `path` (output_kind.h): the one rule Java asks.
int outputKindCode(const std::string& path);

/// The sizes of a TIFF's first-directory SubIFDs, "WxH,…" (tiff_directories.h).
std::string subIfdSizes(const std::string& path);
/// Whether the stitch can turn an input of `inputChannels` into `outputChannels`
/// (band_compositor.h); Java asks it while planning.
bool channelsConvertibleTo(int inputChannels, int outputChannels);

}  // namespace tilewright
