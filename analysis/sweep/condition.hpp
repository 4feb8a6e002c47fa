// Conditions of interest for scenario discovery (`ambassim analyze
// --discover`), in a small syntax documented in docs/sweep-format.md:
//   OUTCOME[/METRIC]: STRATEGY OP STRATEGY   paired, per point: the replicate
//                                            mean of the difference (a - b)
//   OUTCOME[/METRIC]: STRATEGY OP NUMBER     a threshold on one strategy's
//                                            replicate mean
// OP is one of > >= < <=; METRIC defaults to horizon (else total, else the
// outcome's first metric). Example: "nps: ambassadorship_first > engagement_first".
#pragma once

#include "analysis/sweep/sweep_data.hpp"

#include <string>
#include <vector>

namespace ambassim {

enum class CompareOp { greater, greater_equal, less, less_equal };

struct Condition {
    std::string text;          // as given
    std::size_t metric = 0;    // index into SweepData::metrics
    std::size_t a = 0;         // strategy
    bool paired = true;        // a OP b (else a OP threshold)
    std::size_t b = 0;
    double threshold = 0;
    CompareOp op = CompareOp::greater;
};

// Parses against the sweep's outcomes and strategies; InputError naming the
// problem ("--discover: unknown strategy `x`; did you mean `y`?").
Condition parse_condition(const std::string& text, const SweepData& d);
// [point]: 1 where the condition holds (a NaN mean never satisfies it).
std::vector<char> evaluate(const Condition& c, const SweepData& d);
// "nps/horizon: ambassadorship_first > engagement_first", normalised.
std::string condition_label(const Condition& c, const SweepData& d);

}  // namespace ambassim
