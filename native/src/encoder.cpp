#include "tilewright/encoder.h"

#include <algorithm>
#include <cerrno>
#include <cstring>

#include "tilewright/error.h"
#include "tilewright/fast_png_output.h"
#include "tilewright/fast_tiff_output.h"
#include "tilewright/guarded_file.h"

namespace tilewright {

namespace {

/// Most bytes of caller pixels handed to OIIO in one call.
constexpr size_t kMaxBytesPerCall = size_t(8) << 20;

/// Replaces every occurrence of `from` in `text` with `to`, so that OIIO's messages name
/// the file the user asked for, not its temporary name.
std::string replaceAll(std::string text, const std::string& from, const std::string& to)
{
    if (from.empty())
        return text;
    for (size_t at = text.find(from); at != std::string::npos; at = text.find(from, at + to.size()))
        text.replace(at, from.size(), to);
    return text;
}

}  // namespace

Encoder::Encoder(std::unique_ptr<OIIO::ImageOutput> output, std::string displayPath,
                 std::string writePath, int rowsPerStrip)
    : output_(std::move(output)), displayPath_(std::move(displayPath)),
      writePath_(std::move(writePath)), rowsPerStrip_(std::max(1, rowsPerStrip)),
      randomAccess_(output_->supports("random_access") != 0),
      fastTiff_(dynamic_cast<FastTiffOutput*>(output_.get()))
{
}

Encoder::~Encoder() { abort(); }

void Encoder::writeScanlines(int yBegin, int yEnd, OIIO::TypeDesc format, const char* data)
{
    const OIIO::ImageSpec& s = spec();
    size_t rowBytes = size_t(s.width) * s.nchannels * format.size();
    int rowsPerCall = int(std::max<size_t>(1, kMaxBytesPerCall / rowBytes));
    rowsPerCall = std::max(rowsPerStrip_, rowsPerCall / rowsPerStrip_ * rowsPerStrip_);
    for (int y = yBegin; y < yEnd; y += rowsPerCall) {
        int end = std::min(yEnd, y + rowsPerCall);
        errno = 0;
        if (!output_->write_scanlines(y, end, 0, format, data + size_t(y - yBegin) * rowBytes))
            fail("writing rows " + rangeText(y, end));
    }
}

void Encoder::writeTiles(int xBegin, int xEnd, int yBegin, int yEnd, OIIO::TypeDesc format,
                         const char* data, size_t yStride)
{
    const int tw = spec().tile_width, th = spec().tile_height;
    size_t pixelBytes = size_t(spec().nchannels) * format.size();
    int tilesPerCall = int(std::max<size_t>(1, kMaxBytesPerCall / (size_t(tw) * th * pixelBytes)));
    const int xWhole = xBegin + (xEnd - xBegin) / tw * tw;  // end of the tiles that are whole
    for (int y = yBegin; y < yEnd; y += th) {
        int yStop = std::min(yEnd, y + th);
        const char* rowOrigin = data + size_t(y - yBegin) * yStride;
        int x = xBegin;
        if (yStop - y == th) {
            for (; x < xWhole; x += tilesPerCall * tw) {
                int xStop = int(std::min<long long>(xWhole, (long long)x + (long long)tilesPerCall * tw));
                errno = 0;
                if (!output_->write_tiles(x, xStop, y, yStop, 0, 1, format, rowOrigin + size_t(x - xBegin) * pixelBytes,
                                          OIIO::AutoStride, OIIO::stride_t(yStride)))
                    fail("writing tiles x " + rangeText(x, xStop) + ", y " + rangeText(y, yStop));
            }
            x = xWhole;
        }
        for (; x < xEnd; x += tw)
            writeEdgeTile(x, std::min(xEnd, x + tw), y, yStop, format, rowOrigin + size_t(x - xBegin) * pixelBytes,
                          yStride);
    }
}

void Encoder::writeEdgeTile(int xBegin, int xEnd, int yBegin, int yEnd, OIIO::TypeDesc format, const char* data,
                            size_t yStride)
{
    const int tw = spec().tile_width, th = spec().tile_height;
    size_t pixelBytes = size_t(spec().nchannels) * format.size();
    edgeTile_.assign(size_t(tw) * th * pixelBytes, 0);  // zeroed afresh: OIIO may predict in place
    for (int r = 0; r < yEnd - yBegin; ++r)
        std::memcpy(edgeTile_.data() + size_t(r) * tw * pixelBytes, data + size_t(r) * yStride,
                    size_t(xEnd - xBegin) * pixelBytes);
    errno = 0;
    if (!output_->write_tile(xBegin, yBegin, 0, format, edgeTile_.data()))
        fail("writing the tile at x " + std::to_string(xBegin) + ", y " + std::to_string(yBegin));
}

void Encoder::open(const OIIO::ImageSpec& spec, const std::vector<OIIO::ImageSpec>& laterParts)
{
    open_ = true;  // a failed open may still hold a handle; abort() closes it
    errno = 0;
    bool opened;
    const std::string format = output_->format_name();
    if (laterParts.empty() && (format == "jpeg" || format == "png") && !dynamic_cast<FastPngOutput*>(output_.get())
        && output_->supports("ioproxy")) {
        // libjpeg ends the process on a failed write, OIIO's PNG writer ignores one.
        guard_ = std::make_unique<GuardedFile>(writePath_);
        OIIO::ImageSpec guarded = spec;
        guard_->attachTo(guarded);
        opened = output_->open(writePath_, guarded);
    } else if (laterParts.empty()) {
        opened = output_->open(writePath_, spec);
    } else {
        // A multi-part file's header names every part before any pixel is written.
        std::vector<OIIO::ImageSpec> parts{spec};
        parts.insert(parts.end(), laterParts.begin(), laterParts.end());
        opened = output_->open(writePath_, int(parts.size()), parts.data());
    }
    if (!opened)
        fail("cannot open for writing");
}

void Encoder::beginPart(const OIIO::ImageSpec& spec, int part)
{
    errno = 0;
    if (!output_->open(writePath_, spec, OIIO::ImageOutput::AppendSubimage))
        fail("starting part " + std::to_string(part));
}

void Encoder::appendLevel(const OIIO::ImageSpec& levelSpec, int level)
{
    errno = 0;
    auto mode = output_->supports("mipmap") ? OIIO::ImageOutput::AppendMIPLevel
                                            : OIIO::ImageOutput::AppendSubimage;
    if (!output_->open(writePath_, levelSpec, mode))
        fail("adding pyramid level " + std::to_string(level));
}

void Encoder::close()
{
    errno = 0;
    if (!output_->close())
        fail("finishing the file");
    open_ = false;
    if (guard_) {
        int writeError = guard_->close();
        guard_.reset();
        if (writeError != 0) {
            errno = writeError;
            fail("writing the file");
        }
    }
}

void Encoder::abort() noexcept
{
    if (!open_)
        return;
    open_ = false;
    try {
        output_->close();
        output_->geterror();  // drop the message; an abandoned file has no reader
    } catch (...) {
        // A destructor path: nothing may escape.
    }
}

void Encoder::fail(const std::string& operation)
{
    int systemError = errno;  // before anything else can change it
    std::string detail = output_->geterror();
    std::string global = OIIO::geterror();
    if (!global.empty())
        detail += (detail.empty() ? "" : "; ") + global;
    detail = replaceAll(detail, writePath_, displayPath_);
    // libtiff and libpng report "write error" without the reason; the system knows it.
    std::string reason = systemError != 0 ? std::strerror(systemError) : std::string();
    if (!reason.empty() && detail.find(reason) == std::string::npos)
        detail += (detail.empty() ? "" : " (") + reason + (detail.empty() ? "" : ")");
    throw Error(displayPath_, operation + (detail.empty() ? std::string() : ": " + detail), ErrorKind::BadOutput);
}

}  // namespace tilewright
