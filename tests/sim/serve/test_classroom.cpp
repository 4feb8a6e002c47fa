// Tests for sim/serve/classroom.cpp: the lessons load from the shipped
// scenarios at classroom size, every kind of invalid request is refused with
// a message naming its field, valid settings reach the scenario, and the
// exported TOML reads back as the same scenario.
#include "sim/serve/classroom.hpp"
#include "sim/serve/live.hpp"

#include "sim/scenario/assignment.hpp"

#include "temp_dir.hpp"

#include <fstream>

#include <catch2/catch.hpp>

using namespace ambassim;
using namespace ambassim::serve;

namespace {
const std::vector<Lesson>& lessons() {
    static const std::vector<Lesson> l = load_lessons(std::filesystem::path(AMBASSIM_SOURCE_DIR) / "scenarios");
    return l;
}

std::string error_of(const std::string& query) {
    try {
        parse_request(query, lessons());
    } catch (const RequestError& e) {
        return e.what();
    }
    return "(accepted)";
}
}  // namespace

TEST_CASE("lessons: four presets from the shipped scenarios, classroom-sized", "[classroom]") {
    REQUIRE(lessons().size() == 4);
    CHECK(lessons()[0].id == "core");
    for (const Lesson& l : lessons()) {
        INFO(l.id);
        CHECK(l.scenario.params.customers.customers == 10000);
        // The scenario's customers per employee (the front line's load) is kept.
        const Scenario source = load_scenario(std::filesystem::path(AMBASSIM_SOURCE_DIR) / "scenarios" / l.source);
        const double ratio = static_cast<double>(source.params.customers.customers) /
                             static_cast<double>(source.params.organisation.employees);
        CHECK(10000.0 / static_cast<double>(l.scenario.params.organisation.employees) == Approx(ratio).epsilon(0.01));
        CHECK(l.scenario.params.simulation.ticks * l.scenario.params.simulation.dt_days == Approx(730).margin(7));
        CHECK(l.scenario.compare.replicates == 4);
        CHECK_FALSE(l.notice.empty());
        CHECK(l.question.find('?') != std::string::npos);
        CHECK(l.controls.at("a") == "custom");
        CHECK(l.controls.at("a") != l.controls.at("b"));
        // The lesson's own controls make a valid request.
        CHECK_NOTHROW(parse_request("lesson=" + l.id, lessons()));
    }
    // What makes each world different survives the scaling.
    const Lesson& centre = lessons()[1];
    CHECK(centre.scenario.params.employees.attrition_front_line_per_year == 0.7);
    CHECK(centre.controls.at("capacity") == "0.95");
    CHECK(lessons()[2].controls.at("satisfaction_weight") == "0.9");
    CHECK(lessons()[3].controls.at("back_office") == "0.6");
}

TEST_CASE("a valid request sets the scenario through the key registry", "[classroom]") {
    const Request r = parse_request(
        "lesson=contact_centre&a=custom&b=balanced&budget=2500&before=0.25&after=0.75&switch_month=3"
        "&satisfaction_weight=0.6&capacity=1.25&attrition=0.4&back_office=0.5&replicates=3&years=1"
        "&employees=200&customers=5000&seed=7&client=page-1&outcome=nps",
        lessons());
    const Params& p = r.scenario.params;
    CHECK(r.lesson->id == "contact_centre");
    CHECK(r.client == "page-1");
    CHECK(r.outcome == "nps");
    CHECK(r.scenario.compare.strategies == std::vector<std::string>{"custom", "balanced"});
    CHECK(r.scenario.compare.replicates == 3);
    CHECK(p.programs.budget_per_employee_per_year == 2500);
    CHECK(p.strategy.name == "custom");
    REQUIRE(p.strategy.phases.size() == 2);
    CHECK(p.strategy.phases[0].engagement == 0.25);
    CHECK(p.strategy.phases[0].ambassadorship == Approx(0.75));
    CHECK(p.strategy.phases[0].training == 0.0);  // family shares, spread by programs.*_share
    CHECK(p.strategy.phases[1].start_day == Approx(3 * 365.0 / 12));
    CHECK(p.strategy.phases[1].engagement == 0.75);
    CHECK(p.customers.loyalty_satisfaction_weight == 0.6);
    CHECK(p.customers.loyalty_bond_weight == Approx(0.4));
    CHECK(p.encounters.capacity_per_day == 1.25);
    CHECK(p.employees.attrition_front_line_per_year == 0.4);
    CHECK(p.organisation.front_line_share == Approx(1 - 0.5 - p.organisation.manager_share));
    CHECK(p.organisation.employees == 200);
    CHECK(p.customers.customers == 5000);
    CHECK(p.simulation.ticks * p.simulation.dt_days == Approx(365).margin(7));
    CHECK(r.scenario.plan.seed == 7);
    // The lesson's world, not only the controls: emotional labour of the contact centre.
    CHECK(p.employees.emotional_labour_per_year == 3.0);
    // Without custom on either side, no phases.
    const Request b = parse_request("a=engagement_first&b=none", lessons());
    CHECK(b.scenario.params.strategy.phases.empty());
    CHECK(b.scenario.params.strategy.name == "engagement_first");
}

