// Tests for the class game (sim/serve/game_*.cpp): game files validated with
// FILE:LINE:COL: key messages, submissions checked against the rules, the
// round cycle (join, rejoin, late join, submit, advance on all-submitted, on
// the facilitator's order and on the timer, non-submitters keeping their last
// decision), common random numbers (a team's company does not depend on the
// other teams; a team that spends nothing is the built-in `none`), and a
// restarted server resuming the saved game bit for bit (and refusing a state
// file of an edited world), the news in plain words, the scoring, and the
// facilitator's pause, end and reveal.
#include "sim/serve/game_http.hpp"
#include "sim/serve/game_rules.hpp"
#include "sim/serve/game_state.hpp"
#include "sim/serve/game_store.hpp"
#include "sim/serve/game_views.hpp"

#include "temp_dir.hpp"

#include <fstream>
#include <thread>

#include <catch2/catch.hpp>

using namespace ambassim;
using namespace ambassim::serve;

namespace {

const std::filesystem::path kScenarios = std::filesystem::path(AMBASSIM_SOURCE_DIR) / "scenarios";

// The tests' tiny game (three rounds of two weekly ticks), shared with the end-to-end tests.
const std::filesystem::path kSmallFile = std::filesystem::path(AMBASSIM_SOURCE_DIR) / "tests" / "e2e" / "game_small.toml";
const std::string kSmall = [] {
    std::ifstream in(kSmallFile);
    return std::string(std::istreambuf_iterator<char>(in), {});
}();

GameRules small(const std::string& extra = "") { return parse_game(kSmall + extra, "small.toml", kSmallFile.parent_path()); }

std::string game_error(const std::string& text) {
    try {
        parse_game(text, "g.toml", kScenarios);
    } catch (const InputError& e) {
        return e.what();
    }
    return "(accepted)";
}

std::string decision_error(const std::map<std::string, std::string>& form, const GameRules& g) {
    try {
        parse_decision(form, g, {});
    } catch (const RequestError& e) {
        return e.what();
    }
    return "(accepted)";
}

std::string token_of(const std::string& join_json) {
    const auto a = join_json.find("\"token\":\"") + 9;
    return join_json.substr(a, join_json.find('"', a) - a);
}

Decision decision(double budget, double e, double a) {
    Decision d;
    d.budget = budget;
    d.shares.engagement = e;
    d.shares.ambassadorship = a;
    return d;
}

}  // namespace

TEST_CASE("game files: the shipped 45- and 90-minute games load", "[game]") {
    const GameRules g45 = load_game(kScenarios / "games" / "class_45min.toml");
    CHECK(g45.rounds == 6);
    CHECK(g45.ticks_per_round == 13);
    CHECK(g45.levers == Levers::families);
    CHECK(g45.scenario.params.simulation.ticks == 78);
    CHECK(g45.scenario.params.customers.customers == 10000);
    CHECK(g45.scenario.params.programs.budget_per_employee_per_year == 1500);  // the built-ins' budget
    const GameRules g90 = load_game(kScenarios / "games" / "class_90min.toml");
    CHECK(g90.rounds == 12);
    CHECK(g90.levers == Levers::programs);
    CHECK(g90.default_decision.shares.career == 0.25);
    CHECK(g90.round_seconds == 300);
    // The capacity lever: offered in the 90-minute game only.
    CHECK(g90.hire.allowed);
    CHECK(g90.hire.max == 0.2);
    CHECK_FALSE(g45.hire.allowed);
}

