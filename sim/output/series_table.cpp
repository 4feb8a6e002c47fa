// The recorded series table (see series_table.hpp). Each entry says what the
// series is and computes its row; the helpers below keep the entries one line
// each where the pattern is shared (a count, a mean over active customers, a
// per-role mean, a per-unit value).
#include "sim/output/series_table.hpp"

#include "models/programs.hpp"
#include "sim/output/recorder.hpp"

#include <cmath>
#include <limits>
#include <utility>

namespace ambassim {
namespace {

double ratio(double a, double b) { return b > 0 ? a / b : std::numeric_limits<double>::quiet_NaN(); }
double as_double(std::int64_t v) { return static_cast<double>(v); }

using Ctx = SeriesContext;
using Prev = std::span<const double>;
using Row = std::span<double>;

// A scalar series computed from the whole-company customer tally.
SeriesDef customers(std::string name, std::string units, std::string desc, double (*f)(const CustomerTally&)) {
    return {"/customers/" + std::move(name), std::move(units), std::move(desc), SeriesAxes::none, SeriesOption::always,
            [f](const Ctx& c, Prev, Row row) { row[0] = f(c.stats.customers); }};
}

// A per-unit series computed from each unit's tallies, capacity and demand.
SeriesDef per_unit(std::string name, std::string units, std::string desc,
                   std::function<double(const TickStats&, std::size_t)> f) {
    return {"/units/" + std::move(name), std::move(units), std::move(desc), SeriesAxes::unit, SeriesOption::unit_series,
            [f = std::move(f)](const Ctx& c, Prev, Row row) {
                for (std::size_t u = 0; u < row.size(); ++u) row[u] = f(c.stats, u);
            }};
}

// p10..p90 of a customer state's histogram.
SeriesDef customer_quantiles(const std::string& v, Histogram CustomerTally::*h) {
    return {"/customers/" + v + "_quantiles", "1", "p10, p25, p50, p75, p90 of " + v + " among active customers",
            SeriesAxes::quantile, SeriesOption::quantiles, [h](const Ctx& c, Prev, Row row) {
                const auto q = histogram_quantiles(c.stats.customers.*h);
                std::copy(q.begin(), q.end(), row.begin());
            }};
}

// An entry whose figures `ambassim summary` prints (analysis/compare/run_figures.cpp).
SeriesDef summarised(SeriesDef d) {
    d.summary = true;
    return d;
}

std::vector<SeriesDef> build_table() {
    std::vector<SeriesDef> t;
    t.push_back({"/time/tick", "tick", "tick number (1-based); row k of every trajectory is the state after this tick",
                 SeriesAxes::none, SeriesOption::always,
                 [](const Ctx& c, Prev, Row row) { row[0] = as_double(c.stats.tick); }});
    t.push_back({"/time/day", "days", "simulated days elapsed at the end of the tick", SeriesAxes::none,
                 SeriesOption::always,
                 [](const Ctx& c, Prev, Row row) { row[0] = as_double(c.stats.tick) * c.dt_days; }});

    // Customers: counts and flows of the tick.
    t.push_back(summarised(customers("active", "customers", "active customers at the end of the tick",
                          [](const CustomerTally& c) { return as_double(c.active); })));
    t.push_back(customers("prospects", "people", "people in the market who never were customers",
                          [](const CustomerTally& c) { return as_double(c.prospects); }));
    t.push_back(customers("churned_pool", "people", "former customers (can be won back)",
                          [](const CustomerTally& c) { return as_double(c.churned_pool); }));
    t.push_back(customers("needs", "needs", "service needs of active customers during the tick",
                          [](const CustomerTally& c) { return as_double(c.needs); }));
    t.push_back(customers("served", "needs", "needs served by a front-line employee (one encounter each)",
                          [](const CustomerTally& c) { return as_double(c.served); }));
    t.push_back(customers("unserved", "needs", "needs not served for lack of capacity",
                          [](const CustomerTally& c) { return as_double(c.unserved); }));
    t.push_back(summarised(customers("acquired_marketing", "customers", "customers acquired through marketing (Bass p) during the tick",
                          [](const CustomerTally& c) { return as_double(c.acquired_marketing); })));
    t.push_back(summarised(customers("acquired_referral", "customers", "customers acquired through word of mouth (Bass q) during the tick",
                          [](const CustomerTally& c) { return as_double(c.acquired_referral); })));
    t.push_back(summarised(customers("churned", "customers", "customers lost during the tick",
                          [](const CustomerTally& c) { return as_double(c.churned); })));
    t.push_back(customers("promoters", "customers", "active customers scoring 9-10",
                          [](const CustomerTally& c) { return as_double(c.promoters); }));
    t.push_back(customers("passives", "customers", "active customers scoring 7-8",
                          [](const CustomerTally& c) { return as_double(c.passives); }));
    t.push_back(customers("detractors", "customers", "active customers scoring 0-6",
                          [](const CustomerTally& c) { return as_double(c.detractors); }));
    t.push_back(summarised(customers("nps", "score", "net promoter score: %promoters - %detractors (-100..100)",
                          [](const CustomerTally& c) { return 100.0 * ratio(as_double(c.promoters - c.detractors), as_double(c.active)); })));
    t.push_back({"/customers/retention_per_year", "1",
                 "annualised retention: (1 - churned/active at start of tick)^(ticks per year)", SeriesAxes::none,
                 SeriesOption::always, [](const Ctx& x, Prev, Row row) {
                     const auto& c = x.stats.customers;
                     const double start = as_double(c.active + c.churned - c.acquired_marketing - c.acquired_referral);
                     row[0] = std::pow(1.0 - ratio(as_double(c.churned), start), 1.0 / x.dt_years);
                 }});
    t.push_back(customers("revenue", "currency", "customer spend during the tick",
                          [](const CustomerTally& c) { return c.revenue; }));
    t.push_back(summarised({"/customers/cumulative_revenue", "currency", "customer spend since the start", SeriesAxes::none,
                 SeriesOption::always, [](const Ctx& c, Prev prev, Row row) {
                     row[0] = (prev.empty() ? 0.0 : prev[0]) + c.stats.customers.revenue;
                 }}));
    // Customers: mean states (over active customers) and encounter quality (over served needs).
    t.push_back(summarised(customers("mean_satisfaction", "1", "mean satisfaction of active customers",
                          [](const CustomerTally& c) { return ratio(c.satisfaction, as_double(c.active)); })));
    t.push_back(summarised(customers("mean_bond", "1", "mean emotional bond of active customers",
                          [](const CustomerTally& c) { return ratio(c.bond, as_double(c.active)); })));
    t.push_back(customers("mean_loyalty", "1", "mean loyalty of active customers",
                          [](const CustomerTally& c) { return ratio(c.loyalty, as_double(c.active)); }));
    t.push_back(customers("mean_ltr", "score", "mean likelihood to recommend (0-10) of active customers",
                          [](const CustomerTally& c) { return ratio(c.ltr, as_double(c.active)); }));
    t.push_back(customers("mean_functional_quality", "1", "mean functional quality of the tick's encounters",
                          [](const CustomerTally& c) { return ratio(c.functional, as_double(c.served)); }));
    t.push_back(customers("mean_emotional_quality", "1", "mean emotional quality of the tick's encounters",
                          [](const CustomerTally& c) { return ratio(c.emotional, as_double(c.served)); }));
    t.push_back({"/customers/load", "1", "total demand / total front-line capacity", SeriesAxes::none,
                 SeriesOption::always, [](const Ctx& c, Prev, Row row) {
                     double demand = 0, capacity = 0;
                     for (std::size_t u = 0; u < c.stats.unit_demand.size(); ++u)
                         demand += c.stats.unit_demand[u], capacity += c.stats.unit_capacity[u];
                     row[0] = ratio(demand, capacity);
                 }});
    t.push_back(customer_quantiles("satisfaction", &CustomerTally::h_satisfaction));
    t.push_back(customer_quantiles("bond", &CustomerTally::h_bond));
    t.push_back(customer_quantiles("loyalty", &CustomerTally::h_loyalty));

    // Employees per role.
    t.push_back(summarised({"/employees/headcount", "employees", "employees per role", SeriesAxes::role, SeriesOption::always,
                 [](const Ctx& c, Prev, Row row) {
                     for (int r = 0; r < kRoles; ++r) row[r] = as_double(c.stats.roles[r].count);
                 }}));
    t.push_back(summarised({"/employees/quits", "employees", "employees who left during the tick (replaced at once)",
                 SeriesAxes::role, SeriesOption::always, [](const Ctx& c, Prev, Row row) {
                     for (int r = 0; r < kRoles; ++r) row[r] = as_double(c.stats.roles[r].quits);
                 }}));
    t.push_back({"/employees/mean_tenure_days", "days", "mean tenure per role", SeriesAxes::role, SeriesOption::always,
                 [](const Ctx& c, Prev, Row row) {
                     for (int r = 0; r < kRoles; ++r)
                         row[r] = ratio(c.stats.roles[r].tenure_days, as_double(c.stats.roles[r].count));
                 }});
    for (int v = 0; v < kEmployeeVars; ++v) {
        const std::string name = kEmployeeVarNames[v];
        t.push_back(summarised({"/employees/mean_" + name, "1", "mean " + name + " per role", SeriesAxes::role,
                     SeriesOption::always, [v](const Ctx& c, Prev, Row row) {
                         for (int r = 0; r < kRoles; ++r)
                             row[r] = ratio(c.stats.roles[r].sum[v], as_double(c.stats.roles[r].count));
                     }}));
        t.push_back({"/employees/" + name + "_quantiles", "1", "p10, p25, p50, p75, p90 of " + name + " per role",
                     SeriesAxes::role_quantile, SeriesOption::quantiles, [v](const Ctx& c, Prev, Row row) {
                         auto out = row.begin();
                         for (int r = 0; r < kRoles; ++r)
                             for (double x : histogram_quantiles(c.stats.roles[r].hist[v])) *out++ = x;
                     }});
    }

    // The measures a company reports (annual churn, attrition, survey
    // figures): per tick, annualised; the calibration's target measures
    // (analysis/fit/measures.hpp) aggregate them over a period.
    auto role_count = [](std::string name, std::string desc, std::int64_t RoleTally::*f) {
        return SeriesDef{"/employees/" + std::move(name), "employees", std::move(desc), SeriesAxes::role,
                         SeriesOption::always, [f](const Ctx& c, Prev, Row row) {
                             for (int r = 0; r < kRoles; ++r) row[r] = as_double(c.stats.roles[r].*f);
                         }};
    };
    auto all_roles = [](const TickStats& s, std::int64_t RoleTally::*f) {
        std::int64_t n = 0;
        for (const auto& r : s.roles) n += r.*f;
        return as_double(n);
    };
    t.push_back(role_count("ambassadors", "employees whose commitment index is at least employees.ambassador_threshold",
                           &RoleTally::ambassadors));
    t.push_back(role_count("saboteurs", "employees whose commitment index is below employees.saboteur_threshold",
                           &RoleTally::saboteurs));
    t.push_back({"/employees/ambassador_share", "1", "share of all employees who are ambassadors (Lowenstein: 0.155)",
                 SeriesAxes::none, SeriesOption::always, [all_roles](const Ctx& c, Prev, Row row) {
                     row[0] = ratio(all_roles(c.stats, &RoleTally::ambassadors), all_roles(c.stats, &RoleTally::count));
                 }});
    t.push_back({"/employees/saboteur_share", "1", "share of all employees who are saboteurs (Lowenstein: 0.295)",
                 SeriesAxes::none, SeriesOption::always, [all_roles](const Ctx& c, Prev, Row row) {
                     row[0] = ratio(all_roles(c.stats, &RoleTally::saboteurs), all_roles(c.stats, &RoleTally::count));
                 }});
    t.push_back({"/employees/survey_score", "score",
                 "engagement survey score: 100 x mean engagement of all employees (0-100)", SeriesAxes::none,
                 SeriesOption::always, [all_roles](const Ctx& c, Prev, Row row) {
                     double sum = 0;
                     for (const auto& r : c.stats.roles) sum += r.sum[0];
                     row[0] = 100.0 * ratio(sum, all_roles(c.stats, &RoleTally::count));
                 }});
    t.push_back({"/employees/attrition_per_year", "1/year", "quits / head count of the tick, annualised, per role",
                 SeriesAxes::role, SeriesOption::always, [](const Ctx& c, Prev, Row row) {
                     for (int r = 0; r < kRoles; ++r)
                         row[r] = ratio(as_double(c.stats.roles[r].quits), as_double(c.stats.roles[r].count)) / c.dt_years;
                 }});
    t.push_back({"/employees/overall_attrition_per_year", "1/year", "quits / head count of the tick, annualised, all roles",
                 SeriesAxes::none, SeriesOption::always, [all_roles](const Ctx& c, Prev, Row row) {
                     row[0] = ratio(all_roles(c.stats, &RoleTally::quits), all_roles(c.stats, &RoleTally::count)) / c.dt_years;
                 }});
    t.push_back({"/employees/extra_front_line", "1",
                 "extra front-line staff hired by the strategy (the capacity lever), effective share of the front-line "
                 "head count (new staff ramp up), mean over the tick",
                 SeriesAxes::none, SeriesOption::always,
                 [](const Ctx& c, Prev, Row row) { row[0] = c.stats.extra_front_line; }});
    t.push_back({"/customers/churn_per_year", "1/year",
                 "customers lost / active customers at the start of the tick, annualised", SeriesAxes::none,
                 SeriesOption::always, [](const Ctx& x, Prev, Row row) {
                     const auto& c = x.stats.customers;
                     const double start = as_double(c.active + c.churned - c.acquired_marketing - c.acquired_referral);
                     row[0] = ratio(as_double(c.churned), start) / x.dt_years;
                 }});
    t.push_back(customers("referral_share", "1", "share of the tick's acquisitions that came by referral (word of mouth)",
                          [](const CustomerTally& c) {
                              return ratio(as_double(c.acquired_referral), as_double(c.acquired_referral + c.acquired_marketing));
                          }));

    // Programs.
    t.push_back({"/programs/share", "1", "budget share allocated to each program", SeriesAxes::program,
                 SeriesOption::always,
                 [](const Ctx& c, Prev, Row row) { std::copy(c.stats.shares.begin(), c.stats.shares.end(), row.begin()); }});
    t.push_back({"/programs/pressure", "1", "program pressure on employees (lagged, saturating effect of spend)",
                 SeriesAxes::program, SeriesOption::always, [](const Ctx& c, Prev, Row row) {
                     std::copy(c.stats.pressure.begin(), c.stats.pressure.end(), row.begin());
                 }});
    t.push_back({"/programs/spend", "currency", "program spend during the tick", SeriesAxes::program,
                 SeriesOption::always, [](const Ctx& c, Prev, Row row) {
                     const double per_tick = as_double(c.employees) * c.dt_years;
                     for (int k = 0; k < kPrograms; ++k) row[k] = c.stats.spend_per_employee_per_year[k] * per_tick;
                 }});
    t.push_back(summarised({"/programs/cumulative_spend", "currency",
                 "total program spend since the start, the extra front-line staff's cost included", SeriesAxes::none,
                 SeriesOption::always, [](const Ctx& c, Prev prev, Row row) {
                     const double per_tick = as_double(c.employees) * c.dt_years;
                     double spend = 0;
                     for (int k = 0; k < kPrograms; ++k) spend += c.stats.spend_per_employee_per_year[k] * per_tick;
                     row[0] = (prev.empty() ? 0.0 : prev[0]) + spend + c.stats.extra_staff_cost;
                 }}));

    t.push_back({"/programs/cumulative_family_spend", "currency",
                 "program spend since the start per family (engagement, ambassadorship)", SeriesAxes::family,
                 SeriesOption::always, [](const Ctx& c, Prev prev, Row row) {
                     const double per_tick = as_double(c.employees) * c.dt_years;
                     for (int f = 0; f < kFamilies; ++f) {
                         double spend = 0;
                         for (int k = 0; k < kPrograms; ++k)
                             if (family_of(k) == static_cast<Family>(f))
                                 spend += c.stats.spend_per_employee_per_year[k] * per_tick;
                         row[f] = (prev.empty() ? 0.0 : prev[f]) + spend;
                     }
                 }});

    // Business units.
    auto uc = [](const TickStats& s, std::size_t u) -> const CustomerTally& { return s.unit_customers[u]; };
    t.push_back(per_unit("active", "customers", "active customers per unit",
                         [uc](const TickStats& s, std::size_t u) { return as_double(uc(s, u).active); }));
    t.push_back(per_unit("mean_satisfaction", "1", "mean satisfaction of the unit's active customers",
                         [uc](const TickStats& s, std::size_t u) { return ratio(uc(s, u).satisfaction, as_double(uc(s, u).active)); }));
    t.push_back(per_unit("mean_bond", "1", "mean bond of the unit's active customers",
                         [uc](const TickStats& s, std::size_t u) { return ratio(uc(s, u).bond, as_double(uc(s, u).active)); }));
    t.push_back(per_unit("nps", "score", "net promoter score of the unit's customers", [uc](const TickStats& s, std::size_t u) {
        const auto& c = uc(s, u);
        return 100.0 * ratio(as_double(c.promoters - c.detractors), as_double(c.active));
    }));
    t.push_back(per_unit("mean_functional_quality", "1", "mean functional quality of the unit's encounters",
                         [uc](const TickStats& s, std::size_t u) { return ratio(uc(s, u).functional, as_double(uc(s, u).served)); }));
    t.push_back(per_unit("mean_emotional_quality", "1", "mean emotional quality of the unit's encounters",
                         [uc](const TickStats& s, std::size_t u) { return ratio(uc(s, u).emotional, as_double(uc(s, u).served)); }));
    t.push_back(per_unit("load", "1", "unit demand / unit front-line capacity",
                         [](const TickStats& s, std::size_t u) { return ratio(s.unit_demand[u], s.unit_capacity[u]); }));
    t.push_back(per_unit("quits", "employees", "employees of the unit who left during the tick",
                         [](const TickStats& s, std::size_t u) { return as_double(s.unit_employees[u].quits); }));
    for (int v = 0; v < kEmployeeVars; ++v)
        t.push_back(per_unit(std::string("mean_") + kEmployeeVarNames[v], "1", "unit mean over all its employees",
                             [v](const TickStats& s, std::size_t u) {
                                 return ratio(s.unit_employees[u].sum[v], as_double(s.unit_employees[u].count));
                             }));
    return t;
}

}  // namespace

const std::vector<SeriesDef>& series_table() {
    static const std::vector<SeriesDef> table = build_table();
    return table;
}

std::vector<const SeriesDef*> recorded_series(const RecordConfig& config) {
    std::vector<const SeriesDef*> out;
    for (const SeriesDef& d : series_table())
        if (d.option == SeriesOption::always || (d.option == SeriesOption::quantiles && config.quantiles) ||
            (d.option == SeriesOption::unit_series && config.unit_series))
            out.push_back(&d);
    return out;
}

std::vector<std::string> series_dims(SeriesAxes axes) {
    switch (axes) {
    case SeriesAxes::none: return {"tick"};
    case SeriesAxes::role: return {"tick", "role"};
    case SeriesAxes::program: return {"tick", "program"};
    case SeriesAxes::family: return {"tick", "family"};
    case SeriesAxes::unit: return {"tick", "unit"};
    case SeriesAxes::quantile: return {"tick", "quantile"};
    case SeriesAxes::role_quantile: return {"tick", "role", "quantile"};
    }
    return {"tick"};
}

std::vector<std::uint64_t> series_tail(SeriesAxes axes, std::uint64_t units) {
    const auto Q = static_cast<std::uint64_t>(kQuantiles.size());
    switch (axes) {
    case SeriesAxes::none: return {};
    case SeriesAxes::role: return {kRoles};
    case SeriesAxes::program: return {kPrograms};
    case SeriesAxes::family: return {kFamilies};
    case SeriesAxes::unit: return {units};
    case SeriesAxes::quantile: return {Q};
    case SeriesAxes::role_quantile: return {kRoles, Q};
    }
    return {};
}

std::vector<std::string> series_paths(const RecordConfig& config) {
    std::vector<std::string> out;
    for (const SeriesDef* d : recorded_series(config)) out.push_back(d->path);
    return out;
}

}  // namespace ambassim
