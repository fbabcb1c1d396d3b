#pragma once
/// @file stitcher.h
/// The stitching engine: pastes many inputs into one output written band by band.
///
/// For each horizontal band, top to bottom: find the inputs that touch it (a sweep
/// over inputs sorted by their top edge), decode only their rows in the band in
/// parallel (straight into the band when nothing needs converting or overlaps),
/// composite in order, then hand the band to a writer thread while the next band is
/// filled (two band buffers, as libvips' disc sink does). Memory: two bands, the
/// blend accumulators, a bounded scratch for decoded pieces, and the decoder state
/// of at most `maxOpenFiles` open inputs — nothing grows with the output's height or
/// the number of inputs beyond a few dozen bytes of bookkeeping each.
///
/// Coordinates are canvas pixels (the output's data window); ranges half-open.

#include <atomic>
#include <mutex>
#include <string>
#include <vector>

#include "tilewright/band_compositor.h"
#include "tilewright/spec.h"

namespace tilewright {

/// What to do with an input that cannot be read; codes shared with Java.
enum class MissingPolicy : int { Fail = 0, Skip = 1, Fill = 2 };

class Stitcher {
public:
    /// A stitch into `writePath` (format from `formatPath`, the final name named in
    /// errors) of an image described by `output` (canvas = its data window).
    Stitcher(const std::string& formatPath, const std::string& writePath, const Spec& output);
    ~Stitcher();

    /// Adds an input whose data window lands at canvas (x, y); its declared size and
    /// channels are checked when it is opened. Inputs composite in the order added
    /// (later over earlier), or the reverse for first-wins.
    void addInput(const std::string& path, int x, int y, int width, int height, int channels);
    void setBlend(int blendCode, int featherWidth);
    /// Background for channel `channel`, in normalised units (0..1 for integer types).
    void setBackground(int channel, float value);
    /// Rows per band; a multiple of the tile height for tiled outputs.
    void setBandHeight(int rows);
    void setThreads(int threads);
    void setMaxOpenFiles(int files);
    void setMissingPolicy(int policyCode);
    /// Most bytes of decoded pieces held at once (beyond the bands).
    void setScratchBytes(long long bytes);

    /// Runs the whole stitch on the calling thread (plus workers); throws Error on
    /// failure or cancellation. The caller renames or removes the file afterwards.
    void run();
    /// Asks a running stitch to stop at the next piece; safe from any thread.
    void cancel() { cancelled_ = true; }

    long long rowsDone() const { return rowsDone_; }
    long long rowsTotal() const { return spec_.height; }
    long long bytesWritten() const { return bytesWritten_; }
    /// The most inputs open at once during the run.
    long long peakOpenFiles() const { return peakOpenFiles_; }
    /// How many inputs were opened more than once (evicted and reopened).
    long long reopenings() const { return reopenings_; }

    /// Inputs that failed under the skip or fill policy: path, reason, action.
    int problemCount() const { return int(problems_.size()); }
    std::string problemPath(int index) const;
    std::string problemReason(int index) const;
    std::string problemAction(int index) const;

private:
    struct Input {
        std::string path;
        int x, y, width, height, channels;
        bool failed = false;
    };
    struct Problem {
        std::string path, reason, action;
    };

    void checkCancelled() const;
    void recordProblem(size_t index, const std::string& reason);

    std::string formatPath_, writePath_;
    OIIO::ImageSpec spec_;
    std::vector<Input> inputs_;
    Blend blend_ = Blend::Later;
    int featherWidth_ = 0;
    std::vector<float> background_;
    int bandHeight_ = 64;
    int threads_ = 1;
    size_t maxOpenFiles_ = 256;
    MissingPolicy missing_ = MissingPolicy::Fail;
    size_t scratchBytes_ = size_t(64) << 20;

    std::atomic<bool> cancelled_{false};
    std::atomic<long long> rowsDone_{0};
    std::atomic<long long> bytesWritten_{0};
    long long peakOpenFiles_ = 0;
    long long reopenings_ = 0;
    std::mutex problemsMutex_;
    std::vector<Problem> problems_;

    friend class BandRun;
};

}  // namespace tilewright
