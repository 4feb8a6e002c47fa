// Tests for analysis/fit/targets.cpp: a good file reads as written; bad ones
// are refused with file:line:column: key: message (unknown names,
// infeasible values, contradictory targets, ranges outside a key's).
#include "analysis/fit/fit_fixtures.hpp"
#include "analysis/fit/targets.hpp"

#include <catch2/catch.hpp>

using namespace ambassim;

namespace {
const Scenario& company() {
    static const Scenario s = testing::small_company();
    return s;
}
TargetsFile parse(const std::string& text) { return parse_targets(text, "t.toml", company()); }
const std::string kParams = "[parameters]\n\"customers.churn_per_year\" = [0.05, 0.4]\n";
}  // namespace

TEST_CASE("a targets file reads as written", "[fit][targets]") {
    const TargetsFile t = parse(R"([calibration]
replicates = 3
evaluations = 50
scale = 0.5

[[target]]
measure = "churn"
value = 0.14
sd = 0.01
period = [0, 182]

[[target]]
measure = "nps"
value = 31
tolerance = 6
)" + kParams);
    REQUIRE(t.targets.size() == 2);
    CHECK(t.targets[0].measure == "churn");
    CHECK(t.targets[0].period.to_day == 182);
    CHECK(t.targets[0].line == 6);
    CHECK(t.targets[1].sd == 3);               // a tolerance is a 95% half-width: 2 sd
    CHECK(t.targets[1].period.to_day == 364);  // default: the whole horizon (52 weekly ticks)
    REQUIRE(t.parameters.size() == 1);
    CHECK(t.parameters[0].max == 0.4);
    CHECK(t.settings.replicates == 3);
    CHECK(t.settings.scale == 0.5);
}

TEST_CASE("bad targets files are refused with their position", "[fit][targets]") {
    using Catch::Contains;
    const std::string churn = "[[target]]\nmeasure = \"churn\"\nvalue = 0.14\nsd = 0.01\n";
    CHECK_THROWS_WITH(parse("[[target]]\nmeasure = \"loyalty\"\nvalue = 1\nsd = 1\n" + kParams),
                      Contains("t.toml:2:11: target[1].measure: unknown measure `loyalty`; choose from churn, nps"));
    CHECK_THROWS_WITH(parse("[[target]]\nmeasure = \"nps\"\nvalue = 130\nsd = 1\n" + kParams),
                      Contains("t.toml:3:9: target[1].value: infeasible: nps = 130 is outside what it can be, [-100, 100] points"));
    CHECK_THROWS_WITH(parse(churn + "[[target]]\nmeasure = \"churn\"\nvalue = 0.30\nsd = 0.01\n" + kParams),
                      Contains("t.toml:5:1: target[2]: contradicts the churn target of 0.14 (line 1)"));
    CHECK_THROWS_WITH(
        parse("[[target]]\nmeasure = \"ambassador_share\"\nvalue = 0.6\nsd = 0.01\n"
              "[[target]]\nmeasure = \"saboteur_share\"\nvalue = 0.6\nsd = 0.01\n" + kParams),
        Contains("target[2]: ambassador and saboteur shares add up to 1.2"));
    CHECK_THROWS_WITH(
        parse("[[target]]\nmeasure = \"front_line_attrition\"\nvalue = 0.5\nsd = 0.01\n"
              "[[target]]\nmeasure = \"staff_attrition\"\nvalue = 0.1\nsd = 0.01\n" + kParams),
        Contains("overall staff attrition 0.1 is below what front-line attrition 0.5 alone implies"));
    CHECK_THROWS_WITH(parse(churn + "[parameters]\n\"customers.churn_per_yer\" = [0.1, 0.2]\n"),
                      Contains("t.toml:6:1: parameters.customers.churn_per_yer: unknown parameter"));
    CHECK_THROWS_WITH(parse(churn + "[parameters]\n\"customers.churn_per_year\" = [0.1, 90]\n"),
                      Contains("leaves the key's valid range [0, 50]"));
    CHECK_THROWS_WITH(parse(churn + "[parameters]\n\"customers.churn_per_year\" = [0.3, 0.2]\n"),
                      Contains("min 0.3 must be below max 0.2"));
    CHECK_THROWS_WITH(parse(churn + "[parameters]\n\"market.network\" = [0.3, 0.2]\n"),
                      Contains("only real-valued parameters can be fitted"));
    CHECK_THROWS_WITH(parse("[[target]]\nmeasure = \"churn\"\nvalue = 0.14\nsd = 0.01\nperiod = [0, 900]\n" + kParams),
                      Contains("t.toml:5:10: target[1].period: period [0, 900] leaves the run's recorded days [0, 364]"));
    CHECK_THROWS_WITH(parse("[[target]]\nmeasure = \"churn\"\nvalue = 0.14\n" + kParams),
                      Contains("target[1]: missing `sd`"));
    CHECK_THROWS_WITH(parse(churn), Contains("t.toml: no [parameters]"));
    CHECK_THROWS_WITH(parse(kParams), Contains("t.toml: no [[target]]"));
    CHECK_THROWS_WITH(parse("[calibration]\nscale = 2\n" + churn + kParams),
                      Contains("t.toml:2:9: calibration.scale: must be in (0, 1]"));
    CHECK_THROWS_WITH(parse("[targets]\n"), Contains("t.toml:1:1: targets: unknown section"));
}

TEST_CASE("a huge name in a targets file is cut in the message", "[fit][targets]") {
    const std::string huge(5000, 'x');
    auto error_of = [](const std::string& text) {
        try {
            parse(text);
        } catch (const InputError& e) {
            return std::string(e.what());
        }
        return std::string("no error");
    };
    const std::string measure = error_of("[[target]]\nmeasure = \"" + huge + "\"\nvalue = 1\nsd = 1\n" + kParams);
    CHECK_THAT(measure, Catch::StartsWith("t.toml:2:11: target[1].measure: unknown measure `xxxx"));
    CHECK(measure.size() < 600);
    const std::string key = error_of("[[target]]\nmeasure = \"churn\"\nvalue = 0.1\nsd = 0.01\n" + huge + " = 1\n" + kParams);
    CHECK_THAT(key, Catch::StartsWith("t.toml:5:5004: target[1].xxxx"));
    CHECK_THAT(key, Catch::EndsWith("unknown key; a target has measure, value, sd (or tolerance) and period"));
    CHECK(key.size() < 300);
    const std::string param = error_of("[[target]]\nmeasure = \"churn\"\nvalue = 0.1\nsd = 0.01\n[parameters]\n" + huge + " = [0, 1]\n");
    CHECK_THAT(param, Catch::StartsWith("t.toml:6:1: parameters.xxxx"));
    CHECK(param.size() < 400);
}
