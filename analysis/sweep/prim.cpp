// PRIM peeling, pasting and per-restriction significance (see prim.hpp).
#include "analysis/sweep/prim.hpp"

#include <algorithm>
#include <cmath>
#include <stdexcept>

namespace ambassim {

std::size_t PrimBox::restrictions() const {
    return static_cast<std::size_t>(std::count(restricted.begin(), restricted.end(), char{1}));
}

bool inside(const PrimInput& in, const PrimBox& box, std::size_t point) {
    const DesignMatrix& x = *in.x;
    for (std::size_t j = 0; j < x.factors; ++j) {
        const double v = x(point, j);
        if (in.levels[j] > 0) {
            if (!box.allowed[j][static_cast<std::size_t>(v)]) return false;
        } else if (v < box.lower[j] || v > box.upper[j]) {
            return false;
        }
    }
    return true;
}

namespace {

bool is_active(const std::vector<char>& active, std::size_t p) { return active.empty() || active[p]; }

std::size_t total_positives(const PrimInput& in, const std::vector<char>& active) {
    std::size_t n = 0;
    for (std::size_t p = 0; p < in.y.size(); ++p) n += is_active(active, p) && in.y[p];
    return n;
}

// Marks the factors whose limits are narrower than the full box's.
void mark_restricted(const PrimInput& in, const PrimBox& full, PrimBox& box) {
    box.restricted.assign(in.levels.size(), 0);
    for (std::size_t j = 0; j < in.levels.size(); ++j)
        box.restricted[j] = in.levels[j] > 0 ? box.allowed[j] != full.allowed[j]
                                             : box.lower[j] > full.lower[j] || box.upper[j] < full.upper[j];
}

// A candidate change of the box: new limits for one factor and its effect.
struct Move {
    std::size_t factor = 0;
    double lower = 0, upper = 0;  // numeric
    std::size_t level = 0;        // categorical: the level removed (peel) or added (paste)
    std::size_t points = 0, positives = 0;  // of the box after the move
    double score = -std::numeric_limits<double>::infinity();
};

void apply(PrimBox& box, const PrimInput& in, const Move& m, bool allow) {
    if (in.levels[m.factor] > 0) box.allowed[m.factor][m.level] = allow ? 1 : 0;
    else box.lower[m.factor] = m.lower, box.upper[m.factor] = m.upper;
}

// The best peel of `box` (points `members`), or none (factor = SIZE_MAX).
Move best_peel(const PrimInput& in, const PrimBox& box, const std::vector<std::size_t>& members, double alpha,
               std::size_t min_points) {
    const DesignMatrix& x = *in.x;
    const std::size_t n = members.size();
    const double mean = static_cast<double>(box.positives) / static_cast<double>(n);
    Move best;
    best.factor = std::numeric_limits<std::size_t>::max();
    auto consider = [&](Move m, std::size_t removed, std::size_t removed_pos) {
        if (removed == 0 || n - removed < min_points || n - removed == 0) return;
        m.points = n - removed;
        m.positives = box.positives - removed_pos;
        // Density gain per point removed (the EMA Workbench's "lenient1").
        m.score = (static_cast<double>(m.positives) / static_cast<double>(m.points) - mean) / static_cast<double>(removed);
        if (m.score > best.score) best = m;
    };
    std::vector<std::pair<double, char>> v(n);
    const std::size_t step = std::max<std::size_t>(1, static_cast<std::size_t>(alpha * static_cast<double>(n)));
    for (std::size_t j = 0; j < x.factors; ++j) {
        if (in.levels[j] > 0) {
            std::vector<std::size_t> count(in.levels[j], 0), pos(in.levels[j], 0);
            for (std::size_t p : members) {
                const auto l = static_cast<std::size_t>(x(p, j));
                ++count[l];
                pos[l] += in.y[p] ? 1 : 0;
            }
            const auto present = static_cast<std::size_t>(std::count_if(count.begin(), count.end(), [](std::size_t c) { return c > 0; }));
            if (present < 2) continue;
            for (std::size_t l = 0; l < count.size(); ++l)
                if (count[l] > 0) {
                    Move m;
                    m.factor = j;
                    m.level = l;
                    consider(m, count[l], pos[l]);
                }
            continue;
        }
        for (std::size_t i = 0; i < n; ++i) v[i] = {x(members[i], j), in.y[members[i]]};
        std::sort(v.begin(), v.end());
        if (v.front().first == v.back().first) continue;
        // Bottom: keep x >= t, t the value `step` points up (past ties at the minimum).
        double t = v[std::min(step, n - 1)].first;
        if (t == v.front().first) t = std::upper_bound(v.begin(), v.end(), std::make_pair(t, char{1}))->first;
        {
            const auto cut = static_cast<std::size_t>(std::lower_bound(v.begin(), v.end(), std::make_pair(t, char{0})) - v.begin());
            std::size_t pos = 0;
            for (std::size_t i = 0; i < cut; ++i) pos += v[i].second ? 1 : 0;
            Move m;
            m.factor = j;
            m.lower = t;
            m.upper = box.upper[j];
            consider(m, cut, pos);
        }
        // Top: keep x <= t.
        t = v[n - 1 - std::min(step, n - 1)].first;
        if (t == v.back().first) t = std::prev(std::lower_bound(v.begin(), v.end(), std::make_pair(t, char{0})))->first;
        {
            const auto keep = static_cast<std::size_t>(std::upper_bound(v.begin(), v.end(), std::make_pair(t, char{1})) - v.begin());
            std::size_t pos = 0;
            for (std::size_t i = keep; i < n; ++i) pos += v[i].second ? 1 : 0;
            Move m;
            m.factor = j;
            m.lower = box.lower[j];
            m.upper = t;
            consider(m, n - keep, pos);
        }
    }
    return best;
}

std::vector<std::size_t> members_of(const PrimInput& in, const PrimBox& box, const std::vector<char>& active) {
    std::vector<std::size_t> out;
    for (std::size_t p = 0; p < in.y.size(); ++p)
        if (is_active(active, p) && inside(in, box, p)) out.push_back(p);
    return out;
}

// Pasting: widen one limit at a time (about alpha of the box's points, or one
// level) while that raises the density.
void paste(const PrimInput& in, const PrimBox& full, PrimBox& box, const std::vector<char>& active, double alpha) {
    const DesignMatrix& x = *in.x;
    const std::size_t K = x.factors;
    while (true) {
        // Points outside the box because of exactly one factor, by factor.
        std::vector<std::vector<std::size_t>> outside(K);
        for (std::size_t p = 0; p < in.y.size(); ++p) {
            if (!is_active(active, p)) continue;
            std::size_t violated = K, count = 0;
            for (std::size_t j = 0; j < K && count < 2; ++j) {
                const double v = x(p, j);
                const bool out = in.levels[j] > 0 ? !box.allowed[j][static_cast<std::size_t>(v)] : v < box.lower[j] || v > box.upper[j];
                if (out) violated = j, ++count;
            }
            if (count == 1) outside[violated].push_back(p);
        }
        const std::size_t step = std::max<std::size_t>(1, static_cast<std::size_t>(alpha * static_cast<double>(box.points)));
        const double density = box.density;
        Move best;
        best.factor = std::numeric_limits<std::size_t>::max();
        best.score = density;
        auto consider = [&](Move m, std::size_t added, std::size_t added_pos) {
            if (added == 0) return;
            m.points = box.points + added;
            m.positives = box.positives + added_pos;
            m.score = static_cast<double>(m.positives) / static_cast<double>(m.points);
            if (m.score > best.score) best = m;
        };
        for (std::size_t j = 0; j < K; ++j) {
            if (!box.restricted[j] || outside[j].empty()) continue;
            if (in.levels[j] > 0) {
                std::vector<std::size_t> count(in.levels[j], 0), pos(in.levels[j], 0);
                for (std::size_t p : outside[j]) {
                    const auto l = static_cast<std::size_t>(x(p, j));
                    ++count[l];
                    pos[l] += in.y[p] ? 1 : 0;
                }
                for (std::size_t l = 0; l < count.size(); ++l) {
                    Move m;
                    m.factor = j;
                    m.level = l;
                    consider(m, count[l], pos[l]);
                }
                continue;
            }
            std::vector<std::pair<double, char>> below, above;
            for (std::size_t p : outside[j]) (x(p, j) < box.lower[j] ? below : above).emplace_back(x(p, j), in.y[p]);
            std::sort(below.begin(), below.end(), [](auto a, auto b) { return a.first > b.first; });
            std::sort(above.begin(), above.end());
            for (int side = 0; side < 2; ++side) {
                const auto& w = side == 0 ? below : above;
                if (w.empty()) continue;
                const double t = w[std::min(step, w.size()) - 1].first;
                std::size_t added = 0, pos = 0;
                while (added < w.size() && (side == 0 ? w[added].first >= t : w[added].first <= t)) pos += w[added++].second ? 1 : 0;
                Move m;
                m.factor = j;
                m.lower = side == 0 ? t : box.lower[j];
                m.upper = side == 0 ? box.upper[j] : t;
                consider(m, added, pos);
            }
        }
        if (best.factor == std::numeric_limits<std::size_t>::max()) return;
        apply(box, in, best, true);
        measure(in, active, box);
        mark_restricted(in, full, box);
    }
}

}  // namespace

PrimBox full_box(const PrimInput& in, const std::vector<char>& active) {
    const DesignMatrix& x = *in.x;
    PrimBox box;
    box.lower.assign(x.factors, std::numeric_limits<double>::infinity());
    box.upper.assign(x.factors, -std::numeric_limits<double>::infinity());
    box.allowed.resize(x.factors);
    for (std::size_t j = 0; j < x.factors; ++j) box.allowed[j].assign(in.levels[j], 0);
    for (std::size_t p = 0; p < x.points; ++p) {
        if (!is_active(active, p)) continue;
        for (std::size_t j = 0; j < x.factors; ++j) {
            const double v = x(p, j);
            if (in.levels[j] > 0) box.allowed[j][static_cast<std::size_t>(v)] = 1;
            box.lower[j] = std::min(box.lower[j], v);
            box.upper[j] = std::max(box.upper[j], v);
        }
    }
    box.restricted.assign(x.factors, 0);
    measure(in, active, box);
    return box;
}

void measure(const PrimInput& in, const std::vector<char>& active, PrimBox& box) {
    std::size_t points = 0, positives = 0, all = 0, all_pos = 0;
    for (std::size_t p = 0; p < in.y.size(); ++p) {
        if (!is_active(active, p)) continue;
        ++all;
        all_pos += in.y[p] ? 1 : 0;
        if (inside(in, box, p)) {
            ++points;
            positives += in.y[p] ? 1 : 0;
        }
    }
    box.points = points;
    box.positives = positives;
    box.coverage = all_pos ? static_cast<double>(positives) / static_cast<double>(all_pos) : 0;
    box.density = points ? static_cast<double>(positives) / static_cast<double>(points) : 0;
    box.mass = all ? static_cast<double>(points) / static_cast<double>(all) : 0;
}

double hypergeometric_tail(std::size_t N, std::size_t K, std::size_t n, std::size_t k) {
    if (k == 0) return 1;
    const auto lchoose = [](double a, double b) { return std::lgamma(a + 1) - std::lgamma(b + 1) - std::lgamma(a - b + 1); };
    const std::size_t hi = std::min(n, K);
    if (k > hi) return 0;
    const double denominator = lchoose(static_cast<double>(N), static_cast<double>(n));
    double sum = 0;
    for (std::size_t i = k; i <= hi; ++i) {
        if (n - i > N - K) continue;
        sum += std::exp(lchoose(static_cast<double>(K), static_cast<double>(i)) +
                        lchoose(static_cast<double>(N - K), static_cast<double>(n - i)) - denominator);
    }
    return std::min(1.0, sum);
}

PrimResult prim(const PrimInput& in, const PrimOptions& options, const std::vector<char>& active) {
    if (!in.x || in.levels.size() != in.x->factors || in.y.size() != in.x->points)
        throw std::invalid_argument("prim: the condition and the design differ in size");
    if (total_positives(in, active) == 0) throw std::invalid_argument("prim: no point satisfies the condition");
    PrimResult r;
    const PrimBox full = full_box(in, active);
    const auto min_points = static_cast<std::size_t>(std::ceil(options.min_mass * static_cast<double>(full.points)));
    r.trajectory.push_back(full);
    PrimBox box = full;
    while (box.density < 1) {
        const auto members = members_of(in, box, active);
        const Move m = best_peel(in, box, members, options.peel_alpha, std::max<std::size_t>(1, min_points));
        if (m.factor == std::numeric_limits<std::size_t>::max()) break;
        apply(box, in, m, false);
        measure(in, active, box);
        mark_restricted(in, full, box);
        r.trajectory.push_back(box);
    }
    if (options.choose < r.trajectory.size()) {
        r.chosen = options.choose;
    } else {
        // Weighted relative accuracy (Lavrac et al. 2004), mass x (density -
        // overall density): zero for the whole space, largest for a box that
        // is both dense and large. Unlike the F1 score of coverage and
        // density it does not pick the whole space when the condition is common.
        double best = -std::numeric_limits<double>::infinity();
        for (std::size_t i = 0; i < r.trajectory.size(); ++i) {
            const PrimBox& b = r.trajectory[i];
            const double wracc = b.mass * (b.density - full.density);
            if (wracc > best + 1e-12) best = wracc, r.chosen = i;
        }
    }
    r.box = r.trajectory[r.chosen];
    paste(in, full, r.box, active, options.paste_alpha);
    // Significance: the box against the same box without one restriction.
    // Restrictions at or above max_p are dropped, the least significant
    // first, re-testing the others each time (peeling's small slices off
    // factors that do not matter are noise, not conditions).
    while (true) {
        r.p_value.assign(in.levels.size(), std::numeric_limits<double>::quiet_NaN());
        std::size_t weakest = in.levels.size();
        for (std::size_t j = 0; j < in.levels.size(); ++j) {
            if (!r.box.restricted[j]) continue;
            PrimBox wider = r.box;
            wider.lower[j] = full.lower[j];
            wider.upper[j] = full.upper[j];
            wider.allowed[j] = full.allowed[j];
            measure(in, active, wider);
            r.p_value[j] = hypergeometric_tail(wider.points, wider.positives, r.box.points, r.box.positives);
            if (r.p_value[j] >= options.max_p && (weakest == in.levels.size() || r.p_value[j] > r.p_value[weakest])) weakest = j;
        }
        if (weakest == in.levels.size()) return r;
        r.box.lower[weakest] = full.lower[weakest];
        r.box.upper[weakest] = full.upper[weakest];
        r.box.allowed[weakest] = full.allowed[weakest];
        measure(in, active, r.box);
        mark_restricted(in, full, r.box);
    }
}

}  // namespace ambassim
