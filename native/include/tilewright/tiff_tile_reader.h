#pragma once
/// @file tiff_tile_reader.h
/// Reads tiles of a TIFF directory straight through libtiff, for the files OpenImageIO
/// 2.4 decodes wrongly: tiled 64-bit float TIFFs come back from its TIFF reader as
/// zeros (with no error), whoever wrote them — GDAL, tifffile, or Tilewright itself.

#include <string>
#include <vector>

#include <OpenImageIO/imageio.h>

struct tiff;

namespace tilewright {

class TiffTileReader {
public:
    /// Whether `spec` (read by OIIO's `format` reader) is one this class must read.
    static bool needed(const std::string& format, const OIIO::ImageSpec& spec);

    /// Opens `path`, directory `directory`; throws Error naming the file if libtiff cannot.
    TiffTileReader(const std::string& path, int directory);
    ~TiffTileReader();
    TiffTileReader(const TiffTileReader&) = delete;
    TiffTileReader& operator=(const TiffTileReader&) = delete;

    /// As OIIO's read_tiles: pixels [x0, x1) x [y0, y1) (tile-aligned, from the data
    /// window's origin `originX`, `originY`), channels [chBegin, chEnd), converted to
    /// `format`, rows contiguous in `dst`.
    void readTiles(int originX, int originY, int x0, int x1, int y0, int y1, int chBegin, int chEnd,
                   OIIO::TypeDesc format, char* dst);

    /// Records a libtiff message for the next error (libtiff's handler calls this).
    void record(const std::string& message) { lastError_ = message; }

private:
    [[noreturn]] void fail(const std::string& what) const;

    std::string path_;
    struct tiff* tif_ = nullptr;
    unsigned tileWidth_ = 0, tileHeight_ = 0, imageWidth_ = 0, imageHeight_ = 0;
    int samples_ = 0;
    bool separate_ = false;
    std::vector<double> tile_;
    std::vector<double> row_;
    std::string lastError_;
};

}  // namespace tilewright
