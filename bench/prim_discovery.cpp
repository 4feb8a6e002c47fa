// Times scenario discovery (not a test): PRIM (peeling, pasting and the
// per-restriction p-values) and the classification tree on 10,000 Latin
// hypercube points x 12 factors (11 numeric, 1 categorical with 3 levels)
// whose condition holds in a box of three factors with 5% label noise; the
// median of 5 repetitions. Issue #17's budget: PRIM <= 10 s on 2 cores.
#include "analysis/sweep/class_tree.hpp"
#include "analysis/sweep/prim.hpp"

#include <boost/random/mersenne_twister.hpp>
#include <boost/random/uniform_01.hpp>

#include "median_seconds.hpp"

#include <cstdio>
#include <vector>

int main() {
    using namespace ambassim;
    std::vector<Factor> factors(11);
    for (std::size_t j = 0; j < factors.size(); ++j) factors[j].name = "x" + std::to_string(j);
    Factor cat;
    cat.name = "c";
    cat.labels = {"a", "b", "c"};
    cat.values = {0, 1, 2};
    factors.push_back(cat);
    const DesignMatrix x = latin_hypercube(factors, 10000, 1);
    PrimInput in;
    in.x = &x;
    in.levels.assign(12, 0);
    in.levels[11] = 3;
    boost::random::mt19937_64 engine(2);
    boost::random::uniform_01<double> u;
    for (std::size_t p = 0; p < x.points; ++p) {
        const bool truth = x(p, 0) > 0.5 && x(p, 3) < 0.6 && x(p, 11) != 1;
        in.y.push_back(static_cast<char>(u(engine) < 0.05 ? !truth : truth));
    }
    PrimResult r;
    const double prim_s = median_seconds([&] { r = prim(in, PrimOptions{}); });
    std::vector<TreeNode> tree;
    const double tree_s = median_seconds([&] { tree = classification_tree(in, TreeOptions{}); });
    std::printf("prim 10000 points x 12 factors: %.3f s (median of 5; %zu peels, box coverage %.2f density %.2f, %zu restrictions)\n",
                prim_s, r.trajectory.size() - 1, r.box.coverage, r.box.density, r.box.restrictions());
    std::printf("classification tree (depth 3): %.3f s (median of 5; %zu nodes)\n", tree_s, tree.size());
    return 0;
}
