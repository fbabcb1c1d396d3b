#pragma once
/// @file ome_planes.h
/// An OME-TIFF whose channels are separate planes, as OME-TIFF stores fluorescence channels
/// (one IFD per channel, each with its pyramid levels as SubIFDs; Bio-Formats names each
/// from the OME-XML). The caller's rows and tiles hold every channel interleaved: each
/// call is split into one single-channel image per channel, each written by its own
/// ImageWriter on the job's one thread budget — the first into the output, the others into
/// scratch files of the target (levels made as rows pass, as for any pyramid) whose
/// compressed tiles are appended to the output, raw, when the first is complete.
///
/// Memory: a pyramid and a row of tiles per channel, as C single-channel images would take.

#include <memory>
#include <string>
#include <vector>

#include <OpenImageIO/imageio.h>

#include "tilewright/output_options.h"
#include "tilewright/output_target.h"

namespace tilewright {

class ImageWriter;
class ThreadBudget;

class OmePlanes {
public:
    /// Planes of an image of `spec` (its channels, interleaved, as callers give them).
    OmePlanes(const OutputTarget& target, const OIIO::ImageSpec& spec, const OutputOptions& options,
              ThreadBudget& budget);
    ~OmePlanes();

    OmePlanes(const OmePlanes&) = delete;
    OmePlanes& operator=(const OmePlanes&) = delete;

    /// As ImageWriter's, for interleaved rows or tiles of every channel.
    void writeScanlines(int yBegin, int yEnd, int typeCode, const void* data, long long byteCount);
    void writeTiles(int xBegin, int xEnd, int yBegin, int yEnd, int typeCode, const void* data, long long byteCount);
    /// Completes every plane, then the output with the others appended to it.
    void finish();
    /// Closes every file without committing; never throws.
    void abort() noexcept;

    /// The first channel's writer (order, counts and format are the same for every plane).
    ImageWriter& first() { return *planes_.front(); }
    const ImageWriter& first() const { return *planes_.front(); }

private:
    /// Channel `c` of `rows` rows of `width` interleaved pixels of `format`, packed.
    const char* channel(const char* data, OIIO::TypeDesc format, int width, int rows, int c);

    std::string displayPath_;
    int channels_;
    int width_;
    std::vector<std::string> scratch_;  ///< planes 1.. : their files
    std::vector<std::unique_ptr<ImageWriter>> planes_;
    std::vector<char> buffer_;  ///< one channel of the current call
};

}  // namespace tilewright
