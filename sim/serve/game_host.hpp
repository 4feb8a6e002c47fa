// Starting a class game from the classroom page (plain `ambassim serve`,
// docs/classroom.md "Starting a game from the page"). The server prints a
// facilitator link with a host key at start-up; with that key the page lists
// the offered game files (the shipped scenarios/games/*.toml and any
// --game-dir folder) with their rules, and starts one, which the server then
// serves exactly as if started with `serve --game` (its join code and
// facilitator key are the game's own). Without the key nothing here answers,
// so students on `--bind 0.0.0.0` can neither start nor stop games. A game
// started here is saved as NAME.state.toml in the state folder (the current
// folder, as `serve --game` does, so `serve --game FILE` resumes it after a
// restart); an existing state file is never overwritten: the page offers to
// resume it instead.
#pragma once

#include "sim/serve/game_http.hpp"
#include "sim/serve/game_state.hpp"

#include <filesystem>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

namespace ambassim::serve {

class GameHost {
public:
    // `key` empty: starting games from the page is off (every host request
    // is refused). `game`: one already running (`serve --game`).
    GameHost(std::string key, std::vector<std::filesystem::path> game_dirs, std::filesystem::path state_dir,
             std::shared_ptr<Game> game);

    // The running game, or null.
    std::shared_ptr<Game> game() const;

    static bool is_host_path(std::string_view path);
    // Whether a request is slow (a start: warming the world up takes seconds).
    static bool is_slow(std::string_view path);
    // GET /api/host/games?key=K: the offered games, their rules, a saved
    // state of each, and the running game. POST /api/host/start with key,
    // game (an offered name) and optionally resume=1 (use the saved state).
    GameResponse handle(bool post, std::string_view path, std::string_view params);

    // Where a game file started from the page is saved.
    std::filesystem::path state_file(const std::filesystem::path& game_file) const;

private:
    struct Offer {
        std::string name;
        std::filesystem::path file;
    };
    std::vector<Offer> offers() const;  // read at each request: a file added to a folder shows up
    std::string games_json() const;
    std::string start(const std::string& name, bool resume);

    std::string key_;
    std::vector<std::filesystem::path> dirs_;
    std::filesystem::path state_dir_;
    mutable std::mutex m_;  // game_
    std::shared_ptr<Game> game_;
    std::mutex start_m_;  // one start at a time
};

}  // namespace ambassim::serve
