// Tests for analysis/sweep/condition and discovery: the condition syntax
// (paired and threshold forms, defaults, one-line errors), its evaluation
// per point, and the discovery of a known box in an in-memory sweep: words,
// CSV files and the zoom-in [[sweep.parameters]] block.
#include "analysis/sweep/discovery.hpp"
#include "sim/util/errors.hpp"

#include <catch2/catch.hpp>

#include <cstdio>
#include <string>

using namespace ambassim;

namespace {

// 400 LHS points over a weight in [0, 1] and a 3-level network; two
// strategies, 2 replicates; nps of b beats a by 1 where weight >= 0.5 on the
// small_world or scale_free network, loses by 1 elsewhere.
SweepData synthetic() {
    SweepData d;
    d.design = "latin_hypercube";
    d.points = 400;
    d.replicates = 2;
    Factor w;
    w.name = "customers.loyalty_bond_weight";
    Factor net;
    net.name = "market.network";
    net.labels = {"well_mixed", "small_world", "scale_free"};
    net.values = {0, 1, 2};
    d.factors = {w, net};
    d.matrix = latin_hypercube(d.factors, d.points, 3);
    d.strategies = {"engagement_first", "ambassadorship_first"};
    SweepMetric nps{"nps", "horizon", true, {}};
    SweepMetric churn{"churned", "total", false, {}};
    for (std::size_t p = 0; p < d.points; ++p) {
        const bool in_box = d.matrix(p, 0) >= 0.5 && d.matrix(p, 1) != 0;
        for (std::size_t s = 0; s < 2; ++s)
            for (std::size_t r = 0; r < 2; ++r) {
                nps.values.push_back(s == 1 ? (in_box ? 11.0 : 9.0) + 0.1 * static_cast<double>(r) : 10.0);
                churn.values.push_back(100.0 * d.matrix(p, 0) + static_cast<double>(s));
            }
    }
    d.metrics = {churn, nps};
    return d;
}

std::string message(const std::string& text, const SweepData& d) {
    try {
        parse_condition(text, d);
    } catch (const InputError& e) {
        return e.what();
    }
    return "";
}

}  // namespace

TEST_CASE("conditions: forms, defaults and evaluation", "[discovery]") {
    const SweepData d = synthetic();
    const Condition c = parse_condition("nps: ambassadorship_first > engagement_first", d);
    CHECK(c.metric == 1);
    CHECK(c.paired);
    CHECK(c.a == 1);
    CHECK(c.b == 0);
    CHECK(condition_label(c, d) == "nps/horizon: ambassadorship_first > engagement_first");
    const auto y = evaluate(c, d);
    for (std::size_t p = 0; p < d.points; ++p) CHECK(y[p] == (d.matrix(p, 0) >= 0.5 && d.matrix(p, 1) != 0));

    const Condition t = parse_condition("churned/total: engagement_first<=50", d);
    CHECK(!t.paired);
    CHECK(t.threshold == 50);
    CHECK(t.op == CompareOp::less_equal);
    CHECK(condition_label(t, d) == "churned/total: engagement_first <= 50");
    const auto yt = evaluate(t, d);
    for (std::size_t p = 0; p < d.points; ++p) CHECK(yt[p] == (100.0 * d.matrix(p, 0) <= 50));
    // The metric defaults to total when there is no horizon.
    CHECK(parse_condition("churned: engagement_first < 1", d).metric == 0);
}

TEST_CASE("conditions: errors are one line naming the problem", "[discovery]") {
    const SweepData d = synthetic();
    const std::string syntax = " (syntax: \"OUTCOME[/METRIC]: STRATEGY OP STRATEGY|NUMBER\", OP one of > >= < <=)";
    CHECK(message("npx: ambassadorship_first > engagement_first", d) ==
          "--discover \"npx: ambassadorship_first > engagement_first\": unknown outcome `npx`; did you mean `nps`?" + syntax);
    CHECK(message("nps: ambassadorship_frist > engagement_first", d) ==
          "--discover \"nps: ambassadorship_frist > engagement_first\": strategy `ambassadorship_frist` was not swept; did you mean `ambassadorship_first`?" + syntax);
    CHECK(message("nps ambassadorship_first > engagement_first", d) ==
          "--discover \"nps ambassadorship_first > engagement_first\": no `:` after the outcome" + syntax);
    CHECK(message("nps/total: engagement_first > 1", d) ==
          "--discover \"nps/total: engagement_first > 1\": outcome `nps` has no metric `total` (it has horizon)" + syntax);
    CHECK(message("nps: engagement_first = 1", d) ==
          "--discover \"nps: engagement_first = 1\": `=` is not a comparison (> >= < <=)" + syntax);
    CHECK(message("nps: engagement_first", d) == "--discover \"nps: engagement_first\": no comparison (> >= < <=)" + syntax);
    CHECK(message("nps: engagement_first > engagement_first", d) ==
          "--discover \"nps: engagement_first > engagement_first\": compares `engagement_first` with itself" + syntax);
}