TEST_CASE("game files: every error names the file, line, column and key", "[game]") {
    CHECK(game_error("[gmae]\nrounds = 3\n") == "g.toml:1:2: unknown section `gmae` (did you mean `game`?); a game file "
                                                "has [game], [world], [budget], [default_decision], [scoring], [news], [hire]");
    CHECK(game_error("[game]\nscenario = \"none.toml\"\nrounds = 0\n") ==
          "g.toml:3:1: key `game.rounds` must be in [1, 40], got 0");
    CHECK(game_error("[game]\nrounds = 3\n") == "g.toml:1:2: key `game.scenario` is missing: name the scenario file of the world");
    CHECK(game_error("[game]\nscenario = \"none.toml\"\nround = 3\n") ==
          "g.toml:3:1: unknown key `game.round` (did you mean `game.rounds`?)");
    CHECK_THAT(game_error("[game]\nscenario = \"nope.toml\"\n"),
               Catch::StartsWith("g.toml:2:1: key `game.scenario`: cannot read scenario"));
    CHECK_THAT(game_error("[game]\nscenario = \"none.toml\"\n[world]\ncustomers.customers = -5\n"),
               Catch::StartsWith("g.toml:4:11: key `world.customers.customers`: key `customers.customers` = -5 is out of range"));
    CHECK_THAT(game_error("[game]\nscenario = \"none.toml\"\n[world]\nstrategy.name = \"balanced\"\n"),
               Catch::StartsWith("g.toml:4:10: key `world.strategy.name` is set by the game"));
    CHECK_THAT(game_error("[game]\nscenario = \"none.toml\"\nround_days = 10\n[world]\nsimulation.dt_days = 7\n"),
               Catch::StartsWith("g.toml:3:1: key `game.round_days` must be a whole number of ticks"));
    CHECK_THAT(game_error("[game]\nscenario = \"none.toml\"\n[default_decision]\nengagement = 0.7\nambassadorship = 0.7\n"),
               Catch::Contains("sum to 1.4, above 1"));
    CHECK_THAT(game_error("[game]\nscenario = \"none.toml\"\n[default_decision]\ntraining = 0.5\n"),
               Catch::StartsWith("g.toml:4:1: unknown key `default_decision.training`"));  // families game
    CHECK_THAT(game_error("[game]\nscenario = \"none.toml\"\n[scoring]\nmetric = \"profit\"\n"),
               Catch::StartsWith("g.toml:4:1: key `scoring.metric` must be one of"));
    CHECK_THAT(game_error("[game]\nscenario = \"none.toml\"\n[budget]\nmin = 100\nmax = 50\n"),
               Catch::Contains("key `budget.max` must be above 0 and at least `budget.min`"));
    CHECK_THAT(game_error("[game]\nscenario = \"none.toml\"\nrounds = \"six\"\n"),
               Catch::StartsWith("g.toml:3:1: key `game.rounds` must be an integer, got string"));
}

TEST_CASE("submissions: shares in [0,1] summing to at most 1, budget within the rules, the game's levers only", "[game]") {
    const GameRules g = small();
    CHECK(decision_error({{"budget", "1500"}, {"engagement", "0.5"}, {"ambassadorship", "0.5"}}, g) == "(accepted)");
    CHECK(decision_error({{"budget", "1500"}, {"engagement", "0.6"}, {"ambassadorship", "0.5"}}, g) ==
          "shares: sum to 1.1; together they can take at most the whole budget (1)");
    CHECK(decision_error({{"budget", "3001"}}, g) == "budget: must be in [0, 3000], got 3001");
    CHECK(decision_error({{"budget", "-1"}}, g) == "budget: must be in [0, 3000], got -1");
    CHECK(decision_error({{"budget", "nan"}}, g) == "budget: expected a number, got \"nan\"");
    CHECK(decision_error({{"engagement", "0.5"}}, g) == "budget: missing");
    CHECK(decision_error({{"budget", "1"}, {"engagement", "-0.1"}}, g) == "engagement: must be in [0, 1], got -0.1");
    CHECK(decision_error({{"budget", "1"}, {"engagement", "1e400"}}, g) == "engagement: expected a number, got \"1e400\"");
    CHECK(decision_error({{"budget", "1"}, {"hire", "5"}}, g) == "hire: this game has no hiring lever");
    CHECK(decision_error({{"budget", "1"}, {"training", "0.5"}}, g) ==
          "training: unknown field (this game's levers: budget, engagement, ambassadorship)");
    std::string programs = kSmall;
    programs.insert(programs.find("round_minutes"), "levers = \"programs\"\n");
    const GameRules p = parse_game(programs, "p.toml", kSmallFile.parent_path());
    CHECK(decision_error({{"budget", "1"}, {"training", "0.5"}, {"mission", "0.5"}}, p) == "(accepted)");
    CHECK_THAT(decision_error({{"budget", "1"}, {"engagement", "0.5"}}, p), Catch::StartsWith("engagement: unknown field"));
    // A round's phase spends exactly the team's budget under a custom strategy at the cap.
    const AllocationPhase ph = round_phase(decision(1500, 0.4, 0.6), g, 2);
    CHECK(ph.start_day == 28);
    CHECK(ph.engagement == 0.4 * 0.5);
    CHECK(ph.ambassadorship == 0.6 * 0.5);
}

