#include "tilewright/ome_planes.h"

#include <cstdio>
#include <cstring>

#include "tilewright/error.h"
#include "tilewright/image_writer.h"
#include "tilewright/pixel_type.h"

namespace tilewright {

OmePlanes::OmePlanes(const OutputTarget& target, const OIIO::ImageSpec& spec, const OutputOptions& options,
                     ThreadBudget& budget)
    : displayPath_(target.finalPath()), channels_(spec.nchannels), width_(spec.width)
{
    if (options.resumable())
        throw Error(displayPath_, "--resume does not yet continue an OME-TIFF of separate channel planes",
                    ErrorKind::BadArgument);
    for (int c = 0; c < channels_; ++c) {
        OIIO::ImageSpec plane = spec;
        plane.nchannels = 1;
        plane.channelnames = {c < int(spec.channelnames.size()) ? spec.channelnames[size_t(c)] : "C" + std::to_string(c)};
        plane.channelformats.clear();
        plane.alpha_channel = -1;
        plane.z_channel = -1;
        plane.erase_attribute("oiio:UnassociatedAlpha");
        if (c > 0)
            plane.erase_attribute("ImageDescription");  // the OME-XML is the first IFD's alone
        std::string path = c == 0 ? target.temporaryPath() : target.scratchPath("plane" + std::to_string(c));
        if (c > 0)
            scratch_.push_back(path);
        planes_.push_back(std::make_unique<ImageWriter>(OutputTarget(target.finalPath(), path, int(target.kind())),
                                                        Spec(plane), options, budget));
    }
}

OmePlanes::~OmePlanes() { abort(); }

const char* OmePlanes::channel(const char* data, OIIO::TypeDesc format, int width, int rows, int c)
{
    const size_t sample = format.size();
    const size_t pixels = size_t(width) * size_t(rows);
    buffer_.resize(pixels * sample);
    const char* from = data + size_t(c) * sample;
    char* to = buffer_.data();
    for (size_t i = 0; i < pixels; ++i, from += sample * size_t(channels_), to += sample)
        std::memcpy(to, from, sample);
    return buffer_.data();
}

void OmePlanes::writeScanlines(int yBegin, int yEnd, int typeCode, const void* data, long long byteCount)
{
    OIIO::TypeDesc format = toTypeDesc(typeCode);
    const int width = width_;
    long long needed = (long long)(yEnd - yBegin) * width * channels_ * (long long)format.size();
    if (data == nullptr || yEnd <= yBegin || byteCount < needed)
        throw Error(displayPath_, "the buffer holds " + std::to_string(byteCount) + " bytes but rows "
                                      + rangeText(yBegin, yEnd) + " need " + std::to_string(needed), ErrorKind::BadArgument);
    for (int c = 0; c < channels_; ++c) {
        const char* plane = channel(static_cast<const char*>(data), format, width, yEnd - yBegin, c);
        planes_[size_t(c)]->writeScanlines(yBegin, yEnd, typeCode, plane, needed / channels_);
    }
}

void OmePlanes::writeTiles(int xBegin, int xEnd, int yBegin, int yEnd, int typeCode, const void* data,
                           long long byteCount)
{
    OIIO::TypeDesc format = toTypeDesc(typeCode);
    long long needed = (long long)(xEnd - xBegin) * (yEnd - yBegin) * channels_ * (long long)format.size();
    if (data == nullptr || xEnd <= xBegin || yEnd <= yBegin || byteCount < needed)
        throw Error(displayPath_, "the buffer holds " + std::to_string(byteCount) + " bytes but tiles x "
                                      + rangeText(xBegin, xEnd) + ", y " + rangeText(yBegin, yEnd) + " need "
                                      + std::to_string(needed), ErrorKind::BadArgument);
    for (int c = 0; c < channels_; ++c) {
        const char* plane = channel(static_cast<const char*>(data), format, xEnd - xBegin, yEnd - yBegin, c);
        planes_[size_t(c)]->writeTiles(xBegin, xEnd, yBegin, yEnd, typeCode, plane, needed / channels_);
    }
}

void OmePlanes::finish()
{
    for (size_t c = 1; c < planes_.size(); ++c)
        planes_[c]->finish();  // each plane's file complete, its levels as its SubIFDs
    first().appendPlanesAtFinish(scratch_);
    first().finish();
    for (const std::string& path : scratch_)
        std::remove(path.c_str());  // consumed
}

void OmePlanes::abort() noexcept
{
    for (auto& plane : planes_)
        plane->abort();
}

}  // namespace tilewright
