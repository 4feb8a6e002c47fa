// Starting a class game from the classroom page (see game_host.hpp).
#include "sim/serve/game_host.hpp"

#include "sim/serve/game_store.hpp"
#include "sim/serve/game_views.hpp"
#include "sim/serve/json.hpp"
#include "sim/serve/query.hpp"

#include "sim/util/errors.hpp"

#include <algorithm>
#include <iostream>
#include <set>

namespace ambassim::serve {
namespace {

std::string world_json(const GameRules& g) {
    const Params& p = g.scenario.params;
    return "{\"scenario\":" + json_string(g.scenario_path) + ",\"employees\":" +
           json_number(static_cast<double>(p.organisation.employees)) +
           ",\"units\":" + json_number(static_cast<double>(p.organisation.units)) +
           ",\"customers\":" + json_number(static_cast<double>(p.customers.customers)) + "}";
}

// A game file's rules as the page shows them before the start.
std::string rules_json(const GameRules& g) {
    std::string levers = "[";
    for (const auto& f : lever_fields(g)) levers += (levers.size() > 1 ? "," : "") + json_string(f);
    return "{\"title\":" + json_string(g.title) + ",\"rounds\":" + std::to_string(g.rounds) +
           ",\"round_days\":" + json_number(g.round_days) + ",\"round_minutes\":" + json_number(g.round_seconds / 60) +
           ",\"max_teams\":" + std::to_string(g.max_teams) + ",\"levers\":" + levers + "]" + ",\"hire\":" +
           (g.hire.allowed ? "{\"max\":" + json_number(g.hire.max) + ",\"step\":" + json_number(g.hire.step) + "}"
                           : std::string("null")) +
           ",\"budget\":{\"min\":" + json_number(g.budget_min) + ",\"max\":" + json_number(g.budget_max) +
           ",\"default\":" + json_number(g.default_decision.budget) + "},\"default_decision\":" +
           decision_json(g.default_decision, g) + ",\"scoring\":" + json_string(score_label(g.scoring)) +
           ",\"world\":" + world_json(g) + "}";
}

}  // namespace

GameHost::GameHost(std::string key, std::vector<std::filesystem::path> game_dirs, std::filesystem::path state_dir,
                   std::shared_ptr<Game> game)
    : key_(std::move(key)), dirs_(std::move(game_dirs)), state_dir_(std::move(state_dir)), game_(std::move(game)) {}

std::shared_ptr<Game> GameHost::game() const {
    std::lock_guard lock(m_);
    return game_;
}

bool GameHost::is_host_path(std::string_view p) { return p.rfind("/api/host/", 0) == 0; }
bool GameHost::is_slow(std::string_view p) { return p == "/api/host/start"; }

std::filesystem::path GameHost::state_file(const std::filesystem::path& game_file) const {
    return state_dir_ / (game_file.stem().string() + ".state.toml");
}

std::vector<GameHost::Offer> GameHost::offers() const {
    std::vector<Offer> out;
    std::set<std::string> names;
    for (const auto& dir : dirs_) {
        std::error_code ec;
        std::vector<std::filesystem::path> files;
        for (const auto& e : std::filesystem::directory_iterator(dir, ec))
            if (e.path().extension() == ".toml" && e.is_regular_file()) files.push_back(e.path());
        std::sort(files.begin(), files.end());
        // The first folder's file wins a name (the shipped games are listed first).
        for (const auto& f : files)
            if (names.insert(f.stem().string()).second) out.push_back({f.stem().string(), f});
    }
    return out;
}

std::string GameHost::games_json() const {
    std::string games = "[";
    for (const Offer& o : offers()) {
        std::string entry = "{\"name\":" + json_string(o.name) + ",\"file\":" + json_string(o.file.string());
        try {
            const GameRules rules = load_game(o.file);
            entry += ",\"rules\":" + rules_json(rules);
            const auto state = state_file(o.file);
            std::string saved = "null";
            if (std::filesystem::exists(state)) {
                saved = "{\"file\":" + json_string(state.string());
                try {
                    const GameRecord r = load_game_record(state, rules);
                    saved += ",\"round\":" + std::to_string(r.round) + ",\"teams\":" + std::to_string(r.teams.size()) +
                             ",\"status\":\"" + status_name(r.status) + "\"";
                } catch (const InputError& e) {
                    saved += ",\"error\":" + json_string(e.what());
                }
                saved += "}";
            }
            entry += ",\"saved\":" + saved;
        } catch (const InputError& e) {
            entry += ",\"error\":" + json_string(e.what());
        }
        games += (games.size() > 1 ? "," : "") + entry + "}";
    }
    games += "]";
    const auto g = game();
    const std::string running =
        g ? "{\"title\":" + json_string(g->rules().title) + ",\"code\":\"" + g->code() +
                "\",\"facilitator\":" + json_string("/facilitator?key=" + g->facilitator_key()) + "}"
          : "null";
    return "{\"games\":" + games + ",\"running\":" + running + ",\"state_dir\":" +
           json_string(std::filesystem::absolute(state_dir_).lexically_normal().string()) + "}";
}

std::string GameHost::start(const std::string& name, bool resume) {
    std::lock_guard one(start_m_);
    if (const auto g = game())
        throw GameConflict("a class game is already running (\"" + g->rules().title + "\", join code " + g->code() +
                           "); one game per server");
    const auto all = offers();
    const auto it = std::find_if(all.begin(), all.end(), [&](const Offer& o) { return o.name == name; });
    if (it == all.end()) {
        std::string names;
        for (const Offer& o : all) names += (names.empty() ? "" : ", ") + o.name;
        throw RequestError("game", "no game file of that name (offered: " + names + ")");
    }
    GameRules rules;
    try {
        rules = load_game(it->file);
    } catch (const InputError& e) {
        throw RequestError("game", e.what());
    }
    const auto state = state_file(it->file);
    const bool exists = std::filesystem::exists(state);
    if (exists && !resume)
        throw GameConflict("a saved game of " + it->file.filename().string() + " is in " + state.string() +
                           ": resume it, or move that file away to start a new game");
    std::shared_ptr<Game> game;
    try {
        game = std::make_shared<Game>(std::move(rules), state);
    } catch (const InputError& e) {
        throw GameConflict(e.what());
    }
    {
        std::lock_guard lock(m_);
        game_ = game;
    }
    std::cout << "ambassim game: started from the page: " << it->file.string() << ", "
              << (game->resumed() ? "resumed from " : "saved to ") << state.string() << "; join code " << game->code()
              << std::endl;
    return "{\"title\":" + json_string(game->rules().title) + ",\"code\":\"" + game->code() + "\",\"facilitator\":" +
           json_string("/facilitator?key=" + game->facilitator_key()) + ",\"resumed\":" +
           (game->resumed() ? "true" : "false") + ",\"state_file\":" + json_string(state.string()) + "}";
}

GameResponse GameHost::handle(bool post, std::string_view path, std::string_view params) {
    const std::string p(path);
    return answered([&](GameResponse& r) {
        if (p != "/api/host/games" && p != "/api/host/start") {
            r.status = 404;
            r.body = error_body("no such request: " + p.substr(0, 80));
            return;
        }
        if ((p == "/api/host/start") != post) {
            r.status = 405;
            r.body = error_body(std::string(post ? "use GET for " : "use POST for ") + p);
            return;
        }
        const auto f = parse_query(params);
        // The host key: only the facilitator who started the server may list or start games.
        if (key_.empty()) throw GameConflict("this server runs one game given at start-up (serve --game)");
        if (token_field(f, "key") != key_) throw RequestError("key", "not the facilitator's key");
        if (p == "/api/host/games") {
            only_fields(f, {"key"});
            r.body = games_json();
        } else {
            only_fields(f, {"key", "game", "resume"});
            const std::string name = required_field(f, "game");
            const auto res = f.find("resume");
            if (res != f.end() && res->second != "0" && res->second != "1")
                throw RequestError("resume", "must be 0 or 1");
            r.body = start(name, res != f.end() && res->second == "1");
        }
    });
}

}  // namespace ambassim::serve
