// The classroom HTTP server (see server.hpp). One I/O thread runs every
// connection asynchronously (Boost.Beast over Asio, timeouts through
// beast::tcp_stream); each comparison runs on a thread of its own and hands
// its results to the I/O thread, which writes them. A connection whose
// writes fail or time out, or whose client closes it, stops its comparison.
#include "sim/serve/server.hpp"

#include "sim/serve/game_host.hpp"
#include "sim/serve/game_http.hpp"
#include "sim/serve/json.hpp"
#include "sim/serve/live.hpp"
#include "sim/util/errors.hpp"
#include "sim/util/text_input.hpp"

#include "analysis/compare/outcomes.hpp"

#include <boost/asio/signal_set.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>

#include <atomic>
#include <condition_variable>
#include <deque>
#include <fstream>
#include <list>
#include <csignal>
#include <cstdio>
#include <mutex>
#include <optional>
#include <sstream>
#include <thread>

namespace ambassim::serve {

namespace beast = boost::beast;
namespace http = beast::http;
namespace net = boost::asio;
using tcp = net::ip::tcp;

namespace {

// One comparison; a newer one from the same page waits for it to stop.
struct Job {
    std::atomic<bool> stop{false};
    std::shared_ptr<Job> previous;
    std::mutex m;
    std::condition_variable cv;
    bool done = false;

    void wait_previous() {
        if (!previous) return;
        std::unique_lock lock(previous->m);
        previous->cv.wait(lock, [&] { return previous->done; });
        lock.unlock();
        previous.reset();
    }
    void mark_done() {
        {
            std::lock_guard lock(m);
            done = true;
        }
        cv.notify_all();
    }
};

// Running comparisons: at most `max`; a page's new one takes its old one's place.
class Jobs {
public:
    explicit Jobs(int max) : max_(max) {}
    std::shared_ptr<Job> start(const std::string& client) {
        std::lock_guard lock(m_);
        auto job = std::make_shared<Job>();
        all_.remove_if([](const std::weak_ptr<Job>& w) { return w.expired(); });
        all_.push_back(job);
        if (!client.empty()) {
            auto it = by_client_.find(client);
            if (it != by_client_.end()) {
                it->second->stop = true;
                job->previous = it->second;
                it->second = job;
                return job;
            }
        }
        if (running_ >= max_) return nullptr;
        ++running_;
        if (!client.empty()) by_client_[client] = job;
        return job;
    }
    void finish(const std::string& client, const std::shared_ptr<Job>& job) {
        job->mark_done();
        std::lock_guard lock(m_);
        if (client.empty()) --running_;
        else if (auto it = by_client_.find(client); it != by_client_.end() && it->second == job) {
            by_client_.erase(it);
            --running_;
        }
    }
    void stop_all() {
        std::lock_guard lock(m_);
        for (auto& w : all_)
            if (auto j = w.lock()) j->stop = true;
    }

private:
    std::mutex m_;
    int max_;
    int running_ = 0;
    std::map<std::string, std::shared_ptr<Job>> by_client_;
    std::list<std::weak_ptr<Job>> all_;  // for stop_all; expired entries pruned at each start
};

// State shared by the sessions (kept alive by them, whatever the order of destruction).
struct State {
    ServerOptions options;
    std::vector<Lesson> lessons;
    Site site;
    std::string lessons_body;
    Jobs jobs;
    WorldCache cache;
    std::atomic<int> connections{0};
    std::mutex workers_m;
    std::list<std::pair<std::thread, std::shared_ptr<std::atomic<bool>>>> workers;
    std::atomic<bool> stopping{false};
    GameHost host;                       // the running game, and starting one from the page
    std::atomic<bool> game_busy{false};  // a round advance or catch-up is running

    State(const ServerOptions& o, std::vector<Lesson> l, Site s, std::shared_ptr<Game> g)
        : options(o), lessons(std::move(l)), site(std::move(s)), lessons_body(lessons_json(lessons)),
          jobs(o.max_simulations), host(o.host_key, o.game_dirs, o.game_state_dir, std::move(g)) {}

    // Starts the game's simulation work on a worker if some is due and none runs.
    void game_work() {
        const auto game = host.game();
        if (!game || stopping || game_busy || !game->work_due()) return;
        game_busy = true;
        launch([this, g = game] {
            try {
                if (!g->advance()) g->sync();
            } catch (const std::exception& e) {
                std::fprintf(stderr, "ambassim: error: the game's round failed: %s\n", e.what());
            }
            game_busy = false;
        });
    }

