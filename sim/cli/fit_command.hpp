// What `calibrate` and `optimise` share: the scenario options (--seed,
// --threads, --set, --force, --quiet) and their reading, and the output
// paths (both write a scenario, `base =` the original, with tables beside it).
#pragma once

#include "sim/cli/commands.hpp"
#include "sim/scenario/scenario.hpp"
#include "sim/util/errors.hpp"

#include <cstdint>
#include <filesystem>
#include <limits>
#include <string>
#include <vector>

namespace ambassim::cli {

inline void add_scenario_run_options(boost::program_options::options_description& o) {
    namespace po = boost::program_options;
    o.add_options()
        ("seed", po::value<std::string>()->value_name("N"), "random seed, overrides [run] seed")
        ("threads", po::value<std::string>()->value_name("N"), "worker threads (0 = all cores)")
        ("set", po::value<std::vector<std::string>>()->composing()->value_name("KEY=VALUE"),
         "override one scenario key (repeatable, applied in order)")
        ("force", "overwrite existing outputs")
        ("quiet,q", "no progress lines and no summary (only the `wrote` lines)");
}

// The scenario file with the command line's --set, --seed and --threads, validated.
inline Scenario load_with_options(const std::filesystem::path& file, const boost::program_options::variables_map& vm) {
    Scenario s = load_scenario(file);
    if (vm.count("set")) apply_overrides(s, vm["set"].as<std::vector<std::string>>());
    if (vm.count("seed"))
        s.plan.seed = static_cast<std::uint64_t>(parse_integer_option("--seed", vm["seed"].as<std::string>(), 0,
                                                                      std::numeric_limits<long long>::max()));
    if (vm.count("threads")) s.plan.threads = parse_integer_option("--threads", vm["threads"].as<std::string>(), 0, 1024);
    validate(s);
    return s;
}

// The path of `target` relative to the folder of `from_file`: what `base =`
// in from_file must say to name target (the loader resolves it from there).
inline std::string relative_to(const std::filesystem::path& target, const std::filesystem::path& from_file) {
    namespace fs = std::filesystem;
    const fs::path dir = fs::absolute(from_file).parent_path();
    return fs::absolute(target).lexically_normal().lexically_relative(dir.lexically_normal()).generic_string();
}

// OUT.toml -> OUT<suffix> (e.g. OUT.fit.csv).
inline std::filesystem::path beside(const std::filesystem::path& out, const std::string& suffix) {
    std::filesystem::path p = out;
    p.replace_extension();
    return p.string() + suffix;
}

// Refuses, before any work, to overwrite an existing output without --force.
inline void refuse_existing(const std::vector<std::filesystem::path>& outputs, bool force) {
    for (const auto& o : outputs)
        if (std::filesystem::exists(o) && !force)
            throw OutputError("output file `" + o.string() + "` already exists; use --force to overwrite it");
}

}  // namespace ambassim::cli