TEST_CASE("the capacity lever: game files, submissions, phases", "[game][hire]") {
    const std::string head = "[game]\nscenario = \"none.toml\"\n";
    CHECK(game_error(head + "levers = [\"families\", \"hire\", \"hire\"]\n") ==
          "g.toml:3:1: key `game.levers` names \"hire\" twice");
    CHECK_THAT(game_error(head + "levers = [\"hire\"]\n"),
               Catch::StartsWith("g.toml:3:1: key `game.levers` must be \"families\", \"programs\" or a list") &&
                   Catch::EndsWith("name exactly one of \"families\" and \"programs\""));
    CHECK_THAT(game_error(head + "levers = [\"families\", \"staff\"]\n"), Catch::EndsWith("got \"staff\""));
    CHECK_THAT(game_error(head + "levers = [\"families\", 3]\n"), Catch::EndsWith("got a list holding integer"));
    CHECK_THAT(game_error(head + "[hire]\nmax = 0.1\n"),
               Catch::StartsWith("g.toml:3:2: [hire] given but `game.levers` does not name \"hire\""));
    CHECK(game_error(head + "levers = [\"families\", \"hire\"]\n[hire]\nmax = 1.5\n") ==
          "g.toml:5:1: key `hire.max` must be in [0, 1], got 1.5");
    CHECK(game_error(head + "levers = [\"families\", \"hire\"]\n[hire]\nmax = 0.1\nstep = 0.2\n") ==
          "g.toml:4:2: key `hire.step` must be above 0 and at most `hire.max`");
    CHECK_THAT(game_error(head + "levers = [\"families\", \"hire\"]\n[hire]\nmaxi = 0.1\n"),
               Catch::StartsWith("g.toml:5:1: unknown key `hire.maxi` (did you mean `hire.max`?)"));
    CHECK(game_error(head + "levers = [\"families\", \"hire\"]\n[hire]\nmax = 0.1\n[default_decision]\nhire = 0.2\n") ==
          "g.toml:7:1: key `default_decision.hire` must be in [0, 0.1], got 0.2");
    CHECK_THAT(game_error(head + "[default_decision]\nhire = 0.1\n"),
               Catch::StartsWith("g.toml:4:1: unknown key `default_decision.hire`"));  // not allowed here

    std::string text = kSmall;
    text.insert(text.find("round_minutes"), "levers = [\"families\", \"hire\"]\n");
    const GameRules g = parse_game(text + "[hire]\nmax = 0.3\nstep = 0.05\n", "h.toml", kSmallFile.parent_path());
    REQUIRE(g.hire.allowed);
    CHECK(g.hire.max == 0.3);
    CHECK(g.hire.step == 0.05);
    CHECK(decision_error({{"budget", "1500"}, {"engagement", "1"}, {"hire", "0.3"}}, g) == "(accepted)");  // not a budget share
    CHECK(decision_error({{"budget", "1500"}, {"hire", "0.31"}}, g) == "hire: must be in [0, 0.3], got 0.31");
    CHECK(decision_error({{"budget", "1500"}, {"hire", "-0.1"}}, g) == "hire: must be in [0, 0.3], got -0.1");
    CHECK(decision_error({{"budget", "1500"}, {"extra_front_line", "0.1"}}, g) ==
          "extra_front_line: the capacity lever's field is `hire`");
    CHECK(decision_error({{"budget", "1"}, {"training", "0.5"}}, g) ==
          "training: unknown field (this game's levers: budget, engagement, ambassadorship, hire)");
    const Decision d = parse_decision({{"budget", "1500"}, {"engagement", "0.4"}, {"hire", "0.1"}}, g, {});
    CHECK(d.shares.extra_front_line == 0.1);
    CHECK(decision_json(d, g) == "{\"budget\":1500,\"engagement\":0.4,\"ambassadorship\":0,\"hire\":0.1}");
    CHECK(decision_json(d, small()) == "{\"budget\":1500,\"engagement\":0.4,\"ambassadorship\":0}");
    // The round's phase hires what the team asked, whatever its budget (staff, not a share of it).
    const AllocationPhase ph = round_phase(d, g, 1);
    CHECK(ph.engagement == 0.4 * 0.5);
    CHECK(ph.extra_front_line == 0.1);
}

