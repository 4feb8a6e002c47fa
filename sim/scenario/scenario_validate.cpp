// Cross-field validation of a complete scenario (see scenario_validate.hpp).
#include "sim/scenario/scenario_validate.hpp"
#include "sim/util/memory_limit.hpp"

#include "sim/scenario/param_check.hpp"
#include "sim/scenario/scenario_keys.hpp"
#include "sim/util/text_input.hpp"
#include "sim/scenario/toml_reader.hpp"

#include <unistd.h>

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <initializer_list>
#include <limits>
#include <string_view>

namespace ambassim {

namespace {

constexpr double kSumTolerance = 1e-9;
// Memory estimate of one run, fitted to measured peak resident set sizes
// (/usr/bin/time -v "Maximum resident set size" of `ambassim run --threads 1
// --set simulation.ticks=5 --set simulation.warmup_days=0`, Release build,
// g++ 12; "people" = customers + prospects, everyone in the market):
//
//   people                         market network       peak RSS   (peak - 28 MB) / people
//   0.09M (20k customers, auto)    small_world, deg 10     31 MB      (fixed costs)
//   0.47M (100k customers, auto)   small_world, deg 10     90 MB      133 B
//   0.93M (200k customers, auto)   small_world, deg 10    127 MB      106 B
//   4.65M (1M customers, auto)     small_world, deg 10    548 MB      112 B
//   9.30M (2M customers, auto)     small_world, deg 10   1443 MB      152 B
//   9.30M (prospects = 0)          small_world, deg 10   1079 MB      113 B
//   4.00M (prospects = 0)          well_mixed             146 MB       30 B
//   4.00M (prospects = 0)          scale_free, deg 10     670 MB      160 B
//   4.65M (1M customers, auto)     small_world, deg 40   2364 MB      502 B
//   2.00M (prospects = 0)          small_world, deg 50   1269 MB      620 B
//   employees: 2M in 100 units, peer_ties 4: 884 MB (428 B each); peer_ties 20:
//   2136 MB (1054 B each); 1000 employees and 20k customers: 31 MB in all.
//
// So about 30 B per person plus 12 B per referral tie end (13 B with
// scale_free), and 270 B per employee plus 40 B per peer tie; the peak varies
// by up to a third with where vector capacities fall. The estimate takes an
// upper envelope: 64 MiB + people x (40 + 13 x mean_degree) + employees x
// (300 + 45 x peer_ties). With customers.prospects = -1 the market is sized at
// run time (3.65 prospects per customer with the default parameters): the
// estimate assumes 4 prospects per customer. Re-measured after the engine's
// parallel customer initialisation (commit 2dfb8be): 134, 585 and 1516 MB
// for 200k, 1M and 2M customers (+5%), 799 MB with scale_free, still below
// the estimate (237, 917, 1767 and 917 MB).
constexpr double kFixedBytes = 64.0 * (1 << 20);
constexpr double kBytesPerPerson = 40;
constexpr double kBytesPerReferralTie = 13;  // per person and unit of market.mean_degree
constexpr double kBytesPerEmployee = 300;
constexpr double kBytesPerPeerTie = 45;      // per employee and unit of organisation.peer_ties
constexpr double kAutoProspectsPerCustomer = 4;
// What grows with the ticks: the recorder keeps every series in memory until
// the end of the run. Per tick about 150 whole-world values (with quantiles),
// and with output.unit_series 12 values per unit: measured +11 MB per tick
// at 100,000 units (110 bytes per unit, the vectors' growth included).
constexpr double kBytesPerTick = 2048;
constexpr double kBytesPerUnitTick = 112;
constexpr double kMaxPeople = 4294967295.0;  // people are indexed by 32-bit integers

std::string trim(std::string_view s) {
    const auto b = s.find_first_not_of(" \t");
    if (b == std::string_view::npos) return {};
    const auto e = s.find_last_not_of(" \t");
    return std::string(s.substr(b, e - b + 1));
}

// A computed sum or product for messages: 6 significant digits.
std::string approx(double v) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.6g", v);
    return buf;
}

class Validator {
public:
    Validator(const Scenario& s, const std::string& name) : s_(s), name_(name) {}

    [[noreturn]] void fail(std::initializer_list<std::string> keys, const std::string& problem) const {
        throw InputError(where(keys) + ": " + problem);
    }

