// Tests of sim/output/dimension_scales (through H5Output::commit) and
// unit_names: coordinates copied from their source or numbered, the same
// coordinate in every group that uses an axis, a file written twice byte for
// byte the same, refusals (an axis with two lengths in one group, a dataset
// squatting an axis's name), and the units mapping.
#include "sim/output/hdf5_file.hpp"
#include "sim/output/unit_names.hpp"
#include "temp_dir.hpp"

#include <catch2/catch.hpp>

#include <cstdint>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

namespace fs = std::filesystem;
using ambassim::H5Input;
using ambassim::H5Output;
using ambassim::OutputError;
using ambassim::unit_strings;
using Dims = std::vector<std::uint64_t>;

namespace {

using ambassim::testing::TempDir;

// A small run-like file: ticks and role names as sources, two groups using them.
void write_sample(const fs::path& file) {
    H5Output out(file, false);
    out.write("/time/tick", std::vector<std::int64_t>{1, 2, 3}, Dims{3}, {"tick", "tick number", {"tick"}});
    out.write("/time/day", std::vector<double>{0.5, 1, 1.5}, Dims{3}, {"days", "day", {"tick"}});
    out.write_strings("/employees/role_names", {"front_line", "back_office", "manager"}, {"", "roles", {"role"}});
    out.write("/employees/quits", std::vector<double>(9, 1.0), Dims{3, 3}, {"employees", "quits", {"tick", "role"}});
    out.write("/customers/active", std::vector<double>{5, 6, 7}, Dims{3}, {"customers", "active", {"tick"}});
    out.write("/customers/by_unit", std::vector<double>(6, 0.0), Dims{3, 2}, {"1", "x", {"tick", "unit"}});
    out.commit();
}

std::string bytes(const fs::path& p) {
    std::ifstream in(p, std::ios::binary);
    return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

std::string commit_error(const fs::path& file, void (*write)(H5Output&)) {
    H5Output out(file, false);
    write(out);
    try {
        out.commit();
    } catch (const OutputError& e) {
        return e.what();
    }
    return "<no error>";
}

}  // namespace

TEST_CASE("commit gives every group a coordinate per axis it uses", "[hdf5][scales]") {
    TempDir dir;
    const fs::path file = dir / "s.h5";
    write_sample(file);
    H5Input in(file);
    // /time/tick is its own group's coordinate: nothing added there but for no other axis.
    REQUIRE(in.list("/time") == std::vector<std::string>{"day", "tick"});
    REQUIRE(in.list("/customers") == std::vector<std::string>{"active", "by_unit", "day", "tick", "unit"});
    REQUIRE(in.read_double("/customers/tick") == std::vector<double>{1, 2, 3});  // copied from /time/tick
    // /time/day beside every tick axis, named by each tick dataset's CF `coordinates`.
    REQUIRE(in.read_double("/customers/day") == in.read_double("/time/day"));
    REQUIRE(in.attribute_string("/customers/day", "dimensions") == "tick");
    REQUIRE(in.attribute_string("/customers/active", "coordinates") == "day");
    REQUIRE(in.attribute_string("/customers/by_unit", "coordinates") == "day");
    REQUIRE(in.read_double("/customers/unit") == std::vector<double>{0, 1});     // no source: numbered
    REQUIRE(in.read_strings("/employees/role") == std::vector<std::string>{"front_line", "back_office", "manager"});
    REQUIRE(in.read_double("/employees/tick") == std::vector<double>{1, 2, 3});
    REQUIRE(in.attribute_string("/employees/role", "dimensions") == "role");
    REQUIRE(in.attribute_string("/customers/unit", "description") == "position along the unit axis (0-based)");
}

TEST_CASE("files with dimension scales are byte-identical when written twice", "[hdf5][scales]") {
    TempDir dir;
    write_sample(dir / "a.h5");
    write_sample(dir / "b.h5");
    REQUIRE(bytes(dir / "a.h5") == bytes(dir / "b.h5"));
}

TEST_CASE("commit refuses inconsistent axes", "[hdf5][scales]") {
    TempDir dir;
    const std::string two_lengths = commit_error(dir / "a.h5", [](H5Output& out) {
        out.write("/g/x", std::vector<double>{1, 2}, Dims{2}, {"1", "x", {"tick"}});
        out.write("/g/y", std::vector<double>{1, 2, 3}, Dims{3}, {"1", "y", {"tick"}});
    });
    REQUIRE(two_lengths == "cannot add dimension scales to `" + (dir / "a.h5").string() +
                               "`: axis `tick` has lengths 2 and 3 in group `/g`");
    const std::string squatter = commit_error(dir / "b.h5", [](H5Output& out) {
        out.write("/g/x", std::vector<double>{1, 2}, Dims{2}, {"1", "x", {"role"}});
        out.write("/g/role", std::vector<double>{1, 2, 3}, Dims{3}, {"1", "not the role axis", {"other"}});
    });
    REQUIRE(squatter == "cannot add dimension scales to `" + (dir / "b.h5").string() +
                            "`: `/g/role` is not the 1-d coordinate of axis `role` its name claims");
    REQUIRE_FALSE(fs::exists(dir / "a.h5"));
    REQUIRE_FALSE(fs::exists(dir / "b.h5"));
}

TEST_CASE("unit strings: a standard unit and the readable label", "[units]") {
    REQUIRE(unit_strings("days").units == "day");
    REQUIRE(unit_strings("days").label == "days");
    REQUIRE(unit_strings("customers").units == "1");
    REQUIRE(unit_strings("customers").label == "customers");
    REQUIRE(unit_strings("1").label == "dimensionless");
    REQUIRE(unit_strings("%").units == "percent");
    REQUIRE(unit_strings("currency").units == "currency");  // no standard unit
    // Idempotent on labels: sweep merging writes a point file's label again.
    for (const char* word : {"1", "days", "customers", "%", "currency", "ticks", "days, 1", ""}) {
        const auto once = unit_strings(word);
        const auto twice = unit_strings(once.label);
        REQUIRE(twice.units == once.units);
        REQUIRE(twice.label == once.label);
    }
}
