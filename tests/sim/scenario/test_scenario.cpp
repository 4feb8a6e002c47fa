// Tests of sim/scenario: layering (defaults -> file -> --set), every error
// message verbatim, cross-field rules, key suggestions, and the committed
// scenarios (reference.toml lists every key; every scenarios/*.toml loads).
#include "sim/scenario/key_registry.hpp"
#include "sim/scenario/scenario.hpp"

#include "sim/scenario/scenario_keys.hpp"

#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>
#include <type_traits>

using namespace ambassim;
namespace fs = std::filesystem;

namespace {

// The message of the InputError thrown by parsing `text` (as "s.toml") and
// applying `sets`, or "" if everything is accepted.
std::string error_of(const std::string& text, const std::vector<std::string>& sets = {}) {
    try {
        Scenario s = parse_scenario(text, "s.toml");
        apply_overrides(s, sets);
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

// A fresh directory for files of one test.
fs::path scratch_dir(const std::string& name) {
    const fs::path dir = fs::temp_directory_path() / ("ambassim_test_scenario_" + name);
    fs::remove_all(dir);
    fs::create_directories(dir);
    return dir;
}

fs::path write_file(const fs::path& file, const std::string& bytes) {
    std::ofstream(file, std::ios::binary) << bytes;
    return file;
}

// Every key's value as text, for comparing whole scenarios.
std::vector<std::string> values_of(const Scenario& s) {
    std::vector<std::string> out;
    visit_scenario_keys(s, [&](const auto& field, const ParamMeta& m) {
        using T = std::decay_t<decltype(field)>;
        std::ostringstream text;
        text << m.key << "=";
        if constexpr (std::is_same_v<T, std::vector<std::string>>)
            for (const auto& v : field) text << v << ",";
        else
            text << field;
        out.push_back(text.str());
    });
    return out;
}

const std::string kSource = AMBASSIM_SOURCE_DIR;

}  // namespace

TEST_CASE("an empty scenario keeps every default", "[scenario]") {
    const Scenario defaults;
    const Scenario empty = parse_scenario("", "empty.toml");
    CHECK(values_of(empty) == values_of(defaults));
    CHECK(empty.params.strategy.phases.empty());
    const Scenario comments = parse_scenario("# only a comment\n\n[customers]\n# nothing set\n", "c.toml");
    CHECK(values_of(comments) == values_of(defaults));
    CHECK(comments.text == "# only a comment\n\n[customers]\n# nothing set\n");
    CHECK(comments.path.empty());
}

TEST_CASE("file values overlay defaults and --set overlays the file, in order", "[scenario]") {
    Scenario s = parse_scenario(
        "[customers]\nchurn_per_year = 0.2\nneeds_per_year = 4\n[market]\nnetwork = \"scale_free\"\n", "s.toml");
    CHECK(s.params.customers.churn_per_year == 0.2);
    CHECK(s.params.customers.needs_per_year == 4.0);  // an integer is fine for a number
    CHECK(s.params.market.network == "scale_free");
    CHECK(s.params.customers.spend_per_year == 1000);  // untouched default

    apply_overrides(s, {"customers.churn_per_year=0.3"});
    apply_overrides(s, {"customers.churn_per_year = 0.4", "market.network=well_mixed", "run.seed=42",
                        "compare.strategies=none, balanced", "output.quantiles=false"});
    CHECK(s.params.customers.churn_per_year == 0.4);  // last --set wins
    CHECK(s.params.customers.needs_per_year == 4.0);  // from the file
    CHECK(s.params.market.network == "well_mixed");   // bare strings need no quotes
    CHECK(s.plan.seed == 42);
    CHECK(s.compare.strategies == std::vector<std::string>{"none", "balanced"});
    CHECK_FALSE(s.record.quantiles);
    CHECK(s.overrides == std::vector<std::string>{"customers.churn_per_year=0.3", "customers.churn_per_year = 0.4",
                                                  "market.network=well_mixed", "run.seed=42",
                                                  "compare.strategies=none, balanced", "output.quantiles=false"});
}

TEST_CASE("dotted keys, inline tables and every section type are accepted", "[scenario]") {
    const Scenario s = parse_scenario(
        "customers.churn_per_year = 0.25\n"
        "organisation = { employees = 2000, units = 20 }\n"
        "[run]\nseed = 9223372036854775807\nreplicate = 3\nthreads = 1024\noutput = \"out.h5\"\nforce = true\n"
        "[output]\nsnapshot_every = 7\nsnapshot_employees = false\nsnapshot_customers = false\n"
        "unit_series = false\nquantiles = false\n"
        "[compare]\nstrategies = [\"none\", \"engagement_first\"]\nreplicates = 100000\n",
        "s.toml");
    CHECK(s.params.customers.churn_per_year == 0.25);
    CHECK(s.params.organisation.employees == 2000);
    CHECK(s.params.organisation.units == 20);
    CHECK(s.plan.seed == 9223372036854775807ull);
    CHECK(s.plan.replicate == 3);
    CHECK(s.plan.threads == 1024);
    CHECK(s.plan.output == "out.h5");
    CHECK(s.plan.force);
    CHECK(s.record.snapshot_every == 7);
    CHECK_FALSE(s.record.snapshot_employees);
    CHECK_FALSE(s.record.snapshot_customers);
    CHECK_FALSE(s.record.unit_series);
    CHECK_FALSE(s.record.quantiles);
    CHECK(s.compare.strategies == std::vector<std::string>{"none", "engagement_first"});
    CHECK(s.compare.replicates == 100000);
}

TEST_CASE("syntax errors name file, line and column", "[scenario][errors]") {
    CHECK(error_of("[customers]\nchurn_per_year = \n") ==
          "s.toml:2:18: TOML syntax error in the value of `customers.churn_per_year`: Error while parsing key-value "
          "pair: expected value, saw '\\n'");
    CHECK(error_of("[customers]\nchurn per year = 0.2\n") ==
          "s.toml:2:7: TOML syntax error: Error while parsing key-value pair: expected '=', saw 'p'");
    CHECK(error_of("[market]\nnetwork = small_world\n") ==
          "s.toml:2:11: TOML syntax error in the value of `market.network`: Error while parsing value: could not "
          "determine value type; strings must be quoted: \"small_world\"");
    CHECK(error_of("[run]\noutput = \"a.h5\nforce = true\n") ==
          "s.toml:2:15: TOML syntax error in the value of `run.output`: Error while parsing string: no closing quote "
          "before the end of the line");
    CHECK(error_of("[run]\noutput = \"a.h5") ==
          "s.toml:2:15: TOML syntax error in the value of `run.output`: Error while parsing string: no closing quote "
          "before the end of the file");
    CHECK(error_of("[run]\noutput = \"a\x01.h5\"\n") ==
          "s.toml:2:12: TOML syntax error in the value of `run.output`: Error while parsing string: control character "
          "U+0001 must be written as an escape (\\t, \\n, \\uXXXX)");
    CHECK(error_of(std::string("a = ") + std::string(300, '[') + std::string(300, ']') + "\n").find(
              "s.toml:1:261: TOML syntax error in the value of `a`: Error while parsing value: exceeded maximum nested "
              "value depth of 256") == 0);
    CHECK(error_of("a = 1\nb = 2\n[customers\n") == "s.toml:3:11: TOML syntax error: Error while parsing table header: expected ']', saw '\\n'");
}

TEST_CASE("keys and tables given twice are named in full", "[scenario][errors]") {
    CHECK(error_of("[customers]\nchurn_per_year = 0.1\nchurn_per_year = 0.2\n") ==
          "s.toml:3:1: key `customers.churn_per_year` is defined twice (first on line 2)");
    CHECK(error_of("customers.churn_per_year = 0.1\n  customers . churn_per_year = 0.2\n") ==
          "s.toml:2:3: key `customers.churn_per_year` is defined twice (first on line 1)");
    CHECK(error_of("[customers]\nchurn_per_year = 0.1\n[market]\n[customers]\n") ==
          "s.toml:4:1: table [customers] is defined twice (first on line 1)");
    CHECK(error_of("[strategy]\nname = \"custom\"\n[[strategy.phases]]\nstart_day = 0\n[[strategy.phases]]\n"
                   "start_day = 1\ntraining = 0.5\ntraining = 0.6\n") ==
          "s.toml:8:1: key `strategy.phases[1].training` is defined twice (first on line 7)");
    // Strings and arrays spanning lines do not confuse the search for the table.
    CHECK(error_of("[run]\noutput = \"\"\"\n[customers]\n\"\"\"\n[compare]\nstrategies = [\n\"none\",\n]\n"
                   "replicates = 2\nreplicates = 3\n") ==
          "s.toml:10:1: key `compare.replicates` is defined twice (first on line 9)");
    // Inside an inline table toml++'s own message stays.
    CHECK(error_of("customers = { churn_per_year = 0.1, churn_per_year = 0.2 }\n") ==
          "s.toml:1:54: TOML syntax error in the value of `customers`: Error while parsing key-value pair: cannot "
          "redefine existing floating-point 'churn_per_year'");
}

TEST_CASE("unknown keys and sections are errors with suggestions", "[scenario][errors]") {
    CHECK(error_of("[customers]\nchurn_per_yaer = 0.2\n") ==
          "s.toml:2:1: unknown key `customers.churn_per_yaer`; did you mean `customers.churn_per_year`?");
    CHECK(error_of("customers.churn_per_yaer = 0.2\n") ==
          "s.toml:1:11: unknown key `customers.churn_per_yaer`; did you mean `customers.churn_per_year`?");
    CHECK(error_of("churn_per_year = 0.2\n") ==
          "s.toml:1:1: unknown key `churn_per_year`; did you mean `customers.churn_per_year`?");
    CHECK(error_of("[market]\nchurn_per_year = 0.2\n") ==
          "s.toml:2:1: unknown key `market.churn_per_year`; did you mean `customers.churn_per_year`?");
    CHECK(error_of("[customers]\nxyzzy = 1\n") == "s.toml:2:1: unknown key `customers.xyzzy`");
    CHECK(error_of("\n[custmers]\nchurn_per_year = 0.2\n") ==
          "s.toml:2:2: unknown section `custmers`; did you mean `customers`?");
    CHECK(error_of("[weather]\nrain = 1\n") == "s.toml:1:2: unknown section `weather`");
    CHECK(error_of("[customers.extra]\nx = 1\n") == "s.toml:1:12: unknown section `customers.extra`");
    CHECK(error_of("customers = 3\n") ==
          "s.toml:1:1: key `customers` must be a table ([customers]), got integer; did you mean `customers.customers`?");
    CHECK(error_of("[strategy]\nphases = 3\n").find("s.toml:2:1: key `strategy.phases` must be an array of tables") == 0);
    // Huge names are cut in messages and do not make the suggestion search slow.
    const std::string huge(1u << 20, 'k');
    CHECK(error_of("[customers]\n" + huge + " = 1\n") == "s.toml:2:1: unknown key `customers." + std::string(70, 'k') + "...`");
    // The first problem in file order is reported (tables iterate by name).
    CHECK(error_of("[market]\nzzz = 1\naaa = 2\n") == "s.toml:2:1: unknown key `market.zzz`");
}

TEST_CASE("values must have the key's type", "[scenario][errors]") {
    CHECK(error_of("[customers]\nchurn_per_year = \"0.2\"\n") ==
          "s.toml:2:1: key `customers.churn_per_year` must be a number, got string");
    CHECK(error_of("[customers]\nchurn_per_year = true\n") ==
          "s.toml:2:1: key `customers.churn_per_year` must be a number, got boolean");
    CHECK(error_of("[customers]\nchurn_per_year = [0.2]\n") ==
          "s.toml:2:1: key `customers.churn_per_year` must be a number, got array");
    CHECK(error_of("[customers]\nchurn_per_year = 1979-05-27\n") ==
          "s.toml:2:1: key `customers.churn_per_year` must be a number, got date");
    CHECK(error_of("[customers.churn_per_year]\n") ==
          "s.toml:1:12: key `customers.churn_per_year` must be a number, got table");
    CHECK(error_of("[organisation]\nemployees = 1000.0\n") ==
          "s.toml:2:1: key `organisation.employees` must be an integer, got float");
    CHECK(error_of("[organisation]\nemployees = 1e3\n") ==
          "s.toml:2:1: key `organisation.employees` must be an integer, got float");
    CHECK(error_of("[market]\nnetwork = 1\n") == "s.toml:2:1: key `market.network` must be a string, got integer");
    CHECK(error_of("[run]\nforce = \"yes\"\n") == "s.toml:2:1: key `run.force` must be a boolean, got string");
    CHECK(error_of("[run]\nseed = 1.5\n") == "s.toml:2:1: key `run.seed` must be an integer, got float");
    CHECK(error_of("[compare]\nstrategies = \"none\"\n") ==
          "s.toml:2:1: key `compare.strategies` must be an array of strings, got string");
    CHECK(error_of("[compare]\nstrategies = [\"none\", 2]\n") ==
          "s.toml:2:23: key `compare.strategies[1]` must be a string, got integer");
}

TEST_CASE("values must be finite and in range", "[scenario][errors]") {
    CHECK(error_of("[customers]\nchurn_per_year = -0.1\n") ==
          "s.toml:2:1: key `customers.churn_per_year` = -0.1 is out of range [0, 50]");
    CHECK(error_of("[customers]\nchurn_per_year = 50.5\n") ==
          "s.toml:2:1: key `customers.churn_per_year` = 50.5 is out of range [0, 50]");
    CHECK(error_of("[customers]\nchurn_per_year = 50\n").empty());  // bounds are inclusive
    CHECK(error_of("[customers]\nchurn_per_year = nan\n") ==
          "s.toml:2:1: key `customers.churn_per_year` must be finite, got nan");
    CHECK(error_of("[customers]\nchurn_per_year = inf\n") ==
          "s.toml:2:1: key `customers.churn_per_year` must be finite, got inf");
    CHECK(error_of("[customers]\nchurn_per_year = -inf\n") ==
          "s.toml:2:1: key `customers.churn_per_year` must be finite, got -inf");
    CHECK(error_of("[organisation]\nemployees = 2\n") ==
          "s.toml:2:1: key `organisation.employees` = 2 is out of range [3, 100000000]");
    CHECK(error_of("[customers]\nprospects = -2\n") ==
          "s.toml:2:1: key `customers.prospects` = -2 is out of range [-1, 10000000000]");
    CHECK(error_of("[programs]\ncareer_saturation = 0\n") ==
          "s.toml:2:1: key `programs.career_saturation` = 0 is out of range [1e-06, 1000000000]");
    CHECK(error_of("[run]\nseed = -1\n") == "s.toml:2:1: key `run.seed` = -1 is out of range [0, 9223372036854775807]");
    CHECK(error_of("[run]\nthreads = 1025\n") == "s.toml:2:1: key `run.threads` = 1025 is out of range [0, 1024]");
    CHECK(error_of("[run]\nreplicate = -1\n") ==
          "s.toml:2:1: key `run.replicate` = -1 is out of range [0, 9223372036854775807]");
    CHECK(error_of("[output]\nsnapshot_every = -1\n") ==
          "s.toml:2:1: key `output.snapshot_every` = -1 is out of range [0, 9223372036854775807]");
    CHECK(error_of("[compare]\nreplicates = 0\n") == "s.toml:2:1: key `compare.replicates` = 0 is out of range [1, 100000]");
}

TEST_CASE("string keys must be one of their choices", "[scenario][errors]") {
    CHECK(error_of("[market]\nnetwork = \"ring\"\n") ==
          "s.toml:2:1: key `market.network` = \"ring\" is not one of well_mixed|small_world|scale_free");
    CHECK(error_of("[strategy]\nname = \"Balanced\"\n") ==
          "s.toml:2:1: key `strategy.name` = \"Balanced\" is not one of "
          "none|engagement_only|ambassadorship_only|balanced|engagement_first|ambassadorship_first|custom "
          "(or a [strategies.NAME] table); did you mean `balanced`?");
    CHECK(error_of("[market]\nnetwork = \"smal_world\"\n") ==
          "s.toml:2:1: key `market.network` = \"smal_world\" is not one of well_mixed|small_world|scale_free; "
          "did you mean `small_world`?");
    CHECK(error_of("[market]\nnetwork = \"well_mixed\"\n").empty());
}

TEST_CASE("strategy phases", "[scenario][phases]") {
    const std::string custom = "[strategy]\nname = \"custom\"\n";
    const Scenario s = parse_scenario(custom +
                                          "[[strategy.phases]]\nstart_day = 0\nengagement = 1\n"
                                          "[[strategy.phases]]\nstart_day = 100.5\ntraining = 0.5\nrecognition = 0.5\n",
                                      "s.toml");
    REQUIRE(s.params.strategy.phases.size() == 2);
    CHECK(s.params.strategy.phases[0].engagement == 1.0);
    CHECK(s.params.strategy.phases[0].training == 0.0);  // absent = 0
    CHECK(s.params.strategy.phases[1].start_day == 100.5);
    CHECK(s.params.strategy.phases[1].recognition == 0.5);

    CHECK(error_of(custom) == "s.toml:2:1: strategy.name = \"custom\" needs at least one [[strategy.phases]] table");
    CHECK(error_of("[[strategy.phases]]\nstart_day = 0\nengagement = 0.5\n") ==
          "s.toml:1:12: [[strategy.phases]] given but strategy.name = \"none\"; set strategy.name = \"custom\" to use them");
    CHECK(error_of(custom + "[[strategy.phases]]\nstart_day = 1\n") ==
          "s.toml:4:1: strategy.phases[0].start_day = 1; the first phase must start at day 0");
    CHECK(error_of(custom + "[[strategy.phases]]\nstart_day = 0\n[[strategy.phases]]\nstart_day = 50\n"
                            "[[strategy.phases]]\nstart_day = 50\n") ==
          "s.toml:8:1: strategy.phases[2].start_day = 50 must be greater than strategy.phases[1].start_day = 50");
    CHECK(error_of(custom + "[[strategy.phases]]\nstart_day = 0\nengagement = 0.6\nmission = 0.5\n") ==
          "s.toml:3:1: strategy.phases[0]: engagement + mission = 1.1; the shares "
          "must sum to at most 1");
    CHECK(error_of(custom + "[[strategy.phases]]\nstart_day = 0\nengagement = 0.1\ntraining = 0.2\nmission = 0.3\n"
                            "process = 0.2\nrecognition = 0.2\n")
              .empty());  // 0.1 + 0.2 + ... is 1 within rounding
    CHECK(error_of(custom + "[[strategy.phases]]\nstart_day = 0\nenagement = 0.5\n") ==
          "s.toml:5:1: unknown key `strategy.phases[0].enagement`; did you mean `strategy.phases[0].engagement`?");
    CHECK(error_of(custom + "[[strategy.phases]]\nstart_day = 0\nengagement = 1.5\n") ==
          "s.toml:5:1: key `strategy.phases[0].engagement` = 1.5 is out of range [0, 1]");
    // The capacity lever is not a budget share (it does not count toward the sum) but has its range.
    CHECK(error_of(custom + "[[strategy.phases]]\nstart_day = 0\nengagement = 1\nextra_front_line = 0.5\n").empty());
    CHECK(error_of(custom + "[[strategy.phases]]\nstart_day = 0\nextra_front_line = 1.5\n") ==
          "s.toml:5:1: key `strategy.phases[0].extra_front_line` = 1.5 is out of range [0, 1]");
    CHECK(error_of(custom + "[[strategy.phases]]\nstart_day = 0\nextra_frontline = 0.1\n") ==
          "s.toml:5:1: unknown key `strategy.phases[0].extra_frontline`; did you mean "
          "`strategy.phases[0].extra_front_line`?");
    CHECK(error_of(custom + "[[strategy.phases]]\nstart_day = 0\nengagement = \"all\"\n") ==
          "s.toml:5:1: key `strategy.phases[0].engagement` must be a number, got string");
    CHECK(error_of(custom + "[strategy.phases]\nstart_day = 0\n") ==
          "s.toml:3:11: key `strategy.phases` must be an array of tables ([[strategy.phases]]), got table");
    CHECK(error_of(custom + "[strategy]\n") == "s.toml:3:1: table [strategy] is defined twice (first on line 1)");

    // --set can give name and phases together, in either order.
    Scenario t = parse_scenario("", "s.toml");
    apply_overrides(t, {"strategy.phases=[{start_day = 0, engagement = 0.5}]", "strategy.name=custom"});
    CHECK(t.params.strategy.name == "custom");
    CHECK(t.params.strategy.phases.size() == 1);
    CHECK(error_of("", {"strategy.name=custom"}) ==
          "--set strategy.name=custom: strategy.name = \"custom\" needs at least one [[strategy.phases]] table");
}

TEST_CASE("compare section rules", "[scenario][compare]") {
    CHECK(error_of("[compare]\nstrategies = []\n") == "s.toml:2:1: key `compare.strategies` must not be an empty array");
    CHECK(error_of("[compare]\nstrategies = [\"none\", \"best\"]\n") ==
          "s.toml:2:23: key `compare.strategies` = \"best\" is not one of "
          "none|engagement_only|ambassadorship_only|balanced|engagement_first|ambassadorship_first|custom "
          "(or a [strategies.NAME] table)");
    CHECK(error_of("[compare]\nstrategies = [\"none\", \"balanced\", \"none\"]\n") ==
          "s.toml:2:35: key `compare.strategies` lists \"none\" twice");
    CHECK(error_of("[compare]\nstrategies = [\"none\", \"custom\"]\n") ==
          "s.toml:2:1: compare.strategies includes \"custom\" but no [[strategy.phases]] table is given");
    // custom with phases is fine, even if the run's own strategy is built in.
    CHECK(error_of("[compare]\nstrategies = [\"none\", \"custom\"]\n[[strategy.phases]]\nstart_day = 0\ntraining = 1\n")
              .empty());
}

TEST_CASE("shares and weights must add up", "[scenario][cross]") {
    CHECK(error_of("[organisation]\nfront_line_share = 0.6\nmanager_share = 0.4\n") ==
          "s.toml:2:1: organisation.front_line_share + organisation.manager_share = 1 must be less than 1 (the rest is "
          "back office)");
    CHECK(error_of("[programs]\nambassadorship_mission_share = 0.5\n") ==
          "s.toml:2:1: programs.ambassadorship_training_share + programs.ambassadorship_mission_share + "
          "programs.ambassadorship_process_share + programs.ambassadorship_recognition_share = 1.25; they must sum to 1");
    CHECK(error_of("[programs]\nambassadorship_training_share = 0.1\nambassadorship_mission_share = 0.2\n"
                   "ambassadorship_process_share = 0.3\nambassadorship_recognition_share = 0.4\n")
              .empty());
    CHECK(error_of("[encounters]\nfunctional_focus_weight = 0.1\n") ==
          "s.toml:2:1: encounters.functional_engagement_weight + encounters.functional_focus_weight + "
          "encounters.functional_process_weight = 0.75; they must sum to 1");
    CHECK(error_of("[customers]\nloyalty_bond_weight = 0.5\n") ==
          "s.toml:2:1: customers.loyalty_satisfaction_weight + customers.loyalty_bond_weight = 0.8; they must sum to 1");
    CHECK(error_of("[customers]\nadvocacy_satisfaction_weight = 0.5\n") ==
          "s.toml:2:1: customers.advocacy_satisfaction_weight + customers.advocacy_bond_weight = 1.15; they must sum to "
          "1");
    // Without the keys in the file the message names the file only.
    Scenario s;
    s.path = "mem.toml";
    s.params.customers.loyalty_bond_weight = 0.1;
    CHECK_THROWS_WITH(validate(s), "mem.toml: customers.loyalty_satisfaction_weight + customers.loyalty_bond_weight = "
                                   "0.4; they must sum to 1");
}

TEST_CASE("organisation, market and memory limits", "[scenario][cross]") {
    CHECK(error_of("[organisation]\nemployees = 29\nunits = 10\n") ==
          "s.toml:2:1: organisation.employees = 29 is too few for organisation.units = 10: every unit needs a manager, "
          "a front-line employee and one more (at least 30 employees)");
    CHECK(error_of("[organisation]\nemployees = 100\nunits = 20\nmanager_share = 0.1\n") ==
          "s.toml:4:1: organisation.manager_share = 0.1 gives 10 managers for organisation.units = 20 "
          "(organisation.employees = 100); every unit needs at least one");
    CHECK(error_of("[organisation]\nemployees = 100\nunits = 20\nmanager_share = 0.2\nfront_line_share = 0.15\n") ==
          "s.toml:5:1: organisation.front_line_share = 0.15 gives 15 front-line employees for organisation.units = 20 "
          "(organisation.employees = 100); every unit needs at least one");
    CHECK(error_of("[organisation]\nemployees = 30\nunits = 10\nmanager_share = 0.34\nfront_line_share = 0.34\n").empty());
    CHECK(error_of("[customers]\ncustomers = 10\n[market]\nmean_degree = 10\n") ==
          "s.toml:4:1: market.mean_degree = 10 must be less than the number of people in the market "
          "(customers.customers + max(customers.prospects, 0) = 10)");
    CHECK(error_of("[customers]\ncustomers = 10\n[market]\nnetwork = \"well_mixed\"\n").empty());
    CHECK(error_of("[customers]\ncustomers = 10\nprospects = 1\n").empty());
}

namespace {

// Sets AMBASSIM_MEMORY_LIMIT_BYTES for one scope, so that messages do not
// depend on the machine's memory.
struct MemoryLimit {
    explicit MemoryLimit(const char* bytes) { setenv("AMBASSIM_MEMORY_LIMIT_BYTES", bytes, 1); }
    ~MemoryLimit() { unsetenv("AMBASSIM_MEMORY_LIMIT_BYTES"); }
    MemoryLimit(const MemoryLimit&) = delete;
    MemoryLimit& operator=(const MemoryLimit&) = delete;
};

}  // namespace

TEST_CASE("sizes are checked against the memory limit before allocating", "[scenario][cross][memory]") {
    const MemoryLimit limit("8589934592");  // 8 GiB
    // 64 MiB + 200M people x (40 + 13 x 10) B + 1000 x (300 + 45 x 4) B = 31.7 GiB
    CHECK(error_of("[customers]\ncustomers = 100000000\nprospects = 100000000\n") ==
          "s.toml:2:1: scenario needs about 31.7 GiB of memory (customers.customers = 100000000, "
          "customers.prospects = 100000000, market.mean_degree = 10, organisation.employees = 1000); the limit is "
          "8.0 GiB (AMBASSIM_MEMORY_LIMIT_BYTES)");
    // prospects = -1: 4 prospects per customer are assumed (5 x 20M people).
    CHECK(error_of("[customers]\ncustomers = 20000000\n") ==
          "s.toml:2:1: scenario needs about 15.9 GiB of memory (customers.customers = 20000000, "
          "customers.prospects = -1, market.mean_degree = 10, organisation.employees = 1000); the limit is 8.0 GiB "
          "(AMBASSIM_MEMORY_LIMIT_BYTES)");
    CHECK(error_of("[customers]\ncustomers = 10000000\n").empty());  // 8.0 GiB: just fits
    CHECK(error_of("[customers]\ncustomers = 20000000\n[market]\nnetwork = \"well_mixed\"\n").empty());
    CHECK(error_of("[organisation]\nemployees = 100000000\n") ==
          "s.toml:2:1: scenario needs about 44.8 GiB of memory (customers.customers = 20000, customers.prospects = -1, "
          "market.mean_degree = 10, organisation.employees = 100000000); the limit is 8.0 GiB "
          "(AMBASSIM_MEMORY_LIMIT_BYTES)");
    // A --set that makes the scenario too large is named.
    CHECK(error_of("[customers]\ncustomers = 1000000\n", {"market.mean_degree=1000"}) ==
          "--set market.mean_degree=1000: scenario needs about 60.8 GiB of memory (customers.customers = 1000000, "
          "customers.prospects = -1, market.mean_degree = 1000, organisation.employees = 1000); the limit is 8.0 GiB "
          "(AMBASSIM_MEMORY_LIMIT_BYTES)");
    CHECK(error_of("", {"customers.customers=30000000"}).find("--set customers.customers=30000000: scenario needs about ") == 0);
    // People are indexed by 32-bit integers, whatever the memory.
    const MemoryLimit huge("18446744073709551615");
    CHECK(error_of("[customers]\ncustomers = 1000000000\n") ==
          "s.toml:2:1: customers.customers = 1000000000 and customers.prospects = -1 make about 5000000000 people in "
          "the market; at most 4294967295 are supported (customers.prospects = -1 assumes 4 prospects per customer)");
    CHECK(error_of("[customers]\nprospects = 5000000000\n") ==
          "s.toml:2:1: customers.customers = 20000 and customers.prospects = 5000000000 make about 5000020000 people in "
          "the market; at most 4294967295 are supported");
    CHECK(error_of("[customers]\ncustomers = 100000000\nprospects = 100000000\n").empty());
}

TEST_CASE("without an override the limit is the machine's memory", "[scenario][cross][memory]") {
    unsetenv("AMBASSIM_MEMORY_LIMIT_BYTES");
    const std::string message = error_of("[customers]\ncustomers = 1000000000\nprospects = 0\n[organisation]\n"
                                         "employees = 100000000\npeer_ties = 50\n");  // about 131 TiB
    CHECK(message.find("s.toml:2:1: scenario needs about ") == 0);
    CHECK(message.find("); this machine has ") != std::string::npos);
    {
        const MemoryLimit bad("lots");
        CHECK(error_of("") == "AMBASSIM_MEMORY_LIMIT_BYTES = `lots` is not a positive number of bytes");
    }
}

TEST_CASE("errors from --set name the assignment", "[scenario][set]") {
    CHECK(error_of("", {"customers.churn=0.2"}) ==
          "--set customers.churn=0.2: unknown key `customers.churn`; did you mean `customers.churn_per_year`?");
    CHECK(error_of("", {"customers.churn_per_year=abc"}) ==
          "--set customers.churn_per_year=abc: TOML syntax error in the value of `customers.churn_per_year`: Error "
          "while parsing value: could not determine value type");
    CHECK(error_of("", {"customers.churn_per_year=\"0.2\""}) ==
          "--set customers.churn_per_year=\"0.2\": key `customers.churn_per_year` must be a number, got string");
    CHECK(error_of("", {"customers.churn_per_year=-1"}) ==
          "--set customers.churn_per_year=-1: key `customers.churn_per_year` = -1 is out of range [0, 50]");
    CHECK(error_of("", {"organisation.employees=1e4"}) ==
          "--set organisation.employees=1e4: key `organisation.employees` must be an integer, got float");
    CHECK(error_of("", {"market.network=ring"}) ==
          "--set market.network=ring: key `market.network` = \"ring\" is not one of well_mixed|small_world|scale_free");
    CHECK(error_of("", {"customers.churn_per_year"}) == "--set customers.churn_per_year: expected key=value");
    CHECK(error_of("", {"=1"}) == "--set =1: expected key=value, got no key");
    CHECK(error_of("", {"run.seed="}) == "--set run.seed=: expected key=value, got no value");
    CHECK(error_of("", {"organisation.manager_share=0.45"}) ==
          "--set organisation.manager_share=0.45: organisation.front_line_share + organisation.manager_share = 1.05 "
          "must be less than 1 (the rest is back office)");
    CHECK(error_of("", {"customers.churn_per_year=nan"}) ==
          "--set customers.churn_per_year=nan: key `customers.churn_per_year` must be finite, got nan");
    // The assignment is shown with control characters and invalid bytes escaped.
    CHECK(error_of("", {"run.seed=1\nrun.threads=2"}) == "--set run.seed=1\\nrun.threads=2: the value must be on one line");
    CHECK(error_of("", {std::string("run.output=\xff")}) == "--set run.output=\\xFF: not valid UTF-8 text (byte 0xFF)");
    CHECK(error_of("", {"run.output=a\tb"}) ==
          "--set run.output=a\\tb: key `run.output` must not contain control characters, got U+0009 (from a backslash "
          "escape? write paths in single quotes: 'C:\\results\\run.h5')");
    // A --set that breaks a rule between keys is named, even if the rule's
    // first key comes from the file.
    CHECK(error_of("[customers]\ncustomers = 10\n[market]\nnetwork = \"well_mixed\"\n", {"market.network=small_world"}) ==
          "--set market.network=small_world: market.mean_degree = 10 must be less than the number of people in the "
          "market (customers.customers + max(customers.prospects, 0) = 10)");

    // A failed --set leaves the scenario as it was.
    Scenario s = parse_scenario("[customers]\nchurn_per_year = 0.2\n", "s.toml");
    CHECK_THROWS_AS(apply_overrides(s, {"customers.churn_per_year=0.3", "customers.bogus=1"}), InputError);
    CHECK(s.params.customers.churn_per_year == 0.2);
    CHECK(s.overrides.empty());
    // Cross-field errors point at the --set that touched the keys.
    CHECK(error_of("[organisation]\nmanager_share = 0.3\n", {"run.seed=3", "organisation.front_line_share=0.7"}) ==
          "--set organisation.front_line_share=0.7: organisation.front_line_share + organisation.manager_share = 1 must "
          "be less than 1 (the rest is back office)");
}

TEST_CASE("file errors: missing, directory, too large, not UTF-8", "[scenario][files]") {
    const fs::path dir = scratch_dir("files");
    const fs::path missing = dir / "missing.toml";
    CHECK(load_error(missing) == "cannot read scenario `" + missing.string() + "`: no such file");
    CHECK(load_error(dir) == "cannot read scenario `" + dir.string() + "`: is a directory");

    const fs::path big = write_file(dir / "big.toml", std::string((16u << 20) + 1, '#'));
    CHECK(load_error(big) == "cannot read scenario `" + big.string() + "`: is larger than 16 MiB; not a scenario file");

    const fs::path latin1 = write_file(dir / "latin1.toml", "# ok\n[customers]\n# caf\xe9\nchurn_per_year = 0.2\n");
    CHECK(load_error(latin1) == latin1.string() + ":3:6: not valid UTF-8 text (byte 0xE9); save the file as UTF-8");
    const fs::path nul = write_file(dir / "nul.toml", std::string("a = 1\n\0b = 2\n", 13));
    CHECK(load_error(nul) == nul.string() + ":2:1: NUL byte (0x00) in the text; a scenario must be UTF-8 text");
    const std::vector<std::pair<std::string, std::string>> bad_bytes = {
        {"\xc0\xaf", "0xC0"}, {"\xed\xa0\x80", "0xED"}, {"\xf4\x90\x80\x80", "0xF4"},
        {"\xe2\x82", "0xE2"}, {"\x80", "0x80"},           {"\xf8\x88\x80\x80\x80", "0xF8"}};
    for (const auto& [bad, byte] : bad_bytes) {
        CAPTURE(bad);
        CHECK(error_of("# " + bad + "\n") == "s.toml:1:3: not valid UTF-8 text (byte " + byte + "); save the file as UTF-8");
    }
    // In a value, the key is named.
    CHECK(error_of("[run]\noutput = \"r\xe9sultat.h5\"\n") ==
          "s.toml:2:12: not valid UTF-8 text (byte 0xE9) in the value of `run.output`; save the file as UTF-8");
    CHECK(error_of(std::string("[customers]\nchurn_per_year = 0.2\0\n", 33)) ==
          "s.toml:2:21: NUL byte (0x00) in the text in the value of `customers.churn_per_year`; a scenario must be UTF-8 text");
    CHECK(error_of("\xff\xfe[\0") ==
          "s.toml:1:1: the text is UTF-16 (it starts with a UTF-16 byte order mark); save the file as UTF-8");
    // A UTF-8 byte order mark is allowed.
    CHECK(parse_scenario("\xef\xbb\xbf[customers]\nchurn_per_year = 0.3\n", "s.toml").params.customers.churn_per_year == 0.3);
    CHECK(error_of("\xef\xbb\xbf\xc3\xa9 = 1\n") ==
          "s.toml:1:1: TOML syntax error: unexpected character U+00E9 '\xc3\xa9' outside a string or comment");
    CHECK(error_of("# caf\xc3\xa9 \xe2\x82\xac \xf0\x9f\x98\x80\n").empty());  // well-formed UTF-8 is fine

    const fs::path good = write_file(dir / "good.toml", "[customers]\nchurn_per_year = 0.3\n");
    const Scenario s = load_scenario(good);
    CHECK(s.path == good.string());
    CHECK(s.text == "[customers]\nchurn_per_year = 0.3\n");
    CHECK(s.params.customers.churn_per_year == 0.3);
    const fs::path bad_key = write_file(dir / "bad_key.toml", "[customers]\nchurn = 0.3\n");
    CHECK(load_error(bad_key) ==
          bad_key.string() + ":2:1: unknown key `customers.churn`; did you mean `customers.churn_per_year`?");
    fs::remove_all(dir);
}

TEST_CASE("characters that toml++ 3.3.0 mishandles are refused before parsing", "[scenario][errors]") {
    // Non-ASCII outside strings and comments (never valid TOML; toml++ would hit undefined behaviour).
    CHECK(error_of("a = 1 \xd2\x87\n") ==
          "s.toml:1:7: TOML syntax error in the value of `a`: unexpected character U+0487 '\xd2\x87' outside a string or "
          "comment");
    CHECK(error_of("[run]\n\xc3\xa9 = 1\n") == "s.toml:2:1: TOML syntax error: unexpected character U+00E9 '\xc3\xa9' outside a string or comment");
    CHECK(error_of("[run]\noutput = \"\"\"a\"\"\"\"\xc3\xa9\n") ==
          "s.toml:2:18: TOML syntax error in the value of `run.output`: unexpected character U+00E9 '\xc3\xa9' outside a "
          "string or comment");
    // Invisible characters are shown by code point only.
    CHECK(error_of("[customers]\nchurn_per_year =\xc2\xa0" "0.2\n") ==
          "s.toml:2:17: TOML syntax error in the value of `customers.churn_per_year`: unexpected character U+00A0 "
          "outside a string or comment");
    // After a backslash in a multi-line basic string.
    CHECK(error_of("[run]\noutput = \"\"\"x\\\n  \xc3\xa9\"\"\"\n") ==
          "s.toml:3:3: TOML syntax error in the value of `run.output`: unsupported character U+00E9 '\xc3\xa9' after a backslash in a multi-line string");
    // Inputs that break toml++'s internal assertions (found by fuzzing; in clang
    // release builds they are optimiser assumptions) are refused before parsing.
    CHECK(error_of("[customers]\n[\nchurn_per_year = 0.2\n") ==
          "s.toml:2:2: TOML syntax error: Error while parsing table header: expected a table name after '[', saw '\\n'");
    CHECK(error_of("[[ =x]]\n") ==
          "s.toml:1:4: TOML syntax error: Error while parsing table header: expected a table name after '[', saw '='");
    CHECK(error_of("c = [}\n") == "s.toml:1:6: TOML syntax error in the value of `c`: unexpected '}' inside an array");
    CHECK(error_of("c = [1, # x\n}\n") == "s.toml:2:1: TOML syntax error in the value of `c`: unexpected '}' inside an array");
    CHECK(error_of("e = 1979-05-27T+7\n") ==
          "s.toml:1:15: TOML syntax error in the value of `e`: expected a 2-digit hour after the 'T' of a date-time");
    // toml++ scans a bare value ahead to its end (up to 127 characters), past a
    // quote that cannot start a string there, and non-ASCII characters met on
    // the way hit the undefined behaviour of its whitespace table.
    CHECK(error_of("[customers]\nchurn_per_year = 0.2'x\xc3\xa9'\n") ==
          "s.toml:2:23: TOML syntax error in the value of `customers.churn_per_year`: unexpected character U+00E9 "
          "'\xc3\xa9' in a value");
    CHECK(error_of("c = [1, 2\x0e\"\xcc\x87\"]\n") ==
          "s.toml:1:12: TOML syntax error in the value of `c`: unexpected character U+0307 '\xcc\x87' in a value");
    CHECK(error_of("[run]\noutput = \"\xc3\xa9\" # \xc3\xa9\nseed = 1 # 'x\xc3\xa9'\n"
                   "[compare]\nstrategies = ['none', \"balanced\"] # \xc3\xa9\n").empty());
    // ... but not where they are fine: in strings, comments and arrays of arrays.
    CHECK(error_of("# [\n[run]\noutput = \"[}1979-05-27T\"\n").empty());
    CHECK(error_of("[run]\noutput = \"\"\"\n[\n\"\"\"\n").find("must not contain control characters") != std::string::npos);
    CHECK(error_of("[[strategy.phases]]\nstart_day = 0\n[strategy]\nname = \"custom\"\n[compare]\nstrategies = [\n  \"none\",\n]\n")
              .empty());
    // Inside strings and comments non-ASCII text is fine.
    const Scenario s = parse_scenario("# caf\xc3\xa9\n[run]\noutput = \"r\xc3\xa9sultat \\\" \xe2\x82\xac.h5\"  # \xd2\x87\n", "s.toml");
    CHECK(s.plan.output == "r\xc3\xa9sultat \" \xe2\x82\xac.h5");
    CHECK(error_of("[run]\noutput = '\xc3\xa9'\n[strategy]\nname = \"\"\"none\"\"\"\n").empty());
    CHECK(error_of("", {"run.output=caf\xc3\xa9.h5"}).empty());
}

TEST_CASE("key registry: suggestions and every key", "[scenario][keys]") {
    CHECK(key_registry().suggest("customers.churn_per_yaer") == "customers.churn_per_year");
    CHECK(key_registry().suggest("customers.churn") == "customers.churn_per_year");
    CHECK(key_registry().suggest("organization.employees") == "organisation.employees");
    CHECK(key_registry().suggest("employees") == "organisation.employees");
    CHECK(key_registry().suggest("run.sead") == "run.seed");
    CHECK(key_registry().suggest("strategy.phase") == "strategy.phases");
    CHECK(key_registry().suggest("completely.unrelated_thing") == "");

    const auto keys = key_registry().names();
    const std::set<std::string> unique(keys.begin(), keys.end());
    CHECK(unique.size() == keys.size());
    for (const char* key : {"simulation.ticks", "customers.churn_per_year", "market.network", "run.seed", "run.threads",
                            "run.output", "run.force", "output.snapshot_every", "output.quantiles",
                            "compare.strategies", "compare.replicates"})
        CHECK(unique.count(key) == 1);
    for (const auto& key : keys) {
        CAPTURE(key);
        CHECK(key_registry().suggest(key) == key);
    }
}

TEST_CASE("validate() rechecks ranges of a scenario edited in code", "[scenario][cross]") {
    Scenario s = parse_scenario("[customers]\nchurn_per_year = 0.2\n", "s.toml");
    s.path = "s.toml";
    s.params.customers.churn_per_year = -1;
    CHECK_THROWS_WITH(validate(s), "s.toml:2:1: key `customers.churn_per_year` = -1 is out of range [0, 50]");
    s.params.customers.churn_per_year = 0.2;
    s.params.market.network = "ring";
    CHECK_THROWS_WITH(validate(s), "s.toml: key `market.network` = \"ring\" is not one of well_mixed|small_world|scale_free");
}

TEST_CASE("reference.toml lists every key", "[scenario][files]") {
    std::ifstream in(kSource + "/scenarios/reference.toml");
    REQUIRE(in);
    // Keys appear as `name = value` or, for keys without a default, `# name = value`,
    // under their [section] header.
    std::set<std::string> found;
    std::string line, section;
    while (std::getline(in, line)) {
        if (line.size() > 2 && line[0] == '[' && line[1] != '[') {
            section = line.substr(1, line.find(']') - 1);
            continue;
        }
        std::string body = line.rfind("# ", 0) == 0 ? line.substr(2) : line;
        const auto eq = body.find(" = ");
        if (eq != std::string::npos && body.find_first_of(" #") == eq) found.insert(section + "." + body.substr(0, eq));
    }
    for (const auto& key : key_registry().names()) {
        CAPTURE(key);
        CHECK(found.count(key) == 1);
    }
}

TEST_CASE("every scenarios/*.toml loads without error", "[scenario][files]") {
    std::size_t count = 0;
    for (const auto& entry : fs::directory_iterator(kSource + "/scenarios")) {
        if (entry.path().extension() != ".toml") continue;
        CAPTURE(entry.path().string());
        CHECK_NOTHROW(load_scenario(entry.path()));
        ++count;
    }
    CHECK(count >= 6);
    const Scenario flagship = load_scenario(kSource + "/scenarios/flagship.toml");
    CHECK(flagship.params.organisation.employees == 10000);
    CHECK(flagship.params.organisation.units == 40);
    CHECK(flagship.params.customers.customers == 200000);
    CHECK(flagship.params.simulation.ticks == 365);
    CHECK(flagship.params.strategy.name == "ambassadorship_first");
    CHECK(flagship.record.snapshot_every == 0);
    for (const char* name : {"none", "engagement_first", "ambassadorship_first", "balanced"}) {
        const Scenario s = load_scenario(kSource + "/scenarios/" + name + ".toml");
        CHECK(s.params.strategy.name == name);
        CHECK(s.params.organisation.employees == 1000);
        CHECK(s.params.customers.customers == 20000);
    }
    // reference.toml is all defaults.
    CHECK(values_of(load_scenario(kSource + "/scenarios/reference.toml")) == values_of(Scenario{}));
}

TEST_CASE("the reader records where each key is, so validation names lines without parsing again", "[scenario]") {
    const Scenario s = parse_scenario("# c\n[customers]\n  churn_per_year = 0.2\n[strategy]\nname = \"custom\"\n"
                                      "[[strategy.phases]]\nstart_day = 0.0\n[market]\nnetwork = \"well_mixed\"\n",
                                      "s.toml");
    const auto at = [&](const std::string& key) {
        const auto it = s.key_positions.find(key);
        return it == s.key_positions.end() ? std::pair<std::size_t, std::size_t>{0, 0}
                                           : std::pair{it->second.line, it->second.column};
    };
    CHECK(at("customers.churn_per_year") == std::pair<std::size_t, std::size_t>{3, 3});
    CHECK(at("strategy.phases[0].start_day") == std::pair<std::size_t, std::size_t>{7, 1});
    CHECK(at("market.network") == std::pair<std::size_t, std::size_t>{9, 1});
    CHECK(at("customers.bond_mean") == std::pair<std::size_t, std::size_t>{0, 0});  // not in the text
    // A cross-field error names the recorded line of one of its keys (the text is not parsed again).
    Scenario bad = s;
    bad.text.clear();  // positions alone suffice
    bad.path = "s.toml";
    bad.params.organisation.front_line_share = 0.95;
    bad.params.organisation.manager_share = 0.1;
    bad.key_positions["organisation.front_line_share"] = TextPosition{9, 4, {}};
    CHECK_THROWS_WITH(validate(bad), Catch::Matchers::StartsWith("s.toml:9:4: "));
}