    void run() const {
        check_each_key();
        check_organisation();
        check_survey_thresholds();
        check_sum_is_one({"programs.engagement_career_share", "programs.engagement_management_share",
                          "programs.engagement_cohesion_share", "programs.engagement_alignment_share"});
        check_sum_is_one({"programs.ambassadorship_training_share", "programs.ambassadorship_mission_share",
                          "programs.ambassadorship_process_share", "programs.ambassadorship_recognition_share"});
        check_sum_is_one({"encounters.functional_engagement_weight", "encounters.functional_focus_weight",
                          "encounters.functional_process_weight"});
        check_sum_is_one({"customers.loyalty_satisfaction_weight", "customers.loyalty_bond_weight"});
        check_sum_is_one({"customers.advocacy_satisfaction_weight", "customers.advocacy_bond_weight"});
        check_strategy();
        check_market();
        check_memory();
    }

private:
    const Scenario& s_;
    const std::string& name_;

    std::string where(std::initializer_list<std::string> keys) const {
        // The latest assignment that set one of the keys (or a section holding
        // it), named by its origin ([sweep.set] line, recorded attribute) or as a --set.
        for (std::size_t i = s_.overrides.size(); i-- > 0;) {
            const std::string& text = s_.overrides[i];
            const std::string set_key = trim(std::string_view(text).substr(0, text.find('=')));
            const bool has_origin = i < s_.override_origins.size() && !s_.override_origins[i].empty();
            for (const auto& key : keys)
                if (key == set_key || key.starts_with(set_key + ".") || key.starts_with(set_key + "["))
                    return has_origin ? s_.override_origins[i] : "--set " + printable(text, 200);
        }
        for (const auto& key : keys)
            if (const auto pos = s_.key_positions.find(key); pos != s_.key_positions.end())
                return (pos->second.file.empty() ? name_ : pos->second.file) + ":" + std::to_string(pos->second.line) +
                       ":" + std::to_string(pos->second.column);
        return name_;
    }

    double value_of(const std::string& key) const {
        double out = 0;
        visit_params(s_.params, [&](const auto& field, const ParamMeta& m) {
            if constexpr (std::is_same_v<std::decay_t<decltype(field)>, double>)
                if (key == m.key) out = field;
        });
        return out;
    }

    void check_each_key() const {
        visit_scenario_keys(s_, [&](const auto& field, const ParamMeta& m) {
            if constexpr (std::is_same_v<std::decay_t<decltype(field)>, std::string> ||
                          std::is_same_v<std::decay_t<decltype(field)>, std::vector<std::string>>)
                if (names_strategies(m)) return check_strategy_names(field, m);
            if (auto problem = check_value(m, field)) fail({m.key}, *problem);
        });
        check_phase_values(s_.params.strategy.phases, kPhasesKey);
        for (const auto& st : s_.strategies)
            check_phase_values(st.phases, std::string(kStrategiesKey) + "." + st.name + ".phases");
    }

    void check_phase_values(const std::vector<AllocationPhase>& phases, const std::string& key) const {
        for (std::size_t i = 0; i < phases.size(); ++i) {
            const std::string prefix = key + "[" + std::to_string(i) + "]";
            visit_phase(phases[i], [&](const double& field, const ParamMeta& pm) {
                const std::string full = prefix + "." + pm.key;
                ParamMeta m = pm;
                m.key = full.c_str();
                if (auto problem = check_value(m, field)) fail({full}, *problem);
            });
        }
    }

    // Built-in names and the scenario's [strategies.NAME] tables.
    void check_strategy_names(const std::string& name, const ParamMeta& m) const {
        check_strategy_names(std::vector<std::string>{name}, m);
    }
    void check_strategy_names(const std::vector<std::string>& names, const ParamMeta& m) const {
        ParamMeta plain = m;
        plain.choices = nullptr;
        if (auto problem = check_value(plain, names)) fail({m.key}, *problem);
        std::vector<std::string> known = choice_list(kStrategyChoices);
        for (const auto& st : s_.strategies) known.push_back(st.name);
        for (std::size_t i = 0; i < names.size(); ++i)
            if (const std::string& name = names[i]; std::find(known.begin(), known.end(), name) == known.end()) {
                std::string listed;
                for (const auto& k : known) listed += (listed.empty() ? "" : "|") + k;
                fail({std::string(m.key) + "[" + std::to_string(i) + "]", m.key},
                     std::string("key `") + m.key + "` = " + shown_value(name) + " is not one of " + listed +
                                  (s_.strategies.empty() ? " (or a [strategies.NAME] table)" : "") +
                                  suggestion_for(name, known));
            }
    }

