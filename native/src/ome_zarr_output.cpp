#include "tilewright/ome_zarr_output.h"

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <limits>
#include <sstream>
#include <sys/stat.h>

#include <OpenImageIO/strutil.h>

#include "tilewright/error.h"
#include "tilewright/rows.h"
#include "tilewright/thread_budget.h"
#include "tilewright/zarr_compressor.h"

namespace tilewright {

namespace {

/// Creates `path` if it does not exist; "" or the system's reason.
std::string makeFolder(const std::string& path)
{
    errno = 0;
    return ::mkdir(path.c_str(), 0777) == 0 || errno == EEXIST ? std::string() : std::strerror(errno);
}

/// Zarr's (numpy's) dtype string for `type`, little-endian as x86 stores it; "" if none.
std::string dtypeOf(OIIO::TypeDesc type)
{
    switch (type.basetype) {
    case OIIO::TypeDesc::UINT8: return "|u1";
    case OIIO::TypeDesc::INT8: return "|i1";
    case OIIO::TypeDesc::UINT16: return "<u2";
    case OIIO::TypeDesc::INT16: return "<i2";
    case OIIO::TypeDesc::UINT32: return "<u4";
    case OIIO::TypeDesc::INT32: return "<i4";
    case OIIO::TypeDesc::HALF: return "<f2";
    case OIIO::TypeDesc::FLOAT: return "<f4";
    case OIIO::TypeDesc::DOUBLE: return "<f8";
    default: return "";
    }
}

/// A JSON string literal.
std::string quoted(const std::string& text)
{
    std::string out = "\"";
    for (unsigned char c : text) {
        if (c == '"' || c == '\\')
            out += '\\', out += char(c);
        else if (c < 0x20)
            out += OIIO::Strutil::fmt::format("\\u{:04x}", int(c));
        else
            out += char(c);
    }
    return out + "\"";
}

/// A number as JSON writes it, without a trailing ".0" lost or a locale's comma.
std::string number(double v)
{
    std::ostringstream s;
    s.imbue(std::locale::classic());
    s.precision(15);  // 0.325, not 0.32500000000000001: exact to the decimal given
    s << v;
    return s.str();
}

}  // namespace

OmeZarrOutput::OmeZarrOutput(const OutputOptions& options, ThreadBudget& budget)
    : budget_(budget), pyramidRequest_(options.pyramidLevels()), filter_(options.pyramidFilter()),
      pixelX_(options.pixelX()), pixelY_(options.pixelY()), unit_(options.pixelUnit()), bandTop_(options.bandTop()),
      firstLevel_(options.firstLevel())
{
}

std::vector<LevelSize> OmeZarrOutput::levelSizes(const OIIO::ImageSpec& spec, int pyramidRequest)
{
    // As for a pyramidal TIFF: none asked, full resolution alone; automatic, down to one
    // chunk; n, at most n.
    return pyramidRequest == 0 ? std::vector<LevelSize>{{spec.width, spec.height}}
           : pyramidRequest < 0 ? pyramidLevelSizes(spec.width, spec.height, kChunk, kChunk, 0)
                                : pyramidLevelSizes(spec.width, spec.height, 1, 1, pyramidRequest);
}

OmeZarrOutput::~OmeZarrOutput() = default;

int OmeZarrOutput::supports(OIIO::string_view feature) const
{
    return feature == "alpha" || feature == "nchannels";
}

bool OmeZarrOutput::open(const std::string& name, const OIIO::ImageSpec& spec, OpenMode mode)
{
    if (mode != Create) {
        errorfmt("an OME-Zarr folder holds one image");
        return false;
    }
    if (dtypeOf(spec.format).empty()) {
        errorfmt("OME-Zarr does not store {} pixels", spec.format);
        return false;
    }
    m_spec = spec;
    m_spec.channelformats.clear();  // one type for every channel, as a Zarr array has
    folder_ = name;
    sample_ = spec.format.size();
    auto [compression, quality] = spec.decode_compression_metadata("zip", 0);
    compressor_ = std::make_unique<ZarrCompressor>(compression, quality);

    std::vector<LevelSize> sizes = levelSizes(spec, pyramidRequest_);
    const long long bandAlignment = (long long)kChunk << std::min<size_t>(sizes.size() - 1, 32);
    if (firstLevel_ < 0 || size_t(firstLevel_) >= sizes.size() || bandTop_ < 0 || bandTop_ % bandAlignment != 0) {
        errorfmt("a band from row {} or rows of level {} do not fit an OME-Zarr image of {} level(s)", bandTop_,
                 firstLevel_, sizes.size());
        return false;
    }
    try {
        for (size_t k = 0; k < sizes.size(); ++k) {
            Level level;
            level.width = sizes[k].width;
            level.height = sizes[k].height;
            std::string folder = folder_ + "/" + std::to_string(k);
            if (std::string why = makeFolder(folder); !why.empty())
                throw Error(folder, "cannot create the level's folder: " + why, ErrorKind::BadOutput);
            for (int c = 0; c < spec.nchannels; ++c)
                if (std::string why = makeFolder(folder + "/" + std::to_string(c)); !why.empty())
                    throw Error(folder, "cannot create a channel's folder: " + why, ErrorKind::BadOutput);
            levels_.push_back(level);
            writeText(folder + "/.zarray", arrayMetadata(level));
        }
    } catch (const Error& e) {
        errorfmt("{}", e.message());
        return false;
    }
    // The rows given are those of level firstLevel_ (0 but for an assembly's coarse levels).
    rowSpec_ = m_spec;
    rowSpec_.width = sizes[size_t(firstLevel_)].width;
    rowSpec_.height = sizes[size_t(firstLevel_)].height;
    if (sizes.size() > size_t(firstLevel_) + 1) {
        std::vector<LevelSize> below(sizes.begin() + firstLevel_, sizes.end());
        chain_ = std::make_unique<LevelChain>(below, spec.nchannels, spec.format, filter_, [this](int k, int, const char* pixels) {
            addRow(size_t(firstLevel_ + k), pixels);
        });
    }
    return true;
}

bool OmeZarrOutput::write_scanline(int y, int z, OIIO::TypeDesc format, const void* data, OIIO::stride_t xstride)
{
    return write_scanlines(y, y + 1, z, format, data, xstride, OIIO::AutoStride);
}

bool OmeZarrOutput::write_scanlines(int ybegin, int yend, int, OIIO::TypeDesc format, const void* data,
                                    OIIO::stride_t xstride, OIIO::stride_t ystride)
{
    if (levels_.empty() || ybegin != m_spec.y + rowsReceived_) {
        errorfmt("rows must be written top to bottom (expected row {}, got {})", m_spec.y + rowsReceived_, ybegin);
        return false;
    }
    if (yend > m_spec.y + rowSpec_.height) {
        errorfmt("rows up to {} given for an image of {} rows", yend, rowSpec_.height);
        return false;
    }
    rowScratch_.clear();
    if (!appendRows(rowSpec_, yend - ybegin, format, data, xstride, ystride, m_spec.format, rowScratch_)) {
        errorfmt("converting rows to {} failed", m_spec.format);
        return false;
    }
    const size_t rowBytes = size_t(rowSpec_.width) * m_spec.nchannels * sample_;
    try {
        for (int y = ybegin; y < yend; ++y) {
            const char* row = reinterpret_cast<const char*>(rowScratch_.data()) + size_t(y - ybegin) * rowBytes;
            if (firstLevel_ == 0)
                addRow(0, row);  // a first level above 0 is written by the bands, not here
            if (chain_)
                chain_->pushRow(row);
            ++rowsReceived_;
        }
    } catch (const Error& e) {
        errorfmt("{}", e.message());
        return false;
    } catch (const std::exception& e) {
        errorfmt("{}", e.what());
        return false;
    }
    return true;
}

void OmeZarrOutput::addRow(size_t k, const char* pixels)
{
    Level& level = levels_[k];
    const size_t rowBytes = size_t(level.width) * m_spec.nchannels * sample_;
    if (level.rows.size() < size_t(kChunk) * rowBytes)
        level.rows.resize(size_t(kChunk) * rowBytes);
    std::memcpy(level.rows.data() + size_t(level.held) * rowBytes, pixels, rowBytes);
    ++level.held;
    if (level.held < std::min(kChunk, level.height - level.top))
        return;
    writeChunkRow(k);
    level.top += level.held;
    level.held = 0;
    if (level.top == level.height)
        std::vector<char>().swap(level.rows);
}

void OmeZarrOutput::writeChunkRow(size_t k)
{
    const Level& level = levels_[k];
    const int chunkRow = level.top / kChunk + (bandTop_ >> k) / kChunk;  // named as in the whole image
    const int columns = (level.width + kChunk - 1) / kChunk;
    const int channels = m_spec.nchannels;
    for (int c = 0; c < channels; ++c) {
        std::string folder = folder_ + "/" + std::to_string(k) + "/" + std::to_string(c) + "/" + std::to_string(chunkRow);
        if (std::string why = makeFolder(folder); !why.empty())
            throw Error(folder, "cannot create a row of chunks: " + why, ErrorKind::BadOutput);
    }
    budget_.parallelFor(size_t(channels) * size_t(columns), [&](size_t i) {
        writeChunk(k, int(i / size_t(columns)), int(i % size_t(columns)), chunkRow);
    });
}

void OmeZarrOutput::writeChunk(size_t k, int channel, int column, int chunkRow)
{
    const Level& level = levels_[k];
    const int channels = m_spec.nchannels;
    const size_t rowBytes = size_t(level.width) * channels * sample_;
    // Zarr v2 stores every chunk whole: the parts past the image's edge are zeros (fill_value).
    std::vector<char> chunk(size_t(kChunk) * kChunk * sample_, 0);
    const int x0 = column * kChunk;
    const int w = std::min(kChunk, level.width - x0);
    for (int y = 0; y < level.held; ++y) {
        const char* from = level.rows.data() + size_t(y) * rowBytes + (size_t(x0) * channels + size_t(channel)) * sample_;
        char* to = chunk.data() + size_t(y) * kChunk * sample_;
        for (int x = 0; x < w; ++x, from += size_t(channels) * sample_, to += sample_)
            std::memcpy(to, from, sample_);
    }
    std::vector<unsigned char> compressed;
    size_t size = 0;
    const void* bytes = nullptr;
    try {
        bytes = compressor_->compress(chunk.data(), chunk.size(), compressed, size);
    } catch (const std::runtime_error& e) {
        throw Error(folder_, e.what(), ErrorKind::Failed);
    }
    std::string path = folder_ + "/" + std::to_string(k) + "/" + std::to_string(channel) + "/"
                       + std::to_string(chunkRow) + "/" + std::to_string(column);
    errno = 0;
    FILE* file = std::fopen(path.c_str(), "wb");
    bool ok = file && std::fwrite(bytes, 1, size, file) == size;
    if (file && std::fclose(file) != 0)
        ok = false;
    if (!ok)
        throw Error(path, std::string("writing a chunk failed: ") + std::strerror(errno ? errno : EIO), ErrorKind::BadOutput);
}

void OmeZarrOutput::writeText(const std::string& path, const std::string& text)
{
    errno = 0;
    FILE* file = std::fopen(path.c_str(), "w");
    bool ok = file && std::fwrite(text.data(), 1, text.size(), file) == text.size();
    if (file && std::fclose(file) != 0)
        ok = false;
    if (!ok)
        throw Error(path, std::string("cannot write it: ") + std::strerror(errno ? errno : EIO), ErrorKind::BadOutput);
}

std::string OmeZarrOutput::arrayMetadata(const Level& level) const
{
    const std::string fill = m_spec.format.basetype == OIIO::TypeDesc::FLOAT
                                     || m_spec.format.basetype == OIIO::TypeDesc::DOUBLE
                                     || m_spec.format.basetype == OIIO::TypeDesc::HALF
                                 ? "0.0" : "0";
    return "{\n    \"chunks\": [1, " + std::to_string(kChunk) + ", " + std::to_string(kChunk) + "],\n"
           "    \"compressor\": " + compressor_->json() + ",\n"
           "    \"dimension_separator\": \"/\",\n"
           "    \"dtype\": " + quoted(dtypeOf(m_spec.format)) + ",\n"
           "    \"fill_value\": " + fill + ",\n"
           "    \"filters\": null,\n"
           "    \"order\": \"C\",\n"
           "    \"shape\": [" + std::to_string(m_spec.nchannels) + ", " + std::to_string(level.height) + ", "
           + std::to_string(level.width) + "],\n"
           "    \"zarr_format\": 2\n}\n";
}

std::string OmeZarrOutput::groupAttributes() const
{
    std::string unit = unit_.empty() ? "" : ", \"unit\": " + quoted(unit_);
    std::string datasets;
    for (size_t k = 0; k < levels_.size(); ++k) {
        // Each level halves the one above (sizes rounded up): a scale of 2^k pixels of level 0.
        double factor = double(1ULL << k);
        datasets += std::string(k ? ",\n" : "") + "                {\"path\": " + quoted(std::to_string(k))
                    + ", \"coordinateTransformations\": [{\"type\": \"scale\", \"scale\": [1.0, "
                    + number(pixelY_ * factor) + ", " + number(pixelX_ * factor) + "]}]}";
    }
    // omero: how viewers show each channel (a window over the type's range).
    const bool isFloat = m_spec.format.basetype == OIIO::TypeDesc::FLOAT || m_spec.format.basetype == OIIO::TypeDesc::DOUBLE
                         || m_spec.format.basetype == OIIO::TypeDesc::HALF;
    double low = isFloat ? 0.0 : m_spec.format.basetype == OIIO::TypeDesc::INT8 ? -128
               : m_spec.format.basetype == OIIO::TypeDesc::INT16 ? -32768
               : m_spec.format.basetype == OIIO::TypeDesc::INT32 ? -2147483648.0 : 0.0;
    double high = isFloat ? 1.0 : m_spec.format.basetype == OIIO::TypeDesc::UINT8 ? 255
                : m_spec.format.basetype == OIIO::TypeDesc::INT8 ? 127 : m_spec.format.basetype == OIIO::TypeDesc::UINT16 ? 65535
                : m_spec.format.basetype == OIIO::TypeDesc::INT16 ? 32767 : m_spec.format.basetype == OIIO::TypeDesc::UINT32
                ? 4294967295.0 : 2147483647.0;
    static const char* colours[] = {"FF0000", "00FF00", "0000FF", "FFFFFF"};
    const bool rgb = m_spec.nchannels >= 3 && m_spec.nchannels <= 4;
    std::string channels;
    for (int c = 0; c < m_spec.nchannels; ++c) {
        std::string label = c < int(m_spec.channelnames.size()) ? m_spec.channelnames[size_t(c)] : "C" + std::to_string(c);
        std::string colour = rgb ? colours[c] : m_spec.nchannels == 1 ? "FFFFFF" : colours[c % 3];
        channels += std::string(c ? ",\n" : "") + "            {\"label\": " + quoted(label) + ", \"color\": " + quoted(colour)
                    + ", \"active\": true, \"window\": {\"min\": " + number(low) + ", \"max\": " + number(high)
                    + ", \"start\": " + number(low) + ", \"end\": " + number(high) + "}}";
    }
    return "{\n"
           "    \"multiscales\": [\n"
           "        {\n"
           "            \"version\": \"0.4\",\n"
           "            \"axes\": [\n"
           "                {\"name\": \"c\", \"type\": \"channel\"},\n"
           "                {\"name\": \"y\", \"type\": \"space\"" + unit + "},\n"
           "                {\"name\": \"x\", \"type\": \"space\"" + unit + "}\n"
           "            ],\n"
           "            \"datasets\": [\n" + datasets + "\n            ],\n"
           "            \"type\": \"" + std::string(filter_ == PyramidFilter::Nearest ? "nearest" : "mean") + "\"\n"
           "        }\n"
           "    ],\n"
           "    \"omero\": {\n"
           "        \"channels\": [\n" + channels + "\n        ],\n"
           "        \"rdefs\": {\"model\": " + quoted(rgb || m_spec.nchannels > 1 ? "color" : "greyscale") + "}\n"
           "    }\n"
           "}\n";
}

bool OmeZarrOutput::close()
{
    if (levels_.empty())
        return true;
    bool complete = rowsReceived_ == rowSpec_.height;
    chain_.reset();
    try {
        // An incomplete image gets no group metadata; its owner removes the folder.
        if (complete) {
            writeText(folder_ + "/.zgroup", "{\n    \"zarr_format\": 2\n}\n");
            writeText(folder_ + "/.zattrs", groupAttributes());
        }
    } catch (const Error& e) {
        errorfmt("{}", e.message());
        levels_.clear();
        return false;
    }
    levels_.clear();
    return true;
}

}  // namespace tilewright