TEST_CASE("the capacity lever in play: capacity up, paid on top of the budget, in the news", "[game][hire]") {
    std::string text = kSmall;
    text.insert(text.find("round_minutes"), "levers = [\"families\", \"hire\"]\n");
    Game game(parse_game(text, "h.toml", kSmallFile.parent_path()), {});
    const std::string h = token_of(game.join(game.code(), "Hire"));
    const std::string n = token_of(game.join(game.code(), "Nohire"));
    game.control(game.facilitator_key(), "start", 0);
    Decision hire = decision(1500, 0.5, 0.5), same = hire;
    hire.shares.extra_front_line = 0.2;
    for (int round = 1; round <= 2; ++round) {
        game.submit(h, round, hire);
        game.submit(n, round, same);
        REQUIRE(game.advance());
    }
    const Trajectories a = game.trajectories("Hire"), b = game.trajectories("Nohire");
    REQUIRE(a.load.size() == 4);
    for (std::size_t k = 0; k < a.load.size(); ++k) {
        CHECK(a.extra_front_line[k] > 0);  // ramping up toward 0.2
        CHECK(a.extra_front_line[k] < 0.2);
        CHECK(b.extra_front_line[k] == 0);
    }
    CHECK(a.extra_front_line[3] > a.extra_front_line[0]);
    CHECK(a.load[0] < b.load[0]);  // the same demand on more capacity
    // The programmes spend the same; the extra staff are paid on top.
    CHECK(a.engagement_spend.back() == b.engagement_spend.back());
    CHECK(a.spend.back() > b.spend.back());
    const auto news = round_news(a, 2, game.rules());
    CHECK(std::count_if(news.begin(), news.end(), [](const std::string& s) {
              return s.rfind("Extra front-line staff add ", 0) == 0 && s.find("% to the front line's capacity (up from") != std::string::npos;
          }) == 1);
    const auto quiet = round_news(b, 2, game.rules());
    CHECK(std::none_of(quiet.begin(), quiet.end(), [](const std::string& s) { return s.find("Extra front-line") != std::string::npos; }));
    // The team's exported strategy carries the hiring in every phase.
    const Scenario s = team_scenario(game.rules(), "hire", "Hire", game.record().teams[0].decisions);
    REQUIRE(s.strategies.front().phases.size() == 2);
    CHECK(s.strategies.front().phases[1].extra_front_line == 0.2);
}

TEST_CASE("game cycle: join, rejoin, submit, advance, late join, timer default", "[game]") {
    Game game(small(), {});
    const std::string code = game.code();
    CHECK(code.size() == 5);
    const std::string a = token_of(game.join(code, "Red Lions"));
    const std::string b = token_of(game.join(code, "Blue"));
    CHECK(a != b);
    CHECK(token_of(game.join(code, "  red lions ")) == a);  // rejoin: same company
    CHECK_THROWS_WITH(game.join("XXXXX", "Green"), "code: no game with this join code here");
    CHECK_THROWS_WITH(game.join(code, ""), "team: enter a team name");
    CHECK_THROWS_WITH(game.join(code, "<script>"), "team: letters, digits, spaces and simple punctuation only");
    CHECK_THROWS_WITH(game.join(code, "Balanced"), "team: \"Balanced\" is a built-in strategy's name; pick another");
    CHECK_THROWS_WITH(game.join(code, " none"), "team: \"none\" is a built-in strategy's name; pick another");
    game.submit(a, 1, decision(1000, 0.5, 0));  // teams may decide round 1 before the start
    CHECK_FALSE(game.advance());                // but nothing runs before it
    CHECK_THROWS_WITH(game.control("wrong", "start", 0), "key: not the facilitator's key");
    game.control(game.facilitator_key(), "start", 0);
    CHECK_THROWS_WITH(game.submit("nobody", 1, decision(1000, 0.5, 0)),
                      "token: unknown team: join again with the code and your team name");
    CHECK_THROWS_AS(game.submit(a, 2, decision(1000, 0.5, 0)), GameConflict);  // not the open round
    game.submit(a, 1, decision(1000, 0.5, 0));
    CHECK_FALSE(game.work_due());
    CHECK_FALSE(game.advance());  // B has not submitted, no timer
    game.submit(b, 1, decision(2000, 0, 1));
    CHECK(game.work_due());
    CHECK(game.advance());
    GameRecord r = game.record();
    CHECK(r.round == 1);
    REQUIRE(r.teams.size() == 2);
    CHECK(r.teams[0].decisions.at(0).budget == 1000);
    CHECK(r.teams[1].decisions.at(0).shares.ambassadorship == 1);
    CHECK(game.trajectories("Red Lions").active_customers.size() == 2);

    // A late team joins at the current round with the default decision history.
    const std::string c = token_of(game.join(code, "Late"));
    r = game.record();
    CHECK(r.teams[2].joined_round == 1);
    CHECK(r.teams[2].decisions.size() == 1);
    CHECK(game.work_due());  // its company must catch up
    game.sync();
    CHECK(game.trajectories("Late").active_customers.size() == 2);

    // The timer ends the round: a team that did not submit keeps its last decision.
    game.submit(a, 2, decision(500, 0.2, 0.2));
    game.control(game.facilitator_key(), "timer", 0.05);
    std::this_thread::sleep_for(std::chrono::milliseconds(80));
    CHECK(game.work_due());
    CHECK(game.advance());
    r = game.record();
    CHECK(r.round == 2);
    CHECK(r.teams[0].decisions[1].budget == 500);
    CHECK(r.teams[1].decisions[1].budget == 2000);  // kept
    CHECK(r.teams[1].decisions[1].shares.ambassadorship == 1);
    CHECK(r.teams[2].decisions[1].budget == 1500);  // the default

    // The facilitator forces the last round; then the game is over.
    game.control(game.facilitator_key(), "advance", 0);
    CHECK(game.advance());
    CHECK(game.record().status == GameStatus::ended);
    CHECK_THROWS_AS(game.submit(a, 4, decision(1, 0, 0)), GameConflict);
    CHECK_THROWS_AS(game.join(code, "Too late"), GameConflict);
    CHECK(game.trajectories("Late").active_customers.size() == 6);
    (void)c;
}

