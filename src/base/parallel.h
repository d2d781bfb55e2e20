// Runs independent work items on a few threads. Used where the items share
// nothing mutable (reading and parsing files, auditing one file), so that
// callers can keep results in per-item slots and merge them in item order:
// the outcome never depends on the number of threads.
#ifndef STEPGUARD_BASE_PARALLEL_H_
#define STEPGUARD_BASE_PARALLEL_H_

#include <cstddef>
#include <functional>

namespace sg {

// The threads worth using for `items` items: `requested` when non-zero,
// otherwise one per CPU this process may run on (the affinity mask, so a
// CI container limited to 2 CPUs gets 2), at most 16, and none beyond
// one per `min_items_per_thread` items.
size_t WorkerCount(size_t items, size_t requested,
                   size_t min_items_per_thread = 16);

// Calls fn(i) once for every i in [0, items), on `threads` threads (the
// caller's thread is one of them). fn must not throw.
void ParallelFor(size_t items, size_t threads,
                 const std::function<void(size_t)>& fn);

}  // namespace sg

#endif  // STEPGUARD_BASE_PARALLEL_H_
