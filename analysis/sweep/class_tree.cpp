// CART classification tree for scenario discovery (see class_tree.hpp).
#include "analysis/sweep/class_tree.hpp"

#include <algorithm>
#include <cmath>
#include <numeric>

namespace ambassim {
namespace {

double gini(double pos, double n) {
    if (n <= 0) return 0;
    const double p = pos / n;
    return 2 * p * (1 - p) * n;  // impurity weighted by the node's size
}

struct Split {
    std::size_t factor = 0;
    bool numeric = true;
    double threshold = 0;
    std::vector<char> left_levels;  // categorical: levels going left
    double impurity = std::numeric_limits<double>::infinity();
};

class Builder {
public:
    Builder(const PrimInput& in, const TreeOptions& o) : in_(in), o_(o) {
        min_leaf_ = o.min_leaf ? o.min_leaf : std::max<std::size_t>(5, in.y.size() / 100);
    }

    std::vector<TreeNode> build() {
        std::vector<std::size_t> all(in_.y.size());
        std::iota(all.begin(), all.end(), std::size_t{0});
        TreeNode root;
        grow(root, all);
        return std::move(nodes_);
    }

private:
    const PrimInput& in_;
    TreeOptions o_;
    std::size_t min_leaf_ = 5;
    std::vector<TreeNode> nodes_;

    std::size_t grow(TreeNode node, const std::vector<std::size_t>& members) {
        node.points = members.size();
        node.positives = 0;
        for (std::size_t p : members) node.positives += in_.y[p] ? 1 : 0;
        const std::size_t id = nodes_.size();
        if (nodes_.empty()) node.parent = 0;
        nodes_.push_back(node);
        if (node.depth >= o_.max_depth || node.positives == 0 || node.positives == node.points) return id;
        const Split s = best_split(members);
        if (!std::isfinite(s.impurity) ||
            s.impurity >= gini(static_cast<double>(node.positives), static_cast<double>(node.points)) - 1e-12)
            return id;
        std::vector<std::size_t> left, right;
        for (std::size_t p : members) (goes_left(s, p) ? left : right).push_back(p);
        TreeNode child;
        child.parent = id;
        child.depth = node.depth + 1;
        child.factor = s.factor;
        child.numeric = s.numeric;
        child.threshold = s.threshold;
        child.above = false;
        if (!s.numeric) child.levels = s.left_levels;
        const std::size_t l = grow(child, left);
        child.above = true;
        if (!s.numeric)
            for (auto& c : child.levels) c = !c;
        const std::size_t r = grow(child, right);
        nodes_[id].leaf = false;
        nodes_[id].left = l;
        nodes_[id].right = r;
        return id;
    }

    bool goes_left(const Split& s, std::size_t p) const {
        const double v = (*in_.x)(p, s.factor);
        return s.numeric ? v <= s.threshold : s.left_levels[static_cast<std::size_t>(v)] != 0;
    }

