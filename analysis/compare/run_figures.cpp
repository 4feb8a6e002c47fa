// Headline figures of a run from its trajectories (see run_figures.hpp).
#include "analysis/compare/run_figures.hpp"

#include "sim/util/number_format.hpp"
#include "sim/output/hdf5_file.hpp"

#include "sim/util/errors.hpp"

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
    f.customers_end = static_cast<std::int64_t>(active.back());
    f.acquired_marketing = static_cast<std::int64_t>(sum(get("/customers/acquired_marketing")));
    f.acquired_referral = static_cast<std::int64_t>(sum(get("/customers/acquired_referral")));
    f.churned = static_cast<std::int64_t>(sum(get("/customers/churned")));
    f.customers_start = f.customers_end - f.acquired_marketing - f.acquired_referral + f.churned;
    f.churn_per_year = static_cast<double>(f.churned) / (sum(active) / static_cast<double>(active.size())) / years;
    const auto nps = get("/customers/nps");
    f.nps_first = nps.front();
    f.nps_last = nps.back();
    f.revenue_total = get("/customers/cumulative_revenue").back();
    f.program_spend_total = get("/programs/cumulative_spend").back();
    const auto head = get("/employees/headcount");
    const auto quits = get("/employees/quits");
    double front_quits = 0;
    for (std::size_t i = 0; i < quits.size(); i += 3) front_quits += quits[i];  // column 0: front line
    f.employees = static_cast<std::int64_t>(head[0] + head[1] + head[2]);
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

// The documented shape of each series a summary reads (docs/output-format.md):
// [tick] or [tick x role], the tick axis as long as ticks_run.
const std::vector<std::pair<std::string, std::uint64_t>> kSummarySeries{
    {"/customers/active", 1},         {"/customers/acquired_marketing", 1}, {"/customers/acquired_referral", 1},
    {"/customers/churned", 1},        {"/customers/nps", 1},                {"/customers/cumulative_revenue", 1},
    {"/programs/cumulative_spend", 1}, {"/customers/mean_satisfaction", 1}, {"/customers/mean_bond", 1},
    {"/employees/headcount", 3},      {"/employees/quits", 3},              {"/employees/mean_engagement", 3},
    {"/employees/mean_customer_focus", 3}, {"/employees/mean_ambassadorship", 3}, {"/employees/mean_experience", 3},
};

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
    for (const auto& [path, width] : kSummarySeries) {
        const auto dims = in.dims(path);
        std::vector<std::uint64_t> expected{static_cast<std::uint64_t>(ticks)};
        if (width > 1) expected.push_back(width);
        if (dims != expected)
            throw InputError(name + ": dataset `" + path + "` has shape " + shape_text(dims) + ", expected " +
                             shape_text(expected) + (width > 1 ? " (ticks_run x roles)" : " (ticks_run)"));
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
    // Counts with thousands separators (as everywhere); states in their own precision.
    auto fixed = [](const char* format, double v) {
        char buf[64];
        std::snprintf(buf, sizeof buf, format, v);
        return std::string(buf);
    };
    std::ostringstream o;
    o << "strategy              " << f.strategy << (f.complete ? "" : "  (INCOMPLETE: run was interrupted)") << "\n"
      << "horizon               " << format_count(static_cast<double>(f.ticks)) << " ticks (" << format_count(f.days)
      << " days)\n"
      << "customers             " << format_count(static_cast<double>(f.customers_start)) << " -> "
      << format_count(static_cast<double>(f.customers_end)) << " (acquired "
      << format_count(static_cast<double>(f.acquired_marketing)) << " by marketing, "
      << format_count(static_cast<double>(f.acquired_referral)) << " by referral; churned "
      << format_count(static_cast<double>(f.churned)) << ")\n"
      << "churn                 " << fixed("%.1f%%", 100 * f.churn_per_year) << " per year\n"
      << "NPS                   " << fixed("%+.1f", f.nps_first) << " -> " << fixed("%+.1f", f.nps_last) << "\n"
      << "revenue               " << format_value(f.revenue_total, "currency") << " (program spend "
      << format_value(f.program_spend_total, "currency") << ")\n"
      << "front-line attrition  " << fixed("%.1f%%", 100 * f.front_line_attrition_per_year) << " per year\n"
      << "employees (mean)      engagement " << fixed("%.3f", f.engagement_last) << ", customer focus "
      << fixed("%.3f", f.customer_focus_last) << ", ambassadorship " << fixed("%.3f", f.ambassadorship_last)
      << ", experience " << fixed("%.3f", f.experience_last) << "\n"
      << "customers (mean)      satisfaction " << fixed("%.3f", f.satisfaction_last) << ", bond "
      << fixed("%.3f", f.bond_last) << "\n";
    return o.str();
}

}  // namespace ambassim
