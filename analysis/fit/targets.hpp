// The targets file of `ambassim calibrate`: observed company figures (value,
// uncertainty, period) and the free parameters with their ranges; see
// docs/calibration.md for the format. Read with the scenario reader's safe
// TOML parser; every error names file:line:column and the key.
#pragma once

#include "analysis/fit/measures.hpp"
#include "sim/scenario/scenario.hpp"

#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

namespace ambassim {

struct Target {
    std::string measure;  // a company_measures() name
    double value = 0;
    double sd = 0;        // one standard deviation of the observed figure
    Period period;        // days of the recorded run
    std::size_t line = 0; // where it is in the targets file
};

struct FreeParameter {
    std::string key;      // a real-valued scenario key, e.g. customers.churn_per_year
    double min = 0, max = 0;
    std::size_t line = 0;
};

struct CalibrationSettings {
    std::int64_t replicates = 4;    // per evaluation, under common random numbers
    std::int64_t evaluations = 120; // objective evaluations of the search (intervals take 2 x parameters more)
    double scale = 1.0;             // population factor during the search (employees, customers)
};

struct TargetsFile {
    std::string path;
    std::vector<Target> targets;
    std::vector<FreeParameter> parameters;
    CalibrationSettings settings;
};

// Reads and checks a targets file against the scenario it calibrates (the
// horizon bounds the periods; parameter ranges must lie inside the keys'
// valid ranges). Refuses infeasible targets (outside what the measure can
// take) and contradictory ones (the same measure over overlapping periods
// with incompatible values; ambassador + saboteur shares above 1; overall
// attrition below what front-line attrition alone implies). Throws InputError.
TargetsFile load_targets(const std::filesystem::path& file, const Scenario& scenario);
TargetsFile parse_targets(const std::string& text, const std::string& name, const Scenario& scenario);

// Ranges of real-valued keys from the [parameters] table of a TOML file (a
// targets file or the intervals a calibration writes), for robust plans.
std::vector<FreeParameter> load_parameter_ranges(const std::filesystem::path& file);

}  // namespace ambassim
