// Tests for analysis/sweep/prim and class_tree: coverage, density, a peel
// and a hypergeometric tail checked by hand on ten points; PRIM and the tree
// recovering a known box (two numeric limits and a categorical subset) from
// a synthetic Latin hypercube, with and without label noise.
#include "analysis/sweep/class_tree.hpp"
#include "analysis/sweep/prim.hpp"

#include <catch2/catch.hpp>

#include <boost/random/mersenne_twister.hpp>
#include <boost/random/uniform_01.hpp>

#include <cmath>

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

TEST_CASE("peeling, the choice and pasting in the hand case", "[prim]") {
    Hand h;
    PrimOptions o;
    o.peel_alpha = 0.1;  // one point per peel
    o.min_mass = 0.3;    // boxes of at least 3 points
    o.max_p = 1;         // keep the restriction (10 points prove nothing)
    const PrimResult r = prim(h.in, o);
    // By hand: [1, 10] d 5/10; either end removes a non-such point, the bottom
    // is tried first: [2, 10] d 5/9; again: [3, 10] d 5/8; now the top (10)
    // is the better end: [3, 9] d 5/7; then both ends hold such points.
    REQUIRE(r.trajectory.size() >= 4);
    CHECK(r.trajectory[1].lower[0] == 2);
    CHECK(r.trajectory[1].density == Approx(5.0 / 9.0));
    CHECK(r.trajectory[2].lower[0] == 3);
    CHECK(r.trajectory[2].upper[0] == 10);
    CHECK(r.trajectory[3].upper[0] == 9);
    CHECK(r.trajectory[3].density == Approx(5.0 / 7.0));
    // Mass x (density - 1/2): [3, 9] 0.7 (5/7 - 1/2) = 0.15 beats [3, 10]
    // 0.8 (5/8 - 1/2) = 0.1 and [4, 9] 0.6 (4/6 - 1/2) = 0.1: box 3 is
    // chosen, and pasting cannot help (both neighbours are not such points).
    CHECK(r.chosen == 3);
    CHECK(r.box.lower[0] == 3);
    CHECK(r.box.upper[0] == 9);
    CHECK(r.box.coverage == 1.0);
    CHECK(r.box.density == Approx(5.0 / 7.0));
    // Dropping the restriction: 5 such of 7 drawn from 10 with 5 such:
    // C(5,5) C(5,2) / C(10,7) = 10 / 120.
    CHECK(r.p_value[0] == Approx(10.0 / 120.0));
    for (std::size_t i = 1; i < r.trajectory.size(); ++i) CHECK(r.trajectory[i].points >= 3);
    // Pasting does widen a box when that raises the density: box 2 of
    // [3, 10] cannot, but choosing box 4 ([4, 9]) pastes back to [3, 9].
    o.choose = 4;
    const PrimResult q = prim(h.in, o);
    CHECK(q.trajectory[4].lower[0] == 4);
    CHECK(q.box.lower[0] == 3);
    CHECK(q.box.upper[0] == 9);
    // With the usual 5% level the restriction (p = 0.083) is dropped.
    o.max_p = 0.05;
    const PrimResult w = prim(h.in, o);
    CHECK(w.box.restrictions() == 0);
    CHECK(w.box.points == 10);
    CHECK(std::isnan(w.p_value[0]));
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
        // Peeling slices are 5% of the box, so the last one may stop just
        // short of the true limits: a few points outside them stay inside.
        CHECK(b.density >= 0.9 - noise);
        // With 5% noise a third of the such points lie outside the true box
        // (0.05 of the other 89%): coverage 0.69 at best there.
        CHECK(b.coverage >= (noise > 0 ? 0.65 : 0.95));
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
