// Tests of sim/hdf5_file: H5Output (temp file, commit, refusal to overwrite,
// layouts, attributes, appendable tables) and H5Input (reading and errors).
#include "sim/output/hdf5_file.hpp"
#include "temp_dir.hpp"

#include <catch2/catch.hpp>

#include <unistd.h>

#include <cstdint>
#include <filesystem>
#include <fstream>
#include <random>
#include <string>
#include <vector>

namespace fs = std::filesystem;
using ambassim::DatasetMeta;
using ambassim::H5Input;
using ambassim::H5Output;
using ambassim::OutputError;
using Dims = std::vector<std::uint64_t>;

namespace {

using ambassim::testing::TempDir;

// The message of the OutputError thrown by f, or "<no error>".
template <class F>
std::string error_of(F&& f) {
    try {
        f();
    } catch (const OutputError& e) {
        return e.what();
    }
    return "<no error>";
}

std::string bq(const fs::path& p) { return "`" + p.string() + "`"; }

void write_text(const fs::path& p, const std::string& text) { std::ofstream(p) << text; }

std::string read_text(const fs::path& p) {
    std::ifstream in(p);
    return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

const DatasetMeta kMeta{"persons", "active employees", {"tick", "role"}};

}  // namespace

TEST_CASE("H5Output round-trips every numeric type with shape and metadata", "[hdf5]") {
    TempDir dir;
    const fs::path file = dir / "types.h5";
    {
        H5Output out(file, false);
        out.write("/d", std::vector<double>{0.1, -2.5, 1e300, 4, 5, 6}, Dims{2, 3}, kMeta);
        out.write("/g/f", std::vector<float>{0.1F, -1.5F, 3.25F, 1e30F}, Dims{4}, {"m", "lengths", {"i"}});
        out.write("/g/h/i64", std::vector<std::int64_t>{-9007199254740992LL, 0, 7, 9007199254740992LL, -1, 1, 2, 3},
                  Dims{2, 2, 2}, {"", "", {}});
        out.write("/i32", std::vector<std::int32_t>{-2147483647 - 1, 2147483647, 0, 5, -5}, Dims{5}, {"1", "x", {}});
        out.write("/u8", std::vector<std::uint8_t>{0, 128, 255}, Dims{3, 1}, {"flag", "bits", {"a", "b"}});
        out.commit();
    }
    H5Input in(file);
    REQUIRE(in.dims("/d") == Dims{2, 3});
    REQUIRE(in.read_double("/d") == std::vector<double>{0.1, -2.5, 1e300, 4, 5, 6});  // exact: stored as double
    REQUIRE(in.attribute_string("/d", "units") == "persons");
    REQUIRE(in.attribute_string("/d", "description") == "active employees");
    REQUIRE(in.attribute_string("/d", "dimensions") == "tick,role");

    REQUIRE(in.dims("/g/f") == Dims{4});
    // Stored as float: 0.1F read back is the float value, not 0.1.
    REQUIRE(in.read_double("/g/f") == std::vector<double>{double(0.1F), -1.5, 3.25, double(1e30F)});
    REQUIRE(in.read_double("/g/f")[0] != 0.1);
    REQUIRE(in.attribute_string("/g/f", "dimensions") == "i");

    REQUIRE(in.dims("/g/h/i64") == Dims{2, 2, 2});
    REQUIRE(in.read_double("/g/h/i64") ==
            std::vector<double>{-9007199254740992.0, 0, 7, 9007199254740992.0, -1, 1, 2, 3});
    REQUIRE(in.has_attribute("/g/h/i64", "units"));
    REQUIRE(in.attribute_string("/g/h/i64", "units").empty());
    REQUIRE(in.attribute_string("/g/h/i64", "description").empty());
    REQUIRE_FALSE(in.has_attribute("/g/h/i64", "dimensions"));

    REQUIRE(in.read_double("/i32") == std::vector<double>{-2147483648.0, 2147483647.0, 0, 5, -5});
    REQUIRE(in.attribute_string("/i32", "description") == "x");
    REQUIRE(in.dims("/u8") == Dims{3, 1});
    REQUIRE(in.read_double("/u8") == std::vector<double>{0, 128, 255});
    REQUIRE(in.attribute_string("/u8", "dimensions") == "a,b");

    // Besides the datasets, each group holds a coordinate per axis label its
    // datasets use (dimension scales); labels without a source are 0..n-1.
    REQUIRE(in.list("/") == std::vector<std::string>{"a", "b", "d", "g", "i32", "role", "tick", "u8"});
    REQUIRE(in.list("/g") == std::vector<std::string>{"f", "h", "i"});
    REQUIRE(in.list("/g/h") == std::vector<std::string>{"i64"});
    REQUIRE(in.read_double("/tick") == std::vector<double>{0, 1});
    REQUIRE(in.read_double("/role") == std::vector<double>{0, 1, 2});
    REQUIRE(in.read_double("/g/i") == std::vector<double>{0, 1, 2, 3});
    REQUIRE(in.attribute_string("/g/i", "dimensions") == "i");
    REQUIRE(in.attribute_string("/g/i", "units_label") == "index");
}

TEST_CASE("H5Output attributes on the root, new groups and datasets", "[hdf5]") {
    TempDir dir;
    const fs::path file = dir / "attrs.h5";
    const std::string utf8 = "Z\xC3\xBCrich \xE2\x80\x93 \xE6\x9D\xB1\xE4\xBA\xAC";  // "Zürich – 東京"
    {
        H5Output out(file, false);
        out.set_attribute("/", "name", std::string("baseline"));
        out.set_attribute("/", "pi", 3.141592653589793);
        out.set_attribute("/", "seed", std::int64_t{-9223372036854775807LL - 1});
        out.set_attribute("/runs/r1/params", "count", std::int64_t{42});  // creates /runs, /runs/r1, ...
        out.set_attribute("/runs/r1/params", "city", utf8);
        out.set_attribute("/runs", "whole", 2.0);
        out.set_attribute("/runs", "half", 2.5);
        out.write("/runs/r1/data", std::vector<double>{1, 2}, Dims{2}, {"u", "d", {}});
        out.set_attribute("/runs/r1/data", "scale", 0.5);  // on the dataset
        out.set_attribute("/runs/r1/data", "units", std::string("kg"));  // replaces a meta attribute
        // Replacing an attribute, also with a different type.
        out.set_attribute("/", "name", std::string("second"));
        out.set_attribute("/", "pi", std::int64_t{3});
        out.commit();
    }
    H5Input in(file);
    REQUIRE(in.attribute_string("/", "name") == "second");
    REQUIRE(in.attribute_int("/", "pi") == 3);
    REQUIRE(in.attribute_double("/", "pi") == 3.0);
    REQUIRE(in.attribute_int("/", "seed") == -9223372036854775807LL - 1);
    REQUIRE(in.exists("/runs"));
    REQUIRE(in.exists("/runs/r1"));
    REQUIRE(in.exists("/runs/r1/params"));
    REQUIRE(in.list("/runs/r1") == std::vector<std::string>{"data", "params"});
    REQUIRE(in.attribute_int("/runs/r1/params", "count") == 42);
    REQUIRE(in.attribute_double("/runs/r1/params", "count") == 42.0);
    REQUIRE(in.attribute_string("/runs/r1/params", "city") == utf8);
    REQUIRE(in.attribute_double("/runs/r1/data", "scale") == 0.5);
    REQUIRE(in.attribute_string("/runs/r1/data", "units") == "kg");
    REQUIRE(in.attribute_string("/runs/r1/data", "description") == "d");
    REQUIRE(in.read_double("/runs/r1/data") == std::vector<double>{1, 2});
    REQUIRE(in.attribute_int("/runs", "whole") == 2);  // integral double converts
    REQUIRE(in.has_attribute("/", "seed"));
    REQUIRE_FALSE(in.has_attribute("/", "nope"));
    REQUIRE_FALSE(in.has_attribute("/missing/group", "seed"));

    const std::string at = " in " + bq(file);
    REQUIRE(error_of([&] { in.attribute_int("/runs", "half"); }) ==
            "attribute `half` of `/runs`" + at + " (2.500000) is not an integer");
    REQUIRE(error_of([&] { in.attribute_string("/", "seed"); }) == "attribute `seed` of `/`" + at + " is not a string");
    REQUIRE(error_of([&] { in.attribute_double("/", "name"); }) == "attribute `name` of `/`" + at + " is not numeric");
    REQUIRE(error_of([&] { in.attribute_double("/", "nope"); }) == "no attribute `nope` on `/`" + at);
    REQUIRE(error_of([&] { in.attribute_double("/nope", "x"); }) == "no object `/nope`" + at);
}

TEST_CASE("H5Output writes N-d and zero-size datasets", "[hdf5]") {
    TempDir dir;
    const fs::path file = dir / "shapes.h5";
    std::vector<std::int32_t> cube(2 * 3 * 4 * 5);
    for (std::size_t i = 0; i < cube.size(); ++i) cube[i] = static_cast<std::int32_t>(i) - 60;
    {
        H5Output out(file, false);
        out.write("/empty", std::vector<double>{}, Dims{0, 3}, {"s", "none yet", {"tick", "role"}});
        out.write("/empty3", std::vector<std::uint8_t>{}, Dims{2, 0, 4}, {"", "", {}});
        out.write("/one", std::vector<float>{7.5F}, Dims{1}, {"", "", {}});
        out.write("/a/b/c/cube", cube, Dims{2, 3, 4, 5}, {"", "", {"w", "x", "y", "z"}});
        out.commit();
    }
    H5Input in(file);
    REQUIRE(in.dims("/empty") == Dims{0, 3});
    REQUIRE(in.read_double("/empty").empty());
    REQUIRE(in.attribute_string("/empty", "description") == "none yet");
    REQUIRE(in.attribute_string("/empty", "dimensions") == "tick,role");
    REQUIRE(in.dims("/empty3") == Dims{2, 0, 4});
    REQUIRE(in.read_double("/empty3").empty());
    REQUIRE(in.read_double("/one") == std::vector<double>{7.5});
    REQUIRE(in.dims("/a/b/c/cube") == Dims{2, 3, 4, 5});
    const std::vector<double> back = in.read_double("/a/b/c/cube");
    REQUIRE(back == std::vector<double>(cube.begin(), cube.end()));
    REQUIRE(in.attribute_string("/a/b/c/cube", "dimensions") == "w,x,y,z");
}

TEST_CASE("H5Output::write rejects bad shapes and existing datasets", "[hdf5]") {
    TempDir dir;
    const fs::path file = dir / "bad.h5";
    H5Output out(file, false);
    const std::string at = " in " + bq(file);
    REQUIRE(error_of([&] { out.write("/x", std::vector<double>{1, 2, 3, 4, 5}, Dims{2, 3}, {}); }) ==
            "cannot write dataset `/x`" + at + ": 5 values do not fill shape 2 x 3");
    REQUIRE(error_of([&] { out.write("/x", std::vector<double>{1}, Dims{}, {}); }) ==
            "cannot write dataset `/x`" + at + ": it needs 1 to 32 dimensions");
    REQUIRE(error_of([&] { out.write("/x", std::vector<double>{1, 2}, Dims{2}, {"", "", {"a", "b"}}); }) ==
            "cannot write dataset `/x`" + at + ": 2 dimension labels for 1 dimensions");
    out.write("/g/x", std::vector<double>{1, 2}, Dims{2}, {});
    REQUIRE(error_of([&] { out.write("/g/x", std::vector<float>{1, 2}, Dims{2}, {}); }) ==
            "dataset `/g/x` already exists" + at);
    REQUIRE(error_of([&] { out.write("/g/x/y", std::vector<float>{1}, Dims{1}, {}); }) ==
            "`/g/x`" + at + " exists and is not a group");
    REQUIRE(error_of([&] { out.write_strings("/g/x", {"a"}, {}); }) == "dataset `/g/x` already exists" + at);
}

TEST_CASE("H5Output chunks and compresses large datasets", "[hdf5]") {
    TempDir dir;
    const fs::path file = dir / "large.h5";
    std::vector<double> big(400 * 500);  // 1.6 MB raw, very compressible
    for (std::size_t i = 0; i < big.size(); ++i) big[i] = static_cast<double>(i % 10);
    std::vector<float> wide(3 * 100 * 1000);  // inner block larger than one chunk
    for (std::size_t i = 0; i < wide.size(); ++i) wide[i] = static_cast<float>(i % 7) * 0.5F;
    std::vector<std::uint8_t> odd(1001 * 37);  // dims not multiples of the chunk
    for (std::size_t i = 0; i < odd.size(); ++i) odd[i] = static_cast<std::uint8_t>(i * 31 % 256);
    {
        H5Output out(file, false);
        out.write("/big", big, Dims{400, 500}, kMeta);
        out.write("/wide", wide, Dims{3, 100, 1000}, {});
        out.write("/odd", odd, Dims{1001, 37}, {});
        out.commit();
    }
    const std::uintmax_t raw = big.size() * sizeof(double) + wide.size() * sizeof(float) + odd.size();
    INFO("file size " << fs::file_size(file) << ", raw " << raw);
    REQUIRE(fs::file_size(file) * 10 < raw);
    H5Input in(file);
    REQUIRE(in.dims("/big") == Dims{400, 500});
    REQUIRE(in.read_double("/big") == big);
    REQUIRE(in.attribute_string("/big", "units") == "persons");
    REQUIRE(in.dims("/wide") == Dims{3, 100, 1000});
    REQUIRE(in.read_double("/wide") == std::vector<double>(wide.begin(), wide.end()));
    REQUIRE(in.read_double("/odd") == std::vector<double>(odd.begin(), odd.end()));
}

TEST_CASE("H5Output writes UTF-8 string datasets", "[hdf5]") {
    TempDir dir;
    const fs::path file = dir / "strings.h5";
    const std::vector<std::string> names{"alpha", "", "Gr\xC3\xBC\xC3\x9F" "e", std::string(5000, 'x'), "a,b"};
    {
        H5Output out(file, false);
        out.write_strings("/meta/names", names, {"", "strategy names", {"strategy"}});
        out.write_strings("/none", {}, {"", "empty", {}});
        out.commit();
    }
    H5Input in(file);
    REQUIRE(in.read_strings("/meta/names") == names);
    REQUIRE(in.dims("/meta/names") == Dims{5});
    REQUIRE(in.attribute_string("/meta/names", "description") == "strategy names");
    REQUIRE(in.attribute_string("/meta/names", "dimensions") == "strategy");
    REQUIRE(in.read_strings("/none").empty());
    REQUIRE(in.dims("/none") == Dims{0});
    REQUIRE(error_of([&] { in.read_double("/meta/names"); }) ==
            "dataset `/meta/names` in " + bq(file) + " is not numeric");
}

TEST_CASE("H5Output::append_row grows tables row by row", "[hdf5]") {
    TempDir dir;
    const fs::path file = dir / "append.h5";
    const std::string at = " in " + bq(file);
    std::vector<float> wide(100000);
    {
        H5Output out(file, false);
        for (int r = 0; r < 5; ++r) {
            const std::vector<float> row{static_cast<float>(r), r * 0.5F, -static_cast<float>(r)};
            out.append_row("/snap/wealth", row, {"EUR", "wealth per agent", {"snapshot", "agent"}});
        }
        out.append_row("/snap/role", std::vector<std::uint8_t>{1, 2}, {"", "role", {}});
        out.append_row("/snap/role", std::vector<std::uint8_t>{3, 4}, {"ignored", "ignored", {}});
        out.append_row("/snap/id", std::vector<std::int32_t>{-7}, {"", "", {}});
        for (int r = 0; r < 3; ++r) {
            for (std::size_t i = 0; i < wide.size(); ++i) {
                wide[i] = static_cast<float>(r * 1000 + static_cast<int>(i % 1000));
            }
            out.append_row("/wide", wide, {});
            out.flush();
        }
        const std::string wealth = "cannot append a row to dataset `/snap/wealth`" + at + ": ";
        REQUIRE(error_of([&] { out.append_row("/snap/wealth", std::vector<float>{1, 2}, {}); }) ==
                wealth + "the row has 2 values, the dataset has 3 columns");
        REQUIRE(error_of([&] { out.append_row("/snap/wealth", std::vector<std::int32_t>{1, 2, 3}, {}); }) ==
                wealth + "the row's element type differs from the dataset's");
        REQUIRE(error_of([&] { out.append_row("/empty", std::vector<float>{}, {}); }) ==
                "cannot append a row to dataset `/empty`" + at + ": the row is empty");
        out.write("/fixed", std::vector<float>{1, 2}, Dims{1, 2}, {});
        REQUIRE(error_of([&] { out.append_row("/fixed", std::vector<float>{1, 2}, {}); }) ==
                "dataset `/fixed`" + at + " exists and is not an appendable table");
        out.commit();
    }
    H5Input in(file);
    REQUIRE(in.dims("/snap/wealth") == Dims{5, 3});
    REQUIRE(in.read_double("/snap/wealth") ==
            std::vector<double>{0, 0, -0.0, 1, 0.5, -1, 2, 1, -2, 3, 1.5, -3, 4, 2, -4});
    REQUIRE(in.attribute_string("/snap/wealth", "units") == "EUR");
    REQUIRE(in.attribute_string("/snap/wealth", "description") == "wealth per agent");
    REQUIRE(in.attribute_string("/snap/wealth", "dimensions") == "snapshot,agent");
    REQUIRE(in.dims("/snap/role") == Dims{2, 2});
    REQUIRE(in.read_double("/snap/role") == std::vector<double>{1, 2, 3, 4});
    REQUIRE(in.attribute_string("/snap/role", "description") == "role");  // meta written once
    REQUIRE(in.read_double("/snap/id") == std::vector<double>{-7});
    REQUIRE(in.dims("/wide") == Dims{3, 100000});
    const std::vector<double> back = in.read_double("/wide");
    REQUIRE(back[0] == 0);
    REQUIRE(back[99999] == 999);
    REQUIRE(back[100000 + 5] == 1005);
    REQUIRE(back[2 * 100000 + 77777] == 2777);
    REQUIRE_FALSE(in.exists("/empty"));
}

TEST_CASE("H5Output refuses to overwrite existing output unless forced", "[hdf5]") {
    TempDir dir;
    const fs::path file = dir / "out.h5";
    write_text(file, "precious");
    REQUIRE(error_of([&] { H5Output out(file, false); }) ==
            "output file " + bq(file) + " already exists; use --force to overwrite it");
    REQUIRE(read_text(file) == "precious");
    REQUIRE(dir.entries() == 1);  // no temporary file left
    {
        H5Output out(file, true);
        out.set_attribute("/", "forced", std::int64_t{1});
        REQUIRE(read_text(file) == "precious");  // untouched until commit
        out.commit();
    }
    REQUIRE(H5Input(file).attribute_int("/", "forced") == 1);
    REQUIRE(dir.entries() == 1);
}

TEST_CASE("H5Output reports unusable output paths", "[hdf5]") {
    TempDir dir;
    fs::create_directory(dir / "sub");
    const std::string is_dir = "output path " + bq(dir / "sub") + " is a directory";
    REQUIRE(error_of([&] { H5Output out(dir / "sub", false); }) == is_dir);
    REQUIRE(error_of([&] { H5Output out(dir / "sub", true); }) == is_dir);
    const fs::path missing = dir / "no" / "such" / "out.h5";
    REQUIRE(error_of([&] { H5Output out(missing, false); }) ==
            "cannot write output " + bq(missing) + ": folder " + bq(dir / "no" / "such") + " does not exist");
    write_text(dir / "plain", "x");
    REQUIRE(error_of([&] { H5Output out(dir / "plain" / "out.h5", false); }) ==
            "cannot write output " + bq(dir / "plain" / "out.h5") + ": " + bq(dir / "plain") + " is not a folder");
    if (::geteuid() != 0) {  // root may write anywhere
        fs::create_directory(dir / "ro");
        fs::permissions(dir / "ro", fs::perms::owner_read | fs::perms::owner_exec);
        REQUIRE(error_of([&] { H5Output out(dir / "ro" / "out.h5", false); }) ==
                "cannot write output " + bq(dir / "ro" / "out.h5") + ": folder " + bq(dir / "ro") + " is not writable");
        fs::permissions(dir / "ro", fs::perms::owner_all);
    } else {
        WARN("running as root: the read-only folder check is skipped");
    }
}

TEST_CASE("H5Output without commit leaves nothing behind", "[hdf5]") {
    TempDir dir;
    const fs::path file = dir / "aborted.h5";
    fs::path temp;
    {
        H5Output out(file, false);
        temp = out.temp_path();
        REQUIRE(out.final_path() == file);
        // Beside the final file, unpredictable (sim/util/atomic_file.hpp).
        REQUIRE(temp.string().starts_with(file.string() + ".tmp-" + std::to_string(::getpid()) + "-"));
        H5Output other(file, false);
        REQUIRE(other.temp_path() != temp);
        out.write("/x", std::vector<double>(10000, 1.0), Dims{10000}, {});
        out.append_row("/t", std::vector<float>{1, 2}, {});
        out.flush();
        REQUIRE(fs::exists(temp));
        REQUIRE(fs::file_size(temp) > 0);
        REQUIRE_FALSE(fs::exists(file));
    }
    REQUIRE_FALSE(fs::exists(temp));
    REQUIRE_FALSE(fs::exists(file));
    REQUIRE(dir.entries() == 0);
}

TEST_CASE("H5Output::commit renames the temporary file", "[hdf5]") {
    TempDir dir;
    const fs::path file = dir / "done.h5";
    fs::path temp;
    {
        H5Output out(file, false);
        temp = out.temp_path();
        out.write("/x", std::vector<std::int64_t>{1, 2, 3}, Dims{3}, {"", "three", {}});
        out.commit();
        REQUIRE_FALSE(fs::exists(temp));
        REQUIRE(fs::exists(file));
        const std::string committed = "commit() was already called";
        REQUIRE(error_of([&] { out.flush(); }) == "cannot flush in " + bq(file) + ": " + committed);
        REQUIRE(error_of([&] { out.commit(); }) == "cannot commit in " + bq(file) + ": " + committed);
        REQUIRE(error_of([&] { out.set_attribute("/", "a", 1.0); }) ==
                "cannot set attribute `a` in " + bq(file) + ": " + committed);
    }
    REQUIRE(fs::exists(file));  // the destructor of a committed output does nothing
    REQUIRE(dir.entries() == 1);
    REQUIRE(H5Input(file).read_double("/x") == std::vector<double>{1, 2, 3});
}

TEST_CASE("H5Output::commit keeps the temporary file if the output appeared meanwhile", "[hdf5]") {
    TempDir dir;
    const fs::path file = dir / "race.h5";
    fs::path temp;
    {
        H5Output out(file, false);
        temp = out.temp_path();
        out.set_attribute("/", "v", std::int64_t{5});
        write_text(file, "someone else");
        REQUIRE(error_of([&] { out.commit(); }) ==
                "output file " + bq(file) + " already exists; use --force to overwrite it (the data are kept in " +
                    bq(temp) + ")");
    }
    REQUIRE(read_text(file) == "someone else");
    REQUIRE(fs::exists(temp));
    REQUIRE(H5Input(temp).attribute_int("/", "v") == 5);
    {
        H5Output out(file, true);  // with force the late file is replaced
        write_text(file, "late");
        out.set_attribute("/", "v", std::int64_t{6});
        out.commit();
    }
    REQUIRE(H5Input(file).attribute_int("/", "v") == 6);
}

TEST_CASE("H5Input reports missing and foreign files and paths", "[hdf5]") {
    TempDir dir;
    const fs::path missing = dir / "missing.h5";
    REQUIRE(error_of([&] { H5Input in(missing); }) == "cannot open " + bq(missing) + ": not found");
    const fs::path text = dir / "text.h5";
    write_text(text, "this is not HDF5\n");
    REQUIRE(error_of([&] { H5Input in(text); }) == "cannot open " + bq(text) + ": not an HDF5 file");
    REQUIRE(error_of([&] { H5Input in(dir.path); }) == "cannot open " + bq(dir.path) + ": it is a directory");

    const fs::path file = dir / "f.h5";
    {
        H5Output out(file, false);
        out.write("/g/ds", std::vector<double>{1}, Dims{1}, {});
        out.commit();
    }
    H5Input in(file);
    const std::string at = " in " + bq(file);
    REQUIRE(in.exists("/"));
    REQUIRE(in.exists("/g"));
    REQUIRE(in.exists("g/ds"));
    REQUIRE_FALSE(in.exists("/h"));
    REQUIRE_FALSE(in.exists("/h/i/j"));        // missing intermediates
    REQUIRE_FALSE(in.exists("/g/ds/below"));   // below a dataset
    REQUIRE(error_of([&] { in.read_double("/g/nope"); }) == "no dataset `/g/nope`" + at);
    REQUIRE(error_of([&] { in.dims("/g"); }) == "`/g`" + at + " is not a dataset");
    REQUIRE(error_of([&] { in.list("/x/y"); }) == "no group `/x/y`" + at);
    REQUIRE(error_of([&] { in.list("/g/ds"); }) == "`/g/ds`" + at + " is not a group");
    REQUIRE(error_of([&] { in.read_strings("/g/ds"); }) == "dataset `/g/ds`" + at + " does not hold strings");
}
