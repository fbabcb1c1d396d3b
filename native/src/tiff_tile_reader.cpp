#include "tilewright/tiff_tile_reader.h"

#include <algorithm>
#include <cstdarg>
#include <cstdio>

#include <tiffio.h>

#include "tilewright/error.h"

namespace tilewright {

namespace {

/// The largest tile this reader decodes; a header asking for more is refused.
constexpr tmsize_t kMaxTileBytes = tmsize_t(256) << 20;

int onError(TIFF*, void* user, const char* module, const char* fmt, va_list ap)
{
    char message[1024];
    std::vsnprintf(message, sizeof message, fmt, ap);
    static_cast<TiffTileReader*>(user)->record(std::string(module ? module : "libtiff") + ": " + message);
    return 1;  // handled; not printed
}

int onWarning(TIFF*, void*, const char*, const char*, va_list) { return 1; }

}  // namespace

bool TiffTileReader::needed(const std::string& format, const OIIO::ImageSpec& spec)
{
    return format == "tiff" && spec.tile_width > 0 && spec.format == OIIO::TypeDesc::DOUBLE
           && spec.channelformats.empty() && !spec.deep;
}

TiffTileReader::TiffTileReader(const std::string& path, int directory) : path_(path)
{
    TIFFOpenOptions* options = TIFFOpenOptionsAlloc();
    TIFFOpenOptionsSetErrorHandlerExtR(options, onError, this);
    TIFFOpenOptionsSetWarningHandlerExtR(options, onWarning, this);
    tif_ = TIFFOpenExt(path.c_str(), "rm", options);
    TIFFOpenOptionsFree(options);
    if (!tif_)
        fail("cannot be opened by libtiff");
    if (!TIFFSetDirectory(tif_, tdir_t(directory)))
        fail("has no directory " + std::to_string(directory));
    uint32_t tw = 0, th = 0, w = 0, h = 0;
    uint16_t spp = 1, planar = PLANARCONFIG_CONTIG, bits = 0, sampleFormat = SAMPLEFORMAT_UINT;
    TIFFGetField(tif_, TIFFTAG_TILEWIDTH, &tw);
    TIFFGetField(tif_, TIFFTAG_TILELENGTH, &th);
    TIFFGetField(tif_, TIFFTAG_IMAGEWIDTH, &w);
    TIFFGetField(tif_, TIFFTAG_IMAGELENGTH, &h);
    TIFFGetFieldDefaulted(tif_, TIFFTAG_SAMPLESPERPIXEL, &spp);
    TIFFGetFieldDefaulted(tif_, TIFFTAG_PLANARCONFIG, &planar);
    TIFFGetFieldDefaulted(tif_, TIFFTAG_BITSPERSAMPLE, &bits);
    TIFFGetFieldDefaulted(tif_, TIFFTAG_SAMPLEFORMAT, &sampleFormat);
    if (tw == 0 || th == 0 || bits != 64 || sampleFormat != SAMPLEFORMAT_IEEEFP || spp == 0)
        fail("is not a tiled 64-bit float TIFF as its header first said");
    separate_ = planar == PLANARCONFIG_SEPARATE;
    tmsize_t tileBytes = TIFFTileSize(tif_);
    if (tileBytes <= 0 || tileBytes > kMaxTileBytes
        || tmsize_t(tw) * th * (separate_ ? 1 : spp) * 8 != tileBytes)
        fail("declares tiles of " + std::to_string(tw) + "x" + std::to_string(th) + " that cannot be read");
    tileWidth_ = tw, tileHeight_ = th, imageWidth_ = w, imageHeight_ = h, samples_ = spp;
}

TiffTileReader::~TiffTileReader()
{
    if (tif_)
        TIFFClose(tif_);
}

void TiffTileReader::fail(const std::string& what) const
{
    throw Error(path_, what + (lastError_.empty() ? std::string() : ": " + lastError_), ErrorKind::BadInput);
}

void TiffTileReader::readTiles(int originX, int originY, int x0, int x1, int y0, int y1, int chBegin, int chEnd,
                               OIIO::TypeDesc format, char* dst)
{
    const int channels = chEnd - chBegin;
    const size_t outPixel = size_t(channels) * format.size();
    const size_t outRow = size_t(x1 - x0) * outPixel;
    const unsigned c0 = unsigned(x0 - originX), c1 = unsigned(x1 - originX);
    const unsigned r0 = unsigned(y0 - originY), r1 = unsigned(y1 - originY);
    const size_t tilePixels = size_t(tileWidth_) * tileHeight_;
    tile_.resize(tilePixels * (separate_ ? 1 : size_t(samples_)));
    row_.resize(size_t(tileWidth_) * channels);
    for (unsigned ty = r0; ty < r1; ty += tileHeight_) {
        for (unsigned tx = c0; tx < c1; tx += tileWidth_) {
            const unsigned rows = std::min({tileHeight_, r1 - ty, imageHeight_ - ty});
            const unsigned cols = std::min({tileWidth_, c1 - tx, imageWidth_ - tx});
            // Contiguous: one tile holds every sample. Separate: one tile per sample.
            const int passes = separate_ ? channels : 1;
            for (int pass = 0; pass < passes; ++pass) {
                uint16_t sample = uint16_t(separate_ ? chBegin + pass : 0);
                ttile_t index = TIFFComputeTile(tif_, tx, ty, 0, sample);
                lastError_.clear();
                if (TIFFReadEncodedTile(tif_, index, tile_.data(), tmsize_t(tile_.size() * sizeof(double))) < 0)
                    fail("tile at x " + std::to_string(tx) + ", y " + std::to_string(ty) + " cannot be decoded");
                for (unsigned r = 0; r < rows; ++r) {
                    const double* src = tile_.data() + size_t(r) * tileWidth_ * (separate_ ? 1 : samples_);
                    char* out = dst + size_t(ty - r0 + r) * outRow + size_t(tx - c0) * outPixel;
                    if (separate_) {
                        for (unsigned c = 0; c < cols; ++c)
                            OIIO::convert_pixel_values(OIIO::TypeDesc::DOUBLE, src + c, format,
                                                       out + size_t(c) * outPixel + size_t(pass) * format.size(), 1);
                        continue;
                    }
                    for (unsigned c = 0; c < cols; ++c)
                        std::copy(src + size_t(c) * samples_ + chBegin, src + size_t(c) * samples_ + chEnd,
                                  row_.begin() + size_t(c) * channels);
                    OIIO::convert_pixel_values(OIIO::TypeDesc::DOUBLE, row_.data(), format, out,
                                               int(cols) * channels);
                }
            }
        }
    }
}

}  // namespace tilewright
