#pragma once
/// @file decode_footprint.h
/// How many bytes decoding a file holds at once, whatever its reader is asked for: one tile,
/// one strip or chunk of rows — or the whole image, for the files OIIO 2.4's readers decode
/// whole (interlaced PNG, progressive JPEG, DDS, BMP, GIF, WebP…). A header can claim any
/// size; this is what a plan compares with the memory budget before any pixel is read.

#include <string>

#include <OpenImageIO/imageio.h>

namespace tilewright {

/// Bytes held at once while decoding `path`, read by OIIO's `format` reader as `spec`.
long long decodeBytesAtOnce(const std::string& path, const std::string& format, const OIIO::ImageSpec& spec);

}  // namespace tilewright
