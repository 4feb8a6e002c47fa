// Writing a comparison file (docs/compare-format.md): shared by `compare` and
// by every point of a `sweep`, so a sweep's point files are comparison files.
#pragma once

#include "analysis/compare/comparison.hpp"
#include "sim/runs/compare.hpp"

namespace ambassim {
class H5Output;
}

namespace ambassim::cli {

// Provenance, format attributes, /runs and /summary, and `complete`; returns
// the summary (for the table and CSV files). Does not commit.
ComparisonSummary write_comparison_file(H5Output& out, const Scenario& scenario, const ComparisonData& data);
// The same with the summary computed by the caller.
void write_comparison_file(H5Output& out, const Scenario& scenario, const ComparisonData& data,
                           const ComparisonSummary& summary);

}  // namespace ambassim::cli
