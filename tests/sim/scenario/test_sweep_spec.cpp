// Sweep file reader: every field parsed, relative base paths, and exact
// messages for the mistakes the corpus (tests/corpus/sweep_*) does not cover.
#include "sim/scenario/scenario.hpp"
#include "sim/scenario/sweep_spec.hpp"

#include <catch2/catch.hpp>

using namespace ambassim;

namespace {
const char* kFull = R"([sweep]
base = "../base.toml"
design = "saltelli"
samples = 16
seed = 9
scramble = true
strategies = ["engagement_first", "ambassadorship_first"]
replicates = 3
series = ["/customers/nps", "/customers/active"]

[sweep.set]
"simulation.ticks" = 20
"market.network" = "scale_free"
customers.churn_per_year = 0.25

[[sweep.parameters]]
key = "programs.career_gain_per_year"
min = 0.1
max = 2
scale = "log"

[[sweep.parameters]]
key = "organisation.units"
min = 2
max = 10

[[sweep.parameters]]
key = "customers.loyalty_bond_weight"
complement = "customers.loyalty_satisfaction_weight"
min = 0.3
max = 0.7
)";

std::string error_of(const std::string& text) {
    try {
        parse_sweep_spec(text, "s.toml", "/d");
    } catch (const InputError& e) {
        return e.what();
    }
    return "(no error)";
}

const std::string kHead = "[sweep]\nbase = \"b.toml\"\ndesign = \"grid\"\n";
}  // namespace

TEST_CASE("sweep spec: every field of a full sweep file is read") {
    const SweepSpec s = parse_sweep_spec(kFull, "s.toml", "/work/sweeps");
    CHECK(s.base_path == "/work/base.toml");
    CHECK(s.design == DesignKind::saltelli);
    CHECK(s.samples == 16);
    CHECK(s.seed == 9);
    CHECK(s.scramble);
    CHECK(s.strategies == std::vector<std::string>{"engagement_first", "ambassadorship_first"});
    CHECK(s.replicates == 3);
    CHECK(s.series_mode == SeriesMode::list);
    CHECK(s.series == std::vector<std::string>{"/customers/nps", "/customers/active"});
    // [sweep.set] is typed when read (never re-parsed): each value has the key's
    // type, the text (provenance) is unchanged, and the origin names the line.
    REQUIRE(s.set.size() == 3);
    std::vector<std::string> texts, origins;
    for (const auto& a : s.set) texts.push_back(a.text), origins.push_back(a.origin);
    CHECK(texts == std::vector<std::string>{"simulation.ticks=20", "market.network=\"scale_free\"",
                                            "customers.churn_per_year=0.25"});
    CHECK(origins == std::vector<std::string>{"s.toml:12:1", "s.toml:13:1", "s.toml:14:11"});
    CHECK(std::get<std::int64_t>(s.set[0].value) == 20);
    CHECK(std::get<std::string>(s.set[1].value) == "scale_free");
    CHECK(std::get<double>(s.set[2].value) == 0.25);
    REQUIRE(s.factors.size() == 3);
    CHECK(s.factors[0].factor.name == "programs.career_gain_per_year");
    CHECK(s.factors[0].factor.lower == 0.1);
    CHECK(s.factors[0].factor.upper == 2.0);
    CHECK(s.factors[0].factor.scale == Scale::log);
    CHECK_FALSE(s.factors[0].integer);
    CHECK(s.factors[1].integer);
    CHECK(s.factors[2].complement == "customers.loyalty_satisfaction_weight");
}

TEST_CASE("sweep spec: defaults of the optional keys") {
    const SweepSpec s = parse_sweep_spec(kHead + "[[sweep.parameters]]\nkey = \"customers.churn_per_year\"\nvalues = [0.1]\n",
                                         "s.toml", "");
    CHECK(s.base_path == "b.toml");
    CHECK(s.grid_levels() == 3);
    CHECK(s.morris_levels() == 4);
    CHECK(s.strategies.empty());
    CHECK(s.replicates == 0);
    CHECK(s.series_mode == SeriesMode::scalar);
    CHECK(s.factors[0].factor.values == std::vector<double>{0.1});
}