    template <class F>
    void launch(F&& f) {
        std::lock_guard lock(workers_m);
        for (auto it = workers.begin(); it != workers.end();)  // reap finished workers
            if (*it->second) it->first.join(), it = workers.erase(it);
            else ++it;
        auto finished = std::make_shared<std::atomic<bool>>(false);
        workers.emplace_back(std::thread([f = std::forward<F>(f), finished]() mutable {
                                 f();
                                 *finished = true;
                             }),
                             finished);
    }
    void join_workers() {
        std::lock_guard lock(workers_m);
        for (auto& w : workers) w.first.join();
        workers.clear();
    }
};

std::string error_json(const std::string& message) { return "{\"error\":" + json_string(message) + "}"; }

std::string sse(const char* event, const std::string& data) {
    return std::string("event: ") + event + "\ndata: " + data + "\n\n";
}

class Session : public std::enable_shared_from_this<Session> {
public:
    Session(tcp::socket socket, std::shared_ptr<State> state) : stream_(std::move(socket)), state_(std::move(state)) {
        ++state_->connections;
    }
    ~Session() {
        --state_->connections;
        if (job_) job_->stop = true;
    }

    void start(bool reject) {
        if (reject) return respond(http::status::service_unavailable, "application/json",
                                   error_json("too many connections; try again shortly"), false);
        read_request();
    }

private:
    beast::tcp_stream stream_;
    beast::flat_buffer buffer_;
    std::optional<http::request_parser<http::string_body>> parser_;
    std::shared_ptr<State> state_;
    std::shared_ptr<Job> job_;
    std::deque<std::pair<std::string, bool>> queue_;  // (bytes, partial result)
    bool writing_ = false, finished_ = false, closed_ = false;
    char probe_[512];

    void read_request() {
        parser_.emplace();
        parser_->header_limit(static_cast<std::uint32_t>(state_->options.max_request_bytes));
        parser_->body_limit(4096);  // the game's forms
        stream_.expires_after(state_->options.read_timeout);
        http::async_read(stream_, buffer_, *parser_,
                         [self = shared_from_this()](beast::error_code ec, std::size_t) { self->on_read(ec); });
    }

    void on_read(beast::error_code ec) {
        if (ec == http::error::end_of_stream || ec == net::error::operation_aborted || ec == beast::error::timeout ||
            ec == net::error::connection_reset || ec == net::error::eof)
            return close();
        if (ec == http::error::header_limit || ec == http::error::buffer_overflow)
            return respond(http::status::request_header_fields_too_large, "application/json",
                           error_json("request too large (at most " + std::to_string(state_->options.max_request_bytes) +
                                      " bytes of request line and headers)"),
                           false);
        if (ec == http::error::body_limit)
            return respond(http::status::payload_too_large, "application/json", error_json("request body too large"), false);
        if (ec) return respond(http::status::bad_request, "application/json", error_json("malformed HTTP request: " + ec.message()), false);
        handle(parser_->release());
    }

    void handle(const http::request<http::string_body>& req) {
        const bool keep = req.keep_alive();
        const std::string_view target(req.target().data(), req.target().size());
        const std::size_t q = target.find('?');
        const std::string path(target.substr(0, q));
        const std::string_view query = q == std::string_view::npos ? std::string_view{} : target.substr(q + 1);
        const bool post = req.method() == http::verb::post;
        if (GameHost::is_host_path(path) && (post || req.method() == http::verb::get))
            return host_request(post, path, post ? std::string(req.body()) : std::string(query), keep);
        if (is_game_path(path) && (post || req.method() == http::verb::get)) {
            if (auto game = state_->host.game())
                return game_request(std::move(game), post, path, post ? std::string(req.body()) : std::string(query), keep);
            return respond(http::status::not_found, "application/json",
                           error_json("no class game is running on this server yet"), keep);
        }
        if (req.method() != http::verb::get)
            return respond(http::status::method_not_allowed, "application/json", error_json("only GET is supported"), false);
        if (path == "/api/lessons") return respond(http::status::ok, "application/json", state_->lessons_body, keep);
        if (path == "/api/scenario.toml" || path == "/api/compare") {
            Request r;
            try {
                r = parse_request(query, state_->lessons);
            } catch (const RequestError& e) {
                return respond(http::status::bad_request, "application/json", error_json(e.what()), keep);
            }
            if (path == "/api/compare") {
                const auto accept = req[http::field::accept];
                return compare(std::move(r), accept.find("text/event-stream") != beast::string_view::npos);
            }
            return export_toml(r, keep);
        }
        const auto it = state_->site.find(path == "/" ? "/index.html" : path);
        if (it == state_->site.end())
            return respond(http::status::not_found, "application/json", error_json("no such page: " + printable(path, 80)), keep);
        respond(http::status::ok, it->second.type, it->second.body, keep);
    }

