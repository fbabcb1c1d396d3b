#pragma once
/// @file fast_exr_output.h
/// An OpenEXR writer for the common case — one part, tiles of one level, half or float
/// channels, zip (or no) compression, no metadata beyond what the montage and generator
/// make — that packs and deflates tiles on the job's threads (thread_budget.h) with
/// libdeflate and hands OpenEXR's Core library finished chunks, in order.
///
/// Why: OIIO 2.4 writes EXR through OpenEXR's C++ library, which deflates each tile with
/// zlib at level 4 — 24 MB/s a core on a montage's half floats, against libdeflate's 50 at
/// the same level and a smaller output (bench/). The Core API (OpenEXR 3.1) takes
/// compressed chunks as they are, so the file is a standard OpenEXR written by OpenEXR's own
/// library, readable by every reader. Anything outside the common case (multi-part, MIP
/// levels, scanlines, piz/dwaa…, other attributes) goes through OIIO unchanged.
///
/// It is an OIIO::ImageOutput, so the writer drives it exactly as it drives OIIO's.

#include <string>
#include <vector>

#include <OpenImageIO/imageio.h>

struct _priv_exr_context_t;

namespace tilewright {

class ThreadBudget;

class FastExrOutput final : public OIIO::ImageOutput {
public:
    /// Whether `spec` is the case this writer handles (see the file comment).
    static bool handles(const OIIO::ImageSpec& spec);

    /// An encoder computing on `budget` (which outlives it).
    explicit FastExrOutput(ThreadBudget& budget);
    ~FastExrOutput() override;

    const char* format_name() const override { return "openexr"; }
    int supports(OIIO::string_view feature) const override;
    bool open(const std::string& name, const OIIO::ImageSpec& spec, OpenMode mode = Create) override;
    bool close() override;
    bool write_scanline(int y, int z, OIIO::TypeDesc format, const void* data, OIIO::stride_t xstride) override;
    bool write_tile(int x, int y, int z, OIIO::TypeDesc format, const void* data, OIIO::stride_t xstride,
                    OIIO::stride_t ystride, OIIO::stride_t zstride) override;
    bool write_tiles(int xbegin, int xend, int ybegin, int yend, int zbegin, int zend, OIIO::TypeDesc format,
                     const void* data, OIIO::stride_t xstride, OIIO::stride_t ystride,
                     OIIO::stride_t zstride) override;

    /// Records a message of OpenEXR's for this file (called from its error handler).
    void recordExrError(const std::string& message) { exrError_ = message; }

private:
    /// One tile: where it is, and its bytes as they go into the file.
    struct Chunk {
        int tileX = 0, tileY = 0;
        std::vector<unsigned char> bytes;
        bool ok = true;
    };
    /// Packs the tile at tile indices (tx, ty) from `data` — pixels of `format`, the
    /// rectangle's origin at (xbegin, ybegin) — as OpenEXR lays a tile out: row by row,
    /// channels in name order, little-endian; then compresses it.
    void packAndCompress(Chunk& chunk, int xbegin, int ybegin, OIIO::TypeDesc format, const char* data,
                         OIIO::stride_t xstride, OIIO::stride_t ystride) const;
    bool failExr(const std::string& what, int code);

    ThreadBudget& budget_;
    _priv_exr_context_t* context_ = nullptr;
    bool deflate_ = true;
    int level_ = 4;
    /// Spec channel of each channel in OpenEXR's (name) order.
    std::vector<int> channelOrder_;
    std::string exrError_;
};

}  // namespace tilewright
