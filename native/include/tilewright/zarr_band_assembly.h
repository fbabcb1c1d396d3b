#pragma once
/// @file zarr_band_assembly.h
/// One OME-Zarr image from the part stores of a stitch rendered in horizontal bands by
/// separate processes (a Spark job's tasks): their chunks are moved into the store as they
/// are, never decoded or recompressed, and the metadata is written last.
///
/// Each part is an OME-Zarr folder this library wrote for one band — full width, its top a
/// multiple of 256 x 2^(levels - 1) rows — holding the band's share of the first few levels,
/// its chunk rows already named as the whole image's (OutputOptions::setBandTop). The
/// assembly opens the store as the single-machine stitch does, reduces the levels too coarse
/// for a band from the parts' last level (decoding only that level's chunks, a row of chunks
/// at a time), moves every part's chunk rows into place, and then writes the group's
/// metadata: the folder holds the same files, with the same bytes, as the stitch's.

#include <string>
#include <vector>

#include "tilewright/output_options.h"
#include "tilewright/output_target.h"
#include "tilewright/spec.h"

namespace tilewright {

class ZarrBandAssembly {
public:
    /// The output `target` (its temporary folder exists), described by `spec` as the stitch
    /// plans it, with `options` (pyramid, threads, pixel size) as the stitch would write it.
    ZarrBandAssembly(const OutputTarget& target, const Spec& spec, const OutputOptions& options);

    /// The next band's part store, top to bottom, and the band's rows at full resolution.
    void addPart(const std::string& folder, int rows);
    /// Levels each part holds (1: full resolution only).
    void setPartLevels(int levels);

    /// Writes the store into the target's temporary folder; throws Error naming what failed.
    void run();

    /// Levels (level 0 included) an OME-Zarr image of `spec` holds for a pyramid request.
    static int levelCount(const Spec& spec, int pyramidRequest);

private:
    struct Part {
        std::string folder;
        int rows;
    };
    /// Decodes level `level` of every part, top to bottom, into `output`.
    void feedLevel(class OmeZarrOutput& output, int level, int width);
    /// Moves the chunk rows of levels [0, levels) of every part into the store.
    void moveChunks(int levels);

    OutputTarget target_;
    OIIO::ImageSpec spec_;
    OutputOptions options_;
    std::vector<Part> parts_;
    int partLevels_ = 1;
};

}  // namespace tilewright
