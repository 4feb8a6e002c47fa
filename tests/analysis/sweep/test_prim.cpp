// Tests for analysis/sweep/prim and class_tree: coverage, density, a peel
// and a hypergeometric tail checked by hand on ten points; PRIM and the tree
// recovering a known box (two numeric limits and a categorical subset) from
// a synthetic Latin hypercube, with and without label noise.
#include "analysis/sweep/class_tree.hpp"
#include "analysis/sweep/prim.hpp"

#include <catch2/catch.hpp>

#include <boost/random/mersenne_twister.hpp>
#include <boost/random/uniform_01.hpp>

using namespace ambassim;

namespace {

// Ten points x = 1 .. 10 on one factor; the condition holds at 3, 4, 5, 6, 9.
struct Hand {
    DesignMatrix x{10, 1};
    PrimInput in;
    Hand() {
        for (std::size_t p = 0; p < 10; ++p) x(p, 0) = static_cast<double>(p + 1);
        in.x = &x;
        in.levels = {0};
        in.y = {0, 0, 1, 1, 1, 1, 0, 0, 1, 0};
    }
};

// 2000 Latin hypercube points over four unit factors and a 3-level
// categorical one; the condition: x0 >= 0.6, x1 <= 0.4 and level 0 or 2.
struct Synthetic {
    DesignMatrix x;
    PrimInput in;
    explicit Synthetic(double noise) {
        std::vector<Factor> f(4);
        for (std::size_t j = 0; j < 4; ++j) f[j].name = "x" + std::to_string(j);
        Factor cat;
        cat.name = "c";
        cat.labels = {"a", "b", "c"};
        cat.values = {0, 1, 2};
        f.push_back(cat);
        x = latin_hypercube(f, 2000, 7);
        in.x = &x;
        in.levels = {0, 0, 0, 0, 3};
        boost::random::mt19937_64 engine(11);
        boost::random::uniform_01<double> u;
        for (std::size_t p = 0; p < x.points; ++p) {
            const bool truth = x(p, 0) >= 0.6 && x(p, 1) <= 0.4 && x(p, 4) != 1;
            in.y.push_back(static_cast<char>(u(engine) < noise ? !truth : truth));
        }
    }
};

}  // namespace

TEST_CASE("coverage, density and mass of a box, by hand", "[prim]") {
    Hand h;
    PrimBox box = full_box(h.in, {});
    CHECK(box.points == 10);
    CHECK(box.positives == 5);
    CHECK(box.coverage == 1.0);
    CHECK(box.density == 0.5);
    box.lower[0] = 3;
    box.upper[0] = 6;
    measure(h.in, {}, box);
    CHECK(box.points == 4);        // 3, 4, 5, 6
    CHECK(box.positives == 4);
    CHECK(box.coverage == 0.8);    // 4 of the 5 such points
    CHECK(box.density == 1.0);     // every point inside is one
    CHECK(box.mass == 0.4);
    box.upper[0] = 9;
    measure(h.in, {}, box);
    CHECK(box.points == 7);
    CHECK(box.coverage == 1.0);
    CHECK(box.density == Approx(5.0 / 7.0));
    // Only points 3..10 active: 4 such points left, box [3, 6] holds all of them.
    std::vector<char> active{0, 0, 1, 1, 1, 1, 1, 1, 0, 1};
    box.upper[0] = 6;
    measure(h.in, active, box);
    CHECK(box.coverage == 1.0);
    CHECK(box.mass == 4.0 / 7.0);
}

TEST_CASE("hypergeometric tail, by hand", "[prim]") {
    // 10 points, 5 such; a box of 4 holding 4 such: C(5,4) C(5,0) / C(10,4) = 5/210.
    CHECK(hypergeometric_tail(10, 5, 4, 4) == Approx(5.0 / 210.0));
    // P(X >= 3) = (C(5,3)C(5,1) + C(5,4)) / 210 = 55/210.
    CHECK(hypergeometric_tail(10, 5, 4, 3) == Approx(55.0 / 210.0));
    CHECK(hypergeometric_tail(10, 5, 4, 0) == 1.0);
    CHECK(hypergeometric_tail(10, 5, 4, 5) == 0.0);
}

TEST_CASE("the first peel of the hand case and its trajectory", "[prim]") {
    Hand h;
    PrimOptions o;
    o.peel_alpha = 0.1;  // one point per peel
    o.min_mass = 0.3;
    const PrimResult r = prim(h.in, o);
    // Either end removes one non-such point (density 5/9): the bottom is tried first.
    REQUIRE(r.trajectory.size() >= 2);
    CHECK(r.trajectory[1].lower[0] == 2);
    CHECK(r.trajectory[1].density == Approx(5.0 / 9.0));
    // Peeling continues to [3, 6]: density 1, the best F1 (2 * 0.8 * 1 / 1.8).
    CHECK(r.box.lower[0] == 3);
    CHECK(r.box.upper[0] == 6);
    CHECK(r.box.density == 1.0);
    CHECK(r.box.coverage == 0.8);
    // Dropping the restriction: 4 such of 4 drawn from 10 with 5 such.
    CHECK(r.p_value[0] == Approx(5.0 / 210.0));
    for (std::size_t i = 1; i < r.trajectory.size(); ++i) CHECK(r.trajectory[i].mass >= 0.3);
}

TEST_CASE("PRIM finds a known box with numeric and categorical limits", "[prim]") {
    for (const double noise : {0.0, 0.05}) {
        CAPTURE(noise);
        const Synthetic s(noise);
        const PrimResult r = prim(s.in, PrimOptions{});
        const PrimBox& b = r.box;
        CHECK(b.restricted == std::vector<char>{1, 1, 0, 0, 1});
        CHECK(b.lower[0] == Approx(0.6).margin(0.03));
        CHECK(b.upper[1] == Approx(0.4).margin(0.03));
        CHECK(b.allowed[4] == std::vector<char>{1, 0, 1});
        CHECK(b.density >= 0.95 - noise);
        CHECK(b.coverage >= 0.9);
        for (std::size_t j : {0, 1, 4}) CHECK(r.p_value[j] < 1e-6);
        // Coverage never rises and mass never rises along the trajectory.
        for (std::size_t i = 1; i < r.trajectory.size(); ++i) {
            CHECK(r.trajectory[i].coverage <= r.trajectory[i - 1].coverage);
            CHECK(r.trajectory[i].mass < r.trajectory[i - 1].mass);
        }
    }
}

TEST_CASE("a classification tree finds the same box", "[prim]") {
    const Synthetic s(0.0);
    const auto nodes = classification_tree(s.in, TreeOptions{});
    CHECK(nodes.front().points == 2000);
    const auto boxes = tree_boxes(s.in, nodes);
    REQUIRE(!boxes.empty());
    const PrimBox& b = boxes.front();
    CHECK(b.restricted == std::vector<char>{1, 1, 0, 0, 1});
    CHECK(b.lower[0] == Approx(0.6).margin(0.01));
    CHECK(b.upper[1] == Approx(0.4).margin(0.01));
    CHECK(b.density == 1.0);
    CHECK(b.coverage == 1.0);
}
