// Recorder: turns per-tick tallies into named trajectories and writes them,
// the snapshots and the provenance through H5Output (see recorder.hpp).
#include "sim/output/recorder.hpp"

#include "ambassim/version.hpp"
#include "models/programs.hpp"
#include "sim/output/background_writer.hpp"
#include "sim/output/hdf5_file.hpp"
#include "sim/scenario/scenario.hpp"
#include "sim/scenario/scenario_keys.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>
#include <stdexcept>

namespace ambassim {
namespace {

std::string join(const std::vector<std::string>& v, const char* sep) {
    std::string out;
    for (std::size_t i = 0; i < v.size(); ++i) out += (i ? sep : "") + v[i];
    return out;
}

}  // namespace

std::array<double, kQuantiles.size()> histogram_quantiles(const Histogram& h) {
    // One pass for all levels (ascending): the same cumulative counts, so the
    // same values as a per-level search (tests/sim/output/test_recorder.cpp).
    std::array<double, kQuantiles.size()> out;
    const double n = std::accumulate(h.begin(), h.end(), 0.0);
    if (n <= 0) {
        out.fill(std::numeric_limits<double>::quiet_NaN());
        return out;
    }
    std::size_t j = 0;
    double cum = 0;
    for (int b = 0; b < kBins && j < out.size(); ++b) {
        for (; j < out.size() && h[b] > 0 && cum + h[b] >= kQuantiles[j] * n; ++j)
            out[j] = (b + std::clamp((kQuantiles[j] * n - cum) / h[b], 0.0, 1.0)) / kBins;
        cum += h[b];
    }
    for (; j < out.size(); ++j) out[j] = 1.0;
    return out;
}

Recorder::Recorder(const World& world, const RecordConfig& config)
    : config_(config),
      defs_(recorded_series(config)),
      units_(static_cast<std::int64_t>(world.units.size())),
      employees_(world.params.organisation.employees),
      // The run's tick length: a world may still be in the coarse ticks of its warm-up.
      dt_days_(world.params.simulation.dt_days),
      dt_years_(world.params.simulation.dt_days / 365.0) {
    for (const SeriesDef* d : defs_)
        series_[d->path] = Series{d->units, d->description, series_dims(d->axes),
                                  series_tail(d->axes, static_cast<std::uint64_t>(units_)), {}};
    resolve_slots();
}

Recorder::Recorder(const Recorder& o)
    : config_(o.config_), defs_(o.defs_), units_(o.units_), employees_(o.employees_), dt_days_(o.dt_days_),
      dt_years_(o.dt_years_), ticks_(o.ticks_), series_(o.series_), snapshot_ticks_(o.snapshot_ticks_) {
    resolve_slots();
}

Recorder& Recorder::operator=(const Recorder& o) {
    if (this != &o) {
        Recorder copy(o);
        *this = std::move(copy);  // the implicit move keeps map nodes, so slots_ stay valid
    }
    return *this;
}

void Recorder::resolve_slots() {
    slots_.clear();
    for (const SeriesDef* d : defs_) slots_.push_back(&series_.at(d->path));
}

const std::vector<double>& Recorder::series(const std::string& path) const {
    auto it = series_.find(path);
    if (it == series_.end()) throw std::out_of_range("recorder: no series " + path);
    return it->second.data;
}

void Recorder::record(const TickStats& st) {
    ++ticks_;
    const SeriesContext ctx{st, dt_days_, dt_years_, employees_};
    for (std::size_t i = 0; i < defs_.size(); ++i) {
        std::vector<double>& data = slots_[i]->data;
        std::size_t width = 1;
        for (std::uint64_t n : slots_[i]->tail) width *= static_cast<std::size_t>(n);
        const std::size_t at = data.size();
        data.resize(at + width);
        const std::span<const double> previous =
            at ? std::span<const double>(data.data() + at - width, width) : std::span<const double>();
        defs_[i]->fill(ctx, previous, std::span<double>(data.data() + at, width));
    }
}

bool Recorder::snapshot_due(std::int64_t tick) const {
    return config_.snapshot_every > 0 && tick % config_.snapshot_every == 0 &&
           (config_.snapshot_employees || config_.snapshot_customers);
}

void Recorder::snapshot(const World& w, BackgroundWriter& writer) {
    if (snapshot_ticks_.empty()) write_snapshot_labels(w, writer);
    snapshot_ticks_.push_back(w.tick - w.warmup_ticks);
    auto append_floats = [&](std::string path, const std::vector<float>& v, DatasetMeta meta) {
        writer.submit([path = std::move(path), v, meta = std::move(meta)](H5Output& out) { out.append_row(path, v, meta); });
    };
    if (config_.snapshot_employees) {
        const auto& s = w.employees.cur;
        const std::pair<const char*, const std::vector<float>*> vars[] = {
            {"engagement", &s.engagement}, {"customer_focus", &s.customer_focus},
            {"ambassadorship", &s.ambassadorship}, {"experience", &s.experience}};
        for (const auto& [name, v] : vars)
            append_floats(std::string("/snapshots/employees/") + name, *v,
                          {"1", std::string(name) + " of every employee", {"snapshot", "employee"}});
        std::vector<std::int32_t> hired(w.employees.hire_tick);
        for (auto& h : hired) h -= static_cast<std::int32_t>(w.warmup_ticks);
        writer.submit([hired = std::move(hired)](H5Output& out) {
            out.append_row("/snapshots/employees/hire_tick", hired,
                           {"tick", "tick the employee in this slot was hired (<= 0: before the run)", {"snapshot", "employee"}});
        });
    }
    if (config_.snapshot_customers) {
        const auto& c = w.customers;
        append_floats("/snapshots/customers/satisfaction", c.satisfaction,
                      {"1", "satisfaction of every person (meaningful while active)", {"snapshot", "person"}});
        append_floats("/snapshots/customers/bond", c.bond,
                      {"1", "emotional bond of every person (meaningful while active)", {"snapshot", "person"}});
        std::vector<std::uint8_t> status(c.status.size());
        for (std::size_t i = 0; i < status.size(); ++i) status[i] = static_cast<std::uint8_t>(c.status[i]);
        writer.submit([status = std::move(status), ltr = c.ltr](H5Output& out) {
            out.append_row("/snapshots/customers/status", status,
                           {"code", "0 prospect, 1 active, 2 churned", {"snapshot", "person"}});
            out.append_row("/snapshots/customers/ltr", ltr,
                           {"score", "last likelihood to recommend (0-10)", {"snapshot", "person"}});
        });
    }
}

// Fixed per-slot labels, written once with the first snapshot: the role and
// unit of every employee slot and the unit of every person.
void Recorder::write_snapshot_labels(const World& w, BackgroundWriter& writer) const {
    if (config_.snapshot_employees) {
        std::vector<std::uint8_t> role(w.employees.size());
        for (std::size_t i = 0; i < role.size(); ++i) role[i] = static_cast<std::uint8_t>(w.employees.role[i]);
        std::vector<std::int32_t> unit(w.employees.unit.begin(), w.employees.unit.end());
        writer.submit([role = std::move(role), unit = std::move(unit)](H5Output& out) {
            out.write("/snapshots/employees/role", std::span<const std::uint8_t>(role), {role.size()},
                      {"code", "role of every employee slot: 0 front_line, 1 back_office, 2 manager", {"employee"}});
            out.write("/snapshots/employees/unit", std::span<const std::int32_t>(unit), {unit.size()},
                      {"index", "business unit of every employee slot", {"employee"}});
        });
    }
    if (config_.snapshot_customers) {
        std::vector<std::int32_t> unit(w.customers.size());
        for (std::size_t u = 0; u + 1 < w.people_begin.size(); ++u)
            std::fill(unit.begin() + w.people_begin[u], unit.begin() + w.people_begin[u + 1], static_cast<std::int32_t>(u));
        writer.submit([unit = std::move(unit)](H5Output& out) {
            out.write("/snapshots/customers/unit", std::span<const std::int32_t>(unit), {unit.size()},
                      {"index", "business unit serving every person", {"person"}});
        });
    }
}

void Recorder::write(H5Output& out) const {
    const auto T = static_cast<std::uint64_t>(ticks_);
    for (const auto& [path, s] : series_) {
        if (path == "/time/tick") {  // integral, stored as such
            std::vector<std::int64_t> ticks(s.data.begin(), s.data.end());
            out.write(path, std::span<const std::int64_t>(ticks), {T}, {s.units, s.description, s.dims});
            continue;
        }
        std::vector<std::uint64_t> dims{T};
        dims.insert(dims.end(), s.tail.begin(), s.tail.end());
        out.write(path, s.data, dims, {s.units, s.description, s.dims});
    }
    std::vector<std::string> roles(kRoleNames.begin(), kRoleNames.end());
    out.write_strings("/employees/role_names", roles, {"", "labels of the role axis", {"role"}});
    std::vector<std::string> programs(kProgramNames.begin(), kProgramNames.end());
    out.write_strings("/programs/program_names", programs, {"", "labels of the program axis", {"program"}});
    std::vector<std::string> families(kFamilyNames.begin(), kFamilyNames.end());
    out.write_strings("/programs/family_names", families, {"", "labels of the family axis", {"family"}});
    std::vector<double> q(kQuantiles.begin(), kQuantiles.end());
    out.write("/time/quantile_levels", q, {q.size()}, {"1", "levels of every quantile axis", {"quantile"}});
    if (!snapshot_ticks_.empty())
        out.write("/snapshots/tick", std::span<const std::int64_t>(snapshot_ticks_), {snapshot_ticks_.size()},
                  {"tick", "tick of each snapshot row", {"snapshot"}});
}

void write_provenance(H5Output& out, const Scenario& sc, const MarketPools& market, std::int64_t people) {
    out.set_attribute("/", "format", std::string("ambassim-run"));
    out.set_attribute("/", "format_version", std::int64_t{1});
    out.set_attribute("/", "ambassim_version", std::string(kVersion));
    out.set_attribute("/", "git_commit", std::string(kGitCommit));
    out.set_attribute("/", "seed", static_cast<std::int64_t>(sc.plan.seed));
    out.set_attribute("/", "replicate", sc.plan.replicate);
    out.set_attribute("/", "scenario_path", sc.path);
    out.set_attribute("/", "scenario_text", sc.text);
    out.set_attribute("/", "overrides", join(sc.overrides, "\n"));
    if (!sc.bases.empty()) {  // the `base =` chain, nearest first: its texts rebuild the scenario
        std::vector<std::string> paths, texts;
        for (const auto& b : sc.bases) paths.push_back(b.path), texts.push_back(b.text);
        out.write_strings("/scenario_bases/path", paths, {"", "files of the scenario's base chain, nearest first", {"base"}});
        out.write_strings("/scenario_bases/text", texts, {"", "each base file's text, byte for byte as read", {"base"}});
    }
    out.set_attribute("/", "strategy", sc.params.strategy.name);
    visit_params(sc.params, [&](const auto& field, const ParamMeta& m) {
        using T = std::decay_t<decltype(field)>;
        if constexpr (std::is_same_v<T, std::string>)
            out.set_attribute("/parameters", m.key, field);
        else if constexpr (std::is_same_v<T, double>)
            out.set_attribute("/parameters", m.key, field);
        else
            out.set_attribute("/parameters", m.key, static_cast<std::int64_t>(field));
    });
    out.set_attribute("/parameters", "customers.prospects_resolved", market.prospects);
    out.set_attribute("/parameters", "customers.former_resolved", market.former);
    out.set_attribute("/parameters", "customers.people", people);
    out.set_attribute("/parameters", "customers.market_short", std::int64_t{market.short_of_reserve ? 1 : 0});
    // What was recorded (the thread count is deliberately absent: it never changes results).
    const RecordConfig& r = sc.record;
    out.set_attribute("/parameters", "output.snapshot_every", r.snapshot_every);
    out.set_attribute("/parameters", "output.snapshot_employees", std::int64_t{r.snapshot_employees});
    out.set_attribute("/parameters", "output.snapshot_customers", std::int64_t{r.snapshot_customers});
    out.set_attribute("/parameters", "output.unit_series", std::int64_t{r.unit_series});
    out.set_attribute("/parameters", "output.quantiles", std::int64_t{r.quantiles});
    const auto& ph = sc.params.strategy.phases;
    std::vector<double> phases;
    std::string fields;
    for (const auto& p : ph)
        visit_phase(p, [&](const double& x, const ParamMeta&) { phases.push_back(x); });
    AllocationPhase probe;
    std::size_t width = 0;
    visit_phase(probe, [&](const double&, const ParamMeta& m) {
        fields += (width++ ? ", " : "") + std::string(m.key);
    });
    out.write("/parameters/strategy_phases", phases, {ph.size(), width},
              {"days, 1", "custom strategy phases: " + fields, {"phase", "field"}});
}

}  // namespace ambassim
