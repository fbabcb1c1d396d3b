#pragma once
/// @file image_writer.h
/// Streaming output of one image: the order and completeness checks OIIO leaves to its
/// callers, rows gathered into rows of tiles for tiled files, and the pyramid sink fed
/// as rows pass. How the file is encoded is OutputFactory's decision; this class only
/// moves pixels to the encoder it returns.
///
/// Coordinates are OIIO's: absolute pixel coordinates of the data window, so a spec with
/// origin (x, y) takes rows y .. y+height. Ranges are half-open.
///
/// The writer owns the job's ThreadBudget: every entry point computes under a permit,
/// and the encoders fan out on the same budget.

#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include <OpenImageIO/imageio.h>

#include "tilewright/encoder.h"
#include "tilewright/output_options.h"
#include "tilewright/output_target.h"
#include "tilewright/spec.h"

namespace tilewright {

class OmePlanes;
class PyramidSink;
class ResumeJournal;
class ThreadBudget;
class TileRowGatherer;

class ImageWriter {
public:
    /// Opens the target's temporary path for an image described by `spec`, with
    /// `options` (threads, pyramid, Deep Zoom tiles). Errors name the final path.
    ImageWriter(const OutputTarget& target, const Spec& spec, const OutputOptions& options);
    /// As above for a multi-part file (OpenEXR): `spec` is the first part, `laterParts`
    /// the others, written one after another (see nextPart).
    ImageWriter(const OutputTarget& target, const Spec& spec, const OutputOptions& options,
                const std::vector<OIIO::ImageSpec>& laterParts);
    /// As the first, computing on `budget` (another writer's, which outlives this one): one
    /// channel plane of an OME-TIFF (ome_planes.h).
    ImageWriter(const OutputTarget& target, const Spec& spec, const OutputOptions& options, ThreadBudget& budget);
    /// Closes without committing; never throws. The target's owner removes the files.
    ~ImageWriter();

    ImageWriter(const ImageWriter&) = delete;
    ImageWriter& operator=(const ImageWriter&) = delete;

    /// OIIO's feature query, e.g. "tiles", "random_access", "alpha".
    bool supports(const std::string& feature) const;
    /// OIIO's format name ("tiff", "openexr", "png", "dzi"…).
    std::string formatName() const;
    /// The job's threads.
    ThreadBudget& budget() { return *budget_; }

    /// Writes rows [yBegin, yEnd) from `data` (contiguous rows of `typeCode` pixels, all
    /// channels), converting to the file's type. Rows must come in increasing order
    /// unless the format supports random access. `byteCount` is the readable bytes at `data`.
    void writeScanlines(int yBegin, int yEnd, int typeCode, const void* data, long long byteCount);

    /// Writes the tiles covering [xBegin, xEnd) x [yBegin, yEnd); begins lie on tile
    /// boundaries, ends on a boundary or the image's edge. Tiles must come in raster
    /// order unless the format supports random access.
    void writeTiles(int xBegin, int xEnd, int yBegin, int yEnd, int typeCode, const void* data,
                    long long byteCount);

    /// Whether tiles may come from many threads at once, in any order (writeTilesFromAnyThread):
    /// our TIFF encoder, a tiled single-part file, no pyramid (levels are built from rows in order).
    bool acceptsTilesFromAnyThread() const;

    /// Writes whole tiles as writeTiles does, from any number of threads at once and in any
    /// order: each call converts and compresses on its own thread; only the append to the file
    /// is serialized. A tile is written once. Not to be mixed with writeTiles or writeScanlines;
    /// finish() after every call has returned.
    void writeTilesFromAnyThread(int xBegin, int xEnd, int yBegin, int yEnd, int typeCode, const void* data,
                                 long long byteCount);

    /// Has finish() append these files' first directories, and their SubIFD levels, as
    /// further channel planes of an OME-TIFF (FastTiffOutput::appendPlane).
    void appendPlanesAtFinish(const std::vector<std::string>& paths) { planesToAppend_ = paths; }

