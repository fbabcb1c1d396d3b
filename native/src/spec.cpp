#include "tilewright/spec.h"

#include "tilewright/error.h"
#include "tilewright/pixel_type.h"

namespace tilewright {

Spec::Spec(int width, int height, int channels, int typeCode)
    : spec_(width, height, channels, toTypeDesc(typeCode))
{
}

void Spec::setOrigin(int x, int y)
{
    spec_.x = x;
    spec_.y = y;
}

void Spec::setFullWindow(int x, int y, int width, int height)
{
    spec_.full_x = x;
    spec_.full_y = y;
    spec_.full_width = width;
    spec_.full_height = height;
}

void Spec::setTileSize(int tileWidth, int tileHeight)
{
    spec_.tile_width = tileWidth;
    spec_.tile_height = tileHeight;
    spec_.tile_depth = (tileWidth > 0 && tileHeight > 0) ? 1 : 0;
}

void Spec::setChannelName(int channel, const std::string& name)
{
    if (channel < 0 || channel >= spec_.nchannels)
        throw Error("", "channel " + std::to_string(channel) + " does not exist", ErrorKind::BadArgument);
    spec_.channelnames[channel] = name;
}

void Spec::setChannelType(int channel, int typeCode)
{
    if (channel < 0 || channel >= spec_.nchannels)
        throw Error("", "channel " + std::to_string(channel) + " does not exist", ErrorKind::BadArgument);
    if (spec_.channelformats.empty())
        spec_.channelformats.assign(size_t(spec_.nchannels), spec_.format);
    spec_.channelformats[size_t(channel)] = toTypeDesc(typeCode);
    // One type for every channel is the plain case, which writers handle fastest.
    bool uniform = true;
    for (const OIIO::TypeDesc& t : spec_.channelformats)
        uniform = uniform && t == spec_.channelformats.front();
    if (uniform && spec_.channelformats.front() == spec_.format)
        spec_.channelformats.clear();
}

int Spec::channelTypeCode(int channel) const
{
    if (channel < 0 || channel >= spec_.nchannels)
        return -1;
    return toTypeCode(spec_.channelformat(channel));
}

void Spec::setAlphaChannel(int channel) { spec_.alpha_channel = channel; }

void Spec::setAttribute(const std::string& name, const std::string& value)
{
    spec_.attribute(name, value);
}

void Spec::setAttribute(const std::string& name, int value) { spec_.attribute(name, value); }

void Spec::setAttribute(const std::string& name, float value) { spec_.attribute(name, value); }

int Spec::typeCode() const { return toTypeCode(spec_.format); }

std::string Spec::channelName(int channel) const
{
    if (channel < 0 || channel >= int(spec_.channelnames.size()))
        return std::string();
    return spec_.channelnames[channel];
}

const OIIO::ParamValue& Spec::attributeAt(int index) const
{
    if (index < 0 || index >= attributeCount())
        throw Error("", "attribute index " + std::to_string(index) + " is out of range", ErrorKind::BadArgument);
    return spec_.extra_attribs[index];
}

std::string Spec::attributeName(int index) const { return attributeAt(index).name().string(); }

std::string Spec::attributeValue(int index) const { return attributeAt(index).get_string(); }

std::string Spec::attributeType(int index) const { return attributeAt(index).type().c_str(); }

}  // namespace tilewright
