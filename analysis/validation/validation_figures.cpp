// Figures measured by the validation suite (see validation_figures.hpp).
#include "analysis/validation/validation_figures.hpp"

#include "analysis/validation/validation_stats.hpp"
#include "sim/output/hdf5_file.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>
#include <stdexcept>

namespace ambassim::validation {
namespace {

double sum(const std::vector<double>& v) { return std::accumulate(v.begin(), v.end(), 0.0); }
double mean(const std::vector<double>& v) { return v.empty() ? 0.0 : sum(v) / static_cast<double>(v.size()); }
// Mean of the non-NaN values (a unit's quality is NaN in a tick without encounters).
double nan_mean(const std::vector<double>& v) {
    double s = 0;
    std::size_t n = 0;
    for (double x : v)
        if (!std::isnan(x)) s += x, ++n;
    return n ? s / static_cast<double>(n) : std::numeric_limits<double>::quiet_NaN();
}

// Column `col` of a row-major [rows x width] series, rows [from, rows).
std::vector<double> column(const std::vector<double>& v, std::size_t width, std::size_t col, std::size_t from = 0) {
    std::vector<double> out;
    for (std::size_t i = from * width + col; i < v.size(); i += width) out.push_back(v[i]);
    return out;
}

SeriesGetter getter(const H5Input& in) {
    return [&in](const std::string& p) { return in.read_double(p); };
}

}  // namespace

BassCurve bass_curve(const std::vector<double>& days, const std::vector<double>& active, double market, double p,
                     double q, double f0) {
    BassCurve c;
    c.p = p;
    c.q = q;
    for (std::size_t i = 0; i < days.size() && i < active.size(); ++i) {
        const double t = days[i] / 365.0;
        c.years.push_back(t);
        c.share.push_back(active[i] / market);
        c.bass.push_back(bass_share(p, q, t, f0));
        c.max_abs_deviation = std::max(c.max_abs_deviation, std::fabs(c.share.back() - c.bass.back()));
    }
    const double level = bass_peak_share(p, q);
    c.peak_time = crossing_time(c.years, c.share, level);
    c.bass_peak_time = crossing_time(c.years, c.bass, level);
    return c;
}

BassCurve bass_curve_from_file(const std::filesystem::path& file) {
    const H5Input in(file);
    const double customers = static_cast<double>(in.attribute_int("/parameters", "customers.customers"));
    const double market = customers + static_cast<double>(in.attribute_int("/parameters", "customers.prospects_resolved"));
    return bass_curve(in.read_double("/time/day"), in.read_double("/customers/active"), market,
                      in.attribute_double("/parameters", "market.bass_p_per_year"),
                      in.attribute_double("/parameters", "market.bass_q_per_year"), customers / market);
}

WorldFigures world_figures(const SeriesGetter& get, double dt_days, double first_day, double last_day) {
    WorldFigures f;
    // The ticks whose end falls in (first_day, last_day].
    auto window = [&](const std::vector<double>& v) {
        std::vector<double> out;
        for (std::size_t t = 0; t < v.size(); ++t) {
            const double day = static_cast<double>(t + 1) * dt_days;
            if (day > first_day && day <= last_day) out.push_back(v[t]);
        }
        return out;
    };
    const auto active = window(get("/customers/active"));
    if (active.empty()) return f;
    const double years = static_cast<double>(active.size()) * dt_days / 365.0;
    f.churn_per_year = sum(window(get("/customers/churned"))) / mean(active) / years;
    const auto head = window(column(get("/employees/headcount"), 3, 0));   // role 0: front line
    const auto quits = window(column(get("/employees/quits"), 3, 0));
    f.front_line_attrition_per_year = mean(head) > 0 ? sum(quits) / mean(head) / years : 0.0;
    f.nps = mean(window(get("/customers/nps")));
    return f;
}

WorldFigures world_figures_from_file(const std::filesystem::path& file, double first_day, double last_day) {
    const H5Input in(file);
    return world_figures(getter(in), in.attribute_double("/parameters", "simulation.dt_days"), first_day, last_day);
}

UnitLink unit_link(const SeriesGetter& get, std::int64_t units, std::int64_t quality_window) {
    UnitLink l;
    const auto U = static_cast<std::size_t>(units);
    const auto eng = get("/units/mean_engagement");
    const auto sat = get("/units/mean_satisfaction");
    const auto fq = get("/units/mean_functional_quality");
    const auto eq = get("/units/mean_emotional_quality");
    if (U == 0 || eng.size() < U || eng.size() % U != 0) throw std::invalid_argument("unit series do not match the unit count");
    const std::size_t ticks = eng.size() / U;
    const std::size_t from = ticks - std::min<std::size_t>(ticks, static_cast<std::size_t>(std::max<std::int64_t>(1, quality_window)));
    std::vector<double> emo;
    for (std::size_t u = 0; u < U; ++u) {
        l.engagement.push_back(eng[(ticks - 1) * U + u]);
        l.satisfaction.push_back(sat[(ticks - 1) * U + u]);
        l.quality.push_back(nan_mean(column(fq, U, u, from)));
        emo.push_back(nan_mean(column(eq, U, u, from)));
    }
    l.r = pearson(l.engagement, l.satisfaction);
    l.partial = partial_correlation(l.engagement, l.satisfaction, {l.quality, emo});
    l.mediated = 1.0 - l.partial / l.r;
    return l;
}

UnitLink unit_link_from_file(const std::filesystem::path& file, std::int64_t quality_window) {
    const H5Input in(file);
    return unit_link(getter(in), in.attribute_int("/parameters", "organisation.units"), quality_window);
}

Behaviour behaviour(const std::vector<double>& satisfaction, const std::vector<double>& bond,
                    const std::vector<double>& status_first, const std::vector<double>& status_second) {
    Behaviour b;
    std::vector<double> s, d, stay;
    for (std::size_t i = 0; i < status_first.size(); ++i) {
        if (status_first[i] != 1) continue;  // 1: active
        s.push_back(satisfaction[i]);
        d.push_back(bond[i]);
        stay.push_back(status_second[i] == 1 ? 1.0 : 0.0);
    }
    b.customers = static_cast<std::int64_t>(s.size());
    b.retained_share = mean(stay);
    b.r_satisfaction = pearson(s, stay);
    b.r_bond = pearson(d, stay);
    return b;
}

Behaviour behaviour_from_file(const std::filesystem::path& file) {
    const H5Input in(file);
    const auto dims = in.dims("/snapshots/customers/status");
    if (dims.size() != 2 || dims[0] < 2) throw std::invalid_argument(file.string() + ": needs two customer snapshots");
    const std::size_t n = dims[1], k = dims[0];
    const auto sat = in.read_double("/snapshots/customers/satisfaction");
    const auto bond = in.read_double("/snapshots/customers/bond");
    const auto status = in.read_double("/snapshots/customers/status");
    // State rows 0..k-2 against status rows 1..k-1: one contiguous range each.
    auto rows = [&](const std::vector<double>& v, std::size_t first, std::size_t last) {
        return std::vector<double>(v.begin() + static_cast<std::ptrdiff_t>(first * n),
                                   v.begin() + static_cast<std::ptrdiff_t>(last * n));
    };
    return behaviour(rows(sat, 0, k - 1), rows(bond, 0, k - 1), rows(status, 0, k - 1), rows(status, 1, k));
}

}  // namespace ambassim::validation
