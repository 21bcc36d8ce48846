#include "thread_pool.h"

#include <chrono>

namespace knhk {

ThreadPool::ThreadPool(unsigned threads) { start(threads); }

ThreadPool::~ThreadPool() { stop(); }

void ThreadPool::start(unsigned threads) {
  stopping_.store(false);
  // A new worker waits for the next run: it must not take the last run, long done, for a
  // new one (its check-in would then count twice in a later run, which never completes).
  const uint64_t current = generation_.load();
  for (unsigned i = 1; i < threads; ++i) workers_.emplace_back([this, current] { work(current); });
}

void ThreadPool::stop() {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    stopping_.store(true);
  }
  wake_.notify_all();
  for (std::thread& worker : workers_) worker.join();
  workers_.clear();
}

void ThreadPool::resize(unsigned threads) {
  std::lock_guard<std::mutex> running(run_mutex_);
  stop();
  start(threads < 1 ? 1 : threads);
}

void ThreadPool::take_tasks() {
  for (unsigned i = next_.fetch_add(1); i < tasks_; i = next_.fetch_add(1)) (*task_)(i);
}

namespace {

// A hint to the core that this is a spin loop (lets the sibling hyperthread run).
inline void cpu_relax() {
#if defined(__x86_64__) || defined(__i386__)
  __builtin_ia32_pause();
#elif defined(__aarch64__)
  asm volatile("yield");
#endif
}

// Spins until `done()` or for kPoolSpinNanoseconds; true when done.
template <typename Done>
bool spin_until(Done done) {
  const auto until = std::chrono::steady_clock::now() + std::chrono::nanoseconds(kPoolSpinNanoseconds);
  for (;;) {
    for (int i = 0; i < 64; ++i) {
      if (done()) return true;
      cpu_relax();
    }
    if (std::chrono::steady_clock::now() >= until) return false;
  }
}

}  // namespace

uint64_t ThreadPool::await_run(uint64_t seen) {
  // The generation that ended the wait: each run's is seen exactly once, since run() waits
  // for every worker's check-in before the next one.
  uint64_t observed = seen;
  const auto ready = [&] {
    observed = generation_.load(std::memory_order_acquire);
    return stopping_.load(std::memory_order_acquire) || observed != seen;
  };
  if (!spin_until(ready)) {
    std::unique_lock<std::mutex> lock(mutex_);
    wake_.wait(lock, ready);
  }
  return observed;
}

void ThreadPool::work(uint64_t seen) {
  for (;;) {
    seen = await_run(seen);
    if (stopping_.load(std::memory_order_acquire)) return;
    take_tasks();
    if (checked_in_.fetch_add(1, std::memory_order_acq_rel) + 1 == workers_.size()) {
      // Under the mutex, so that run() cannot miss it between testing and sleeping.
      std::lock_guard<std::mutex> lock(mutex_);
      done_.notify_one();
    }
  }
}

void ThreadPool::run(unsigned tasks, const std::function<void(unsigned)>& task) {
  std::unique_lock<std::mutex> running(run_mutex_, std::try_to_lock);
  if (tasks <= 1 || workers_.empty() || !running.owns_lock()) {
    for (unsigned i = 0; i < tasks; ++i) task(i);
    return;
  }
  {
    std::lock_guard<std::mutex> lock(mutex_);
    task_ = &task;
    tasks_ = tasks;
    next_.store(0);
    checked_in_.store(0);
    generation_.fetch_add(1, std::memory_order_acq_rel);
  }
  wake_.notify_all();
  take_tasks();
  const auto all_in = [&] { return checked_in_.load(std::memory_order_acquire) == workers_.size(); };
  if (!spin_until(all_in)) {
    std::unique_lock<std::mutex> lock(mutex_);
    done_.wait(lock, all_in);
  }
  task_ = nullptr;
}

ThreadPool& shared_pool() {
  // Never destroyed: joining threads while the process exits could block it.
  static ThreadPool* pool = new ThreadPool(std::thread::hardware_concurrency() > 0
                                               ? std::thread::hardware_concurrency()
                                               : 1);
  return *pool;
}

Part part_of(size_t total, unsigned tasks, unsigned index, size_t grain) {
  const size_t grains = (total + grain - 1) / grain;
  const size_t begin = grains * index / tasks * grain;
  const size_t end = grains * (index + 1) / tasks * grain;
  return Part{begin < total ? begin : total, end < total ? end : total};
}

}  // namespace knhk
