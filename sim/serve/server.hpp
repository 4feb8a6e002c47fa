// `ambassim serve`: an HTTP server (Boost.Beast) for the classroom page. It
// serves the page's files (read once at start-up: requests never touch the
// file system), GET /api/lessons, GET /api/scenario.toml?... (the current
// setting as a scenario file) and GET /api/compare?... (JSON, or server-sent
// events with partial results every few simulated weeks when the request
// accepts text/event-stream). Limits: request size, connections, running
// comparisons (503 beyond), read and write timeouts (slow or vanished
// clients); a new comparison from the same page (client=...) stops the
// page's running one at its next tick. Protocol details: docs/classroom.md.
#pragma once

#include "sim/serve/classroom.hpp"
#include "sim/serve/game_state.hpp"

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <map>
#include <memory>
#include <string>
#include <vector>

namespace ambassim::serve {

struct ServerOptions {
    std::string bind = "127.0.0.1";
    unsigned short port = 8080;  // 0: any free port (tests)
    int threads = 0;             // threads of one comparison; 0 = all cores
    int max_simulations = 2;     // comparisons running at once (one per page; replacing one is free)
    int max_connections = 64;
    std::size_t max_request_bytes = 8192;  // request line and headers
    std::chrono::milliseconds read_timeout{10000}, write_timeout{15000};
    // Starting a class game from the page (game_host.hpp): the facilitator's
    // host key (empty: off), the folders of game files offered, and where a
    // started game is saved.
    std::string host_key;
    std::vector<std::filesystem::path> game_dirs;
    std::filesystem::path game_state_dir = ".";
};

// A file the page needs: content type and bytes.
struct SiteFile {
    std::string type, body;
};
using Site = std::map<std::string, SiteFile>;  // by URL path, e.g. "/app.js"

// The page (web_dir: index.html, app.js, style.css) and uPlot's files from
// npm (node_modules/uplot/dist), read now; InputError naming a missing file
// (with the hint to run `npm ci`).
Site load_site(const std::filesystem::path& web_dir, const std::filesystem::path& uplot_dir);

// The lessons, controls and strategies as the page's JSON.
std::string lessons_json(const std::vector<Lesson>& lessons);

class Server {
public:
    // Binds now (throws std::runtime_error naming the address if it cannot).
    // With a `game`, or once the facilitator starts one from the page
    // (options.host_key, game_host.hpp), also serves the class game's API
    // (game_http.hpp) and advances its rounds from a timer on a worker thread.
    Server(const ServerOptions& options, std::vector<Lesson> lessons, Site site, std::shared_ptr<Game> game = nullptr);
    ~Server();
    Server(const Server&) = delete;
    Server& operator=(const Server&) = delete;

    unsigned short port() const;  // the bound port
    // Serves until stop() (from any thread) or, with `on_signals`, SIGINT/SIGTERM.
    void run(bool on_signals = false);
    void stop();

private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

}  // namespace ambassim::serve
