#include "tilewright/band_compositor.h"

#include <algorithm>
#include <cmath>
#include <cstring>

#include <OpenImageIO/imageio.h>

#include "tilewright/error.h"

namespace tilewright {

namespace {

bool hasAlpha(int channels) { return channels == 2 || channels == 4; }

/// For byte-wise channel mapping: which input channel feeds output channel c, or -1
/// for "opaque alpha". Empty when the mapping needs arithmetic (alpha dropped).
std::vector<int> byteMap(int in, int out)
{
    if (in == out) {
        std::vector<int> m(out);
        for (int c = 0; c < out; ++c)
            m[c] = c;
        return m;
    }
    if (in == 1 && out == 2) return {0, -1};
    if (in == 1 && out == 3) return {0, 0, 0};
    if (in == 1 && out == 4) return {0, 0, 0, -1};
    if (in == 2 && out == 4) return {0, 0, 0, 1};
    if (in == 3 && out == 4) return {0, 1, 2, -1};
    return {};
}

/// Feathering weight along one axis: rises linearly over `width` pixels from each edge.
inline float ramp(int local, int size, int width)
{
    if (width <= 0)
        return 1.0f;
    int distance = std::min(local, size - 1 - local);
    return std::min(1.0f, (float(distance) + 0.5f) / float(width));
}

/// One encoded colour value made linear: the sRGB curve (IEC 61966-2-1) or a power.
float curveToLinear(float v, float gamma)
{
    if (gamma < 0)
        return v <= 0.04045f ? v / 12.92f : std::pow((v + 0.055f) / 1.055f, 2.4f);
    return v <= 0.0f ? v : std::pow(v, gamma);
}

/// The sRGB curve at every value an 8- or 16-bit input becomes as float: a photo's pixels
/// take a table lookup instead of a powf per sample (a tenth of a montage into EXR's time).
class SrgbTable {
public:
    explicit SrgbTable(OIIO::TypeDesc integerType) : encoded_(size_t(1) << (integerType.size() * 8)), linear_(encoded_.size())
    {
        // The floats OIIO's own conversion makes of each integer: the keys are exactly the
        // values a piece read as float holds, so a hit gives the curve's value bit for bit.
        std::vector<uint16_t> integers(encoded_.size());
        for (size_t i = 0; i < integers.size(); ++i)
            integers[i] = uint16_t(i);
        if (integerType == OIIO::TypeUInt8) {
            std::vector<uint8_t> bytes(integers.begin(), integers.end());
            OIIO::convert_pixel_values(integerType, bytes.data(), OIIO::TypeFloat, encoded_.data(), int(bytes.size()));
        } else {
            OIIO::convert_pixel_values(integerType, integers.data(), OIIO::TypeFloat, encoded_.data(), int(integers.size()));
        }
        for (size_t i = 0; i < encoded_.size(); ++i)
            linear_[i] = curveToLinear(encoded_[i], -1.0f);
    }

