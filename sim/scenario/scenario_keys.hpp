// Every scenario key in one place: the Params keys of visit_params() plus the
// [run], [output] and [compare] keys and the fields of one [[strategy.phases]]
// table, each with its metadata. Drives the scenario loader, validation, key
// suggestions and `ambassim params`.
#pragma once

#include "models/params.hpp"
#include "sim/scenario/scenario.hpp"

#include <string_view>

namespace ambassim {

// Largest int64 as a ParamMeta bound ("no practical upper limit").
inline constexpr double kInt64MaxBound = 9223372036854775807.0;

// Calls v(field, meta) for every key of a scenario, in documentation order.
// S is Scenario or const Scenario; v must accept std::int64_t&, std::uint64_t&,
// double&, bool&, std::string& and std::vector<std::string>&.
template <class S, class V>
void visit_scenario_keys(S& s, V&& v) {
    visit_params(s.params, v);

    auto& r = s.plan;
    v(r.seed, ParamMeta{"run.seed", 0, kInt64MaxBound, "", "seed of the random streams"});
    v(r.replicate, ParamMeta{"run.replicate", 0, kInt64MaxBound, "", "replicate number: selects independent random streams for the same seed"});
    v(r.threads, ParamMeta{"run.threads", 0, 1024, "threads", "worker threads; 0 = all cores"});
    v(r.output, ParamMeta{"run.output", 0, 0, "path", "HDF5 output file; empty = <scenario file stem>.h5 in the current directory"});
    v(r.force, ParamMeta{"run.force", 0, 0, "", "overwrite an existing output file"});

    auto& o = s.record;
    v(o.snapshot_every, ParamMeta{"output.snapshot_every", 0, kInt64MaxBound, "ticks", "per-agent snapshots every K ticks; 0 = off"});
    v(o.snapshot_employees, ParamMeta{"output.snapshot_employees", 0, 0, "", "include employees in per-agent snapshots"});
    v(o.snapshot_customers, ParamMeta{"output.snapshot_customers", 0, 0, "", "include customers in per-agent snapshots"});
    v(o.unit_series, ParamMeta{"output.unit_series", 0, 0, "", "record per-unit trajectories [tick x unit]"});
    v(o.quantiles, ParamMeta{"output.quantiles", 0, 0, "", "record p10/p25/p50/p75/p90 of agent states"});

    auto& c = s.compare;
    v(c.strategies, ParamMeta{"compare.strategies", 0, 0, "", "strategies compared by `ambassim compare`; absent = the four built-in comparators (custom needs [[strategy.phases]])", kStrategyChoices});
    v(c.replicates, ParamMeta{"compare.replicates", 1, 100000, "runs", "replicates per strategy in `ambassim compare`"});

    auto& e = s.economics;
    v(e.currency, ParamMeta{"economics.currency", 0, 0, "", "name of the money unit in printed results and reports (e.g. EUR, USD); empty = currency units"});
}

// Calls v(field, meta) for the fields of one [[strategy.phases]] table; the
// keys are relative to the phase ("start_day", "engagement", ...).
template <class Phase, class V>
void visit_phase(Phase& ph, V&& v) {
    v(ph.start_day, ParamMeta{"start_day", 0, 1e7, "days", "day this phase starts (first phase: 0; strictly increasing)"});
    v(ph.engagement, ParamMeta{"engagement", 0, 1, "1", "budget share of the engagement family, spread by programs.engagement_*_share"});
    v(ph.ambassadorship, ParamMeta{"ambassadorship", 0, 1, "1", "budget share of the ambassadorship family, spread by programs.ambassadorship_*_share"});
    v(ph.career, ParamMeta{"career", 0, 1, "1", "budget share of career and growth (engagement family)"});
    v(ph.management, ParamMeta{"management", 0, 1, "1", "budget share of management effectiveness (engagement family)"});
    v(ph.cohesion, ParamMeta{"cohesion", 0, 1, "1", "budget share of cohesion and morale (engagement family)"});
    v(ph.alignment, ParamMeta{"alignment", 0, 1, "1", "budget share of business alignment (engagement family)"});
    v(ph.training, ParamMeta{"training", 0, 1, "1", "budget share of customer-value training (ambassadorship family)"});
    v(ph.mission, ParamMeta{"mission", 0, 1, "1", "budget share of mission communication (ambassadorship family)"});
    v(ph.process, ParamMeta{"process", 0, 1, "1", "budget share of process redesign (ambassadorship family)"});
    v(ph.recognition, ParamMeta{"recognition", 0, 1, "1", "budget share of recognition (ambassadorship family)"});
    v(ph.extra_front_line, ParamMeta{"extra_front_line", 0, 1, "1", "extra front-line staff hired, as a share of the front-line head count (not a budget share: each costs organisation.front_line_cost_per_year; they reach full capacity with employees.new_hire_ramp_days)"});
}

// Whether a phase field is one of the budget shares that sum to at most 1
// (not start_day, not the capacity lever extra_front_line).
inline bool is_budget_share(const ParamMeta& m) {
    const std::string_view k = m.key;
    return k != "start_day" && k != "extra_front_line";
}

// The one key of the scenario that is not a scalar: an array of phase tables.
inline constexpr const char* kPhasesKey = "strategy.phases";
inline constexpr const char* kBaseKey = "base";              // top-level: the scenario this one overrides
inline constexpr const char* kStrategiesKey = "strategies";  // [strategies.NAME]: named custom strategies

}  // namespace ambassim
