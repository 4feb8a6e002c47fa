// The TBB arena a run or a comparison executes in: `requested` threads
// (0 = all cores). A count above the core count really runs (the
// oversubscription tests use it); results never depend on the count.
#pragma once

#include <tbb/global_control.h>
#include <tbb/info.h>
#include <tbb/task_arena.h>

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <utility>

namespace ambassim {

class RunArena {
public:
    explicit RunArena(std::int64_t requested)
        : threads_(requested > 0 ? static_cast<int>(requested) : tbb::info::default_concurrency()),
          allow_(tbb::global_control::max_allowed_parallelism,
                 static_cast<std::size_t>(std::max(threads_, tbb::info::default_concurrency()))),
          arena_(threads_) {}

    int threads() const { return threads_; }
    template <class F>
    auto execute(F&& f) {
        return arena_.execute(std::forward<F>(f));
    }

private:
    int threads_;
    tbb::global_control allow_;
    tbb::task_arena arena_;
};

}  // namespace ambassim
