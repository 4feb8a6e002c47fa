// Sweep directories: shards partition the points, the directory is pinned to
// one sweep, point completeness is read from the file and clear_point removes
// exactly the leftovers of killed runs.
#include "sim/output/hdf5_file.hpp"
#include "sim/output/recorder.hpp"
#include "sim/runs/sweep_dir.hpp"
#include "sim/scenario/param_check.hpp"
#include "temp_dir.hpp"

#include <catch2/catch.hpp>

#include <fstream>
#include <functional>
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
// checks), with `value` as the first factor's value; `edit` changes it last
// (e.g. another build's git_commit).
void write_point(const fs::path& file, std::int64_t point, std::int64_t complete, const SweepPlan& plan,
                 std::optional<double> value = {}, std::int64_t replicates = 0,
                 const std::function<void(H5Output&)>& edit = {}) {
    H5Output out(file, true);
    write_provenance(out, plan.point_scenario(static_cast<std::size_t>(point) % plan.points()), MarketPools{}, 0);
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
    if (edit) edit(out);
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

TEST_CASE("sweep dir: a point with the same design row but another recorded input is refused") {
    // Same factors and values: only the provenance tells the point apart.
    TempDir tmp("sweep-dir");
    SweepSpec spec = spec_with("");
    spec.base_text = "[customers]\ncustomers = 500\n";
    const SweepPlan plan = make_sweep_plan(spec);
    SweepDirectory d(tmp / "d", spec, true);
    const std::string prefix = "sweep directory `" + (tmp / "d").string() + "`: points/p000001.h5 is not point 1 of this sweep (";
    const std::string suffix = "); it was copied from another sweep: move it away and run the sweep again";
    auto refused_for = [&](const SweepSpec& other_spec, const std::function<void(H5Output&)>& edit = {}) {
        write_point(d.point_file(1), 1, 1, make_sweep_plan(other_spec), {}, 0, edit);
        try {
            d.point_complete(1, plan);
        } catch (const InputError& e) {
            const std::string m = e.what();
            REQUIRE(m.starts_with(prefix));
            REQUIRE(m.ends_with(suffix));
            return m.substr(prefix.size(), m.size() - prefix.size() - suffix.size());
        }
        return std::string("accepted");
    };
    SweepSpec other_base = spec;
    other_base.base_text = "[customers]\ncustomers = 800\n";
    CHECK(refused_for(other_base) == "its `customers.customers` is 800, this sweep's is 500");
    SweepSpec comment_only = spec;
    comment_only.base_text = "# another file\n[customers]\ncustomers = 500\n";
    CHECK(refused_for(comment_only) == "its recorded base scenario text differs");
    SweepSpec other_seed = spec;
    other_seed.base_text = "[run]\nseed = 7\n[customers]\ncustomers = 500\n";
    CHECK(refused_for(other_seed) == "its seed differs");
    SweepSpec other_set = spec_with("[sweep.set]\n\"market.bass_p_per_year\" = 0.25\n");
    other_set.base_text = spec.base_text;
    CHECK(refused_for(other_set) == "its `market.bass_p_per_year` is 0.25, this sweep's is " +
                                        format_number(plan.base.params.market.bass_p_per_year));
    CHECK(refused_for(spec, [](H5Output& out) { out.set_attribute("/", "git_commit", std::string("0123abcd")); })
              .starts_with("it was written by build `0123abcd`, this is build `"));
    CHECK(refused_for(spec, [](H5Output& out) { out.set_attribute("/", "overrides", std::string("x=1")); }) ==
          "its recorded overrides differ");
    CHECK(refused_for(spec) == "accepted");
}
