#pragma once
/// @file thread_budget.h
/// One job's threads: a pool sized by --threads that decoding, compositing and every
/// encoder draw from, as libvips' single concurrency setting does.
///
/// The budget is a number of permits. A thread doing CPU work for the job holds one:
/// the caller of a facade entry point (a Permit), and each pool worker while it runs a
/// task. So however the work is split — a stitch decoding the next band while its
/// writer thread deflates the previous one, an encoder fanning tiles out — at most
/// `threads` of the job's threads compute at once, and a budget of 1 runs the whole job
/// on one core. Workers are started once, with the budget, not per call.

#include <condition_variable>
#include <cstddef>
#include <deque>
#include <exception>
#include <functional>
#include <mutex>
#include <thread>
#include <vector>

namespace tilewright {

/// Threads to use when the caller asks for "all cores" (0).
int coreCount();

class ThreadBudget {
public:
    /// A budget of `threads` computing threads (0 = one per core).
    explicit ThreadBudget(int threads);
    /// Stops the workers; tasks never outlive the parallelFor that posted them.
    ~ThreadBudget();

    ThreadBudget(const ThreadBudget&) = delete;
    ThreadBudget& operator=(const ThreadBudget&) = delete;

    /// The number of threads that may compute at once.
    int threads() const { return threads_; }

    /// Holds one permit for the calling thread while it lives (blocking until one is
    /// free); re-entrant: a thread already holding a permit of this budget takes no other.
    class Permit {
    public:
        explicit Permit(ThreadBudget& budget);
        ~Permit();
        Permit(const Permit&) = delete;
        Permit& operator=(const Permit&) = delete;

    private:
        ThreadBudget* budget_;  ///< null when the thread already held one
    };

    /// Releases the calling thread's permit while it lives (for a thread about to block
    /// on another that needs the permit), taking it back afterwards.
    class Pause {
    public:
        explicit Pause(ThreadBudget& budget);
        ~Pause();
        Pause(const Pause&) = delete;
        Pause& operator=(const Pause&) = delete;

    private:
        ThreadBudget* budget_;  ///< null when the thread held no permit
    };

    /// Runs task(i) for i in [0, count): the caller (which should hold a permit) and any
    /// worker that can get a permit take indices in turn. The first exception stops new
    /// indices from starting and is rethrown here once every running task has returned.
    void parallelFor(size_t count, const std::function<void(size_t)>& task);

private:
    struct Job;

    void acquire();
    void release();
    bool holdsPermit() const;
    void workerLoop();

    const int threads_;
    std::mutex mutex_;
    std::condition_variable changed_;
    int freePermits_;
    std::deque<Job*> jobs_;  ///< jobs with indices not yet taken
    bool stopping_ = false;
    std::vector<std::thread> workers_;
};

}  // namespace tilewright
