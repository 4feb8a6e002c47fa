// One classroom comparison, live: warmed-up worlds from a cache keyed by the
// parameters that define the world (so moving a strategy control reuses the
// warm-up), the runs in lockstep chunks of a few simulated weeks
// (sim/runs/compare.hpp run_comparison_chunked), and after each chunk the
// page's JSON: mean trajectories of both strategies, the paired difference
// with its 95% band, and the one-sentence reading from the comparison
// verdicts (analysis/compare), which never claims a difference whose
// interval spans zero.
#pragma once

#include "sim/serve/classroom.hpp"

#include <atomic>
#include <cstdint>
#include <functional>
#include <list>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

namespace ambassim {
struct World;
struct ComparisonData;
}  // namespace ambassim

namespace ambassim::serve {

class WorldCache {
public:
    explicit WorldCache(std::size_t capacity = 3) : capacity_(capacity) {}
    // The warmed-up worlds of `scenario` (replicates 0..R-1), computed in the
    // caller's arena when missing; nullptr if stopped meanwhile. `hit` tells
    // whether they came from the cache.
    std::shared_ptr<const std::vector<World>> get(const Scenario& scenario, std::int64_t replicates,
                                                  const std::atomic<bool>* stop, bool* hit = nullptr);
    // Every key the world and its warm-up depend on, with its value: all but
    // [strategy], [programs], [compare], [output], the horizon and run settings other than the seed.
    static std::string key(const Scenario& scenario, std::int64_t replicates);

private:
    std::size_t capacity_;
    std::mutex mutex_;
    std::list<std::pair<std::string, std::shared_ptr<const std::vector<World>>>> entries_;  // most recent first
};

// Ticks per chunk: about four simulated weeks.
std::int64_t chunk_ticks(double dt_days);

// The page's JSON for the data so far (`final` once complete).
std::string result_json(const ComparisonData& data, const Request& request, bool final, double elapsed_seconds);

// Runs the request's comparison in a TBB arena of `threads` threads (0 = all
// cores), calling emit(json, final) after every chunk; returns false if stopped.
bool run_live(const Request& request, WorldCache& cache, int threads,
              const std::function<void(const std::string& json, bool final)>& emit, const std::atomic<bool>* stop);

}  // namespace ambassim::serve
