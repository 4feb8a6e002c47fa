// Tests for sim/serve/server.cpp over real HTTP on 127.0.0.1: pages, valid
// and invalid API requests (400 with the field's message), limits (request
// size, running comparisons, connections), malformed HTTP, slow and vanished
// clients, streaming and cancellation by a newer request from the same page.
#include "sim/serve/server.hpp"

#include <boost/asio/connect.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/read.hpp>
#include <boost/asio/write.hpp>
#include <catch2/catch.hpp>

#include <chrono>
#include <thread>

using namespace ambassim;
using namespace ambassim::serve;
namespace net = boost::asio;
using tcp = net::ip::tcp;
using namespace std::chrono_literals;

namespace {

const std::vector<Lesson>& lessons() {
    static const std::vector<Lesson> l = load_lessons(std::filesystem::path(AMBASSIM_SOURCE_DIR) / "scenarios");
    return l;
}

Site test_site() {
    return {{"/index.html", {"text/html; charset=utf-8", "<!doctype html><title>t</title>"}},
            {"/app.js", {"text/javascript", "// app"}}};
}

// A server on a free loopback port, run on a thread of its own.
struct TestServer {
    Server server;
    std::thread thread;
    explicit TestServer(ServerOptions o = {}) : server(with_port0(o), lessons(), test_site()) {
        thread = std::thread([this] { server.run(); });
    }
    ~TestServer() {
        server.stop();
        thread.join();
    }
    static ServerOptions with_port0(ServerOptions o) {
        o.port = 0;
        o.bind = "127.0.0.1";
        return o;
    }
    unsigned short port() const { return server.port(); }
};

// A raw connection: what the tests send is exactly what goes on the wire.
struct Conn {
    net::io_context ioc;
    tcp::socket socket{ioc};
    explicit Conn(unsigned short port) { socket.connect({net::ip::make_address("127.0.0.1"), port}); }
    void send(const std::string& bytes) { net::write(socket, net::buffer(bytes)); }
    // Reads until the server closes the connection or `until` appears.
    std::string read(const std::string& until = "") {
        std::string out;
        char buf[4096];
        for (;;) {
            boost::system::error_code ec;
            const std::size_t n = socket.read_some(net::buffer(buf), ec);
            out.append(buf, n);
            if (ec || (!until.empty() && out.find(until) != std::string::npos)) return out;
        }
    }
};

std::string request(const std::string& target, const std::string& extra = "") {
    return "GET " + target + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n" + extra + "\r\n";
}

int status_of(const std::string& response) {
    return response.size() > 12 ? std::stoi(response.substr(9, 3)) : 0;
}
std::string body_of(const std::string& response) {
    const auto p = response.find("\r\n\r\n");
    return p == std::string::npos ? "" : response.substr(p + 4);
}
std::string get(unsigned short port, const std::string& target, const std::string& extra = "") {
    Conn c(port);
    c.send(request(target, extra));
    return c.read();
}
int count(const std::string& s, const std::string& what) {
    int n = 0;
    for (auto p = s.find(what); p != std::string::npos; p = s.find(what, p + 1)) ++n;
    return n;
}

// Small and fast, for the tests that only need a comparison to finish.
const std::string kSmall = "employees=100&customers=1000&years=0.5&replicates=2";
// Long enough to still be running when the test acts on it.
const std::string kLarge = "employees=1000&customers=30000&years=3&replicates=8";

}  // namespace

TEST_CASE("serve: the page, its files and the lessons", "[serve]") {
    TestServer s;
    const std::string page = get(s.port(), "/");
    CHECK(status_of(page) == 200);
    CHECK(page.find("Content-Type: text/html") != std::string::npos);
    CHECK(body_of(page) == "<!doctype html><title>t</title>");
    CHECK(body_of(get(s.port(), "/app.js")) == "// app");
    const std::string lessons_reply = get(s.port(), "/api/lessons");
    CHECK(status_of(lessons_reply) == 200);
    CHECK(lessons_reply.find("\"id\":\"contact_centre\"") != std::string::npos);
    CHECK(lessons_reply.find("\"name\":\"budget\"") != std::string::npos);
    // No file system behind a path: only the files loaded at start-up exist.
    for (const char* path : {"/../CMakeLists.txt", "/etc/passwd", "/%2e%2e/README.md", "/index.html/..", "/style.css"}) {
        INFO(path);
        CHECK(status_of(get(s.port(), path)) == 404);
    }
}

