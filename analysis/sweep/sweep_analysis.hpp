// `ambassim analyze`: the whole analysis of a sweep file, chosen by its
// design (Saltelli: Sobol indices; Morris: elementary effects; grid: where
// each strategy wins; Latin hypercube: winners and Spearman correlations),
// and its presentation as CSV files and a compact terminal table. Columns
// are documented in docs/sweep-format.md, "Analysis outputs".
#pragma once

#include "analysis/sweep/sweep_data.hpp"
#include "analysis/sweep/sweep_sensitivity.hpp"
#include "analysis/sweep/sweep_winners.hpp"

#include <filesystem>
#include <string>
#include <vector>

namespace ambassim {

struct SweepAnalysis {
    std::vector<SweepTarget> targets;
    std::vector<SweepSobol> sobol;          // saltelli
    std::vector<SweepMorris> morris;        // morris
    std::vector<PointWinner> winners;       // grid, latin_hypercube (>= 2 strategies)
    std::vector<LevelShare> shares;         // grid, latin_hypercube
    std::vector<SweepSpearman> spearman;    // latin_hypercube
    SobolOptions sobol_options;
};

SweepAnalysis analyze_sweep(const SweepData& d, const SobolOptions& sobol);

struct CsvFile {
    std::string name;  // e.g. "sobol.csv"
    std::string text;
};

// The CSV files this analysis produces (only those that apply to the design).
std::vector<CsvFile> sweep_csv_files(const SweepData& d, const SweepAnalysis& a);
// Names of the CSV files a design produces (to refuse before any work).
std::vector<std::string> sweep_csv_names(const std::string& design, std::size_t strategies);
// Names of the figure files analysis/scripts/sweep_report.py draws for a design
// (PNG and SVG of each), plus index.html; kept in step with FIGURES there.
// With `discovery`, also the scenario discovery figures (prim_tradeoff, prim_box).
std::vector<std::string> sweep_figure_names(const std::string& design, std::size_t strategies, bool discovery = false);
// Compact terminal summary: per difference target the `top` factors by S_T
// (Sobol), mu* (Morris) or |rho| (Spearman); per metric the win shares.
std::string format_sweep_analysis(const SweepData& d, const SweepAnalysis& a, std::size_t top);

// `<stem>.analysis` beside the sweep file.
std::filesystem::path default_analysis_dir(const std::filesystem::path& sweep);
// Writes every file into `dir` (created if needed) through a temporary name
// and a rename; refuses (OutputError, nothing written) if any exists and !force.
std::vector<std::filesystem::path> write_csv_files(const std::filesystem::path& dir, const std::vector<CsvFile>& files,
                                                   bool force);

}  // namespace ambassim
