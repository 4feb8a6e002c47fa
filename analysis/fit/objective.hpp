// Objectives of `ambassim optimise`: a weighted sum of terms, each a measure
// of a run (retention, nps, referrals, net_revenue, spend) either at the
// horizon (its mean over the last 30 days of the run) or cumulated (its mean
// over the whole run), e.g. "nps", "retention@horizon",
// "0.7*nps + 0.3*referrals", "net_revenue - 0.5*spend". Objectives are
// maximised; a negative weight minimises a term.
#pragma once

#include "sim/runs/compare.hpp"

#include <string>
#include <vector>

namespace ambassim {

struct ObjectiveTerm {
    double weight = 1;
    std::string measure;  // a name of objective_measures()
    bool at_horizon = false;
};

struct Objective {
    std::string text;  // as given
    std::vector<ObjectiveTerm> terms;
};

struct ObjectiveMeasure {
    const char* name;
    const char* units;
    const char* doc;
};
const std::vector<ObjectiveMeasure>& objective_measures();

// Parses an objective; throws InputError "<option>: <problem>" naming the bad term.
Objective parse_objective(const std::string& text, const std::string& option);

// The objective's value for run (strategy, replicate) of `data`.
double objective_value(const Objective& o, const ComparisonData& data, std::size_t strategy, std::size_t replicate);

}  // namespace ambassim
