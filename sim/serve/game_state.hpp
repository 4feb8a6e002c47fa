// The class game's state machine (issue #15). Teams join with the join code
// and a name (no accounts; the same name and code rejoin the same company),
// submit one decision per round, and the game advances every company by one
// round when all have submitted or the facilitator's timer ends (a team that
// did not submit keeps its last decision). Every company, the teams' and the
// four built-in strategies' (for the debrief), starts from one warmed-up
// world: same seed, same replicate, common random numbers, so companies
// differ only by their decisions. A team's decisions are the phases of one
// custom strategy (round r's phase starts on the round's first day), which
// is what makes its exported scenario replay it exactly.
//
// Threads: requests (join, submit, control, views) take the state lock
// briefly; simulation (advance, catching up a late or resumed team) runs on
// a worker thread under a second lock and publishes its results at the end.
// The state is saved atomically after every change (game_store.cpp), and a
// server started on the same state file resumes the game (the companies are
// re-simulated from their decisions: bit-identical).
#pragma once

#include "sim/serve/game_rules.hpp"

#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace ambassim::serve {

enum class GameStatus { lobby, running, paused, ended };
const char* status_name(GameStatus s);

// What the views show of a company, per tick since the start.
struct Trajectories {
    std::vector<double> active_customers, nps, referrals, net_revenue, revenue, spend, engagement,
        ambassadorship, experience, quits, load, engagement_spend, ambassadorship_spend,
        extra_front_line;  // the capacity lever's effective extra staff (share of the front line)
};

struct Team {
    std::string name, token;
    std::int64_t joined_round = 0;
    std::vector<Decision> decisions;  // one per completed round
    std::optional<Decision> pending;  // submitted for the current round
    Decision last;                    // what it keeps if it does not submit
};

// The saved part of a game (game_store.cpp reads and writes it).
struct GameRecord {
    std::string code, key;
    GameStatus status = GameStatus::lobby;
    std::int64_t round = 0;  // rounds completed
    bool revealed = false;
    double timer_seconds = 0;
    std::vector<Team> teams;
};

class Game {
public:
    // A new game, or the one saved in `state_file` if it exists (InputError if
    // that file belongs to another game file or is damaged). Warms up the world.
    Game(GameRules rules, std::filesystem::path state_file);
    ~Game();
    Game(const Game&) = delete;
    Game& operator=(const Game&) = delete;

    const GameRules& rules() const { return rules_; }
    // Whether the world's market could not be balanced after the warm-up
    // (customers drift whatever the teams do: worth a warning at start-up).
    bool market_short() const;
    bool resumed() const { return resumed_; }
    std::string code() const;
    std::string facilitator_key() const;

    // Requests; RequestError for anything invalid (the caller answers 400),
    // GameConflict for a valid request at the wrong moment (409).
    std::string join(const std::string& code, const std::string& name);  // -> team JSON with token
    std::string submit(const std::string& token, std::int64_t round, const Decision& d);
    std::string control(const std::string& key, const std::string& action, double seconds);

    std::string info_json() const;
    std::string team_json(const std::string& token) const;
    std::string board_json(const std::string& key) const;
    std::string debrief_json(const std::string& key_or_token) const;  // the facilitator's, or a team's once revealed

    // Exports (facilitator key; a team may fetch its own scenario).
    std::string team_scenario_toml(const std::string& key_or_token, const std::string& team) const;
    std::string debrief_html(const std::string& key) const;
    // The HDF5 comparison file of every company, written to a temporary file
    // whose bytes are returned (the caller serves them).
    std::string export_h5(const std::string& key) const;

    // Simulation work, on a worker thread: advance() runs one round if one is
    // due (all submitted, timer ended, or forced by the facilitator) and
    // returns whether it ran; sync() brings late or resumed companies to the
    // current round. Both are safe to call at any time.
    bool advance();
    void sync();
    // Whether simulation work is due now (checked by the server's timer).
    bool work_due() const;
    // Seconds a round advance took last (for the bench and the page).
    double last_advance_seconds() const;

    // Whole record, and a company's trajectories (a team's name or a built-in
    // strategy's; empty if unknown), for tests and the bench.
    GameRecord record() const;
    Trajectories trajectories(const std::string& company) const;

    struct Impl;  // internal to sim/serve (game_impl.hpp)

private:
    GameRules rules_;
    std::unique_ptr<Impl> impl_;
    bool resumed_ = false;
};

// A fresh random key of the kind that authenticates a facilitator (20
// characters from std::random_device).
std::string new_facilitator_key();

// A team's name as a file name part and strategy name ("Red Lions" ->
// "red_lions"; a name a built-in strategy takes, or one not starting with a
// letter, gets "team_" in front).
std::string team_file_name(const std::string& team);

// The game's world with one named custom strategy `name` (label `label`,
// budget: the game's cap) whose phases are the team's decisions, one per
// round played, and the horizon of the rounds played; compared with the
// built-ins, one replicate. What a team's exported scenario holds.
Scenario team_scenario(const GameRules& rules, const std::string& name, const std::string& label,
                       const std::vector<Decision>& decisions);

// A valid request at a moment the game cannot take it (409).
struct GameConflict : std::runtime_error {
    using std::runtime_error::runtime_error;
};

}  // namespace ambassim::serve