TEST_CASE("common random numbers: a company depends only on its own decisions", "[game]") {
    Game two(small(), {}), one(small(), {});
    const std::string a2 = token_of(two.join(two.code(), "A")), b2 = token_of(two.join(two.code(), "B"));
    const std::string a1 = token_of(one.join(one.code(), "A"));
    const std::string z2 = token_of(two.join(two.code(), "Zero"));
    for (Game* g : {&two, &one}) g->control(g->facilitator_key(), "start", 0);
    for (int round = 1; round <= 3; ++round) {
        const Decision d = decision(500.0 * round, 0.1 * round, 0.2);
        two.submit(a2, round, d);
        one.submit(a1, round, d);
        two.submit(b2, round, decision(3000, 0, 1));  // a very different neighbour
        two.submit(z2, round, decision(1500, 0, 0));  // spends nothing
        REQUIRE(two.advance());
        REQUIRE(one.advance());
    }
    const Trajectories x = two.trajectories("A"), y = one.trajectories("A");
    CHECK(x.active_customers == y.active_customers);
    CHECK(x.nps == y.nps);
    CHECK(x.net_revenue == y.net_revenue);
    CHECK(x.quits == y.quits);
    CHECK(x.net_revenue != two.trajectories("B").net_revenue);
    // Spending nothing is the built-in `none` on the same world.
    CHECK(two.trajectories("Zero").active_customers == two.trajectories("none").active_customers);
    CHECK(two.trajectories("Zero").net_revenue == two.trajectories("none").net_revenue);
}

