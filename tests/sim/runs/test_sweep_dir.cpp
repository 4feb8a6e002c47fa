// Sweep directories: shards partition the points, the directory is pinned to
// one sweep, point completeness is read from the file and clear_point removes
// exactly the leftovers of killed runs.
#include "sim/output/hdf5_file.hpp"
#include "sim/runs/sweep_dir.hpp"
#include "temp_dir.hpp"

#include <catch2/catch.hpp>

#include <fstream>
#include <optional>
#include <span>
#include <set>

using namespace ambassim;
using ambassim::testing::TempDir;
namespace fs = std::filesystem;

namespace {
SweepSpec spec_with(const std::string& extra) {
    SweepSpec s = parse_sweep_spec("[sweep]\nbase = \"b.toml\"\ndesign = \"grid\"\n" + extra +
                                       "[[sweep.parameters]]\nkey = \"customers.churn_per_year\"\nvalues = [0.1, 0.2]\n",
                                   "s.toml", "");
    s.base_text = "# base\n";
    return s;
}
// A point file as `ambassim sweep` writes it for `plan` (what point_complete
// checks), with `value` as the first factor's value.
void write_point(const fs::path& file, std::int64_t point, std::int64_t complete, const SweepPlan& plan,
                 std::optional<double> value = {}, std::int64_t replicates = 0) {
    H5Output out(file, true);
    out.set_attribute("/", "sweep_point", point);
    out.set_attribute("/", "complete", complete);
    out.set_attribute("/", "replicates", replicates > 0 ? replicates : plan.replicates);
    std::vector<std::string> names;
    for (const auto& f : plan.factors) names.push_back(f.name);
    const auto row = plan.design.row(static_cast<std::size_t>(point) % plan.points());
    std::vector<double> values(row.begin(), row.end());
    if (value) values[0] = *value;
    out.write_strings("/sweep/factors", names, {});
    out.write("/sweep/values", values, {values.size()}, {});
    out.write_strings("/strategies", plan.strategies, {});
    const auto T = static_cast<std::size_t>(plan.base.params.simulation.ticks);
    std::vector<std::int64_t> tick(T, 1);
    out.write("/time/tick", std::span<const std::int64_t>(tick), {T}, {});
    out.commit();
}
}  // namespace

TEST_CASE("sweep dir: shards partition the points round-robin") {
    std::multiset<std::size_t> all;
    for (std::size_t k = 1; k <= 4; ++k)
        for (std::size_t p : shard_points(10, k, 4)) all.insert(p);
    CHECK(all == std::multiset<std::size_t>{0, 1, 2, 3, 4, 5, 6, 7, 8, 9});
    CHECK(shard_points(10, 2, 4) == std::vector<std::size_t>{1, 5, 9});
    CHECK(shard_points(3, 1, 1) == std::vector<std::size_t>{0, 1, 2});
}

TEST_CASE("sweep dir: a directory holds one sweep") {
    TempDir tmp("sweep-dir");
    const fs::path dir = tmp / "d";
    SweepDirectory first(dir, spec_with(""), true);
    CHECK(fs::exists(dir / "sweep.toml"));
    CHECK(fs::exists(dir / "base.toml"));
    CHECK(fs::is_directory(dir / "points"));
    SweepDirectory again(dir, spec_with(""), true);  // the same sweep: fine
    CHECK_THROWS_WITH(SweepDirectory(dir, spec_with("replicates = 2\n"), true),
                      "sweep directory `" + dir.string() +
                          "` holds a different sweep (sweep.toml differs); use another directory or delete it");
    const SweepSpec read = SweepDirectory::read_spec(dir);
    CHECK(read.text == spec_with("").text);
    CHECK(read.base_text == "# base\n");
    CHECK(first.point_file(12) == dir / "points/p000012.h5");
}

TEST_CASE("sweep dir: completeness and clearing of points") {
    TempDir tmp("sweep-dir");
    const SweepSpec spec = spec_with("");
    const SweepPlan plan = make_sweep_plan(spec);
    SweepDirectory d(tmp / "d", spec, true);
    CHECK_FALSE(d.point_complete(0, plan));
    write_point(d.point_file(0), 0, 1, plan);
    write_point(d.point_file(1), 1, 0, plan);   // incomplete
    write_point(d.point_file(2), 7, 1, plan);   // another point's file
    std::ofstream(d.point_file(3)) << "not HDF5";
    std::ofstream(d.point_file(0).string() + ".tmp-123") << "leftover";
    CHECK(d.point_complete(0, plan));
    CHECK_FALSE(d.point_complete(1, plan));
    CHECK_FALSE(d.point_complete(2, plan));
    CHECK_FALSE(d.point_complete(3, plan));
    for (std::size_t p = 0; p < 4; ++p) d.clear_point(p);
    CHECK(fs::exists(d.point_file(0)));  // complete: kept
    CHECK_FALSE(fs::exists(d.point_file(0).string() + ".tmp-123"));
    CHECK_FALSE(fs::exists(d.point_file(1)));
    CHECK_FALSE(fs::exists(d.point_file(2)));
    CHECK_FALSE(fs::exists(d.point_file(3)));
}

TEST_CASE("sweep dir: a complete point file of another sweep is refused, not taken as the point") {
    TempDir tmp("sweep-dir");
    const SweepSpec spec = spec_with("");
    const SweepPlan plan = make_sweep_plan(spec);
    SweepDirectory d(tmp / "d", spec, true);
    const std::string prefix = "sweep directory `" + (tmp / "d").string() + "`: points/p000001.h5 is not point 1 of this sweep (";
    const std::string suffix = "); it was copied from another sweep: move it away and run the sweep again";
    write_point(d.point_file(1), 1, 1, plan, 0.3);  // another factor value
    CHECK_THROWS_WITH(d.point_complete(1, plan), prefix + "its factor values differ" + suffix);
    write_point(d.point_file(1), 1, 1, plan, {}, plan.replicates + 1);
    CHECK_THROWS_WITH(d.point_complete(1, plan), prefix + "its replicates differ" + suffix);
    SweepPlan fewer_ticks = plan;
    fewer_ticks.base.params.simulation.ticks = 10;
    write_point(d.point_file(1), 1, 1, fewer_ticks);
    CHECK_THROWS_WITH(d.point_complete(1, plan), prefix + "its ticks differ" + suffix);
    SweepPlan other_strategies = plan;
    other_strategies.strategies = {"none", "balanced"};
    write_point(d.point_file(1), 1, 1, other_strategies);
    CHECK_THROWS_WITH(d.point_complete(1, plan), prefix + "its strategies differ" + suffix);
    write_point(d.point_file(1), 1, 1, plan);
    CHECK(d.point_complete(1, plan));
}
