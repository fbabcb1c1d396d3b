#pragma once
/// @file deep_zoom_output.h
/// A Deep Zoom image (DZI, as OpenSeadragon and libvips' dzsave use it): the
/// descriptor "<stem>.dzi" and a folder "<stem>_files/<level>/<column>_<row>.<format>"
/// of small JPEG or PNG tiles for every level, from one pixel (level 0) up to full
/// resolution (level ceil(log2(max(width, height)))).
///
/// Rows stream in top to bottom; every level is reduced from them as they pass (see
/// pyramid.h) and each level cuts and encodes a row of tiles, on every core, as soon as
/// it holds the rows the tiles need. Each tile is its own file, so nothing is kept for
/// later: memory is a band of tile size + 2 x overlap rows per level.
///
/// It is an OIIO::ImageOutput for a format OIIO does not have, so ImageWriter drives it
/// as any other. Options come as spec attributes: "tilewright:dzi-tile-size" (254),
/// "tilewright:dzi-overlap" (1), "tilewright:dzi-format" ("jpeg", or "png" — the
/// default when there is alpha), "tilewright:dzi-quality" (JPEG, 85) and
/// "tilewright:pyramid-filter". Tiles are 8-bit; other types are converted as OIIO
/// converts them (floats clamped to 0..1).

#include <memory>
#include <string>
#include <vector>

#include <OpenImageIO/imageio.h>

#include "tilewright/pyramid.h"

namespace tilewright {

class DeepZoomOutput final : public OIIO::ImageOutput {
public:
    /// Whether `path` names a Deep Zoom descriptor (".dzi", any case).
    static bool isDeepZoomPath(const std::string& path);
    /// The tile folder of descriptor `dziPath`: "<stem>_files".
    static std::string tileFolder(const std::string& dziPath);

    DeepZoomOutput();
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

    std::string path_;
    std::string extension_;  ///< "jpeg" or "png"
    int tileSize_ = 254;
    int overlap_ = 1;
    int quality_ = 85;
    int rowsReceived_ = 0;
    std::vector<unsigned char> rowScratch_;
    std::vector<Level> levels_;  ///< index k: k-th level below full resolution
    std::unique_ptr<LevelChain> chain_;
};

}  // namespace tilewright
