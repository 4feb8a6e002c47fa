// The game's HTTP API (see game_http.hpp).
#include "sim/serve/game_http.hpp"

#include "sim/serve/json.hpp"
#include "sim/serve/query.hpp"

#include <map>
#include <set>

namespace ambassim::serve {
std::string error_body(const std::string& m) { return "{\"error\":" + json_string(m) + "}"; }

void only_fields(const std::map<std::string, std::string>& f, const std::set<std::string>& allowed) {
    for (const auto& [k, v] : f) {
        (void)v;
        if (!allowed.count(k)) throw RequestError(k.substr(0, 40), "unknown field");
    }
}
std::string required_field(const std::map<std::string, std::string>& f, const std::string& k) {
    const auto it = f.find(k);
    if (it == f.end()) throw RequestError(k, "missing");
    return it->second;
}
std::string token_field(const std::map<std::string, std::string>& f, const std::string& k) {
    const std::string v = required_field(f, k);
    if (!printable_token(v, 64)) throw RequestError(k, "malformed");
    return v;
}

bool is_game_path(std::string_view p) { return p.rfind("/api/game/", 0) == 0; }
bool is_slow_game_path(std::string_view p) { return p.rfind("/api/game/export/", 0) == 0; }

GameResponse handle_game(Game& game, bool post, std::string_view path, std::string_view params) {
    const std::string p(path);
    static const std::set<std::string> kPost{"/api/game/join", "/api/game/submit", "/api/game/control"};
    return answered([&](GameResponse& r) {
        if (kPost.count(p) != post) {
            r.status = 405;
            r.body = error_body(std::string(post ? "use GET for " : "use POST for ") + p);
            return;
        }
        const auto f = parse_query(params);
        if (p == "/api/game/info") {
            only_fields(f, {});
            r.body = game.info_json();
        } else if (p == "/api/game/join") {
            only_fields(f, {"code", "team"});
            r.body = game.join(required_field(f, "code"), required_field(f, "team"));
        } else if (p == "/api/game/team") {
            only_fields(f, {"token"});
            r.body = game.team_json(token_field(f, "token"));
        } else if (p == "/api/game/submit") {
            const std::string token = token_field(f, "token");
            const double round = parse_number("round", required_field(f, "round"), 1, 1000, true);
            const Decision d = parse_decision(f, game.rules(), {"token", "round"});
            r.body = game.submit(token, static_cast<std::int64_t>(round), d);
        } else if (p == "/api/game/board") {
            only_fields(f, {"key"});
            r.body = game.board_json(token_field(f, "key"));
        } else if (p == "/api/game/control") {
            only_fields(f, {"key", "action", "seconds"});
            const std::string action = required_field(f, "action");
            const double seconds = action == "timer" ? parse_number("seconds", required_field(f, "seconds"), 0, 7200) : 0;
            r.body = game.control(token_field(f, "key"), action, seconds);
        } else if (p == "/api/game/debrief") {
            only_fields(f, {"key", "token"});
            r.body = game.debrief_json(token_field(f, f.count("key") ? "key" : "token"));
        } else if (p == "/api/game/export/debrief.html") {
            only_fields(f, {"key"});
            r.type = "text/html; charset=utf-8";
            r.body = game.debrief_html(token_field(f, "key"));
            r.filename = "debrief.html";
        } else if (p == "/api/game/export/game.h5") {
            only_fields(f, {"key"});
            r.type = "application/x-hdf5";
            r.body = game.export_h5(token_field(f, "key"));
            r.filename = "game.compare.h5";
        } else if (p == "/api/game/export/team.toml") {
            only_fields(f, {"key", "token", "team"});
            const std::string team = required_field(f, "team");
            r.type = "application/toml; charset=utf-8";
            r.body = game.team_scenario_toml(token_field(f, f.count("key") ? "key" : "token"), team);
            r.filename = "team-" + team_file_name(team) + ".toml";
        } else {
            r.status = 404;
            r.body = error_body("no such game request: " + p.substr(0, 80));
        }
    });
}

}  // namespace ambassim::serve
