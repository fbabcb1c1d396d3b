#include "tilewright/library.h"

#include <limits>
#include <mutex>

#include <OpenImageIO/imageio.h>

namespace tilewright {

std::string openImageIOVersion()
{
    int v = OIIO::openimageio_version();
    return std::to_string(v / 10000) + "." + std::to_string(v / 100 % 100) + "."
           + std::to_string(v % 100);
}

std::string openImageIOFormats() { return OIIO::get_string_attribute("extension_list"); }

void configureOpenImageIO()
{
    static std::once_flag once;
    std::call_once(once, [] {
        // OIIO refuses to read images whose pixels exceed 32 GB by default, as a
        // guard against corrupt headers; Tilewright reads such images on purpose,
        // region by region, so the guard would only refuse legitimate files.
        OIIO::attribute("limits:imagesize_MB", std::numeric_limits<int>::max());
    });
}

}  // namespace tilewright
