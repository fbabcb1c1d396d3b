#pragma once
/// @file deep_zoom_output.h
/// A Deep Zoom image (DZI, as OpenSeadragon and libvips' dzsave use it): the
/// descriptor "<stem>.dzi" and a folder "<stem>_files/<level>/<column>_<row>.<format>"
/// of small JPEG or PNG tiles for every level, from one pixel (level 0) up to full
/// resolution (level ceil(log2(max(width, height)))).
///
/// Rows stream in top to bottom; every level is reduced from them as they pass (see
/// pyramid.h) and each level cuts and encodes a row of tiles, on the job's threads, as soon as
/// it holds the rows the tiles need. Each tile is its own file, so nothing is kept for
/// later: memory is a band of tile size + 2 x overlap rows per level.
///
/// It is an OIIO::ImageOutput for a format OIIO does not have, so the writer drives it
/// as any other. Its options are typed (OutputOptions: tile size, overlap, JPEG or PNG,
/// quality, and the level filter), validated and resolved by Java's DeepZoom; the
/// descriptor goes to the path given to open() and the tiles into a folder the output's
/// owner created. Tiles are 8-bit; other types are converted as OIIO converts them
/// (floats clamped to 0..1).

#include <memory>
#include <string>
#include <vector>

#include <OpenImageIO/imageio.h>

#include "tilewright/output_options.h"
#include "tilewright/pyramid.h"

namespace tilewright {

class ThreadBudget;

class DeepZoomOutput final : public OIIO::ImageOutput {
public:
    /// Tiles go into `tileFolder` (which exists and is empty) as `options` says; the
    /// encoding runs on `budget` (which outlives the output).
    DeepZoomOutput(std::string tileFolder, const OutputOptions& options, ThreadBudget& budget);
    ~DeepZoomOutput() override;

    const char* format_name() const override { return "dzi"; }
    int supports(OIIO::string_view feature) const override;
    bool open(const std::string& name, const OIIO::ImageSpec& spec,
              OpenMode mode = Create) override;
    bool close() override;
    bool write_scanline(int y, int z, OIIO::TypeDesc format, const void* data,
                        OIIO::stride_t xstride) override;
    bool write_scanlines(int ybegin, int yend, int z, OIIO::TypeDesc format, const void* data,
                         OIIO::stride_t xstride, OIIO::stride_t ystride) override;

private:
    /// One level's rows waiting to be cut into its next row of tiles.
    struct Level {
        int dziLevel = 0;
        int width = 0, height = 0;
        std::string folder;
        std::vector<unsigned char> rows;  ///< rows [top, top + held)
        int top = 0;
        int held = 0;
        int tileRow = 0;  ///< next row of tiles to cut
    };

    void addRow(Level& level, const unsigned char* pixels);
    void cutTileRow(Level& level, int yBegin, int yEnd);
    void encodeTile(const Level& level, int column, int xBegin, int xEnd, int yBegin, int yEnd);
    bool writeDescriptor();

    ThreadBudget& budget_;
    std::string tileFolder_;
    std::string path_;
    std::string extension_;  ///< "jpeg" or "png"
    int tileSize_;
    int overlap_;
    int quality_;
    PyramidFilter filter_;
    int rowsReceived_ = 0;
    std::vector<unsigned char> rowScratch_;
    std::vector<Level> levels_;  ///< index k: k-th level below full resolution
    std::unique_ptr<LevelChain> chain_;
};

}  // namespace tilewright
