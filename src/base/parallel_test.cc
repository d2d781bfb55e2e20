#include "base/parallel.h"

#include <gtest/gtest.h>

#include <atomic>
#include <mutex>
#include <set>
#include <thread>
#include <vector>

namespace sg {
namespace {

TEST(ParallelForTest, CallsEveryItemExactlyOnce) {
  for (size_t threads : {1u, 2u, 7u}) {
    std::vector<std::atomic<int>> hits(1000);
    ParallelFor(hits.size(), threads, [&](size_t i) { hits[i]++; });
    for (size_t i = 0; i < hits.size(); ++i)
      ASSERT_EQ(hits[i].load(), 1) << "item " << i << " threads " << threads;
  }
}

TEST(ParallelForTest, UsesSeveralThreadsWhenAsked) {
  std::mutex mu;
  std::set<std::thread::id> ids;
  std::atomic<int> waiting{0};
  // Each of the first two items waits (bounded) until both are running, so
  // a serial implementation would be observed as one thread id.
  ParallelFor(2, 2, [&](size_t) {
    waiting++;
    for (int spin = 0; spin < 2000000 && waiting.load() < 2; ++spin)
      std::this_thread::yield();
    std::lock_guard<std::mutex> l(mu);
    ids.insert(std::this_thread::get_id());
  });
  EXPECT_EQ(ids.size(), 2u);
}

TEST(ParallelForTest, NoItemsIsANoOp) {
  int calls = 0;
  ParallelFor(0, 4, [&](size_t) { ++calls; });
  EXPECT_EQ(calls, 0);
}

TEST(WorkerCountTest, HonoursRequestAndWork) {
  EXPECT_EQ(WorkerCount(100, 3), 3u);
  EXPECT_EQ(WorkerCount(2, 8), 2u);  // never more threads than items
  EXPECT_EQ(WorkerCount(0, 0), 1u);
  EXPECT_EQ(WorkerCount(5, 0), 1u);  // too little work to share
  EXPECT_GE(WorkerCount(10000, 0), 1u);
  EXPECT_LE(WorkerCount(10000, 0), 16u);
}

}  // namespace
}  // namespace sg
