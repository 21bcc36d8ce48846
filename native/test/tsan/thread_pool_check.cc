// ThreadSanitizer check of the thread pool (src/parallel/thread_pool.cc), outside Node:
// runs of every size, back to back and after pauses long enough for the workers to sleep,
// interleaved with resizes, each checked for every task done exactly once. Built and run
// by scripts/sanitize.sh with -fsanitize=thread; any data race or a lost run (the watchdog
// below) fails it.
#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <thread>
#include <vector>

#include "../../src/parallel/thread_pool.h"

namespace {

bool check_run(knhk::ThreadPool& pool, unsigned tasks) {
  std::vector<std::atomic<int>> done(tasks);
  for (auto& d : done) d.store(0);
  std::vector<int> plain(tasks, 0);  // written by the tasks without atomics: races would show
  pool.run(tasks, [&](unsigned i) {
    done[i].fetch_add(1);
    plain[i] += static_cast<int>(i);
  });
  for (unsigned i = 0; i < tasks; ++i) {
    if (done[i].load() != 1 || plain[i] != static_cast<int>(i)) {
      std::fprintf(stderr, "thread_pool_check: task %u of %u ran %d times\n", i, tasks, done[i].load());
      return false;
    }
  }
  return true;
}

}  // namespace

int main() {
  std::atomic<bool> finished{false};
  std::thread watchdog([&] {
    for (int i = 0; i < 1200 && !finished.load(); ++i) std::this_thread::sleep_for(std::chrono::milliseconds(100));
    if (!finished.load()) {
      std::fprintf(stderr, "thread_pool_check: a run never completed (2 minutes)\n");
      std::_Exit(3);
    }
  });
  knhk::ThreadPool pool(2);
  bool ok = true;
  for (int round = 0; round < 2000 && ok; ++round) {
    if (round % 7 == 0) pool.resize(1 + round % 4);
    ok = check_run(pool, 1 + round % 9);
    if (round % 97 == 0) std::this_thread::sleep_for(std::chrono::milliseconds(2));
  }
  finished.store(true);
  watchdog.join();
  if (!ok) return 1;
  std::printf("thread_pool_check: 2000 runs with resizes, every task once\n");
  return 0;
}
