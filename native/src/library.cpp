#include "tilewright/library.h"

#include <limits>
#include <mutex>

#ifdef __GLIBC__
#include <malloc.h>
#endif

#include <OpenImageIO/imageio.h>

#include "tilewright/band_compositor.h"
#include "tilewright/output_kind.h"
#include "tilewright/tiff_directories.h"

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
#ifdef __GLIBC__
        // Band, strip and piece buffers of several MB are allocated and freed on many
        // threads; glibc's adaptive threshold then keeps them in per-thread arenas, and
        // the process grows by hundreds of MB it no longer uses. A fixed threshold maps
        // such blocks and hands them back to the system when freed.
        mallopt(M_MMAP_THRESHOLD, 4 << 20);
#endif
    });
}

int outputKindCode(const std::string& path) { return int(outputKindOf(path)); }

std::string subIfdSizes(const std::string& path) { return tiffSubIfdSizes(path); }

bool channelsConvertibleTo(int inputChannels, int outputChannels)
{
    return channelsConvertible(inputChannels, outputChannels);
}

}  // namespace tilewright