TEST_CASE("restart: a saved game resumes where it was, bit for bit", "[game]") {
    testing::TempDir dir;
    const auto state = dir.path / "game.state.toml";
    std::string a, code, key;
    Trajectories before;
    {
        Game game(small(), state);
        CHECK_FALSE(game.resumed());
        code = game.code();
        key = game.facilitator_key();
        a = token_of(game.join(code, "A"));
        game.control(key, "start", 0);
        game.submit(a, 1, decision(1234.5, 0.3, 0.6));
        REQUIRE(game.advance());
        game.submit(a, 2, decision(777, 0.1, 0.1));  // pending when the server stops
        before = game.trajectories("A");
    }
    Game game(small(), state);
    CHECK(game.resumed());
    CHECK(game.code() == code);
    CHECK(game.facilitator_key() == key);
    GameRecord r = game.record();
    CHECK(r.round == 1);
    CHECK(r.status == GameStatus::paused);  // the facilitator resumes
    REQUIRE(r.teams.size() == 1);
    CHECK(r.teams[0].token == a);
    CHECK(r.teams[0].decisions[0].budget == 1234.5);
    REQUIRE(r.teams[0].pending);
    CHECK(r.teams[0].pending->budget == 777);
    const Trajectories after = game.trajectories("A");
    CHECK(after.active_customers == before.active_customers);
    CHECK(after.net_revenue == before.net_revenue);
    CHECK(after.nps == before.nps);
    game.control(key, "resume", 0);
    CHECK(game.advance());  // the pending submission completes round 2
    CHECK(game.record().teams[0].decisions[1].budget == 777);

    // Another game's state, or a damaged one, is refused.
    CHECK_THROWS_WITH(Game(small("[news]\nnps_change = 4\n"), state),
                      Catch::Contains("it belongs to another game file"));
    // A game that cannot be saved does not start (it could not be resumed); a
    // save failing later is shown on the facilitator's board until one succeeds.
    CHECK_THROWS_WITH(Game(small(), dir.path / "missing" / "s.toml"), Catch::Contains("cannot write output"));
    {
        std::filesystem::create_directory(dir.path / "later");
        Game later(small(), dir.path / "later" / "s.toml");
        CHECK(later.board_json(later.facilitator_key()).find("\"save_error\":null") != std::string::npos);
        std::filesystem::remove_all(dir.path / "later");
        later.join(later.code(), "X");
        CHECK_THAT(later.board_json(later.facilitator_key()), Catch::Contains("\"save_error\":\"cannot write output"));
        std::filesystem::create_directory(dir.path / "later");
        later.join(later.code(), "Y");
        CHECK(later.board_json(later.facilitator_key()).find("\"save_error\":null") != std::string::npos);
        CHECK(std::filesystem::exists(dir.path / "later" / "s.toml"));
    }
    // The same game file over an edited world (its scenario file) is another game too.
    {
        std::ifstream in(kScenarios / "engagement_vs_ambassadorship.toml");
        const std::string world(std::istreambuf_iterator<char>(in), {});
        std::string text = kSmall;
        text.replace(text.find("../../scenarios/engagement_vs_ambassadorship.toml"),
                     std::string("../../scenarios/engagement_vs_ambassadorship.toml").size(), "world.toml");
        const auto write_world = [&](const std::string& t) { std::ofstream(dir.path / "world.toml") << t; };
        write_world(world);
        const auto world_state = dir.path / "world.state.toml";
        { Game first(parse_game(text, "w.toml", dir.path), world_state); }
        CHECK_NOTHROW(Game(parse_game(text, "w.toml", dir.path), world_state));  // unchanged: resumes
        write_world(world + "\n[run]\nseed = 7\n");
        CHECK_THROWS_WITH(Game(parse_game(text, "w.toml", dir.path), world_state),
                          Catch::Contains("or its world's scenario changed since"));
    }
    std::string text = game_record_toml(game.record(), small());
    text.replace(text.find("[1234.5, 0.3, 0.6"), 17, "[1234.5, 0.9, 0.6");
    CHECK_THROWS_WITH(parse_game_record(text, "s.toml", small()), Catch::Contains("outside the game's rules"));
    // Hand-edited files cannot smuggle in what no request could send.
    const std::string good = game_record_toml(game.record(), small());
    CHECK_NOTHROW(parse_game_record(good, "s.toml", small()));
    const auto edited = [&](const std::string& from, const std::string& to) {
        std::string t = good;
        const auto at = t.find(from);
        REQUIRE(at != std::string::npos);
        return t.replace(at, from.size(), to);
    };
    CHECK_THROWS_WITH(parse_game_record(edited("round = 2", "round = 1e300"), "s.toml", small()),
                      Catch::Contains("key `round` out of range"));
    CHECK_THROWS_WITH(parse_game_record(edited("token = \"", "token = \"\\\" "), "s.toml", small()),
                      Catch::Contains("key `token` is not a token"));
    CHECK_THROWS_WITH(parse_game_record(edited("name = \"A\"", "name = \"<A>\""), "s.toml", small()),
                      Catch::Contains("a team's name: team: letters, digits"));
}

