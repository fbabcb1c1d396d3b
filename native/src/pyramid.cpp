#include "tilewright/pyramid.h"

#include <cstdint>
#include <cstring>
#include <type_traits>

#include <OpenImageIO/half.h>

#include "tilewright/error.h"

namespace tilewright {

namespace {

/// Mean of `n` (1, 2 or 4) integer samples summing to `sum`, rounded half away from zero.
inline long long roundedMean(long long sum, int n)
{
    return sum >= 0 ? (sum + n / 2) / n : -((-sum + n / 2) / n);
}

/// One output row of a box or nearest reduction. `upper` is the even source row,
/// `lower` the odd one or nullptr at an odd bottom edge; x pairs the same way.
template <typename T>
void reduceRow(const T* upper, const T* lower, int srcWidth, int dstWidth, int channels,
               PyramidFilter filter, T* out)
{
    if (filter == PyramidFilter::Nearest) {
        for (int x = 0; x < dstWidth; ++x)
            std::memcpy(out + size_t(x) * channels, upper + size_t(2 * x) * channels,
                        sizeof(T) * size_t(channels));
        return;
    }
    for (int x = 0; x < dstWidth; ++x) {
        const size_t left = size_t(2 * x) * channels;
        const bool pair = 2 * x + 1 < srcWidth;
        const size_t right = pair ? left + channels : left;
        const int n = (pair ? 2 : 1) * (lower ? 2 : 1);
        T* o = out + size_t(x) * channels;
        for (int c = 0; c < channels; ++c) {
            if constexpr (std::is_integral_v<T>) {
                long long sum = (long long)upper[left + c] + (pair ? (long long)upper[right + c] : 0);
                if (lower)
                    sum += (long long)lower[left + c] + (pair ? (long long)lower[right + c] : 0);
                o[c] = T(roundedMean(sum, n));
            } else {
                using Acc = std::conditional_t<std::is_same_v<T, double>, double, float>;
                Acc sum = Acc(upper[left + c]) + (pair ? Acc(upper[right + c]) : Acc(0));
                if (lower)
                    sum += Acc(lower[left + c]) + (pair ? Acc(lower[right + c]) : Acc(0));
                o[c] = T(sum / Acc(n));
            }
        }
    }
}

template <typename T>
void reduceRowBytes(const char* upper, const char* lower, int srcWidth, int dstWidth, int channels,
                    PyramidFilter filter, char* out)
{
    reduceRow(reinterpret_cast<const T*>(upper), reinterpret_cast<const T*>(lower), srcWidth, dstWidth,
              channels, filter, reinterpret_cast<T*>(out));
}

LevelChain::RowReducer reducerFor(OIIO::TypeDesc type)
{
    if (type == OIIO::TypeDesc::UINT8) return reduceRowBytes<uint8_t>;
    if (type == OIIO::TypeDesc::INT8) return reduceRowBytes<int8_t>;
    if (type == OIIO::TypeDesc::UINT16) return reduceRowBytes<uint16_t>;
    if (type == OIIO::TypeDesc::INT16) return reduceRowBytes<int16_t>;
    if (type == OIIO::TypeDesc::UINT32) return reduceRowBytes<uint32_t>;
    if (type == OIIO::TypeDesc::INT32) return reduceRowBytes<int32_t>;
    if (type == OIIO::TypeDesc::HALF) return reduceRowBytes<half>;
    if (type == OIIO::TypeDesc::FLOAT) return reduceRowBytes<float>;
    if (type == OIIO::TypeDesc::DOUBLE) return reduceRowBytes<double>;
    return nullptr;
}

}  // namespace

std::vector<LevelSize> pyramidLevelSizes(int width, int height, int stopWidth, int stopHeight,
                                         int maxLevels)
{
    std::vector<LevelSize> sizes{{width, height}};
    while ((maxLevels <= 0 || int(sizes.size()) < maxLevels)
           && (sizes.back().width > stopWidth || sizes.back().height > stopHeight)
           && (sizes.back().width > 1 || sizes.back().height > 1)) {
        LevelSize s = sizes.back();
        sizes.push_back({(s.width + 1) / 2, (s.height + 1) / 2});
    }
    return sizes;
}

/// Reduction of one level into the next: the even row waits for its odd partner.
struct LevelChain::Level {
    int srcWidth, srcHeight, dstWidth;
    std::vector<char> pending;  ///< the even source row, when waiting
    std::vector<char> out;      ///< the row being produced
    int srcRow = 0;             ///< rows of the source level received
};

LevelChain::LevelChain(std::vector<LevelSize> sizes, int channels, OIIO::TypeDesc type,
                       PyramidFilter filter, Sink sink)
    : sizes_(std::move(sizes)), channels_(channels), type_(type), filter_(filter), sink_(std::move(sink)),
      reduce_(reducerFor(type))
{
    if (!reduce_)
        throw Error("", std::string("pyramid levels cannot be computed for ") + type_.c_str() + " pixels", ErrorKind::BadArgument);
    size_t pixelBytes = size_t(channels_) * type_.size();
    for (size_t k = 0; k + 1 < sizes_.size(); ++k) {
        auto level = std::make_unique<Level>();
        level->srcWidth = sizes_[k].width;
        level->srcHeight = sizes_[k].height;
        level->dstWidth = sizes_[k + 1].width;
        level->pending.resize(size_t(level->srcWidth) * pixelBytes);
        level->out.resize(size_t(level->dstWidth) * pixelBytes);
        levels_.push_back(std::move(level));
    }
}

LevelChain::~LevelChain() = default;

void LevelChain::pushRow(const char* pixels)
{
    ++received_;
    push(0, pixels);
}

void LevelChain::pushRows(const char* pixels, int count, size_t rowStride)
{
    for (int r = 0; r < count; ++r)
        pushRow(pixels + size_t(r) * rowStride);
}

void LevelChain::push(size_t k, const char* pixels)
{
    if (k >= levels_.size())
        return;
    Level& level = *levels_[k];
    const int row = level.srcRow++;
    const bool even = row % 2 == 0;
    if (even && row + 1 < level.srcHeight) {
        std::memcpy(level.pending.data(), pixels, level.pending.size());
        return;
    }
    const char* upper = even ? pixels : level.pending.data();
    const char* lower = even ? nullptr : pixels;  // an even last row stands alone
    reduce_(upper, lower, level.srcWidth, level.dstWidth, channels_, filter_, level.out.data());
    sink_(int(k) + 1, row / 2, level.out.data());
    push(k + 1, level.out.data());
}

}  // namespace tilewright
