// Tests for sim/runs/sweep_run.cpp: a sweep's run through a scheduler (what
// the CLI's MPI ranks use) gives every pending point once and exactly the
// results of the local run; pending points skip nothing and add nothing.
#include "sim/runs/sweep_run.hpp"
#include "temp_dir.hpp"

#include <catch2/catch.hpp>

#include <map>
#include <mutex>

using namespace ambassim;

namespace {
SweepSpec tiny_spec() {
    SweepSpec spec = parse_sweep_spec(R"([sweep]
base = "b.toml"
design = "grid"
strategies = ["none", "engagement_first"]
replicates = 2
[[sweep.parameters]]
key = "customers.needs_per_year"
values = [6.0, 12.0, 24.0, 36.0]
)",
                                      "s.toml", "");
    spec.base_text = "[simulation]\nticks = 10\nwarmup_days = 4\n[organisation]\nemployees = 40\nunits = 2\n"
                     "[customers]\ncustomers = 300\n";
    return spec;
}

using Results = std::map<std::size_t, std::vector<double>>;

Results run(const SweepPlan& plan, const SweepDirectory& dir, const std::vector<std::size_t>& points,
            const PointScheduler& scheduler, std::size_t& finished) {
    Results out;
    std::mutex m;
    SweepProgress progress;
    SweepRunOptions options{2, nullptr, scheduler};
    finished = run_sweep(plan, dir, points, options,
                         [&](std::size_t p, const Scenario&, const ComparisonData& d) {
                             std::lock_guard lock(m);
                             CHECK(out.count(p) == 0);
                             out[p] = d.series.at("/customers/served").data;
                         },
                         progress);
    return out;
}
}  // namespace

TEST_CASE("sweep run: a scheduler gets the pending points and gives the local results") {
    ambassim::testing::TempDir tmp("sweep-run");
    const SweepSpec spec = tiny_spec();
    const SweepPlan plan = make_sweep_plan(spec);
    const SweepDirectory dir(tmp.path / "d", spec, true);
    const SweepPending all = pending_points(plan, dir, SweepShard{});
    CHECK(all.points == std::vector<std::size_t>{0, 1, 2, 3});
    CHECK(all.complete_before == 0);
    CHECK(pending_points(plan, dir, SweepShard{2, 3}).points == std::vector<std::size_t>{1});

    std::size_t local_done = 0, scheduled_done = 0;
    const Results local = run(plan, dir, all.points, {}, local_done);
    std::vector<std::size_t> handed;
    // A scheduler that runs points in reverse order on the calling thread.
    const PointScheduler reverse = [&](const std::vector<std::size_t>& pts, const std::function<bool(std::size_t)>& f) {
        for (auto it = pts.rbegin(); it != pts.rend(); ++it) {
            handed.push_back(*it);
            CHECK(f(*it));
        }
    };
    const Results scheduled = run(plan, dir, all.points, reverse, scheduled_done);
    CHECK(local_done == 4);
    CHECK(scheduled_done == 4);
    CHECK(handed == std::vector<std::size_t>{3, 2, 1, 0});
    CHECK(local == scheduled);
    CHECK(local.at(0) != local.at(3));  // the factor matters
}
