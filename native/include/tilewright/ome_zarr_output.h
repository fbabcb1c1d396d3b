#pragma once
/// @file ome_zarr_output.h
/// An OME-Zarr image (OME-NGFF 0.4 on Zarr v2, what QuPath 0.6, napari and Fiji's readers
/// open): a folder holding a group whose multiscales metadata lists one array per level, each
/// array a folder of chunks "<level>/<c>/<y>/<x>" (channel, then 256 x 256 pixels), each chunk
/// its own file, compressed with zlib or zstd (zarr_compressor.h).
///
/// Rows stream in top to bottom; the levels are reduced from them as they pass (pyramid.h),
/// and each level cuts, compresses and writes a row of chunks, on the job's threads, as soon
/// as it holds one. Chunks are independent files, so nothing is kept for later and nothing
/// is copied at the end: memory is a row of chunks per level. The metadata (.zgroup,
/// .zattrs) is written last, so a folder without it is not an image; the owner moves the
/// folder into place when the job succeeds.
///
/// It is an OIIO::ImageOutput for a format OIIO does not have, driven as any other; the
/// path given to open() is the (existing, empty) folder.

#include <memory>
#include <string>
#include <vector>

#include <OpenImageIO/imageio.h>

#include "tilewright/output_options.h"
#include "tilewright/pyramid.h"

namespace tilewright {

class ThreadBudget;
class ZarrCompressor;

class OmeZarrOutput final : public OIIO::ImageOutput {
public:
    /// Chunks compressed on `budget` (which outlives the output), levels as `options` asks.
    OmeZarrOutput(const OutputOptions& options, ThreadBudget& budget);
    ~OmeZarrOutput() override;

    const char* format_name() const override { return "ome-zarr"; }
    int supports(OIIO::string_view feature) const override;
    bool open(const std::string& name, const OIIO::ImageSpec& spec, OpenMode mode = Create) override;
    bool close() override;
    bool write_scanline(int y, int z, OIIO::TypeDesc format, const void* data, OIIO::stride_t xstride) override;
    bool write_scanlines(int ybegin, int yend, int z, OIIO::TypeDesc format, const void* data,
                         OIIO::stride_t xstride, OIIO::stride_t ystride) override;

    /// Pixels a side of a chunk.
    static constexpr int kChunk = 256;

    /// The levels of an image of `spec` for a pyramid request (0 none, -1 automatic, n).
    static std::vector<LevelSize> levelSizes(const OIIO::ImageSpec& spec, int pyramidRequest);

private:
    /// One level's rows waiting to become its next row of chunks.
    struct Level {
        int width = 0, height = 0;
        std::vector<char> rows;  ///< rows [top, top + held), interleaved channels
        int top = 0;
        int held = 0;
    };

    void addRow(size_t k, const char* pixels);
    void writeChunkRow(size_t k);
    void writeChunk(size_t k, int channel, int column, int chunkRow);
    void writeText(const std::string& path, const std::string& text);
    std::string arrayMetadata(const Level& level) const;
    std::string groupAttributes() const;

    ThreadBudget& budget_;
    int pyramidRequest_;
    PyramidFilter filter_;
    double pixelX_, pixelY_;
    std::string unit_;
    int bandTop_;     ///< level-0 row of the larger image this band starts at (0: a whole image)
    int firstLevel_;  ///< the level whose rows are given; only the levels below it are written
    OIIO::ImageSpec rowSpec_;  ///< the rows given: level firstLevel_'s size
    std::string folder_;
    std::unique_ptr<ZarrCompressor> compressor_;  ///< made at open, from the spec's compression
    size_t sample_ = 1;  ///< bytes of one sample
    int rowsReceived_ = 0;
    std::vector<unsigned char> rowScratch_;
    std::vector<Level> levels_;  ///< index k: level k, full resolution first
    std::unique_ptr<LevelChain> chain_;
};

}  // namespace tilewright
