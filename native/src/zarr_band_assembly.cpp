#include "tilewright/zarr_band_assembly.h"

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>

#include "tilewright/error.h"
#include "tilewright/ome_zarr_output.h"
#include "tilewright/thread_budget.h"
#include "tilewright/zarr_compressor.h"

namespace tilewright {

namespace {

/// The whole of a chunk file.
std::vector<unsigned char> readChunk(const std::string& path)
{
    errno = 0;
    FILE* file = std::fopen(path.c_str(), "rb");
    if (!file)
        throw Error(path, std::string("cannot open the band's chunk: ") + std::strerror(errno ? errno : ENOENT),
                    ErrorKind::BadInput);
    std::vector<unsigned char> bytes;
    unsigned char buffer[1 << 16];
    size_t got;
    while ((got = std::fread(buffer, 1, sizeof buffer, file)) > 0)
        bytes.insert(bytes.end(), buffer, buffer + got);
    bool failed = std::ferror(file) != 0;
    std::fclose(file);
    if (failed)
        throw Error(path, "cannot read the band's chunk", ErrorKind::BadInput);
    return bytes;
}

}  // namespace

ZarrBandAssembly::ZarrBandAssembly(const OutputTarget& target, const Spec& spec, const OutputOptions& options)
    : target_(target), spec_(spec.oiio()), options_(options)
{
}

void ZarrBandAssembly::addPart(const std::string& folder, int rows) { parts_.push_back({folder, rows}); }

void ZarrBandAssembly::setPartLevels(int levels)
{
    if (levels < 1)
        throw Error(target_.finalPath(), "parts hold at least their full resolution", ErrorKind::BadArgument);
    partLevels_ = levels;
}

int ZarrBandAssembly::levelCount(const Spec& spec, int pyramidRequest)
{
    return int(OmeZarrOutput::levelSizes(spec.oiio(), pyramidRequest).size());
}

void ZarrBandAssembly::run()
{
    const std::string& path = target_.finalPath();
    if (target_.kind() != OutputKind::OmeZarr || parts_.empty())
        throw Error(path, "a banded OME-Zarr assembly needs an .ome.zarr output and at least one part",
                    ErrorKind::BadArgument);
    std::vector<LevelSize> sizes = OmeZarrOutput::levelSizes(spec_, options_.pyramidLevels());
    const int last = std::min(partLevels_, int(sizes.size())) - 1;  // the parts' coarsest level

    ThreadBudget budget(options_.threads());
    ThreadBudget::Permit permit(budget);
    // The store as the stitch opens it, fed the parts' coarsest level: it writes the levels
    // below that one, and the metadata of all of them when closed.
    OutputOptions coarse = options_;
    coarse.setFirstLevel(last);
    OmeZarrOutput output(coarse, budget);
    if (!output.open(target_.temporaryPath(), spec_))
        throw Error(path, output.geterror(), ErrorKind::BadOutput);
    feedLevel(output, last, sizes[size_t(last)].width);
    moveChunks(last + 1);
    if (!output.close())
        throw Error(path, output.geterror(), ErrorKind::BadOutput);
}

void ZarrBandAssembly::feedLevel(OmeZarrOutput& output, int level, int width)
{
    constexpr int chunk = OmeZarrOutput::kChunk;
    const int channels = spec_.nchannels;
    const size_t sample = spec_.format.size();
    auto [compression, quality] = spec_.decode_compression_metadata("zip", 0);
    const ZarrCompressor codec(compression, quality);
    const int columns = (width + chunk - 1) / chunk;
    std::vector<char> rows(size_t(chunk) * width * channels * sample);
    std::vector<char> pixels(size_t(chunk) * chunk * sample);
    int y = 0;  // rows of the level fed so far
    for (const Part& part : parts_) {
        const long long scale = 1LL << level;
        const int height = int((part.rows + scale - 1) / scale);
        for (int top = 0; top < height; top += chunk) {
            const int h = std::min(chunk, height - top);
            const std::string chunkRow = std::to_string((y + top) / chunk);
            for (int c = 0; c < channels; ++c) {
                for (int col = 0; col < columns; ++col) {
                    std::string file = part.folder + "/" + std::to_string(level) + "/" + std::to_string(c) + "/"
                                       + chunkRow + "/" + std::to_string(col);
                    std::vector<unsigned char> stored = readChunk(file);
                    if (!codec.decompress(stored.data(), stored.size(), pixels.data(), pixels.size()))
                        throw Error(file, "the band's chunk does not decode to " + std::to_string(chunk) + " x "
                                              + std::to_string(chunk) + " samples", ErrorKind::BadInput);
                    const int w = std::min(chunk, width - col * chunk);
                    for (int r = 0; r < h; ++r) {
                        const char* from = pixels.data() + size_t(r) * chunk * sample;
                        char* to = rows.data() + (size_t(r) * width + size_t(col) * chunk) * channels * sample + c * sample;
                        for (int x = 0; x < w; ++x, from += sample, to += channels * sample)
                            std::memcpy(to, from, sample);
                    }
                }
            }
            if (!output.write_scanlines(spec_.y + y + top, spec_.y + y + top + h, 0, spec_.format, rows.data(),
                                        OIIO::AutoStride, OIIO::AutoStride))
                throw Error(target_.finalPath(), output.geterror(), ErrorKind::BadOutput);
        }
        y += height;
    }
}

void ZarrBandAssembly::moveChunks(int levels)
{
    namespace fs = std::filesystem;
    const std::string store = target_.temporaryPath();
    for (const Part& part : parts_) {
        for (int k = 0; k < levels; ++k) {
            for (int c = 0; c < spec_.nchannels; ++c) {
                const std::string tail = "/" + std::to_string(k) + "/" + std::to_string(c);
                std::error_code error;
                for (const fs::directory_entry& row : fs::directory_iterator(part.folder + tail, error)) {
                    fs::path to = fs::path(store + tail) / row.path().filename();
                    fs::rename(row.path(), to, error);
                    if (error)
                        throw Error(row.path().string(), "cannot move the band's chunks into " + to.string() + ": "
                                                             + error.message(), ErrorKind::BadOutput);
                }
                if (error)
                    throw Error(part.folder + tail, "cannot list the band's chunks: " + error.message(),
                                ErrorKind::BadInput);
            }
        }
    }
}

}  // namespace tilewright
