#pragma once
/// @file piece_reader.h
/// Reading the part of an input that falls in a band, under the missing-input policy:
/// inputs come from a bounded pool of open readers (input_pool.h); an input that fails
/// is either the stitch's failure or, under skip or fill, a recorded problem after
/// which it is never read again.

#include <atomic>
#include <mutex>
#include <string>
#include <vector>

#include <OpenImageIO/imageio.h>

#include "tilewright/input_pool.h"

namespace tilewright {

/// How the stitch reads inputs that are not files (Java's PixelSource, through JavaCPP): it
/// writes rows [y, y + height) x columns [x, x + width) of source `source` into `data`, rows
/// `rowStride` bytes apart, in the source's own type; returns 0, or nonzero if it failed.
/// Called from the stitch's threads, several at once.
using SourceReader = int (*)(int source, int x, int y, int width, int height, void* data, long long rowStride);

/// What to do with an input that cannot be read; codes shared with Java.
enum class MissingPolicy : int { Fail = 0, Skip = 1, Fill = 2 };

/// One input of a stitch: where its data window lands on the canvas, and what the
/// plan read of it (checked again when it is opened).
struct StitchInput {
    std::string path;
    int x, y, width, height, channels;  ///< canvas rectangle (the used part of the file) and channels
    int sourceX = 0, sourceY = 0;       ///< top-left of the used part, from the file's data-window origin
    int fileWidth = 0, fileHeight = 0;  ///< the whole file's size, as planned
    bool straightAlpha = false;         ///< colour not multiplied by alpha (PNG; TIFF's unassociated alpha)
    float decodeGamma = 0;              ///< colour to make linear: 0 none, -1 the sRGB curve, else a power
    /// Sub-pixel offset in [0, 1) of the input's top-left from (x, y): it is resampled
    /// (linear, zero outside, as Fiji's fusion samples) and covers one more column or row.
    float shiftX = 0, shiftY = 0;
    bool shifted() const { return shiftX != 0 || shiftY != 0; }
    bool failed = false;  ///< failed under skip or fill: never read again
    int sourceIndex = -1;  ///< >= 0: the pixels come from this source of the SourceReader, not a file
    OIIO::TypeDesc sourceType = OIIO::TypeUnknown;  ///< a source's pixel type
    bool isSource() const { return sourceIndex >= 0; }
};

/// The part of input `index` inside the current band (canvas pixels, half-open).
struct PieceRect {
    size_t index;
    int x0, x1, y0, y1;
    bool empty() const { return x0 >= x1 || y0 >= y1; }
    bool overlaps(const PieceRect& o) const { return x0 < o.x1 && o.x0 < x1 && y0 < o.y1 && o.y0 < y1; }
};

class PieceReader {
public:
    /// Reads `inputs` (which outlive the reader), at most `maxOpenFiles` open at once;
    /// `cancelled` is checked before each piece, and a cancelled stitch's error names `output`.
    PieceReader(std::vector<StitchInput>& inputs, size_t maxOpenFiles, MissingPolicy policy,
                const std::atomic<bool>& cancelled, std::string output, SourceReader sources = nullptr);

    /// Decodes piece `r` as `type` into `dst`, rows `stride` bytes apart. Returns false
    /// if the input failed under skip or fill (recorded as a problem); throws Error under
    /// fail, or when cancelled.
    bool read(const PieceRect& r, OIIO::TypeDesc type, char* dst, size_t stride);
    /// Reads part (subimage) `part` of every input from now on (multi-part files).
    void selectPart(int part) { part_ = part; }

    /// Throws Error if the stitch was cancelled.
    void checkCancelled() const;

    MissingPolicy policy() const { return policy_; }
    /// Inputs that failed under skip or fill: path and reason, in the order they failed.
    const std::vector<std::pair<std::string, std::string>>& problems() const { return problems_; }
    /// The most inputs open at once.
    size_t peakOpenFiles() const { return pool_.peakOpenCount(); }
    /// How many inputs were opened again after being closed for others.
    size_t reopenings() const;

private:
    /// Reads a shifted input's piece: the input rows and columns around it, as float,
    /// interpolated to the canvas grid.
    void readShifted(const PieceRect& r, ImageReader& reader, char* dst, size_t stride);

    /// Reads piece `r` of a source input through the SourceReader, converting to `type`.
    void readSource(const PieceRect& r, OIIO::TypeDesc type, char* dst, size_t stride);

    void recordProblem(size_t index, const std::string& reason);

    std::vector<StitchInput>& inputs_;
    MissingPolicy policy_;
    int part_ = 0;  ///< the subimage read from every input
    const std::atomic<bool>& cancelled_;
    std::string output_;
    SourceReader sources_;
    InputPool pool_;
    std::vector<char> opened_;  ///< inputs read at least once (each written by its one reader)
    std::mutex problemsMutex_;
    std::vector<std::pair<std::string, std::string>> problems_;
};

}  // namespace tilewright
