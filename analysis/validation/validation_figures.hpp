// The figures the validation suite measures on run files: the adoption curve
// against the Bass closed form, annual attrition / churn / NPS, the
// unit-level engagement-satisfaction correlation with and without encounter
// quality, and the customer-level correlations of satisfaction and bond with
// staying. Pure functions of recorded series (tested on synthetic data in
// tests/analysis/test_validation_figures.cpp); the *_from_file overloads
// read a run file through H5Input.
#pragma once

#include "analysis/compare/run_figures.hpp"

#include <cstdint>
#include <filesystem>
#include <limits>
#include <vector>

namespace ambassim::validation {

struct BassCurve {
    double p = 0, q = 0;           // per year, from the run's parameters
    std::vector<double> years;     // end of each tick
    std::vector<double> share;     // simulated adopted share of the market
    std::vector<double> bass;      // closed form from the same F(0)
    double max_abs_deviation = 0;  // max |share - bass| over the run
    double peak_time = 0;          // years until share reaches the Bass peak share 1/2 - p/(2q)
    double bass_peak_time = 0;     // the same on the closed form
};
// `active` per tick, `market` = everyone in the market, `f0` the share active
// before the first tick.
BassCurve bass_curve(const std::vector<double>& days, const std::vector<double>& active, double market, double p,
                     double q, double f0);
BassCurve bass_curve_from_file(const std::filesystem::path& file);

struct WorldFigures {
    double front_line_attrition_per_year = 0;  // front-line quits / mean front-line head count / years
    double churn_per_year = 0;                 // customers lost / mean active customers / years
    double nps = 0;                            // mean over the recorded ticks
};
// Over the recorded days (first_day, last_day] (default: the whole run).
WorldFigures world_figures(const SeriesGetter& get, double dt_days, double first_day = 0,
                           double last_day = std::numeric_limits<double>::infinity());
WorldFigures world_figures_from_file(const std::filesystem::path& file, double first_day = 0,
                                     double last_day = std::numeric_limits<double>::infinity());

struct UnitLink {
    std::vector<double> engagement, satisfaction, quality;  // one value per unit
    double r = 0;         // r(engagement, satisfaction) across units
    double partial = 0;   // the same controlling for mean functional and emotional encounter quality
    double mediated = 0;  // share of r removed by the control: 1 - partial / r
};
// Unit means at the last tick (a survey of staff and customers), encounter
// quality averaged over the last `quality_window` ticks (the memory a
// customer's satisfaction carries). Series are [tick x unit], row-major.
UnitLink unit_link(const SeriesGetter& get, std::int64_t units, std::int64_t quality_window);
UnitLink unit_link_from_file(const std::filesystem::path& file, std::int64_t quality_window);

struct Behaviour {
    std::int64_t customers = 0;     // active at the first snapshot
    double retained_share = 0;      // still active at the second
    double r_satisfaction = 0;      // point-biserial r(satisfaction at the first, still active at the second)
    double r_bond = 0;              // r(bond at the first, still active at the second)
};
// Person-level snapshots: state at the first, status (1 = active) at the
// second. Several windows can be pooled by concatenating their vectors.
Behaviour behaviour(const std::vector<double>& satisfaction, const std::vector<double>& bond,
                    const std::vector<double>& status_first, const std::vector<double>& status_second);
// Pools every pair of consecutive snapshots of a run file (state at snapshot
// k, status at snapshot k+1); needs at least two customer snapshots.
Behaviour behaviour_from_file(const std::filesystem::path& file);

}  // namespace ambassim::validation