    // --- the class game ----------------------------------------------------
    void answer(const GameResponse& g, bool keep) {
        auto res = make_response(static_cast<http::status>(g.status), g.type, g.body, keep);
        if (!g.filename.empty()) res->set(http::field::content_disposition, "attachment; filename=\"" + g.filename + "\"");
        write(res, keep);
    }

    // Runs `work` (returning a GameResponse) on a worker thread and answers
    // from the I/O thread: for requests that wait or write files.
    template <class F>
    void answer_later(F&& work, const char* what) {
        auto self = shared_from_this();
        state_->launch([self, work = std::forward<F>(work), what] {
            GameResponse g;
            try {
                g = work();
            } catch (const std::exception& e) {
                g = {500, "application/json", error_json(std::string(what) + e.what()), ""};
            }
            net::post(self->stream_.get_executor(), [self, g] { self->answer(g, false); });
        });
    }

    void game_request(std::shared_ptr<Game> game, bool post, const std::string& path, std::string params, bool keep) {
        if (!is_slow_game_path(path)) {
            answer(handle_game(*game, post, path, params), keep);
            if (post) state_->game_work();  // a submission may complete the round
            return;
        }
        // Exports wait for a running round and write files: off the I/O thread.
        answer_later([game, post, path, params = std::move(params)] { return handle_game(*game, post, path, params); },
                     "the export failed: ");
    }

    void host_request(bool post, const std::string& path, std::string params, bool keep) {
        if (!GameHost::is_slow(path)) return answer(state_->host.handle(post, path, params), keep);
        // Starting a game warms its world up (seconds): off the I/O thread.
        auto state = state_;
        answer_later([state, post, path, params = std::move(params)] { return state->host.handle(post, path, params); },
                     "the game could not start: ");
    }

    void export_toml(const Request& r, bool keep) {
        const std::string comment =
            "Exported from the ambassim classroom page (lesson \"" + r.lesson->id + "\", built from scenarios/" +
            r.lesson->source + ").\nRun it with: ambassim compare FILE.toml";
        auto res = make_response(http::status::ok, "application/toml; charset=utf-8", scenario_toml(r.scenario, comment), keep);
        res->set(http::field::content_disposition, "attachment; filename=\"classroom-" + r.lesson->id + ".toml\"");
        write(res, keep);
    }

    std::shared_ptr<http::response<http::string_body>> make_response(http::status status, const std::string& type,
                                                                     std::string body, bool keep) {
        auto res = std::make_shared<http::response<http::string_body>>(status, 11);
        res->set(http::field::server, "ambassim");
        res->set(http::field::content_type, type);
        res->set(http::field::cache_control, "no-store");
        res->set("X-Content-Type-Options", "nosniff");
        res->set("Content-Security-Policy",
                 "default-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:");
        res->keep_alive(keep);
        res->body() = std::move(body);
        res->prepare_payload();
        return res;
    }

    void respond(http::status status, const std::string& type, std::string body, bool keep) {
        write(make_response(status, type, std::move(body), keep), keep);
    }

    void write(std::shared_ptr<http::response<http::string_body>> res, bool keep) {
        stream_.expires_after(state_->options.write_timeout);
        http::async_write(stream_, *res, [self = shared_from_this(), res, keep](beast::error_code ec, std::size_t) {
            if (ec || !keep) return self->close();
            self->read_request();
        });
    }

    // --- comparisons -------------------------------------------------------
    void compare(Request r, bool stream) {
        job_ = state_->jobs.start(r.client);
        if (!job_)
            return respond(http::status::service_unavailable, "application/json",
                           error_json("busy: " + std::to_string(state_->options.max_simulations) +
                                      " comparisons are running; try again shortly"),
                           false);
        if (stream)
            enqueue("HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nCache-Control: no-store\r\n"
                    "X-Content-Type-Options: nosniff\r\nConnection: close\r\n\r\n",
                    false);
        watch_disconnect();
        auto self = shared_from_this();
        auto job = job_;
        auto state = state_;
        state_->launch([self, job, state, r = std::move(r), stream] {
            job->wait_previous();
            std::string final_json, error;
            bool complete = false;
            try {
                if (!job->stop)
                    complete = run_live(r, state->cache, state->options.threads,
                                        [&](const std::string& json, bool final) {
                                            if (final) final_json = json;
                                            if (stream)
                                                net::post(self->stream_.get_executor(),
                                                          [self, msg = sse(final ? "done" : "partial", json), final] {
                                                              self->enqueue(msg, !final);
                                                          });
                                        },
                                        &job->stop);
            } catch (const std::exception& e) {
                error = e.what();
            }
            state->jobs.finish(r.client, job);
            net::post(self->stream_.get_executor(), [self, stream, complete, final_json, error] {
                self->job_done(stream, complete, final_json, error);
            });
        });
    }

