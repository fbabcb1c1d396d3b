#pragma once
/// @file image_writer.h
/// Streaming output of one image through OIIO's ImageOutput, with the order and
/// completeness checks OIIO leaves to its callers.
///
/// Coordinates are OIIO's: absolute pixel coordinates of the data window, so a
/// spec with origin (x, y) takes rows y .. y+height. Ranges are half-open.
/// Rows may also be written to a tiled file: they are gathered into one row of
/// tiles (bounded memory) and handed to OIIO as tiles.
///
/// Requests of Tilewright's own travel as spec attributes and are removed before OIIO
/// sees the spec: "tilewright:pyramid-levels" (-1 = down to one tile, n = at most n
/// levels with level 0; OpenEXR MIP-maps always go down to one pixel) and
/// "tilewright:pyramid-filter" ("box" or "nearest") make a MIP-mapped TIFF or OpenEXR
/// file whose levels are built as rows pass (see level_files.h); a ".dzi" name makes a
/// Deep Zoom folder (see deep_zoom_output.h).

#include <memory>
#include <string>
#include <vector>

#include <OpenImageIO/imageio.h>

#include "tilewright/pyramid.h"
#include "tilewright/spec.h"

namespace tilewright {
class LevelFiles;
}

namespace tilewright {

class ImageWriter {
public:
    /// Opens `writePath` for writing, choosing the format from `formatPath`'s
    /// extension (the final name; `writePath` is the temporary one beside it).
    /// Errors name `formatPath`.
    ImageWriter(const std::string& formatPath, const std::string& writePath, const Spec& spec);
    /// Closes without committing; never throws. The caller removes the file.
    ~ImageWriter();

    ImageWriter(const ImageWriter&) = delete;
    ImageWriter& operator=(const ImageWriter&) = delete;

    /// OIIO's feature query, e.g. "tiles", "random_access", "alpha".
    bool supports(const std::string& feature) const;
    /// OIIO's format name ("tiff", "openexr", "png"…).
    std::string formatName() const;

    /// Writes rows [yBegin, yEnd) from `data` (contiguous rows of `typeCode`
    /// pixels, all channels), converting to the file's type. Rows must come in
    /// increasing order unless the format supports random access.
    /// `byteCount` is the number of readable bytes at `data`.
    void writeScanlines(int yBegin, int yEnd, int typeCode, const void* data, long long byteCount);

    /// Writes the tiles covering [xBegin, xEnd) x [yBegin, yEnd); begins lie on
    /// tile boundaries, ends on a boundary or the image's edge. Tiles must come in
    /// raster order unless the format supports random access.
    void writeTiles(int xBegin, int xEnd, int yBegin, int yEnd, int typeCode,
                    const void* data, long long byteCount);

    /// Completes the file; throws if any row or tile is missing or OIIO fails.
    void finish();
    /// Closes the file without checks (idempotent, never throws).
    void abort() noexcept;

    /// Rows (scanline files) or tiles (tiled files) written so far.
    long long unitsWritten() const { return unitsWritten_; }
    /// Rows or tiles the complete image has.
    long long unitsTotal() const { return unitsTotal_; }
    /// Whether the file goes through FastTiffOutput rather than OIIO's TIFF writer.
    bool usesFastTiff() const;

private:
    void requireOpen() const;
    void requireKnownCompression() const;
    void requireSizeFitsFormat() const;
    [[noreturn]] void fail(const std::string& cause) const;
    [[noreturn]] void failFromOiio(const std::string& operation);
    void markTiles(int xBegin, int xEnd, int yBegin, int yEnd);
    void gatherScanlinesIntoTiles(int yBegin, int yEnd, OIIO::TypeDesc format, const char* data);
    void flushTileRow();
    void writeTileRegion(int xBegin, int xEnd, int yBegin, int yEnd, OIIO::TypeDesc format,
                         const char* data);
    PyramidFilter preparePyramid(int levelRequest, const std::string& filterName);
    void requireNextLevelRows(int yBegin, int yEnd) const;
    void feedLevels(int yBegin, int yEnd, OIIO::TypeDesc format, const char* data, size_t rowStride);
    void appendLevels();
    void copyLevel(int level, const std::string& path, bool rawTiles);

    std::string displayPath_;
    std::string writePath_;
    std::unique_ptr<OIIO::ImageOutput> out_;
    OIIO::ImageSpec spec_;
    bool tiled_ = false;
    bool randomAccess_ = false;
    int rowsPerStrip_ = 1;  ///< calls are cut on strip boundaries (TIFF scanlines)
    long long unitsWritten_ = 0;
    long long unitsTotal_ = 0;
    /// Next row or tile index expected when order is enforced.
    long long nextUnit_ = 0;
    /// Which rows or tiles are done, for formats written in random order.
    std::vector<bool> done_;

    /// Rows gathered for the current row of tiles when rows go to a tiled file.
    enum class Mode { Unknown, Scanlines, Tiles } mode_ = Mode::Unknown;
    std::vector<char> tileRow_;
    OIIO::TypeDesc tileRowFormat_;
    int tileRowY_ = 0;
    int tileRowFilled_ = 0;

    /// Reduced levels in the making, when a pyramid was asked for.
    std::unique_ptr<LevelFiles> levels_;
    std::vector<char> levelScratch_;  ///< rows converted to the file's type for levels_
};

}  // namespace tilewright
