#include "tilewright/output_kind.h"

#include <memory>

#include <OpenImageIO/imageio.h>
#include <OpenImageIO/strutil.h>

#include "tilewright/library.h"

namespace tilewright {

namespace {

/// OIIO's plugin name for `path`'s extension ("tiff", "openexr"…), or "" if none writes it.
std::string outputFormatNameOf(const std::string& path)
{
    configureOpenImageIO();
    // create() looks the extension up in OIIO's plugin table; the plugin is only built,
    // nothing is opened.
    std::unique_ptr<OIIO::ImageOutput> probe = OIIO::ImageOutput::create(path);
    OIIO::geterror();  // "no format" is an answer here, not an error to keep
    return probe ? std::string(probe->format_name()) : std::string();
}

}  // namespace

OutputKind outputKindOf(const std::string& path)
{
    if (OIIO::Strutil::iends_with(path, ".dzi"))
        return OutputKind::DeepZoom;
    if (OIIO::Strutil::iends_with(path, ".ome.tif") || OIIO::Strutil::iends_with(path, ".ome.tiff"))
        return OutputKind::OmeTiff;
    if (OIIO::Strutil::iends_with(path, ".ome.zarr"))
        return OutputKind::OmeZarr;
    std::string format = outputFormatNameOf(path);
    if (format.empty())
        return OutputKind::Unknown;
    if (format == "tiff")
        return OutputKind::Tiff;
    if (format == "openexr")
        return OutputKind::OpenExr;
    if (format == "png")
        return OutputKind::Png;
    if (format == "jpeg")
        return OutputKind::Jpeg;
    return OutputKind::Other;
}

}  // namespace tilewright
