// Company measures from recorded series (see measures.hpp).
#include "analysis/fit/measures.hpp"

#include "models/agents.hpp"

#include <cmath>
#include <stdexcept>

namespace ambassim {
namespace {

// Tick indices (0-based rows) whose end day lies in (from, to].
struct Rows {
    std::size_t begin = 0, end = 0;
};
Rows rows_of(const ComparisonData& d, const Period& p) {
    Rows r;
    const auto T = static_cast<std::size_t>(d.ticks);
    r.begin = static_cast<std::size_t>(std::max(0.0, std::ceil(p.from_day / d.dt_days - 1e-9)));
    r.end = std::min(T, static_cast<std::size_t>(std::max(0.0, std::floor(p.to_day / d.dt_days + 1e-9))));
    if (r.begin >= r.end) throw std::invalid_argument("empty period");
    return r;
}

// Sum and mean of column `col` of a series (width w) over rows.
double sum_of(const std::vector<double>& v, std::size_t w, std::size_t col, Rows r) {
    double s = 0;
    for (std::size_t t = r.begin; t < r.end; ++t) s += v[t * w + col];
    return s;
}
double mean_of_rows(const std::vector<double>& v, std::size_t w, std::size_t col, Rows r) {
    return sum_of(v, w, col, r) / static_cast<double>(r.end - r.begin);
}
double all_columns_sum(const std::vector<double>& v, std::size_t w, Rows r) {
    double s = 0;
    for (std::size_t c = 0; c < w; ++c) s += sum_of(v, w, c, r);
    return s;
}

}  // namespace

const std::vector<CompanyMeasure>& company_measures() {
    static const std::vector<CompanyMeasure> list{
        {"churn", "1/year", "annual customer churn: customers lost over the period / mean active customers, per year", 0, 50},
        {"nps", "points", "net promoter score, mean over the period (-100..100)", -100, 100},
        {"referral_share", "1", "share of the period's new customers acquired by referral (word of mouth)", 0, 1},
        {"front_line_attrition", "1/year", "front-line staff who left / mean front-line head count, per year", 0, 50},
        {"staff_attrition", "1/year", "all staff who left / mean head count, per year", 0, 50},
        {"engagement_score", "score", "engagement survey score: 100 x mean engagement of all employees (0-100)", 0, 100},
        {"ambassador_share", "1", "share of employees who are ambassadors (Lowenstein 2006: 0.155)", 0, 1},
        {"saboteur_share", "1", "share of employees who are saboteurs (Lowenstein 2006: 0.295)", 0, 1},
    };
    return list;
}

const CompanyMeasure* find_company_measure(const std::string& name) {
    for (const auto& m : company_measures())
        if (m.name == name) return &m;
    return nullptr;
}

std::string company_measure_names() {
    std::string out;
    for (const auto& m : company_measures()) out += (out.empty() ? "" : ", ") + m.name;
    return out;
}

double company_measure(const ComparisonData& d, const std::string& name, std::size_t s, std::size_t r,
                       const Period& period) {
    const Rows rows = rows_of(d, period);
    const double years = static_cast<double>(rows.end - rows.begin) * d.dt_days / 365.0;
    auto scalar_mean = [&](const std::string& path) { return mean_of_rows(d.run(path, s, r), 1, 0, rows); };
    if (name == "churn")
        return sum_of(d.run("/customers/churned", s, r), 1, 0, rows) / scalar_mean("/customers/active") / years;
    if (name == "nps") return scalar_mean("/customers/nps");
    if (name == "referral_share") {
        const double ref = sum_of(d.run("/customers/acquired_referral", s, r), 1, 0, rows);
        const double mkt = sum_of(d.run("/customers/acquired_marketing", s, r), 1, 0, rows);
        return ref + mkt > 0 ? ref / (ref + mkt) : NAN;
    }
    if (name == "front_line_attrition" || name == "staff_attrition") {
        const auto quits = d.run("/employees/quits", s, r), head = d.run("/employees/headcount", s, r);
        const auto w = static_cast<std::size_t>(kRoles);
        if (name == "staff_attrition")
            return all_columns_sum(quits, w, rows) / (all_columns_sum(head, w, rows) / static_cast<double>(rows.end - rows.begin)) / years;
        const auto fl = static_cast<std::size_t>(Role::front_line);
        return sum_of(quits, w, fl, rows) / mean_of_rows(head, w, fl, rows) / years;
    }
    if (name == "engagement_score") return scalar_mean("/employees/survey_score");
    if (name == "ambassador_share") return scalar_mean("/employees/ambassador_share");
    if (name == "saboteur_share") return scalar_mean("/employees/saboteur_share");
    throw std::invalid_argument("unknown company measure `" + name + "`");
}

}  // namespace ambassim