    /// The curve's value at `v` if `v` is one of the table's keys.
    bool find(float v, float& linear) const
    {
        float scaled = v * float(encoded_.size() - 1) + 0.5f;
        if (!(scaled >= 0.0f && scaled < float(encoded_.size())))
            return false;
        size_t i = size_t(scaled);
        if (encoded_[i] != v)
            return false;
        linear = linear_[i];
        return true;
    }

private:
    std::vector<float> encoded_;
    std::vector<float> linear_;
};

inline float toLinear(float v, float gamma)
{
    if (gamma < 0) {
        static const SrgbTable eightBit(OIIO::TypeUInt8);
        static const SrgbTable sixteenBit(OIIO::TypeUInt16);
        float linear;
        if (eightBit.find(v, linear) || sixteenBit.find(v, linear))
            return linear;
    }
    return curveToLinear(v, gamma);
}

}  // namespace

bool channelsConvertible(int in, int out)
{
    if (in <= 0 || out <= 0)
        return false;
    if (in == out)
        return true;
    return !byteMap(in, out).empty() || (in == 2 && (out == 1 || out == 3)) || (in == 4 && out == 3);
}

BandCompositor::BandCompositor(int canvasX, int width, int maxRows, int outputChannels,
                               OIIO::TypeDesc outputType, Blend blend, int featherWidth,
                               std::vector<float> background, bool outputUnassociatedAlpha)
    : canvasX_(canvasX), width_(width), maxRows_(maxRows), outChannels_(outputChannels),
      outType_(outputType), blend_(blend), feather_(featherWidth),
      background_(std::move(background)), outputUnassociated_(outputUnassociatedAlpha),
      outAlpha_(hasAlpha(outputChannels) ? outputChannels - 1 : -1)
{
    background_.resize(size_t(outChannels_), 0.0f);
    // The background is given straight ('#rrggbbaa'); an associated output stores its
    // colour multiplied by its alpha.
    backgroundStored_ = background_;
    if (outAlpha_ >= 0 && !outputUnassociated_)
        for (int c = 0; c < outChannels_; ++c)
            if (c != outAlpha_)
                backgroundStored_[size_t(c)] *= background_[size_t(outAlpha_)];
    pixelBytes_ = size_t(outChannels_) * outType_.size();
    rowBytes_ = size_t(width_) * pixelBytes_;
    backgroundPixel_.resize(pixelBytes_);
    OIIO::convert_pixel_values(OIIO::TypeFloat, backgroundStored_.data(), outType_,
                               backgroundPixel_.data(), outChannels_);
    float one = 1.0f;
    onePixelValue_.resize(outType_.size());
    OIIO::convert_pixel_values(OIIO::TypeFloat, &one, outType_, onePixelValue_.data(), 1);
    if (!copyMode()) {
        accum_.resize(size_t(width_) * maxRows_ * outChannels_);
        weight_.resize(size_t(width_) * maxRows_);
    }
    rowScratch_.resize(size_t(width_) * std::max(outChannels_, 4));
}

bool BandCompositor::needsAlphaConversion(int channels, bool straightAlpha) const
{
    return hasAlpha(channels) && outAlpha_ >= 0 && straightAlpha != outputUnassociated_;
}

OIIO::TypeDesc BandCompositor::pieceType(int channels, bool straightAlpha, float decodeGamma) const
{
    if (copyMode() && !byteMap(channels, outChannels_).empty() && !needsAlphaConversion(channels, straightAlpha)
        && decodeGamma == 0)
        return outType_;
    return OIIO::TypeFloat;
}

void BandCompositor::begin(int y0, int y1, char* band)
{
    y0_ = y0;
    y1_ = y1;
    band_ = band;
    size_t rows = size_t(y1 - y0);
    if (copyMode()) {
        for (size_t p = 0; p < size_t(width_); ++p)
            std::memcpy(band_ + p * pixelBytes_, backgroundPixel_.data(), pixelBytes_);
        for (size_t r = 1; r < rows; ++r)
            std::memcpy(band_ + r * rowBytes_, band_, rowBytes_);
        return;
    }
    size_t pixels = size_t(width_) * rows;
    std::fill(weight_.begin(), weight_.begin() + pixels, 0.0f);
    if (blend_ == Blend::Over) {
        // Start from the background, premultiplied, and put pieces over it.
        float alpha = outAlpha_ >= 0 ? background_[outAlpha_] : 1.0f;
        for (size_t p = 0; p < pixels; ++p)
            for (int c = 0; c < outChannels_; ++c)
                accum_[p * outChannels_ + c] = c == outAlpha_ ? alpha : background_[c] * alpha;
    } else {
        std::fill(accum_.begin(), accum_.begin() + pixels * outChannels_, 0.0f);
    }
}

char* BandCompositor::bandPixel(int x, int y) const
{
    return band_ + size_t(y - y0_) * rowBytes_ + size_t(x - canvasX_) * pixelBytes_;
}

void BandCompositor::composite(const Piece& piece)
{
    if (copyMode())
        copyPiece(piece);
    else
        blendPiece(piece);
}

void BandCompositor::expandToOutput(const float* encoded, int inChannels, bool straightAlpha, float decodeGamma,
                                    float* out) const
{
    int n = outChannels_;
    bool inHasAlpha = hasAlpha(inChannels) && (inChannels != n || outAlpha_ >= 0);
    float alpha = inHasAlpha ? encoded[inChannels - 1] : 1.0f;
    const float* in = encoded;
    float linear[64];
    if (decodeGamma != 0 && inChannels <= 64) {
        // Straight colour is what the curve encoded: decode that, then treat it as straight.
        for (int c = 0; c < inChannels; ++c) {
            bool colour = !(inHasAlpha && c == inChannels - 1);
            float v = colour && !straightAlpha && inHasAlpha ? (alpha > 0.0f ? encoded[c] / alpha : 0.0f) : encoded[c];
            linear[c] = colour ? toLinear(v, decodeGamma) : v;
        }
        in = linear;
        straightAlpha = true;
    }
    // The input's colour premultiplied by its alpha, whatever it stores.
    auto associated = [&](int c) { return straightAlpha ? in[c] * alpha : in[c]; };
    bool dropsAlpha = hasAlpha(inChannels) && outAlpha_ < 0;
    bool workingStraight = blend_ != Blend::Over && outputUnassociated_;
    for (int c = 0; c < n; ++c) {
        if (c == outAlpha_) {
            out[c] = alpha;
            continue;
        }
        int source = inChannels == n ? c : inChannels <= 2 ? 0 : c;  // gray feeds every colour channel
        if (dropsAlpha)
            out[c] = associated(source) + background_[c] * (1.0f - alpha);  // over the background
        else if (!inHasAlpha)
            out[c] = in[source];
        else if (!workingStraight)
            out[c] = associated(source);
        else  // the output stores straight colour
            out[c] = straightAlpha ? in[source] : (alpha > 0.0f ? in[source] / alpha : 0.0f);
    }
}

void BandCompositor::copyPiece(const Piece& piece)
{
    int width = piece.x1 - piece.x0;
    size_t outPixel = pixelBytes_;
    if (piece.type == outType_) {
        std::vector<int> map = byteMap(piece.channels, outChannels_);
        size_t elem = outType_.size();
        size_t inPixel = size_t(piece.channels) * elem;
        for (int y = piece.y0; y < piece.y1; ++y) {
            const char* src = piece.data + size_t(y - piece.y0) * width * inPixel;
            char* dst = bandPixel(piece.x0, y);
            if (piece.channels == outChannels_) {
                std::memcpy(dst, src, size_t(width) * outPixel);
                continue;
            }
            for (int x = 0; x < width; ++x, src += inPixel, dst += outPixel)
                for (int c = 0; c < outChannels_; ++c)
                    std::memcpy(dst + c * elem,
                                map[c] < 0 ? onePixelValue_.data() : src + map[c] * elem, elem);
        }
        return;
    }
    // Float piece whose alpha is dropped: composite over the background, then convert.
    const float* src = reinterpret_cast<const float*>(piece.data);
    if (piece.decodeGamma != 0 && piece.channels == outChannels_ && !hasAlpha(piece.channels)) {
        // Colour without alpha made linear (a photo into EXR): value by value, a row at a time.
        size_t values = size_t(width) * outChannels_;
        for (int y = piece.y0; y < piece.y1; ++y, src += values) {
            for (size_t i = 0; i < values; ++i)
                rowScratch_[i] = toLinear(src[i], piece.decodeGamma);
            OIIO::convert_pixel_values(OIIO::TypeFloat, rowScratch_.data(), outType_, bandPixel(piece.x0, y),
                                       int(values));
        }
        return;
    }
    for (int y = piece.y0; y < piece.y1; ++y) {
        for (int x = 0; x < width; ++x, src += piece.channels)
            expandToOutput(src, piece.channels, piece.straightAlpha, piece.decodeGamma,
                           &rowScratch_[size_t(x) * outChannels_]);
        OIIO::convert_pixel_values(OIIO::TypeFloat, rowScratch_.data(), outType_,
                                   bandPixel(piece.x0, y), width * outChannels_);
    }
}

void BandCompositor::blendPiece(const Piece& piece)
{
    int n = outChannels_;
    int width = piece.x1 - piece.x0;
    const float* src = reinterpret_cast<const float*>(piece.data);
    std::vector<float> s(static_cast<size_t>(n));
    for (int y = piece.y0; y < piece.y1; ++y) {
        float wy = blend_ == Blend::Feather
                       ? ramp(y - piece.inputY, piece.inputHeight, feather_) : 1.0f;
        size_t base = size_t(y - y0_) * width_ + size_t(piece.x0 - canvasX_);
        for (int x = piece.x0; x < piece.x0 + width; ++x, src += piece.channels) {
            size_t p = base + size_t(x - piece.x0);
            float* acc = &accum_[p * n];
            expandToOutput(src, piece.channels, piece.straightAlpha, piece.decodeGamma, s.data());
            switch (blend_) {
            case Blend::Average:
                for (int c = 0; c < n; ++c)
                    acc[c] += s[c];
                weight_[p] += 1.0f;
                break;
            case Blend::Feather: {
                float w = wy * ramp(x - piece.inputX, piece.inputWidth, feather_);
                for (int c = 0; c < n; ++c)
                    acc[c] += w * s[c];
                weight_[p] += w;
                break;
            }
            case Blend::Max:
                for (int c = 0; c < n; ++c)
                    acc[c] = weight_[p] > 0.0f ? std::max(acc[c], s[c]) : s[c];
                weight_[p] = 1.0f;
                break;
            case Blend::Over: {
                float a = outAlpha_ >= 0 ? s[outAlpha_] : 1.0f;
                for (int c = 0; c < n; ++c)
                    acc[c] = s[c] + acc[c] * (1.0f - a);
                weight_[p] = 1.0f;
                break;
            }
            default:
                break;
            }
        }
    }
}

void BandCompositor::fill(int x0, int x1, int y0, int y1)
{
    y0 = std::max(y0, y0_);
    y1 = std::min(y1, y1_);
    for (int y = y0; y < y1; ++y) {
        if (copyMode()) {
            for (int x = x0; x < x1; ++x)
                std::memcpy(bandPixel(x, y), backgroundPixel_.data(), pixelBytes_);
            continue;
        }
        for (int x = x0; x < x1; ++x) {
            size_t p = size_t(y - y0_) * width_ + size_t(x - canvasX_);
            weight_[p] = 0.0f;
            float alpha = outAlpha_ >= 0 ? background_[outAlpha_] : 1.0f;
            for (int c = 0; c < outChannels_; ++c)
                accum_[p * outChannels_ + c] = blend_ != Blend::Over ? 0.0f
                                               : c == outAlpha_     ? alpha
                                                                    : background_[c] * alpha;
        }
    }
}

void BandCompositor::finish()
{
    if (copyMode())
        return;
    int n = outChannels_;
    for (int y = y0_; y < y1_; ++y) {
        for (int x = 0; x < width_; ++x) {
            size_t p = size_t(y - y0_) * width_ + size_t(x);
            const float* acc = &accum_[p * n];
            float* out = &rowScratch_[size_t(x) * n];
            float w = weight_[p];
            for (int c = 0; c < n; ++c) {
                switch (blend_) {
                case Blend::Average:
                case Blend::Feather: out[c] = w > 0.0f ? acc[c] / w : backgroundStored_[c]; break;
                case Blend::Max: out[c] = w > 0.0f ? acc[c] : backgroundStored_[c]; break;
                default: out[c] = acc[c]; break;
                }
            }
            if (blend_ == Blend::Over && outputUnassociated_ && outAlpha_ >= 0
                && out[outAlpha_] > 0.0f)
                for (int c = 0; c < n; ++c)
                    if (c != outAlpha_)
                        out[c] /= out[outAlpha_];
        }
        OIIO::convert_pixel_values(OIIO::TypeFloat, rowScratch_.data(), outType_,
                                   bandPixel(canvasX_, y), width_ * n);
    }
}

}  // namespace tilewright
