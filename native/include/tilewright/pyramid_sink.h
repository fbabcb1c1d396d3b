#pragma once
/// @file pyramid_sink.h
/// The reduced levels of a MIP-mapped TIFF or OpenEXR output while it is written.
///
/// TIFF and OpenEXR (through OIIO) store level 0 first and each smaller level after it,
/// but the levels are made as level 0 streams past. So, as libvips' tiffsave does, the
/// sink observes the rows ImageWriter writes, reduces them (pyramid.h), writes each level
/// as its rows appear to its own temporary tiled file — opened through OutputFactory,
/// compressed like the output, all together about a third of it — and appends the levels
/// to the output once level 0 is complete. Memory: a row of tiles per level.
///
/// The level files are scratch files of the output's target: its owner removes them if
/// the job fails; the sink removes each once it is appended.

#include <memory>
#include <string>
#include <vector>

#include <OpenImageIO/imageio.h>

#include "tilewright/encoder.h"
#include "tilewright/output_kind.h"
#include "tilewright/output_options.h"
#include "tilewright/output_target.h"
#include "tilewright/pyramid.h"
#include "tilewright/resume_journal.h"
#include "tilewright/tile_row_gatherer.h"

namespace tilewright {

class ThreadBudget;

class PyramidSink {
public:
    /// Levels below `level0` (the output, opened) as `options` asks for them. A resumable
    /// job passes `resumed`, what its journal kept of each file (empty: nothing yet, index 0
    /// the output): the level files are then replayed to it and kept until the output is
    /// committed, and rows a level already holds are not written again.
    PyramidSink(const OutputTarget& target, const Encoder& level0, const OutputOptions& options,
                ThreadBudget& budget, const std::vector<FileProgress>* resumed = nullptr);
    /// The levels below level `firstLevel` of the output, described by `firstSpec` (as
    /// levelSpec() makes it): rows of that level come in, and the levels are appended as
    /// levels firstLevel + 1, … — a banded stitch's levels too coarse for its bands.
    PyramidSink(const OutputTarget& target, const OIIO::ImageSpec& firstSpec, int firstLevel,
                const OutputOptions& options, ThreadBudget& budget);

    /// The spec of level `k` (sizes[k]) of an output whose level 0 is `level0`, as appended.
    static OIIO::ImageSpec levelSpec(OutputKind kind, const OIIO::ImageSpec& level0, LevelSize size, int k);
    ~PyramidSink();

    PyramidSink(const PyramidSink&) = delete;
    PyramidSink& operator=(const PyramidSink&) = delete;

    /// Rows of level 0 received so far.
    int rowsReceived() const { return chain_->rowsReceived(); }

    /// Observes level-0 rows [yBegin, yEnd) of `format`, `rowStride` bytes apart; they
    /// must continue the rows already seen (levels are built top to bottom).
    void observeRows(int yBegin, int yEnd, OIIO::TypeDesc format, const char* rows, size_t rowStride);

    /// Appends every level to `output` (level 0 complete), removing each level's file once
    /// copied: compressed tiles are copied raw when both sides are our TIFF encoder.
    void appendTo(Encoder& output);

    /// Files in the job's journal: one per level below level 0.
    size_t levelFiles() const { return levels_.size() - 1; }
    /// Adds each level's chunks appended since the last call (resumable jobs).
    void takeAppended(std::vector<FileProgress>& into);
    /// Makes every level file durable.
    void sync();

private:
    struct Level {
        OIIO::ImageSpec spec;  ///< as appended to the output
        std::string path;      ///< the temporary file
        std::unique_ptr<Encoder> encoder;
        std::unique_ptr<TileRowGatherer> gatherer;
        int keptRows = 0;  ///< rows a resumed job's file already holds: not written again
    };

    /// Opens a file for each of `sizes` below the first, and the chain that fills them.
    void openLevels(const OutputTarget& target, const std::vector<LevelSize>& sizes, const OutputOptions& options,
                    ThreadBudget& budget, const std::vector<FileProgress>* resumed);
    void copyDecoded(Encoder& output, const std::string& path);
    /// Replays level `k`'s file to what the journal kept of it.
    void resumeLevel(Level& level, size_t k, const std::vector<FileProgress>& resumed);

    std::string displayPath_;
    OIIO::ImageSpec level0_;
    std::vector<Level> levels_;  ///< index k: level k (index 0 unused)
    std::unique_ptr<LevelChain> chain_;
    std::vector<char> scratch_;  ///< rows converted to the file's type
    bool resumable_ = false;     ///< level files stay until the output is committed
    int firstLevel_ = 0;         ///< the output's level that level0_ is
};

}  // namespace tilewright
