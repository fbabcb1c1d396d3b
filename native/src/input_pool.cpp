#include "tilewright/input_pool.h"

#include <algorithm>

namespace tilewright {

InputPool::InputPool(std::vector<std::string> paths, size_t capacity, Validator validate)
    : paths_(std::move(paths)), capacity_(std::max<size_t>(1, capacity)),
      validate_(std::move(validate)), slots_(paths_.size())
{
}

InputPool::Lease InputPool::acquire(size_t index)
{
    {
        std::lock_guard<std::mutex> lock(mutex_);
        Slot& slot = slots_[index];
        if (slot.reader) {
            if (slot.idleListed) {
                idle_.erase(slot.idlePosition);
                slot.idleListed = false;
            }
            slot.inUse = true;
            return Lease(*this, index, *slot.reader);
        }
        while (open_ >= capacity_ && !idle_.empty())
            evictIdleLocked();
        ++open_;  // reserve the place while opening outside the lock
        peakOpen_ = std::max(peakOpen_, open_);
        ++openings_;
    }
    std::unique_ptr<ImageReader> reader;
    try {
        reader = std::make_unique<ImageReader>(paths_[index]);
        reader->setThreads(1);  // pieces decode in parallel on the job's budget, one thread each
        if (validate_)
            validate_(index, *reader);
    } catch (...) {
        std::lock_guard<std::mutex> lock(mutex_);
        --open_;
        throw;
    }
    std::lock_guard<std::mutex> lock(mutex_);
    Slot& slot = slots_[index];
    slot.reader = std::move(reader);
    slot.inUse = true;
    return Lease(*this, index, *slot.reader);
}

void InputPool::release(size_t index)
{
    std::lock_guard<std::mutex> lock(mutex_);
    Slot& slot = slots_[index];
    slot.inUse = false;
    if (!slot.reader)
        return;
    idle_.push_back(index);
    slot.idlePosition = std::prev(idle_.end());
    slot.idleListed = true;
    while (open_ > capacity_ && !idle_.empty())
        evictIdleLocked();
}

void InputPool::discard(size_t index)
{
    std::lock_guard<std::mutex> lock(mutex_);
    Slot& slot = slots_[index];
    if (!slot.reader || slot.inUse)
        return;
    if (slot.idleListed) {
        idle_.erase(slot.idlePosition);
        slot.idleListed = false;
    }
    slot.reader.reset();
    --open_;
}

void InputPool::evictIdleLocked()
{
    size_t victim = idle_.front();
    idle_.pop_front();
    Slot& slot = slots_[victim];
    slot.idleListed = false;
    slot.reader.reset();  // closes the file
    --open_;
}

size_t InputPool::openCount() const
{
    std::lock_guard<std::mutex> lock(mutex_);
    return open_;
}

size_t InputPool::peakOpenCount() const
{
    std::lock_guard<std::mutex> lock(mutex_);
    return peakOpen_;
}

size_t InputPool::openings() const
{
    std::lock_guard<std::mutex> lock(mutex_);
    return openings_;
}

}  // namespace tilewright
