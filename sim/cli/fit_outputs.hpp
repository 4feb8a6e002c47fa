// Output paths shared by `calibrate` and `optimise`, which both write a
// scenario (`base =` the original) with tables beside it.
#pragma once

#include "sim/util/errors.hpp"

#include <filesystem>
#include <string>
#include <vector>

namespace ambassim::cli {

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
