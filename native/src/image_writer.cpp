#include "tilewright/image_writer.h"

#include <algorithm>
#include <cerrno>
#include <cstring>

#include <OpenImageIO/strutil.h>

#include "tilewright/deep_zoom_output.h"
#include "tilewright/error.h"
#include "tilewright/fast_png_output.h"
#include "tilewright/fast_tiff_output.h"
#include "tilewright/image_reader.h"
#include "tilewright/level_files.h"
#include "tilewright/library.h"
#include "tilewright/pixel_type.h"
#include "tilewright/pyramid.h"

namespace tilewright {

namespace {

/// Most bytes of caller pixels handed to OIIO in one call (see writeTileRegion).
constexpr size_t kMaxBytesPerCall = size_t(8) << 20;

/// Replaces every occurrence of `from` in `text` with `to`, so that OIIO's
/// messages name the file the user asked for, not its temporary name.
std::string replaceAll(std::string text, const std::string& from, const std::string& to)
{
    if (from.empty())
        return text;
    for (size_t at = text.find(from); at != std::string::npos; at = text.find(from, at + to.size()))
        text.replace(at, from.size(), to);
    return text;
}

/// Removes Tilewright's own requests ("tilewright:…") so OIIO and its plugins never
/// see them (FastTiffOutput would otherwise step aside for an unknown attribute).
void eraseOwnAttributes(OIIO::ImageSpec& spec)
{
    auto& attributes = spec.extra_attribs;
    for (size_t i = attributes.size(); i-- > 0;)
        if (OIIO::Strutil::istarts_with(attributes[i].name().string(), "tilewright:"))
            attributes.erase(attributes.begin() + long(i));
}

}  // namespace

ImageWriter::ImageWriter(const std::string& formatPath, const std::string& writePath,
                         const Spec& spec)
    : displayPath_(formatPath), writePath_(writePath), spec_(spec.oiio())
{
    configureOpenImageIO();
    if (spec_.width <= 0 || spec_.height <= 0)
        fail("image size must be positive, got " + std::to_string(spec_.width) + " x "
             + std::to_string(spec_.height));
    if (spec_.nchannels <= 0)
        fail("an image needs at least one channel, got " + std::to_string(spec_.nchannels));
    const int levelRequest = spec_.get_int_attribute("tilewright:pyramid-levels", 0);
    const std::string filterName = spec_.get_string_attribute("tilewright:pyramid-filter");
    if (DeepZoomOutput::isDeepZoomPath(formatPath)) {
        out_ = std::make_unique<DeepZoomOutput>();  // reads its own tilewright:dzi-… options
    } else {
        eraseOwnAttributes(spec_);
        out_ = OIIO::ImageOutput::create(formatPath);
    }
    if (!out_) {
        std::string detail = OIIO::geterror();
        fail("no image format writes files with this extension"
             + (detail.empty() ? std::string() : " (" + detail + ")"));
    }
    tiled_ = spec_.tile_width > 0 && spec_.tile_height > 0;
    PyramidFilter filter = PyramidFilter::Box;
    if (levelRequest != 0)
        filter = preparePyramid(levelRequest, filterName);
    if (std::string(out_->format_name()) == "tiff" && FastTiffOutput::handles(spec_))
        out_ = std::make_unique<FastTiffOutput>();  // deflates on every core; see its header
    else if (std::string(out_->format_name()) == "png" && FastPngOutput::handles(spec_))
        out_ = std::make_unique<FastPngOutput>();   // filters and deflates on every core
    tiled_ = spec_.tile_width > 0 && spec_.tile_height > 0;
    if (tiled_ && !out_->supports("tiles"))
        // OIIO would emulate tiles by buffering the whole image in memory.
        fail(std::string(out_->format_name())
             + " files cannot be tiled; use tile size 0 (scanlines) for this format");
    requireKnownCompression();
    requireSizeFitsFormat();
    if (std::string(out_->format_name()) == "tiff" && !tiled_) {
        // OIIO compresses strips in parallel only for calls made of whole strips, so
        // fix the strip height and cut every call on strip boundaries.
        rowsPerStrip_ = spec_.get_int_attribute("tiff:RowsPerStrip", 32);
        spec_.attribute("tiff:RowsPerStrip", rowsPerStrip_);
    }
    if (std::string(out_->format_name()) == "png"
        && !spec_.find_attribute("oiio:UnassociatedAlpha"))
        // PNG stores unassociated alpha; without this OIIO would divide the caller's
        // colour by alpha on the way out, and the stored values would not be the given ones.
        spec_.attribute("oiio:UnassociatedAlpha", 1);
    randomAccess_ = out_->supports("random_access");
    if (!out_->open(writePath_, spec_))
        failFromOiio("cannot open for writing");
    spec_ = out_->spec();  // the plugin may have adjusted the type or the tiling
    tiled_ = spec_.tile_width > 0 && spec_.tile_height > 0;
    if (tiled_) {
        long long across = (spec_.width + spec_.tile_width - 1) / spec_.tile_width;
        long long down = (spec_.height + spec_.tile_height - 1) / spec_.tile_height;
        unitsTotal_ = across * down;
    } else {
        unitsTotal_ = spec_.height;
    }
    if (randomAccess_)
        done_.assign(size_t(unitsTotal_), false);
    if (levelRequest != 0) {
        bool exr = std::string(out_->format_name()) == "openexr";
        std::vector<LevelSize> sizes =
            exr ? pyramidLevelSizes(spec_.width, spec_.height, 1, 1, 0)
            : levelRequest < 0 ? pyramidLevelSizes(spec_.width, spec_.height, spec_.tile_width, spec_.tile_height, 0)
                               : pyramidLevelSizes(spec_.width, spec_.height, 1, 1, levelRequest);
        if (exr && levelRequest > 0 && levelRequest != int(sizes.size()))
            fail("an OpenEXR MIP-map holds every level down to one pixel, " + std::to_string(sizes.size())
                 + " for this size, not " + std::to_string(levelRequest) + "; ask for automatic levels");
        levels_ = std::make_unique<LevelFiles>(displayPath_, writePath_, spec_, std::move(sizes), filter);
    }
}

ImageWriter::~ImageWriter() { abort(); }

PyramidFilter ImageWriter::preparePyramid(int levelRequest, const std::string& filterName)
{
    PyramidFilter filter = parsePyramidFilter(filterName, displayPath_);  // refused before any work
    if (levelRequest < -1)
        fail("pyramid levels must be a count of at least 1, or automatic, got " + std::to_string(levelRequest));
    // OIIO's TIFF writer stores levels as further subimages (the texture tag makes its
    // reader see MIP levels); OpenEXR appends MIP levels proper.
    if (!out_->supports("mipmap") && !(std::string(out_->format_name()) == "tiff" && out_->supports("multiimage")))
        fail(std::string(out_->format_name())
             + " files cannot hold pyramid levels; write a TIFF or OpenEXR file, or a .dzi folder");
    if (!tiled_)
        fail("pyramid levels are stored as tiles; give the output a tile size (256 is usual)");
    // Both plugins store reduced levels as MIP levels of a texture: TIFF as further
    // directories marked "reduced resolution", OpenEXR as a MIPMAP_LEVELS tiled file.
    spec_.attribute("textureformat", "Plain Texture");
    if (std::string(out_->format_name()) == "openexr")
        spec_.attribute("openexr:roundingmode", 1);  // ROUND_UP: the sizes LevelChain makes
    return filter;
}

bool ImageWriter::usesFastTiff() const { return dynamic_cast<FastTiffOutput*>(out_.get()) != nullptr; }

void ImageWriter::requireNextLevelRows(int yBegin, int yEnd) const
{
    if (levels_ && yBegin - spec_.y != levels_->rowsReceived())
        fail("rows out of order for the pyramid: row " + std::to_string(spec_.y + levels_->rowsReceived())
             + " comes next, got rows " + rangeText(yBegin, yEnd)
             + " (levels are built as rows pass, top to bottom)");
}

void ImageWriter::feedLevels(int yBegin, int yEnd, OIIO::TypeDesc format, const char* data,
                             size_t rowStride)
{
    if (!levels_)
        return;
    requireNextLevelRows(yBegin, yEnd);
    if (format == spec_.format) {
        levels_->pushRows(data, yEnd - yBegin, rowStride);
        return;
    }
    // Levels reduce the stored values, so convert to the file's type first.
    size_t rowBytes = spec_.scanline_bytes();
    levelScratch_.resize(rowBytes);
    for (int y = yBegin; y < yEnd; ++y) {
        const char* row = data + size_t(y - yBegin) * rowStride;
        if (!OIIO::convert_pixel_values(format, row, spec_.format, levelScratch_.data(),
                                        spec_.width * spec_.nchannels))
            fail(std::string("cannot convert ") + format.c_str() + " rows to " + spec_.format.c_str());
        levels_->pushRows(levelScratch_.data(), 1, rowBytes);
    }
}

void ImageWriter::appendLevels()
{
    for (int level = 1; level < levels_->levelCount(); ++level) {
        bool raw = usesFastTiff() && levels_->levelUsesFastTiff(level);
        std::string path = levels_->finishLevel(level);
        OIIO::ImageSpec levelSpec = levels_->levelSpec(level);
        if (std::string(out_->format_name()) == "tiff")
            levelSpec.attribute("tiff:subfiletype", 1);  // FILETYPE_REDUCEDIMAGE: GDAL's overviews
        errno = 0;
        auto mode = out_->supports("mipmap") ? OIIO::ImageOutput::AppendMIPLevel : OIIO::ImageOutput::AppendSubimage;
        if (!out_->open(writePath_, levelSpec, mode))
            failFromOiio("adding pyramid level " + std::to_string(level));
        spec_ = out_->spec();
        copyLevel(level, path, raw);
        levels_->removeLevel(level);
    }
}

void ImageWriter::copyLevel(int level, const std::string& path, bool rawTiles)
{
    if (rawTiles) {
        // Same codec, tiles and predictor: the compressed tiles move as they are.
        errno = 0;
        if (!static_cast<FastTiffOutput*>(out_.get())->appendRawTiles(path))
            failFromOiio("adding pyramid level " + std::to_string(level));
        return;
    }
    ImageReader reader(path);
    const OIIO::ImageSpec& s = reader.oiioSpec();
    size_t rowBytes = s.scanline_bytes();
    std::vector<char> tileRow(rowBytes * size_t(spec_.tile_height));
    for (int y = s.y; y < s.y + s.height; y += spec_.tile_height) {
        int rows = std::min(spec_.tile_height, s.y + s.height - y);
        reader.readRegionStrided(s.x, y, s.width, rows, 0, s.nchannels, s.format, tileRow.data(), rowBytes);
        writeTileRegion(spec_.x, spec_.x + spec_.width, spec_.y + (y - s.y), spec_.y + (y - s.y) + rows,
                        s.format, tileRow.data());
    }
}

void ImageWriter::requireSizeFitsFormat() const
{
    // Limits of the format or of the library OIIO writes it with, found before any work
    // rather than after hours: libpng refuses more than 1 000 000 pixels a side unless
    // its user limits are raised, which OIIO 2.4 does not do; JPEG stores 16-bit sizes;
    // BMP and Targa store 32- and 16-bit ones.
    static const std::vector<std::pair<std::string, long long>> limits = {
        {"png", 1000000}, {"jpeg", 65535}, {"targa", 65535}, {"bmp", 2147483647LL}};
    std::string format = out_->format_name();
    for (const auto& [fmt, limit] : limits)
        if (fmt == format && ((long long)spec_.width > limit || (long long)spec_.height > limit))
            fail(format + " files hold at most " + std::to_string(limit) + " pixels a side ("
                 + (format == "png" ? "libpng's limit" : "the format's limit") + "), this image is "
                 + std::to_string(spec_.width) + " x " + std::to_string(spec_.height)
                 + "; write TIFF or OpenEXR instead");
}

void ImageWriter::requireKnownCompression() const
{
    // OIIO 2.4's TIFF writer silently turns any name it does not know (zstd, say) into
    // deflate; refuse instead, so that what is asked for is what is written.
    static const std::vector<std::pair<std::string, std::vector<std::string>>> known = {
        {"tiff", {"none", "lzw", "zip", "deflate", "packbits", "jpeg", "ccittrle"}},
        {"openexr", {"none", "rle", "zip", "zips", "piz", "pxr24", "b44", "b44a", "dwaa", "dwab"}},
    };
    std::string name = spec_.decode_compression_metadata().first;
    if (name.empty())
        return;
    std::string format = out_->format_name();
    for (const auto& [fmt, names] : known) {
        if (fmt != format)
            continue;
        if (std::find(names.begin(), names.end(), OIIO::Strutil::lower(name)) != names.end())
            return;
        std::string list;
        for (const auto& n : names)
            list += (list.empty() ? "" : ", ") + n;
        fail("compression '" + name + "' is not available for " + format + " files in OpenImageIO "
             + OIIO_VERSION_STRING + "; choose one of " + list);
    }
}

bool ImageWriter::supports(const std::string& feature) const
{
    requireOpen();
    return out_->supports(feature) != 0;
}

std::string ImageWriter::formatName() const
{
    requireOpen();
    return out_->format_name();
}

void ImageWriter::writeScanlines(int yBegin, int yEnd, int typeCode, const void* data,
                                 long long byteCount)
{
    requireOpen();
    OIIO::TypeDesc format = toTypeDesc(typeCode);
    if (yBegin >= yEnd || yBegin < spec_.y || yEnd > spec_.y + spec_.height)
        fail("rows " + rangeText(yBegin, yEnd) + " are not inside the image's rows "
             + rangeText(spec_.y, spec_.y + spec_.height));
    long long needed = (long long)(yEnd - yBegin) * spec_.width * spec_.nchannels
                       * (long long)format.size();
    if (data == nullptr || byteCount < needed)
        fail("the buffer holds " + std::to_string(byteCount) + " bytes but rows "
             + rangeText(yBegin, yEnd) + " need " + std::to_string(needed));
    if (mode_ == Mode::Tiles)
        fail("rows and tiles cannot be mixed in one file");
    mode_ = Mode::Scanlines;
    if (tiled_) {
        gatherScanlinesIntoTiles(yBegin, yEnd, format, static_cast<const char*>(data));
        return;
    }
    long long first = yBegin - spec_.y;
    if (!randomAccess_ && first != nextUnit_)
        fail("rows out of order: row " + std::to_string(spec_.y + nextUnit_)
             + " comes next, got rows " + rangeText(yBegin, yEnd) + " (" + out_->format_name()
             + " files are written top to bottom)");
    if (randomAccess_)
        for (long long row = first; row < yEnd - spec_.y; ++row)
            if (done_[size_t(row)])
                fail("row " + std::to_string(spec_.y + row) + " was already written");
    // Hand OIIO bounded pieces: its plugins keep converted and compressed copies of
    // what one call passes, so a huge call would cost as much memory again.
    size_t rowBytes = size_t(spec_.width) * spec_.nchannels * format.size();
    int rowsPerCall = int(std::max<size_t>(1, kMaxBytesPerCall / rowBytes));
    rowsPerCall = std::max(rowsPerStrip_, rowsPerCall / rowsPerStrip_ * rowsPerStrip_);
    const char* bytes = static_cast<const char*>(data);
    for (int y = yBegin; y < yEnd; y += rowsPerCall) {
        int end = std::min(yEnd, y + rowsPerCall);
        errno = 0;
        if (!out_->write_scanlines(y, end, 0, format, bytes + size_t(y - yBegin) * rowBytes))
            failFromOiio("writing rows " + rangeText(y, end));
    }
    for (long long row = first; randomAccess_ && row < yEnd - spec_.y; ++row)
        done_[size_t(row)] = true;
    feedLevels(yBegin, yEnd, format, bytes, rowBytes);
    unitsWritten_ += yEnd - yBegin;
    nextUnit_ = yEnd - spec_.y;
}

void ImageWriter::gatherScanlinesIntoTiles(int yBegin, int yEnd, OIIO::TypeDesc format,
                                           const char* data)
{
    int nextRow = tileRowY_ + tileRowFilled_;
    if (tileRow_.empty()) {
        tileRowY_ = spec_.y;
        nextRow = spec_.y;
        tileRowFormat_ = format;
        tileRow_.resize(size_t(spec_.width) * spec_.nchannels * format.size()
                        * size_t(spec_.tile_height));
    }
    if (yBegin != nextRow)
        fail("rows out of order: row " + std::to_string(nextRow) + " comes next, got rows "
             + rangeText(yBegin, yEnd) + " (rows of a tiled file are written top to bottom)");
    if (format != tileRowFormat_)
        fail("rows of one file must all use the same pixel type");
    size_t rowBytes = size_t(spec_.width) * spec_.nchannels * format.size();
    feedLevels(yBegin, yEnd, format, data, rowBytes);
    for (int y = yBegin; y < yEnd; ++y) {
        std::memcpy(tileRow_.data() + size_t(tileRowFilled_) * rowBytes,
                    data + size_t(y - yBegin) * rowBytes, rowBytes);
        ++tileRowFilled_;
        int rowsInTileRow = std::min(spec_.tile_height, spec_.y + spec_.height - tileRowY_);
        if (tileRowFilled_ == rowsInTileRow)
            flushTileRow();
    }
}

void ImageWriter::flushTileRow()
{
    int yEnd = tileRowY_ + tileRowFilled_;
    markTiles(spec_.x, spec_.x + spec_.width, tileRowY_, yEnd);
    writeTileRegion(spec_.x, spec_.x + spec_.width, tileRowY_, yEnd, tileRowFormat_,
                    tileRow_.data());
    tileRowY_ = yEnd;
    tileRowFilled_ = 0;
    if (yEnd == spec_.y + spec_.height)
        std::vector<char>().swap(tileRow_);
}

void ImageWriter::writeTiles(int xBegin, int xEnd, int yBegin, int yEnd, int typeCode,
                             const void* data, long long byteCount)
{
    requireOpen();
    if (!tiled_)
        fail("tiles were written to a scanline file; write rows, or give the spec a tile size");
    OIIO::TypeDesc format = toTypeDesc(typeCode);
    int tw = spec_.tile_width, th = spec_.tile_height;
    int xLimit = spec_.x + spec_.width, yLimit = spec_.y + spec_.height;
    bool inside = xBegin < xEnd && yBegin < yEnd && xBegin >= spec_.x && yBegin >= spec_.y
                  && xEnd <= xLimit && yEnd <= yLimit;
    bool aligned = (xBegin - spec_.x) % tw == 0 && (yBegin - spec_.y) % th == 0
                   && (xEnd == xLimit || (xEnd - spec_.x) % tw == 0)
                   && (yEnd == yLimit || (yEnd - spec_.y) % th == 0);
    if (!inside || !aligned)
        fail("region x " + rangeText(xBegin, xEnd) + ", y " + rangeText(yBegin, yEnd)
             + " is not a whole number of " + std::to_string(tw) + "x" + std::to_string(th)
             + " tiles inside the image (x " + rangeText(spec_.x, xLimit) + ", y "
             + rangeText(spec_.y, yLimit) + ")");
    long long needed = (long long)(xEnd - xBegin) * (yEnd - yBegin) * spec_.nchannels
                       * (long long)format.size();
    if (data == nullptr || byteCount < needed)
        fail("the buffer holds " + std::to_string(byteCount) + " bytes but tiles need "
             + std::to_string(needed));
    if (mode_ == Mode::Scanlines)
        fail("rows and tiles cannot be mixed in one file");
    if (levels_ && (xBegin != spec_.x || xEnd != xLimit))
        fail("a pyramid is built from whole rows: write tiles a full row of tiles at a time, top to bottom");
    requireNextLevelRows(yBegin, yEnd);
    mode_ = Mode::Tiles;
    markTiles(xBegin, xEnd, yBegin, yEnd);
    writeTileRegion(xBegin, xEnd, yBegin, yEnd, format, static_cast<const char*>(data));
    feedLevels(yBegin, yEnd, format, static_cast<const char*>(data),
               size_t(xEnd - xBegin) * spec_.nchannels * format.size());
}

void ImageWriter::writeTileRegion(int xBegin, int xEnd, int yBegin, int yEnd,
                                  OIIO::TypeDesc format, const char* data)
{
    // Row of tiles by row of tiles, left to right (raster order), in pieces of at most
    // kMaxBytesPerCall, which still hold enough tiles for OIIO to compress in parallel.
    const int tw = spec_.tile_width, th = spec_.tile_height;
    size_t pixelBytes = size_t(spec_.nchannels) * format.size();
    OIIO::stride_t yStride = OIIO::stride_t(xEnd - xBegin) * pixelBytes;
    int tilesPerCall = int(std::max<size_t>(1, kMaxBytesPerCall / (size_t(tw) * th * pixelBytes)));
    for (int y = yBegin; y < yEnd; y += th) {
        int yStop = std::min(yEnd, y + th);
        for (int x = xBegin; x < xEnd; x += tilesPerCall * tw) {
            int xStop = int(std::min<long long>(xEnd, (long long)x + (long long)tilesPerCall * tw));
            const char* origin = data + size_t(y - yBegin) * yStride + size_t(x - xBegin) * pixelBytes;
            errno = 0;
            if (!out_->write_tiles(x, xStop, y, yStop, 0, 1, format, origin, OIIO::AutoStride, yStride))
                failFromOiio("writing tiles x " + rangeText(x, xStop) + ", y " + rangeText(y, yStop));
        }
    }
}

void ImageWriter::markTiles(int xBegin, int xEnd, int yBegin, int yEnd)
{
    int tw = spec_.tile_width, th = spec_.tile_height;
    long long across = (spec_.width + tw - 1) / tw;
    long long expected = nextUnit_;
    // Check every tile first so that a refused call changes nothing.
    for (int ty = yBegin; ty < yEnd; ty += th)
        for (int tx = xBegin; tx < xEnd; tx += tw) {
            long long index = (long long)((ty - spec_.y) / th) * across + (tx - spec_.x) / tw;
            if (randomAccess_ ? bool(done_[size_t(index)]) : index != expected)
                fail(randomAccess_ ? "the tile at " + std::to_string(tx) + "," + std::to_string(ty)
                                         + " was already written"
                                   : "tiles out of order: the tile at " + std::to_string(tx) + ","
                                         + std::to_string(ty) + " came before tile "
                                         + std::to_string(expected) + " in raster order ("
                                         + out_->format_name()
                                         + " tiles are written left to right, top to bottom)");
            ++expected;
        }
    for (int ty = yBegin; ty < yEnd; ty += th)
        for (int tx = xBegin; tx < xEnd; tx += tw) {
            long long index = (long long)((ty - spec_.y) / th) * across + (tx - spec_.x) / tw;
            if (randomAccess_)
                done_[size_t(index)] = true;
            ++unitsWritten_;
        }
    nextUnit_ = expected;
}

void ImageWriter::finish()
{
    requireOpen();
    if (unitsWritten_ < unitsTotal_) {
        std::string unit = mode_ == Mode::Tiles ? "tiles" : tiled_ ? "tiles (from rows)" : "rows";
        fail("incomplete image: " + std::to_string(unitsWritten_) + " of "
             + std::to_string(unitsTotal_) + " " + unit + " were written, so it was not saved");
    }
    if (levels_) {
        appendLevels();
        levels_.reset();
    }
    errno = 0;
    if (!out_->close())
        failFromOiio("finishing the file");
    out_.reset();
}

void ImageWriter::abort() noexcept
{
    try {
        if (out_) {
            out_->close();
            out_->geterror();  // drop the message; an abandoned file has no reader
        }
    } catch (...) {
        // A destructor path: nothing may escape.
    }
    out_.reset();
    levels_.reset();  // abandons and removes the temporary level files
}

void ImageWriter::requireOpen() const
{
    if (!out_)
        throw Error(displayPath_, "the writer is closed");
}

void ImageWriter::fail(const std::string& cause) const { throw Error(displayPath_, cause); }

void ImageWriter::failFromOiio(const std::string& operation)
{
    int systemError = errno;  // before anything else can change it
    std::string detail = out_ ? out_->geterror() : std::string();
    std::string global = OIIO::geterror();
    if (!global.empty())
        detail += (detail.empty() ? "" : "; ") + global;
    detail = replaceAll(detail, writePath_, displayPath_);
    // libtiff and libpng report "write error" without the reason; the system knows it.
    std::string reason = systemError != 0 ? std::strerror(systemError) : std::string();
    if (!reason.empty() && detail.find(reason) == std::string::npos)
        detail += (detail.empty() ? "" : " (") + reason + (detail.empty() ? "" : ")");
    fail(operation + (detail.empty() ? std::string() : ": " + detail));
}

}  // namespace tilewright
