#include "tilewright/tiff_directories.h"

#include <cstdarg>

namespace tilewright {

namespace {

int ignoreMessage(TIFF*, void*, const char*, const char*, va_list) { return 1; }

}  // namespace

TIFF* openTiffQuietly(const std::string& path)
{
    TIFFOpenOptions* options = TIFFOpenOptionsAlloc();
    TIFFOpenOptionsSetErrorHandlerExtR(options, ignoreMessage, nullptr);
    TIFFOpenOptionsSetWarningHandlerExtR(options, ignoreMessage, nullptr);
    TIFF* tif = TIFFOpenExt(path.c_str(), "rm", options);
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

}  // namespace tilewright
