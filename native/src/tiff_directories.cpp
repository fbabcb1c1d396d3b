#include "tilewright/tiff_directories.h"

#include <cstdarg>
#include <vector>

namespace tilewright {

namespace {

int ignoreMessage(TIFF*, void*, const char*, const char*, va_list) { return 1; }

}  // namespace

TIFF* openTiffQuietly(const std::string& path)
{
    TIFFOpenOptions* options = TIFFOpenOptionsAlloc();
    TIFFOpenOptionsSetErrorHandlerExtR(options, ignoreMessage, nullptr);
    TIFFOpenOptionsSetWarningHandlerExtR(options, ignoreMessage, nullptr);
    // "c": strips as the file stores them (libtiff would cut one large uncompressed strip into
    // many virtual ones, and a refusal would name a strip the file does not have).
    TIFF* tif = TIFFOpenExt(path.c_str(), "rmc", options);
    TIFFOpenOptionsFree(options);
    return tif;
}

int tiffDirectoryCount(const std::string& path)
{
    TIFF* tif = openTiffQuietly(path);
    if (!tif)
        return 0;
    tdir_t count = TIFFNumberOfDirectories(tif);
    TIFFClose(tif);
    return int(count);
}

std::string tiffSubIfdSizes(const std::string& path)
{
    TIFF* tif = openTiffQuietly(path);
    if (!tif)
        return "";
    uint16_t count = 0;
    uint64_t* offsets = nullptr;
    std::string sizes;
    if (TIFFGetField(tif, TIFFTAG_SUBIFD, &count, &offsets) && offsets) {
        std::vector<uint64_t> copy(offsets, offsets + count);  // libtiff's array goes with the directory
        for (uint64_t offset : copy) {
            uint32_t width = 0, height = 0;
            if (!TIFFSetSubDirectory(tif, offset) || !TIFFGetField(tif, TIFFTAG_IMAGEWIDTH, &width)
                || !TIFFGetField(tif, TIFFTAG_IMAGELENGTH, &height))
                break;
            sizes += (sizes.empty() ? "" : ",") + std::to_string(width) + "x" + std::to_string(height);
        }
    }
    TIFFClose(tif);
    return sizes;
}

}  // namespace tilewright
