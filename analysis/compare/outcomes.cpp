// Outcome definitions for comparisons (see outcomes.hpp).
#include "analysis/compare/outcomes.hpp"

#include <cmath>
#include <numeric>
#include <stdexcept>

namespace ambassim {
namespace {

std::vector<double> cumulative(std::vector<double> v) {
    double s = 0;
    for (auto& x : v) s += x, x = s;
    return v;
}

// Head-count-weighted mean over the role axis of a [tick x role] series.
std::vector<double> over_roles(const ComparisonData& d, const std::string& path, const std::string& weights,
                               std::size_t s, std::size_t r) {
    const auto v = d.run(path, s, r), head = d.run(weights, s, r);
    const auto w = static_cast<std::size_t>(d.width(path));
    std::vector<double> out(v.size() / w);
    for (std::size_t t = 0; t < out.size(); ++t) {
        double sum = 0, n = 0;
        for (std::size_t k = 0; k < w; ++k) sum += v[t * w + k] * head[t * w + k], n += head[t * w + k];
        out[t] = n > 0 ? sum / n : NAN;
    }
    return out;
}

std::vector<double> row_sums(const ComparisonData& d, const std::string& path, std::size_t s, std::size_t r) {
    const auto v = d.run(path, s, r);
    const auto w = static_cast<std::size_t>(d.width(path));
    std::vector<double> out(v.size() / w, 0.0);
    for (std::size_t t = 0; t < out.size(); ++t)
        for (std::size_t k = 0; k < w; ++k) out[t] += v[t * w + k];
    return out;
}

}  // namespace

const std::vector<Outcome>& outcomes() {
    using K = OutcomeKind;
    using D = Derivation;
    static const std::vector<Outcome> list{
        {"active_customers", "active customers", "customers", K::stock, true, true, D::value, {"/customers/active"}},
        {"churned", "customers lost", "customers", K::flow, true, false, D::cumulated, {"/customers/churned"}},
        {"nps", "NPS", "points", K::stock, false, true, D::value, {"/customers/nps"}},
        {"promoter_share", "promoter share", "%", K::stock, false, true, D::percent_of,
         {"/customers/promoters", "/customers/active"}},
        {"referral_acquisitions", "customers acquired by referral", "customers", K::flow, true, true, D::cumulated,
         {"/customers/acquired_referral"}},
        {"marketing_acquisitions", "customers acquired by marketing", "customers", K::flow, true, true, D::cumulated,
         {"/customers/acquired_marketing"}},
        {"revenue", "revenue", "currency", K::flow, true, true, D::value, {"/customers/cumulative_revenue"}},
        {"net_revenue", "revenue net of program spend", "currency", K::flow, true, true, D::difference,
         {"/customers/cumulative_revenue", "/programs/cumulative_spend"}},
        {"mean_bond", "mean customer bond", "1", K::stock, false, true, D::value, {"/customers/mean_bond"}},
        {"mean_satisfaction", "mean customer satisfaction", "1", K::stock, false, true, D::value,
         {"/customers/mean_satisfaction"}},
        {"engagement", "mean employee engagement", "1", K::stock, false, true, D::role_weighted,
         {"/employees/mean_engagement", "/employees/headcount"}},
        {"customer_focus", "mean employee customer focus", "1", K::stock, false, true, D::role_weighted,
         {"/employees/mean_customer_focus", "/employees/headcount"}},
        {"ambassadorship", "mean employee ambassadorship", "1", K::stock, false, true, D::role_weighted,
         {"/employees/mean_ambassadorship", "/employees/headcount"}},
        {"experience", "mean employee experience", "1", K::stock, false, true, D::role_weighted,
         {"/employees/mean_experience", "/employees/headcount"}},
        {"employee_quits", "employee quits", "employees", K::flow, true, false, D::role_sum_cumulated,
         {"/employees/quits"}},
        // What each strategy spent on each family (not a result to maximise: lower is cheaper).
        {"engagement_spend", "spend on engagement programs", "currency", K::flow, true, false, D::column,
         {"/programs/cumulative_family_spend"}, 0, false},
        {"ambassadorship_spend", "spend on ambassadorship programs", "currency", K::flow, true, false, D::column,
         {"/programs/cumulative_family_spend"}, 1, false},
    };
    return list;
}

std::size_t outcome_index(const std::string& name) {
    const auto& all = outcomes();
    for (std::size_t i = 0; i < all.size(); ++i)
        if (all[i].name == name) return i;
    throw std::out_of_range("no outcome named " + name);
}

const std::vector<HeadlineAspect>& headline_aspects() {
    static const std::vector<HeadlineAspect> list{
        {"Loyalty", "active_customers", "horizon", "keeps the most customers"},
        {"Advocacy", "nps", "horizon", "has the highest NPS"},
        {"Referrals", "referral_acquisitions", "total", "wins the most customers by referral"},
        {"Money", "net_revenue", "total", "earns the most net of program spend"},
    };
    return list;
}

std::vector<double> outcome_trajectory(const ComparisonData& d, const Outcome& o, std::size_t s, std::size_t r) {
    const auto& in = o.series;
    switch (o.derivation) {
    case Derivation::value: return d.run(in[0], s, r);
    case Derivation::cumulated: return cumulative(d.run(in[0], s, r));
    case Derivation::percent_of: {
        auto p = d.run(in[0], s, r);
        const auto a = d.run(in[1], s, r);
        for (std::size_t t = 0; t < p.size(); ++t) p[t] = a[t] > 0 ? 100.0 * p[t] / a[t] : NAN;
        return p;
    }
    case Derivation::difference: {
        auto v = d.run(in[0], s, r);
        const auto b = d.run(in[1], s, r);
        for (std::size_t t = 0; t < v.size(); ++t) v[t] -= b[t];
        return v;
    }
    case Derivation::role_weighted: return over_roles(d, in[0], in[1], s, r);
    case Derivation::role_sum_cumulated: return cumulative(row_sums(d, in[0], s, r));
    case Derivation::column: {
        const auto v = d.run(in[0], s, r);
        const auto w = static_cast<std::size_t>(d.width(in[0]));
        std::vector<double> out(v.size() / w);
        for (std::size_t t = 0; t < out.size(); ++t) out[t] = v[t * w + static_cast<std::size_t>(o.column)];
        return out;
    }
    }
    throw std::invalid_argument("unknown outcome " + o.name);
}

std::vector<std::string> outcome_metrics(const Outcome& o) {
    return o.kind == OutcomeKind::stock ? std::vector<std::string>{"horizon", "average"}
                                        : std::vector<std::string>{"total"};
}

double metric_value(const std::vector<double>& v, const std::string& metric) {
    if (v.empty()) return NAN;
    if (metric == "average") return std::accumulate(v.begin(), v.end(), 0.0) / static_cast<double>(v.size());
    return v.back();  // horizon, total
}

}  // namespace ambassim
