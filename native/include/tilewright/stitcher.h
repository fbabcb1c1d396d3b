#pragma once
/// @file stitcher.h
/// The stitching engine: pastes many inputs into one output written band by band.
///
/// For each horizontal band, top to bottom: find the inputs that touch it (a sweep over
/// inputs sorted by their top edge), decode and composite their rows in the band
/// (band_run.h, on the job's threads), then hand the band to the writer thread while the
/// next band is filled (band_writer.h). Memory: two bands, the blend accumulators, a
/// bounded scratch for decoded pieces, and the decoder state of at most `maxOpenFiles`
/// open inputs — nothing grows with the output's height or the number of inputs beyond a
/// few dozen bytes of bookkeeping each.
///
/// Coordinates are canvas pixels (the output's data window); ranges half-open.

#include <atomic>
#include <mutex>
#include <string>
#include <vector>

#include "tilewright/band_compositor.h"
#include "tilewright/output_options.h"
#include "tilewright/output_target.h"
#include "tilewright/piece_reader.h"
#include "tilewright/spec.h"

namespace tilewright {

class Stitcher {
public:
    /// A stitch into `target` of an image described by `output` (canvas = its data
    /// window), written with `options` (threads, pyramid, Deep Zoom tiles).
    Stitcher(const OutputTarget& target, const Spec& output, const OutputOptions& options);
    ~Stitcher();

    /// Adds an input whose data window lands at canvas (x, y); its declared size and
    /// channels are checked when it is opened. Inputs composite in the order added
    /// (later over earlier), or the reverse for first-wins.
    void addInput(const std::string& path, int x, int y, int width, int height, int channels);
    /// As addInput, using only the width x height part of the file that starts at
    /// (sourceX, sourceY) from its data-window origin (a full-frame render cropped to its
    /// tile); the file is fileWidth x fileHeight. `straightAlpha`: its colour is not
    /// multiplied by its alpha (as its header says: PNG, TIFF's unassociated alpha).
    void addCroppedInput(const std::string& path, int x, int y, int width, int height, int channels,
                         int sourceX, int sourceY, int fileWidth, int fileHeight, bool straightAlpha);
    /// Makes the colour of the last input added linear as it is read: `gamma` -1 decodes
    /// the sRGB curve, a positive value a power (for EXR outputs of sRGB-encoded inputs).
    void setLastInputDecoding(float gamma);
    /// Places the last input added `dx`, `dy` (each in [0, 1)) further right and down,
    /// resampled linearly with zero outside; it then covers one more column or row.
    void setLastInputShift(float dx, float dy);
    /// Declares one more part of a multi-part OpenEXR output, described by `spec` (same
    /// windows as the first): it is stitched from that part of every input, after the
    /// parts before it.
    void addPart(const Spec& spec);
    void setBlend(int blendCode, int featherWidth);
    /// Background for channel `channel`, in normalised units (0..1 for integer types).
    void setBackground(int channel, float value);
    /// Rows per band; a multiple of the tile height for tiled outputs.
    void setBandHeight(int rows);
    void setMaxOpenFiles(int files);
    void setMissingPolicy(int policyCode);
    /// An input whose pixels come from source `sourceIndex` of the SourceReader (a Java
    /// PixelSource), `width` x `height` of `typeCode` pixels, placed at x, y; `name` names it.
    void addSourceInput(int sourceIndex, const std::string& name, int x, int y, int width, int height, int channels,
                        int typeCode, bool straightAlpha);
    /// The function that reads source inputs (it outlives run()).
    void setSourceReader(SourceReader reader) { sourceReader_ = reader; }
    /// Most bytes of decoded pieces held at once (beyond the bands).
    void setScratchBytes(long long bytes);

    /// Runs the whole stitch on the calling thread (plus the job's threads); throws Error
    /// on failure or cancellation. The target's owner renames or removes the files.
    void run();
    /// Asks a running stitch to stop at the next piece; safe from any thread.
    void cancel() { cancelled_ = true; }

    long long rowsDone() const { return rowsDone_; }
    long long rowsTotal() const { return (long long)spec_.height * (1 + (long long)laterParts_.size()); }
    long long bytesWritten() const { return bytesWritten_; }
    /// The most inputs open at once during the run.
    long long peakOpenFiles() const { return peakOpenFiles_; }
    /// How many inputs were opened more than once (evicted and reopened).
    long long reopenings() const { return reopenings_; }

    /// For a resumable job, once the output is open: what became of an earlier run (see
    /// ImageWriter::resumeNotice); safe from any thread.
    std::string resumeNotice() const;

    /// Inputs that failed under the skip or fill policy: path and reason (what was done
    /// about them follows from the policy, which the caller chose).
    int problemCount() const { return int(problems_.size()); }
    std::string problemPath(int index) const;
    std::string problemReason(int index) const;

private:
    /// Writes the bands of the current part from row `firstRow` (below what a resumed job kept).
    void runBands(class ImageWriter& writer, PieceReader& reader, int firstRow);

    OutputTarget target_;
    OIIO::ImageSpec spec_;
    OutputOptions options_;
    std::vector<StitchInput> inputs_;
    Blend blend_ = Blend::Later;
    int featherWidth_ = 0;
    std::vector<float> background_;
    std::vector<OIIO::ImageSpec> laterParts_;  ///< parts after the first (multi-part EXR)
    int bandHeight_ = 64;
    size_t maxOpenFiles_ = 256;
    MissingPolicy missing_ = MissingPolicy::Fail;
    SourceReader sourceReader_ = nullptr;
    size_t scratchBytes_ = size_t(64) << 20;

    std::atomic<bool> cancelled_{false};
    std::atomic<long long> rowsDone_{0};
    std::atomic<long long> bytesWritten_{0};
    long long peakOpenFiles_ = 0;
    long long reopenings_ = 0;
    std::vector<std::pair<std::string, std::string>> problems_;
    mutable std::mutex noticeLock_;
    std::string resumeNotice_;  ///< guarded by noticeLock_
};

}  // namespace tilewright
