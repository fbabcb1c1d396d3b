#pragma once
/// @file band_writer.h
/// The stitch's output side, as libvips' disc sink (sinkdisc.c) does it: two band
/// buffers and one persistent writer thread. The stitch fills one buffer while the
/// writer thread hands the other to the ImageWriter; the writer is woken once per band.
///
/// Threads: the writer computes under the job's budget (ImageWriter takes a permit per
/// call), and the filling thread gives its permit up while it waits for a buffer, so a
/// budget of one thread alternates filling and writing instead of running both at once.

#include <atomic>
#include <condition_variable>
#include <exception>
#include <mutex>
#include <thread>
#include <vector>

#include <OpenImageIO/imageio.h>

namespace tilewright {

class ImageWriter;

class BandWriter {
public:
    /// Writes bands of at most `maxRows` full-width rows of `canvas` (its pixel type, which
    /// the encoder may store differently) to `writer` (which outlives this), counting the
    /// rows and bytes written so far into `rowsWritten` and `bytesWritten` (which others
    /// may read while it runs).
    BandWriter(ImageWriter& writer, const OIIO::ImageSpec& canvas, int maxRows, std::atomic<long long>& rowsWritten,
               std::atomic<long long>& bytesWritten);
    /// Stops the thread after the band it is writing; never throws.
    ~BandWriter();

    BandWriter(const BandWriter&) = delete;
    BandWriter& operator=(const BandWriter&) = delete;

    /// The buffer for the next band, once the writer is done with it; rethrows the
    /// writer's error if the last band it wrote failed.
    char* nextBuffer();
    /// Hands the buffer nextBuffer() returned, holding rows [y0, y1), to the writer.
    void submit(int y0, int y1);
    /// Waits until every submitted band is written; rethrows the writer's error.
    void drain();

private:
    void loop();
    /// Waits (giving the budget's permit up) until `ready`; rethrows a write error.
    template <typename Ready>
    void waitUntil(std::unique_lock<std::mutex>& lock, Ready ready);

    ImageWriter& writer_;
    OIIO::ImageSpec canvas_;
    size_t rowBytes_;
    std::vector<char> buffers_[2];
    int filling_ = 0;  ///< the buffer nextBuffer() hands out

    std::mutex mutex_;
    std::condition_variable changed_;
    bool pending_ = false;  ///< a band waits for or is in the writer
    int pendingBuffer_ = 0, pendingY0_ = 0, pendingY1_ = 0;
    bool stopping_ = false;
    std::exception_ptr failure_;
    std::atomic<long long>& rowsWritten_;
    std::atomic<long long>& bytesWritten_;
    std::thread thread_;  ///< last: started once everything it uses exists
};

}  // namespace tilewright