    void job_done(bool stream, bool complete, const std::string& final_json, const std::string& error) {
        job_.reset();
        if (closed_) return;
        const std::string why = !error.empty() ? "the comparison failed: " + error
                                               : "cancelled: a newer request from the same page replaced this one";
        if (stream) {
            if (!complete) enqueue(sse("cancelled", error_json(why)), false);
            finished_ = true;
            if (!writing_ && queue_.empty()) close();
            return;
        }
        if (complete) respond(http::status::ok, "application/json", final_json, false);
        else respond(error.empty() ? http::status::conflict : http::status::internal_server_error, "application/json",
                     error_json(why), false);
    }

    // Queues bytes for the event stream. A slow client gets the latest
    // partial result only: a queued partial one not yet sent is replaced.
    void enqueue(std::string bytes, bool partial) {
        if (closed_) return;
        if (partial && queue_.size() > 1 && queue_.back().second) queue_.back().first = std::move(bytes);
        else queue_.emplace_back(std::move(bytes), partial);
        if (!writing_) write_next();
    }

    void write_next() {
        writing_ = true;
        stream_.expires_after(state_->options.write_timeout);
        net::async_write(stream_, net::buffer(queue_.front().first),
                         [self = shared_from_this()](beast::error_code ec, std::size_t) {
                             self->writing_ = false;
                             if (ec) return self->close();
                             self->queue_.pop_front();
                             if (!self->queue_.empty()) self->write_next();
                             else if (self->finished_) self->close();
                         });
    }

    // While a comparison runs the client sends nothing: readable means closed (or extra bytes, dropped).
    void watch_disconnect() {
        stream_.socket().async_wait(tcp::socket::wait_read, [self = shared_from_this()](beast::error_code ec) {
            if (ec || self->closed_ || !self->job_) return;
            beast::error_code e;
            const std::size_t n = self->stream_.socket().read_some(net::buffer(self->probe_), e);
            if (e || n == 0) return self->close();
            self->watch_disconnect();
        });
    }

