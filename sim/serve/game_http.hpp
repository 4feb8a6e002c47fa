// The game's HTTP API (`ambassim serve --game`): one function from a request
// (method, path, query or form body) to a response, so the server only moves
// bytes and the API can be tested without sockets. Every field is validated
// (RequestError -> 400 naming the field, GameConflict -> 409); the
// facilitator's requests need the facilitator key, a team's its token.
// Routes and fields: docs/classroom.md ("The class game").
#pragma once

#include "sim/serve/game_state.hpp"

#include <map>
#include <set>
#include <string>
#include <string_view>

namespace ambassim::serve {

struct GameResponse {
    int status = 200;
    std::string type = "application/json";
    std::string body;
    std::string filename;  // set: served as an attachment
};

// Whether `path` is one of the game's API paths, and whether it is slow
// (an export: the server runs it on a worker thread).
bool is_game_path(std::string_view path);
bool is_slow_game_path(std::string_view path);

// Form helpers shared with game_host.cpp: {"error": message}; only the
// `allowed` fields (RequestError naming another); a required field; a
// required key or token (printable, at most 64 characters).
std::string error_body(const std::string& message);
void only_fields(const std::map<std::string, std::string>& form, const std::set<std::string>& allowed);
std::string required_field(const std::map<std::string, std::string>& form, const std::string& key);
std::string token_field(const std::map<std::string, std::string>& form, const std::string& key);

// Runs `fill(response)`, answering a RequestError with 400 and a
// GameConflict with 409 ({"error": message}).
template <class F>
GameResponse answered(F&& fill) {
    GameResponse r;
    try {
        fill(r);
    } catch (const RequestError& e) {
        r = {400, "application/json", error_body(e.what()), ""};
    } catch (const GameConflict& e) {
        r = {409, "application/json", error_body(e.what()), ""};
    }
    return r;
}

// `post` tells a POST (form in `params`) from a GET (query in `params`).
GameResponse handle_game(Game& game, bool post, std::string_view path, std::string_view params);

}  // namespace ambassim::serve