TEST_CASE("serve: a valid comparison as JSON", "[serve]") {
    TestServer s;
    const std::string r = get(s.port(), "/api/compare?" + kSmall + "&a=engagement_first&b=none");
    REQUIRE(status_of(r) == 200);
    const std::string body = body_of(r);
    CHECK(body.find("\"final\":true") != std::string::npos);
    CHECK(body.find("\"strategies\":[\"engagement first\",\"none\"]") != std::string::npos);
    CHECK(body.find("\"name\":\"active_customers\"") != std::string::npos);
    CHECK(body.find("\"name\":\"employee_quits\"") != std::string::npos);
    CHECK(body.find("\"reading\":\"") != std::string::npos);
    CHECK(body.find("NaN") == std::string::npos);
    // The same request again gives the same numbers (the warm-up now from the cache).
    const std::string again = body_of(get(s.port(), "/api/compare?" + kSmall + "&a=engagement_first&b=none"));
    auto numbers = [](const std::string& b) { return b.substr(b.find("\"day\"")); };
    CHECK(numbers(again) == numbers(body));
}

TEST_CASE("serve: every kind of invalid request is a 400 naming the field", "[serve]") {
    TestServer s;
    const std::vector<std::pair<std::string, std::string>> cases{
        {"budget=lots", "budget: expected a number"},
        {"budget=-5", "budget: must be in [0, 5000]"},
        {"customers=99999999", "customers: must be in [1000, 30000]"},
        {"years=40", "years: must be in [0.5, 3]"},
        {"replicates=1.5", "replicates: expected a whole number"},
        {"colour=red", "colour: unknown field"},
        {"seed=1&seed=2", "seed: given twice"},
        {"a=wizardry", "a: unknown strategy"},
        {"a=none&b=none", "b: must differ from a"},
        {"lesson=nowhere", "lesson: no lesson named"},
        {"budget=%G0", "budget: malformed %-escape"},
        {"client=%22%3Cscript%3E", "client: expected 1-64 letters"},
    };
    for (const auto& [query, message] : cases)
        for (const char* path : {"/api/compare?", "/api/scenario.toml?"}) {
            INFO(path << query);
            const std::string r = get(s.port(), path + query);
            CHECK(status_of(r) == 400);
            CHECK(body_of(r).find("{\"error\":\"" + message) == 0);
        }
    CHECK(status_of(get(s.port(), "/api/nothing")) == 404);
    // Bytes of the path that are not text are escaped in the message (the reply stays valid JSON text).
    CHECK(body_of(get(s.port(), "/\xff")) == "{\"error\":\"no such page: /\\\\xFF\"}");
    Conn post(s.port());
    post.send("POST /api/compare HTTP/1.1\r\nHost: x\r\nContent-Length: 2\r\n\r\n{}");
    CHECK(status_of(post.read()) == 405);
}

TEST_CASE("serve: the scenario export is a scenario file", "[serve]") {
    TestServer s;
    const std::string r = get(s.port(), "/api/scenario.toml?a=custom&b=balanced&before=0.2&after=0.8");
    REQUIRE(status_of(r) == 200);
    CHECK(r.find("Content-Disposition: attachment; filename=\"classroom-core.toml\"") != std::string::npos);
    const Scenario sc = parse_scenario(body_of(r), "export.toml");
    CHECK(sc.compare.strategies == std::vector<std::string>{"custom", "balanced"});
    REQUIRE(sc.params.strategy.phases.size() == 2);
    CHECK(sc.params.strategy.phases[0].engagement == 0.2);
}