    void close() {
        if (closed_) return;
        closed_ = true;
        if (job_) job_->stop = true;
        beast::error_code ec;
        stream_.socket().shutdown(tcp::socket::shutdown_both, ec);
        stream_.close();
    }
};

// Through the guarded reader: --web may name anything (a FIFO, a device).
std::string read_file(const std::filesystem::path& p) {
    try {
        return read_text_file(p, "a file of the classroom page");
    } catch (const InputError& e) {
        throw InputError(e.what() + std::string(p.string().find("node_modules") != std::string::npos
                                                    ? " (run `npm ci` in the source folder)" : ""));
    }
}

}  // namespace

Site load_site(const std::filesystem::path& web, const std::filesystem::path& uplot) {
    Site site;
    site["/index.html"] = {"text/html; charset=utf-8", read_file(web / "index.html")};
    site["/app.js"] = {"text/javascript; charset=utf-8", read_file(web / "app.js")};
    site["/host.js"] = {"text/javascript; charset=utf-8", read_file(web / "host.js")};
    site["/style.css"] = {"text/css; charset=utf-8", read_file(web / "style.css")};
    site["/uPlot.iife.min.js"] = {"text/javascript; charset=utf-8", read_file(uplot / "uPlot.iife.min.js")};
    site["/uPlot.min.css"] = {"text/css; charset=utf-8", read_file(uplot / "uPlot.min.css")};
    site["/game"] = {"text/html; charset=utf-8", read_file(web / "game.html")};
    site["/facilitator"] = {"text/html; charset=utf-8", read_file(web / "facilitator.html")};
    site["/game.js"] = {"text/javascript; charset=utf-8", read_file(web / "game.js")};
    site["/game_team.js"] = {"text/javascript; charset=utf-8", read_file(web / "game_team.js")};
    site["/game_facilitator.js"] = {"text/javascript; charset=utf-8", read_file(web / "game_facilitator.js")};
    site["/game.css"] = {"text/css; charset=utf-8", read_file(web / "game.css")};
    return site;
}

std::string lessons_json(const std::vector<Lesson>& lessons) {
    std::string out = "{\"lessons\":[";
    for (std::size_t i = 0; i < lessons.size(); ++i) {
        const Lesson& l = lessons[i];
        out += std::string(i ? "," : "") + "{\"id\":" + json_string(l.id) + ",\"title\":" + json_string(l.title) +
               ",\"notice\":" + json_string(l.notice) + ",\"question\":" + json_string(l.question) +
               ",\"source\":" + json_string(l.source) + ",\"controls\":{";
        bool first = true;
        for (const auto& [k, v] : l.controls) {
            out += std::string(first ? "" : ",") + json_string(k) + ":" + json_string(v);
            first = false;
        }
        out += "}}";
    }
    out += "],\"controls\":[";
    for (std::size_t i = 0; i < controls().size(); ++i) {
        const Control& c = controls()[i];
        out += std::string(i ? "," : "") + "{\"name\":" + json_string(c.name) + ",\"label\":" + json_string(c.label) +
               ",\"units\":" + json_string(c.units) + ",\"min\":" + json_number(c.min) + ",\"max\":" +
               json_number(c.max) + ",\"step\":" + json_number(c.step) + ",\"integer\":" +
               (c.integer ? "true" : "false") + "}";
    }
    out += "],\"strategies\":[";
    for (std::size_t i = 0; i < side_strategies().size(); ++i)
        out += std::string(i ? "," : "") + "{\"name\":" + json_string(side_strategies()[i]) + ",\"label\":" +
               json_string(strategy_label(side_strategies()[i])) + "}";
    return out + "]}";
}

struct Server::Impl {
    net::io_context ioc{1};
    tcp::acceptor acceptor{ioc};
    std::shared_ptr<State> state;
    std::optional<net::signal_set> signals;
    net::steady_timer game_timer{ioc};

    // The game's clock: a round's timer ending, or a late team to catch up.
    void tick_game() {
        state->game_work();  // nothing while no game runs (one may be started from the page)
        game_timer.expires_after(std::chrono::milliseconds(250));
        game_timer.async_wait([this](beast::error_code ec) {
            if (!ec) tick_game();
        });
    }

    void accept() {
        acceptor.async_accept([this](beast::error_code ec, tcp::socket socket) {
            if (ec) {
                if (!acceptor.is_open()) return;  // stopped
                return accept();
            }
            const bool reject = state->connections.load() >= state->options.max_connections;
            std::make_shared<Session>(std::move(socket), state)->start(reject);
            accept();
        });
    }
};

Server::Server(const ServerOptions& options, std::vector<Lesson> lessons, Site site, std::shared_ptr<Game> game)
    : impl_(std::make_unique<Impl>()) {
    impl_->state = std::make_shared<State>(options, std::move(lessons), std::move(site), std::move(game));
    beast::error_code ec;
    const auto address = net::ip::make_address(options.bind, ec);
    if (ec) throw InputError("--bind " + options.bind + ": not an IP address");
    const tcp::endpoint endpoint(address, options.port);
    auto& a = impl_->acceptor;
    a.open(endpoint.protocol(), ec);
    if (!ec) a.set_option(net::socket_base::reuse_address(true), ec);
    if (!ec) a.bind(endpoint, ec);
    if (!ec) a.listen(net::socket_base::max_listen_connections, ec);
    if (ec)
        throw std::runtime_error("cannot listen on " + options.bind + ":" + std::to_string(options.port) + ": " +
                                 ec.message());
}

Server::~Server() {
    stop();
    impl_->state->join_workers();
}

unsigned short Server::port() const { return impl_->acceptor.local_endpoint().port(); }

void Server::run(bool on_signals) {
    if (on_signals) {
        impl_->signals.emplace(impl_->ioc, SIGINT, SIGTERM);
        impl_->signals->async_wait([this](beast::error_code ec, int) {
            if (!ec) stop();
        });
    }
    impl_->accept();
    impl_->tick_game();
    impl_->ioc.run();
    impl_->state->join_workers();
}

void Server::stop() {
    impl_->state->stopping = true;
    impl_->state->jobs.stop_all();
    impl_->ioc.stop();
}

}  // namespace ambassim::serve
