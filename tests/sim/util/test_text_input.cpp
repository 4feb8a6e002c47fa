// Reading scenario files (sim/util/text_input.hpp): anything that is not a
// regular file is refused before it is opened (a FIFO without a writer used
// to block forever), with the reason, and long names are cut in messages.
#include "sim/util/errors.hpp"
#include "sim/util/text_input.hpp"
#include "temp_dir.hpp"

#include <catch2/catch.hpp>

#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

#include <cstring>
#include <fstream>

using namespace ambassim;
using ambassim::testing::TempDir;
namespace fs = std::filesystem;

TEST_CASE("text input: what is not a regular file is named and refused before opening", "[text_input]") {
    TempDir tmp("text-input");
    const fs::path fifo = tmp.path / "fifo.toml";
    REQUIRE(::mkfifo(fifo.c_str(), 0600) == 0);
    const fs::path sock = tmp.path / "sock.toml";
    const int s = ::socket(AF_UNIX, SOCK_STREAM, 0);
    sockaddr_un addr{};
    addr.sun_family = AF_UNIX;
    std::strncpy(addr.sun_path, sock.c_str(), sizeof addr.sun_path - 1);
    REQUIRE(::bind(s, reinterpret_cast<const sockaddr*>(&addr), sizeof addr) == 0);
    std::ofstream(tmp.path / "ok.toml") << "[simulation]\nticks = 3\n";

    CHECK(not_a_regular_file(fifo) == "is a named pipe (FIFO), not a file");
    CHECK(not_a_regular_file(sock) == "is a socket, not a file");
    CHECK(not_a_regular_file("/dev/zero") == "is a device, not a file");
    CHECK(not_a_regular_file(tmp.path) == "is a directory");
    CHECK(not_a_regular_file(tmp.path / "missing") == "no such file");
    CHECK_FALSE(not_a_regular_file(tmp.path / "ok.toml"));
    // A symlink to a FIFO is what it points to.
    fs::create_symlink(fifo, tmp.path / "link.toml");
    CHECK(not_a_regular_file(tmp.path / "link.toml") == "is a named pipe (FIFO), not a file");

    CHECK_THROWS_WITH(read_scenario_file(fifo), "cannot read scenario `" + fifo.string() + "`: is a named pipe (FIFO), not a file");
    CHECK_THROWS_WITH(read_scenario_file("/dev/zero"), "cannot read scenario `/dev/zero`: is a device, not a file");
    CHECK(read_scenario_file(tmp.path / "ok.toml") == "[simulation]\nticks = 3\n");
    ::close(s);
}

TEST_CASE("text input: a huge file name is cut in the message", "[text_input]") {
    const std::string name(100000, 'x');
    try {
        read_scenario_file(name);
        FAIL("no error");
    } catch (const InputError& e) {
        CHECK(std::string(e.what()).size() < 300);
        CHECK(std::string(e.what()).find("...`: ") != std::string::npos);
    }
}
