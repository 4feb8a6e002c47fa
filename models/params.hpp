// The model's parameters: one typed struct with documented defaults.
//
// Every scalar parameter is listed exactly once in visit_params(), with its
// dotted scenario key, valid range, unit and a one-line description. That one
// list drives the scenario loader, `--set`, range validation, the copy of the
// resolved parameters in every HDF5 file and `ambassim params` (the parameter
// table in docs/model.md). Rates are stated per year and converted to per-tick
// probabilities by the engine with the tick length, so results do not depend
// on whether a tick is a day or a week (beyond noise).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace ambassim {

// Metadata for one scalar parameter. `choices` is set only for string
// (enumeration) parameters: allowed values separated by '|'.
struct ParamMeta {
    const char* key;
    double min;
    double max;
    const char* unit;
    const char* doc;
    const char* choices = nullptr;
};

// A Beta distribution given by its mean and concentration (alpha + beta):
// Beta(mean*k, (1-mean)*k). Larger k = less spread across agents.
struct BetaSpec {
    double mean;
    double concentration;
};

struct OrganisationParams {
    std::int64_t employees = 1000;
    std::int64_t units = 10;                 // stores / branches / sites
    double front_line_share = 0.60;
    double manager_share = 0.10;             // the rest is back office / support
    double peer_ties = 4;                    // mean peer ties per employee inside a team
    double cross_team_tie_share = 0.10;      // share of peer ties rewired to other teams of the unit
    double unit_culture_sd = 0.05;           // between-unit spread of initial means
    double unit_market_sd = 0.07;            // between-unit spread of what customers get beyond service
    double management_effectiveness = 0.5;   // scales the pull of managers on their teams
    double front_line_cost_per_year = 55000; // what one front-line employee costs (the capacity lever's price)
};

struct EmployeeParams {
    BetaSpec engagement{0.50, 20};
    BetaSpec customer_focus{0.40, 20};
    BetaSpec ambassadorship{0.30, 20};
    BetaSpec experience{0.50, 20};
    double engagement_decay_per_year = 3.0;      // pull back to the baseline (initial mean)
    double customer_focus_decay_per_year = 1.0;  // recalibrated in issue #12 (was 0.5)
    double ambassadorship_decay_per_year = 1.0;
    double peer_influence_per_year = 1.0;        // pull toward the mean of one's peers
    double manager_influence_per_year = 2.0;     // pull toward one's manager (x effectiveness)
    double noise_sd_per_sqrt_year = 0.05;
    double experience_adjust_per_year = 12.0;    // how fast experience tracks its target
    double experience_meaning_weight = 0.6;      // ambassadorship above baseline -> experience
    double experience_engagement_weight = 0.3;   // engagement above baseline -> experience
    double experience_customer_weight = 0.4;     // unit customer satisfaction above baseline -> experience
    double experience_workload_weight = 0.5;     // overload (load > 1) -> experience down
    double experience_to_engagement_per_year = 1.0;
    double emotional_labour_per_year = 0.5;      // ambassadorship erodes with low engagement x load
    double attrition_front_line_per_year = 0.34;   // realised about 0.375, the midpoint of contact-centre 30-45%/yr
    double attrition_back_office_per_year = 0.15;
    double attrition_manager_per_year = 0.10;
    double attrition_engagement_sensitivity = 3.0;  // log-hazard per unit of engagement
    double attrition_experience_sensitivity = 3.0;  // log-hazard per unit of experience
    double new_hire_ramp_days = 60;              // capacity of new hires ramps up with tenure
    double new_hire_customer_focus_factor = 1.0; // new hires start with less customer knowledge
    // Survey classification (Lowenstein's ambassadors and saboteurs): on the
    // commitment index, the mean of engagement, customer focus and
    // ambassadorship. Set so the reference world under `none` shows about
    // Lowenstein's 15.5% ambassadors and 29.5% saboteurs (docs/model.md 7.9).
    double ambassador_threshold = 0.455;
    double saboteur_threshold = 0.375;
};

