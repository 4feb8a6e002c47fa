// Compares two result files dataset by dataset, bit for bit (NaN equals
// NaN): what `ambassim rerun --check` uses to prove a run is reproducible.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

namespace ambassim {

struct FileDiff {
    std::size_t datasets_compared = 0;
    std::vector<std::string> differences;  // one line per differing, missing or extra dataset
    bool identical() const { return differences.empty(); }
};

// Every dataset below "/" in either file; `skip` lists path prefixes to ignore.
FileDiff diff_files(const std::filesystem::path& a, const std::filesystem::path& b,
                    const std::vector<std::string>& skip = {});

}  // namespace ambassim
