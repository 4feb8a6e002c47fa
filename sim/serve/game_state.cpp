// The game's requests and simulation (see game_state.hpp).
#include "sim/serve/game_impl.hpp"
#include "sim/serve/game_store.hpp"
#include "sim/serve/json.hpp"

#include "sim/engine/engine.hpp"
#include "sim/engine/run_arena.hpp"
#include "sim/util/text_input.hpp"

#include "analysis/compare/outcomes.hpp"

#include <tbb/parallel_for.h>
#include <tbb/task_arena.h>

#include <algorithm>
#include <cmath>
#include <iostream>
#include <limits>
#include <random>

namespace ambassim::serve {
namespace {

std::string random_text(const char* alphabet, std::size_t n) {
    static std::mutex m;
    static std::random_device device;
    std::lock_guard lock(m);
    const std::size_t k = std::char_traits<char>::length(alphabet);
    std::string out;
    for (std::size_t i = 0; i < n; ++i) out += alphabet[std::uniform_int_distribution<std::size_t>(0, k - 1)(device)];
    return out;
}

std::string lower(std::string s) {
    for (char& c : s)
        if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    return s;
}

}  // namespace

std::string new_facilitator_key() { return random_text("abcdefghijkmnpqrstuvwxyz23456789", 20); }

// A team name: 1-40 bytes of UTF-8 without control characters, quotes,
// backslashes or markup (so it is safe in every file and page), spaces
// trimmed, and not a built-in strategy's name.
std::string team_name(const std::string& raw) {
    std::size_t b = raw.find_first_not_of(' '), e = raw.find_last_not_of(' ');
    const std::string name = b == std::string::npos ? "" : raw.substr(b, e - b + 1);
    if (name.empty()) throw RequestError("team", "enter a team name");
    if (name.size() > 40) throw RequestError("team", "at most 40 characters");
    if (find_invalid_utf8(name)) throw RequestError("team", "not valid UTF-8 text");
    for (const char ch : name) {
        const auto u = static_cast<unsigned char>(ch);
        if (u < 0x20 || u == 0x7f || ch == '"' || ch == '\\' || ch == '<' || ch == '>' || ch == '&')
            throw RequestError("team", "letters, digits, spaces and simple punctuation only");
    }
    // The exports put teams and the built-ins on one strategy axis: names must not clash.
    for (const std::string& builtin : game_builtins())
        if (lower(name) == builtin) throw RequestError("team", "\"" + name + "\" is a built-in strategy's name; pick another");
    return name;
}

namespace {

const std::vector<std::string> kValueNames{"budget",   "engagement", "ambassadorship", "career",  "management",
                                          "cohesion", "alignment",  "training",       "mission", "process",
                                          "recognition", "extra_front_line"};

}  // namespace

const char* status_name(GameStatus s) {
    switch (s) {
    case GameStatus::lobby: return "lobby";
    case GameStatus::running: return "running";
    case GameStatus::paused: return "paused";
    case GameStatus::ended: return "ended";
    }
    return "?";
}

const std::vector<std::string>& decision_value_names() { return kValueNames; }

std::vector<double> decision_values(const Decision& d) {
    std::vector<double> v{d.budget};
    for (std::size_t i = 1; i < kValueNames.size(); ++i) v.push_back(share_of(d.shares, kValueNames[i]));
    return v;
}

int Game::Impl::team_by_token(const std::string& token) const {
    if (token.empty()) return -1;
    for (std::size_t i = 0; i < rec.teams.size(); ++i)
        if (rec.teams[i].token == token) return static_cast<int>(i);
    return -1;
}

int Game::Impl::team_by_name(const std::string& name) const {
    for (std::size_t i = 0; i < rec.teams.size(); ++i)
        if (lower(rec.teams[i].name) == lower(name)) return static_cast<int>(i);
    return -1;
}

ComparisonData Game::Impl::data_of(const std::vector<const CompanySim*>& cs, const std::vector<std::string>& names,
                                   std::int64_t T) const {
    ComparisonData d;
    d.strategies = names;
    d.replicates = 1;
    d.ticks = T;
    d.dt_days = warmed.dt_days;
    d.prospects_resolved = {warmed.prospects_at_start};
    d.former_resolved = {warmed.former_at_start};
    d.people = {static_cast<std::int64_t>(warmed.customers.size())};
    d.market_short = {warmed.market_short ? 1 : 0};
    for (const CompanySim* c : cs) d.ticks_run.push_back(std::min(T, c->recorder->ticks()));
    // Teams are the named strategies here (labelled with their names); built-ins have no label.
    for (const std::string& n : names)
        d.labels.push_back(std::find(game_builtins().begin(), game_builtins().end(), n) == game_builtins().end() ? n : "");
    d.complete = true;
    for (const auto& [path, first] : cs.front()->recorder->all_series()) {
        if (path.rfind("/time/", 0) == 0) continue;
        StackedSeries s;
        s.units = first.units;
        s.description = first.description;
        s.dims = {"strategy", "replicate"};
        s.dims.insert(s.dims.end(), first.dims.begin(), first.dims.end());
        s.shape = {cs.size(), 1, static_cast<std::uint64_t>(T)};
        s.shape.insert(s.shape.end(), first.tail.begin(), first.tail.end());
        std::size_t width = 1;
        for (auto w : first.tail) width *= w;
        const std::size_t per_run = static_cast<std::size_t>(T) * width;
        s.data.assign(cs.size() * per_run, std::numeric_limits<double>::quiet_NaN());
        for (std::size_t k = 0; k < cs.size(); ++k) {
            const auto& v = cs[k]->recorder->all_series().at(path).data;
            std::copy(v.begin(), v.begin() + static_cast<std::ptrdiff_t>(std::min(per_run, v.size())),
                      s.data.begin() + static_cast<std::ptrdiff_t>(k * per_run));
        }
        d.series[path] = std::move(s);
    }
    return d;
}

Trajectories Game::Impl::trajectories_of(const CompanySim& c, std::int64_t T) const {
    const ComparisonData d = data_of({&c}, {"company"}, T);
    auto outcome = [&](const char* name) {
        for (const Outcome& o : outcomes())
            if (o.name == name) return outcome_trajectory(d, o, 0, 0);
        return std::vector<double>{};
    };
    Trajectories t;
    t.active_customers = outcome("active_customers");
    t.nps = outcome("nps");
    t.referrals = outcome("referral_acquisitions");
    t.net_revenue = outcome("net_revenue");
    t.revenue = outcome("revenue");
    t.spend = d.run("/programs/cumulative_spend", 0, 0);
    t.engagement = outcome("engagement");
    t.ambassadorship = outcome("ambassadorship");
    t.experience = outcome("experience");
    t.quits = outcome("employee_quits");
    t.load = d.run("/customers/load", 0, 0);
    t.engagement_spend = outcome("engagement_spend");
    t.ambassadorship_spend = outcome("ambassadorship_spend");
    t.extra_front_line = d.run("/employees/extra_front_line", 0, 0);
    return t;
}

Game::Game(GameRules rules, std::filesystem::path state_file) : rules_(std::move(rules)), impl_(std::make_unique<Impl>()) {
    Impl& g = *impl_;
    g.rules = &rules_;
    g.state_file = std::move(state_file);
    if (!g.state_file.empty() && std::filesystem::exists(g.state_file)) {
        g.rec = load_game_record(g.state_file, rules_);
        resumed_ = true;
        if (g.rec.status == GameStatus::running) g.rec.status = GameStatus::paused;  // the facilitator resumes
    } else {
        g.rec.code = random_text("ABCDEFGHJKLMNPQRSTUVWXYZ23456789", 5);
        g.rec.key = new_facilitator_key();
        g.rec.timer_seconds = rules_.round_seconds;
    }
    g.team_traj.resize(g.rec.teams.size());
    g.builtin_traj.resize(game_builtins().size());

    const Scenario& sc = rules_.scenario;
    // A team's company runs a named custom strategy at the budget cap whose
    // phases grow by one per round (round_phase), as its exported scenario says.
    g.team_params = params_for_strategy(team_scenario(rules_, "team", "team", {}), "team");
    RunArena arena(sc.plan.threads);
    arena.execute([&] {
        g.warmed = build_world(sc.params, sc.plan.seed, 0);
        warm_up(g.warmed);
    });
    for (const std::string& b : game_builtins()) {
        CompanySim c;
        c.world = std::make_unique<World>(g.warmed);
        c.world->params = sc.params;
        set_strategy(*c.world, params_for_strategy(sc, b));
        c.recorder = std::make_unique<Recorder>(*c.world, sc.record);
        g.builtins.push_back(std::move(c));
    }
    sync();  // a resumed game: every company back to where it was
    std::lock_guard lock(g.m);
    g.save(true);
}

Game::~Game() = default;

bool Game::market_short() const { return impl_->warmed.market_short; }

std::string Game::code() const {
    std::lock_guard lock(impl_->m);
    return impl_->rec.code;
}
std::string Game::facilitator_key() const {
    std::lock_guard lock(impl_->m);
    return impl_->rec.key;
}
GameRecord Game::record() const {
    std::lock_guard lock(impl_->m);
    return impl_->rec;
}
Trajectories Game::trajectories(const std::string& company) const {
    std::lock_guard lock(impl_->m);
    const int i = impl_->team_by_name(company);
    if (i >= 0) return impl_->team_traj[static_cast<std::size_t>(i)];
    for (std::size_t b = 0; b < game_builtins().size(); ++b)
        if (game_builtins()[b] == company) return impl_->builtin_traj[b];
    return {};
}
double Game::last_advance_seconds() const {
    std::lock_guard lock(impl_->m);
    return impl_->last_advance_seconds;
}

std::string Game::join(const std::string& code, const std::string& raw_name) {
    Impl& g = *impl_;
    const std::string name = team_name(raw_name);
    std::lock_guard lock(g.m);
    if (code.empty() || lower(code) != lower(g.rec.code)) throw RequestError("code", "no game with this join code here");
    const int existing = g.team_by_name(name);
    if (existing < 0) {
        if (g.rec.status == GameStatus::ended) throw GameConflict("the game has ended; no new teams");
        if (static_cast<std::int64_t>(g.rec.teams.size()) >= rules_.max_teams)
            throw GameConflict("the game is full (" + std::to_string(rules_.max_teams) + " teams)");
        Team t;
        t.name = name;
        t.token = random_text("abcdefghijkmnpqrstuvwxyz23456789", 20);
        t.joined_round = g.rec.round;
        t.last = rules_.default_decision;
        // A late team's company ran the rounds it missed on the default decision.
        t.decisions.assign(static_cast<std::size_t>(g.rec.round), rules_.default_decision);
        g.rec.teams.push_back(t);
        g.team_traj.emplace_back();
        g.save();
    }
    const Team& t = g.rec.teams[static_cast<std::size_t>(existing < 0 ? g.rec.teams.size() - 1 : existing)];
    return "{\"token\":\"" + t.token + "\",\"team\":" + json_string(t.name) +
           ",\"rejoined\":" + (existing < 0 ? "false" : "true") + "}";
}

std::string Game::submit(const std::string& token, std::int64_t round, const Decision& d) {
    Impl& g = *impl_;
    std::lock_guard lock(g.m);
    const int i = g.team_by_token(token);
    if (i < 0) throw RequestError("token", "unknown team: join again with the code and your team name");
    if (g.rec.status == GameStatus::ended || g.rec.round >= rules_.rounds) throw GameConflict("the game has ended");
    if (g.advancing) throw GameConflict("the round is being played out; submit again in a moment");
    if (round != g.rec.round + 1)
        throw GameConflict("round " + std::to_string(round) + " is not open (the current round is " +
                           std::to_string(g.rec.round + 1) + ")");
    Team& t = g.rec.teams[static_cast<std::size_t>(i)];
    t.pending = d;
    g.save();
    return "{\"ok\":true,\"round\":" + std::to_string(round) + "}";
}

std::string Game::control(const std::string& key, const std::string& action, double seconds) {
    Impl& g = *impl_;
    std::lock_guard lock(g.m);
    if (!g.is_key(key)) throw RequestError("key", "not the facilitator's key");
    auto& st = g.rec.status;
    const auto now = Clock::now();
    auto arm = [&](double s) {
        if (s > 0) g.deadline = now + std::chrono::milliseconds(std::llround(1000 * s));
        else g.deadline.reset();
    };
    if (action == "start") {
        if (st != GameStatus::lobby) throw GameConflict("the game has already started");
        st = GameStatus::running;
        arm(g.rec.timer_seconds);
    } else if (action == "pause") {
        if (st != GameStatus::running) throw GameConflict("the game is not running");
        st = GameStatus::paused;
        g.paused_left = g.deadline ? std::max(0.0, std::chrono::duration<double>(*g.deadline - now).count()) : -1;
        g.deadline.reset();
    } else if (action == "resume") {
        if (st != GameStatus::paused) throw GameConflict("the game is not paused");
        st = GameStatus::running;
        arm(g.paused_left >= 0 ? g.paused_left : g.rec.timer_seconds);
        g.paused_left = -1;
    } else if (action == "timer") {
        g.rec.timer_seconds = seconds;
        if (st == GameStatus::running) arm(seconds);
        else g.paused_left = seconds > 0 ? seconds : -1;
    } else if (action == "advance") {
        if (st != GameStatus::running) throw GameConflict("start or resume the game first");
        if (g.rec.round >= rules_.rounds) throw GameConflict("every round has been played");
        g.force = true;
    } else if (action == "end") {
        st = GameStatus::ended;
        g.deadline.reset();
    } else if (action == "reveal") {
        g.rec.revealed = true;
    } else {
        throw RequestError("action", "expected start, pause, resume, timer, advance, end or reveal");
    }
    g.save();
    return "{\"ok\":true,\"status\":\"" + std::string(status_name(st)) + "\"}";
}

bool Game::work_due() const {
    const Impl& g = *impl_;
    std::lock_guard lock(g.m);
    if (g.advancing) return false;
    for (const auto& t : g.team_traj)
        if (t.active_customers.size() != static_cast<std::size_t>(g.rec.round * rules_.ticks_per_round)) return true;
    return g.round_due();
}

bool Game::Impl::round_due() const {
    if (rec.status != GameStatus::running || rec.round >= rules->rounds) return false;
    if (force || (deadline && Clock::now() >= *deadline)) return true;
    return !rec.teams.empty() &&
           std::all_of(rec.teams.begin(), rec.teams.end(), [](const Team& t) { return t.pending.has_value(); });
}

namespace {

// Runs company c on to round `target` (the decisions of every round up to it
// when it is a team's), recording every tick.
void run_to(CompanySim& c, const std::vector<Decision>* decisions, std::int64_t target, const GameRules& rules) {
    World& w = *c.world;
    while (c.rounds_run < target) {
        const std::int64_t r = c.rounds_run;
        if (decisions) w.params.strategy.phases.push_back(round_phase((*decisions)[static_cast<std::size_t>(r)], rules, r));
        advance(w, w.warmup_ticks + (r + 1) * rules.ticks_per_round, [] { return false; },
                [&](const TickStats& st) { c.recorder->record(st); });
        ++c.rounds_run;
    }
}

using Work = std::vector<std::pair<CompanySim*, const std::vector<Decision>*>>;

// Runs every company of `work` on to round `target`, in parallel (one task
// per company, its own loops isolated), and returns their trajectories.
std::vector<Trajectories> run_companies(const Game::Impl& g, const Work& work, std::int64_t target, const GameRules& rules) {
    std::vector<Trajectories> traj(work.size());
    RunArena arena(rules.scenario.plan.threads);
    arena.execute([&] {
        tbb::parallel_for(std::size_t{0}, work.size(), [&](std::size_t k) {
            tbb::this_task_arena::isolate([&] {
                run_to(*work[k].first, work[k].second, target, rules);
                traj[k] = g.trajectories_of(*work[k].first, target * rules.ticks_per_round);
            });
        });
    });
    return traj;
}

}  // namespace

void Game::sync() {
    Impl& g = *impl_;
    std::lock_guard sim(g.sim_m);
    std::int64_t round = 0;
    std::vector<std::vector<Decision>> history;
    {
        std::lock_guard lock(g.m);
        round = g.rec.round;
        for (const Team& t : g.rec.teams) history.push_back(t.decisions);
    }
    while (g.teams.size() < history.size()) {
        CompanySim c;
        c.world = std::make_unique<World>(g.warmed);
        c.world->params = g.team_params;
        set_strategy(*c.world, g.team_params);
        c.recorder = std::make_unique<Recorder>(*c.world, rules_.scenario.record);
        g.teams.push_back(std::move(c));
    }
    Work work;
    for (std::size_t i = 0; i < history.size(); ++i)
        if (g.teams[i].rounds_run < round) work.push_back({&g.teams[i], &history[i]});
    for (auto& b : g.builtins)
        if (b.rounds_run < round) work.push_back({&b, nullptr});
    std::vector<Trajectories> traj = run_companies(g, work, round, rules_);
    std::lock_guard lock(g.m);
    for (std::size_t k = 0; k < work.size(); ++k) {
        for (std::size_t i = 0; i < g.teams.size(); ++i)
            if (&g.teams[i] == work[k].first) g.team_traj[i] = std::move(traj[k]);
        for (std::size_t b = 0; b < g.builtins.size(); ++b)
            if (&g.builtins[b] == work[k].first) g.builtin_traj[b] = std::move(traj[k]);
    }
}

bool Game::advance() {
    Impl& g = *impl_;
    std::unique_lock sim(g.sim_m);
    std::int64_t r = 0;
    std::vector<std::vector<Decision>> history;
    {
        std::lock_guard lock(g.m);
        if (g.advancing || !g.round_due()) return false;
        g.advancing = true;
        r = g.rec.round;
        for (const Team& t : g.rec.teams) {
            history.push_back(t.decisions);
            history.back().push_back(t.pending ? *t.pending : t.last);
        }
    }
    const auto start = Clock::now();
    // Whatever happens below, the round is not left marked as running (a failed round can be retried).
    struct Clear {
        Impl& g;
        bool armed = true;
        ~Clear() {
            if (!armed) return;
            std::lock_guard lock(g.m);
            g.advancing = false;
            g.force = false;
        }
    } clear{g};
    sim.unlock();
    sync();  // late teams caught up to round r first
    sim.lock();
    Work work;
    for (std::size_t i = 0; i < history.size(); ++i) work.push_back({&g.teams[i], &history[i]});
    for (auto& b : g.builtins) work.push_back({&b, nullptr});
    std::vector<Trajectories> traj = run_companies(g, work, r + 1, rules_);
    {
        std::lock_guard lock(g.m);
        for (std::size_t i = 0; i < history.size(); ++i) {
            Team& t = g.rec.teams[i];
            t.decisions.push_back(history[i].back());
            t.last = history[i].back();
            t.pending.reset();
            g.team_traj[i] = std::move(traj[i]);
        }
        for (std::size_t b = 0; b < g.builtins.size(); ++b) g.builtin_traj[b] = std::move(traj[history.size() + b]);
        // Teams that joined while the round ran missed it: their default decision ran (next sync).
        for (std::size_t i = history.size(); i < g.rec.teams.size(); ++i)
            g.rec.teams[i].decisions.push_back(g.rec.teams[i].last);
        g.rec.round = r + 1;
        g.force = false;
        g.advancing = false;
        if (g.rec.round >= rules_.rounds) {
            g.rec.status = GameStatus::ended;
            g.deadline.reset();
        } else if (g.rec.status == GameStatus::running && g.rec.timer_seconds > 0) {
            g.deadline = Clock::now() + std::chrono::milliseconds(std::llround(1000 * g.rec.timer_seconds));
        } else if (g.rec.status == GameStatus::running) {
            g.deadline.reset();
        }
        g.last_advance_seconds = std::chrono::duration<double>(Clock::now() - start).count();
        g.save();
        clear.armed = false;
    }
    sim.unlock();
    sync();
    return true;
}

}  // namespace ambassim::serve
