#pragma once
/// @file band_compositor.h
/// Composites pieces of inputs into one horizontal band of the output canvas.
///
/// Two kinds of work, chosen by the blend mode:
///  - copy modes (later-wins, first-wins): pieces arrive in the output's own type and
///    are copied (channels mapped byte-wise); no float intermediate unless an alpha
///    channel must be dropped, which composites over the background;
///  - blend modes (over, max, average, feather): pieces arrive as float and are
///    accumulated with weights, then converted to the output type once per band.
/// Values are OIIO's normalised units: 0..1 for integer types, as is for float types.

#include <vector>

#include <OpenImageIO/typedesc.h>

namespace tilewright {

/// How overlapping inputs combine; codes shared with Java's BlendMode.
enum class Blend : int { Later = 0, First = 1, Over = 2, Max = 3, Average = 4, Feather = 5 };

/// Whether an input of `inputChannels` can become an output of `outputChannels`:
/// equal counts; gray to gray+alpha/RGB/RGBA; gray+alpha to gray/RGB/RGBA;
/// RGB to RGBA (opaque); RGBA to RGB (over the background).
bool channelsConvertible(int inputChannels, int outputChannels);

/// The part of one input that falls in the current band, already decoded.
struct Piece {
    const char* data = nullptr;  ///< rows of (x1 - x0) pixels, contiguous
    OIIO::TypeDesc type;         ///< as BandCompositor::pieceType asked
    int channels = 0;
    bool straightAlpha = false;  ///< colour not multiplied by alpha (PNG)
    float decodeGamma = 0;       ///< colour to make linear: 0 none, -1 the sRGB curve, else a power
    int x0 = 0, x1 = 0, y0 = 0, y1 = 0;  ///< canvas rectangle, half-open
    int inputX = 0, inputY = 0, inputWidth = 0, inputHeight = 0;  ///< the whole input on the canvas
};

class BandCompositor {
public:
    BandCompositor(int canvasX, int width, int maxRows, int outputChannels,
                   OIIO::TypeDesc outputType, Blend blend, int featherWidth,
                   std::vector<float> background, bool outputUnassociatedAlpha);

    /// Whether pieces are copied (later/first wins) rather than blended.
    bool copyMode() const { return blend_ == Blend::Later || blend_ == Blend::First; }
    /// The type an input with `channels` channels and straight (or associated) alpha must
    /// be decoded to: the output's when its bytes can be copied, else float.
    OIIO::TypeDesc pieceType(int channels, bool straightAlpha, float decodeGamma) const;
    /// Whether such an input may be decoded straight into the band (copy mode, same
    /// channels, same alpha association): no scratch buffer, no second copy.
    bool readsDirect(int channels, bool straightAlpha, float decodeGamma) const
    {
        return copyMode() && channels == outChannels_ && !needsAlphaConversion(channels, straightAlpha)
               && decodeGamma == 0;
    }

    /// Starts band rows [y0, y1) in `band` (output type, full canvas width): background
    /// everywhere, accumulators cleared.
    void begin(int y0, int y1, char* band);
    /// Address of canvas pixel (x, y) in the band, for direct reads.
    char* bandPixel(int x, int y) const;
    size_t bandRowStride() const { return rowBytes_; }
    /// Adds one piece; pieces must come in compositing order (see Stitcher).
    void composite(const Piece& piece);
    /// Paints a rectangle with the background (the "fill" policy for a failed input).
    void fill(int x0, int x1, int y0, int y1);
    /// Blend modes: resolves the accumulators into the band. Copy modes: nothing to do.
    void finish();

private:
    /// Whether an input's colour must be multiplied or divided by its alpha on the way in.
    bool needsAlphaConversion(int channels, bool straightAlpha) const;
    /// One input pixel as output channels, colour associated with alpha as the working
    /// values are: premultiplied while blending "over", else as the output stores it.
    void expandToOutput(const float* in, int inChannels, bool straightAlpha, float decodeGamma, float* out) const;
    void copyPiece(const Piece& piece);
    void blendPiece(const Piece& piece);

    int canvasX_, width_, maxRows_, outChannels_;
    OIIO::TypeDesc outType_;
    Blend blend_;
    int feather_;
    std::vector<float> background_;
    std::vector<float> backgroundStored_;  ///< the background as the output stores it
    bool outputUnassociated_;
    int outAlpha_;                     ///< alpha channel index of the output, or -1
    size_t pixelBytes_, rowBytes_;
    std::vector<char> backgroundPixel_;  ///< background in the output type
    std::vector<char> onePixelValue_;    ///< 1.0 in the output type (opaque alpha)
    std::vector<float> accum_;           ///< blend modes: outChannels per pixel
    std::vector<float> weight_;          ///< blend modes: one per pixel
    std::vector<float> rowScratch_;
    int y0_ = 0, y1_ = 0;
    char* band_ = nullptr;
};

}  // namespace tilewright
