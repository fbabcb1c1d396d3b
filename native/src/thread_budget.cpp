#include "tilewright/thread_budget.h"

#include <algorithm>
#include <atomic>

namespace tilewright {

namespace {

/// The budgets whose permit the current thread holds (a stitch's writer thread may hold
/// its job's while a caller thread holds another job's).
thread_local std::vector<const ThreadBudget*> heldPermits;

void markHeld(const ThreadBudget* budget) { heldPermits.push_back(budget); }

void unmarkHeld(const ThreadBudget* budget)
{
    auto at = std::find(heldPermits.begin(), heldPermits.end(), budget);
    if (at != heldPermits.end())
        heldPermits.erase(at);
}

}  // namespace

int coreCount() { return int(std::max(1u, std::thread::hardware_concurrency())); }

struct ThreadBudget::Job {
    size_t count = 0;
    size_t next = 0;   ///< next index to hand out (under the budget's mutex)
    int running = 0;   ///< indices being run
    bool stop = false;
    std::exception_ptr failure;
    const std::function<void(size_t)>* task = nullptr;
};

ThreadBudget::ThreadBudget(int threads)
    : threads_(threads > 0 ? threads : coreCount()), freePermits_(threads_)
{
    // The caller of parallelFor holds one permit; the others go to workers.
    for (int i = 1; i < threads_; ++i)
        workers_.emplace_back([this] { workerLoop(); });
}

ThreadBudget::~ThreadBudget()
{
    {
        std::lock_guard<std::mutex> lock(mutex_);
        stopping_ = true;
    }
    changed_.notify_all();
    for (auto& worker : workers_)
        worker.join();
}

bool ThreadBudget::holdsPermit() const
{
    return std::find(heldPermits.begin(), heldPermits.end(), this) != heldPermits.end();
}

void ThreadBudget::acquire()
{
    std::unique_lock<std::mutex> lock(mutex_);
    changed_.wait(lock, [this] { return freePermits_ > 0; });
    --freePermits_;
    markHeld(this);
}

void ThreadBudget::release()
{
    {
        std::lock_guard<std::mutex> lock(mutex_);
        ++freePermits_;
        unmarkHeld(this);
    }
    changed_.notify_all();
}

ThreadBudget::Permit::Permit(ThreadBudget& budget) : budget_(budget.holdsPermit() ? nullptr : &budget)
{
    if (budget_)
        budget_->acquire();
}

ThreadBudget::Permit::~Permit()
{
    if (budget_)
        budget_->release();
}

ThreadBudget::Pause::Pause(ThreadBudget& budget) : budget_(budget.holdsPermit() ? &budget : nullptr)
{
    if (budget_)
        budget_->release();
}

ThreadBudget::Pause::~Pause()
{
    if (budget_)
        budget_->acquire();
}

void ThreadBudget::parallelFor(size_t count, const std::function<void(size_t)>& task)
{
    if (count == 0)
        return;
    if (workers_.empty() || count == 1) {
        for (size_t i = 0; i < count; ++i)
            task(i);
        return;
    }
    Job job;
    job.count = count;
    job.task = &task;
    {
        std::lock_guard<std::mutex> lock(mutex_);
        jobs_.push_back(&job);
    }
    changed_.notify_all();
    std::unique_lock<std::mutex> lock(mutex_);
    while (!job.stop && job.next < job.count) {
        size_t index = job.next++;
        ++job.running;
        lock.unlock();
        std::exception_ptr failure;
        try {
            task(index);
        } catch (...) {
            failure = std::current_exception();
        }
        lock.lock();
        --job.running;
        if (failure && !job.failure)
            job.failure = failure;
        if (failure)
            job.stop = true;
    }
    jobs_.erase(std::remove(jobs_.begin(), jobs_.end(), &job), jobs_.end());
    changed_.wait(lock, [&job] { return job.running == 0; });
    if (job.failure)
        std::rethrow_exception(job.failure);
}

void ThreadBudget::workerLoop()
{
    std::unique_lock<std::mutex> lock(mutex_);
    for (;;) {
        changed_.wait(lock, [this] { return stopping_ || (!jobs_.empty() && freePermits_ > 0); });
        if (stopping_)
            return;
        Job& job = *jobs_.front();
        if (job.stop || job.next >= job.count) {
            jobs_.pop_front();
            continue;
        }
        size_t index = job.next++;
        ++job.running;
        --freePermits_;
        lock.unlock();
        markHeld(this);
        std::exception_ptr failure;
        try {
            (*job.task)(index);
        } catch (...) {
            failure = std::current_exception();
        }
        unmarkHeld(this);
        lock.lock();
        ++freePermits_;
        if (failure && !job.failure)
            job.failure = failure;
        if (failure)
            job.stop = true;
        --job.running;
        changed_.notify_all();
    }
}

}  // namespace tilewright
