#include "tilewright/input_metadata.h"

#include <OpenImageIO/strutil.h>

#include "tilewright/error.h"
#include "tilewright/image_reader.h"

namespace tilewright {

bool describesTheFile(const std::string& name)
{
    static const char* const prefixes[] = {"oiio:", "openexr:", "tiff:", "png:", "jpeg:", "jpeg2000:", "webp:",
                                           "targa:", "bmp:", "dds:", "heif:", "gif:", "ffmpeg:", "raw:"};
    for (const char* p : prefixes)
        if (OIIO::Strutil::istarts_with(name, p))
            return true;
    static const char* const names[] = {"compression", "planarconfig", "Orientation", "textureformat",
                                        "wrapmodes", "fovcot", "ImageHistory", "Exif:ImageHistory"};
    for (const char* n : names)
        if (OIIO::Strutil::iequals(name, n))
            return true;
    return false;
}

namespace {

/// A description that is a machine-readable account of its file's layout — tifffile's shape
/// JSON, an OME-XML header, ImageJ's — not text about the picture (an EXR's comments are kept):
/// copied into a montage it would make tifffile, Bio-Formats or Fiji misread the output.
bool describesTheLayout(const OIIO::ParamValue& p)
{
    if (!OIIO::Strutil::iequals(p.name().string(), "ImageDescription") || p.type() != OIIO::TypeString)
        return false;
    std::string text = OIIO::Strutil::lstrip(p.get_string());
    return OIIO::Strutil::starts_with(text, "{\"shape\"") || OIIO::Strutil::starts_with(text, "ImageJ=")
           || (OIIO::Strutil::starts_with(text, "<?xml") && text.find("<OME") != std::string::npos);
}

}  // namespace

void inheritMetadata(const std::vector<StitchInput>& inputs, OIIO::ImageSpec& output)
{
    for (const StitchInput& in : inputs) {
        if (in.isSource())
            continue;  // a pixel source brings no file metadata
        try {
            ImageReader reader(in.path);
            for (const OIIO::ParamValue& p : reader.oiioSpec().extra_attribs) {
                std::string name = p.name().string();
                if (!describesTheFile(name) && !output.find_attribute(name) && !describesTheLayout(p))
                    output.attribute(name, p.type(), p.data());
            }
            return;
        } catch (const Error&) {
            // An unreadable input is the missing-input policy's business; try the next.
        }
    }
}

}  // namespace tilewright