TEST_CASE("every kind of invalid request names its field", "[classroom]") {
    CHECK(error_of("colour=blue") == "colour: unknown field");
    CHECK(error_of("budget=1&budget=2") == "budget: given twice");
    CHECK(error_of("budget") == "budget: expected field=value");
    CHECK(error_of("budget=lots") == "budget: expected a number, got \"lots\"");
    CHECK(error_of("budget=") == "budget: expected a number, got \"\"");
    CHECK(error_of("budget=nan") == "budget: expected a number, got \"nan\"");
    CHECK(error_of("budget=inf") == "budget: expected a number, got \"inf\"");
    CHECK(error_of("budget=1e400") == "budget: expected a number, got \"1e400\"");
    CHECK(error_of("budget=-1") == "budget: must be in [0, 5000], got -1");
    CHECK(error_of("budget=5001") == "budget: must be in [0, 5000], got 5001");
    CHECK(error_of("before=1.5") == "before: must be in [0, 1], got 1.5");
    CHECK(error_of("replicates=2.5") == "replicates: expected a whole number, got 2.5");
    CHECK(error_of("replicates=100") == "replicates: must be in [2, 8], got 100");
    CHECK(error_of("customers=1000000000") == "customers: must be in [1000, 30000], got 1000000000");
    CHECK(error_of("employees=5") == "employees: must be in [100, 1000], got 5");
    CHECK(error_of("years=50") == "years: must be in [0.5, 3], got 50");
    CHECK(error_of("switch_month=37") == "switch_month: must be in [0, 36], got 37");
    CHECK(error_of("years=1&switch_month=18") == "(accepted)");  // after the horizon: never switches, as in a scenario
    CHECK(error_of("lesson=mars") == "lesson: no lesson named \"mars\"");
    CHECK(error_of("a=magic") == "a: unknown strategy \"magic\"");
    CHECK(error_of("a=balanced&b=balanced") == "b: must differ from a (both are balanced)");
    CHECK(error_of("client=a%20b") == "client: expected 1-64 letters, digits, '-' or '_'");
    CHECK(error_of("outcome=happiness") == "outcome: not an outcome the page shows");
    CHECK(error_of("budget=%zz") == "budget: malformed %-escape");
    CHECK(error_of("budget=%4") == "budget: malformed %-escape");
    // Bytes that are not text are shown escaped, never raw.
    CHECK(error_of("budget=%ff") == "budget: expected a number, got \"\\xFF\"");
    CHECK(error_of("%ff=1") == "\\xFF: unknown field");
    CHECK(error_of(std::string(5000, 'x') + "=1").size() < 120);
    // Percent-encoded values are decoded before checking.
    CHECK_NOTHROW(parse_request("budget=1%30%30", lessons()));
    CHECK(parse_request("budget=1%30%30", lessons()).scenario.params.programs.budget_per_employee_per_year == 100);
    CHECK_NOTHROW(parse_request("", lessons()));
}

