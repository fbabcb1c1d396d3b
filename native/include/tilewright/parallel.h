#pragma once
/// @file parallel.h
/// The one threading helper of the engine: run a task per index on a few threads.

#include <algorithm>
#include <atomic>
#include <cstddef>
#include <exception>
#include <mutex>
#include <thread>
#include <vector>

namespace tilewright {

/// Runs task(i) for i in [0, count) on up to `threads` threads (the caller is one of
/// them). The first exception stops the others from starting new work and is rethrown
/// on the caller's thread once every thread has stopped.
template <typename Task>
void runParallel(size_t count, int threads, Task task)
{
    if (threads <= 1 || count <= 1) {
        for (size_t i = 0; i < count; ++i)
            task(i);
        return;
    }
    std::atomic<size_t> next{0};
    std::atomic<bool> stop{false};
    std::exception_ptr failure;
    std::mutex failureMutex;
    auto work = [&] {
        for (size_t i; !stop && (i = next++) < count;) {
            try {
                task(i);
            } catch (...) {
                std::lock_guard<std::mutex> lock(failureMutex);
                if (!failure)
                    failure = std::current_exception();
                stop = true;
            }
        }
    };
    std::vector<std::thread> pool;
    size_t n = std::min<size_t>(size_t(threads), count);
    for (size_t t = 1; t < n; ++t)
        pool.emplace_back(work);
    work();
    for (auto& t : pool)
        t.join();
    if (failure)
        std::rethrow_exception(failure);
}

/// Threads to use for CPU work: one per core.
inline int coreCount() { return int(std::max(1u, std::thread::hardware_concurrency())); }

}  // namespace tilewright