    // Lowenstein's classes (docs/model.md 7.9): nobody can be both a saboteur and an ambassador.
    void check_survey_thresholds() const {
        const auto& e = s_.params.employees;
        if (e.saboteur_threshold > e.ambassador_threshold)
            fail({"employees.saboteur_threshold", "employees.ambassador_threshold"},
                 "employees.saboteur_threshold = " + format_number(e.saboteur_threshold) +
                     " is above employees.ambassador_threshold = " + format_number(e.ambassador_threshold) +
                     ": an employee would be both a saboteur and an ambassador");
    }

    void check_organisation() const {
        const auto& o = s_.params.organisation;
        const double shares = o.front_line_share + o.manager_share;
        if (!(shares < 1))
            fail({"organisation.front_line_share", "organisation.manager_share"},
                 "organisation.front_line_share + organisation.manager_share = " + approx(shares) +
                     " must be less than 1 (the rest is back office)");
        if (o.employees < 3 * o.units)
            fail({"organisation.employees", "organisation.units"},
                 "organisation.employees = " + std::to_string(o.employees) + " is too few for organisation.units = " +
                     std::to_string(o.units) + ": every unit needs a manager, a front-line employee and one more (at least " +
                     std::to_string(3 * o.units) + " employees)");
        auto per_unit = [&](const char* share_key, double share, const char* what) {
            const auto count = static_cast<std::int64_t>(std::floor(static_cast<double>(o.employees) * share + 1e-9));
            if (count < o.units)
                fail({share_key, "organisation.employees", "organisation.units"},
                     std::string(share_key) + " = " + format_number(share) + " gives " + std::to_string(count) + " " +
                         what + " for organisation.units = " + std::to_string(o.units) +
                         " (organisation.employees = " + std::to_string(o.employees) + "); every unit needs at least one");
        };
        per_unit("organisation.manager_share", o.manager_share, "managers");
        per_unit("organisation.front_line_share", o.front_line_share, "front-line employees");
    }

    void check_sum_is_one(std::initializer_list<std::string> keys) const {
        double sum = 0;
        std::string names;
        for (const auto& key : keys) {
            sum += value_of(key);
            names += (names.empty() ? "" : " + ") + key;
        }
        if (std::fabs(sum - 1) > kSumTolerance) fail(keys, names + " = " + approx(sum) + "; they must sum to 1");
    }

    void check_strategy() const {
        const auto& st = s_.params.strategy;
        const auto& compared = s_.compare.strategies;
        const bool compare_custom = std::find(compared.begin(), compared.end(), "custom") != compared.end();
        if (st.name == "custom" && st.phases.empty())
            fail({"strategy.name"}, "strategy.name = \"custom\" needs at least one [[strategy.phases]] table");
        if (compare_custom && st.phases.empty())
            fail({"compare.strategies"}, "compare.strategies includes \"custom\" but no [[strategy.phases]] table is given");
        if (st.name != "custom" && !st.phases.empty() && !compare_custom)
            fail({kPhasesKey, "strategy.name"}, "[[strategy.phases]] given but strategy.name = " + shown_value(st.name) +
                                                    "; set strategy.name = \"custom\" to use them");
        check_phase_order(st.phases, kPhasesKey);
        for (const auto& named : s_.strategies)
            check_phase_order(named.phases, std::string(kStrategiesKey) + "." + named.name + ".phases");
    }

    // Phases start at day 0, in increasing order, with shares summing to at most 1.
    void check_phase_order(const std::vector<AllocationPhase>& phases, const std::string& array_key) const {
        for (std::size_t i = 0; i < phases.size(); ++i) {
            const auto& ph = phases[i];
            const std::string key = array_key + "[" + std::to_string(i) + "]";
            if (i == 0 && ph.start_day != 0)
                fail({key + ".start_day", key}, key + ".start_day = " + format_number(ph.start_day) +
                                                    "; the first phase must start at day 0");
            if (i > 0 && !(ph.start_day > phases[i - 1].start_day)) {
                const std::string prev = array_key + "[" + std::to_string(i - 1) + "]";
                fail({key + ".start_day", key}, key + ".start_day = " + format_number(ph.start_day) +
                                                    " must be greater than " + prev + ".start_day = " +
                                                    format_number(phases[i - 1].start_day));
            }
            double sum = 0;
            std::string names;
            visit_phase(ph, [&](const double& field, const ParamMeta& pm) {
                if (!is_budget_share(pm) || field == 0) return;
                sum += field;
                names += (names.empty() ? "" : " + ") + std::string(pm.key);
            });
            if (sum > 1 + kSumTolerance)
                fail({key}, key + ": " + names + " = " + approx(sum) + "; the shares must sum to at most 1");
        }
    }