    Split best_split(const std::vector<std::size_t>& members) const {
        const DesignMatrix& x = *in_.x;
        const std::size_t n = members.size();
        std::size_t total_pos = 0;
        for (std::size_t p : members) total_pos += in_.y[p] ? 1 : 0;
        Split best;
        std::vector<std::pair<double, char>> v(n);
        for (std::size_t j = 0; j < x.factors; ++j) {
            if (in_.levels[j] > 0) {
                // Levels by ascending share of the condition; then a scan as for numbers.
                const std::size_t L = in_.levels[j];
                std::vector<double> count(L, 0), pos(L, 0);
                for (std::size_t p : members) {
                    const auto l = static_cast<std::size_t>(x(p, j));
                    ++count[l];
                    pos[l] += in_.y[p] ? 1 : 0;
                }
                std::vector<std::size_t> order;
                for (std::size_t l = 0; l < L; ++l)
                    if (count[l] > 0) order.push_back(l);
                std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) { return pos[a] / count[a] < pos[b] / count[b]; });
                double n_left = 0, pos_left = 0;
                for (std::size_t i = 0; i + 1 < order.size(); ++i) {
                    n_left += count[order[i]];
                    pos_left += pos[order[i]];
                    const double n_right = static_cast<double>(n) - n_left;
                    if (n_left < static_cast<double>(min_leaf_) || n_right < static_cast<double>(min_leaf_)) continue;
                    const double imp = gini(pos_left, n_left) + gini(static_cast<double>(total_pos) - pos_left, n_right);
                    if (imp < best.impurity - 1e-12) {
                        best.impurity = imp;
                        best.factor = j;
                        best.numeric = false;
                        best.left_levels.assign(L, 0);
                        for (std::size_t k = 0; k <= i; ++k) best.left_levels[order[k]] = 1;
                    }
                }
                continue;
            }
            for (std::size_t i = 0; i < n; ++i) v[i] = {x(members[i], j), in_.y[members[i]]};
            std::sort(v.begin(), v.end());
            double pos_left = 0;
            for (std::size_t i = 0; i + 1 < n; ++i) {
                pos_left += v[i].second ? 1 : 0;
                if (v[i].first == v[i + 1].first) continue;
                const std::size_t n_left = i + 1, n_right = n - n_left;
                if (n_left < min_leaf_ || n_right < min_leaf_) continue;
                const double imp = gini(pos_left, static_cast<double>(n_left)) +
                                   gini(static_cast<double>(total_pos) - pos_left, static_cast<double>(n_right));
                if (imp < best.impurity - 1e-12) {
                    best.impurity = imp;
                    best.factor = j;
                    best.numeric = true;
                    best.threshold = 0.5 * (v[i].first + v[i + 1].first);
                }
            }
        }
        return best;
    }
};

}  // namespace

std::vector<TreeNode> classification_tree(const PrimInput& in, const TreeOptions& options) {
    return Builder(in, options).build();
}

std::vector<PrimBox> tree_boxes(const PrimInput& in, const std::vector<TreeNode>& nodes) {
    const PrimBox full = full_box(in, {});
    std::vector<PrimBox> out;
    for (std::size_t i = 0; i < nodes.size(); ++i) {
        if (!nodes[i].leaf || nodes[i].points == 0 || 2 * nodes[i].positives <= nodes[i].points) continue;
        PrimBox box = full;
        // Tree thresholds are midpoints; box limits are the data values inside.
        for (std::size_t k = i; k != 0; k = nodes[k].parent) {
            const TreeNode& n = nodes[k];
            if (!n.numeric) {
                for (std::size_t l = 0; l < n.levels.size(); ++l) box.allowed[n.factor][l] &= n.levels[l];
            } else if (n.above) {
                box.lower[n.factor] = std::max(box.lower[n.factor], n.threshold);
            } else {
                box.upper[n.factor] = std::min(box.upper[n.factor], n.threshold);
            }
        }
        // Snap numeric limits to the data inside the box.
        std::vector<double> lo(full.lower.size(), std::numeric_limits<double>::infinity()), hi(full.lower.size(), -std::numeric_limits<double>::infinity());
        for (std::size_t p = 0; p < in.y.size(); ++p)
            if (inside(in, box, p))
                for (std::size_t j = 0; j < lo.size(); ++j) lo[j] = std::min(lo[j], (*in.x)(p, j)), hi[j] = std::max(hi[j], (*in.x)(p, j));
        for (std::size_t j = 0; j < lo.size(); ++j)
            if (in.levels[j] == 0 && std::isfinite(lo[j])) {
                if (box.lower[j] > full.lower[j]) box.lower[j] = lo[j];
                if (box.upper[j] < full.upper[j]) box.upper[j] = hi[j];
            }
        measure(in, {}, box);
        box.restricted.assign(lo.size(), 0);
        for (std::size_t j = 0; j < lo.size(); ++j)
            box.restricted[j] = in.levels[j] > 0 ? box.allowed[j] != full.allowed[j]
                                                 : box.lower[j] > full.lower[j] || box.upper[j] < full.upper[j];
        out.push_back(std::move(box));
    }
    std::stable_sort(out.begin(), out.end(), [](const PrimBox& a, const PrimBox& b) { return a.positives > b.positives; });
    return out;
}

}  // namespace ambassim
