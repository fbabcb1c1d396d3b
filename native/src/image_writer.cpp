#include "tilewright/image_writer.h"

#include <algorithm>
#include <chrono>

#include <sys/stat.h>

#include "tilewright/error.h"
#include "tilewright/fast_tiff_output.h"
#include "tilewright/ome_planes.h"
#include "tilewright/output_factory.h"
#include "tilewright/pixel_type.h"
#include "tilewright/pyramid_sink.h"
#include "tilewright/resume_journal.h"
#include "tilewright/thread_budget.h"
#include "tilewright/tile_row_gatherer.h"

namespace tilewright {

ImageWriter::ImageWriter(const OutputTarget& target, const Spec& spec, const OutputOptions& options)
    : ImageWriter(target, spec, options, {})
{
}

ImageWriter::ImageWriter(const OutputTarget& target, const Spec& spec, const OutputOptions& options,
                         const std::vector<OIIO::ImageSpec>& laterParts)
    : target_(target), ownBudget_(std::make_unique<ThreadBudget>(options.threads())), budget_(ownBudget_.get()),
      laterParts_(laterParts)
{
    ThreadBudget::Permit permit(*budget_);
    if (target_.kind() == OutputKind::OmeTiff && options.omePlanar() && spec.oiio().nchannels > 1) {
        OutputOptions plane = options;
        plane.setOmePlanar(false);
        planes_ = std::make_unique<OmePlanes>(target_, spec.oiio(), plane, *budget_);
        unitsTotal_ = planes_->first().unitsTotal();
        resumeRow_ = spec.oiio().y;
        return;
    }
    if (options.resumable()) {
        if (!isTiffKind(target_.kind()) || target_.journalPath().empty())
            fail("--resume continues TIFF and BigTIFF outputs only");
        journal_ = std::make_unique<ResumeJournal>(target_.journalPath(), options.resumeKey(), target_.temporaryPath(),
                                                   target_.finalPath());
        if (journal_->hasProgress() && !journalMatchesFiles(spec, options))
            journal_->startOver("the partial file or a pyramid level is missing or shorter than its journal says");
    }
    openFiles(spec, options);
    if (journal_ && !journal_->discardedBecause().empty())
        resumeNotice_ = "starting over: " + journal_->discardedBecause();
}

ImageWriter::ImageWriter(const OutputTarget& target, const Spec& spec, const OutputOptions& options,
                         ThreadBudget& budget)
    : target_(target), budget_(&budget)
{
    ThreadBudget::Permit permit(*budget_);
    openFiles(spec, options);
}

void ImageWriter::openFiles(const Spec& spec, const OutputOptions& options)
{
    while (true) {
        const bool continuing = journal_ && journal_->hasProgress();
        bool replaying = false;  // past opening the output: a failure now is the journal's mismatch
        OutputOptions opening = options;
        opening.setKeepExistingBytes(continuing);
        try {
            encoder_ = OutputFactory::open(target_, target_.temporaryPath(), spec.oiio(), opening, *budget_, &laterParts_);
            replaying = continuing;
            startCounting();
            if (journal_) {
                if (!encoder_->fastTiff() || !laterParts_.empty())
                    fail("--resume needs a TIFF of 8- or 16-bit integers with zip or no compression (Tilewright's"
                         " own TIFF encoder, whose appends it can replay); this one is " + std::string(spec.oiio().format.c_str())
                         + " with " + std::string(spec.oiio().get_string_attribute("compression", "zip")) + " compression");
                encoder_->fastTiff()->recordAppends();
                if (continuing && !encoder_->fastTiff()->replay(journal_->files().at(0)))
                    encoder_->fail("continuing the partial file");
            }
            if (options.wantsPyramid() && target_.kind() != OutputKind::OmeZarr)  // OME-Zarr makes its own
                pyramid_ = std::make_unique<PyramidSink>(target_, *encoder_, opening, *budget_,
                                                         journal_ ? &journal_->files() : nullptr);
            if (continuing)
                continueEarlierRun();
            return;
        } catch (const Error& e) {
            pyramid_.reset();
            encoder_.reset();
            if (!replaying || e.kind() == ErrorKind::BadArgument)
                throw;  // e.g. the folder is not writable: the journal stays for a later run
            // What the journal describes is not on disk as it says: start over, once.
            std::string prefix = target_.finalPath() + ": ";
            const std::string& m = e.message();
            journal_->startOver(m.compare(0, prefix.size(), prefix) == 0 ? m.substr(prefix.size()) : m);
        }
    }
}

bool ImageWriter::journalMatchesFiles(const Spec& spec, const OutputOptions& options)
{
    const std::vector<FileProgress>& files = journal_->files();
    size_t expected = options.wantsPyramid()
                          ? OutputFactory::pyramidLevels(target_.kind(), spec.oiio(), options.pyramidLevels()).size() : 1;
    if (files.size() != expected)
        return false;
    for (size_t k = 0; k < files.size(); ++k) {
        std::string path = k == 0 ? target_.temporaryPath() : target_.scratchPath("level" + std::to_string(k));
        struct stat st{};
        if (::stat(path.c_str(), &st) != 0 || uint64_t(st.st_size) < files[k].length)
            return false;
    }
    return true;
}

void ImageWriter::continueEarlierRun()
{
    FastTiffOutput* tiff = encoder_->fastTiff();
    const OIIO::ImageSpec& s = spec();
    const int rows = tiff->rowsWritten();
    if (rows != journal_->rowsDone())
        throw Error(target_.finalPath(), "its resume journal is damaged (it counts " + std::to_string(journal_->rowsDone())
                                             + " rows, its tiles make " + std::to_string(rows) + ")", ErrorKind::BadOutput);
    if (pyramid_) {
        // The levels' rows in progress are made again from the rows kept (decoded, not
        // recomputed); the rows each level file holds already are not written twice.
        size_t rowBytes = s.scanline_bytes();
        std::vector<char> tileRow(rowBytes * size_t(s.tile_height));
        for (int t = 0; t * s.tile_height < rows; ++t) {
            int y = s.y + t * s.tile_height;
            int n = std::min(s.tile_height, rows - t * s.tile_height);
            if (!tiff->readTileRow(t, tileRow.data(), rowBytes))
                throw Error(target_.finalPath(), "the partial file's tiles at rows " + rangeText(y, y + n)
                                                     + " do not decode", ErrorKind::BadOutput);
            pyramid_->observeRows(y, y + n, s.format, tileRow.data(), rowBytes);
        }
    }
    unitsWritten_ = encoder_->tiled() ? (long long)tiff->chunksWritten() : rows;
    nextUnit_ = unitsWritten_;
    resumeRow_ = s.y + rows;
    resumeNotice_ = "continuing: " + std::to_string(rows) + " of " + std::to_string(s.height)
                    + " rows were written by an earlier run";
}

void ImageWriter::checkpoint()
{
    if (!journal_)
        return;
    using Clock = std::chrono::steady_clock;
    long long now = std::chrono::duration_cast<std::chrono::nanoseconds>(Clock::now().time_since_epoch()).count();
    if (now - lastCheckpointNanos_ < 500'000'000LL)
        return;  // the chunks wait for the next one
    FastTiffOutput* tiff = encoder_->fastTiff();
    std::vector<FileProgress> appended(1);
    tiff->takeAppended(appended[0]);
    if (pyramid_)
        pyramid_->takeAppended(appended);
    if (std::all_of(appended.begin(), appended.end(), [](const FileProgress& f) { return f.chunks.empty(); }))
        return;
    // The files first, then the journal that points into them.
    if (!tiff->sync())
        encoder_->fail("making the partial file durable");
    if (pyramid_)
        pyramid_->sync();
    journal_->checkpoint(tiff->rowsWritten(), appended);
    lastCheckpointNanos_ = now;
}

void ImageWriter::startCounting()
{
    const OIIO::ImageSpec& s = spec();
    if (encoder_->tiled()) {
        long long across = (s.width + s.tile_width - 1) / s.tile_width;
        long long down = (s.height + s.tile_height - 1) / s.tile_height;
        unitsTotal_ = across * down;
    } else {
        unitsTotal_ = s.height;
    }
    unitsWritten_ = 0;
    nextUnit_ = 0;
    resumeRow_ = s.y;
    mode_ = Mode::Unknown;
    gatherer_.reset();
    done_.clear();
    if (encoder_->randomAccess())
        done_.assign(size_t(unitsTotal_), false);
}

void ImageWriter::requireCurrentPartComplete() const
{
    if (unitsWritten_ < unitsTotal_) {
        bool tiles = mode_ == Mode::Tiles || mode_ == Mode::TilesFromAnyThread;
        std::string unit = tiles ? "tiles" : encoder_->tiled() ? "tiles (from rows)" : "rows";
        fail("incomplete image: " + std::to_string(unitsWritten_) + " of " + std::to_string(unitsTotal_) + " "
             + unit + (laterParts_.empty() ? "" : " of part " + std::to_string(partsStarted_))
             + " were written, so it was not saved");
    }
}

void ImageWriter::nextPart()
{
    if (planes_)
        fail("there is no further part: an OME-TIFF holds one image");
    requireOpen();
    ThreadBudget::Permit permit(*budget_);
    if (partsStarted_ >= laterParts_.size())
        fail("there is no further part: the file was opened with " + std::to_string(laterParts_.size() + 1));
    requireCurrentPartComplete();
    encoder_->beginPart(laterParts_[partsStarted_], int(partsStarted_ + 1));
    ++partsStarted_;
    startCounting();
}

ImageWriter::~ImageWriter() { abort(); }

bool ImageWriter::supports(const std::string& feature) const
{
    if (planes_)
        return planes_->first().supports(feature);
    requireOpen();
    return encoder_->output().supports(feature) != 0;
}

std::string ImageWriter::formatName() const
{
    if (planes_)
        return planes_->first().formatName();
    requireOpen();
    return encoder_->output().format_name();
}

void ImageWriter::writeScanlines(int yBegin, int yEnd, int typeCode, const void* data, long long byteCount)
{
    ThreadBudget::Permit permit(*budget_);
    if (planes_) {
        planes_->writeScanlines(yBegin, yEnd, typeCode, data, byteCount);
        unitsWritten_ = planes_->first().unitsWritten();
        return;
    }
    requireOpen();
    const OIIO::ImageSpec& s = spec();
    OIIO::TypeDesc format = toTypeDesc(typeCode);
    if (yBegin >= yEnd || yBegin < s.y || yEnd > s.y + s.height)
        fail("rows " + rangeText(yBegin, yEnd) + " are not inside the image's rows " + rangeText(s.y, s.y + s.height));
    long long needed = (long long)(yEnd - yBegin) * s.width * s.nchannels * (long long)format.size();
    if (data == nullptr || byteCount < needed)
        fail("the buffer holds " + std::to_string(byteCount) + " bytes but rows " + rangeText(yBegin, yEnd)
             + " need " + std::to_string(needed));
    if (mode_ == Mode::Tiles || mode_ == Mode::TilesFromAnyThread)
        fail("rows and tiles cannot be mixed in one file");
    mode_ = Mode::Scanlines;
    const char* bytes = static_cast<const char*>(data);
    if (encoder_->tiled()) {
        gatherScanlinesIntoTiles(yBegin, yEnd, format, bytes);
        return;
    }
    const bool randomAccess = encoder_->randomAccess();
    long long first = yBegin - s.y;
    if (!randomAccess && first != nextUnit_)
        fail("rows out of order: row " + std::to_string(s.y + nextUnit_) + " comes next, got rows "
             + rangeText(yBegin, yEnd) + " (" + formatName() + " files are written top to bottom)");
    if (randomAccess)
        for (long long row = first; row < yEnd - s.y; ++row)
            if (done_[size_t(row)])
                fail("row " + std::to_string(s.y + row) + " was already written");
    encoder_->writeScanlines(yBegin, yEnd, format, bytes);
    for (long long row = first; randomAccess && row < yEnd - s.y; ++row)
        done_[size_t(row)] = true;
    if (pyramid_)
        pyramid_->observeRows(yBegin, yEnd, format, bytes, size_t(s.width) * s.nchannels * format.size());
    unitsWritten_ += yEnd - yBegin;
    nextUnit_ = yEnd - s.y;
    checkpoint();
}

void ImageWriter::gatherScanlinesIntoTiles(int yBegin, int yEnd, OIIO::TypeDesc format, const char* data)
{
    const OIIO::ImageSpec& s = spec();
    if (!gatherer_)
        gatherer_ = std::make_unique<TileRowGatherer>(s, format, resumeRow_);
    if (yBegin != gatherer_->nextRow())
        fail("rows out of order: row " + std::to_string(gatherer_->nextRow()) + " comes next, got rows "
             + rangeText(yBegin, yEnd) + " (rows of a tiled file are written top to bottom)");
    if (format != gatherer_->format())
        fail("rows of one file must all use the same pixel type");
    size_t rowBytes = size_t(s.width) * s.nchannels * format.size();
    if (pyramid_)
        pyramid_->observeRows(yBegin, yEnd, format, data, rowBytes);
    gatherer_->add(yBegin, yEnd, data, rowBytes, [&](int y0, int y1, const char* rows) {
        markTiles(s.x, s.x + s.width, y0, y1);
        encoder_->writeTiles(s.x, s.x + s.width, y0, y1, format, rows, rowBytes);
    });
    checkpoint();
}

void ImageWriter::writeTiles(int xBegin, int xEnd, int yBegin, int yEnd, int typeCode, const void* data,
                             long long byteCount)
{
    ThreadBudget::Permit permit(*budget_);
    if (planes_) {
        planes_->writeTiles(xBegin, xEnd, yBegin, yEnd, typeCode, data, byteCount);
        unitsWritten_ = planes_->first().unitsWritten();
        return;
    }
    requireOpen();
    if (!encoder_->tiled())
        fail("tiles were written to a scanline file; write rows, or give the spec a tile size");
    const OIIO::ImageSpec& s = spec();
    OIIO::TypeDesc format = toTypeDesc(typeCode);
    int xLimit = s.x + s.width;
    requireWholeTiles(xBegin, xEnd, yBegin, yEnd, format, data, byteCount);
    if (mode_ == Mode::Scanlines)
        fail("rows and tiles cannot be mixed in one file");
    if (mode_ == Mode::TilesFromAnyThread)
        fail("tiles written from any thread and in order cannot be mixed in one file");
    if (pyramid_ && (xBegin != s.x || xEnd != xLimit))
        fail("a pyramid is built from whole rows: write tiles a full row of tiles at a time, top to bottom");
    if (pyramid_ && yBegin - s.y != pyramid_->rowsReceived())
        fail("rows out of order for the pyramid: row " + std::to_string(s.y + pyramid_->rowsReceived())
             + " comes next, got rows " + rangeText(yBegin, yEnd) + " (levels are built as rows pass, top to bottom)");
    mode_ = Mode::Tiles;
    markTiles(xBegin, xEnd, yBegin, yEnd);
    size_t yStride = size_t(xEnd - xBegin) * s.nchannels * format.size();
    const char* bytes = static_cast<const char*>(data);
    encoder_->writeTiles(xBegin, xEnd, yBegin, yEnd, format, bytes, yStride);
    if (pyramid_)
        pyramid_->observeRows(yBegin, yEnd, format, bytes, yStride);
    checkpoint();
}

void ImageWriter::requireWholeTiles(int xBegin, int xEnd, int yBegin, int yEnd, OIIO::TypeDesc format,
                                    const void* data, long long byteCount) const
{
    const OIIO::ImageSpec& s = spec();
    int tw = s.tile_width, th = s.tile_height;
    int xLimit = s.x + s.width, yLimit = s.y + s.height;
    bool inside = xBegin < xEnd && yBegin < yEnd && xBegin >= s.x && yBegin >= s.y && xEnd <= xLimit
                  && yEnd <= yLimit;
    bool aligned = (xBegin - s.x) % tw == 0 && (yBegin - s.y) % th == 0
                   && (xEnd == xLimit || (xEnd - s.x) % tw == 0) && (yEnd == yLimit || (yEnd - s.y) % th == 0);
    if (!inside || !aligned)
        fail("region x " + rangeText(xBegin, xEnd) + ", y " + rangeText(yBegin, yEnd) + " is not a whole number of "
             + std::to_string(tw) + "x" + std::to_string(th) + " tiles inside the image (x "
             + rangeText(s.x, xLimit) + ", y " + rangeText(s.y, yLimit) + ")");
    long long needed = (long long)(xEnd - xBegin) * (yEnd - yBegin) * s.nchannels * (long long)format.size();
    if (data == nullptr || byteCount < needed)
        fail("the buffer holds " + std::to_string(byteCount) + " bytes but tiles need " + std::to_string(needed));
}

bool ImageWriter::acceptsTilesFromAnyThread() const
{
    return encoder_ && encoder_->fastTiff() && encoder_->tiled() && !pyramid_ && laterParts_.empty() && !journal_;
}

void ImageWriter::writeTilesFromAnyThread(int xBegin, int xEnd, int yBegin, int yEnd, int typeCode,
                                          const void* data, long long byteCount)
{
    requireOpen();
    if (!acceptsTilesFromAnyThread())
        fail("tiles from any thread are taken by tiled TIFF files with zip or no compression, 8 or 16 bits,"
             " and no pyramid; write these tiles in order");
    const OIIO::ImageSpec& s = spec();
    OIIO::TypeDesc format = toTypeDesc(typeCode);
    requireWholeTiles(xBegin, xEnd, yBegin, yEnd, format, data, byteCount);
    int tw = s.tile_width, th = s.tile_height;
    {
        std::lock_guard<std::mutex> lock(anyThread_);
        if (mode_ != Mode::Unknown && mode_ != Mode::TilesFromAnyThread)
            fail("tiles written from any thread and in order cannot be mixed in one file");
        if (mode_ == Mode::Unknown) {
            mode_ = Mode::TilesFromAnyThread;
            done_.assign(size_t(unitsTotal_), false);
        }
        for (int ty = yBegin; ty < yEnd; ty += th)
            for (int tx = xBegin; tx < xEnd; tx += tw)
                if (done_[size_t(tileIndex(tx, ty))])
                    fail("the tile at " + std::to_string(tx) + "," + std::to_string(ty) + " was already written");
        for (int ty = yBegin; ty < yEnd; ty += th)
            for (int tx = xBegin; tx < xEnd; tx += tw) {
                done_[size_t(tileIndex(tx, ty))] = true;
                ++unitsWritten_;
            }
    }
    size_t yStride = size_t(xEnd - xBegin) * s.nchannels * format.size();
    if (!encoder_->fastTiff()->writeTilesFromAnyThread(xBegin, xEnd, yBegin, yEnd, format, data,
                                                       OIIO::stride_t(yStride))) {
        std::string cause = encoder_->fastTiff()->geterror();
        std::lock_guard<std::mutex> lock(anyThread_);
        if (anyThreadFailure_.empty())
            anyThreadFailure_ = cause;
        throw Error(target_.finalPath(), "writing tiles x " + rangeText(xBegin, xEnd) + ", y " + rangeText(yBegin, yEnd)
                    + " failed: " + cause, ErrorKind::BadOutput);
    }
}

long long ImageWriter::tileIndex(int x, int y) const
{
    const OIIO::ImageSpec& s = spec();
    long long across = (s.width + s.tile_width - 1) / s.tile_width;
    return (long long)((y - s.y) / s.tile_height) * across + (x - s.x) / s.tile_width;
}

void ImageWriter::markTiles(int xBegin, int xEnd, int yBegin, int yEnd)
{
    const OIIO::ImageSpec& s = spec();
    const bool randomAccess = encoder_->randomAccess();
    int tw = s.tile_width, th = s.tile_height;
    long long expected = nextUnit_;
    // Check every tile first so that a refused call changes nothing.
    for (int ty = yBegin; ty < yEnd; ty += th)
        for (int tx = xBegin; tx < xEnd; tx += tw) {
            long long index = tileIndex(tx, ty);
            if (randomAccess ? bool(done_[size_t(index)]) : index != expected)
                fail(randomAccess ? "the tile at " + std::to_string(tx) + "," + std::to_string(ty) + " was already written"
                                  : "tiles out of order: the tile at " + std::to_string(tx) + "," + std::to_string(ty)
                                        + " came before tile " + std::to_string(expected) + " in raster order ("
                                        + formatName() + " tiles are written left to right, top to bottom)");
            ++expected;
        }
    for (int ty = yBegin; ty < yEnd; ty += th)
        for (int tx = xBegin; tx < xEnd; tx += tw) {
            long long index = tileIndex(tx, ty);
            if (randomAccess)
                done_[size_t(index)] = true;
            ++unitsWritten_;
        }
    nextUnit_ = expected;
}

void ImageWriter::finish()
{
    ThreadBudget::Permit permit(*budget_);
    if (planes_) {
        planes_->finish();
        planes_.reset();
        return;
    }
    requireOpen();
    if (!anyThreadFailure_.empty())
        throw Error(target_.finalPath(), "a tile could not be written (" + anyThreadFailure_ + "), so it was not saved",
                    ErrorKind::BadOutput);
    requireCurrentPartComplete();
    if (partsStarted_ < laterParts_.size())
        fail("incomplete file: " + std::to_string(partsStarted_ + 1) + " of " + std::to_string(laterParts_.size() + 1)
             + " parts were written, so it was not saved");
    if (pyramid_) {
        pyramid_->appendTo(*encoder_);
        pyramid_.reset();
    }
    for (const std::string& plane : planesToAppend_)
        if (!encoder_->fastTiff() || !encoder_->fastTiff()->appendPlane(plane))
            encoder_->fail("adding a channel plane");
    encoder_->close();
    encoder_.reset();
    journal_.reset();  // unlocked; the owner removes it with the partial file's other companions
}

void ImageWriter::abort() noexcept
{
    if (planes_)
        planes_->abort();
    planes_.reset();
    pyramid_.reset();  // closes the level files; the target's owner removes them
    encoder_.reset();  // closes without committing
}

void ImageWriter::requireOpen() const
{
    if (!encoder_ && !planes_)
        throw Error(target_.finalPath(), "the writer is closed", ErrorKind::BadArgument);
}

/// Every check here is about how the caller uses the writer (order, sizes, completeness).
void ImageWriter::fail(const std::string& cause) const { throw Error(target_.finalPath(), cause, ErrorKind::BadArgument); }

}  // namespace tilewright