// The lexing of names and numbers: a number is never read as a strategy, a
// name is suggested across letter case, and whatever follows a complete
// condition is named.
TEST_CASE("conditions: numbers and names are lexed, not guessed", "[discovery]") {
    const SweepData d = synthetic();
    const std::string syntax = " (syntax: \"OUTCOME[/METRIC]: STRATEGY OP STRATEGY|NUMBER\", OP one of > >= < <=)";
    const auto problem = [&](const std::string& text) {
        const std::string m = message(text, d);
        const std::string head = "--discover \"" + text + "\": ";
        REQUIRE(m.size() > head.size() + syntax.size());
        CHECK(m.substr(0, head.size()) == head);
        CHECK(m.substr(m.size() - syntax.size()) == syntax);
        return m.substr(head.size(), m.size() - head.size() - syntax.size());
    };
    // Numbers in every written form are thresholds.
    for (const auto& [text, value] : std::vector<std::pair<std::string, double>>{
             {"1e3", 1000}, {"+2.5", 2.5}, {"-0.25", -0.25}, {".5", 0.5}, {"5.", 5}, {"1E-2", 0.01}, {"-1e+2", -100}}) {
        const Condition c = parse_condition("nps: engagement_first > " + text, d);
        CHECK(!c.paired);
        CHECK(c.threshold == value);
    }
    // Out of range or malformed numbers say so (before: "strategy `1e999` was not swept").
    const std::string range = "is out of range (a finite number between about 5e-324 and 1.8e308 in size, or 0)";
    CHECK(problem("nps: engagement_first > 1e999") == "the threshold `1e999` " + range);
    CHECK(problem("nps: engagement_first > -1e999") == "the threshold `-1e999` " + range);
    CHECK(problem("nps: engagement_first > 1e-999") == "the threshold `1e-999` " + range);
    CHECK(problem("nps: engagement_first > 0x10") == "`0x10` is not a number");
    CHECK(problem("nps: engagement_first > 1.2.3") == "`1.2.3` is not a number");
    CHECK(problem("nps: engagement_first > 5abc") == "`5abc` is not a number");
    CHECK(problem("nps: engagement_first > 1e") == "`1e` is not a number");
    CHECK(problem("nps: engagement_first > -") == "`-` is not a number");
    CHECK(problem("nps: engagement_first > inf") == "the threshold must be a finite number (got `inf`)");
    CHECK(problem("nps: engagement_first > -inf") == "the threshold must be a finite number (got `-inf`)");
    CHECK(problem("nps: engagement_first > NaN") == "the threshold must be a finite number (got `NaN`)");
    CHECK(problem("nps: inf < engagement_first") == "strategy `inf` was not swept (the sweep has engagement_first, ambassadorship_first)");
    CHECK(problem("nps: 5 < engagement_first") == "the left side must be a strategy, not the number `5`");
    // Names: letter case and typos get a suggestion; nothing close lists them all.
    CHECK(problem("NPS: ambassadorship_first > engagement_first") == "unknown outcome `NPS`; did you mean `nps`?");
    CHECK(problem("Churned/Total: engagement_first > 1") == "unknown outcome `Churned`; did you mean `churned`?");
    CHECK(problem("nps/Horizon: engagement_first > 1") == "outcome `nps` has no metric `Horizon`; did you mean `horizon`?");
    CHECK(problem("nps: Ambassadorship_First > engagement_first") ==
          "strategy `Ambassadorship_First` was not swept; did you mean `ambassadorship_first`?");
    CHECK(problem("revenue: engagement_first > 1") == "unknown outcome `revenue` (the sweep has churned, nps)");
    CHECK(problem("nps: balanced > 1") == "strategy `balanced` was not swept (the sweep has engagement_first, ambassadorship_first)");
    // Operators and what follows a complete condition.
    CHECK(problem("nps: engagement_first => 1") == "`=>` is not a comparison (> >= < <=)");
    CHECK(problem("nps: engagement_first >> 1") == "`>>` is not a comparison (> >= < <=)");
    CHECK(problem("nps: engagement_first > > 1") == "expected a strategy or a number at column 25, found `>`");
    CHECK(problem("nps: engagement_first > 1 2") == "unexpected `2` at column 27 after the comparison");
    CHECK(problem("nps: engagement_first > ambassadorship_first > 1") ==
          "unexpected `>` at column 46 after the comparison");
    CHECK(problem("nps: engagement_first > 1 # note") == "unexpected `#` at column 27 after the comparison");
    CHECK(problem("nps: > 1") == "a comparison needs two sides");
    CHECK(problem("nps: engagement_first >") == "a comparison needs two sides");
    CHECK(problem(": engagement_first > 1") == "expected an outcome name at column 1, found `:`");
    CHECK(problem("nps/: engagement_first > 1") == "expected a metric name after `/` at column 5, found `:`");
    CHECK(problem("nps engagement_first: engagement_first > 1") ==
          "expected `:` after the outcome at column 5, found `engagement_first`");
    CHECK(problem("nps: engagement_first \xC3\xA9 1") == "expected a comparison (> >= < <=) at column 23, found `\xC3\xA9`");
}

