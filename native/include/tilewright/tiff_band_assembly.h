#pragma once
/// @file tiff_band_assembly.h
/// One TIFF from the part files of a stitch rendered in horizontal bands by separate
/// processes (a Spark job's tasks), without decoding or recompressing what they made.
///
/// Each part is a TIFF this library wrote with the output's codec, tiling and pixels: one
/// band of whole tile rows, full width, and the band's share of the first few pyramid levels
/// (its top is a multiple of 2^k tile rows, so each of its levels is whole tile rows of the
/// output's level too). The assembly opens the output as the single-machine stitch does
/// (the same spec, inherited metadata, encoder and directory tags), copies every part's
/// compressed tiles into place, level by level, and makes the levels too coarse for a band
/// from the last level the parts hold, as the stitch would have (pyramid_sink.h). The
/// libtiff calls are the ones a single writer makes, so the file is the same, byte for byte.
/// Memory: a row of tiles per level made here; one compressed tile copied at a time.

#include <cstdint>
#include <string>
#include <vector>

#include "tilewright/error.h"
#include "tilewright/output_options.h"
#include "tilewright/output_target.h"
#include "tilewright/spec.h"

namespace tilewright {

class TiffBandAssembly {
public:
    /// The output `target`, described by `spec` as the stitch plans it, with `options`
    /// (pyramid, threads) as the stitch would write it.
    TiffBandAssembly(const OutputTarget& target, const Spec& spec, const OutputOptions& options);

    /// An input of the stitch, in layout order: the output inherits the metadata of the
    /// first readable one, as the stitch's does.
    void addInput(const std::string& path);
    /// The next band's part file, top to bottom.
    void addPart(const std::string& path);
    /// Levels each part holds (1: full resolution only).
    void setPartLevels(int levels);

    /// Throws Error unless this output is a tiled TIFF on Tilewright's own encoder, whose
    /// parts can be joined by copying their tiles (checked again by run()).
    void check() const;

    /// Writes the output to the target's temporary name; throws Error naming the file at fault.
    void run();

    /// Levels (level 0 included) the output will hold: what a band alignment must know.
    static int levelCount(const Spec& spec, int pyramidRequest);

private:
    /// The spec with the metadata the stitch inherits from the first readable input.
    OIIO::ImageSpec inheritedSpec() const;
    /// The refusal of an output whose parts cannot be copied in.
    Error notAssemblable(const OIIO::ImageSpec& spec, bool tiled) const;
    /// Copies directory `level` of every part into the output's current level.
    void copyLevel(class Encoder& output, int level, int64_t tilesInLevel);
    /// Decodes directory `level` of every part, top to bottom, into `sink`.
    void feedLevel(class PyramidSink& sink, const OIIO::ImageSpec& levelSpec, int level);

    OutputTarget target_;
    OIIO::ImageSpec spec_;
    OutputOptions options_;
    std::vector<std::string> inputs_;
    std::vector<std::string> parts_;
    int partLevels_ = 1;
};

}  // namespace tilewright
