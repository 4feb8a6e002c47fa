// The tidy ("long") table of a run, comparison or sweep file, as BehaviorSpace
// or Mesa's batch_run users expect it: one row per point x strategy x
// replicate (x tick with per_tick), the point's factor values, the strategy
// and replicate as columns, then one column per outcome metric (e.g.
// `nps.horizon`) or, per tick, one per trajectory value (e.g.
// `customers.active`, `employees.mean_engagement.front_line`). Column names
// and values come from the file alone; format in docs/researcher-guide.md.
#pragma once

#include <filesystem>
#include <functional>
#include <string_view>

namespace ambassim {

struct TidyOptions {
    char separator = ',';  // ',' (CSV) or '\t' (TSV)
    bool per_tick = false;  // implied for run files, which hold no outcome metrics
};

// Reads `file` and passes the table to `sink` in pieces (header first, then
// rows). Throws OutputError / InputError for files that are not ambassim's.
void write_tidy_table(const std::filesystem::path& file, const TidyOptions& options,
                      const std::function<void(std::string_view)>& sink);

}  // namespace ambassim
