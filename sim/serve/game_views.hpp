// The game's readings of trajectories, shared by the views and the exports:
// scores, the leaderboard, a round's news in plain words and the debrief's
// "which decisions mattered". Internal to sim/serve.
#pragma once

#include "sim/serve/game_impl.hpp"

#include <string>
#include <vector>

namespace ambassim::serve {

// A company's standing at its latest tick.
struct Snapshot {
    double net_revenue = 0, nps = 0, customers = 0, referrals = 0;
};
Snapshot snapshot_of(const Trajectories& t);
// The game's score of `s`; the balanced score is measured against `none`.
double score_of(const Snapshot& s, const Snapshot& none, const Scoring& scoring);
std::string score_label(const Scoring& scoring);
std::string builtin_label(const std::string& name);

// Round `round`'s news (1-based) for a company, in plain words: quits,
// workload, NPS, customers and referrals when they pass the game's
// thresholds, and always the quarter's revenue and spend.
std::vector<std::string> round_news(const Trajectories& t, std::int64_t round, const GameRules& rules);

// Companies by score, best first (teams; with the built-ins for the debrief). Under Impl::m.
struct Ranked {
    std::string name;
    bool builtin;
    Snapshot snap;
    double score;
    const Trajectories* traj;
    const Team* team;  // nullptr for a built-in
};
std::vector<Ranked> ranking(const Game::Impl& g, const GameRules& rules, bool with_builtins);

// Which decisions went with higher scores: the rank correlation of each
// spending pattern with the score over every company, strongest first (none
// with fewer than four companies: too few to say).
struct Mattered {
    std::string what;
    double rho;
    std::string sentence;
};
std::vector<Mattered> what_mattered(const std::vector<Ranked>& companies, const GameRules& rules);

}  // namespace ambassim::serve
