// Sweep files (TOML; the format is docs/sweep-format.md): a base scenario,
// overrides applied at every point, the varied parameters and the design,
// the strategies and replicates compared at every point and the trajectories
// kept in sweep.h5. Errors name the file, line, column and key like the
// scenario reader's, and are thrown as InputError.
#pragma once

#include "sim/scenario/assignment.hpp"
#include "sim/scenario/factor.hpp"
#include "sim/scenario/scenario.hpp"

#include <cstdint>
#include <filesystem>
#include <map>
#include <string>
#include <vector>

namespace ambassim {

enum class DesignKind { grid, latin_hypercube, saltelli, morris };
inline constexpr const char* kDesignChoices = "grid|latin_hypercube|saltelli|morris";
const char* design_name(DesignKind kind);

// The parameter `key = "base"` varies the base scenario itself: its values
// are scenario files (each point runs on one of them).
inline constexpr const char* kBaseFactor = "base";

struct SweepFactor {
    Factor factor;             // name = scenario key
    std::int64_t levels = 0;   // grid: levels of a min/max factor (0 = [sweep] levels)
    bool integer = false;      // an integer key: values are rounded
    std::string complement;    // a key set to 1 - value at every point (weights that must sum to 1)
    // Categorical factors (factor.labels set): the typed value of each level
    // (strings, booleans; empty for the `base` factor, whose levels are files).
    std::vector<ParamValue> level_values;
    std::size_t line = 0;      // line of its `key` in the sweep file (for messages)

    bool varies_base() const { return factor.name == kBaseFactor; }
};

// Which trajectories merge copies into sweep.h5.
enum class SeriesMode { scalar, all, none, list };

struct SweepSpec {
    std::string path;        // the sweep file as given ("" in memory)
    std::string text;        // its text
    std::string base_path;   // the base scenario file, resolved against the sweep file's folder
    std::string base_text;   // its text
    // Where each key of `text` is ("sweep.samples", "sweep.series[2]"),
    // recorded while reading, for the plan's messages.
    std::map<std::string, TextPosition> key_positions;
    DesignKind design = DesignKind::grid;
    std::int64_t samples = 0;  // LHS points, Saltelli base samples N, Morris trajectories r
    std::int64_t levels = 0;   // grid levels / Morris p; 0 = default (grid 3, Morris 4)
    std::uint64_t seed = 0;    // design seed
    bool scramble = false;
    std::vector<std::string> strategies;  // empty: the base scenario's [compare] strategies
    std::int64_t replicates = 0;          // 0: the base scenario's [compare] replicates
    SeriesMode series_mode = SeriesMode::scalar;
    std::vector<std::string> series;      // SeriesMode::list: run-file paths, e.g. "/customers/nps"
    // [sweep.set], in file order: typed and checked by the file rules when
    // read; each one's origin is "<file>:<line>:<column>" of its key, so
    // later errors (cross-field rules at plan time) name the line.
    std::vector<Assignment> set;
    std::vector<SweepFactor> factors;
    // With a `base` parameter: its scenario files, resolved, and their texts
    // (base_path/base_text are then the first of them).
    std::vector<std::string> base_paths, base_texts;

    std::int64_t grid_levels() const { return levels > 0 ? levels : 3; }
    std::int64_t morris_levels() const { return levels > 0 ? levels : 4; }
};

// Name of the pinned copy of level `level` of a `base` parameter in a sweep
// directory ("base-0.toml", ...), beside base.toml.
std::string pinned_base_name(std::size_t level);

// Reads a sweep file and its base scenario's text (the base is parsed later,
// by the plan). `base_override`: read the base from this file instead of the
// `base` key (a sweep directory keeps its own copy, base.toml), and the levels
// of a `base` parameter from pinned_base_name() files in the same folder.
SweepSpec load_sweep_spec(const std::filesystem::path& file, const std::filesystem::path& base_override = {});
// Parses sweep text; `name` stands for the file in messages, `folder` resolves
// a relative `base`. Does not read the base file.
SweepSpec parse_sweep_spec(const std::string& text, const std::string& name, const std::filesystem::path& folder);

}  // namespace ambassim