TEST_CASE("the exported scenario reads back as the same scenario", "[classroom][export]") {
    for (const char* q : {"a=custom&b=ambassadorship_first&before=0.3&after=0.9&switch_month=5&budget=2200",
                          "lesson=satisfaction_market&a=none&b=balanced&years=1.5&seed=99",
                          "lesson=back_office&a=balanced&b=custom&switch_month=0&after=0.4"}) {
        INFO(q);
        const Request r = parse_request(q, lessons());
        const std::string toml = scenario_toml(r.scenario, "exported by a test\nsecond line");
        CHECK(toml.rfind("# exported by a test\n# second line\n", 0) == 0);
        const Scenario back = parse_scenario(toml, "export.toml");
        CHECK(WorldCache::key(back, 4) == WorldCache::key(r.scenario, 4));
        CHECK(back.compare.strategies == r.scenario.compare.strategies);
        CHECK(back.compare.replicates == r.scenario.compare.replicates);
        CHECK(back.plan.seed == r.scenario.plan.seed);
        CHECK(back.params.strategy.name == r.scenario.params.strategy.name);
        CHECK(make_assignment("strategy.phases", back.params.strategy.phases).text ==
              make_assignment("strategy.phases", r.scenario.params.strategy.phases).text);
        CHECK(back.params.programs.budget_per_employee_per_year ==
              r.scenario.params.programs.budget_per_employee_per_year);
        CHECK(back.params.strategy.switch_day == r.scenario.params.strategy.switch_day);
        CHECK(back.params.simulation.ticks == r.scenario.params.simulation.ticks);
    }
}

TEST_CASE("the world cache key ignores strategy, programmes and horizon but not the world", "[classroom][cache]") {
    const Scenario base = parse_request("", lessons()).scenario;
    const std::string key = WorldCache::key(base, 4);
    CHECK(WorldCache::key(parse_request("budget=10&before=0&after=1&switch_month=2&years=1&a=none&b=balanced", lessons()).scenario, 4) == key);
    CHECK(WorldCache::key(base, 3) != key);
    for (const char* q : {"capacity=2", "attrition=1", "satisfaction_weight=0.5", "back_office=0.5", "customers=2000",
                          "employees=400", "seed=3", "lesson=contact_centre"}) {
        INFO(q);
        CHECK(WorldCache::key(parse_request(q, lessons()).scenario, 4) != key);
    }
}

TEST_CASE("serve --lesson: an exported scenario comes back with its own settings", "[classroom][export]") {
    const Request r = parse_request("lesson=contact_centre&a=balanced&b=custom&before=0.3&after=0.8&switch_month=9"
                                    "&capacity=1.1&seed=12",
                                    lessons());
    ambassim::testing::TempDir dir("classroom");
    const auto file = dir.path / "exported.toml";
    std::ofstream(file) << scenario_toml(r.scenario, "test");
    const auto with_file = load_lessons(std::filesystem::path(AMBASSIM_SOURCE_DIR) / "scenarios", file);
    REQUIRE(with_file.size() == 5);
    const Lesson& l = with_file.front();
    CHECK(l.id == "file");
    CHECK(l.controls.at("a") == "balanced");
    CHECK(l.controls.at("b") == "custom");
    CHECK(l.controls.at("before") == "0.3");
    CHECK(l.controls.at("after") == "0.8");
    CHECK(l.controls.at("switch_month") == "9");
    CHECK(l.controls.at("capacity") == "1.1");
    CHECK(l.controls.at("seed") == "12");
    // The lesson's defaults make the same scenario again.
    const Request back = parse_request("lesson=file", with_file);
    CHECK(scenario_toml(back.scenario, "test") == scenario_toml(r.scenario, "test"));

    // A file with more replicates than the page allows is used with the page's cap...
    const auto many = dir.path / "many.toml";
    std::ofstream(many) << "[organisation]\nemployees = 500\n";  // [compare] replicates = 10 by default
    CHECK(load_lessons(std::filesystem::path(AMBASSIM_SOURCE_DIR) / "scenarios", many).front().controls.at("replicates") == "8");
    // ...but one beyond the population caps is refused at start-up, naming the file and the field.
    const auto big = dir.path / "big.toml";
    std::ofstream(big) << "[organisation]\nemployees = 5000\n";
    try {
        load_lessons(std::filesystem::path(AMBASSIM_SOURCE_DIR) / "scenarios", big);
        FAIL("accepted");
    } catch (const InputError& e) {
        CHECK(std::string(e.what()).find("big.toml: not usable as a classroom lesson: employees: must be in [100, 1000]") !=
              std::string::npos);
    }
}
