// Named custom strategies ([strategies.NAME]) and scenario inheritance
// (`base = "other.toml"`): values, what a strategy name runs, error messages
// with file, line and key, cycles and missing bases.
#include "sim/scenario/scenario.hpp"

#include "temp_dir.hpp"

#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>

using namespace ambassim;
namespace fs = std::filesystem;

namespace {

std::string error_of(const std::string& text) {
    try {
        parse_scenario(text, "s.toml");
    } catch (const InputError& e) {
        return e.what();
    }
    return "";
}

std::string load_error(const fs::path& file) {
    try {
        load_scenario(file);
    } catch (const InputError& e) {
        return e.what();
    }
    return "";
}

void write(const fs::path& file, const std::string& text) { std::ofstream(file, std::ios::binary) << text; }

const char* kTwoPlans = R"([strategies.front_line_first]
label = "Front line first"
[[strategies.front_line_first.phases]]
start_day = 0
training = 0.6
engagement = 0.4
[[strategies.front_line_first.phases]]
start_day = 90
mission = 1.0

[strategies.lean]
budget_per_employee_per_year = 500
[[strategies.lean.phases]]
start_day = 0
ambassadorship = 1
)";

}  // namespace

TEST_CASE("named strategies are read in file order with labels, budgets and phases", "[scenario][strategies]") {
    const Scenario s = parse_scenario(kTwoPlans, "s.toml");
    REQUIRE(s.strategies.size() == 2);
    CHECK(s.strategies[0].name == "front_line_first");
    CHECK(s.strategies[0].label == "Front line first");
    CHECK(s.strategies[0].budget_per_employee_per_year == -1);
    REQUIRE(s.strategies[0].phases.size() == 2);
    CHECK(s.strategies[0].phases[0].training == 0.6);
    CHECK(s.strategies[0].phases[1].start_day == 90);
    CHECK(s.strategies[0].phases[1].mission == 1.0);
    CHECK(s.strategies[1].label == "lean");  // the name when no label is given
    CHECK(s.strategies[1].budget_per_employee_per_year == 500);
    CHECK(known_strategies(s).back() == "lean");
}

TEST_CASE("a strategy name becomes the parameters that run it", "[scenario][strategies]") {
    const Scenario s = parse_scenario(kTwoPlans, "s.toml");
    const Params a = params_for_strategy(s, "front_line_first");
    CHECK(a.strategy.name == "custom");
    REQUIRE(a.strategy.phases.size() == 2);
    CHECK(a.strategy.phases[0].engagement == 0.4);
    CHECK(a.programs.budget_per_employee_per_year == s.params.programs.budget_per_employee_per_year);
    const Params lean = params_for_strategy(s, "lean");
    CHECK(lean.programs.budget_per_employee_per_year == 500);
    const Params b = params_for_strategy(s, "balanced");
    CHECK(b.strategy.name == "balanced");
    CHECK(b.strategy.phases.empty());
    CHECK(strategy_label(s, "engagement_first") == "engagement first");
    CHECK(strategy_label(s, "front_line_first") == "Front line first");
}

TEST_CASE("strategy.name and compare.strategies may name a strategy defined later in the file", "[scenario][strategies]") {
    const Scenario s = parse_scenario(std::string("[strategy]\nname = \"lean\"\n[compare]\nstrategies = [\"none\", \"lean\"]\n") +
                                          kTwoPlans,
                                      "s.toml");
    CHECK(s.params.strategy.name == "lean");
    CHECK(params_for_strategy(s, s.params.strategy.name).programs.budget_per_employee_per_year == 500);
    CHECK(strategy_problem(s, "front_line_first").empty());
    CHECK(strategy_problem(s, "front_line_frist") ==
          "unknown strategy \"front_line_frist\" (the scenario has none, engagement_only, ambassadorship_only, balanced, "
          "engagement_first, ambassadorship_first, custom, front_line_first, lean); did you mean `front_line_first`?");
}

TEST_CASE("bad named strategies are refused with line and key", "[scenario][strategies][errors]") {
    CHECK(error_of("[strategies.balanced]\n[[strategies.balanced.phases]]\nstart_day = 0\n") ==
          "s.toml:1:13: [strategies.balanced]: \"balanced\" is a built-in strategy; give the named strategy another name");
    CHECK(error_of("[strategies.Plan-A]\n[[strategies.Plan-A.phases]]\nstart_day = 0\n").find(
              "s.toml:1:13: [strategies.Plan-A]: a strategy's name is 1 to 40 characters") == 0);
    CHECK(error_of("[strategies.a]\nlabel = \"A\"\n") == "s.toml:1:13: [strategies.a] needs at least one [[strategies.a.phases]] table");
    CHECK(error_of("[strategies.a]\nlabl = \"A\"\n[[strategies.a.phases]]\nstart_day = 0\n")
              .starts_with("s.toml:2:1: unknown key `strategies.a.labl`; did you mean `strategies.a.label`?"));
    CHECK(error_of("[[strategies.a.phases]]\nstart_day = 0\ntraining = 0.7\nmission = 0.6\n") ==
          "s.toml:1:1: strategies.a.phases[0]: training + mission = 1.3; the shares must sum to at most 1");
    CHECK(error_of("[[strategies.a.phases]]\nstart_day = 5\n") ==
          "s.toml:2:1: strategies.a.phases[0].start_day = 5; the first phase must start at day 0");
    CHECK(error_of("[[strategies.a.phases]]\nstart_day = 0\ntraning = 0.5\n") ==
          "s.toml:3:1: unknown key `strategies.a.phases[0].traning`; did you mean `strategies.a.phases[0].training`?");
    CHECK(error_of("[strategies.a]\nbudget_per_employee_per_year = -1\n[[strategies.a.phases]]\nstart_day = 0\n") ==
          "s.toml:2:1: key `strategies.a.budget_per_employee_per_year` = -1 is out of range [0, 10000000]");
    CHECK(error_of("[strategy]\nname = \"lean\"\n") ==
          "s.toml:2:1: key `strategy.name` = \"lean\" is not one of "
          "none|engagement_only|ambassadorship_only|balanced|engagement_first|ambassadorship_first|custom "
          "(or a [strategies.NAME] table)");
    CHECK(error_of(std::string("[compare]\nstrategies = [\"none\", \"leen\"]\n") + kTwoPlans) ==
          "s.toml:2:23: key `compare.strategies` = \"leen\" is not one of "
          "none|engagement_only|ambassadorship_only|balanced|engagement_first|ambassadorship_first|custom|"
          "front_line_first|lean; did you mean `lean`?");
}

