#include "base/parallel.h"

#include <sched.h>

#include <algorithm>
#include <atomic>
#include <thread>
#include <vector>

namespace sg {

size_t WorkerCount(size_t items, size_t requested,
                   size_t min_items_per_thread) {
  if (requested > 0)
    return std::clamp<size_t>(requested, 1, std::max<size_t>(items, 1));
  size_t cpus = std::thread::hardware_concurrency();
  cpu_set_t set;
  if (sched_getaffinity(0, sizeof(set), &set) == 0)
    cpus = static_cast<size_t>(CPU_COUNT(&set));
  const size_t by_work = items / std::max<size_t>(min_items_per_thread, 1);
  return std::clamp<size_t>(std::min(cpus, by_work), 1, 16);
}

void ParallelFor(size_t items, size_t threads,
                 const std::function<void(size_t)>& fn) {
  if (threads <= 1 || items <= 1) {
    for (size_t i = 0; i < items; ++i) fn(i);
    return;
  }
  std::atomic<size_t> next{0};
  auto work = [&] {
    for (size_t i; (i = next.fetch_add(1, std::memory_order_relaxed)) < items;)
      fn(i);
  };
  std::vector<std::thread> pool;
  pool.reserve(threads - 1);
  for (size_t t = 1; t < threads; ++t) pool.emplace_back(work);
  work();
  for (auto& t : pool) t.join();
}

}  // namespace sg
