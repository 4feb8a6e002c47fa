// Sweep directories (see sweep_dir.hpp).
#include "sim/runs/sweep_dir.hpp"

#include "ambassim/version.hpp"
#include "sim/output/hdf5_file.hpp"
#include "sim/util/atomic_file.hpp"
#include "sim/scenario/param_check.hpp"
#include "sim/util/text_input.hpp"

#include <unistd.h>

#include <cmath>
#include <cstdio>
#include <fstream>
#include <optional>
#include <type_traits>
#include <system_error>

namespace ambassim {

namespace fs = std::filesystem;

namespace {

// Writes `text` to `file` via a temporary name; if `file` exists (another
// shard got there first, or an earlier run) it must hold the same text.
void pin_text(const fs::path& file, const std::string& text, const fs::path& dir) {
    if (fs::exists(file)) {
        if (read_scenario_file(file) != text)
            throw InputError("sweep directory `" + dir.string() + "` holds a different sweep (" + file.filename().string() +
                             " differs); use another directory or delete it");
        return;
    }
    // Never replaces: a shard that pinned the same file first wins the race,
    // and its copy must then hold the same text.
    AtomicFile out(file, false);
    out.write(text);
    try {
        out.commit();
    } catch (const OutputError&) {
        if (fs::exists(file) && read_scenario_file(file) == text) return;
        throw;
    }
}

// What in a point file's recorded input (its provenance: build, parameters,
// seed, scenario text, overrides and base chain) differs from the scenario the
// plan runs at that point; "" if nothing does. A point copied from a sweep
// with the same factors and values but another base scenario, seed or build
// has the same design row and must still be refused.
std::string recorded_input_difference(const H5Input& in, const Scenario& s) {
    auto text_attribute = [&](const std::string& object, const std::string& name) -> std::optional<std::string> {
        if (!in.has_attribute(object, name)) return std::nullopt;
        try {
            return in.attribute_string(object, name);
        } catch (const OutputError&) {
            return std::nullopt;
        }
    };
    const auto commit = text_attribute("/", "git_commit");
    if (commit != std::string(kGitCommit))
        return "it was written by build `" + printable(commit.value_or("?"), 60) + "`, this is build `" + kGitCommit + "`";
    std::string difference;
    auto differs = [&](const std::string& key, const std::string& recorded, const std::string& planned) {
        if (difference.empty() && recorded != planned)
            difference = "its `" + key + "` is " + printable(recorded, 60) + ", this sweep's is " + printable(planned, 60);
    };
    visit_params(s.params, [&](const auto& field, const ParamMeta& m) {
        using T = std::decay_t<decltype(field)>;
        const std::string key = m.key;
        if (!difference.empty()) return;
        if (!in.has_attribute("/parameters", key)) {
            difference = "its parameters lack `" + key + "`";
            return;
        }
        try {
            if constexpr (std::is_same_v<T, std::string>)
                differs(key, in.attribute_string("/parameters", key), field);
            else if constexpr (std::is_same_v<T, double>) {
                const double recorded = in.attribute_double("/parameters", key);
                if (!(recorded == field) && !(std::isnan(recorded) && std::isnan(field)))
                    differs(key, format_number(recorded), format_number(field));
            } else
                differs(key, std::to_string(in.attribute_int("/parameters", key)), std::to_string(static_cast<std::int64_t>(field)));
        } catch (const OutputError&) {
            difference = "its parameter `" + key + "` has another type";
        }
    });
    if (!difference.empty()) return difference;
    auto int_attribute = [&](const std::string& name) -> std::optional<std::int64_t> {
        try {
            return in.has_attribute("/", name) ? std::optional(in.attribute_int("/", name)) : std::nullopt;
        } catch (const OutputError&) {
            return std::nullopt;
        }
    };
    if (int_attribute("seed") != static_cast<std::int64_t>(s.plan.seed)) return "its seed differs";
    if (int_attribute("replicate") != s.plan.replicate) return "its `run.replicate` differs";
    if (text_attribute("/", "scenario_text") != s.text) return "its recorded base scenario text differs";
    std::string overrides;
    for (const auto& o : s.overrides) overrides += (overrides.empty() ? "" : "\n") + o;
    if (text_attribute("/", "overrides") != overrides) return "its recorded overrides differ";
    std::vector<std::string> bases;
    for (const auto& b : s.bases) bases.push_back(b.text);
    const bool has_bases = in.exists("/scenario_bases/text");
    if (has_bases != !bases.empty() || (has_bases && in.read_strings("/scenario_bases/text") != bases))
        return "its recorded base chain differs";
    return "";
}

}  // namespace

SweepDirectory::SweepDirectory(fs::path dir, const SweepSpec& spec, bool create) : dir_(std::move(dir)) {
    if (!create) return;
    std::error_code ec;
    if (fs::exists(dir_) && !fs::is_directory(dir_))
        throw OutputError("sweep directory `" + dir_.string() + "` exists and is not a directory");
    fs::create_directories(dir_ / "points", ec);
    if (ec) throw OutputError("cannot create sweep directory `" + dir_.string() + "`: " + ec.message());
    if (::access(dir_.c_str(), W_OK) != 0 || ::access((dir_ / "points").c_str(), W_OK) != 0)
        throw OutputError("sweep directory `" + dir_.string() + "` is not writable");
    // The base first: a directory whose sweep.toml exists is always complete.
    pin_text(dir_ / "base.toml", spec.base_text, dir_);
    for (std::size_t i = 0; i < spec.base_texts.size(); ++i) pin_text(dir_ / pinned_base_name(i), spec.base_texts[i], dir_);
    pin_text(dir_ / "sweep.toml", spec.text, dir_);
}

SweepSpec SweepDirectory::read_spec(const fs::path& dir) {
    if (!fs::is_directory(dir)) throw InputError("`" + dir.string() + "` is not a sweep directory (no such directory)");
    if (!fs::exists(dir / "sweep.toml") || !fs::exists(dir / "base.toml"))
        throw InputError("`" + dir.string() + "` is not a sweep directory (no sweep.toml and base.toml)");
    return load_sweep_spec(dir / "sweep.toml", dir / "base.toml");
}

std::string SweepDirectory::point_name(std::size_t point) {
    char name[32];
    std::snprintf(name, sizeof name, "points/p%06zu.h5", point);
    return name;
}

fs::path SweepDirectory::point_file(std::size_t point) const { return dir_ / point_name(point); }

bool SweepDirectory::file_complete(std::size_t point) const {
    const fs::path file = point_file(point);
    if (!fs::exists(file)) return false;
    try {
        H5Input in(file);
        return in.has_attribute("/", "complete") && in.attribute_int("/", "complete") == 1 &&
               in.has_attribute("/", "sweep_point") &&
               in.attribute_int("/", "sweep_point") == static_cast<std::int64_t>(point);
    } catch (const std::exception&) {
        return false;
    }
}

bool SweepDirectory::point_complete(std::size_t point, const SweepPlan& plan) const {
    if (!file_complete(point)) return false;
    const fs::path file = point_file(point);
    const H5Input in(file);
    auto refuse = [&](const std::string& what) {
        throw InputError("sweep directory `" + dir_.string() + "`: " + point_name(point) + " is not point " +
                         std::to_string(point) + " of this sweep (" + what +
                         "); it was copied from another sweep: move it away and run the sweep again");
    };
    std::vector<std::string> names;
    for (const auto& f : plan.factors) names.push_back(f.name);
    if (!in.exists("/sweep/factors") || in.read_strings("/sweep/factors") != names) refuse("its varied keys differ");
    const auto row = plan.design.row(point);
    if (!in.exists("/sweep/values") || in.read_double("/sweep/values") != std::vector<double>(row.begin(), row.end()))
        refuse("its factor values differ");
    if (!in.exists("/strategies") || in.read_strings("/strategies") != plan.strategies) refuse("its strategies differ");
    if (!in.has_attribute("/", "replicates") || in.attribute_int("/", "replicates") != plan.replicates)
        refuse("its replicates differ");
    if (!in.exists("/time/tick") ||
        in.dims("/time/tick") != std::vector<std::uint64_t>{static_cast<std::uint64_t>(plan.base.params.simulation.ticks)})
        refuse("its ticks differ");
    if (const std::string d = recorded_input_difference(in, plan.point_scenario(point)); !d.empty()) refuse(d);
    return true;
}

void SweepDirectory::clear_point(std::size_t point) const {
    const fs::path file = point_file(point);
    const std::string prefix = file.filename().string() + ".tmp-";
    std::error_code ec;
    for (const auto& entry : fs::directory_iterator(file.parent_path(), ec))
        if (entry.path().filename().string().starts_with(prefix)) fs::remove(entry.path(), ec);
    if (fs::exists(file) && !file_complete(point)) fs::remove(file, ec);
}

std::vector<std::size_t> shard_points(std::size_t points, std::size_t shard, std::size_t shards) {
    std::vector<std::size_t> out;
    for (std::size_t p = shard - 1; p < points; p += shards) out.push_back(p);
    return out;
}

}  // namespace ambassim
