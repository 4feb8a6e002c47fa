// Sources of parameter defaults (see param_sources.hpp and
// ../shared/reference-figures.md for the figures). Every model parameter has
// an entry: the published figure behind its default, or "modelling choice:"
// and the reason for the value when no source exists. The validation suite
// (docs/validation.md) checks the sourced figures the defaults produce.
#include "models/param_sources.hpp"

#include <array>
#include <utility>

namespace ambassim {
namespace {

constexpr std::string_view kSatisfactionWeak =
    "satisfaction predicts repurchase behaviour weakly (Curtis et al. 2011; Mittal & Kamakura 2001), "
    "commitment drives word of mouth (de Matos & Rossi 2008); checked by validation behaviour.*";
constexpr std::string_view kInitialSpread =
    "modelling choice: concentration 20 gives a between-employee SD of about 0.1 on the 0-1 scale, a moderate "
    "spread for a survey index";
constexpr std::string_view kProgramSaturation =
    "modelling choice: 63% of the maximum effect at 1,000 per employee per year, so the default budget (1,500) "
    "sits on the diminishing-returns part of the curve";
constexpr std::string_view kProgramGain =
    "modelling choice: calibrated (issues #7, #12) so a year of the whole budget on one family moves that family's "
    "target state by about 0.05 and NPS by 5-10 points, the same for both families; the first draft's +50 NPS "
    "points a year were implausible";
constexpr std::string_view kQuarterSplit = "modelling choice: no evidence favours one program; equal split";
constexpr std::string_view kRun = "modelling choice: run setting, not a property of the modelled company";

constexpr std::array<std::pair<std::string_view, std::string_view>, 127> kSources{{
    {"simulation.ticks", "modelling choice: one year of daily ticks, the horizon strategists plan for"},
    {"simulation.dt_days", "modelling choice: one day, short against every rate (fastest: needs, 12 a year)"},
    {"simulation.warmup_coarse_dt_days",
     "modelling choice: weekly ticks for the spin-up (needs, churn and adoption are sampled exactly at any tick "
     "length; the tick-length test checks it)"},
    {"simulation.warmup_fine_days",
     "modelling choice: a year at the run's tick length; with 90 days, front-line attrition in the first recorded "
     "year was about 15% below later years (a transient after the switch whose cause was not found)"},
    {"simulation.warmup_days",
     "modelling choice: twenty years, long against the slowest relaxation of the full model (the former customers' "
     "pool, at the renewal rate, about 7 years): runs start at the steady state (issue #12: a one-year warm-up left a "
     "drift of 2-18% in active customers over eight years, an eight-year one with the market rebalanced throughout "
     "-140 to -220 of 20,000)"},
    {"simulation.warmup_balanced_days",
     "modelling choice: two years, while the customers' memories relax from their initial draws; after it the pools "
     "relax freely for eighteen years (docs/model.md 5, \"The free part of the warm-up\": eight-year drift of active "
     "customers under `none` -43 +- 41, former customers -36 +- 46, 16 seeds); free years cost less than balanced "
     "ones (no monthly pass over the market)"},
    {"simulation.warmup_arrangement_years",
     "modelling choice: a century of the market's status process, long against its slowest relaxation (prospects "
     "without customer ties adopt at p = 0.03/yr, too slow for the warm-up's free part); with an eight-year warm-up "
     "it cut the drift of active customers under `none` from -273 +- 61 to about -140 (docs/model.md 5) for 0.6 s of "
     "one core per world at the default size"},
    {"organisation.employees", kRun},
    {"organisation.units", "modelling choice: ten branches of 100 staff (unit-level figures need units)"},
    {"organisation.front_line_share", "modelling choice: a customer-facing service business (60% front line)"},
    {"organisation.manager_share", "modelling choice: spans of control of about 9"},
    {"organisation.peer_ties", "modelling choice: a handful of close colleagues per employee"},
    {"organisation.cross_team_tie_share", "modelling choice: mostly within-team ties (small-world organisation)"},
    {"organisation.unit_culture_sd", "modelling choice: units differ modestly in culture (SD 0.05 of the 0-1 scale)"},
    {"organisation.unit_market_sd",
     "calibrated: unit engagement vs customer satisfaction r = .33 across units (Harter, Schmidt & Hayes 2002); "
     "without a local-market term r is about .85; checked by validation link.r"},
    {"organisation.management_effectiveness", "modelling choice: managers half as effective as they could be"},
    {"organisation.front_line_cost_per_year",
     "US customer service representatives' median wage $39,680 a year (BLS OEWS May 2023, 43-4051) over wages' "
     "70% share of employer compensation cost (BLS ECEC 2023): about $55,000 fully loaded, in the currency units "
     "of programs.budget_per_employee_per_year"},
    {"employees.engagement_mean",
     "modelling choice: mid-scale engagement; the units carry no survey scale, only relative changes matter"},
    {"employees.engagement_concentration", kInitialSpread},
    {"employees.customer_focus_mean", "modelling choice: below engagement (customer focus is the thing to build)"},
    {"employees.customer_focus_concentration", kInitialSpread},
    {"employees.ambassadorship_mean",
     "Lowenstein's survey: 15.5% ambassadors, 29.5% saboteurs; a low mean (0.30) leaves most employees short of "
     "ambassadorship"},
    {"employees.ambassadorship_concentration", kInitialSpread},
    {"employees.experience_mean", "modelling choice: mid-scale experience"},
    {"employees.experience_concentration", kInitialSpread},
    {"employees.engagement_decay_per_year",
     "modelling choice: engagement programs act within weeks and fade within months unless sustained (design notes)"},
    {"employees.customer_focus_decay_per_year",
     "calibrated (issue #12): fades within about a year without reinforcement, so three years of the whole budget "
     "lift NPS by about 18 points, mid-range of published NPS programmes (docs/validation.md)"},
    {"employees.ambassadorship_decay_per_year",
     "calibrated (issue #12): as customer focus; slower than engagement (3 a year), so the family's effect is more "
     "durable, but at 0.5 a year three years of the budget lifted NPS by 26 points, the top of published cases"},
    {"employees.peer_influence_per_year", "modelling choice: colleagues pull one toward them within about a year"},
    {"employees.manager_influence_per_year", "modelling choice: a manager pulls twice as hard as peers"},
    {"employees.noise_sd_per_sqrt_year", "modelling choice: small idiosyncratic drift (0.05 a year)"},
    {"employees.experience_adjust_per_year", "modelling choice: experience follows its causes within a month"},
    {"employees.experience_meaning_weight",
     "modelling choice: meaning from ambassadorial work is the largest driver of experience (ambassadorship idea)"},
    {"employees.experience_engagement_weight", "modelling choice: engagement and experience move together"},
    {"employees.experience_customer_weight", "modelling choice: staff feel their customers doing better"},
    {"employees.experience_workload_weight", "modelling choice: overload hurts (Oliva & Sterman 2001)"},
    {"employees.experience_to_engagement_per_year", "modelling choice: experience feeds engagement within a year"},
    {"employees.emotional_labour_per_year",
     "modelling choice: sustained emotional labour without engagement erodes ambassadorship (design notes)"},
    {"employees.attrition_front_line_per_year",
     "calibrated (issues #7, #12) so the realised front-line attrition of the stationary default world is about "
     "0.375/yr, the midpoint of contact-centre attrition 30-45%/yr (US quits about 28%/yr in 2019), in year 1 and "
     "in years 2-3; checked by validation world.front_line_attrition*"},
    {"employees.attrition_back_office_per_year", "modelling choice: below the US quit rate (about 28%/yr in 2019)"},
    {"employees.attrition_manager_per_year", "modelling choice: managers stay longest"},
    {"employees.attrition_engagement_sensitivity",
     "unit engagement vs turnover r = -.30 (Harter, Schmidt & Hayes 2002)"},
    {"employees.attrition_experience_sensitivity", "modelling choice: as strong as engagement"},
    {"employees.new_hire_ramp_days", "modelling choice: about two months to full productivity"},
    {"employees.new_hire_customer_focus_factor",
     "modelling choice: new hires start at the baseline (1 = no knowledge penalty)"},
    {"employees.ambassador_threshold",
     "Lowenstein's survey: 15.5% ambassadors; about the 84.5% quantile of the index over reference worlds under `none` "
     "(section 7.9)"},
    {"employees.saboteur_threshold",
     "Lowenstein's survey: 29.5% saboteurs; about the 29.5% quantile of the index over reference worlds under `none` "
     "(section 7.9)"},
    {"programs.budget_per_employee_per_year",
     "modelling choice: about 10% of the $10-20k cost of replacing an agent, per employee and year"},
    {"programs.saturation_scope",
     "modelling choice: the same diminishing-returns rule for both families, per family, so no family buys more "
     "pressure by having more programs (issue #12)"},
    {"programs.career_saturation", kProgramSaturation},
    {"programs.career_lag_days", "modelling choice: career paths take about two months to be felt"},
    {"programs.career_gain_per_year", kProgramGain},
    {"programs.management_saturation", kProgramSaturation},
    {"programs.management_lag_days", "modelling choice: better management is felt within a month"},
    {"programs.management_gain_per_year", kProgramGain},
    {"programs.cohesion_saturation", kProgramSaturation},
    {"programs.cohesion_lag_days", "modelling choice: team events and morale act within weeks (design notes)"},
    {"programs.cohesion_gain_per_year", kProgramGain},
    {"programs.alignment_saturation", kProgramSaturation},
    {"programs.alignment_lag_days", "modelling choice: explaining business goals is felt within a month"},
    {"programs.alignment_gain_per_year", kProgramGain},
    {"programs.training_saturation", kProgramSaturation},
    {"programs.training_lag_days", "modelling choice: training takes about two months to show"},
    {"programs.training_gain_per_year", kProgramGain},
    {"programs.mission_saturation", kProgramSaturation},
    {"programs.mission_lag_days", "modelling choice: communication of the mission builds over months"},
    {"programs.mission_gain_per_year", kProgramGain},
    {"programs.process_saturation", kProgramSaturation},
    {"programs.process_lag_days", "modelling choice: process redesign is the slowest (four months)"},
    {"programs.process_gain_per_year", kProgramGain},
    {"programs.recognition_saturation", kProgramSaturation},
    {"programs.recognition_lag_days", "modelling choice: recognition acts within weeks of being noticed"},
    {"programs.recognition_gain_per_year", kProgramGain},
    {"programs.engagement_career_share", kQuarterSplit},
    {"programs.engagement_management_share", kQuarterSplit},
    {"programs.engagement_cohesion_share", kQuarterSplit},
    {"programs.engagement_alignment_share", kQuarterSplit},
    {"programs.ambassadorship_training_share", kQuarterSplit},
    {"programs.ambassadorship_mission_share", kQuarterSplit},
    {"programs.ambassadorship_process_share", kQuarterSplit},
    {"programs.ambassadorship_recognition_share", kQuarterSplit},
    {"strategy.name", "modelling choice: no programs, the yardstick"},
    {"strategy.switch_day", "modelling choice: half the horizon, so both *_first strategies spend the same money on each family"},
    {"encounters.functional_engagement_weight",
     "unit engagement vs customer outcomes r = .33 (Harter et al. 2002), mediated by service quality "
     "(Brown & Lam 2008); checked by validation link.*"},
    {"encounters.functional_focus_weight", "modelling choice: knowledge almost as important as effort"},
    {"encounters.functional_process_weight", "modelling choice: a quarter of quality comes from back-office processes"},
    {"encounters.capacity_per_day",
     "calibrated: baseline demand / capacity about 0.85 at 20 customers per employee"},
    {"encounters.capacity_engagement_sensitivity",
     "modelling choice: engagement vs productivity r = .25 (Harter et al. 2002) read as proportional effort"},
    {"encounters.service_window_days",
     "modelling choice: a need not met within about a week is lost, and staff feel workload over a week"},
    {"encounters.pressure_quality_penalty", "modelling choice: overload cuts corners (Oliva & Sterman 2001)"},
    {"encounters.emotional_ambassadorship_weight",
     "authentic empathy and owning the problem move customer emotion (Hennig-Thurau et al. 2006): ambassadorship is "
     "the main driver"},
    {"encounters.emotional_engagement_weight",
     "modelling choice: an engaged employee is also warmer, a smaller share than ambassadorship (Barger & Grandey 2006: "
     "displayed positivity matters through service appraisal)"},
    {"encounters.functional_noise_sd", "modelling choice: encounters vary (SD 0.1)"},
    {"encounters.emotional_noise_sd",
     "authentic empathy, not displayed effort, moves customer emotion (Hennig-Thurau et al. 2006)"},
    {"customers.customers", kRun},
    {"customers.prospects", "modelling choice: a market that replaces the customers it loses (stationary under none)"},
    {"customers.needs_per_year", "modelling choice: about one contact a month"},
    {"customers.satisfaction_mean", "modelling choice: mid-scale satisfaction"},
    {"customers.satisfaction_concentration", "modelling choice: a broad spread among new customers (SD 0.15)"},
    {"customers.bond_mean", "modelling choice: a weak initial bond that service must build"},
    {"customers.bond_concentration", "modelling choice: a broad spread among new customers (SD 0.14)"},
    {"customers.satisfaction_learning", "modelling choice: one encounter moves satisfaction a lot (recency)"},
    {"customers.bond_learning", "modelling choice: the bond builds over a dozen encounters"},
    {"customers.satisfaction_decay_per_year", "modelling choice: satisfaction is forgotten within months"},
    {"customers.bond_decay_per_year", "modelling choice: the bond lasts years (commitment)"},
    {"customers.unserved_satisfaction_penalty", "modelling choice: an unserved need hurts satisfaction clearly"},
    {"customers.unserved_bond_penalty", "modelling choice: and the bond a little"},
    {"customers.loyalty_satisfaction_weight", kSatisfactionWeak},
    {"customers.loyalty_bond_weight", kSatisfactionWeak},
    {"customers.advocacy_satisfaction_weight", kSatisfactionWeak},
    {"customers.advocacy_bond_weight", kSatisfactionWeak},
    {"customers.advocacy_offset",
     "calibrated (0.40 -> 0.42 in issue #7) so the default NPS is near the telecom average +24, inside the US "
     "industry range +9 to +43 (2017); checked by validation world.nps"},
    {"customers.advocacy_idiosyncratic_sd", "modelling choice: customers differ in their readiness to recommend"},
    {"customers.churn_per_year",
     "mobile telecom 12-31%/yr, US retail banks 7-11%/yr; checked by validation world.customer_churn"},
    {"customers.churn_loyalty_sensitivity",
     "modelling choice: loyalty 0.17 below the reference doubles the churn hazard (larger values leave the "
     "default market non-stationary)"},
    {"customers.loyalty_reference", "modelling choice: loyalty at the baseline satisfaction and bond"},
    {"customers.spend_per_year", "modelling choice: a currency unit per customer and year (relative results)"},
    {"customers.spend_loyalty_sensitivity", "modelling choice: loyal customers spend more (share of wallet)"},
    {"customers.referral_bond_bonus",
     "referred customers are more loyal (Schmitt, Skiera & Van den Bulte 2011)"},
    {"market.network", "modelling choice: referral ties are local with a few long ties (Goldenberg, Libai & Muller 2001)"},
    {"market.mean_degree", "modelling choice: about ten people one talks to about a provider"},
    {"market.rewire_probability", "modelling choice: 10% weak long-range ties (Goldenberg, Libai & Muller 2001)"},
    {"market.bass_p_per_year",
     "Bass p = 0.03 (Sultan, Farley & Lehmann 1990 meta-analysis); checked by validation bass.*"},
    {"market.bass_q_per_year",
     "Bass q = 0.38 (Sultan, Farley & Lehmann 1990 meta-analysis); checked by validation bass.*"},
    {"market.negative_wom_per_year", "modelling choice: detractors deter, weaker than promoters attract"},
    {"market.renewal_per_year",
     "modelling choice: about one person in ten moves or changes life stage each year (US residential mobility is "
     "about 10%/yr); without renewal every person eventually becomes a former customer and the market drifts"},
    {"market.winback_factor", "modelling choice: former customers are half as easy to win as prospects"},
}};

}  // namespace

std::string_view param_source(std::string_view key) {
    for (const auto& [k, source] : kSources)
        if (k == key) return source;
    return {};
}

}  // namespace ambassim
