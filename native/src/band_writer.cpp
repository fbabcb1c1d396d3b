#include "tilewright/band_writer.h"

#include <algorithm>

#include "tilewright/image_writer.h"
#include "tilewright/pixel_type.h"
#include "tilewright/thread_budget.h"

namespace tilewright {

BandWriter::BandWriter(ImageWriter& writer, const OIIO::ImageSpec& canvas, int maxRows,
                       std::atomic<long long>& rowsWritten, std::atomic<long long>& bytesWritten)
    : writer_(writer), canvas_(canvas), rowBytes_(canvas.scanline_bytes()),
      buffers_{std::vector<char>(rowBytes_ * size_t(maxRows)), std::vector<char>(rowBytes_ * size_t(maxRows))},
      rowsWritten_(rowsWritten), bytesWritten_(bytesWritten), thread_([this] { loop(); })
{
}

BandWriter::~BandWriter()
{
    {
        std::lock_guard<std::mutex> lock(mutex_);
        stopping_ = true;
    }
    changed_.notify_all();
    ThreadBudget::Pause pause(writer_.budget());  // a band being written may wait for our permit
    thread_.join();
}

template <typename Ready>
void BandWriter::waitUntil(std::unique_lock<std::mutex>& lock, Ready ready)
{
    if (!ready() && !failure_) {
        ThreadBudget::Pause pause(writer_.budget());  // the writer may need our permit
        changed_.wait(lock, [&] { return ready() || failure_; });
        lock.unlock();  // take the permit back without holding the writer up
    }
    if (!lock.owns_lock())
        lock.lock();
    if (failure_)
        std::rethrow_exception(failure_);
}

char* BandWriter::nextBuffer()
{
    std::unique_lock<std::mutex> lock(mutex_);
    // Only the buffer being written is busy; the other is free as soon as it was handed over.
    waitUntil(lock, [this] { return !pending_ || pendingBuffer_ != filling_; });
    return buffers_[filling_].data();
}

void BandWriter::submit(int y0, int y1)
{
    std::unique_lock<std::mutex> lock(mutex_);
    waitUntil(lock, [this] { return !pending_; });  // one band queued at a time
    pending_ = true;
    pendingBuffer_ = filling_;
    pendingY0_ = y0;
    pendingY1_ = y1;
    filling_ = 1 - filling_;
    lock.unlock();
    changed_.notify_all();
}

void BandWriter::drain()
{
    std::unique_lock<std::mutex> lock(mutex_);
    waitUntil(lock, [this] { return !pending_; });
}

void BandWriter::loop()
{
    std::unique_lock<std::mutex> lock(mutex_);
    for (;;) {
        changed_.wait(lock, [this] { return stopping_ || (pending_ && !failure_); });
        if (stopping_)
            return;
        const char* data = buffers_[pendingBuffer_].data();
        int y0 = pendingY0_, y1 = pendingY1_;
        lock.unlock();
        std::exception_ptr failure;
        long long bytes = (long long)(y1 - y0) * (long long)rowBytes_;
        try {
            const OIIO::ImageSpec& s = canvas_;
            int typeCode = toTypeCode(s.format);
            if (s.tile_width > 0 && s.tile_height > 0) {
                // A resumable job can checkpoint after each call: a row of tiles at a time, so
                // that a stop costs at most half a second's work, not a band's.
                int step = writer_.resumable() ? s.tile_height : y1 - y0;
                for (int y = y0; y < y1; y += step) {
                    int end = std::min(y + step, y1);
                    writer_.writeTiles(s.x, s.x + s.width, y, end, typeCode, data + size_t(y - y0) * rowBytes_,
                                       (long long)(end - y) * (long long)rowBytes_);
                }
            } else
                writer_.writeScanlines(y0, y1, typeCode, data, bytes);
        } catch (...) {
            failure = std::current_exception();
        }
        lock.lock();
        if (failure) {
            failure_ = failure;
        } else {
            rowsWritten_ += y1 - y0;  // counts on across the parts of a multi-part file
            bytesWritten_ += bytes;
        }
        pending_ = false;
        changed_.notify_all();
    }
}

}  // namespace tilewright
