#pragma once
/// @file input_pool.h
/// The stitch's open input files: at most `capacity` readers are open at once, and
/// when one more is needed the least recently used idle reader is closed. This keeps
/// a 100 000-input stitch under the process's file limit (libvips keeps every input
/// open; GDAL's VRT pool and OIIO's ImageCache bound them the same way).

#include <cstddef>
#include <functional>
#include <list>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "tilewright/image_reader.h"

namespace tilewright {

class InputPool {
public:
    /// Checks a freshly opened reader (size, channels); throws Error to refuse it.
    using Validator = std::function<void(size_t index, const ImageReader& reader)>;

    InputPool(std::vector<std::string> paths, size_t capacity, Validator validate);

    /// A reader borrowed from the pool; returned when the lease ends.
    class Lease {
    public:
        Lease(InputPool& pool, size_t index, ImageReader& reader)
            : pool_(&pool), index_(index), reader_(&reader) {}
        Lease(Lease&& other) noexcept
            : pool_(other.pool_), index_(other.index_), reader_(other.reader_)
        {
            other.pool_ = nullptr;
        }
        Lease(const Lease&) = delete;
        ~Lease()
        {
            if (pool_)
                pool_->release(index_);
        }
        ImageReader& reader() { return *reader_; }

    private:
        InputPool* pool_;
        size_t index_;
        ImageReader* reader_;
    };

    /// Borrows input `index`'s reader, opening it (and closing an idle one) if
    /// needed. Throws Error naming the file if it cannot be opened or is refused.
    /// One input is used by one thread at a time.
    Lease acquire(size_t index);
    /// Closes input `index` if it is open and idle (after a failure, say).
    void discard(size_t index);
    /// Readers open right now.
    size_t openCount() const;
    /// The most readers that were open at once.
    size_t peakOpenCount() const;
    /// How many times a reader was opened (more than the inputs means evictions).
    size_t openings() const;

private:
    void release(size_t index);
    void evictIdleLocked();

    struct Slot {
        std::unique_ptr<ImageReader> reader;
        bool inUse = false;
        bool idleListed = false;
        std::list<size_t>::iterator idlePosition;
    };

    std::vector<std::string> paths_;
    size_t capacity_;
    Validator validate_;
    mutable std::mutex mutex_;
    std::vector<Slot> slots_;
    std::list<size_t> idle_;  ///< least recently used first
    size_t open_ = 0;
    size_t peakOpen_ = 0;
    size_t openings_ = 0;
};

}  // namespace tilewright
