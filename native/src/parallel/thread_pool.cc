#include "thread_pool.h"

namespace knhk {

ThreadPool::ThreadPool(unsigned threads) { start(threads); }

ThreadPool::~ThreadPool() { stop(); }

void ThreadPool::start(unsigned threads) {
  stopping_ = false;
  for (unsigned i = 1; i < threads; ++i) workers_.emplace_back([this] { work(); });
}

void ThreadPool::stop() {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    stopping_ = true;
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

void ThreadPool::work() {
  uint64_t seen = 0;
  for (;;) {
    {
      std::unique_lock<std::mutex> lock(mutex_);
      wake_.wait(lock, [&] { return stopping_ || generation_ != seen; });
      if (stopping_) return;
      seen = generation_;
    }
    take_tasks();
    {
      std::lock_guard<std::mutex> lock(mutex_);
      if (++checked_in_ == workers_.size()) done_.notify_one();
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
    checked_in_ = 0;
    ++generation_;
  }
  wake_.notify_all();
  take_tasks();
  std::unique_lock<std::mutex> lock(mutex_);
  done_.wait(lock, [&] { return checked_in_ == workers_.size(); });
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
