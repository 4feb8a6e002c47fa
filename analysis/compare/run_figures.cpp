// Headline figures of a run from its trajectories (see run_figures.hpp).
#include "analysis/compare/run_figures.hpp"

#include "sim/util/number_format.hpp"
#include "sim/output/hdf5_file.hpp"
#include "sim/output/series_table.hpp"

#include "sim/util/errors.hpp"

#include <cmath>
#include <cstdio>
#include <numeric>
#include <sstream>

namespace ambassim {
namespace {

double sum(const std::vector<double>& v) { return std::accumulate(v.begin(), v.end(), 0.0); }

// Mean over roles of the last row of a [tick x role] series, weighted by head count.
double last_over_roles(const std::vector<double>& v, const std::vector<double>& head) {
    if (v.size() < 3 || head.size() < 3) return 0;
    double s = 0, n = 0;
    for (std::size_t k = v.size() - 3, h = head.size() - 3; k < v.size(); ++k, ++h) s += v[k] * head[h], n += head[h];
    return n > 0 ? s / n : 0;
}

}  // namespace

RunFigures figures_from_series(const SeriesGetter& get, double dt_days) {
    RunFigures f;
    const auto active = get("/customers/active");
    f.ticks = static_cast<std::int64_t>(active.size());
    f.days = static_cast<double>(f.ticks) * dt_days;
    if (active.empty()) return f;
    const double years = f.days / 365.0;
    // Counts stay doubles: a file may hold NaN or infinities (never cast to an integer).
    f.customers_end = active.back();
    f.acquired_marketing = sum(get("/customers/acquired_marketing"));
    f.acquired_referral = sum(get("/customers/acquired_referral"));
    f.churned = sum(get("/customers/churned"));
    f.customers_start = f.customers_end - f.acquired_marketing - f.acquired_referral + f.churned;
    f.churn_per_year = f.churned / (sum(active) / static_cast<double>(active.size())) / years;
    const auto nps = get("/customers/nps");
    f.nps_first = nps.front();
    f.nps_last = nps.back();
    f.revenue_total = get("/customers/cumulative_revenue").back();
    f.program_spend_total = get("/programs/cumulative_spend").back();
    const auto head = get("/employees/headcount");
    const auto quits = get("/employees/quits");
    double front_quits = 0;
    for (std::size_t i = 0; i < quits.size(); i += 3) front_quits += quits[i];  // column 0: front line
    f.employees = head[0] + head[1] + head[2];
    f.front_line_attrition_per_year = head[0] > 0 ? front_quits / head[0] / years : 0;
    f.engagement_last = last_over_roles(get("/employees/mean_engagement"), head);
    f.customer_focus_last = last_over_roles(get("/employees/mean_customer_focus"), head);
    f.ambassadorship_last = last_over_roles(get("/employees/mean_ambassadorship"), head);
    f.experience_last = last_over_roles(get("/employees/mean_experience"), head);
    f.satisfaction_last = get("/customers/mean_satisfaction").back();
    f.bond_last = get("/customers/mean_bond").back();
    return f;
}

namespace {

// Refuses what is not a run file, and series whose shape is not the
// documented one, before anything is read (a wrong shape would be read
// flattened into wrong figures; a huge one would exhaust the memory).
void check_run_file(const H5Input& in, const std::filesystem::path& file) {
    const std::string name = "`" + file.string() + "`";
    const std::string format = in.has_attribute("/", "format") ? in.attribute_string("/", "format") : "";
    if (format == "ambassim-sweep")
        throw InputError(name + " is a sweep file written by `ambassim sweep`, not a run or comparison file; read it "
                         "with `ambassim analyze DIR` (its folder; see `ambassim analyze --help`)");
    if (format == "ambassim-compare")
        throw InputError(name + " is a comparison file written by `ambassim compare`, not a run file; `ambassim summary` "
                         "prints its bottom line and `ambassim report` draws its figures");
    if (format != "ambassim-run")
        throw InputError(name + " is not an ambassim run file (its attribute `format` is " +
                         (format.empty() ? std::string("missing") : "`" + format + "`") + ", not `ambassim-run`)");
    const std::int64_t ticks = in.attribute_int("/", "ticks_run");
    if (ticks < 0 || ticks > 10'000'000)
        throw InputError(name + ": attribute `ticks_run` = " + std::to_string(ticks) + " is out of range [0, 10000000]");
    // The series the figures read are flagged in the series table; their
    // documented shape is [ticks_run] or [ticks_run x roles].
    for (const SeriesDef& def : series_table()) {
        if (!def.summary) continue;
        const auto dims = in.dims(def.path);
        std::vector<std::uint64_t> expected{static_cast<std::uint64_t>(ticks)};
        for (std::uint64_t d : series_tail(def.axes, 0)) expected.push_back(d);
        if (dims != expected)
            throw InputError(name + ": dataset `" + def.path + "` has shape " + shape_text(dims) + ", expected " +
                             shape_text(expected) + (expected.size() > 1 ? " (ticks_run x roles)" : " (ticks_run)"));
    }
}

}  // namespace

RunFigures figures_from_file(const std::filesystem::path& file) {
    const H5Input in(file);
    check_run_file(in, file);
    RunFigures f = figures_from_series([&](const std::string& p) { return in.read_double(p); },
                                       in.attribute_double("/parameters", "simulation.dt_days"));
    f.strategy = in.attribute_string("/", "strategy");
    f.complete = in.attribute_int("/", "complete") == 1;
    return f;
}

std::string format_figures(const RunFigures& f) {
    // Counts with thousands separators (as everywhere); states in their own
    // precision; a value that is not finite (NaN in the file) as "n/a".
    auto fixed = [](const char* format, double v) {
        if (!std::isfinite(v)) return std::string(kNotAvailable);
        char buf[64];
        std::snprintf(buf, sizeof buf, format, v);
        return std::string(buf);
    };
    auto count = [](double v) { return std::isfinite(v) ? format_count(v) : std::string(kNotAvailable); };
    auto money = [](double v) { return std::isfinite(v) ? format_value(v, "currency") : std::string(kNotAvailable); };
    std::ostringstream o;
    o << "strategy              " << f.strategy << (f.complete ? "" : "  (INCOMPLETE: run was interrupted)") << "\n"
      << "horizon               " << count(static_cast<double>(f.ticks)) << " ticks (" << count(f.days) << " days)\n"
      << "customers             " << count(f.customers_start) << " -> " << count(f.customers_end) << " (acquired "
      << count(f.acquired_marketing) << " by marketing, " << count(f.acquired_referral) << " by referral; churned "
      << count(f.churned) << ")\n"
      << "churn                 " << fixed("%.1f%%", 100 * f.churn_per_year) << " per year\n"
      << "NPS                   " << fixed("%+.1f", f.nps_first) << " -> " << fixed("%+.1f", f.nps_last) << "\n"
      << "revenue               " << money(f.revenue_total) << " (program spend " << money(f.program_spend_total)
      << ")\n"
      << "front-line attrition  " << fixed("%.1f%%", 100 * f.front_line_attrition_per_year) << " per year\n"
      << "employees (mean)      engagement " << fixed("%.3f", f.engagement_last) << ", customer focus "
      << fixed("%.3f", f.customer_focus_last) << ", ambassadorship " << fixed("%.3f", f.ambassadorship_last)
      << ", experience " << fixed("%.3f", f.experience_last) << "\n"
      << "customers (mean)      satisfaction " << fixed("%.3f", f.satisfaction_last) << ", bond "
      << fixed("%.3f", f.bond_last) << "\n";
    return o.str();
}

}  // namespace ambassim