TEST_CASE("base = inherits key by key, with a chain and named strategies", "[scenario][base]") {
    testing::TempDir dir("chain");
    fs::create_directories(dir.path / "worlds");
    write(dir.path / "worlds" / "root.toml",
          "[customers]\nchurn_per_year = 0.3\ncustomers = 5000\n[organisation]\nemployees = 200\n" + std::string(kTwoPlans));
    write(dir.path / "worlds" / "middle.toml", "base = \"root.toml\"\n[customers]\ncustomers = 6000\n");
    write(dir.path / "mine.toml",
          "base = \"worlds/middle.toml\"\n[organisation]\nemployees = 300\n[strategies.lean]\n"
          "[[strategies.lean.phases]]\nstart_day = 0\nmission = 1\n");
    const Scenario s = load_scenario(dir.path / "mine.toml");
    CHECK(s.params.customers.churn_per_year == 0.3);  // from the root
    CHECK(s.params.customers.customers == 6000);      // the middle overrides the root
    CHECK(s.params.organisation.employees == 300);    // this file overrides both
    REQUIRE(s.bases.size() == 2);
    CHECK(fs::path(s.bases[0].path).filename() == "middle.toml");
    CHECK(fs::path(s.bases[1].path).filename() == "root.toml");
    CHECK(s.bases[1].text.find("churn_per_year = 0.3") != std::string::npos);
    REQUIRE(s.strategies.size() == 2);
    CHECK(s.strategies[1].name == "lean");  // replaced as a whole by this file's table
    CHECK(s.strategies[1].budget_per_employee_per_year == -1);
    CHECK(s.strategies[1].phases.at(0).mission == 1);

    // The same scenario from the recorded texts alone (as `rerun` does).
    fs::remove(dir.path / "worlds" / "root.toml");
    const Scenario again = parse_scenario(s.text, (dir.path / "mine.toml").string(), s.bases);
    CHECK(again.params.customers.churn_per_year == 0.3);
    CHECK(again.params.customers.customers == 6000);
}

TEST_CASE("errors in a base name the base file's line; missing bases and cycles are refused", "[scenario][base][errors]") {
    testing::TempDir dir("chain_errors");
    const fs::path d = dir.path;
    write(d / "bad.toml", "# a base with a bad value\n[customers]\nchurn_per_year = -2\n");
    write(d / "child.toml", "base = \"bad.toml\"\n");
    CHECK(load_error(d / "child.toml") == (d / "bad.toml").string() +
                                              ":3:1: key `customers.churn_per_year` = -2 is out of range [0, 50]");

    write(d / "shares.toml", "[organisation]\nfront_line_share = 0.7\n");
    write(d / "child2.toml", "base = \"shares.toml\"\n[organisation]\nmanager_share = 0.4\n");
    CHECK(load_error(d / "child2.toml") ==
          (d / "shares.toml").string() +
              ":2:1: organisation.front_line_share + organisation.manager_share = 1.1 must be less than 1 (the rest is back office)");

    write(d / "orphan.toml", "\nbase = \"nowhere.toml\"\n");
    CHECK(load_error(d / "orphan.toml") == (d / "orphan.toml").string() + ":2:8: key `base` = \"nowhere.toml\": cannot read scenario `" +
                                               (d / "nowhere.toml").string() + "`: no such file");

    write(d / "a.toml", "base = \"b.toml\"\n");
    write(d / "b.toml", "base = \"a.toml\"\n");
    CHECK(load_error(d / "a.toml") == (d / "b.toml").string() + ":1:8: key `base`: the base chain loops: " +
                                          (d / "a.toml").string() + " -> " + (d / "b.toml").string() + " -> " +
                                          (d / "a.toml").string());
    write(d / "self.toml", "base = \"self.toml\"\n");
    CHECK(load_error(d / "self.toml").find("the base chain loops") != std::string::npos);

    write(d / "num.toml", "base = 3\n");
    CHECK(load_error(d / "num.toml") == (d / "num.toml").string() + ":1:8: key `base` must be a string (a scenario file's path)");
    write(d / "nested.toml", "[customers]\nbase = \"x.toml\"\n");
    CHECK(load_error(d / "nested.toml") == (d / "nested.toml").string() + ":2:1: unknown key `customers.base`");
}