TEST_CASE("game API: every request validated, the facilitator's key and a team's token required", "[game]") {
    Game game(small(), {});
    const auto post = [&](const std::string& path, const std::string& form) { return handle_game(game, true, path, form); };
    const auto get = [&](const std::string& path, const std::string& query) { return handle_game(game, false, path, query); };
    CHECK(get("/api/game/join", "code=x&team=y").status == 405);
    CHECK(post("/api/game/join", "code=" + game.code() + "&team=A&extra=1").body ==
          "{\"error\":\"extra: unknown field\"}");
    const auto joined = post("/api/game/join", "code=" + game.code() + "&team=A");
    REQUIRE(joined.status == 200);
    const std::string token = token_of(joined.body);
    CHECK(get("/api/game/board", "key=" + token).status == 400);  // a team's token is not the key
    CHECK(get("/api/game/board", "key=" + game.facilitator_key()).status == 200);
    CHECK(post("/api/game/submit", "token=" + token + "&round=2&budget=100").status == 409);  // not the open round
    post("/api/game/control", "key=" + game.facilitator_key() + "&action=start");
    CHECK(post("/api/game/submit", "token=" + token + "&round=1&budget=100&engagement=0.7&ambassadorship=0.7").body ==
          "{\"error\":\"shares: sum to 1.4; together they can take at most the whole budget (1)\"}");
    CHECK(post("/api/game/submit", "token=" + token + "&round=1.5&budget=100").status == 400);
    CHECK(post("/api/game/submit", "token=" + token + "&round=1&budget=100&budget=200").body ==
          "{\"error\":\"budget: given twice\"}");
    CHECK(post("/api/game/submit", "token=" + token + "&round=1&budget=100&engagement=%zz").status == 400);
    CHECK(post("/api/game/submit", "token=" + token + "&round=1&budget=100&engagement=0.25").status == 200);
    CHECK(post("/api/game/control", "key=" + game.facilitator_key() + "&action=explode").status == 400);
    CHECK(get("/api/game/debrief", "token=" + token).status == 400);  // not revealed
    CHECK(get("/api/game/export/team.toml", "token=" + token + "&team=A").status == 409);  // nothing played
    REQUIRE(game.advance());
    const auto toml = get("/api/game/export/team.toml", "token=" + token + "&team=A");
    CHECK(toml.status == 200);
    CHECK(toml.filename == "team-a.toml");
    // The team's decisions as a named custom strategy at the budget cap, beside the built-ins.
    CHECK(toml.body.find("\n[strategies.a]\nlabel = \"A\"\nbudget_per_employee_per_year = 3000.0\n") != std::string::npos);
    CHECK(toml.body.find("\n[[strategies.a.phases]]\nstart_day = 0.0\nengagement = 0.008333333333333333\n") !=
          std::string::npos);  // 0.25 x 100 / 3000
    CHECK(toml.body.find("strategies = [\"a\", \"none\", \"engagement_first\", \"ambassadorship_first\", \"balanced\"]") !=
          std::string::npos);
    const Scenario replay = parse_scenario(toml.body, "team-a.toml");
    REQUIRE(replay.strategies.size() == 1);
    CHECK(params_for_strategy(replay, "a").strategy.phases.size() == 1);
    CHECK(team_file_name("Balanced") == "team_balanced");  // never a built-in's name
    CHECK(team_file_name("9 Lives!") == "team_9_lives");
    CHECK(get("/api/game/nothing", "").status == 404);
}

TEST_CASE("news in plain words, at the game's thresholds", "[game]") {
    // Two rounds of two ticks; cumulative series as the recorder gives them.
    Trajectories t;
    t.quits = {1, 2, 5, 8};  // 2 quits in round 1, 6 in round 2
    t.load = {1.0, 1.0, 1.2, 1.2};
    t.engagement = {0.5, 0.5, 0.5, 0.5};
    t.nps = {30, 30, 30, 25};
    t.active_customers = {1000, 1000, 990, 950};
    t.referrals = {5, 10, 12, 14};
    t.spend = {100, 200, 300, 400};
    t.revenue = {1000, 2000, 3000, 4000};
    CHECK(round_news(t, 2, small()) ==
          std::vector<std::string>{"6 staff quit this quarter, up from 2: workload is up.",
                                   "Your front line is stretched: customers bring 1.20 times what staff can serve, so some needs go unserved.",
                                   "NPS fell from 30 to 25: fewer customers would recommend you.",
                                   "You lost 50 customers this quarter (-5.0%).",
                                   "Fewer referrals: 4 customers came by recommendation, down from 10.",
                                   "Revenue this quarter 2,000, programme spend 200."});
    // The game file's thresholds decide what is news.
    CHECK(round_news(t, 2, small("[news]\nnps_change = 10\nload_high = 2\ncustomers_change = 0.1\nreferrals_change = 0.9\n")) ==
          std::vector<std::string>{"6 staff quit this quarter, up from 2.", "Revenue this quarter 2,000, programme spend 200."});
    Trajectories flat = t;
    flat.quits = {0, 0, 0, 0};
    flat.load = {1, 1, 1, 1};
    flat.nps = {30, 30, 30, 30};
    flat.active_customers = {1000, 1000, 1000, 1000};
    flat.referrals = {5, 10, 15, 20};
    CHECK(round_news(flat, 2, small()) == std::vector<std::string>{"A quiet quarter: 1,000 customers, NPS 30, 0 staff quit.",
                                                                   "Revenue this quarter 2,000, programme spend 200."});
    CHECK(round_news(flat, 3, small()).empty());  // a round not played yet
}

