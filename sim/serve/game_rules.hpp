// The class game's rules (`ambassim serve --game GAME.toml`): the world every
// team's company lives in (a scenario file plus [world] keys), the rounds,
// the budget rules, the levers teams may pull, the scoring and the news
// thresholds. Game files are read with the scenario reader's TOML guards and
// every error names FILE:LINE:COL and the key; a team's submission is
// checked against the same rules (RequestError naming the field).
#pragma once

#include "sim/serve/classroom.hpp"

#include <cstdint>
#include <filesystem>
#include <map>
#include <string>
#include <vector>

namespace ambassim::serve {

// What teams split their budget over: the two programme families or the
// eight individual programmes.
enum class Levers { families, programs };

// One team's decision for a round: its budget (per employee and year) and
// the shares of it per family or programme (AllocationPhase's share fields;
// start_day unused), summing to at most 1; with the capacity lever, the extra
// front-line staff it hires (shares.extra_front_line, not a budget share).
struct Decision {
    double budget = 0;
    AllocationPhase shares;
};

// The capacity lever (`levers = ["families", "hire"]` and [hire]): teams
// may hire extra front-line staff, a share of the front-line head count in
// [0, max] set in steps of `step` on the page (the model's extra_front_line).
struct HireLever {
    bool allowed = false;
    double max = 0.2, step = 0.02;
};

struct Scoring {
    std::string metric = "balanced";  // net_revenue | nps | active_customers | referrals | balanced
    // Weights of the balanced score (points above the `none` company on the same world).
    double net_revenue = 0.5, nps = 0.3, active_customers = 0.2;
};

// When a round's news mentions something.
struct NewsThresholds {
    double quits_rise = 0.25;        // quits up by this share over the previous round
    double nps_change = 3;           // NPS points
    double customers_change = 0.02;  // share of active customers
    double load_high = 1.05;         // front-line demand / capacity
    double referrals_change = 0.2;   // referral acquisitions, share over the previous round
};

struct GameRules {
    std::string path, text;   // the game file (its text is kept in the saved state and exports)
    std::string title;
    std::string scenario_path;  // as written in the file (relative to it)
    Scenario scenario;        // the world: ticks = rounds x ticks_per_round, replicates 1, the built-ins compared
    std::int64_t rounds = 8;
    double round_days = 91;
    std::int64_t ticks_per_round = 13;
    double round_seconds = 300;  // the facilitator's default timer (0: none)
    std::int64_t max_teams = 40;
    Levers levers = Levers::families;
    HireLever hire;
    double budget_min = 0, budget_max = 3000;
    Decision default_decision;  // a team's decision before it submits (and a late team's past rounds)
    Scoring scoring;
    NewsThresholds news;
};

// The built-in strategies every game runs on the same world, for the debrief.
const std::vector<std::string>& game_builtins();

// Reads and validates a game file (InputError "FILE:LINE:COL: ...").
GameRules load_game(const std::filesystem::path& file);
// Same from text; `name` in messages, `dir` resolves the scenario path.
GameRules parse_game(const std::string& text, const std::string& name, const std::filesystem::path& dir);

// The decision fields of the game's levers, in display order ("engagement",
// "ambassadorship" or the eight programme names).
std::vector<std::string> lever_fields(const GameRules& rules);
// The submission field of the capacity lever.
inline constexpr const char* kHireField = "hire";
// The share of `field` in a decision, and a reference to it (the lever
// fields, and "extra_front_line" for the capacity lever).
double& share_of(AllocationPhase& shares, const std::string& field);
double share_of(const AllocationPhase& shares, const std::string& field);

// A submission's decision from its form fields: budget and the lever shares
// (missing shares are 0, unknown fields, out-of-range values, shares summing
// above 1 throw RequestError). `ignored` names fields the caller handles.
Decision parse_decision(const std::map<std::string, std::string>& form, const GameRules& rules,
                        const std::vector<std::string>& ignored);

// The allocation phase that runs `decision` from the first day of `round`
// (0-based) at the game's budget cap: shares scaled by budget / budget_max,
// so one custom strategy whose budget is the cap spends exactly the team's
// budget in every round.
AllocationPhase round_phase(const Decision& decision, const GameRules& rules, std::int64_t round);

// The decision as JSON ({"budget":..,"engagement":..,...} with the game's lever fields,
// and "hire" when the game allows the capacity lever).
std::string decision_json(const Decision& decision, const GameRules& rules);

}  // namespace ambassim::serve
