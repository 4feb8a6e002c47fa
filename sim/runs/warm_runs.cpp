// Warmed worlds reused across evaluations (see warm_runs.hpp).
#include "sim/runs/warm_runs.hpp"

#include "sim/engine/engine.hpp"
#include "sim/engine/run_arena.hpp"

#include <tbb/parallel_for.h>

namespace ambassim {

struct WarmedReplicates::Impl {
    std::int64_t threads = 0;
    std::vector<World> worlds;
};

WarmedReplicates::WarmedReplicates(const Scenario& sc, std::int64_t first, std::int64_t count)
    : impl_(std::make_unique<Impl>()) {
    impl_->threads = sc.plan.threads;
    impl_->worlds.resize(static_cast<std::size_t>(count));
    RunArena arena(sc.plan.threads);
    arena.execute([&] {
        tbb::parallel_for(std::size_t{0}, impl_->worlds.size(), [&](std::size_t k) {
            tbb::this_task_arena::isolate([&] {
                World& w = impl_->worlds[k];
                w = build_world(sc.params, sc.plan.seed, static_cast<std::uint64_t>(first) + k);
                warm_up(w);
            });
        });
    });
}

WarmedReplicates::~WarmedReplicates() = default;

std::int64_t WarmedReplicates::count() const { return static_cast<std::int64_t>(impl_->worlds.size()); }

ComparisonData WarmedReplicates::run(const Scenario& sc, const std::vector<std::string>& strategies) const {
    RunArena arena(impl_->threads);
    return arena.execute([&] {
        return run_comparison_chunked(sc, strategies, impl_->worlds, sc.params.simulation.ticks, {});
    });
}

}  // namespace ambassim
