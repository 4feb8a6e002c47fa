// Tests for analysis/file_diff.cpp on small files written with H5Output.
#include "sim/output/file_diff.hpp"
#include "sim/output/hdf5_file.hpp"

#include <catch2/catch.hpp>

#include <cmath>
#include <unistd.h>

using namespace ambassim;

namespace {
std::filesystem::path write_file(const std::string& name, double value, bool extra) {
    const auto dir = std::filesystem::temp_directory_path() / ("ambassim-diff-" + std::to_string(::getpid()));
    std::filesystem::create_directories(dir);
    const auto path = dir / name;
    H5Output out(path, true);
    const std::vector<double> a{1.0, NAN, value};
    out.write("/g/a", a, {3}, {"1", "a", {}});
    out.write_strings("/g/s", {"x", "y"}, {"", "s", {}});
    if (extra) out.write("/h/b", a, {3}, {"1", "b", {}});
    out.commit();
    return path;
}
}  // namespace

TEST_CASE("identical files, NaN included, compare equal", "[file_diff]") {
    const auto a = write_file("a.h5", 3.0, false), b = write_file("b.h5", 3.0, false);
    const FileDiff d = diff_files(a, b);
    CHECK(d.identical());
    CHECK(d.datasets_compared == 2);
}

TEST_CASE("a changed value and an extra dataset are reported", "[file_diff]") {
    const auto a = write_file("c.h5", 3.0, false), b = write_file("d.h5", 3.5, true);
    const FileDiff d = diff_files(a, b);
    REQUIRE(d.differences.size() == 2);
    CHECK(d.differences[0] == "/g/a: first difference at element 2 (3.000000 vs 3.500000)");
    CHECK(d.differences[1] == "/h/b: only in " + b.string());
    CHECK(diff_files(a, b, {"/g/a", "/h"}).identical());
}
