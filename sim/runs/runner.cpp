// run_scenario: build the world, warm it up, step it inside a TBB arena of
// the requested size, record every tick, write provenance and trajectories,
// and commit the file (renamed from its temporary name only when written).
#include "sim/runs/runner.hpp"

#include "sim/output/background_writer.hpp"
#include "sim/engine/engine.hpp"
#include "sim/output/hdf5_file.hpp"
#include "sim/output/recorder.hpp"
#include "sim/engine/run_arena.hpp"


#include <chrono>

namespace ambassim {

RunSummary run_scenario(const Scenario& scenario, const ProgressFn& progress, const std::atomic<bool>* stop) {
    const auto t0 = std::chrono::steady_clock::now();
    RunArena arena(scenario.plan.threads);
    H5Output out(scenario.plan.output, scenario.plan.force);  // refuses an existing output before any work
    World world = arena.execute([&] {
        return build_world(params_for_strategy(scenario, scenario.params.strategy.name), scenario.plan.seed, static_cast<std::uint64_t>(scenario.plan.replicate));
    });
    Recorder recorder(world, scenario.record);
    BackgroundWriter writer(out);  // snapshots are written while the next ticks run
    const std::int64_t total = world.warmup_ticks + scenario.params.simulation.ticks;
    auto stopped = [&] { return stop && stop->load(); };
    // The whole loop runs inside the arena, on this thread (the arena's
    // reserved slot), so recording and progress stay on the calling thread.
    const bool complete = arena.execute([&] {
        return advance(world, total, stopped, [&](const TickStats& st) {
            if (st.tick > 0) {  // warm-up ticks are not recorded
                recorder.record(st);
                if (recorder.snapshot_due(st.tick)) recorder.snapshot(world, writer);
            }
            if (progress) progress(world.tick, total);
        });
    });
    writer.drain();  // from here on this thread writes the file again
    // The market's pools as the recorded run started (set after the warm-up).
    write_provenance(out, scenario, MarketPools{world.prospects_at_start, world.former_at_start, 0, world.market_short},
                     static_cast<std::int64_t>(world.customers.size()));
    recorder.write(out);
    out.set_attribute("/", "complete", std::int64_t{complete ? 1 : 0});
    out.set_attribute("/", "ticks_run", recorder.ticks());
    out.commit();

    RunSummary s;
    s.output = scenario.plan.output;
    s.complete = complete;
    s.ticks_run = recorder.ticks();
    s.market_short = world.market_short;
    s.wall_seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    return s;
}

}  // namespace ambassim
