// The bottom line of a comparison: the few facts a strategist decides on,
// computed from a ComparisonSummary (no new statistics): for loyalty, advocacy,
// referrals and money the winner, its margin over the runner-up with the 95%
// interval of the paired difference, and the day it leads from; then each
// strategy's payback day against `none`.
#pragma once

#include "analysis/compare/comparison.hpp"

#include <optional>
#include <string>
#include <vector>

namespace ambassim {

struct Headline {
    std::string aspect;             // "Loyalty", "Advocacy", "Referrals", "Money"
    std::string winner_phrase;      // "keeps the most customers" (headline_aspects())
    std::size_t outcome = 0;        // into outcomes()
    std::string metric;             // horizon | total
    std::size_t winner = 0, runner_up = 0;  // strategy indices (best and second-best mean)
    PairedDifference margin;        // winner - runner_up, paired over replicates
    bool clear = false;             // the margin's 95% interval excludes zero
    std::optional<double> ahead_from_day;  // winner strictly ahead of the runner-up from this day on
    bool ahead_from_start = false;
};

struct Payback {
    std::size_t strategy = 0;
    // First day from which the strategy's cumulative revenue net of program
    // spend stays at or above `none`'s (mean over replicates): nullopt if it
    // is below at the horizon.
    std::optional<double> day;
    PairedDifference gain;  // net revenue minus none's, total at the horizon
};

struct BottomLine {
    std::vector<Headline> headlines;
    std::optional<std::size_t> none;  // index of `none` among the strategies
    std::vector<Payback> payback;     // every other strategy, in comparison order
};

// Needs at least two strategies (with one there is nothing to decide).
BottomLine bottom_line(const ComparisonSummary& s);

// Whether verdict v is a headline one: for loyalty, advocacy, referrals and
// money, the winner (of `b`, the summary's bottom line) against every other
// strategy, plus engagement_first against ambassadorship_first (the question
// the tool exists for).
bool is_headline_verdict(const BottomLine& b, const ComparisonSummary& s, const PairVerdict& v);

// One sentence per aspect and one for payback, unwrapped: (label, text).
std::vector<std::pair<std::string, std::string>> bottom_line_sentences(const BottomLine& b, const ComparisonSummary& s);

// About 5-10 lines wrapped to `width` columns (labels of the aspects in a
// left column): what `compare` prints first.
std::string format_bottom_line(const BottomLine& b, const ComparisonSummary& s, std::size_t width);

// The winner of each headline aspect per scenario (or "no clear winner"),
// and which aspects' answer turns between scenarios: what `compare a.toml
// b.toml ...` prints last.
std::string format_winners_by_scenario(const std::vector<std::pair<std::string, ComparisonSummary>>& scenarios,
                                       std::size_t width);

// Word-wraps `text` to `width` columns; continuation lines start with
// `indent` spaces (the first line is not indented).
std::string wrap_text(const std::string& text, std::size_t width, std::size_t indent);

}  // namespace ambassim
