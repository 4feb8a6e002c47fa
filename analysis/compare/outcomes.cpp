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
std::vector<double> over_roles(const ComparisonData& d, const std::string& path, std::size_t s, std::size_t r) {
    const auto v = d.run(path, s, r), head = d.run("/employees/headcount", s, r);
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
    static const std::vector<Outcome> list{
        {"active_customers", "active customers", "customers", K::stock, true},
        {"churned", "customers lost", "customers", K::flow, true, false},
        {"nps", "NPS", "points", K::stock, false},
        {"promoter_share", "promoter share", "%", K::stock, false},
        {"referral_acquisitions", "customers acquired by referral", "customers", K::flow, true},
        {"marketing_acquisitions", "customers acquired by marketing", "customers", K::flow, true},
        {"revenue", "revenue", "currency", K::flow, true},
        {"net_revenue", "revenue net of program spend", "currency", K::flow, true},
        {"mean_bond", "mean customer bond", "1", K::stock, false},
        {"mean_satisfaction", "mean customer satisfaction", "1", K::stock, false},
        {"engagement", "mean employee engagement", "1", K::stock, false},
        {"customer_focus", "mean employee customer focus", "1", K::stock, false},
        {"ambassadorship", "mean employee ambassadorship", "1", K::stock, false},
        {"experience", "mean employee experience", "1", K::stock, false},
        {"employee_quits", "employee quits", "employees", K::flow, true, false},
    };
    return list;
}

std::vector<double> outcome_trajectory(const ComparisonData& d, const Outcome& o, std::size_t s, std::size_t r) {
    const std::string& n = o.name;
    if (n == "active_customers") return d.run("/customers/active", s, r);
    if (n == "churned") return cumulative(d.run("/customers/churned", s, r));
    if (n == "nps") return d.run("/customers/nps", s, r);
    if (n == "promoter_share") {
        auto p = d.run("/customers/promoters", s, r);
        const auto a = d.run("/customers/active", s, r);
        for (std::size_t t = 0; t < p.size(); ++t) p[t] = a[t] > 0 ? 100.0 * p[t] / a[t] : NAN;
        return p;
    }
    if (n == "referral_acquisitions") return cumulative(d.run("/customers/acquired_referral", s, r));
    if (n == "marketing_acquisitions") return cumulative(d.run("/customers/acquired_marketing", s, r));
    if (n == "revenue") return d.run("/customers/cumulative_revenue", s, r);
    if (n == "net_revenue") {
        auto v = d.run("/customers/cumulative_revenue", s, r);
        const auto spend = d.run("/programs/cumulative_spend", s, r);
        for (std::size_t t = 0; t < v.size(); ++t) v[t] -= spend[t];
        return v;
    }
    if (n == "mean_bond") return d.run("/customers/mean_bond", s, r);
    if (n == "mean_satisfaction") return d.run("/customers/mean_satisfaction", s, r);
    if (n == "engagement" || n == "customer_focus" || n == "ambassadorship" || n == "experience")
        return over_roles(d, "/employees/mean_" + n, s, r);
    if (n == "employee_quits") return cumulative(row_sums(d, "/employees/quits", s, r));
    throw std::invalid_argument("unknown outcome " + n);
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
