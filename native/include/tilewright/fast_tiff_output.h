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

#include <cstdint>
#include <mutex>
#include <string>
#include <vector>

#include <OpenImageIO/imageio.h>

#include "tilewright/resume_journal.h"

struct tiff;

namespace tilewright {

class ThreadBudget;

class FastTiffOutput final : public OIIO::ImageOutput {
public:
    /// What a file is for. A plain TIFF comes here for 8- and 16-bit integers whose every
    /// attribute has a tag here (anything else goes to OIIO's writer, which knows more tags);
    /// an OME-TIFF always does — it carries its metadata in OME-XML — for every integer type
    /// OME has and 32-bit float (no predictor: Bio-Formats reads none for floats).
    enum class Profile { Tiff, OmeTiff };
    /// Whether `spec`, bound for a file of `profile`, is the case this writer handles.
    static bool handles(const OIIO::ImageSpec& spec, Profile profile = Profile::Tiff);

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

    /// Copies, without decoding, the compressed tiles of directory `directory` of `path` — a
    /// TIFF this writer made with the same codec, tiling, width and pixels, holding a band
    /// of whole tile rows of the current level — to the current level's tiles from index
    /// `firstTile` on; `copied` gets their count. Bands given top to bottom write the file
    /// a single writer would have written.
    bool copyBandTiles(const std::string& path, int directory, uint32_t firstTile, uint32_t& copied);

    /// Adds `path`'s first directory as a further directory of the main chain, like the
    /// first one, and its SubIFD levels as that directory's SubIFDs — an OME-TIFF's next
    /// channel plane, made by this writer with the same codec and tiling — tiles copied raw.
    bool appendPlane(const std::string& path);

    /// Records a libtiff message for this file (called from libtiff's handler).
    void recordLibtiffError(const std::string& message) { libtiffError_ = message; }

    // Resuming (fast_tiff_resume.cpp). The file's bytes are the header, then chunks in the
    // order they were appended, then the directory at close; a resumed job replays the
    // appends an earlier run made durable and carries on from there.

    /// Before open: keep the file's bytes (a resumed job's partial file) instead of
    /// truncating it; open() then waits for replay().
    void keepExistingBytes() { keepExisting_ = true; }
    /// Starts recording each chunk appended, for takeAppended().
    void recordAppends() { recordAppends_ = true; }
    /// Gives libtiff back the state it had after appending `progress`'s chunks, without
    /// writing them again (they are in the file); checks the file holds them and cuts off
    /// what followed (written after the last checkpoint). Returns false with an error set.
    bool replay(const FileProgress& progress);
    /// Chunks written so far (replayed ones included).
    size_t chunksWritten() const { return chunksWritten_; }
    /// Rows of the current level complete on disk: whole rows of tiles, or whole strips.
    int rowsWritten() const;
    /// Moves the chunks appended since the last call into `into`, with the file's length.
    void takeAppended(FileProgress& into);
    /// Makes everything written so far durable (fdatasync); false with an error set.
    bool sync();
    /// Decodes the replayed tiles of tile row `tileRow` into full-width rows `rowStride`
    /// bytes apart (a pyramid rebuilds its state from them).
    bool readTileRow(int tileRow, char* rows, size_t rowStride) const;

    // libtiff's I/O for the file, on the descriptor this writer owns (pwrite at an explicit
    // offset, which replay() needs: it moves libtiff's end of file without writing).
    static int64_t ioRead(void* self, void* buffer, int64_t size);
    static int64_t ioWrite(void* self, void* buffer, int64_t size);
    static uint64_t ioSeek(void* self, uint64_t offset, int whence);
    static uint64_t ioSize(void* self);

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
    /// Copies the current directory's tiles of `source` (same size and tiling) raw.
    bool copyRawTiles(struct tiff* source, const char* what);
    bool appendLevel(const OIIO::ImageSpec& spec);
    void setDirectoryTags(bool reducedLevel);
    /// Writes the spec's Exif attributes as the Exif directory the first one will point at.
    bool writeExifDirectory(const OIIO::ImageSpec& spec);
    bool compressAndWrite(std::vector<Chunk>& chunks, bool tiles);
    void applyPredictor(Chunk& chunk) const;
    /// Whether chunks are horizontally differenced (TIFF predictor 2): deflated integers.
    bool predicts() const { return deflate_ && m_spec.format.basetype != OIIO::TypeDesc::FLOAT; }
    bool flushStrips(bool final);
    bool failWrite(const std::string& what);

    ThreadBudget& budget_;
    struct tiff* tif_ = nullptr;
    OIIO::ImageSpec firstSpec_;  ///< the first directory's, for the planes appended after it
    bool deflate_ = false;
    uint64_t exifOffset_ = 0;  ///< where the Exif directory was written, 0 if none
    int level_ = 6;
    size_t pixelBytes_ = 0;
    int rowsPerStrip_ = 32;
    std::vector<unsigned char> pendingRows_;  ///< strip rows not yet compressed
    int pendingY_ = 0;                        ///< first pending row (file-relative)
    int pendingCount_ = 0;
    std::string libtiffError_;
    std::mutex fileLock_;  ///< serializes libtiff's appends when tiles come from many threads

    int fd_ = -1;                 ///< the file libtiff writes through io*()
    uint64_t position_ = 0;  ///< libtiff's file position
    uint64_t end_ = 0;       ///< libtiff's end of file
    bool keepExisting_ = false;
    bool replaying_ = false;           ///< writes move position_ only (replay())
    bool recordAppends_ = false;
    std::vector<ChunkRecord> appended_;  ///< since the last takeAppended()
    size_t chunksWritten_ = 0;
    /// Where replayed chunks lie (offset, size) by chunk index, for readTileRow().
    std::vector<std::pair<uint64_t, uint32_t>> replayedAt_;
};

}  // namespace tilewright
