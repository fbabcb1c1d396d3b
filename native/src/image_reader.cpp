#include "tilewright/image_reader.h"

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <new>
#include <system_error>

#include <OpenImageIO/strutil.h>

#include "tilewright/decode_footprint.h"
#include "tilewright/error.h"
#include "tilewright/library.h"
#include "tilewright/open_screen.h"
#include "tilewright/pixel_type.h"
#include "tilewright/tiff_directories.h"

namespace tilewright {

namespace {

/// Upper bound of the scratch buffer a region read may use, whatever the image.
constexpr size_t kMaxScratchBytes = size_t(64) << 20;
/// A scanline wider than this (67 million RGBA float pixels) only comes from a corrupt header.
constexpr size_t kMaxRowBytes = size_t(1) << 30;

/// Copies `rows` rows of `rowBytes` bytes between buffers of different strides.
void copyRows(const char* from, size_t fromStride, char* to, size_t toStride, size_t rowBytes,
              int rows)
{
    for (int r = 0; r < rows; ++r)
        std::memcpy(to + size_t(r) * toStride, from + size_t(r) * fromStride, rowBytes);
}

}  // namespace

ImageReader::ImageReader(const std::string& path) : path_(path)
{
    configureOpenImageIO();
    screenBeforeOpening(path);
    // Values as stored: without this hint OIIO multiplies colour by alpha when it reads
    // formats with unassociated alpha (PNG, some TIFFs).
    OIIO::ImageSpec config;
    config.attribute("oiio:UnassociatedAlpha", 1);
    errno = 0;
    in_ = OIIO::ImageInput::open(path, &config);
    if (!in_ && (errno == EMFILE || errno == ENFILE)) {
        OIIO::geterror();
        fail("cannot be opened: too many open files (raise ulimit -n, or lower --max-open-files)", ErrorKind::Limit);
    }
    if (!in_) {
        std::string detail = OIIO::geterror();
        fail("cannot be read as an image" + (detail.empty() ? std::string() : ": " + detail));
    }
    refuseWhatOpenImageIOMisreads();
}

long long ImageReader::decodeBytesAtOnce() const
{
    requireOpen();
    return tilewright::decodeBytesAtOnce(path_, in_->format_name(), in_->spec());
}

void ImageReader::requireDataComplete()
{
    if (!in_->has_error())
        return;
    // A read that "succeeded" may carry the codec's warning that data ran out (libjpeg's
    // "Premature end of JPEG file", after which it paints the rest grey): a damaged file.
    std::string warning = in_->geterror();
    std::string lower = OIIO::Strutil::lower(warning);
    for (const char* sign : {"premature end", "truncated", "missing", "not enough data", "unexpected end"})
        if (lower.find(sign) != std::string::npos)
            fail("is damaged: " + warning + " (the codec ran out of data)");
}

void ImageReader::refuseWhatOpenImageIOMisreads()
{
    const OIIO::ImageSpec& spec = in_->spec();
    if (std::string(in_->format_name()) != "tiff")
        return;
    const int photometric = spec.get_int_attribute("tiff:PhotometricInterpretation", -1);
    const int compression = spec.get_int_attribute("tiff:Compression", 1);
    std::string reason;
    if (photometric == 5 && compression == 7 && spec.tile_width > 0)
        // OIIO 2.4 overruns its buffer decoding these (heap corruption, then abort).
        reason = "is a tiled CMYK TIFF with JPEG compression, which OpenImageIO 2.4 cannot decode safely; "
                 "convert it first (tiffcp -c lzw, or to strips: tiffcp -s)";
    else if (photometric == 3 && (spec.nchannels != 3 || spec.channelnames != std::vector<std::string>{"R", "G", "B"}))
        // OIIO 2.4 expands the palette but mislabels and misplaces the alpha ("R,A,B").
        reason = "is a palette TIFF with an alpha channel, which OpenImageIO 2.4 reads with wrong colours; "
                 "expand it to RGBA first (convert in.tif -type TrueColorAlpha out.tif)";
    else if (photometric == 8 || photometric == 9 || photometric == 10)
        reason = "stores CIELab colour, which would be read as if it were RGB; convert it to RGB first "
                 "(convert in.tif -colorspace sRGB out.tif)";
    if (!reason.empty())
        fail(reason);
}

ImageReader::~ImageReader() { close(); }

std::string ImageReader::formatName() const
{
    requireOpen();
    return in_->format_name();
}

int ImageReader::subimageCount()
{
    requireOpen();
    int count = 1;
    int directories = std::string(in_->format_name()) == "tiff" ? tiffDirectoryCount(path_) : 0;
    if (directories > 1 && in_->seek_subimage(directories - 1, 0) && !in_->seek_subimage(directories, 0))
        count = directories;  // each seek walks the directory chain from the start: probing all would be quadratic
    else
        while (in_->seek_subimage(count, 0))
            ++count;
    in_->geterror();  // the failed probe past the last subimage is expected
    if (!in_->seek_subimage(subimage_, mipLevel_))
        failFromOiio("returning to subimage " + std::to_string(subimage_));
    return count;
}

int ImageReader::mipLevelCount()
{
    requireOpen();
    int subimage = in_->current_subimage(), current = in_->current_miplevel();
    int count = 1;
    while (in_->seek_subimage(subimage, count))
        ++count;
    in_->geterror();  // the failed probe past the last level is expected
    if (!in_->seek_subimage(subimage, current))
        failFromOiio("returning to MIP level " + std::to_string(current));
    return count;
}

void ImageReader::selectLevel(int subimage, int mipLevel)
{
    requireOpen();
    if (subimage < 0 || mipLevel < 0 || !in_->seek_subimage(subimage, mipLevel)) {
        in_->geterror();
        std::string asked = "subimage " + std::to_string(subimage) + ", MIP level " + std::to_string(mipLevel);
        if (!in_->seek_subimage(subimage_, mipLevel_))
            failFromOiio("returning to subimage " + std::to_string(subimage_));
        fail("has no " + asked);
    }
    subimage_ = subimage;
    mipLevel_ = mipLevel;
    tiffTiles_.reset();  // another directory
    releaseScratch();
}

void ImageReader::readScanlines(int yBegin, int yEnd, int chBegin, int chEnd, int typeCode,
                                void* data, long long capacity)
{
    requireOpen();
    const OIIO::ImageSpec& spec = in_->spec();
    OIIO::TypeDesc format = toTypeDesc(typeCode);
    if (yBegin >= yEnd || yBegin < spec.y || yEnd > spec.y + spec.height)
        fail("rows " + rangeText(yBegin, yEnd) + " are not inside the image's rows "
             + rangeText(spec.y, spec.y + spec.height), ErrorKind::BadArgument);
    checkChannels(chBegin, chEnd);
    checkCapacity((long long)(yEnd - yBegin) * spec.width * (chEnd - chBegin) * format.size(),
                  capacity);
    if (spec.tile_width > 0) {
        // OIIO 2.4's generic scanline emulation for tiled files crashes on channel
        // subsets; our tile path covers rows of a tiled file just as well.
        readTiledRegion(spec.x, yBegin, spec.width, yEnd - yBegin, chBegin, chEnd, format,
                        static_cast<char*>(data), size_t(spec.width) * (chEnd - chBegin) * format.size());
        return;
    }
    try {
        if (stripAlignment() > 1)
            readScanlineRegion(spec.x, yBegin, spec.width, yEnd - yBegin, chBegin, chEnd, format,
                               static_cast<char*>(data), size_t(spec.width) * (chEnd - chBegin) * format.size());
        else if (!in_->read_scanlines(subimage_, mipLevel_, yBegin, yEnd, 0, chBegin, chEnd, format, data))
            failFromOiio("reading rows " + rangeText(yBegin, yEnd));
        requireDataComplete();
    } catch (const std::bad_alloc&) {
        fail("not enough memory to read rows " + rangeText(yBegin, yEnd) + " (is the header corrupt?)");
    }
}

void ImageReader::readTiles(int xBegin, int xEnd, int yBegin, int yEnd, int chBegin, int chEnd,
                            int typeCode, void* data, long long capacity)
{
    requireOpen();
    const OIIO::ImageSpec& spec = in_->spec();
    if (spec.tile_width <= 0)
        fail("the image is not tiled; read rows or regions instead", ErrorKind::BadArgument);
    OIIO::TypeDesc format = toTypeDesc(typeCode);
    checkChannels(chBegin, chEnd);
    checkCapacity((long long)(xEnd - xBegin) * (yEnd - yBegin) * (chEnd - chBegin) * format.size(),
                  capacity);
    try {
        if (mipLevel_ == 0 && TiffTileReader::needed(in_->format_name(), spec)) {
            checkRegion(xBegin, yBegin, xEnd - xBegin, yEnd - yBegin);
            readTiledRegion(xBegin, yBegin, xEnd - xBegin, yEnd - yBegin, chBegin, chEnd, format,
                            static_cast<char*>(data), size_t(xEnd - xBegin) * (chEnd - chBegin) * format.size());
        } else if (!in_->read_tiles(subimage_, mipLevel_, xBegin, xEnd, yBegin, yEnd, 0, 1, chBegin, chEnd, format,
                                    data))
            failFromOiio("reading tiles x " + rangeText(xBegin, xEnd) + ", y "
                         + rangeText(yBegin, yEnd));
        requireDataComplete();
    } catch (const std::bad_alloc&) {
        fail("not enough memory to read tiles (is the header corrupt?)");
    }
}

void ImageReader::readRegion(int x, int y, int width, int height, int chBegin, int chEnd,
                             int typeCode, void* data, long long capacity)
{
    requireOpen();
    OIIO::TypeDesc format = toTypeDesc(typeCode);
    checkRegion(x, y, width, height);
    checkChannels(chBegin, chEnd);
    checkCapacity((long long)width * height * (chEnd - chBegin) * format.size(), capacity);
    readRegionStrided(x, y, width, height, chBegin, chEnd, format, static_cast<char*>(data),
                      size_t(width) * (chEnd - chBegin) * format.size());
}

void ImageReader::readRegionStrided(int x, int y, int width, int height, int chBegin, int chEnd,
                                    OIIO::TypeDesc format, char* data, size_t rowStride)
{
    requireOpen();
    checkRegion(x, y, width, height);
    checkChannels(chBegin, chEnd);
    try {
        if (in_->spec().tile_width > 0)
            readTiledRegion(x, y, width, height, chBegin, chEnd, format, data, rowStride);
        else
            readScanlineRegion(x, y, width, height, chBegin, chEnd, format, data, rowStride);
    } catch (const std::bad_alloc&) {
        releaseScratch();
        fail("not enough memory to read region x " + rangeText(x, (long long)x + width) + ", y "
             + rangeText(y, (long long)y + height) + " (is the header corrupt?)");
    }
}

void ImageReader::checkRegion(int x, int y, int width, int height) const
{
    const OIIO::ImageSpec& spec = in_->spec();
    if (width <= 0 || height <= 0 || x < spec.x || y < spec.y
        || (long long)x + width > (long long)spec.x + spec.width
        || (long long)y + height > (long long)spec.y + spec.height)
        fail("region x " + rangeText(x, (long long)x + width) + ", y "
             + rangeText(y, (long long)y + height) + " is not inside the image (x "
             + rangeText(spec.x, spec.x + spec.width) + ", y "
             + rangeText(spec.y, spec.y + spec.height) + ")", ErrorKind::BadArgument);
}

int ImageReader::stripAlignment() const
{
    // libtiff cannot skip rows inside a compressed strip ("does not support random
    // access"), which OIIO asks of it when it reads a planar-separate file's planes from
    // a row inside a strip: such files are read from strip starts (GDAL writes them).
    const OIIO::ImageSpec& spec = in_->spec();
    if (std::string(in_->format_name()) != "tiff" || spec.get_int_attribute("tiff:PlanarConfiguration", 1) != 2
        || spec.get_int_attribute("tiff:Compression", 1) == 1)
        return 1;
    return std::max(1, spec.get_int_attribute("tiff:RowsPerStrip", 1));
}

void ImageReader::readScanlineRegion(int x, int y, int width, int height, int chBegin, int chEnd,
                                     OIIO::TypeDesc format, char* data, size_t rowStride)
{
    const OIIO::ImageSpec& spec = in_->spec();
    size_t pixelBytes = size_t(chEnd - chBegin) * format.size();
    const int alignment = stripAlignment();
    if (x == spec.x && width == spec.width && alignment == 1) {
        if (!in_->read_scanlines(subimage_, mipLevel_, y, y + height, 0, chBegin, chEnd, format, data,
                                 OIIO::stride_t(pixelBytes), OIIO::stride_t(rowStride)))
            failFromOiio("reading rows " + rangeText(y, y + height));
        requireDataComplete();
        return;
    }
    // Only part of each row is wanted: read whole rows a bounded chunk at a time.
    size_t fullRowBytes = size_t(spec.width) * pixelBytes;
    if (fullRowBytes > kMaxRowBytes)
        fail("one row of " + std::to_string(spec.width) + " pixels would need "
             + std::to_string(fullRowBytes) + " bytes; the header is probably corrupt");
    if (size_t(alignment) * fullRowBytes > kMaxScratchBytes * 4)
        fail("its strips of " + std::to_string(alignment) + " rows are too large to read within the memory budget");
    // Chunks start on a strip boundary and hold whole strips (the last may be cut by the image's end).
    int rowsPerChunk = int(std::max<size_t>(1, std::min<size_t>(height, kMaxScratchBytes / fullRowBytes)));
    rowsPerChunk = std::max(alignment, rowsPerChunk / alignment * alignment);
    const int firstRow = spec.y + (y - spec.y) / alignment * alignment;
    const int lastRow = std::min(spec.y + spec.height, spec.y + (y + height - spec.y + alignment - 1) / alignment * alignment);
    scratch_.resize(size_t(std::min(rowsPerChunk, lastRow - firstRow)) * fullRowBytes);
    size_t outRowBytes = size_t(width) * pixelBytes;
    for (int row = firstRow; row < lastRow; row += rowsPerChunk) {
        int rows = std::min(rowsPerChunk, lastRow - row);
        if (!in_->read_scanlines(subimage_, mipLevel_, row, row + rows, 0, chBegin, chEnd, format, scratch_.data()))
            failFromOiio("reading rows " + rangeText(row, row + rows));
        requireDataComplete();
        int from = std::max(row, y), to = std::min(row + rows, y + height);
        if (from < to)
            copyRows(scratch_.data() + size_t(from - row) * fullRowBytes + size_t(x - spec.x) * pixelBytes,
                     fullRowBytes, data + size_t(from - y) * rowStride, rowStride, outRowBytes, to - from);
    }
    releaseScratch();
}

void ImageReader::readTiledRegion(int x, int y, int width, int height, int chBegin, int chEnd,
                                  OIIO::TypeDesc format, char* data, size_t rowStride)
{
    const OIIO::ImageSpec& spec = in_->spec();
    const int tw = spec.tile_width, th = spec.tile_height;
    const int xLimit = spec.x + spec.width, yLimit = spec.y + spec.height;
    size_t pixelBytes = size_t(chEnd - chBegin) * format.size();
    // How many tiles one read may cover across, so the scratch stays bounded.
    int tilesPerChunk = int(std::max<size_t>(1, kMaxScratchBytes / (size_t(tw) * th * pixelBytes)));
    int firstTileX = spec.x + (x - spec.x) / tw * tw;
    int firstTileY = spec.y + (y - spec.y) / th * th;
    for (int ty = firstTileY; ty < y + height; ty += th) {
        int tyEnd = std::min(ty + th, yLimit);
        int rowBegin = std::max(ty, y), rowEnd = std::min(tyEnd, y + height);
        for (int tx = firstTileX; tx < x + width; tx += tilesPerChunk * tw) {
            int txEnd = std::min({tx + tilesPerChunk * tw, xLimit});
            // Round the chunk's right edge up to a tile boundary or the image edge.
            int wantedEnd = std::min(x + width, txEnd);
            txEnd = std::min(spec.x + (wantedEnd - spec.x + tw - 1) / tw * tw, xLimit);
            size_t chunkRowBytes = size_t(txEnd - tx) * pixelBytes;
            scratch_.resize(chunkRowBytes * size_t(tyEnd - ty));
            if (mipLevel_ == 0 && TiffTileReader::needed(in_->format_name(), spec)) {
                if (!tiffTiles_)
                    tiffTiles_ = std::make_unique<TiffTileReader>(path_, subimage_);
                tiffTiles_->readTiles(spec.x, spec.y, tx, txEnd, ty, tyEnd, chBegin, chEnd, format, scratch_.data());
            } else if (!in_->read_tiles(subimage_, mipLevel_, tx, txEnd, ty, tyEnd, 0, 1, chBegin, chEnd, format,
                                        scratch_.data()))
                failFromOiio("reading tiles x " + rangeText(tx, txEnd) + ", y "
                             + rangeText(ty, tyEnd));
            requireDataComplete();
            int colBegin = std::max(tx, x), colEnd = std::min(txEnd, x + width);
            copyRows(scratch_.data() + size_t(rowBegin - ty) * chunkRowBytes
                         + size_t(colBegin - tx) * pixelBytes,
                     chunkRowBytes,
                     data + size_t(rowBegin - y) * rowStride + size_t(colBegin - x) * pixelBytes,
                     rowStride, size_t(colEnd - colBegin) * pixelBytes, rowEnd - rowBegin);
        }
    }
    releaseScratch();
}

void ImageReader::releaseScratch()
{
    // A stitch keeps many readers open; none may sit on a chunk it no longer needs.
    std::vector<char>().swap(scratch_);
}

void ImageReader::close() noexcept
{
    try {
        if (in_)
            in_->close();
    } catch (...) {
        // A destructor path: nothing may escape.
    }
    in_.reset();
    tiffTiles_.reset();
}

void ImageReader::requireOpen() const
{
    if (!in_)
        throw Error(path_, "the reader is closed", ErrorKind::BadArgument);
}

void ImageReader::checkChannels(int chBegin, int chEnd) const
{
    int channels = in_->spec().nchannels;
    if (chBegin < 0 || chEnd > channels || chBegin >= chEnd)
        fail("channels " + rangeText(chBegin, chEnd) + " are not inside the image's "
             + std::to_string(channels) + " channels", ErrorKind::BadArgument);
}

void ImageReader::checkCapacity(long long needed, long long capacity) const
{
    if (capacity < needed)
        fail("the buffer holds " + std::to_string(capacity) + " bytes but the read needs "
             + std::to_string(needed), ErrorKind::BadArgument);
}

void ImageReader::fail(const std::string& cause, ErrorKind kind) const { throw Error(path_, cause, kind); }

void ImageReader::failFromOiio(const std::string& operation)
{
    std::string detail = in_ ? in_->geterror() : std::string();
    std::string global = OIIO::geterror();
    if (!global.empty())
        detail += (detail.empty() ? "" : "; ") + global;
    fail(operation + (detail.empty() ? std::string() : ": " + detail));
}

}  // namespace tilewright
