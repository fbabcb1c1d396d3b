#pragma once
/// @file output_factory.h
/// The one place that decides how an output is encoded: from the target's kind and the
/// requested spec and options it checks what the format can hold (tiles, size limits,
/// compression names, pyramid levels), picks the encoder — FastTiffOutput or
/// FastPngOutput for the common cases they handle, DeepZoomOutput for ".dzi", OIIO's
/// plugin otherwise — adjusts the spec the format needs, and opens the file.
/// ImageWriter opens the output through it, and PyramidSink each temporary level.

#include <memory>
#include <string>

#include <OpenImageIO/imageio.h>

#include "tilewright/encoder.h"
#include "tilewright/output_options.h"
#include "tilewright/output_target.h"
#include "tilewright/pyramid.h"

namespace tilewright {

class ThreadBudget;

class OutputFactory {
public:
    /// Opens `writePath` (the target's temporary path, or one of its scratch paths) as an
    /// output of the target's kind. `laterParts` declares further parts after `spec`
    /// (OpenEXR only, without pyramid); each is checked as `spec` is and returned with the
    /// final values in it. Errors name the target's final path.
    static std::unique_ptr<Encoder> open(const OutputTarget& target, const std::string& writePath,
                                         const OIIO::ImageSpec& spec, const OutputOptions& options,
                                         ThreadBudget& budget, std::vector<OIIO::ImageSpec>* laterParts = nullptr);

    /// The level sizes a pyramid request makes for a `kind` output of `spec`, level 0
    /// first: OpenEXR MIP-maps go down to one pixel; -1 stops at the first level that
    /// fits in one tile; n >= 2 keeps at most n levels.
    static std::vector<LevelSize> pyramidLevels(OutputKind kind, const OIIO::ImageSpec& spec, int request);
};

}  // namespace tilewright
