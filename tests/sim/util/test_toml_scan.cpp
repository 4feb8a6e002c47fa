// The one TOML scanner (sim/util/toml_scan.hpp) and its users: the pre-parse
// checks (text_input.cpp) and the table header scan (toml_reader.cpp) agree
// on where strings end, including the case where the former scanners did not
// (a backslash before the line end of a basic string); keys deeper than
// kMaxKeyDepth are refused before toml++ sees them.
#include "sim/util/text_input.hpp"
#include "sim/util/toml_scan.hpp"
#include "sim/scenario/toml_reader.hpp"

#include <catch2/catch.hpp>

#include <string>
#include <vector>

using namespace ambassim;

namespace {

// The context of every byte of `text`, as one letter each: c(ode), #, b(asic),
// l(iteral), B (multi-line basic), L (multi-line literal).
std::string contexts(std::string_view text) {
    std::string out;
    TomlContext ctx = TomlContext::code;
    for (std::size_t i = 0; i < text.size();) {
        const TomlStep step = toml_step(text, i, ctx);
        const char letter = "c#blBL"[static_cast<int>(ctx)];
        out.append(step.length, letter);
        ctx = step.after;
        i += step.length;
    }
    return out;
}

}  // namespace

TEST_CASE("toml scan: strings, escapes and comments", "[toml_scan]") {
    // Each letter is the context a byte is read in (an opening quote is read in code).
    CHECK(contexts(R"(a = "x\"y" # c)") == "cccccbbbbbcc##");
    CHECK(contexts("a = 'x' ''") == "cccccllccc");                // '' is an empty string
    CHECK(contexts("a = \"\"\"x\"\"\"\"\"") == "cccccccBBBBBB");   // up to two quotes belong to the string
    CHECK(contexts("a = '''x'''b") == "cccccccLLLLc");
    CHECK(contexts("a = \"\"\"x\\  \n y\"\"\"") == "cccccccBBBBBBBBBB");  // a line-ending backslash
    CHECK(contexts("# x\nb") == "c###c");                         // a line end ends a comment
}

TEST_CASE("toml scan: a backslash before a line end does not carry a basic string onto the next line", "[toml_scan]") {
    // toml++ reports the unterminated string on line 1; line 2 is a statement
    // (the former scanners disagreed here: one stayed inside the string).
    const std::string text = "a = \"x\\\n[sweep]\nb = 1\n";
    CHECK(contexts(text).substr(0, 8) == "cccccbbb");
    CHECK(toml_step(text, 6, TomlContext::basic_string).length == 1);
    CHECK(table_headers(text) == std::vector<std::string>{"sweep"});
    // A non-ASCII character on line 2 is outside any string: refused before parsing.
    const auto unsafe = find_toml_unsafe_character("a = \"x\\\nb\xC3\xA9 = 1\n");
    REQUIRE(unsafe);
    CHECK(unsafe->offset == 9);
}

TEST_CASE("toml scan: table headers inside strings are not headers", "[toml_scan]") {
    CHECK(table_headers("a = \"\"\"\n[sweep]\n\"\"\"\n[customers]\n") == std::vector<std::string>{"customers"});
    CHECK(table_headers("a = '''\n[sweep]\n'''\n") == std::vector<std::string>{});
    CHECK(table_headers("[[sweep]]\n[ sweep . set ]\n# [x]\n") == std::vector<std::string>{"sweep", "sweep.set"});
    CHECK(table_headers("x = [\n[1]]\n") == std::vector<std::string>{});  // an array of arrays, not a header
}

TEST_CASE("toml scan: keys deeper than 64 levels are refused before parsing", "[toml_scan]") {
    auto deep = [](std::size_t levels) {
        std::string key = "k";
        for (std::size_t i = 1; i < levels; ++i) key += ".k";
        return key;
    };
    CHECK_FALSE(find_toml_unsafe_character(deep(kMaxKeyDepth) + " = 1\n"));
    for (const std::string& text : {deep(kMaxKeyDepth + 1) + " = 1\n", "[" + deep(50000) + "]\n",
                                    "x = {" + deep(100) + " = 1}\n", "[[" + deep(100) + "]]\n"}) {
        const auto unsafe = find_toml_unsafe_character(text);
        REQUIRE(unsafe);
        CHECK(unsafe->problem == "a key nested more than 64 levels deep (a scenario needs a few)");
    }
    // Dots in values and strings are not key levels.
    CHECK_FALSE(find_toml_unsafe_character("a = \"" + deep(100) + "\"\nb = 1.5\nc = [" + std::string(200, '1') + ".0]\n"));
}
