#pragma once
/// @file input_metadata.h
/// The header metadata a stitched output inherits from its inputs, as oiiotool's paste
/// keeps its first image's: camera matrices, chromaticities, frame rate, owner, comments,
/// ICC profile, resolution. What describes a file's layout or encoding is left out: the
/// output's writer decides those.

#include <string>
#include <vector>

#include <OpenImageIO/imageio.h>

#include "tilewright/piece_reader.h"

namespace tilewright {

/// Whether metadata `name` describes the file rather than the image (compression,
/// tiling, format-private fields, orientation), so it is never carried to another file.
bool describesTheFile(const std::string& name);

/// Adds to `output` the metadata of the first input that can be read, except what
/// `output` already sets and what describes the input's file.
void inheritMetadata(const std::vector<StitchInput>& inputs, OIIO::ImageSpec& output);

}  // namespace tilewright
