// Worlds warmed up once and run many times: what calibration and plan
// optimisation need when only strategy or program parameters change between
// evaluations (the warm-up runs under `none` and does not depend on them).
// Everything stays in memory: no file is read or written per evaluation.
#pragma once

#include "sim/runs/compare.hpp"
#include "sim/scenario/scenario.hpp"

#include <atomic>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

namespace ambassim {

class WarmedReplicates {
public:
    // Builds and warms up replicates first_replicate .. first_replicate + count - 1
    // of (scenario.params, scenario.plan.seed), in parallel in an arena of
    // scenario.plan.threads threads. Replicate numbers select the random
    // streams: disjoint ranges give independent worlds (fresh seeds).
    WarmedReplicates(const Scenario& scenario, std::int64_t first_replicate, std::int64_t count);
    ~WarmedReplicates();
    WarmedReplicates(const WarmedReplicates&) = delete;
    WarmedReplicates& operator=(const WarmedReplicates&) = delete;

    // Runs `strategies` (names set_strategy knows; "custom" runs
    // scenario.params.strategy.phases) from copies of the warmed worlds with
    // scenario.params (which may differ from the warm-up's only in what the
    // warm-up does not read: [strategy], [programs]). Bit-identical at any
    // thread count.
    ComparisonData run(const Scenario& scenario, const std::vector<std::string>& strategies) const;
    std::int64_t count() const;

private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

}  // namespace ambassim
