// The one atomic file writer (sim/util/atomic_file.hpp): exclusive,
// unpredictable temporaries, no-replace renames, nothing left behind.
#include "sim/util/atomic_file.hpp"
#include "sim/util/errors.hpp"

#include "temp_dir.hpp"

#include <catch2/catch.hpp>

#include <fstream>
#include <sstream>

namespace fs = std::filesystem;
using namespace ambassim;
using ambassim::testing::TempDir;

namespace {

std::string read(const fs::path& p) {
    std::ifstream in(p, std::ios::binary);
    std::stringstream s;
    s << in.rdbuf();
    return s.str();
}

std::size_t entries(const fs::path& dir) {
    return static_cast<std::size_t>(std::distance(fs::directory_iterator(dir), fs::directory_iterator{}));
}

}  // namespace

TEST_CASE("write_file_atomically writes the text and leaves no temporary", "[atomic_file]") {
    TempDir dir;
    write_file_atomically(dir / "a.csv", "x,y\n1,2\n", false);
    REQUIRE(read(dir / "a.csv") == "x,y\n1,2\n");
    REQUIRE(entries(dir.path) == 1);
}

TEST_CASE("an existing file is refused without replace and kept intact", "[atomic_file]") {
    TempDir dir;
    write_file_atomically(dir / "a.csv", "old", false);
    REQUIRE_THROWS_WITH(write_file_atomically(dir / "a.csv", "new", false),
                        "output file `" + (dir / "a.csv").string() + "` already exists; use --force to overwrite it");
    REQUIRE(read(dir / "a.csv") == "old");
    write_file_atomically(dir / "a.csv", "new", true);
    REQUIRE(read(dir / "a.csv") == "new");
    REQUIRE(entries(dir.path) == 1);
}

TEST_CASE("a destination that appears while writing is not replaced and the data are kept", "[atomic_file]") {
    TempDir dir;
    const fs::path target = dir / "race.txt";
    fs::path temp;
    {
        AtomicFile f(target, false);
        temp = f.temp_path();
        f.write("mine");
        std::ofstream(target) << "theirs";  // another process got there first
        REQUIRE_THROWS_AS(f.commit(), OutputError);
    }
    REQUIRE(read(target) == "theirs");
    REQUIRE(read(temp) == "mine");  // named in the message, not deleted
}

TEST_CASE("temporaries are unpredictable and never follow a planted symlink", "[atomic_file]") {
    TempDir dir;
    const fs::path victim = dir / "victim.txt";
    std::ofstream(victim) << "precious";
    const fs::path target = dir / "out.txt";
    // The old predictable name: a symlink planted there is never written through.
    fs::create_symlink(victim, target.string() + ".tmp-" + std::to_string(::getpid()));
    AtomicFile a(target, false), b(target, false);
    REQUIRE(a.temp_path() != b.temp_path());
    REQUIRE(a.temp_path().parent_path() == dir.path);
    REQUIRE(a.temp_path().filename().string().starts_with("out.txt.tmp-"));
    a.write("data");
    a.commit();
    REQUIRE(read(victim) == "precious");
    REQUIRE(read(target) == "data");
}

TEST_CASE("replacing a symlinked destination replaces the link, not its target", "[atomic_file]") {
    TempDir dir;
    const fs::path victim = dir / "victim.txt";
    std::ofstream(victim) << "precious";
    fs::create_symlink(victim, dir / "out.txt");
    REQUIRE_THROWS_AS(write_file_atomically(dir / "out.txt", "x", false), OutputError);
    write_file_atomically(dir / "out.txt", "x", true);
    REQUIRE(read(victim) == "precious");
    REQUIRE_FALSE(fs::is_symlink(dir / "out.txt"));
    REQUIRE(read(dir / "out.txt") == "x");
}

TEST_CASE("an abandoned file removes its temporary", "[atomic_file]") {
    TempDir dir;
    {
        AtomicFile f(dir / "gone.txt", false);
        f.write("partial");
        REQUIRE(fs::exists(f.temp_path()));
    }
    REQUIRE(entries(dir.path) == 0);
}

TEST_CASE("bad destinations are refused with the reason", "[atomic_file]") {
    TempDir dir;
    REQUIRE_THROWS_WITH(write_file_atomically(dir.path, "x", true),
                        "output path `" + dir.path.string() + "` is a directory");
    REQUIRE_THROWS_WITH(write_file_atomically(dir / "no" / "f.txt", "x", false),
                        "cannot write output `" + (dir / "no" / "f.txt").string() + "`: folder `" +
                            (dir / "no").string() + "` does not exist");
}
