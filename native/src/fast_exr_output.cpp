#include "tilewright/fast_exr_output.h"

#include <algorithm>
#include <cstring>
#include <numeric>

#include <immintrin.h>
#include <Imath/half.h>
#include <openexr.h>

#include <OpenImageIO/strutil.h>

#include "tilewright/thread_budget.h"
#include "tilewright/zlib_codec.h"

namespace tilewright {

namespace {

/// The attributes the montage, the generator and the writer put on an EXR spec, at values
/// that OpenEXR's required attributes already say; any other sends the file through OIIO.
bool knownAttribute(const OIIO::ParamValue& p)
{
    const std::string name = p.name().string();
    if (name == "compression" || name == "DateTime" || name == "oiio:ColorSpace")
        return p.type() == OIIO::TypeString;
    if (name == "PixelAspectRatio" || name == "screenWindowWidth")
        return p.type() == OIIO::TypeFloat && *static_cast<const float*>(p.data()) == 1.0f;
    if (name == "screenWindowCenter")
        return p.type() == OIIO::TypeDesc(OIIO::TypeDesc::FLOAT, OIIO::TypeDesc::VEC2)
               && static_cast<const float*>(p.data())[0] == 0.0f && static_cast<const float*>(p.data())[1] == 0.0f;
    return false;
}

void onExrError(exr_const_context_t context, exr_result_t, const char* message)
{
    void* user = nullptr;
    if (exr_get_user_data(context, &user) == EXR_ERR_SUCCESS && user)
        static_cast<FastExrOutput*>(user)->recordExrError(message ? message : "OpenEXR error");
}

/// OpenEXR's zip preprocessing: bytes split into even and odd halves, then differenced.
void zipPredict(const unsigned char* raw, size_t size, std::vector<unsigned char>& out)
{
    out.resize(size);
    const size_t half = (size + 1) / 2;
    for (size_t i = 0; i < size; i += 2)
        out[i / 2] = raw[i];
    for (size_t i = 1; i < size; i += 2)
        out[half + i / 2] = raw[i];
    int previous = out.empty() ? 0 : out[0];
    for (size_t i = 1; i < size; ++i) {
        int value = out[i];
        out[i] = (unsigned char)(value - previous + (128 + 256));
        previous = value;
    }
}

/// Floats to halves as Imath rounds them (to nearest even), eight at a time with the
/// CPU's F16C instructions where it has them; a NaN keeps Imath's own encoding.
__attribute__((target("avx,f16c"))) void floatsToHalvesF16c(const float* in, uint16_t* out, size_t n)
{
    size_t i = 0;
    for (; i + 8 <= n; i += 8) {
        __m256 v = _mm256_loadu_ps(in + i);
        _mm_storeu_si128(reinterpret_cast<__m128i*>(out + i), _mm256_cvtps_ph(v, _MM_FROUND_TO_NEAREST_INT));
    }
    for (; i < n; ++i)
        out[i] = Imath::half(in[i]).bits();
    for (size_t k = 0; k < n; ++k)
        if (in[k] != in[k])
            out[k] = Imath::half(in[k]).bits();
}

void floatsToHalves(const float* in, uint16_t* out, size_t n)
{
    static const bool f16c = __builtin_cpu_supports("f16c") && __builtin_cpu_supports("avx");
    if (f16c) {
        floatsToHalvesF16c(in, out, n);
        return;
    }
    for (size_t i = 0; i < n; ++i)
        out[i] = Imath::half(in[i]).bits();
}

/// One row's values, interleaved by pixel, as runs per channel in `order`.
template <typename T>
unsigned char* splitChannels(const unsigned char* row, int width, const std::vector<int>& order, unsigned char* out)
{
    const T* values = reinterpret_cast<const T*>(row);
    T* to = reinterpret_cast<T*>(out);
    const size_t channels = order.size();
    for (int c : order)
        for (int x = 0; x < width; ++x)
            *to++ = values[size_t(x) * channels + size_t(c)];
    return reinterpret_cast<unsigned char*>(to);
}

}  // namespace

bool FastExrOutput::handles(const OIIO::ImageSpec& spec)
{
    const OIIO::TypeDesc t = spec.format;
    if (t != OIIO::TypeHalf && t != OIIO::TypeFloat)
        return false;
    for (int c = 0; c < spec.nchannels && c < int(spec.channelformats.size()); ++c)
        if (spec.channelformats[size_t(c)] != t)
            return false;
    if (spec.nchannels < 1 || spec.nchannels > 64 || spec.depth > 1 || spec.tile_width <= 0 || spec.tile_height <= 0)
        return false;
    if (spec.x != 0 || spec.y != 0 || spec.full_x != 0 || spec.full_y != 0 || spec.full_width != spec.width
        || spec.full_height != spec.height)
        return false;
    std::vector<std::string> names;
    for (int c = 0; c < spec.nchannels; ++c)
        names.push_back(c < int(spec.channelnames.size()) ? spec.channelnames[size_t(c)] : std::string());
    std::sort(names.begin(), names.end());
    if (names.front().empty() || std::adjacent_find(names.begin(), names.end()) != names.end())
        return false;  // OIIO names unnamed channels, and refuses twins, its own way
    std::string compression = OIIO::Strutil::lower(spec.decode_compression_metadata().first);
    if (!compression.empty() && compression != "zip" && compression != "zips" && compression != "none")
        return false;
    for (const auto& attribute : spec.extra_attribs)
        if (!knownAttribute(attribute))
            return false;
    return true;
}

FastExrOutput::FastExrOutput(ThreadBudget& budget) : budget_(budget) {}

FastExrOutput::~FastExrOutput()
{
    if (context_)
        exr_finish(&context_);
}

int FastExrOutput::supports(OIIO::string_view feature) const
{
    return feature == "tiles" || feature == "alpha" || feature == "nchannels";
}

bool FastExrOutput::failExr(const std::string& what, int code)
{
    errorfmt("{} failed: {}", what, exrError_.empty() ? exr_get_error_code_as_string(code) : exrError_);
    return false;
}

bool FastExrOutput::open(const std::string& name, const OIIO::ImageSpec& spec, OpenMode mode)
{
    if (mode != Create) {
        errorfmt("{} only creates new files of one part and one level", format_name());
        return false;
    }
    m_spec = spec;
    auto [compression, quality] = spec.decode_compression_metadata("zip", 4);
    deflate_ = !OIIO::Strutil::iequals(compression, "none");
    level_ = std::clamp(quality > 0 ? quality : 4, 1, 9);  // 4: OpenEXR's own default level

    std::vector<int> order(size_t(spec.nchannels));
    std::iota(order.begin(), order.end(), 0);
    std::sort(order.begin(), order.end(),
              [&](int a, int b) { return spec.channelnames[size_t(a)] < spec.channelnames[size_t(b)]; });
    channelOrder_ = order;

    exr_context_initializer_t init = EXR_DEFAULT_CONTEXT_INITIALIZER;
    init.error_handler_fn = onExrError;
    init.user_data = this;
    int part = 0;
    exr_attr_box2i_t window = {{0, 0}, {spec.width - 1, spec.height - 1}};
    exr_attr_v2f_t centre = {0.0f, 0.0f};
    exr_compression_t codec = !deflate_ ? EXR_COMPRESSION_NONE
                              : OIIO::Strutil::iequals(compression, "zips") ? EXR_COMPRESSION_ZIPS
                                                                             : EXR_COMPRESSION_ZIP;
    exr_result_t rc = exr_start_write(&context_, name.c_str(), EXR_WRITE_FILE_DIRECTLY, &init);
    if (rc == EXR_ERR_SUCCESS)
        rc = exr_add_part(context_, nullptr, EXR_STORAGE_TILED, &part);
    if (rc == EXR_ERR_SUCCESS)
        rc = exr_initialize_required_attr(context_, part, &window, &window, 1.0f, &centre, 1.0f,
                                          EXR_LINEORDER_INCREASING_Y, codec);
    if (rc == EXR_ERR_SUCCESS)
        rc = exr_set_tile_descriptor(context_, part, uint32_t(spec.tile_width), uint32_t(spec.tile_height),
                                     EXR_TILE_ONE_LEVEL, EXR_TILE_ROUND_DOWN);
    const exr_pixel_type_t type = spec.format == OIIO::TypeHalf ? EXR_PIXEL_HALF : EXR_PIXEL_FLOAT;
    for (int c = 0; c < spec.nchannels && rc == EXR_ERR_SUCCESS; ++c)
        rc = exr_add_channel(context_, part, spec.channelnames[size_t(c)].c_str(), type,
                             EXR_PERCEPTUALLY_LOGARITHMIC, 1, 1);
    // OIIO writes the spec's DateTime as OpenEXR's capDate: so does this writer.
    if (rc == EXR_ERR_SUCCESS && spec.find_attribute("DateTime"))
        rc = exr_attr_set_string(context_, part, "capDate", spec.get_string_attribute("DateTime").c_str());
    if (rc == EXR_ERR_SUCCESS)
        rc = exr_write_header(context_);
    if (rc != EXR_ERR_SUCCESS)
        return failExr("opening \"" + name + "\"", rc);
    return true;
}

bool FastExrOutput::write_scanline(int, int, OIIO::TypeDesc, const void*, OIIO::stride_t)
{
    errorfmt("{} writes tiles", format_name());
    return false;
}

bool FastExrOutput::write_tile(int x, int y, int z, OIIO::TypeDesc format, const void* data, OIIO::stride_t xstride,
                               OIIO::stride_t ystride, OIIO::stride_t zstride)
{
    // OIIO's convention: one tile's data is a whole tile's rows, an edge tile's too.
    if (format == OIIO::TypeUnknown)
        format = m_spec.format;
    if (xstride == OIIO::AutoStride)
        xstride = OIIO::stride_t(format.size()) * m_spec.nchannels;
    if (ystride == OIIO::AutoStride)
        ystride = xstride * m_spec.tile_width;
    return write_tiles(x, std::min(x + m_spec.tile_width, m_spec.width), y,
                       std::min(y + m_spec.tile_height, m_spec.height), z, z + 1, format, data, xstride, ystride,
                       zstride);
}

void FastExrOutput::packAndCompress(Chunk& chunk, int xbegin, int ybegin, OIIO::TypeDesc format, const char* data,
                                    OIIO::stride_t xstride, OIIO::stride_t ystride) const
{
    const int x0 = chunk.tileX * m_spec.tile_width, y0 = chunk.tileY * m_spec.tile_height;
    const int width = std::min(m_spec.tile_width, m_spec.width - x0);
    const int height = std::min(m_spec.tile_height, m_spec.height - y0);
    const size_t valueBytes = m_spec.format.size();
    const size_t channels = size_t(m_spec.nchannels);
    std::vector<unsigned char> raw(size_t(width) * height * channels * valueBytes);
    std::vector<unsigned char> converted(size_t(width) * channels * valueBytes);
    unsigned char* at = raw.data();
    for (int y = 0; y < height; ++y) {
        // One row of the tile in the file's type, channels interleaved as given…
        const char* row = data + OIIO::stride_t(y0 + y - ybegin) * ystride + OIIO::stride_t(x0 - xbegin) * xstride;
        const bool contiguous = xstride == OIIO::stride_t(format.size() * channels);
        if (contiguous && format == OIIO::TypeFloat && m_spec.format == OIIO::TypeHalf) {
            floatsToHalves(reinterpret_cast<const float*>(row), reinterpret_cast<uint16_t*>(converted.data()),
                           size_t(width) * channels);
        } else if (!OIIO::convert_image(int(channels), width, 1, 1, row, format, xstride, OIIO::AutoStride,
                                        OIIO::AutoStride, converted.data(), m_spec.format, OIIO::AutoStride,
                                        OIIO::AutoStride, OIIO::AutoStride)) {
            chunk.ok = false;
            return;
        }
        // …then one run per channel, in name order (the host is little-endian, as the file).
        at = valueBytes == 2 ? splitChannels<uint16_t>(converted.data(), width, channelOrder_, at)
                             : splitChannels<uint32_t>(converted.data(), width, channelOrder_, at);
    }
    if (!deflate_) {
        chunk.bytes = std::move(raw);
        return;
    }
    std::vector<unsigned char> predicted;
    zipPredict(raw.data(), raw.size(), predicted);
    size_t written = zlibCompress(level_, predicted.data(), predicted.size(), chunk.bytes);
    if (written == 0 || written >= raw.size())
        chunk.bytes = std::move(raw);  // OpenEXR stores a chunk that would not shrink as it is
    else
        chunk.bytes.resize(written);
}

bool FastExrOutput::write_tiles(int xbegin, int xend, int ybegin, int yend, int, int, OIIO::TypeDesc format,
                                const void* data, OIIO::stride_t xstride, OIIO::stride_t ystride, OIIO::stride_t)
{
    if (!context_) {
        errorfmt("write_tiles: the file is not open");
        return false;
    }
    if (format == OIIO::TypeUnknown)
        format = m_spec.format;
    const OIIO::stride_t pixel = OIIO::stride_t(format.size()) * m_spec.nchannels;
    if (xstride == OIIO::AutoStride)
        xstride = pixel;
    if (ystride == OIIO::AutoStride)
        ystride = xstride * (xend - xbegin);
    if (xbegin % m_spec.tile_width != 0 || ybegin % m_spec.tile_height != 0
        || (xend % m_spec.tile_width != 0 && xend != m_spec.width)
        || (yend % m_spec.tile_height != 0 && yend != m_spec.height)) {
        errorfmt("write_tiles: [{}, {}) x [{}, {}) is not made of whole tiles", xbegin, xend, ybegin, yend);
        return false;
    }
    std::vector<Chunk> chunks;
    for (int ty = ybegin / m_spec.tile_height; ty * m_spec.tile_height < yend; ++ty)
        for (int tx = xbegin / m_spec.tile_width; tx * m_spec.tile_width < xend; ++tx) {
            chunks.emplace_back();
            chunks.back().tileX = tx;
            chunks.back().tileY = ty;
        }
    budget_.parallelFor(chunks.size(), [&](size_t i) {
        packAndCompress(chunks[i], xbegin, ybegin, format, static_cast<const char*>(data), xstride, ystride);
    });
    // Handed over in tile order, one at a time: the same bytes on every run.
    for (const Chunk& c : chunks) {
        if (!c.ok) {
            errorfmt("converting tiles to {} failed", m_spec.format);
            return false;
        }
        exr_result_t rc = exr_write_tile_chunk(context_, 0, c.tileX, c.tileY, 0, 0, c.bytes.data(), c.bytes.size());
        if (rc != EXR_ERR_SUCCESS)
            return failExr("writing tile " + std::to_string(c.tileX) + "," + std::to_string(c.tileY), rc);
    }
    return true;
}

bool FastExrOutput::close()
{
    if (!context_)
        return true;
    exr_result_t rc = exr_finish(&context_);
    context_ = nullptr;
    if (rc != EXR_ERR_SUCCESS)
        return failExr("finishing the file", rc);
    return true;
}

}  // namespace tilewright