TEST_CASE("discovery of a known box: words, CSV files and the zoom block", "[discovery]") {
    const SweepData d = synthetic();
    const Discovery s = discover(d, "nps: ambassadorship_first > engagement_first", DiscoveryOptions{});
    REQUIRE(!s.boxes.empty());
    const PrimBox& b = s.boxes.front().box;
    INFO(format_discovery(d, s));
    // Peeling removes 5% slices, so the lower limit lands near 0.5; the
    // chosen box balances its size and its density (weighted relative accuracy).
    CHECK(b.lower[0] == Approx(0.5).margin(0.03));
    CHECK(b.density >= 0.95);
    CHECK(b.coverage >= 0.95);
    CHECK(b.restricted == std::vector<char>{1, 1});
    CHECK(b.allowed[1] == std::vector<char>{0, 1, 1});
    CHECK(box_words(d, b).starts_with("when customers.loyalty_bond_weight >= 0.4") + box_words(d, b).starts_with("when customers.loyalty_bond_weight >= 0.5") == 1);
    CHECK(box_words(d, b).ends_with(" and market.network is small_world or scale_free"));
    const std::string words = format_discovery(d, s);
    CHECK(words.find("\"nps/horizon: ambassadorship_first > engagement_first\" holds at " + std::to_string(s.positives) +
                     " of 400 points") != std::string::npos);
    char sentence[160];
    std::snprintf(sentence, sizeof sentence, ": %.0f%% of such points are inside, %.0f%% of the points inside are such points (%zu points)",
                  100 * b.coverage, 100 * b.density, b.points);
    CHECK(words.find(sentence) != std::string::npos);
    const std::string zoom = zoom_block(d, b, "heading");
    const std::string narrowed = "key = \"customers.loyalty_bond_weight\"  # narrowed to the box\nmin = ";
    const auto at = zoom.find(narrowed);
    REQUIRE(at != std::string::npos);
    const double zoom_min = std::stod(zoom.substr(at + narrowed.size()));
    CHECK(zoom_min <= b.lower[0]);          // rounded outwards
    CHECK(zoom_min >= b.lower[0] - 0.01);   // to 3 significant digits
    CHECK(zoom.find("max = 1\n") != std::string::npos);
    CHECK(zoom.find("complement") == std::string::npos);
    SweepData with_complement = d;
    with_complement.complements = {"customers.loyalty_satisfaction_weight", ""};
    CHECK(zoom_block(with_complement, b, "h").find("max = 1\ncomplement = \"customers.loyalty_satisfaction_weight\"\n") !=
          std::string::npos);
    CHECK(zoom.find("key = \"market.network\"  # narrowed to the box\nvalues = [\"small_world\", \"scale_free\"]\n") != std::string::npos);
    const auto files = discovery_files(d, s);
    REQUIRE(files.size() == discovery_file_names().size());
    for (std::size_t i = 0; i < files.size(); ++i) CHECK(files[i].name == discovery_file_names()[i]);
    CHECK(files[1].text.find("prim,1,market.network,true,,,small_world;scale_free,") != std::string::npos);
    DiscoveryOptions chosen;
    chosen.prim.choose = 2;
    const Discovery two = discover(d, "nps: ambassadorship_first > engagement_first", chosen);
    CHECK(two.boxes.front().chosen == 2);
    CHECK(two.boxes.front().box.mass > b.mass);  // an earlier, larger box of the trajectory
    chosen.prim.choose = 1000;
    CHECK_THROWS_WITH(discover(d, "nps: ambassadorship_first > engagement_first", chosen),
                      "--box 1000: the peeling trajectory has " + std::to_string(s.boxes.front().trajectory.size()) +
                          " boxes (0 .. " + std::to_string(s.boxes.front().trajectory.size() - 1) + ")");
    CHECK_THROWS_WITH(discover(d, "nps: engagement_first > 20", DiscoveryOptions{}),
                      "--discover \"nps: engagement_first > 20\": the condition holds at none of the 400 points; nothing to discover");
}
