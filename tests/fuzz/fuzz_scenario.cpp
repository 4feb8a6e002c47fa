// libFuzzer target: arbitrary bytes through the same path as `ambassim check`.
//
// The input is a scenario text, optionally followed by the separator
// "\n#--set " and one --set assignment (the last separator splits). The text
// goes through parse_scenario (UTF-8 and character guards, toml++, the key
// walk, cross-field validation); then the assignment goes through
// apply_override, on the parsed scenario or, if the text was refused, on the
// defaults. InputError is the expected outcome for bad input; anything else
// (another exception, a crash, a sanitizer report, a hang) is a finding.
//
// Built only with -DAMBASSIM_FUZZ=ON and clang (see docs/robustness.md): the
// scenario-loading sources are compiled into this target with toml++ in
// header-only mode, so that the parser itself is instrumented.
#include "sim/scenario/scenario.hpp"

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>

namespace {

constexpr std::string_view kSeparator = "\n#--set ";

// Every message must say where the problem is.
void check_message(const ambassim::InputError& e, std::string_view prefix) {
    const std::string_view what = e.what();
    if (what.substr(0, prefix.size()) != prefix || what.size() <= prefix.size() + 2) {
        std::fprintf(stderr, "message does not start with \"%.*s\": %s\n", static_cast<int>(prefix.size()),
                     prefix.data(), e.what());
        std::abort();
    }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view input(reinterpret_cast<const char*>(data), size);
    const auto split = input.rfind(kSeparator);
    const std::string text(input.substr(0, split));
    const bool has_set = split != std::string_view::npos;
    const std::string assignment = has_set ? std::string(input.substr(split + kSeparator.size())) : std::string{};

    ambassim::Scenario scenario;
    try {
        scenario = ambassim::parse_scenario(text, "fuzz.toml");
    } catch (const ambassim::InputError& e) {
        check_message(e, "fuzz.toml");
        scenario = ambassim::parse_scenario("", "fuzz.toml");
    }
    scenario.path = "fuzz.toml";  // as load_scenario sets it
    // The text alone is valid here, so an error after a --set must be caused by
    // it and name it (a rule that forgets one of its keys would name the file).
    if (has_set) {
        try {
            ambassim::apply_overrides(scenario, {assignment});
        } catch (const ambassim::InputError& e) {
            check_message(e, "--set ");
        }
    }
    return 0;
}