TEST_CASE("serve: malformed HTTP, oversized requests and slow clients", "[serve]") {
    ServerOptions o;
    o.read_timeout = 300ms;
    TestServer s(o);
    {
        Conn c(s.port());
        c.send("THIS IS NOT HTTP\r\n\r\n");
        CHECK(status_of(c.read()) == 400);
    }
    {
        Conn c(s.port());
        c.send(std::string("\x16\x03\x01\x02\x00\x01\x00\x01\xfc\x03\x03", 11) + std::string(300, '\0'));
        const std::string r = c.read();
        CHECK((r.empty() || status_of(r) == 400));
    }
    {
        Conn c(s.port());
        c.send(request("/api/compare?" + std::string(10000, 'a')));
        CHECK(status_of(c.read()) == 431);
    }
    {
        Conn c(s.port());
        c.send("GET / HTTP/1.1\r\nHost: x\r\nContent-Length: 5000\r\n\r\n" + std::string(5000, 'x'));
        CHECK(status_of(c.read()) == 413);
    }
    {
        // A client that sends half a request and waits is dropped after the read timeout.
        Conn c(s.port());
        c.send("GET / HTTP/1.1\r\nHost: ");
        const auto t0 = std::chrono::steady_clock::now();
        CHECK(c.read().empty());
        CHECK(std::chrono::steady_clock::now() - t0 < 5s);
    }
    {
        // Vanishing mid-request does not disturb the server.
        Conn c(s.port());
        c.send("GET /api/compare?budget=1");
        c.socket.close();
    }
    CHECK(status_of(get(s.port(), "/")) == 200);
    // Keep-alive: two requests on one connection.
    Conn c(s.port());
    c.send("GET /app.js HTTP/1.1\r\nHost: x\r\n\r\nGET /app.js HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
    CHECK(count(c.read(), "HTTP/1.1 200 OK") == 2);
}

TEST_CASE("serve: results stream as server-sent events", "[serve][stream]") {
    TestServer s;
    Conn c(s.port());
    c.send(request("/api/compare?" + kSmall + "&client=p1", "Accept: text/event-stream\r\n"));
    const std::string r = c.read();
    REQUIRE(status_of(r) == 200);
    CHECK(r.find("Content-Type: text/event-stream") != std::string::npos);
    // half a year of weekly ticks in chunks of four weeks: six partial results (fewer if the client
    // reads slower than they come: a partial one not yet sent is replaced by the next), then the final one
    CHECK(count(r, "event: partial\n") >= 1);
    CHECK(count(r, "event: partial\n") <= 6);
    CHECK(count(r, "event: done\n") == 1);
    CHECK(r.rfind("event: done") > r.rfind("event: partial"));
    CHECK(r.find("\"final\":false") != std::string::npos);
    CHECK(r.find("So far (") != std::string::npos);
}

TEST_CASE("serve: a newer request from the same page cancels the running one", "[serve][cancel]") {
    ServerOptions o;
    o.max_simulations = 1;
    TestServer s(o);
    Conn first(s.port());
    first.send(request("/api/compare?" + kLarge + "&client=page", "Accept: text/event-stream\r\n"));
    REQUIRE(first.read("event: partial").find("event: partial") != std::string::npos);
    // Another page is refused while the only slot is taken...
    const std::string other = get(s.port(), "/api/compare?" + kSmall + "&client=other");
    CHECK(status_of(other) == 503);
    CHECK(body_of(other).find("busy") != std::string::npos);
    // ...but the same page's new request takes its old one's place.
    const std::string second = get(s.port(), "/api/compare?" + kSmall + "&client=page");
    CHECK(status_of(second) == 200);
    CHECK(body_of(second).find("\"final\":true") != std::string::npos);
    const std::string rest = first.read();
    CHECK(rest.find("event: cancelled") != std::string::npos);
    CHECK(rest.find("replaced this one") != std::string::npos);
    CHECK(rest.find("event: done") == std::string::npos);
    // The slot is free again.
    CHECK(status_of(get(s.port(), "/api/compare?" + kSmall + "&client=other")) == 200);
}

TEST_CASE("serve: a client that disconnects stops its comparison", "[serve][cancel]") {
    ServerOptions o;
    o.max_simulations = 1;
    TestServer s(o);
    {
        Conn c(s.port());
        c.send(request("/api/compare?" + kLarge + "&client=gone"));  // JSON mode: nothing is written until the end
        std::this_thread::sleep_for(200ms);
    }  // closed abruptly
    // The slot is freed within moments, long before the large comparison could have finished.
    std::string r;
    for (int i = 0; i < 100; ++i) {
        r = get(s.port(), "/api/compare?" + kSmall + "&client=next");
        if (status_of(r) != 503) break;
        std::this_thread::sleep_for(100ms);
    }
    CHECK(status_of(r) == 200);
}

TEST_CASE("serve: connections beyond the limit are refused, the server goes on", "[serve][limits]") {
    ServerOptions o;
    o.max_connections = 2;
    o.read_timeout = 2000ms;
    TestServer s(o);
    Conn a(s.port()), b(s.port());
    std::this_thread::sleep_for(100ms);
    Conn c(s.port());
    CHECK(status_of(c.read()) == 503);
    a.socket.close();
    b.socket.close();
    std::this_thread::sleep_for(100ms);
    CHECK(status_of(get(s.port(), "/")) == 200);
}
