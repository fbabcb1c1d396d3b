#pragma once
/// @file tile_row_gatherer.h
/// Rows gathered into one row of tiles for a tiled file, handed on when the row of tiles
/// is complete (or the image ends): the memory of one row of tiles, whatever the height.

#include <functional>
#include <vector>

#include <OpenImageIO/imageio.h>

namespace tilewright {

class TileRowGatherer {
public:
    /// Receives a complete row of tiles: rows [yBegin, yEnd), contiguous full-width rows.
    using Flush = std::function<void(int yBegin, int yEnd, const char* rows)>;

    /// Gathers rows of `spec` (data window and tile height) in `format`, from `firstRow`
    /// (the top of a row of tiles; a resumed job starts below the rows it kept).
    TileRowGatherer(const OIIO::ImageSpec& spec, OIIO::TypeDesc format);
    TileRowGatherer(const OIIO::ImageSpec& spec, OIIO::TypeDesc format, int firstRow);

    /// The next row expected.
    int nextRow() const { return top_ + filled_; }
    OIIO::TypeDesc format() const { return format_; }

    /// Adds rows [yBegin, yEnd) (yBegin must be nextRow()), `rowStride` bytes apart,
    /// calling `flush` for every row of tiles they complete.
    void add(int yBegin, int yEnd, const char* rows, size_t rowStride, const Flush& flush);

private:
    int y_, height_, tileHeight_;
    size_t rowBytes_;
    OIIO::TypeDesc format_;
    std::vector<char> buffer_;  ///< allocated with the first row, freed after the last
    int top_;                   ///< first row of the row of tiles being gathered
    int filled_ = 0;
};

}  // namespace tilewright
