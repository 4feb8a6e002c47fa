// PRIM, the patient rule induction method (Friedman & Fisher 1999), as used
// for scenario discovery (Bryant & Lempert 2010; the EMA Workbench): finds a
// box of factor space where a binary condition of interest is frequent.
// Peeling shrinks the box a little at a time (an alpha share of its points
// off one end of one numeric factor, or one level of a categorical factor),
// each time taking the peel that raises the box's density most per point
// removed; the boxes it passes through form the coverage/density trade-off
// curve. One box of the curve is chosen (by default the one with the
// largest weighted relative accuracy), then pasted (its limits widened
// again while that raises the density). Each restriction of the chosen box
// gets a one-sided hypergeometric p-value: how likely the box's density is
// if that restriction were dropped. Deterministic; no threads needed
// (10,000 points x 12 factors take well under a second).
#pragma once

#include "sim/runs/designs.hpp"

#include <cstddef>
#include <limits>
#include <vector>

namespace ambassim {

// A box over a design: per factor, inclusive numeric limits [lower, upper]
// (values of the data), or for a categorical factor the allowed levels.
struct PrimBox {
    std::vector<double> lower, upper;          // [factor]; numeric factors
    std::vector<std::vector<char>> allowed;    // [factor][level]; categorical factors (empty otherwise)
    std::size_t points = 0, positives = 0;     // points inside, of them with the condition
    double coverage = 0, density = 0, mass = 0;
    std::vector<char> restricted;              // [factor]: the box limits this factor
    std::size_t restrictions() const;
};

struct PrimInput {
    const DesignMatrix* x = nullptr;  // [point][factor]
    // [factor]: 0 for a numeric factor, L for a categorical one whose matrix
    // values are level indices 0 .. L-1.
    std::vector<std::size_t> levels;
    std::vector<char> y;  // [point]: the condition holds
};

struct PrimOptions {
    double peel_alpha = 0.05;   // share of the box's points a numeric peel removes
    double paste_alpha = 0.05;  // share of the box's points a paste step adds
    double min_mass = 0.05;     // peeling stops before the box holds fewer than this share of points
    // Which box of the peeling trajectory to paste and report; SIZE_MAX: the
    // one with the largest weighted relative accuracy, mass x (density -
    // the overall density).
    std::size_t choose = std::numeric_limits<std::size_t>::max();
    // After pasting, restrictions whose p-value is >= max_p are dropped (the
    // least significant first, then the rest re-tested); 1 keeps them all.
    double max_p = 0.05;
};

struct PrimResult {
    std::vector<PrimBox> trajectory;  // box 0: every point; then one per peel
    std::size_t chosen = 0;           // index into trajectory
    PrimBox box;                      // the chosen box after pasting
    std::vector<double> p_value;      // [factor]: NaN if not restricted
};

// Coverage and density of `box` over `points` (only those with active[p]).
// coverage = positives inside / all positives; density = positives inside / points inside.
void measure(const PrimInput& in, const std::vector<char>& active, PrimBox& box);
bool inside(const PrimInput& in, const PrimBox& box, std::size_t point);
// The box holding every active point, nothing restricted.
PrimBox full_box(const PrimInput& in, const std::vector<char>& active);

// Runs PRIM over the points with active[p] (all if empty). Throws
// std::invalid_argument if no active point satisfies the condition.
PrimResult prim(const PrimInput& in, const PrimOptions& options, const std::vector<char>& active = {});

// P(X >= k) for X hypergeometric: n draws from N items of which K are marked.
double hypergeometric_tail(std::size_t N, std::size_t K, std::size_t n, std::size_t k);

}  // namespace ambassim
