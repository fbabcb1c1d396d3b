#pragma once
/// @file spec.h
/// An image description (size, channels, pixel type, windows, tiling and format
/// attributes): a thin owner of OIIO::ImageSpec with plain-typed accessors so
/// that JavaCPP can bind it 1:1 as org.tilewright.jni.NativeSpec.

#include <string>
#include <OpenImageIO/imageio.h>

namespace tilewright {

class Spec {
public:
    /// A `width` x `height` image of `channels` channels of `typeCode`
    /// (see pixel_type.h), origin 0,0, full window equal to the data window,
    /// scanline layout, default channel names (R, G, B, A, then channelN).
    Spec(int width, int height, int channels, int typeCode);
    /// Wraps a spec read from a file.
    explicit Spec(const OIIO::ImageSpec& spec) : spec_(spec) {}

    /// Moves the data window's top-left corner (EXR data window, TIFF position).
    void setOrigin(int x, int y);
    /// The full (display) window; defaults to the data window.
    void setFullWindow(int x, int y, int width, int height);
    /// Tile size in pixels; 0,0 means scanline layout.
    void setTileSize(int tileWidth, int tileHeight);
    void setChannelName(int channel, const std::string& name);
    /// Stores `channel` as `typeCode` in the file (EXR's half RGBA beside float Z); the
    /// other channels keep the spec's type. Pixels are still passed in the spec's type.
    void setChannelType(int channel, int typeCode);
    /// Alpha channel index, or -1 for none.
    void setAlphaChannel(int channel);
    void setAttribute(const std::string& name, const std::string& value);
    void setAttribute(const std::string& name, int value);
    void setAttribute(const std::string& name, float value);

    int width() const { return spec_.width; }
    int height() const { return spec_.height; }
    int channels() const { return spec_.nchannels; }
    int typeCode() const;
    int x() const { return spec_.x; }
    int y() const { return spec_.y; }
    int fullX() const { return spec_.full_x; }
    int fullY() const { return spec_.full_y; }
    int fullWidth() const { return spec_.full_width; }
    int fullHeight() const { return spec_.full_height; }
    int tileWidth() const { return spec_.tile_width; }
    int tileHeight() const { return spec_.tile_height; }
    int alphaChannel() const { return spec_.alpha_channel; }
    std::string channelName(int channel) const;
    /// The type `channel` is stored as (the spec's type unless the file mixes types).
    int channelTypeCode(int channel) const;
    /// Whether the file is deep (a varying number of samples per pixel, as deep EXR).
    bool deep() const { return spec_.deep; }
    /// Number of format attributes ("compression", "tiff:bigtiff", metadata…).
    int attributeCount() const { return int(spec_.extra_attribs.size()); }
    std::string attributeName(int index) const;
    /// The attribute's value rendered as text (numbers in decimal).
    std::string attributeValue(int index) const;
    /// OIIO's type name of the attribute's value ("int", "float", "string"…).
    std::string attributeType(int index) const;
    /// Uncompressed bytes of the data window's pixels, in the native type.
    long long imageBytes() const { return (long long)spec_.image_bytes(true); }

    const OIIO::ImageSpec& oiio() const { return spec_; }

private:
    const OIIO::ParamValue& attributeAt(int index) const;
    OIIO::ImageSpec spec_;
};

}  // namespace tilewright