TEST_CASE("scoring: the game file's metric, the balanced score in points above doing nothing", "[game]") {
    const Snapshot s{110, 35, 1010, 7}, none{100, 30, 1000, 5};
    Scoring sc;  // balanced: 0.5 x 10% revenue + 0.3 x 5 NPS points + 0.2 x 1% customers
    CHECK(score_of(s, none, sc) == Approx(0.5 * 10 + 0.3 * 5 + 0.2 * 1));
    CHECK(score_of(none, none, sc) == 0);
    sc.nps = 0;
    CHECK(score_of(s, none, sc) == Approx(0.5 * 10 + 0.2 * 1));
    for (const auto& [metric, value] : std::vector<std::pair<std::string, double>>{
             {"net_revenue", 110}, {"nps", 35}, {"active_customers", 1010}, {"referrals", 7}}) {
        sc.metric = metric;
        CHECK(score_of(s, none, sc) == value);
    }
    const GameRules g = small("[scoring]\nmetric = \"nps\"\n");
    CHECK(g.scoring.metric == "nps");
    CHECK(score_label(g.scoring) == "NPS");
}

TEST_CASE("controls: pause keeps the time left, end stops the game early, reveal opens the debrief to teams", "[game]") {
    Game game(small(), {});
    const std::string key = game.facilitator_key();
    const std::string a = token_of(game.join(game.code(), "A")), b = token_of(game.join(game.code(), "B"));
    for (const char* t : {"C", "D"}) game.join(game.code(), t);
    game.control(key, "start", 0);
    game.control(key, "timer", 0.4);
    game.control(key, "pause", 0);
    std::this_thread::sleep_for(std::chrono::milliseconds(600));
    CHECK_FALSE(game.work_due());  // the clock stood still
    CHECK_FALSE(game.advance());
    CHECK_THROWS_AS(game.control(key, "advance", 0), GameConflict);
    game.control(key, "resume", 0);
    CHECK_FALSE(game.work_due());  // the time left, not zero
    std::this_thread::sleep_for(std::chrono::milliseconds(600));
    CHECK(game.work_due());
    REQUIRE(game.advance());
    CHECK(game.record().round == 1);

    game.control(key, "end", 0);
    CHECK(game.record().status == GameStatus::ended);
    CHECK_THROWS_AS(game.submit(a, 2, decision(1, 0, 0)), GameConflict);
    CHECK_THROWS_AS(game.control(key, "start", 0), GameConflict);
    CHECK_FALSE(game.work_due());
    CHECK(game.record().round == 1);  // the rounds played stay
    CHECK(token_of(game.join(game.code(), "b")) == b);  // a team may still come back

    CHECK_THROWS_AS(game.debrief_json(b), RequestError);
    CHECK(game.team_json(b).find("\"rank\":") == std::string::npos);
    game.control(key, "reveal", 0);
    CHECK(game.team_json(b).find("\"rank\":") != std::string::npos);
    const std::string debrief = game.debrief_json(b);
    std::size_t builtins = 0;
    for (auto at = debrief.find("\"builtin\":true"); at != std::string::npos; at = debrief.find("\"builtin\":true", at + 1)) ++builtins;
    CHECK(builtins == 4);
    // One round played: no "first half" to compare, so no sentence about it.
    CHECK(debrief.find("second half") != std::string::npos);
    CHECK(debrief.find("first half") == std::string::npos);
}
