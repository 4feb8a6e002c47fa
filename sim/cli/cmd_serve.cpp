// `ambassim serve [--port 8080] [--bind 127.0.0.1] [--lesson FILE]`: starts
// the classroom server (sim/serve) and prints the URL to open. Only option
// parsing and finding the data folder live here.
#include "sim/cli/commands.hpp"
#include "sim/serve/server.hpp"

#include <iostream>

#ifndef AMBASSIM_SOURCE_DIR
#define AMBASSIM_SOURCE_DIR ""
#endif

namespace ambassim::cli {

namespace po = boost::program_options;

namespace {

po::options_description serve_options() {
    po::options_description o("Options");
    o.add_options()
        ("help,h", "show this help")
        ("port", po::value<std::string>()->value_name("N"), "TCP port (default 8080; 0 = any free port)")
        ("bind", po::value<std::string>()->value_name("ADDRESS"),
         "address to listen on (default 127.0.0.1, this computer only; 0.0.0.0 = every network)")
        ("lesson", po::value<std::string>()->value_name("FILE"),
         "a scenario file offered as the first lesson (e.g. one exported from the page)")
        ("threads", po::value<std::string>()->value_name("N"), "threads per comparison (0 = all cores)")
        ("game", po::value<std::string>()->value_name("GAME.toml"),
         "run a class game (scenarios/games/*.toml): teams join at /game, the facilitator's page is printed")
        ("game-state", po::value<std::string>()->value_name("FILE"),
         "where the game is saved after every change, and resumed from (default: GAME.state.toml in the current folder)")
        ("game-dir", po::value<std::string>()->value_name("DIR"),
         "without --game: a folder of game files the page offers too (besides scenarios/games)");
    return o;
}

// The page's files: installed beside the binary (share/ambassim/classroom),
// else the source tree this binary was built from.
std::filesystem::path data_dir() {
    std::error_code ec;
    const auto exe = std::filesystem::read_symlink("/proc/self/exe", ec);
    if (!ec) {
        const auto installed = exe.parent_path().parent_path() / "share" / "ambassim" / "classroom";
        if (std::filesystem::exists(installed / "web" / "index.html")) return installed;
    }
    return {};
}

}  // namespace

void serve_help(std::ostream& out) {
    out << "Usage: ambassim serve [--port 8080] [--bind 127.0.0.1] [--lesson FILE] [--game GAME.toml]\n"
           "\n"
           "Starts the classroom page: open the printed URL in a browser. Each change\n"
           "of a control re-runs a classroom-sized comparison of two strategies\n"
           "(about a second), showing the curves as they grow, the paired difference\n"
           "with its 95% band and a one-sentence reading. Guided lessons are built\n"
           "from the shipped scenarios; see docs/classroom.md. With --game, also a class\n"
           "game where teams run competing companies (docs/classroom.md, \"The class game\").\n"
           "Ctrl-C stops it.\n"
           "\n"
        << serve_options();
}

int serve_command(const std::vector<std::string>& args) {
    const auto parsed = parse_command("serve", args, serve_options(), {}, serve_help, "");
    if (!parsed) return kExitOk;
    const auto& vm = *parsed;
    serve::ServerOptions options;
    if (vm.count("port")) options.port = static_cast<unsigned short>(parse_integer_option("--port", vm["port"].as<std::string>(), 0, 65535));
    if (vm.count("bind")) options.bind = vm["bind"].as<std::string>();
    if (vm.count("threads")) options.threads = static_cast<int>(parse_integer_option("--threads", vm["threads"].as<std::string>(), 0, 1024));
    const std::filesystem::path installed = data_dir();
    const std::filesystem::path source(AMBASSIM_SOURCE_DIR);
    const auto web = installed.empty() ? source / "sim" / "serve" / "web" : installed / "web";
    const auto uplot = installed.empty() ? source / "node_modules" / "uplot" / "dist" : installed / "uplot";
    const auto scenarios = installed.empty() ? source / "scenarios" : installed / "scenarios";
    if (vm.count("game-dir") && vm.count("game")) throw UsageError("--game-dir offers games to start from the page; not with --game");
    auto lessons = serve::load_lessons(scenarios, vm.count("lesson") ? vm["lesson"].as<std::string>() : "");
    std::shared_ptr<serve::Game> game;
    if (vm.count("game")) {
        const std::filesystem::path file = vm["game"].as<std::string>();
        std::filesystem::path state = vm.count("game-state") ? std::filesystem::path(vm["game-state"].as<std::string>())
                                                              : std::filesystem::path(file.stem().string() + ".state.toml");
        game = std::make_shared<serve::Game>(serve::load_game(file), state);
        std::cout << "ambassim game: " << (game->resumed() ? "resumed from " : "saved to ") << state.string() << "\n";
        if (game->market_short()) std::cerr << kMarketShortWarning << "\n";
    }
    if (!game) {
        // The facilitator may start a game from the page: the link with this key is printed below.
        options.host_key = serve::new_facilitator_key();
        options.game_dirs = {scenarios / "games"};
        if (vm.count("game-dir")) {
            const std::filesystem::path dir = vm["game-dir"].as<std::string>();
            if (!std::filesystem::is_directory(dir)) throw UsageError("--game-dir " + dir.string() + ": not a folder");
            options.game_dirs.push_back(dir);
        }
    }
    serve::Server server(options, std::move(lessons), serve::load_site(web, uplot), game);
    const bool loopback = options.bind.rfind("127.", 0) == 0 || options.bind == "::1";
    if (!loopback)
        std::cerr << "ambassim: warning: listening on " << options.bind
                  << ": anyone who can reach this computer on port " << server.port()
                  << " can run comparisons (a classroom network is an explicit choice)\n";
    const std::string host = options.bind == "0.0.0.0" ? "127.0.0.1" : options.bind;
    std::cout << "ambassim classroom: open http://" << (host.find(':') != std::string::npos ? "[" + host + "]" : host)
              << ":" << server.port() << "/  (Ctrl-C to stop)" << std::endl;
    if (!game)
        std::cout << "ambassim classroom: facilitator: http://" << host << ":" << server.port() << "/?key="
                  << options.host_key << "  (starts a class game from the page; keep this link to yourself)" << std::endl;
    if (game)
        std::cout << "ambassim game: join code " << game->code() << "; teams open http://" << host << ":" << server.port()
                  << "/game\nambassim game: facilitator: http://" << host << ":" << server.port()
                  << "/facilitator?key=" << game->facilitator_key() << "  (keep this link to yourself)" << std::endl;
    server.run(true);
    std::cout << "ambassim classroom: stopped" << std::endl;
    return kExitOk;
}

}  // namespace ambassim::cli
