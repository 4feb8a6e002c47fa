// Scenario discovery over a sweep (`ambassim analyze --discover`): the
// condition of interest evaluated at every point, PRIM boxes found one after
// another (box 2 over the points outside box 1, ...) and a classification
// tree for comparison, all over the sweep's factors; then their presentation:
// boxes in plain words, CSV files, and box 1 as a ready [[sweep.parameters]]
// block for a zoom-in sweep. Files and columns: docs/sweep-format.md,
// "Scenario discovery".
#pragma once

#include "analysis/sweep/class_tree.hpp"
#include "analysis/sweep/condition.hpp"
#include "analysis/sweep/prim.hpp"
#include "analysis/sweep/sweep_analysis.hpp"

#include <string>
#include <vector>

namespace ambassim {

struct DiscoveryOptions {
    PrimOptions prim;
    TreeOptions tree;
    std::size_t max_boxes = 3;
};

struct Discovery {
    Condition condition;
    std::vector<char> y;        // [point]
    std::size_t positives = 0;  // points where the condition holds
    // PRIM boxes; coverage of every box counts against all such points.
    // Box k > 1 is kept only if it still separates (density above the
    // overall share, p < 0.01 against the remaining points, >= 5% coverage).
    std::vector<PrimResult> boxes;
    std::vector<TreeNode> tree;
    std::vector<PrimBox> tree_boxes;
};

// The PRIM input of a sweep: its matrix with categorical factors marked.
PrimInput prim_input(const SweepData& d, std::vector<char> y);
Discovery discover(const SweepData& d, const std::string& condition, const DiscoveryOptions& options);

// prim_trajectory.csv, prim_boxes.csv, tree.csv, discovery.txt and
// discovery_zoom.toml (box 1's zoom-in block).
std::vector<CsvFile> discovery_files(const SweepData& d, const Discovery& s);
inline const std::vector<std::string>& discovery_file_names() {
    static const std::vector<std::string> names{"prim_trajectory.csv", "prim_boxes.csv", "tree.csv", "discovery.txt",
                                                "discovery_zoom.toml"};
    return names;
}
// The boxes and the tree's rules in words (discovery.txt).
std::string format_discovery(const SweepData& d, const Discovery& s);
// A box's restrictions as a clause: "when x >= 0.42 and network is small_world",
// or "everywhere in the sweep (...)" for a box without restrictions.
std::string box_words(const SweepData& d, const PrimBox& box);
// [[sweep.parameters]] tables: restricted factors narrowed to the box,
// the others as in the sweep.
std::string zoom_block(const SweepData& d, const PrimBox& box, const std::string& heading);

}  // namespace ambassim
