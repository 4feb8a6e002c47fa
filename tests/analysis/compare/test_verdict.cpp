// Tests for analysis/verdict.cpp: exact sentences for wins, losses, ties.
#include "analysis/compare/comparison.hpp"

#include <catch2/catch.hpp>

#include <cmath>

using namespace ambassim;

namespace {
const Outcome kCustomers{"active_customers", "active customers", "customers", OutcomeKind::stock, true};
const Outcome kNps{"nps", "NPS", "points", OutcomeKind::stock, false};
const Outcome kRevenue{"revenue", "revenue", "currency", OutcomeKind::flow, true};
}  // namespace

TEST_CASE("a significant relative win names the winner, the size, the interval and the crossover", "[verdict]") {
    // a = 104, b = 100 on average: +4.0% (CI 3.0% to 5.0% of b)
    const PairedDifference d = paired_difference({103, 104, 105}, {100, 100, 100});
    CHECK(verdict_sentence(kCustomers, "horizon", "ambassadorship_first", "engagement_first", d, 365, 97.0, false, false) ==
          "ambassadorship_first has 4.0% more active customers than engagement_first (95% CI 1.5% to 6.5%) on day 365; "
          "overtakes engagement_first on day 97");
    // Level before the crossover day, never behind: the day is stated as in the CSV.
    CHECK(verdict_sentence(kCustomers, "horizon", "ambassadorship_first", "engagement_first", d, 365, 97.0, true, false) ==
          "ambassadorship_first has 4.0% more active customers than engagement_first (95% CI 1.5% to 6.5%) on day 365; "
          "level with engagement_first until day 96, ahead from day 97");
    // No crossover day (a tie at the horizon, or a mean-over-run metric): nothing is said about one.
    CHECK(verdict_sentence(kCustomers, "horizon", "ambassadorship_first", "engagement_first", d, 365, std::nullopt, false,
                           false) ==
          "ambassadorship_first has 4.0% more active customers than engagement_first (95% CI 1.5% to 6.5%) on day 365");
}

TEST_CASE("when b wins, b becomes the subject and the base is a", "[verdict]") {
    const PairedDifference d = paired_difference({100, 100, 100}, {109, 110, 111});  // b is 10% above a
    CHECK(verdict_sentence(kRevenue, "total", "none", "balanced", d, 365, 1.0, true, true) ==
          "balanced has 10.0% more revenue than none (95% CI 7.5% to 12.5%) by day 365; ahead of none from the first day");
}

TEST_CASE("for outcomes where fewer is better the lower one is the subject", "[verdict]") {
    const Outcome churned{"churned", "customers lost", "customers", OutcomeKind::flow, true, false};
    // a loses 90 on average, b loses 100: a has 10% fewer (base b = 100)
    const PairedDifference d = paired_difference({89, 90, 91}, {100, 100, 100});
    CHECK(verdict_sentence(churned, "total", "a", "b", d, 365, 40.0, false, false) ==
          "a has 10.0% fewer customers lost than b (95% CI 7.5% to 12.5%) by day 365; stays below b from day 40");
    CHECK(verdict_sentence(churned, "total", "a", "b", d, 365, 1.0, true, true) ==
          "a has 10.0% fewer customers lost than b (95% CI 7.5% to 12.5%) by day 365; below b from the first day");
}

TEST_CASE("identical runs and interrupted runs are said as such", "[verdict]") {
    const PairedDifference same = paired_difference({5, 6, 7}, {5, 6, 7});
    CHECK(verdict_sentence(kNps, "horizon", "a", "b", same, 365, std::nullopt, false, false) ==
          "a and b are identical in NPS on day 365 in every replicate");
    const PairedDifference nan = paired_difference({NAN, 1, 2}, {1, 1, 2});
    CHECK(verdict_sentence(kNps, "horizon", "a", "b", nan, 365, std::nullopt, false, false) ==
          "NPS on day 365 between a and b: not computed (runs were interrupted before the horizon)");
}

TEST_CASE("absolute outcomes are stated in their units", "[verdict]") {
    const PairedDifference d = paired_difference({12, 13, 14}, {2, 3, 4});
    CHECK(verdict_sentence(kNps, "average", "a", "b", d, 180, std::nullopt, true, false) ==
          "a's NPS is 10.0 points higher than b's (95% CI 10.0 to 10.0) on average over 180 days");
    const PairedDifference money = paired_difference({1200, 1300, 1400}, {200, 300, 400});
    CHECK(verdict_sentence(Outcome{"net_revenue", "revenue net of program spend", "currency", OutcomeKind::flow, false},
                           "total", "a", "b", money, 365, std::nullopt, false, false, "EUR") ==
          "a's revenue net of program spend is 1,000 EUR higher than b's (95% CI 1,000 to 1,000) by day 365");
}

TEST_CASE("an interval spanning zero is never called a win", "[verdict]") {
    const PairedDifference d = paired_difference({101, 99, 100}, {100, 100, 100});
    CHECK(verdict_sentence(kCustomers, "horizon", "a", "b", d, 365, 20.0, true, false) ==
          "no clear difference in active customers between a and b on day 365 (a - b = 0, 95% CI -2 to 2)");
    const PairedDifference one = paired_difference({101}, {100});
    CHECK(verdict_sentence(kCustomers, "horizon", "a", "b", one, 365, 20.0, true, false) ==
          "no clear difference in active customers between a and b on day 365 (a single replicate gives no interval: "
          "run more replicates)");
}
