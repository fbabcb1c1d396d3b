#pragma once
/// @file fast_tiff_output.h
/// A TIFF writer for the common case — 8- or 16-bit, 1 to 4 channels, deflate with the
/// horizontal predictor (or uncompressed), tiles or strips — that compresses on the
/// job's threads (thread_budget.h) with libdeflate and hands libtiff finished tiles and strips. Tiled files may
/// hold MIP levels (open with AppendMIPLevel), as OIIO's TIFF writer allows.
///
/// Why: OIIO 2.4's TIFF writer either lets libtiff deflate serially (tiles) or, when its
/// thread pool allows, runs zlib in parallel, about three times slower per byte than
/// libdeflate; rows written a few at a time go through zlib's streaming path, slower
/// still. The file is a standard TIFF (same tags and predictor as OIIO writes), readable
/// by every TIFF reader. Anything outside the common case goes through OIIO unchanged.
///
/// It is an OIIO::ImageOutput, so the writer drives it exactly as it drives OIIO's.

#include <mutex>
#include <string>
#include <vector>

#include <OpenImageIO/imageio.h>

struct tiff;

namespace tilewright {

class ThreadBudget;

class FastTiffOutput final : public OIIO::ImageOutput {
public:
    /// Whether `spec`, bound for a TIFF file, is the case this writer handles.
    static bool handles(const OIIO::ImageSpec& spec);

    /// An encoder computing on `budget` (which outlives it).
    explicit FastTiffOutput(ThreadBudget& budget);
    ~FastTiffOutput() override;

    const char* format_name() const override { return "tiff"; }
    int supports(OIIO::string_view feature) const override;
    bool open(const std::string& name, const OIIO::ImageSpec& spec,
              OpenMode mode = Create) override;
    bool close() override;
    bool write_scanline(int y, int z, OIIO::TypeDesc format, const void* data,
                        OIIO::stride_t xstride) override;
    bool write_scanlines(int ybegin, int yend, int z, OIIO::TypeDesc format, const void* data,
                         OIIO::stride_t xstride, OIIO::stride_t ystride) override;
    bool write_tile(int x, int y, int z, OIIO::TypeDesc format, const void* data,
                    OIIO::stride_t xstride, OIIO::stride_t ystride,
                    OIIO::stride_t zstride) override;
    bool write_tiles(int xbegin, int xend, int ybegin, int yend, int zbegin, int zend,
                     OIIO::TypeDesc format, const void* data, OIIO::stride_t xstride,
                     OIIO::stride_t ystride, OIIO::stride_t zstride) override;

    /// Writes the tiles covering [xbegin, xend) x [ybegin, yend) (whole tiles, or reaching
    /// the edge) from any number of threads at once, in any order: each call converts and
    /// compresses on its own thread, and only handing finished tiles to libtiff, which puts
    /// each at the end of the file and its offset in the directory, is serialized. Not to be
    /// mixed with the other writes of a level; close() after every call has returned.
    bool writeTilesFromAnyThread(int xbegin, int xend, int ybegin, int yend, OIIO::TypeDesc format,
                                 const void* data, OIIO::stride_t ystride);

    /// Appends the compressed tiles of `path`, a TIFF this writer made with the same
    /// codec, tiling and pixel layout as the current level, without decoding them.
    bool appendRawTiles(const std::string& path);

    /// Records a libtiff message for this file (called from libtiff's handler).
    void recordLibtiffError(const std::string& message) { libtiffError_ = message; }

private:
    /// A chunk (tile or strip) to compress: native pixels, padded as TIFF wants.
    struct Chunk {
        std::vector<unsigned char> pixels;
        std::vector<unsigned char> compressed;
        size_t compressedSize = 0;
        int rows = 0;   ///< rows of pixels in the chunk
        int width = 0;  ///< pixels per row
        int x = 0, y = 0;  ///< top-left pixel of a tile
        unsigned index = 0;
    };

    struct tiff* openTiff(const std::string& path, const char* mode);
    /// The tiles covering a region, in raster order, each knowing its place and index.
    std::vector<Chunk> tileChunks(int xbegin, int xend, int ybegin, int yend) const;
    /// Fills `chunk`'s pixels from the region's `data`, converted and padded to a whole tile.
    bool convertTile(Chunk& chunk, int xbegin, int xend, int ybegin, int yend, OIIO::TypeDesc format,
                     const void* data, OIIO::stride_t xstride, OIIO::stride_t ystride) const;
    /// Predicts and deflates a chunk in place of its pixels (no shared state: any thread).
    bool compress(Chunk& chunk) const;
    bool writeCompressed(const std::vector<Chunk>& chunks, bool tiles);
    bool appendLevel(const OIIO::ImageSpec& spec);
    void setDirectoryTags(bool reducedLevel);
    bool compressAndWrite(std::vector<Chunk>& chunks, bool tiles);
    void applyPredictor(Chunk& chunk) const;
    bool flushStrips(bool final);
    bool failWrite(const std::string& what);

    ThreadBudget& budget_;
    struct tiff* tif_ = nullptr;
    bool deflate_ = false;
    int level_ = 6;
    size_t pixelBytes_ = 0;
    int rowsPerStrip_ = 32;
    std::vector<unsigned char> pendingRows_;  ///< strip rows not yet compressed
    int pendingY_ = 0;                        ///< first pending row (file-relative)
    int pendingCount_ = 0;
    std::string libtiffError_;
    std::mutex fileLock_;  ///< serializes libtiff's appends when tiles come from many threads
};

}  // namespace tilewright
