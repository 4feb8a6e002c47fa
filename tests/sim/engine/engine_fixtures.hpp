// Small worlds shared by the engine tests (not a test file itself).
#pragma once

#include "sim/engine/engine.hpp"

#include <tbb/task_arena.h>

namespace ambassim::testing {

inline Params small_params(const char* strategy = "none") {
    Params p;
    p.organisation.employees = 300;
    p.organisation.units = 3;
    p.customers.customers = 3000;
    p.simulation.ticks = 60;
    p.strategy.name = strategy;
    p.simulation.warmup_days = 0;  // tests that need a steady state turn it on
    return p;
}

// Builds and runs a world for `ticks` ticks with `threads` threads.
struct Run {
    World world;
    std::vector<TickStats> stats;
};

inline Run run_world(const Params& p, int threads, std::int64_t ticks, std::uint64_t seed = 11,
                     std::uint64_t replicate = 0) {
    tbb::task_arena arena(threads);
    Run r{arena.execute([&] {
              World w = build_world(p, seed, replicate);
              warm_up(w);
              return w;
          }),
          {}};
    for (std::int64_t t = 0; t < ticks; ++t) r.stats.push_back(arena.execute([&] { return step(r.world); }));
    return r;
}

}  // namespace ambassim::testing
