// A fork-join pool of persistent worker threads. run(tasks, fn) calls fn(0) .. fn(tasks - 1),
// spread over the workers and the calling thread, and returns when every call has returned.
// Tasks must not throw. One run at a time: a run that finds the pool busy (another JS thread
// of the process calling in) runs its tasks on its own thread instead of waiting.
#pragma once

#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <mutex>
#include <thread>
#include <vector>

namespace knhk {

class ThreadPool {
 public:
  // A pool of `threads` threads in all: the caller of run() and threads - 1 workers.
  explicit ThreadPool(unsigned threads);
  ~ThreadPool();
  ThreadPool(const ThreadPool&) = delete;
  ThreadPool& operator=(const ThreadPool&) = delete;

  // Threads a run uses, the caller included (at least 1).
  unsigned threads() const { return static_cast<unsigned>(workers_.size()) + 1; }

  // Stops the workers and starts threads - 1 new ones (waits for a run in progress).
  void resize(unsigned threads);

  // Calls task(i) for every i in [0, tasks) and returns when all have returned.
  void run(unsigned tasks, const std::function<void(unsigned)>& task);

 private:
  void start(unsigned threads);
  void stop();
  // A worker's loop; `seen` is the generation of the last run before it started.
  void work(uint64_t seen);
  void take_tasks();

  // Waits for a new run (or stop) and returns its generation: spinning for a short while
  // first, since a fork-join program's next run usually comes within microseconds and a
  // condition-variable wake-up takes tens of microseconds on a busy or virtual machine.
  uint64_t await_run(uint64_t seen);

  std::vector<std::thread> workers_;
  std::mutex run_mutex_;  // held for a whole run, and while resizing
  std::mutex mutex_;      // taken to sleep on and to notify the condition variables
  std::condition_variable wake_;
  std::condition_variable done_;
  // Written by run() before generation_ is bumped (release), read by workers after they see
  // the new generation (acquire).
  const std::function<void(unsigned)>* task_ = nullptr;
  unsigned tasks_ = 0;
  std::atomic<unsigned> next_{0};
  std::atomic<unsigned> checked_in_{0};
  std::atomic<uint64_t> generation_{0};
  std::atomic<bool> stopping_{false};
};

// How long a worker spins for the next run, and run() for its workers, before sleeping.
constexpr int64_t kPoolSpinNanoseconds = 50'000;

// The process's pool, shared by every kernel family; created on first use with one thread
// per hardware thread (std::thread::hardware_concurrency()).
ThreadPool& shared_pool();

// The part [begin, end) of `total` items that task `index` of `tasks` takes, in whole
// multiples of `grain` (the last part takes the remainder).
struct Part {
  size_t begin;
  size_t end;
};
Part part_of(size_t total, unsigned tasks, unsigned index, size_t grain);

}  // namespace knhk
