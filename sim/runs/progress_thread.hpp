// Progress of long work reported from a helper thread: `report(counter,
// total)` once before work() starts (so a bar shows 0 of total at once, however
// short the work) and then about ten times a second while `work()` runs on the
// calling thread (never concurrently with itself, and not after work() returned
// or threw).
// Used by comparisons and sweeps, whose workers only bump an atomic counter.
#pragma once

#include "sim/runs/runner.hpp"

#include <atomic>
#include <chrono>
#include <cstdint>
#include <thread>

namespace ambassim {

template <class Work>
decltype(auto) with_progress_thread(const ProgressFn& report, const std::atomic<std::int64_t>& counter,
                                    std::int64_t total, Work&& work) {
    if (report) report(counter.load(), total);
    std::atomic<bool> finished{false};
    std::thread reporter([&] {
        while (!finished) {
            std::this_thread::sleep_for(std::chrono::milliseconds(100));
            if (report && !finished) report(counter.load(), total);
        }
    });
    struct Join {  // also when work() throws
        std::atomic<bool>& finished;
        std::thread& reporter;
        ~Join() {
            finished = true;
            reporter.join();
        }
    } join{finished, reporter};
    return work();
}

}  // namespace ambassim
