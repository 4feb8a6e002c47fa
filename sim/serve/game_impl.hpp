// The game's private state, shared by the files that implement Game
// (game_state.cpp: requests and simulation; game_views.cpp: JSON views;
// game_export.cpp: exports and debrief; game_store.cpp: saving). Not
// included outside sim/serve.
#pragma once

#include "sim/serve/game_state.hpp"

#include "sim/engine/world.hpp"
#include "sim/output/recorder.hpp"
#include "sim/runs/compare.hpp"

#include <atomic>
#include <chrono>
#include <memory>
#include <mutex>

namespace ambassim::serve {

using Clock = std::chrono::steady_clock;

// One company's simulation: its world and everything recorded so far.
struct CompanySim {
    std::unique_ptr<World> world;
    std::unique_ptr<Recorder> recorder;
    std::int64_t rounds_run = 0;
};

struct Game::Impl {
    const GameRules* rules = nullptr;
    std::filesystem::path state_file;

    mutable std::mutex m;  // everything below up to sim_m
    GameRecord rec;
    std::vector<Trajectories> team_traj;     // by team index; empty until simulated
    std::vector<Trajectories> builtin_traj;  // by game_builtins() index
    std::optional<Clock::time_point> deadline;
    double paused_left = -1;  // seconds left on the timer when paused
    bool force = false, advancing = false;
    double last_advance_seconds = 0;

    std::mutex sim_m;  // the companies' worlds
    World warmed;      // the world after the warm-up: every company starts from a copy
    Params team_params;  // a team's company: its named strategy at the budget cap, no phase yet
    std::vector<CompanySim> teams, builtins;

    // Team index by token / by name (case-insensitive); -1 if none. Under m.
    int team_by_token(const std::string& token) const;
    int team_by_name(const std::string& name) const;
    bool is_key(const std::string& key) const { return !key.empty() && key == rec.key; }
    // Whether the open round should be played out now: the game running with
    // a round left, and every team submitted, the timer ended or the
    // facilitator's order. Under m.
    bool round_due() const;
    // The data of companies as a comparison (strategy axis = the companies,
    // one replicate), their first `ticks` ticks.
    ComparisonData data_of(const std::vector<const CompanySim*>& companies, const std::vector<std::string>& names,
                           std::int64_t ticks) const;
    Trajectories trajectories_of(const CompanySim& c, std::int64_t ticks) const;
    // Under m. A failure is reported on stderr and on the facilitator's board
    // (the game goes on), or thrown when `required` (at start-up: a game that
    // cannot be saved cannot be resumed, so it does not start).
    void save(bool required = false) const;
    mutable std::string save_error;  // the last save's failure; empty once one succeeds
};

// A valid team name from what a team typed (RequestError "team: ..." if not).
std::string team_name(const std::string& raw);

// Shares of a decision as a phase's fields (every lever, families and programmes).
std::vector<double> decision_values(const Decision& d);
const std::vector<std::string>& decision_value_names();

}  // namespace ambassim::serve
