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
    // ImageDescription and Software describe the input and who wrote it: a tifffile shape or
    // an OME-XML header copied into a montage would make readers misread the output.
    static const char* const names[] = {"compression", "planarconfig", "Orientation", "textureformat",
                                        "wrapmodes", "fovcot", "ImageHistory", "Exif:ImageHistory",
                                        "ImageDescription", "Software"};
    for (const char* n : names)
        if (OIIO::Strutil::iequals(name, n))
            return true;
    return false;
}

void inheritMetadata(const std::vector<StitchInput>& inputs, OIIO::ImageSpec& output)
{
    for (const StitchInput& in : inputs) {
        try {
            ImageReader reader(in.path);
            for (const OIIO::ParamValue& p : reader.oiioSpec().extra_attribs) {
                std::string name = p.name().string();
                if (!describesTheFile(name) && !output.find_attribute(name))
                    output.attribute(name, p.type(), p.data());
            }
            return;
        } catch (const Error&) {
            // An unreadable input is the missing-input policy's business; try the next.
        }
    }
}

}  // namespace tilewright
