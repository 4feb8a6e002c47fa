// A classification tree (CART: binary splits chosen by the Gini impurity)
// over a design matrix and a binary condition, the usual companion of PRIM
// in scenario discovery: its leaves that predict the condition are another
// description of where it happens, found greedily rather than patiently.
// Numeric factors split at the midpoint between two adjacent data values;
// categorical factors split their levels into two sets (levels ordered by
// the condition's share, which is optimal for a binary target).
#pragma once

#include "analysis/sweep/prim.hpp"

#include <cstddef>
#include <string>
#include <vector>

namespace ambassim {

struct TreeOptions {
    std::size_t max_depth = 3;
    std::size_t min_leaf = 0;  // 0: max(5, 1% of the points)
};

struct TreeNode {
    std::size_t parent = 0;     // the root is its own parent
    std::size_t depth = 0;
    std::size_t points = 0, positives = 0;
    // The split that leads here from the parent (unused at the root):
    std::size_t factor = 0;
    bool numeric = true;
    bool above = false;          // numeric: x > threshold (else x <= threshold)
    double threshold = 0;
    std::vector<char> levels;    // categorical: the levels of this side
    bool leaf = true;
    std::size_t left = 0, right = 0;  // children when not a leaf
    double density() const { return points ? static_cast<double>(positives) / static_cast<double>(points) : 0; }
};

// Nodes in depth-first order, the root first; deterministic.
std::vector<TreeNode> classification_tree(const PrimInput& in, const TreeOptions& options);

// The leaves predicting the condition (density > 1/2) as boxes (limits
// merged along each path), most positives first.
std::vector<PrimBox> tree_boxes(const PrimInput& in, const std::vector<TreeNode>& nodes);

}  // namespace ambassim