    /// Ends the current part, which must be complete, and starts the next one declared at
    /// open; rows and tiles then belong to it.
    void nextPart();
    /// Completes the file (and appends its pyramid levels); throws if any row, tile or
    /// part is missing or the encoder fails.
    void finish();
    /// Closes the file without checks (idempotent, never throws).
    void abort() noexcept;

    /// Whether the job is resumable: it checkpoints after each call that wrote something.
    bool resumable() const { return journal_ != nullptr; }
    /// The first row still to write: the data window's top, or for a resumed job the row
    /// after those an earlier run made durable (its callers start there).
    int resumeRow() const { return resumeRow_; }
    /// For a resumable job, one line on what became of an earlier run: continued from which
    /// row, or why its journal was not used; "" when there was nothing to continue.
    std::string resumeNotice() const { return resumeNotice_; }

    /// Rows (scanline files) or tiles (tiled files) written so far.
    long long unitsWritten() const { return unitsWritten_; }
    /// Rows or tiles the complete image has.
    long long unitsTotal() const { return unitsTotal_; }

private:
    const OIIO::ImageSpec& spec() const { return encoder_->spec(); }
    void requireOpen() const;
    [[noreturn]] void fail(const std::string& cause) const;
    void markTiles(int xBegin, int xEnd, int yBegin, int yEnd);
    /// Raster-order index of the tile whose top-left pixel is x, y.
    long long tileIndex(int x, int y) const;
    /// Refuses a region that is not whole tiles inside the image, or data too short for it.
    void requireWholeTiles(int xBegin, int xEnd, int yBegin, int yEnd, OIIO::TypeDesc format, const void* data,
                           long long byteCount) const;
    /// Sets the row or tile count of the part now open and clears the order tracking.
    void startCounting();
    void requireCurrentPartComplete() const;
    void gatherScanlinesIntoTiles(int yBegin, int yEnd, OIIO::TypeDesc format, const char* data);
    /// Opens the encoder (and pyramid), continuing an earlier run when the journal allows.
    void openFiles(const Spec& spec, const OutputOptions& options);
    /// Whether the journal's files are all still there, as long as it says.
    bool journalMatchesFiles(const Spec& spec, const OutputOptions& options);
    /// Replays the files to the journal and rebuilds the pyramid's rows in progress.
    void continueEarlierRun();
    /// Records what was made durable since the last checkpoint (at most twice a second).
    void checkpoint();

    OutputTarget target_;
    std::unique_ptr<ThreadBudget> ownBudget_;  ///< declared before the encoders that use it
    ThreadBudget* budget_;                     ///< ownBudget_, or the budget given
    /// An OME-TIFF of separate channel planes: every call goes to it, not to encoder_.
    std::unique_ptr<OmePlanes> planes_;
    std::vector<std::string> planesToAppend_;
    std::unique_ptr<Encoder> encoder_;
    std::vector<OIIO::ImageSpec> laterParts_;  ///< parts after the first, in order
    size_t partsStarted_ = 0;                  ///< of laterParts_
    std::unique_ptr<PyramidSink> pyramid_;  ///< reduced levels, when asked for
    long long unitsWritten_ = 0;
    long long unitsTotal_ = 0;
    /// Next row or tile index expected when order is enforced.
    long long nextUnit_ = 0;
    /// Which rows or tiles are done, for formats written in random order.
    std::vector<bool> done_;
    enum class Mode { Unknown, Scanlines, Tiles, TilesFromAnyThread } mode_ = Mode::Unknown;
    /// Guards the bookkeeping of writeTilesFromAnyThread (mode_, done_, unitsWritten_, failure).
    std::mutex anyThread_;
    /// The first failure of a tile written from any thread: the file is incomplete.
    std::string anyThreadFailure_;
    /// Rows gathered for the current row of tiles when rows go to a tiled file.
    std::unique_ptr<TileRowGatherer> gatherer_;
    /// A resumable job's journal (resume_journal.h), else null.
    std::unique_ptr<ResumeJournal> journal_;
    int resumeRow_ = 0;
    std::string resumeNotice_;
    long long lastCheckpointNanos_ = 0;
};

}  // namespace tilewright
