// Recorder: turns per-tick tallies into named trajectories and writes them,
// the snapshots and the provenance through H5Output (see recorder.hpp).
#include "sim/output/recorder.hpp"

#include "ambassim/version.hpp"
#include "models/programs.hpp"
#include "sim/output/background_writer.hpp"
#include "sim/output/hdf5_file.hpp"
#include "sim/scenario/scenario.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>
#include <stdexcept>

namespace ambassim {
namespace {

double ratio(double a, double b) { return b > 0 ? a / b : std::numeric_limits<double>::quiet_NaN(); }

std::string join(const std::vector<std::string>& v, const char* sep) {
    std::string out;
    for (std::size_t i = 0; i < v.size(); ++i) out += (i ? sep : "") + v[i];
    return out;
}

}  // namespace

double histogram_quantile(const Histogram& h, double q) {
    const double n = std::accumulate(h.begin(), h.end(), 0.0);
    if (n <= 0) return std::numeric_limits<double>::quiet_NaN();
    const double target = q * n;
    double cum = 0;
    for (int b = 0; b < kBins; ++b) {
        if (h[b] > 0 && cum + h[b] >= target)
            return (b + std::clamp((target - cum) / h[b], 0.0, 1.0)) / kBins;
        cum += h[b];
    }
    return 1.0;
}

std::array<double, kQuantiles.size()> histogram_quantiles(const Histogram& h) {
    // One pass for all levels (ascending): the same cumulative counts, so the
    // same values as histogram_quantile level by level.
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
      units_(static_cast<std::int64_t>(world.units.size())),
      employees_(world.params.organisation.employees),
      dt_days_(world.dt_days),
      dt_years_(world.dt_years) {
    define_series();
}

void Recorder::define(const std::string& path, const std::string& units, const std::string& description,
                      std::vector<std::string> dims, std::vector<std::uint64_t> tail) {
    series_[path] = Series{units, description, std::move(dims), std::move(tail), {}};
}

template <class PathFn>
void Recorder::put(PathFn&& path, double value) {
    if (replaying_) {
        if (cursor_ >= slots_.size()) throw std::logic_error("recorder: a tick recorded more series than the first");
        slots_[cursor_++]->push_back(value);
        return;
    }
    const std::string name(path());
    auto it = series_.find(name);
    if (it == series_.end()) throw std::logic_error("recorder: undefined series " + name);
    slots_.push_back(&it->second.data);
    it->second.data.push_back(value);
}

const std::vector<double>& Recorder::series(const std::string& path) const {
    auto it = series_.find(path);
    if (it == series_.end()) throw std::out_of_range("recorder: no series " + path);
    return it->second.data;
}


void Recorder::define_series() {
    define("/time/tick", "tick", "tick number (1-based); row k of every trajectory is the state after this tick");
    define("/time/day", "days", "simulated days elapsed at the end of the tick");
    const char* C = "/customers/";
    auto cust = [&](const std::string& name, const char* units, const char* desc) {
        define(C + name, units, desc);
    };
    cust("active", "customers", "active customers at the end of the tick");
    cust("prospects", "people", "people in the market who never were customers");
    cust("churned_pool", "people", "former customers (can be won back)");
    cust("needs", "needs", "service needs of active customers during the tick");
    cust("served", "needs", "needs served by a front-line employee (one encounter each)");
    cust("unserved", "needs", "needs not served for lack of capacity");
    cust("acquired_marketing", "customers", "customers acquired through marketing (Bass p) during the tick");
    cust("acquired_referral", "customers", "customers acquired through word of mouth (Bass q) during the tick");
    cust("churned", "customers", "customers lost during the tick");
    cust("promoters", "customers", "active customers scoring 9-10");
    cust("passives", "customers", "active customers scoring 7-8");
    cust("detractors", "customers", "active customers scoring 0-6");
    cust("nps", "score", "net promoter score: %promoters - %detractors (-100..100)");
    cust("retention_per_year", "1", "annualised retention: (1 - churned/active at start of tick)^(ticks per year)");
    cust("revenue", "currency", "customer spend during the tick");
    cust("cumulative_revenue", "currency", "customer spend since the start");
    cust("mean_satisfaction", "1", "mean satisfaction of active customers");
    cust("mean_bond", "1", "mean emotional bond of active customers");
    cust("mean_loyalty", "1", "mean loyalty of active customers");
    cust("mean_ltr", "score", "mean likelihood to recommend (0-10) of active customers");
    cust("mean_functional_quality", "1", "mean functional quality of the tick's encounters");
    cust("mean_emotional_quality", "1", "mean emotional quality of the tick's encounters");
    cust("load", "1", "total demand / total front-line capacity");
    if (config_.quantiles)
        for (const char* v : {"satisfaction", "bond", "loyalty"})
            define(std::string(C) + v + "_quantiles", "1",
                   std::string("p10, p25, p50, p75, p90 of ") + v + " among active customers", {"tick", "quantile"},
                   {5});

    const char* E = "/employees/";
    const std::vector<std::string> by_role{"tick", "role"};
    define(std::string(E) + "headcount", "employees", "employees per role", by_role, {kRoles});
    define(std::string(E) + "quits", "employees", "employees who left during the tick (replaced at once)", by_role,
           {kRoles});
    define(std::string(E) + "mean_tenure_days", "days", "mean tenure per role", by_role, {kRoles});
    for (const char* v : kEmployeeVarNames) {
        define(std::string(E) + "mean_" + v, "1", std::string("mean ") + v + " per role", by_role, {kRoles});
        if (config_.quantiles)
            define(std::string(E) + v + "_quantiles", "1", std::string("p10, p25, p50, p75, p90 of ") + v + " per role",
                   {"tick", "role", "quantile"}, {kRoles, 5});
    }

    const char* P = "/programs/";
    const std::vector<std::string> by_program{"tick", "program"};
    define(std::string(P) + "share", "1", "budget share allocated to each program", by_program, {kPrograms});
    define(std::string(P) + "pressure", "1", "program pressure on employees (lagged, saturating effect of spend)",
           by_program, {kPrograms});
    define(std::string(P) + "spend", "currency", "program spend during the tick", by_program, {kPrograms});
    define(std::string(P) + "cumulative_spend", "currency", "total program spend since the start");

    if (config_.unit_series) {
        const std::vector<std::string> by_unit{"tick", "unit"};
        const std::vector<std::uint64_t> U{static_cast<std::uint64_t>(units_)};
        const char* N = "/units/";
        auto unit = [&](const std::string& name, const char* units, const char* desc) {
            define(N + name, units, desc, by_unit, U);
        };
        unit("active", "customers", "active customers per unit");
        unit("mean_satisfaction", "1", "mean satisfaction of the unit's active customers");
        unit("mean_bond", "1", "mean bond of the unit's active customers");
        unit("nps", "score", "net promoter score of the unit's customers");
        unit("mean_functional_quality", "1", "mean functional quality of the unit's encounters");
        unit("mean_emotional_quality", "1", "mean emotional quality of the unit's encounters");
        unit("load", "1", "unit demand / unit front-line capacity");
        unit("quits", "employees", "employees of the unit who left during the tick");
        for (const char* v : kEmployeeVarNames)
            unit(std::string("mean_") + v, "1", "unit mean over all its employees");
    }
}

void Recorder::record_customers(const TickStats& st) {
    const auto& c = st.customers;
    const std::string C = "/customers/";
    const double active_start = static_cast<double>(c.active + c.churned - c.acquired_marketing - c.acquired_referral);
    put([&] { return C + "active"; }, static_cast<double>(c.active));
    put([&] { return C + "prospects"; }, static_cast<double>(c.prospects));
    put([&] { return C + "churned_pool"; }, static_cast<double>(c.churned_pool));
    put([&] { return C + "needs"; }, static_cast<double>(c.needs));
    put([&] { return C + "served"; }, static_cast<double>(c.served));
    put([&] { return C + "unserved"; }, static_cast<double>(c.unserved));
    put([&] { return C + "acquired_marketing"; }, static_cast<double>(c.acquired_marketing));
    put([&] { return C + "acquired_referral"; }, static_cast<double>(c.acquired_referral));
    put([&] { return C + "churned"; }, static_cast<double>(c.churned));
    put([&] { return C + "promoters"; }, static_cast<double>(c.promoters));
    put([&] { return C + "passives"; }, static_cast<double>(c.passives));
    put([&] { return C + "detractors"; }, static_cast<double>(c.detractors));
    put([&] { return C + "nps"; }, 100.0 * ratio(static_cast<double>(c.promoters - c.detractors), static_cast<double>(c.active)));
    put([&] { return C + "retention_per_year"; }, std::pow(1.0 - ratio(static_cast<double>(c.churned), active_start), 1.0 / dt_years_));
    put([&] { return C + "revenue"; }, c.revenue);
    cumulative_revenue_ += c.revenue;
    put([&] { return C + "cumulative_revenue"; }, cumulative_revenue_);
    const double A = static_cast<double>(c.active);
    put([&] { return C + "mean_satisfaction"; }, ratio(c.satisfaction, A));
    put([&] { return C + "mean_bond"; }, ratio(c.bond, A));
    put([&] { return C + "mean_loyalty"; }, ratio(c.loyalty, A));
    put([&] { return C + "mean_ltr"; }, ratio(c.ltr, A));
    put([&] { return C + "mean_functional_quality"; }, ratio(c.functional, static_cast<double>(c.served)));
    put([&] { return C + "mean_emotional_quality"; }, ratio(c.emotional, static_cast<double>(c.served)));
    double demand = 0, capacity = 0;
    for (std::size_t u = 0; u < st.unit_demand.size(); ++u) demand += st.unit_demand[u], capacity += st.unit_capacity[u];
    put([&] { return C + "load"; }, ratio(demand, capacity));
    if (config_.quantiles) {
        const std::pair<const char*, const Histogram*> hs[] = {
            {"satisfaction", &c.h_satisfaction}, {"bond", &c.h_bond}, {"loyalty", &c.h_loyalty}};
        for (const auto& [name, h] : hs)
            for (double v : histogram_quantiles(*h)) put([&] { return C + name + "_quantiles"; }, v);
    }
}

void Recorder::record_employees(const TickStats& st) {
    const std::string E = "/employees/";
    for (int r = 0; r < kRoles; ++r) {
        const auto& t = st.roles[r];
        put([&] { return E + "headcount"; }, static_cast<double>(t.count));
        put([&] { return E + "quits"; }, static_cast<double>(t.quits));
        put([&] { return E + "mean_tenure_days"; }, ratio(t.tenure_days, static_cast<double>(t.count)));
    }
    for (int v = 0; v < kEmployeeVars; ++v) {
        for (int r = 0; r < kRoles; ++r)
            put([&] { return E + "mean_" + kEmployeeVarNames[v]; }, ratio(st.roles[r].sum[v], static_cast<double>(st.roles[r].count)));
        if (config_.quantiles)
            for (int r = 0; r < kRoles; ++r)
                for (double x : histogram_quantiles(st.roles[r].hist[v]))
                    put([&] { return E + kEmployeeVarNames[v] + "_quantiles"; }, x);
    }
    const double per_tick = static_cast<double>(employees_) * dt_years_;
    double spend = 0;
    for (int k = 0; k < kPrograms; ++k) {
        put([&] { return "/programs/share"; }, st.shares[k]);
        put([&] { return "/programs/pressure"; }, st.pressure[k]);
        put([&] { return "/programs/spend"; }, st.spend_per_employee_per_year[k] * per_tick);
        spend += st.spend_per_employee_per_year[k] * per_tick;
    }
    cumulative_spend_ += spend;
    put([&] { return "/programs/cumulative_spend"; }, cumulative_spend_);
}

void Recorder::record_units(const TickStats& st) {
    const std::string N = "/units/";
    for (std::int64_t u = 0; u < units_; ++u) {
        const auto& c = st.unit_customers[static_cast<std::size_t>(u)];
        const auto& e = st.unit_employees[static_cast<std::size_t>(u)];
        const double A = static_cast<double>(c.active);
        put([&] { return N + "active"; }, A);
        put([&] { return N + "mean_satisfaction"; }, ratio(c.satisfaction, A));
        put([&] { return N + "mean_bond"; }, ratio(c.bond, A));
        put([&] { return N + "nps"; }, 100.0 * ratio(static_cast<double>(c.promoters - c.detractors), A));
        put([&] { return N + "mean_functional_quality"; }, ratio(c.functional, static_cast<double>(c.served)));
        put([&] { return N + "mean_emotional_quality"; }, ratio(c.emotional, static_cast<double>(c.served)));
        put([&] { return N + "load"; }, ratio(st.unit_demand[static_cast<std::size_t>(u)], st.unit_capacity[static_cast<std::size_t>(u)]));
        put([&] { return N + "quits"; }, static_cast<double>(e.quits));
        for (int v = 0; v < kEmployeeVars; ++v)
            put([&] { return N + "mean_" + kEmployeeVarNames[v]; }, ratio(e.sum[v], static_cast<double>(e.count)));
    }
}

void Recorder::record(const TickStats& st) {
    replaying_ = slots_owner_ == this;
    if (!replaying_) slots_.clear();
    cursor_ = 0;
    ++ticks_;
    put([&] { return "/time/tick"; }, static_cast<double>(st.tick));
    put([&] { return "/time/day"; }, static_cast<double>(st.tick) * dt_days_);
    record_customers(st);
    record_employees(st);
    if (config_.unit_series) record_units(st);
    if (replaying_ && cursor_ != slots_.size())
        throw std::logic_error("recorder: a tick recorded fewer series than the first");
    slots_owner_ = this;  // only once a whole tick was resolved
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
    std::vector<double> q(kQuantiles.begin(), kQuantiles.end());
    out.write("/time/quantile_levels", q, {q.size()}, {"1", "levels of every quantile axis", {"quantile"}});
    if (!snapshot_ticks_.empty())
        out.write("/snapshots/tick", std::span<const std::int64_t>(snapshot_ticks_), {snapshot_ticks_.size()},
                  {"tick", "tick of each snapshot row", {"snapshot"}});
}

void write_provenance(H5Output& out, const Scenario& sc, std::int64_t prospects_resolved) {
    out.set_attribute("/", "format", std::string("ambassim-run"));
    out.set_attribute("/", "format_version", std::int64_t{1});
    out.set_attribute("/", "ambassim_version", std::string(kVersion));
    out.set_attribute("/", "git_commit", std::string(kGitCommit));
    out.set_attribute("/", "seed", static_cast<std::int64_t>(sc.plan.seed));
    out.set_attribute("/", "replicate", sc.plan.replicate);
    out.set_attribute("/", "scenario_path", sc.path);
    out.set_attribute("/", "scenario_text", sc.text);
    out.set_attribute("/", "overrides", join(sc.overrides, "\n"));
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
    out.set_attribute("/parameters", "customers.prospects_resolved", prospects_resolved);
    // What was recorded (the thread count is deliberately absent: it never changes results).
    const RecordConfig& r = sc.record;
    out.set_attribute("/parameters", "output.snapshot_every", r.snapshot_every);
    out.set_attribute("/parameters", "output.snapshot_employees", std::int64_t{r.snapshot_employees});
    out.set_attribute("/parameters", "output.snapshot_customers", std::int64_t{r.snapshot_customers});
    out.set_attribute("/parameters", "output.unit_series", std::int64_t{r.unit_series});
    out.set_attribute("/parameters", "output.quantiles", std::int64_t{r.quantiles});
    const auto& ph = sc.params.strategy.phases;
    std::vector<double> phases;
    for (const auto& p : ph)
        phases.insert(phases.end(), {p.start_day, p.engagement, p.training, p.mission, p.process, p.recognition});
    out.write("/parameters/strategy_phases", phases, {ph.size(), 6},
              {"days, 1", "custom strategy phases: start_day, engagement, training, mission, process, recognition",
               {"phase", "field"}});
}

}  // namespace ambassim