// One program: what a currency unit of spend does. Effect input = spend in
// saturation units; pressure follows its target with a first-order lag; a
// fully pressed program moves its target state at gain_per_year.
struct ProgramSpec {
    double saturation = 1000;  // currency/employee/year giving 63% of the maximum pressure
    double lag_days = 30;
    double gain_per_year = 0.5;
};

// Two program families compete for one budget. The engagement family's
// programs are the categories engagement surveys measure (Lowenstein's list
// of what ambassadorship research shares with engagement studies: career and
// growth, management effectiveness, cohesion and morale, business alignment)
// and act on engagement; the ambassadorship family's act on customer focus
// and ambassadorship. Saturation (diminishing returns) is the same rule for
// both families: per family by default, so splitting a family's money over
// more programs buys no more total pressure (programs.saturation_scope).
struct ProgramParams {
    double budget_per_employee_per_year = 1500;  // currency units
    std::string saturation_scope = "family";     // family | program
    // Engagement family.
    ProgramSpec career{1000, 60, 0.6};
    ProgramSpec management{1000, 30, 0.6};
    ProgramSpec cohesion{1000, 14, 0.6};
    ProgramSpec alignment{1000, 30, 0.6};
    // Ambassadorship family.
    ProgramSpec training{1000, 60, 0.4};
    ProgramSpec mission{1000, 90, 0.4};
    ProgramSpec process{1000, 120, 0.4};
    ProgramSpec recognition{1000, 45, 0.48};
    // How a family allocation splits over its four programs.
    double engagement_career_share = 0.25;
    double engagement_management_share = 0.25;
    double engagement_cohesion_share = 0.25;
    double engagement_alignment_share = 0.25;
    double ambassadorship_training_share = 0.25;
    double ambassadorship_mission_share = 0.25;
    double ambassadorship_process_share = 0.25;
    double ambassadorship_recognition_share = 0.25;
};

// One phase of a time-phased allocation: from start_day on, the budget is
// split with these shares (sum <= 1; the rest unspent). Shares are per
// program, and `engagement` / `ambassadorship` are family shares spread over
// the family's programs by programs.*_share. extra_front_line is not a
// budget share: it hires extra front-line staff (a share of the front-line
// head count) at organisation.front_line_cost_per_year each, on top of the
// budget (models/staffing.hpp).
struct AllocationPhase {
    double start_day = 0;
    double engagement = 0, ambassadorship = 0;
    double career = 0, management = 0, cohesion = 0, alignment = 0;
    double training = 0, mission = 0, process = 0, recognition = 0;
    double extra_front_line = 0;
};

struct StrategyParams {
    std::string name = "none";
    double switch_day = -1;                  // when the *_first strategies switch family (-1: half the horizon)
    std::vector<AllocationPhase> phases;     // used when name == "custom"
};

struct EncounterParams {
    double functional_engagement_weight = 0.40;  // effort, efficiency
    double functional_focus_weight = 0.35;       // knowledge, tools
    double functional_process_weight = 0.25;     // back-office process quality
    double capacity_per_day = 1.4;               // encounters a front-line employee handles
    double capacity_engagement_sensitivity = 1.0;
    double service_window_days = 7;              // demand is served and felt over about a week
    double pressure_quality_penalty = 0.5;       // quality lost per unit of overload
    double emotional_ambassadorship_weight = 0.8;  // owning the problem, empathy
    double emotional_engagement_weight = 0.2;      // an engaged employee is also warmer
    double functional_noise_sd = 0.10;
    double emotional_noise_sd = 0.10;
};

