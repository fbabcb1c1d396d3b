#pragma once
/// @file pyramid.h
/// Reduced levels built from a stream of full-resolution rows as they pass.
///
/// Each level halves the one above, rounding sizes up (ceil(w / 2^k), OpenEXR's
/// ROUND_UP and Deep Zoom's rule), so no source pixel is dropped: a pixel of level k
/// is the average of the 2x2 block of level k-1 it covers, or of the 2x1, 1x2 or 1x1
/// block left at an odd edge. A level holds one pending row of the level above and
/// one output row, so the whole chain costs about four rows of level 0 however tall
/// the image is.

#include <functional>
#include <memory>
#include <string>
#include <vector>

#include <OpenImageIO/typedesc.h>

namespace tilewright {

/// How a 2x2 block becomes one pixel; codes shared with Java.
enum class PyramidFilter : int {
    Box = 0,     ///< the average, rounded to nearest for integer types
    Nearest = 1  ///< the block's top-left pixel (labels and masks keep their values)
};

struct LevelSize {
    int width;
    int height;
};

/// Sizes of level 0 (w x h) and the levels below it, halving with rounding up, until
/// a level fits in `stopWidth` x `stopHeight` (1, 1 goes down to a single pixel) or
/// `maxLevels` levels exist (0 = no limit).
std::vector<LevelSize> pyramidLevelSizes(int width, int height, int stopWidth, int stopHeight,
                                         int maxLevels);

/// Reduces level-0 rows, fed top to bottom, into every level below; each finished
/// row of level k >= 1 goes to the sink with its row index (0-based in the level).
class LevelChain {
public:
    using Sink = std::function<void(int level, int row, const char* pixels)>;

    /// `sizes` from pyramidLevelSizes; pixels are `channels` interleaved samples of
    /// `type` (any of OIIO's integer, half, float or double types).
    LevelChain(std::vector<LevelSize> sizes, int channels, OIIO::TypeDesc type,
               PyramidFilter filter, Sink sink);
    ~LevelChain();

    /// Feeds the next row of level 0.
    void pushRow(const char* pixels);
    /// Feeds `count` consecutive rows, `rowStride` bytes apart.
    void pushRows(const char* pixels, int count, size_t rowStride);

    const std::vector<LevelSize>& sizes() const { return sizes_; }
    /// Rows of level 0 received so far.
    int rowsReceived() const { return received_; }

    /// Reduces one source row pair (lower may be null) into one output row.
    using RowReducer = void (*)(const char* upper, const char* lower, int srcWidth, int dstWidth,
                                int channels, PyramidFilter filter, char* out);

private:
    struct Level;
    void push(size_t level, const char* pixels);

    std::vector<LevelSize> sizes_;
    int channels_;
    OIIO::TypeDesc type_;
    PyramidFilter filter_;
    Sink sink_;
    RowReducer reduce_;  ///< the reduction for type_, chosen once
    std::vector<std::unique_ptr<Level>> levels_;  ///< index k reduces level k into k+1
    int received_ = 0;
};

}  // namespace tilewright
