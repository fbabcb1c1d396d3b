#pragma once
/// @file tiff_directories.h
/// A TIFF's directory chain read with libtiff directly: OIIO 2.4 seeks subimage n by
/// walking the chain from the start, so counting 20 000 directories through it is quadratic.

#include <string>

#include <tiffio.h>

namespace tilewright {

/// `path` opened for reading without memory mapping and with libtiff's messages silenced
/// (they would go to stderr); nullptr if libtiff cannot open it. The caller TIFFClose()s it.
TIFF* openTiffQuietly(const std::string& path);

/// Directories in the main chain of `path` (OIIO's subimages); 0 if it cannot be read.
int tiffDirectoryCount(const std::string& path);

/// The sizes of the SubIFDs of `path`'s first directory (an OME-TIFF's pyramid levels, which
/// OIIO 2.4 does not see), as "WxH,WxH,…"; "" when it has none or cannot be read.
std::string tiffSubIfdSizes(const std::string& path);

}  // namespace tilewright
