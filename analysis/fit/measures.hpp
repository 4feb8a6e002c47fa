// The figures a company reports about itself (annual customer churn, NPS,
// referral share, staff attrition, engagement survey score, Lowenstein's
// ambassador and saboteur shares), each computed over a period of a run from
// the recorded series (sim/output/series_table.cpp). They are the target
// names of `ambassim calibrate` and the measures `ambassim optimise` reports.
#pragma once

#include "sim/runs/compare.hpp"

#include <string>
#include <vector>

namespace ambassim {

struct CompanyMeasure {
    std::string name;      // target name in a targets file, e.g. "churn"
    std::string units;
    std::string doc;
    double min, max;       // the values the measure can take (a target outside is infeasible)
};

// Every measure, in report order.
const std::vector<CompanyMeasure>& company_measures();
const CompanyMeasure* find_company_measure(const std::string& name);
// "churn, nps, ..." for messages.
std::string company_measure_names();

// A period of the recorded run: days (from_day, to_day], 0 = the start of recording.
struct Period {
    double from_day = 0, to_day = 0;
};

// The measure over `period` for run (strategy, replicate) of `data`: flows
// are summed and annualised against the period's mean stock, states averaged
// over the period's ticks.
double company_measure(const ComparisonData& data, const std::string& name, std::size_t strategy,
                       std::size_t replicate, const Period& period);

}  // namespace ambassim
