#include "tilewright/deep_zoom_output.h"

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>
#include <utility>

#include <OpenImageIO/strutil.h>

#include "tilewright/error.h"
#include "tilewright/guarded_file.h"
#include "tilewright/thread_budget.h"
#include "tilewright/rows.h"

namespace tilewright {

namespace {

/// Creates `path`, which must not exist yet; "" or the system's reason.
std::string makeFolder(const std::string& path)
{
    errno = 0;
    return ::mkdir(path.c_str(), 0777) == 0 ? std::string() : std::strerror(errno);
}

}  // namespace

DeepZoomOutput::DeepZoomOutput(std::string tileFolder, const OutputOptions& options, ThreadBudget& budget)
    : budget_(budget), tileFolder_(std::move(tileFolder)), extension_(options.deepZoomPng() ? "png" : "jpeg"),
      tileSize_(options.deepZoomTileSize()), overlap_(options.deepZoomOverlap()),
      quality_(options.deepZoomQuality()), filter_(options.pyramidFilter())
{
}

DeepZoomOutput::~DeepZoomOutput() = default;

int DeepZoomOutput::supports(OIIO::string_view feature) const
{
    return feature == "alpha" || feature == "nchannels";
}

bool DeepZoomOutput::open(const std::string& name, const OIIO::ImageSpec& spec, OpenMode mode)
{
    if (mode != Create) {
        errorfmt("Deep Zoom folders hold one image");
        return false;
    }
    if (spec.nchannels < 1 || spec.nchannels > 4) {
        errorfmt("Deep Zoom tiles hold 1 to 4 channels, this image has {}", spec.nchannels);
        return false;
    }
    path_ = name;
    m_spec = spec;
    if (tileFolder_.empty()) {
        errorfmt("no tile folder was given for the Deep Zoom output");
        return false;
    }
    if (extension_ == "jpeg" && (spec.nchannels == 2 || spec.nchannels == 4)) {
        errorfmt("JPEG tiles cannot hold alpha; use png tiles for this image");
        return false;
    }
    m_spec.format = OIIO::TypeUInt8;  // what the tiles hold

    const std::string& folder = tileFolder_;
    std::vector<LevelSize> sizes = pyramidLevelSizes(spec.width, spec.height, 1, 1, 0);
    const int maxLevel = int(sizes.size()) - 1;
    for (size_t k = 0; k < sizes.size(); ++k) {
        Level level;
        level.dziLevel = maxLevel - int(k);
        level.width = sizes[k].width;
        level.height = sizes[k].height;
        level.folder = folder + "/" + std::to_string(level.dziLevel);
        if (std::string why = makeFolder(level.folder); !why.empty()) {
            errorfmt("cannot create the tile folder {}: {}", level.folder, why);
            return false;
        }
        levels_.push_back(std::move(level));
    }
    chain_ = std::make_unique<LevelChain>(sizes, spec.nchannels, OIIO::TypeUInt8, filter_,
                                          [this](int k, int, const char* pixels) {
                                              addRow(levels_[size_t(k)],
                                                     reinterpret_cast<const unsigned char*>(pixels));
                                          });
    return true;
}

bool DeepZoomOutput::write_scanline(int y, int z, OIIO::TypeDesc format, const void* data,
                                    OIIO::stride_t xstride)
{
    return write_scanlines(y, y + 1, z, format, data, xstride, OIIO::AutoStride);
}

bool DeepZoomOutput::write_scanlines(int ybegin, int yend, int, OIIO::TypeDesc format, const void* data,
                                     OIIO::stride_t xstride, OIIO::stride_t ystride)
{
    if (!chain_ || ybegin != m_spec.y + rowsReceived_) {
        errorfmt("rows must be written top to bottom (expected row {}, got {})", m_spec.y + rowsReceived_, ybegin);
        return false;
    }
    rowScratch_.clear();
    if (!appendRows(m_spec, yend - ybegin, format, data, xstride, ystride, OIIO::TypeUInt8, rowScratch_)) {
        errorfmt("converting rows to 8-bit tiles failed");
        return false;
    }
    const size_t rowBytes = size_t(m_spec.width) * m_spec.nchannels;
    try {
        for (int y = ybegin; y < yend; ++y) {
            const unsigned char* row = rowScratch_.data() + size_t(y - ybegin) * rowBytes;
            addRow(levels_[0], row);
            chain_->pushRow(reinterpret_cast<const char*>(row));
            ++rowsReceived_;
        }
    } catch (const Error& e) {
        errorfmt("{}", e.message());
        return false;
    } catch (const std::exception& e) {
        errorfmt("{}", e.what());
        return false;
    }
    return true;
}

void DeepZoomOutput::addRow(Level& level, const unsigned char* pixels)
{
    const size_t rowBytes = size_t(level.width) * m_spec.nchannels;
    level.rows.resize(size_t(level.held + 1) * rowBytes);
    std::memcpy(level.rows.data() + size_t(level.held) * rowBytes, pixels, rowBytes);
    ++level.held;
    // Row of tiles r spans rows [r*size - overlap, (r+1)*size + overlap), clipped.
    const int yEnd = level.top + level.held;
    const int r = level.tileRow;
    const int bottom = std::min(level.height, (r + 1) * tileSize_ + overlap_);
    if (yEnd < bottom)
        return;
    cutTileRow(level, std::max(0, r * tileSize_ - overlap_), bottom);
    ++level.tileRow;
    // Keep the rows the next row of tiles shares with this one.
    int nextTop = std::max(0, (r + 1) * tileSize_ - overlap_);
    int drop = std::min(level.held, nextTop - level.top);
    std::memmove(level.rows.data(), level.rows.data() + size_t(drop) * rowBytes,
                 size_t(level.held - drop) * rowBytes);
    level.held -= drop;
    level.top += drop;
    level.rows.resize(size_t(level.held) * rowBytes);
}

void DeepZoomOutput::cutTileRow(Level& level, int yBegin, int yEnd)
{
    const int columns = (level.width + tileSize_ - 1) / tileSize_;
    budget_.parallelFor(size_t(columns), [&](size_t c) {
        int column = int(c);
        int xBegin = std::max(0, column * tileSize_ - overlap_);
        int xEnd = std::min(level.width, (column + 1) * tileSize_ + overlap_);
        encodeTile(level, column, xBegin, xEnd, yBegin, yEnd);
    });
}

void DeepZoomOutput::encodeTile(const Level& level, int column, int xBegin, int xEnd, int yBegin, int yEnd)
{
    std::string path = level.folder + "/" + std::to_string(column) + "_" + std::to_string(level.tileRow) + "."
                       + extension_;
    std::unique_ptr<OIIO::ImageOutput> out = OIIO::ImageOutput::create(path);
    if (!out)
        throw Error(path, "no " + extension_ + " writer: " + OIIO::geterror(), ErrorKind::BadOutput);
    OIIO::ImageSpec tile(xEnd - xBegin, yEnd - yBegin, m_spec.nchannels, OIIO::TypeUInt8);
    tile.channelnames = m_spec.channelnames;
    tile.alpha_channel = m_spec.alpha_channel;
    if (extension_ == "jpeg")
        tile.attribute("compression", "jpeg:" + std::to_string(quality_));
    else
        tile.attribute("oiio:UnassociatedAlpha", 1);  // store the given values, not divided by alpha
    const size_t pixelBytes = size_t(m_spec.nchannels);
    const size_t rowBytes = size_t(level.width) * pixelBytes;
    const unsigned char* origin = level.rows.data() + size_t(yBegin - level.top) * rowBytes + size_t(xBegin) * pixelBytes;
    errno = 0;
    GuardedFile file(path);  // libjpeg would end the process on a full disk
    file.attachTo(tile);
    bool ok = out->open(path, tile)
              && out->write_image(OIIO::TypeUInt8, origin, OIIO::stride_t(pixelBytes), OIIO::stride_t(rowBytes))
              && out->close();
    if (int writeError = file.close(); ok && writeError != 0) {
        errno = writeError;
        ok = false;
    }
    if (!ok) {
        std::string detail = out->geterror();
        if (errno != 0 && detail.find(std::strerror(errno)) == std::string::npos)
            detail += std::string(detail.empty() ? "" : " (") + std::strerror(errno) + (detail.empty() ? "" : ")");
        throw Error(path, "writing a tile failed: " + detail, ErrorKind::BadOutput);
    }
}

bool DeepZoomOutput::writeDescriptor()
{
    // Into the file the output's owner made, never a new one: a signal that removed it while
    // the last tiles were written has stopped the job, and a file made now would outlive it.
    int descriptor = ::open(path_.c_str(), O_WRONLY | O_TRUNC | O_CLOEXEC);
    FILE* file = descriptor >= 0 ? ::fdopen(descriptor, "w") : nullptr;
    if (!file) {
        int reason = errno;
        if (descriptor >= 0)
            ::close(descriptor);
        errorfmt("cannot write {}: {}", path_, reason == ENOENT ? "removed while written (stopped)" : std::strerror(reason));
        return false;
    }
    int written = std::fprintf(file,
                               "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                               "<Image xmlns=\"http://schemas.microsoft.com/deepzoom/2008\" Format=\"%s\" "
                               "Overlap=\"%d\" TileSize=\"%d\">\n"
                               "  <Size Width=\"%d\" Height=\"%d\"/>\n"
                               "</Image>\n",
                               extension_.c_str(), overlap_, tileSize_, m_spec.width, m_spec.height);
    errno = 0;
    bool ok = written > 0 && std::fclose(file) == 0;
    if (!ok)
        errorfmt("cannot write {}: {}", path_, std::strerror(errno ? errno : EIO));
    return ok;
}

bool DeepZoomOutput::close()
{
    if (!chain_)
        return true;
    bool complete = rowsReceived_ == m_spec.height;
    chain_.reset();
    levels_.clear();
    // An incomplete image gets no descriptor; its owner removes the folder.
    return complete ? writeDescriptor() : true;
}

}  // namespace tilewright
