// How one run is executed: seed, replicate, threads and output, plus what to
// record. Kept apart from the model's Params: the same Params run under many
// plans (replicates, seeds, thread counts) give comparable results.
#pragma once

#include <cstdint>
#include <string>

namespace ambassim {

struct RunPlan {
    std::uint64_t seed = 1;
    std::int64_t replicate = 0;
    std::int64_t threads = 0;  // 0 = all cores
    std::string output;        // empty = derived from the scenario file name
    bool force = false;        // overwrite an existing output
};

// What the recorder writes (FLAME GPU 2's LoggingConfig, Agents.jl's adata).
struct RecordConfig {
    std::int64_t snapshot_every = 0;   // per-agent snapshots every K ticks; 0 = off
    bool snapshot_employees = true;
    bool snapshot_customers = true;
    bool unit_series = true;           // per-unit trajectories [tick x unit]
    bool quantiles = true;             // p10/p25/p50/p75/p90 of agent states
};

}  // namespace ambassim
