#pragma once
/// @file encoder.h
/// One opened output file and what was decided about it, as OutputFactory returns it:
/// the encoder (OIIO's plugin or one of ours), the spec it opened with, whether it takes
/// random order or raw tiles, and writes in bounded pieces. It checks nothing about order; ImageWriter does.

#include <memory>
#include <string>
#include <vector>

#include <OpenImageIO/imageio.h>


namespace tilewright {

class GuardedFile;

class FastTiffOutput;

class Encoder {
public:
    Encoder(std::unique_ptr<OIIO::ImageOutput> output, std::string displayPath,
            std::string writePath, int rowsPerStrip);
    /// Closes the file without committing; never throws. Its owner removes it.
    ~Encoder();

    Encoder(const Encoder&) = delete;
    Encoder& operator=(const Encoder&) = delete;

    /// The spec the file was opened with (the plugin may have adjusted type or tiling).
    const OIIO::ImageSpec& spec() const { return output_->spec(); }
    bool tiled() const { return spec().tile_width > 0 && spec().tile_height > 0; }
    /// Whether rows or tiles may come in any order (OIIO's "random_access").
    bool randomAccess() const { return randomAccess_; }
    /// Our TIFF encoder, whose compressed tiles can be copied raw; null otherwise.
    FastTiffOutput* fastTiff() const { return fastTiff_; }
    OIIO::ImageOutput& output() { return *output_; }

    /// Writes rows [yBegin, yEnd) of `format` pixels, in pieces of at most 8 MB cut on
    /// strip boundaries: plugins keep converted and compressed copies of what one call
    /// passes, and TIFF compresses strips in parallel only for whole strips.
    void writeScanlines(int yBegin, int yEnd, OIIO::TypeDesc format, const char* data);
    /// Writes the tiles of [xBegin, xEnd) x [yBegin, yEnd) from rows `yStride` bytes apart,
    /// a row of tiles at a time, left to right, in pieces of at most 8 MB.
    /// Tiles cut by the image's edge are padded with zeros here: OIIO 2.4 pads them in one
    /// reused buffer that its TIFF writer predicts in place, so garbage piled up in the
    /// padding (files differed run to run; a 1-pixel-wide image grew 200-fold).
    void writeTiles(int xBegin, int xEnd, int yBegin, int yEnd, OIIO::TypeDesc format, const char* data,
                    size_t yStride);
    /// Opens the file with `spec` (the final one), declaring `laterParts` after it when the
    /// file is to hold several (a multi-part OpenEXR); throws Error on failure.
    void open(const OIIO::ImageSpec& spec, const std::vector<OIIO::ImageSpec>& laterParts = {});
    /// Starts the next part declared at open (multi-part files), described by `spec`.
    void beginPart(const OIIO::ImageSpec& spec, int part);
    /// Opens the next MIP level or subimage for appending (pyramid levels).
    void appendLevel(const OIIO::ImageSpec& levelSpec, int level);
    /// Completes the file; throws Error on failure.
    void close();
    /// Closes without checks (idempotent, never throws).
    void abort() noexcept;

    /// Throws Error naming the display path: `operation`, the plugin's and OIIO's
    /// messages with the temporary name replaced, and the system's reason (errno).
    [[noreturn]] void fail(const std::string& operation);

private:
    /// One tile cut by the edge, from a full tile of zeros.
    void writeEdgeTile(int xBegin, int xEnd, int yBegin, int yEnd, OIIO::TypeDesc format, const char* data,
                       size_t yStride);

    std::unique_ptr<OIIO::ImageOutput> output_;
    std::string displayPath_;
    std::string writePath_;
    int rowsPerStrip_;
    bool randomAccess_;
    FastTiffOutput* fastTiff_;
    bool open_ = false;
    std::vector<char> edgeTile_;
    /// The file OIIO's JPEG and PNG writers write through (guarded_file.h), while open.
    std::unique_ptr<GuardedFile> guard_;
};

}  // namespace tilewright