struct CustomerParams {
    std::int64_t customers = 20000;          // active at the start
    std::int64_t prospects = -1;             // -1: the stationary market (prospects and former customers)
    double needs_per_year = 12;
    BetaSpec satisfaction{0.45, 10};
    BetaSpec bond{0.30, 10};
    double satisfaction_learning = 0.30;     // weight of one encounter in satisfaction
    double bond_learning = 0.08;             // weight of one encounter in the bond (slow)
    double satisfaction_decay_per_year = 2.0;
    double bond_decay_per_year = 0.3;
    double unserved_satisfaction_penalty = 0.15;
    double unserved_bond_penalty = 0.03;
    double loyalty_satisfaction_weight = 0.3;
    double loyalty_bond_weight = 0.7;
    double advocacy_satisfaction_weight = 0.35;
    double advocacy_bond_weight = 0.65;
    double advocacy_offset = 0.42;           // shifts the 0-10 score scale
    double advocacy_idiosyncratic_sd = 0.12; // per-customer disposition
    double churn_per_year = 0.15;            // at the reference loyalty
    double churn_loyalty_sensitivity = 4.0;  // log-hazard per unit of loyalty
    double loyalty_reference = 0.36;
    double spend_per_year = 1000;            // currency units at the reference loyalty
    double spend_loyalty_sensitivity = 1.0;
    double referral_bond_bonus = 0.10;       // referred customers start with a stronger bond
};

struct MarketParams {
    std::string network = "small_world";
    double mean_degree = 10;
    double rewire_probability = 0.1;         // small-world rewiring
    double bass_p_per_year = 0.03;           // innovation (marketing) coefficient
    double bass_q_per_year = 0.38;           // imitation (word of mouth) coefficient
    double negative_wom_per_year = 0.2;      // hazard reduction per detractor share
    double winback_factor = 0.5;             // churned customers re-adopt at this fraction
    double renewal_per_year = 0.1;           // former customers replaced in the market by newcomers
};

struct SimulationParams {
    std::int64_t ticks = 365;
    double dt_days = 1.0;
    double warmup_days = 7300;            // simulated under `none` before tick 1, not recorded
    double warmup_coarse_dt_days = 7;     // tick length of the warm-up but its last days (0: none)
    double warmup_fine_days = 365;        // the last days of the warm-up, at the run's tick length
    double warmup_arrangement_years = 100;  // the market's status process alone before the warm-up (0: none)
    double warmup_balanced_days = 730;    // the market is rebalanced in these first days of the warm-up only
};

struct Params {
    SimulationParams simulation;
    OrganisationParams organisation;
    EmployeeParams employees;
    ProgramParams programs;
    StrategyParams strategy;
    EncounterParams encounters;
    CustomerParams customers;
    MarketParams market;
};

inline constexpr const char* kStrategyChoices =
    "none|engagement_only|ambassadorship_only|balanced|engagement_first|ambassadorship_first|custom";
inline constexpr const char* kNetworkChoices = "well_mixed|small_world|scale_free";
inline constexpr const char* kSaturationChoices = "family|program";

// The enumeration parameters as the engine uses them: names are resolved once
// (when a world is built), never compared as text inside the tick loop.
enum class StrategyKind { none, engagement_only, ambassadorship_only, balanced, engagement_first, ambassadorship_first, custom };
enum class NetworkKind { well_mixed, small_world, scale_free };
enum class SaturationScope { family, program };
// The kind named by a value of kStrategyChoices / kNetworkChoices; throws
// std::invalid_argument for any other text (the loader validated it before).
StrategyKind strategy_kind(const std::string& name);
NetworkKind network_kind(const std::string& name);
SaturationScope saturation_scope(const std::string& name);

