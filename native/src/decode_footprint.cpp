#include "tilewright/decode_footprint.h"

#include <algorithm>
#include <fstream>
#include <vector>

#include <OpenImageIO/strutil.h>

#include "tilewright/open_screen.h"

namespace tilewright {

namespace {

/// The first `count` bytes of the file (fewer if it is shorter).
std::vector<unsigned char> head(const std::string& path, size_t count)
{
    std::vector<unsigned char> bytes(count);
    std::ifstream in(path, std::ios::binary);
    in.read(reinterpret_cast<char*>(bytes.data()), std::streamsize(count));
    bytes.resize(size_t(std::max<std::streamsize>(0, in.gcount())));
    return bytes;
}

/// PNG: the IHDR's interlace byte (Adam7 is decoded whole by libpng's row API).
bool pngInterlaced(const std::string& path)
{
    std::vector<unsigned char> b = head(path, 29);
    return b.size() == 29 && b[12] == 'I' && b[13] == 'H' && b[14] == 'D' && b[15] == 'R' && b[28] != 0;
}

/// Rows OpenEXR decodes together for each compression (OpenEXR's line-buffer sizes).
int exrChunkRows(const OIIO::ImageSpec& spec)
{
    std::string compression = OIIO::Strutil::lower(spec.get_string_attribute("compression", "none"));
    if (compression == "zip" || compression == "pxr24")
        return 16;
    if (compression == "piz" || compression == "b44" || compression == "b44a" || compression == "dwaa")
        return 32;
    if (compression == "dwab")
        return 256;
    return 1;
}

}  // namespace

long long decodeBytesAtOnce(const std::string& path, const std::string& format, const OIIO::ImageSpec& spec)
{
    const long long pixel = (long long)spec.pixel_bytes(true);
    const long long row = (long long)spec.width * pixel;
    const long long whole = row * spec.height;
    if (spec.tile_width > 0 && spec.tile_height > 0)
        return (long long)spec.tile_width * spec.tile_height * std::max(1, spec.tile_depth) * pixel;
    if (format == "tiff")
        return row * std::clamp(spec.get_int_attribute("tiff:RowsPerStrip", 1), 1, std::max(1, spec.height));
    if (format == "openexr")
        return row * std::min(exrChunkRows(spec), std::max(1, spec.height));
    if (format == "png")
        return pngInterlaced(path) ? whole : row;
    if (format == "jpeg") {
        // Progressive: every coefficient of the image (open_screen.h). Baseline: MCU rows.
        long long coefficients = progressiveJpegCoefficientBytes(path);
        return coefficients > 0 ? coefficients : 16 * row;
    }
    // The other readers of OIIO 2.4 (DDS, BMP, Targa, GIF, WebP, HEIF, PSD, ICO…) decode the
    // whole image on the first read.
    return whole;
}

}  // namespace tilewright