TEST_CASE("sweep spec: exact messages for conflicting or misplaced keys") {
    const std::string churn = "[[sweep.parameters]]\nkey = \"customers.churn_per_year\"\nvalues = [0.1]\n";
    CHECK(error_of(kHead + "[sweep.set]\n\"customers.churn_per_year\" = 0.2\n" + churn) ==
          "s.toml:7:1: parameter `customers.churn_per_year` is both varied and set in [sweep.set] (line 5)");
    CHECK(error_of(kHead + churn + "[sweep.set]\n\"customers.churn_per_year\" = 0.2\n") ==
          "s.toml:8:1: key `sweep.set.customers.churn_per_year` is also varied by [[sweep.parameters]] (line 5)");
    CHECK(error_of(kHead + "[[sweep.parameters]]\nkey = \"customers.loyalty_bond_weight\"\ncomplement = "
                           "\"customers.loyalty_bond_weight\"\nmin = 0.2\nmax = 0.8\n") ==
          "s.toml:6:1: parameter `customers.loyalty_bond_weight` cannot be its own complement");
    CHECK(error_of(kHead + "[[sweep.parameters]]\nkey = \"customers.loyalty_bond_weight\"\ncomplement = "
                           "\"organisation.units\"\nmin = 0.2\nmax = 0.8\n") ==
          "s.toml:6:1: key `sweep.parameters[0].complement` = \"organisation.units\" is not a numeric (float) scenario key");
    CHECK(error_of(kHead + "[[sweep.parameters]]\nkey = \"customers.churn_per_year\"\nmin = 0.1\n") ==
          "s.toml:4:1: parameter `customers.churn_per_year` needs min and max (or values)");
    CHECK(error_of(kHead + "[[sweep.parameters]]\nmin = 0.1\n") ==
          "s.toml:4:1: key `sweep.parameters[0].key` is missing: name the scenario key to vary");
    CHECK(error_of(kHead + "scramble = true\n" + churn) == "s.toml:4:1: key `sweep.scramble` applies only to the saltelli design");
    CHECK(error_of(kHead + "series = \"some\"\n" + churn) ==
          "s.toml:4:1: key `sweep.series` = \"some\" is not one of scalar|all|none (or an array of paths such as "
          "\"/customers/nps\")");
    CHECK(error_of(kHead + "[[sweep.parameters]]\nkey = \"customers.churn_per_year\"\nvalues = [0.1]\nstep = 2\n") ==
          "s.toml:7:1: unknown key `sweep.parameters[0].step`; did you mean `sweep.parameters[0].key`?");
    CHECK(error_of("[sweep.set]\n\"simulation.ticks\" = 2\n") == "s.toml: key `sweep.base` is missing: name the base scenario file");
    CHECK(error_of("x = 1\n") ==
          "s.toml:1:1: unknown key `x`; a sweep file holds only [sweep], [sweep.set] and [[sweep.parameters]]");
}

TEST_CASE("sweep files: categorical factors and their refusals") {
    const std::string head = "[sweep]\nbase = \"b.toml\"\ndesign = \"";
    const std::string network = "\"\nsamples = 8\n[[sweep.parameters]]\nkey = \"market.network\"\nvalues = [\"well_mixed\", \"scale_free\"]\n";
    for (const char* design : {"saltelli", "morris"})
        CHECK(error_of(head + design + network) ==
              std::string("s.toml:7:1: parameter `market.network` has a list of values (a categorical factor); the ") + design +
                  " design needs numeric min/max factors: use grid or latin_hypercube");
    CHECK(error_of(head + "saltelli\"\nsamples = 8\n[[sweep.parameters]]\nkey = \"customers.churn_per_year\"\nvalues = [0.1, 0.2]\n") ==
          "s.toml:7:1: parameter `customers.churn_per_year` has a list of values (levels); the saltelli design needs numeric "
          "min/max factors: use grid or latin_hypercube");
    const SweepSpec lhs = parse_sweep_spec(head + "latin_hypercube" + network, "s.toml", "");
    CHECK(lhs.factors[0].factor.labels == std::vector<std::string>{"well_mixed", "scale_free"});
    CHECK(lhs.factors[0].factor.values == std::vector<double>{0, 1});
    CHECK(error_of(head + "grid\"\n[[sweep.parameters]]\nkey = \"market.network\"\nvalues = [\"ring\"]\n") ==
          "s.toml:6:11: key `market.network` = \"ring\" is not one of well_mixed|small_world|scale_free");
    CHECK(error_of(head + "grid\"\n[[sweep.parameters]]\nkey = \"market.network\"\nmin = 1\nmax = 2\n") ==
          "s.toml:6:1: parameter `market.network` takes a list of values (names or booleans), not min/max");
    CHECK(error_of(head + "grid\"\n[[sweep.parameters]]\nkey = \"market.network\"\nvalues = [\"scale_free\", \"scale_free\"]\n") ==
          "s.toml:6:1: parameter `market.network` lists \"scale_free\" twice");
    CHECK(error_of(head + "grid\"\n[[sweep.parameters]]\nvalues = [\"scale_free\"]\nkey = \"market.network\"\n") ==
          "s.toml:5:11: key `sweep.parameters[0].values[0]`: put `key` before `values` in the table");
    CHECK(error_of(head + "grid\"\n[[sweep.parameters]]\nkey = \"base\"\nvalues = [\"a.toml\"]\n") ==
          "s.toml:2:1: key `sweep.base` cannot be combined with the `base` parameter (line 5), which lists the base scenarios");
    CHECK(error_of("[sweep]\ndesign = \"grid\"\n[[sweep.parameters]]\nkey = \"base\"\nmin = 1\nmax = 2\n") ==
          "s.toml:5:1: parameter `base` takes a list of values (scenario files), not min/max");
}