// Calls v(field, meta) for every scalar parameter, in documentation order.
// P is Params or const Params; v must accept std::int64_t&, double&, std::string&.
template <class P, class V>
void visit_params(P& p, V&& v) {
    constexpr double inf = 1e300;
    auto beta = [&](auto& spec, const char* mean_key, const char* k_key, const char* what) {
        v(spec.mean, ParamMeta{mean_key, 0.001, 0.999, "1", what});
        v(spec.concentration, ParamMeta{k_key, 0.1, 1e6, "1", "concentration (alpha+beta) of the initial Beta distribution"});
    };
    auto& s = p.simulation;
    v(s.ticks, ParamMeta{"simulation.ticks", 1, 1e7, "ticks", "number of ticks simulated"});
    v(s.dt_days, ParamMeta{"simulation.dt_days", 0.01, 30, "days", "length of one tick"});
    v(s.warmup_days, ParamMeta{"simulation.warmup_days", 0, 36500, "days", "burn-in under the `none` strategy before recording starts, so the recorded world starts at its steady state"});
    v(s.warmup_coarse_dt_days, ParamMeta{"simulation.warmup_coarse_dt_days", 0, 30, "days", "tick length of the warm-up except its last warmup_fine_days (0 or not longer than dt_days: the whole warm-up at dt_days); results do not depend on the tick length, so a long warm-up is cheap"});
    v(s.warmup_fine_days, ParamMeta{"simulation.warmup_fine_days", 0, 36500, "days", "the last days of the warm-up, run at the scenario's tick length"});
    v(s.warmup_balanced_days, ParamMeta{"simulation.warmup_balanced_days", 0, 36500, "days", "the market's pools are rebalanced every month in these first days of the warm-up (all of it when shorter) and the rest runs free, so the pools' sizes and make-up settle at the full model's own stationary state: the rebalancing holds them at a balance of the current flows, which is not quite it (0: never rebalanced)"});
    v(s.warmup_arrangement_years, ParamMeta{"simulation.warmup_arrangement_years", 0, 1000, "years", "before the warm-up, the market's churn, adoption and renewal alone on the referral network, so who sits next to whom starts near its stationary state (a slow state: decades); used with an auto-sized market, a warm-up and a network other than well_mixed"});

    auto& o = p.organisation;
    v(o.employees, ParamMeta{"organisation.employees", 3, 1e8, "employees", "head count (constant: leavers are replaced)"});
    v(o.units, ParamMeta{"organisation.units", 1, 1e6, "units", "business units (stores, branches); each has its own staff and customers"});
    v(o.front_line_share, ParamMeta{"organisation.front_line_share", 0.01, 0.98, "1", "share of employees in front-line roles"});
    v(o.manager_share, ParamMeta{"organisation.manager_share", 0.01, 0.5, "1", "share of employees who manage a team"});
    v(o.peer_ties, ParamMeta{"organisation.peer_ties", 0, 50, "ties", "mean peer ties per employee within a team"});
    v(o.cross_team_tie_share, ParamMeta{"organisation.cross_team_tie_share", 0, 1, "1", "share of peer ties rewired to other teams of the unit"});
    v(o.unit_culture_sd, ParamMeta{"organisation.unit_culture_sd", 0, 0.3, "1", "between-unit standard deviation of initial state means"});
    v(o.unit_market_sd, ParamMeta{"organisation.unit_market_sd", 0, 0.3, "1", "between-unit standard deviation of a fixed satisfaction offset of the unit's customers (local market, product range, location: what staff do not control)"});
    v(o.management_effectiveness, ParamMeta{"organisation.management_effectiveness", 0, 1, "1", "how strongly managers pull their team toward their own state"});
    v(o.front_line_cost_per_year, ParamMeta{"organisation.front_line_cost_per_year", 0, 1e9, "currency/employee/year", "fully loaded cost of one front-line employee: the price of the extra staff a strategy phase hires (extra_front_line), added to the programme spend"});

    auto& e = p.employees;
    beta(e.engagement, "employees.engagement_mean", "employees.engagement_concentration", "baseline mean engagement of employees and new hires");
    beta(e.customer_focus, "employees.customer_focus_mean", "employees.customer_focus_concentration", "baseline mean customer focus");
    beta(e.ambassadorship, "employees.ambassadorship_mean", "employees.ambassadorship_concentration", "baseline mean ambassadorship");
    beta(e.experience, "employees.experience_mean", "employees.experience_concentration", "baseline mean employee experience");
    v(e.engagement_decay_per_year, ParamMeta{"employees.engagement_decay_per_year", 0, 365, "1/year", "rate engagement returns to baseline without reinforcement"});
    v(e.customer_focus_decay_per_year, ParamMeta{"employees.customer_focus_decay_per_year", 0, 365, "1/year", "rate customer focus returns to baseline"});
    v(e.ambassadorship_decay_per_year, ParamMeta{"employees.ambassadorship_decay_per_year", 0, 365, "1/year", "rate ambassadorship returns to baseline"});
    v(e.peer_influence_per_year, ParamMeta{"employees.peer_influence_per_year", 0, 365, "1/year", "pull toward the mean state of network neighbours"});
    v(e.manager_influence_per_year, ParamMeta{"employees.manager_influence_per_year", 0, 365, "1/year", "pull toward one's manager, times management effectiveness"});
    v(e.noise_sd_per_sqrt_year, ParamMeta{"employees.noise_sd_per_sqrt_year", 0, 1, "1/sqrt(year)", "idiosyncratic day-to-day fluctuation of employee states"});
    v(e.experience_adjust_per_year, ParamMeta{"employees.experience_adjust_per_year", 0, 365, "1/year", "rate experience moves toward its target"});
    v(e.experience_meaning_weight, ParamMeta{"employees.experience_meaning_weight", -2, 2, "1", "experience gained per unit of ambassadorship above baseline (meaning of the work)"});
    v(e.experience_engagement_weight, ParamMeta{"employees.experience_engagement_weight", -2, 2, "1", "experience gained per unit of engagement above baseline"});
    v(e.experience_customer_weight, ParamMeta{"employees.experience_customer_weight", -2, 2, "1", "experience gained per unit of unit customer satisfaction above baseline"});
    v(e.experience_workload_weight, ParamMeta{"employees.experience_workload_weight", 0, 5, "1", "experience lost per unit of overload (demand / capacity - 1)"});
    v(e.experience_to_engagement_per_year, ParamMeta{"employees.experience_to_engagement_per_year", 0, 365, "1/year", "engagement change per unit of experience above baseline"});
    v(e.emotional_labour_per_year, ParamMeta{"employees.emotional_labour_per_year", 0, 365, "1/year", "front-line ambassadorship erosion rate per unit of (1-engagement) x load"});
    v(e.attrition_front_line_per_year, ParamMeta{"employees.attrition_front_line_per_year", 0, 20, "1/year", "front-line quit hazard at baseline engagement and experience"});
    v(e.attrition_back_office_per_year, ParamMeta{"employees.attrition_back_office_per_year", 0, 20, "1/year", "back-office quit hazard at baseline"});
    v(e.attrition_manager_per_year, ParamMeta{"employees.attrition_manager_per_year", 0, 20, "1/year", "manager quit hazard at baseline"});
    v(e.attrition_engagement_sensitivity, ParamMeta{"employees.attrition_engagement_sensitivity", 0, 50, "1", "log-hazard decrease per unit of engagement above baseline"});
    v(e.attrition_experience_sensitivity, ParamMeta{"employees.attrition_experience_sensitivity", 0, 50, "1", "log-hazard decrease per unit of experience above baseline"});
    v(e.new_hire_ramp_days, ParamMeta{"employees.new_hire_ramp_days", 0, 3650, "days", "time constant of a new hire's capacity ramp-up"});
    v(e.new_hire_customer_focus_factor, ParamMeta{"employees.new_hire_customer_focus_factor", 0, 1, "1", "new hires' customer focus relative to the baseline draw"});
    v(e.ambassador_threshold, ParamMeta{"employees.ambassador_threshold", 0, 1, "1", "an employee whose commitment index (mean of engagement, customer focus and ambassadorship) is at least this counts as an ambassador (measured, no effect on the dynamics)"});
    v(e.saboteur_threshold, ParamMeta{"employees.saboteur_threshold", 0, 1, "1", "an employee whose commitment index is below this counts as a saboteur (at most employees.ambassador_threshold)"});

    auto& g = p.programs;
    v(g.budget_per_employee_per_year, ParamMeta{"programs.budget_per_employee_per_year", 0, 1e7, "currency/employee/year", "program budget allocated by the strategy"});
    v(g.saturation_scope, ParamMeta{"programs.saturation_scope", 0, 0, "", "diminishing returns per family (splitting a family's money over its programs buys no more total pressure) or per program", kSaturationChoices});
    auto program = [&](auto& ps, const char* saturation, const char* lag, const char* gain, const char* name,
                       const char* effect) {
        v(ps.saturation, ParamMeta{saturation, 1e-6, 1e9, "currency/employee/year", name});
        v(ps.lag_days, ParamMeta{lag, 0, 3650, "days", "time constant from spend to effect"});
        v(ps.gain_per_year, ParamMeta{gain, 0, 365, "1/year", effect});
    };
    program(g.career, "programs.career_saturation", "programs.career_lag_days", "programs.career_gain_per_year",
            "spend giving 63% of the maximum pressure, career and growth (engagement family)",
            "max rate a fully pressed career and growth program raises engagement");
    program(g.management, "programs.management_saturation", "programs.management_lag_days", "programs.management_gain_per_year",
            "same for management effectiveness (engagement family)",
            "max rate management effectiveness raises engagement");
    program(g.cohesion, "programs.cohesion_saturation", "programs.cohesion_lag_days", "programs.cohesion_gain_per_year",
            "same for team cohesion and morale (engagement family)", "max rate cohesion and morale raise engagement");
    program(g.alignment, "programs.alignment_saturation", "programs.alignment_lag_days", "programs.alignment_gain_per_year",
            "same for business alignment (engagement family)", "max rate business alignment raises engagement");
    program(g.training, "programs.training_saturation", "programs.training_lag_days", "programs.training_gain_per_year",
            "same for customer-value training (ambassadorship family)",
            "max rate training raises customer focus (all roles)");
    program(g.mission, "programs.mission_saturation", "programs.mission_lag_days", "programs.mission_gain_per_year",
            "same for communication of the mission (ambassadorship family)",
            "max rate mission communication raises ambassadorship");
    program(g.process, "programs.process_saturation", "programs.process_lag_days", "programs.process_gain_per_year",
            "same for process redesign (ambassadorship family)",
            "max rate process redesign raises back-office and manager customer focus");
    program(g.recognition, "programs.recognition_saturation", "programs.recognition_lag_days", "programs.recognition_gain_per_year",
            "same for recognition of customer-value behaviour (ambassadorship family)",
            "max rate recognition reinforces existing ambassadorship (logistic)");
    v(g.engagement_career_share, ParamMeta{"programs.engagement_career_share", 0, 1, "1", "share of an engagement allocation spent on career and growth"});
    v(g.engagement_management_share, ParamMeta{"programs.engagement_management_share", 0, 1, "1", "share spent on management effectiveness"});
    v(g.engagement_cohesion_share, ParamMeta{"programs.engagement_cohesion_share", 0, 1, "1", "share spent on cohesion and morale"});
    v(g.engagement_alignment_share, ParamMeta{"programs.engagement_alignment_share", 0, 1, "1", "share spent on business alignment"});
    v(g.ambassadorship_training_share, ParamMeta{"programs.ambassadorship_training_share", 0, 1, "1", "share of an ambassadorship allocation spent on training"});
    v(g.ambassadorship_mission_share, ParamMeta{"programs.ambassadorship_mission_share", 0, 1, "1", "share spent on mission communication"});
    v(g.ambassadorship_process_share, ParamMeta{"programs.ambassadorship_process_share", 0, 1, "1", "share spent on process redesign"});
    v(g.ambassadorship_recognition_share, ParamMeta{"programs.ambassadorship_recognition_share", 0, 1, "1", "share spent on recognition"});

    auto& st = p.strategy;
    v(st.name, ParamMeta{"strategy.name", 0, 0, "", "built-in strategy, or custom (uses [[strategy.phases]])", kStrategyChoices});
    v(st.switch_day, ParamMeta{"strategy.switch_day", -1, 1e7, "days", "day the *_first strategies stop the first family and fund the second (-1: half the horizon, so both families get the same money)"});

    auto& n = p.encounters;
    v(n.functional_engagement_weight, ParamMeta{"encounters.functional_engagement_weight", 0, 1, "1", "weight of the server's engagement in functional quality"});
    v(n.functional_focus_weight, ParamMeta{"encounters.functional_focus_weight", 0, 1, "1", "weight of the server's customer focus in functional quality"});
    v(n.functional_process_weight, ParamMeta{"encounters.functional_process_weight", 0, 1, "1", "weight of the unit's back-office process quality"});
    v(n.capacity_per_day, ParamMeta{"encounters.capacity_per_day", 0.01, 1e6, "encounters/day", "encounters one front-line employee handles at baseline engagement"});
    v(n.capacity_engagement_sensitivity, ParamMeta{"encounters.capacity_engagement_sensitivity", 0, 10, "1", "relative capacity change per unit of engagement above baseline"});
    v(n.service_window_days, ParamMeta{"encounters.service_window_days", 0, 365, "days", "window over which demand is pooled against capacity and workload is felt (a moving average), so results do not depend on the tick length"});
    v(n.pressure_quality_penalty, ParamMeta{"encounters.pressure_quality_penalty", 0, 10, "1", "share of quality lost per unit of overload"});
    v(n.emotional_ambassadorship_weight, ParamMeta{"encounters.emotional_ambassadorship_weight", 0, 1, "1", "weight of the server's ambassadorship in emotional quality"});
    v(n.emotional_engagement_weight, ParamMeta{"encounters.emotional_engagement_weight", 0, 1, "1", "weight of the server's engagement in emotional quality"});
    v(n.functional_noise_sd, ParamMeta{"encounters.functional_noise_sd", 0, 1, "1", "encounter-to-encounter noise in functional quality"});
    v(n.emotional_noise_sd, ParamMeta{"encounters.emotional_noise_sd", 0, 1, "1", "encounter-to-encounter noise in emotional quality"});

    auto& c = p.customers;
    v(c.customers, ParamMeta{"customers.customers", 1, 1e9, "customers", "active customers at the start of the warm-up (or of the run without one); with an auto-sized market the warm-up ends at the market's own stationary number near it, about 2% fewer at the defaults (docs/model.md 5)"});
    v(c.prospects, ParamMeta{"customers.prospects", -1, 1e10, "people", "people in the market who never were customers; -1 = the stationary market (prospects and former customers whose flows balance churn, docs/model.md 5)"});
    v(c.needs_per_year, ParamMeta{"customers.needs_per_year", 0, 365, "1/year", "service needs per active customer"});
    beta(c.satisfaction, "customers.satisfaction_mean", "customers.satisfaction_concentration", "mean satisfaction of customers at the start and on acquisition");
    beta(c.bond, "customers.bond_mean", "customers.bond_concentration", "mean emotional bond at the start and on acquisition");
    v(c.satisfaction_learning, ParamMeta{"customers.satisfaction_learning", 0, 1, "1", "weight of one encounter's functional quality in satisfaction"});
    v(c.bond_learning, ParamMeta{"customers.bond_learning", 0, 1, "1", "weight of one encounter's emotional quality in the bond"});
    v(c.satisfaction_decay_per_year, ParamMeta{"customers.satisfaction_decay_per_year", 0, 365, "1/year", "rate satisfaction returns to baseline between encounters"});
    v(c.bond_decay_per_year, ParamMeta{"customers.bond_decay_per_year", 0, 365, "1/year", "rate the bond returns to baseline between encounters"});
    v(c.unserved_satisfaction_penalty, ParamMeta{"customers.unserved_satisfaction_penalty", 0, 1, "1", "share of satisfaction lost when a need goes unserved"});
    v(c.unserved_bond_penalty, ParamMeta{"customers.unserved_bond_penalty", 0, 1, "1", "share of the bond lost when a need goes unserved"});
    v(c.loyalty_satisfaction_weight, ParamMeta{"customers.loyalty_satisfaction_weight", 0, 1, "1", "weight of satisfaction in loyalty"});
    v(c.loyalty_bond_weight, ParamMeta{"customers.loyalty_bond_weight", 0, 1, "1", "weight of the bond in loyalty"});
    v(c.advocacy_satisfaction_weight, ParamMeta{"customers.advocacy_satisfaction_weight", 0, 1, "1", "weight of satisfaction in the likelihood to recommend"});
    v(c.advocacy_bond_weight, ParamMeta{"customers.advocacy_bond_weight", 0, 1, "1", "weight of the bond in the likelihood to recommend"});
    v(c.advocacy_offset, ParamMeta{"customers.advocacy_offset", -1, 1, "1", "added to the weighted score before scaling to 0-10"});
    v(c.advocacy_idiosyncratic_sd, ParamMeta{"customers.advocacy_idiosyncratic_sd", 0, 1, "1", "spread of customers' fixed disposition to recommend"});
    v(c.churn_per_year, ParamMeta{"customers.churn_per_year", 0, 50, "1/year", "churn hazard at the reference loyalty"});
    v(c.churn_loyalty_sensitivity, ParamMeta{"customers.churn_loyalty_sensitivity", 0, 50, "1", "log-hazard decrease per unit of loyalty above the reference"});
    v(c.loyalty_reference, ParamMeta{"customers.loyalty_reference", 0, 1, "1", "loyalty at which churn and spend take their reference values"});
    v(c.spend_per_year, ParamMeta{"customers.spend_per_year", 0, 1e9, "currency/customer/year", "spend at the reference loyalty"});
    v(c.spend_loyalty_sensitivity, ParamMeta{"customers.spend_loyalty_sensitivity", 0, 50, "1", "relative spend change per unit of loyalty above the reference"});
    v(c.referral_bond_bonus, ParamMeta{"customers.referral_bond_bonus", 0, 1, "1", "added to the initial bond of customers acquired by referral"});

    auto& m = p.market;
    v(m.network, ParamMeta{"market.network", 0, 0, "", "referral network among people in the market", kNetworkChoices});
    v(m.mean_degree, ParamMeta{"market.mean_degree", 0, 1000, "ties", "mean referral ties per person (small_world, scale_free)"});
    v(m.rewire_probability, ParamMeta{"market.rewire_probability", 0, 1, "1", "small-world rewiring probability"});
    v(m.bass_p_per_year, ParamMeta{"market.bass_p_per_year", 0, 50, "1/year", "Bass innovation coefficient p (marketing)"});
    v(m.bass_q_per_year, ParamMeta{"market.bass_q_per_year", 0, 50, "1/year", "Bass imitation coefficient q (per share of promoters one is exposed to)"});
    v(m.negative_wom_per_year, ParamMeta{"market.negative_wom_per_year", 0, 50, "1/year", "adoption hazard removed per share of detractors one is exposed to"});
    v(m.renewal_per_year, ParamMeta{"market.renewal_per_year", 0, 50, "1/year", "rate at which a former customer leaves the market and is replaced by someone who never was a customer (moves, life events): what keeps the market stationary"});
    v(m.winback_factor, ParamMeta{"market.winback_factor", 0, 1, "1", "churned customers re-adopt at this fraction of a prospect's hazard"});
    (void)inf;
}

}  // namespace ambassim