    std::int64_t people() const {
        const auto& c = s_.params.customers;
        return c.customers + std::max<std::int64_t>(c.prospects, 0);
    }

    void check_market() const {
        const auto& m = s_.params.market;
        if (m.network == "well_mixed") return;
        if (!(m.mean_degree < static_cast<double>(people())))
            fail({"market.mean_degree", "customers.customers", "customers.prospects", "market.network"},
                 "market.mean_degree = " + format_number(m.mean_degree) +
                     " must be less than the number of people in the market (customers.customers + "
                     "max(customers.prospects, 0) = " +
                     std::to_string(people()) + ")");
    }

    double estimated_people() const {
        const auto& c = s_.params.customers;
        const double customers = static_cast<double>(c.customers);
        return customers + (c.prospects >= 0 ? static_cast<double>(c.prospects) : kAutoProspectsPerCustomer * customers);
    }

    void check_memory() const {
        const auto& c = s_.params.customers;
        const auto& o = s_.params.organisation;
        const auto& m = s_.params.market;
        const std::initializer_list<std::string> keys = {"customers.customers", "customers.prospects",
                                                         "organisation.employees", "market.mean_degree",
                                                         "market.network", "organisation.peer_ties"};
        const double market = estimated_people();
        if (market > kMaxPeople)
            fail(keys, "customers.customers = " + std::to_string(c.customers) + " and customers.prospects = " +
                           std::to_string(c.prospects) + " make about " + format_number(std::round(market)) +
                           " people in the market; at most 4294967295 are supported" +
                           (c.prospects < 0 ? " (customers.prospects = -1 assumes 4 prospects per customer)" : ""));
        const double ties = m.network == "well_mixed" ? 0.0 : m.mean_degree;
        const double world = kFixedBytes + market * (kBytesPerPerson + kBytesPerReferralTie * ties) +
                             static_cast<double>(o.employees) * (kBytesPerEmployee + kBytesPerPeerTie * o.peer_ties);
        const auto ticks = static_cast<double>(s_.params.simulation.ticks);
        const double per_tick = kBytesPerTick + (s_.record.unit_series ? kBytesPerUnitTick * static_cast<double>(o.units) : 0.0);
        const double series = ticks * per_tick;
        const double bytes = world + series;
        const MemoryLimit limit = memory_limit();
        if (bytes > limit.bytes) {
            // Name what makes it large: the world, the recorded series, or both.
            const bool series_matter = series > 0.1 * bytes;
            const std::string world_keys = "customers.customers = " + std::to_string(c.customers) +
                                           ", customers.prospects = " + std::to_string(c.prospects) +
                                           ", market.mean_degree = " + format_number(m.mean_degree) +
                                           ", organisation.employees = " + std::to_string(o.employees);
            const std::string series_keys = "simulation.ticks = " + std::to_string(s_.params.simulation.ticks) +
                                            ", organisation.units = " + std::to_string(o.units) +
                                            ", output.unit_series = " + (s_.record.unit_series ? "true" : "false");
            std::initializer_list<std::string> all_keys = {"simulation.ticks", "organisation.units", "output.unit_series",
                                                           "customers.customers", "customers.prospects",
                                                           "organisation.employees", "market.mean_degree",
                                                           "market.network", "organisation.peer_ties"};
            if (!series_matter)
                fail(keys, "scenario needs about " + gib(bytes) + " of memory (" + world_keys + "); " + limit.what);
            fail(all_keys, "scenario needs about " + gib(bytes) + " of memory (" + gib(series) +
                               " for the recorded series: " + series_keys + "; " + gib(world) + " for the world: " +
                               world_keys + "); " + limit.what);
        }
    }

    // The machine's memory or AMBASSIM_MEMORY_LIMIT_BYTES: one reading for
    // every memory check (sim/util/memory_limit).
    static std::string gib(double bytes) { return gib_text(bytes); }
    MemoryLimit memory_limit() const { return ambassim::memory_limit(); }
};

}  // namespace

void validate_scenario(const Scenario& scenario, const std::string& name) { Validator(scenario, name).run(); }

}  // namespace ambassim
