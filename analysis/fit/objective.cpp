// Objective parsing and evaluation (see objective.hpp).
#include "analysis/fit/objective.hpp"

#include "sim/util/errors.hpp"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <sstream>

namespace ambassim {
namespace {

constexpr double kHorizonWindowDays = 30;

// Rows averaged: the last 30 days at the horizon, else every row.
std::pair<std::size_t, std::size_t> window(const ComparisonData& d, bool at_horizon) {
    const auto T = static_cast<std::size_t>(d.ticks);
    if (!at_horizon) return {0, T};
    const auto n = std::clamp<std::size_t>(static_cast<std::size_t>(std::llround(kHorizonWindowDays / d.dt_days)), 1, T);
    return {T - n, T};
}

// Mean over the window of the row sums of a series.
double mean_row_sum(const ComparisonData& d, const std::string& path, std::size_t s, std::size_t r, bool at_horizon) {
    const auto v = d.run(path, s, r);
    const auto w = static_cast<std::size_t>(d.width(path));
    const auto [b, e] = window(d, at_horizon);
    double sum = 0;
    for (std::size_t t = b; t < e; ++t)
        for (std::size_t k = 0; k < w; ++k) sum += v[t * w + k];
    return sum / static_cast<double>(e - b);
}

double term_value(const ObjectiveTerm& term, const ComparisonData& d, std::size_t s, std::size_t r) {
    const double ticks_per_year = 365.0 / d.dt_days;
    const bool h = term.at_horizon;
    if (term.measure == "retention") {
        // 1 - customers lost per year / active customers, from the window's totals.
        return 1.0 - mean_row_sum(d, "/customers/churned", s, r, h) * ticks_per_year /
                         mean_row_sum(d, "/customers/active", s, r, h);
    }
    if (term.measure == "nps") return mean_row_sum(d, "/customers/nps", s, r, h);
    if (term.measure == "referrals") return mean_row_sum(d, "/customers/acquired_referral", s, r, h) * ticks_per_year;
    if (term.measure == "revenue") return mean_row_sum(d, "/customers/revenue", s, r, h) * ticks_per_year;
    if (term.measure == "spend") return mean_row_sum(d, "/programs/spend", s, r, h) * ticks_per_year;
    if (term.measure == "net_revenue")
        return (mean_row_sum(d, "/customers/revenue", s, r, h) - mean_row_sum(d, "/programs/spend", s, r, h)) *
               ticks_per_year;
    if (term.measure == "active_customers") return mean_row_sum(d, "/customers/active", s, r, h);
    throw std::invalid_argument("unknown objective measure " + term.measure);
}

std::string trim(const std::string& s) {
    const auto b = s.find_first_not_of(" \t"), e = s.find_last_not_of(" \t");
    return b == std::string::npos ? "" : s.substr(b, e - b + 1);
}

}  // namespace

const std::vector<ObjectiveMeasure>& objective_measures() {
    static const std::vector<ObjectiveMeasure> list{
        {"retention", "1/year", "1 - customers lost per year / active customers"},
        {"nps", "points", "net promoter score"},
        {"referrals", "customers/year", "customers acquired by referral per year"},
        {"active_customers", "customers", "active customers"},
        {"revenue", "currency/year", "customer spend per year"},
        {"spend", "currency/year", "program spend per year (the plan's cost)"},
        {"net_revenue", "currency/year", "customer spend minus program spend, per year"},
    };
    return list;
}

Objective parse_objective(const std::string& text, const std::string& option) {
    Objective o;
    o.text = text;
    std::string names;
    for (const auto& m : objective_measures()) names += (names.empty() ? "" : ", ") + std::string(m.name);
    // Split into signed terms at + and - (not those of a number's exponent).
    std::vector<std::pair<double, std::string>> parts;
    std::string cur;
    double sign = 1;
    auto flush = [&] {
        if (trim(cur).empty())
            throw InputError(option + ": `" + text + "`: a sign with no term before or after it");
        parts.push_back({sign, trim(cur)});
        cur.clear();
    };
    for (std::size_t i = 0; i < text.size(); ++i) {
        const char c = text[i];
        const std::string sofar = trim(cur);
        const bool exponent = !sofar.empty() && (sofar.back() == 'e' || sofar.back() == 'E') &&
                              std::isdigit(static_cast<unsigned char>(sofar[0]));
        if ((c == '+' || c == '-') && !exponent) {
            if (parts.empty() && sofar.empty()) {  // a leading sign
                sign = c == '-' ? -1 : 1;
                continue;
            }
            flush();
            sign = c == '-' ? -1 : 1;
        } else {
            cur += c;
        }
    }
    if (!trim(cur).empty() || !parts.empty()) flush();
    if (parts.empty()) throw InputError(option + ": empty objective; give a weighted sum of " + names);
    for (const auto& [sg, part] : parts) {
        ObjectiveTerm t;
        std::string name = part;
        if (const auto star = part.find('*'); star != std::string::npos) {
            const std::string w = trim(part.substr(0, star));
            try {
                std::size_t used = 0;
                t.weight = std::stod(w, &used);
                if (used != w.size() || !std::isfinite(t.weight)) throw std::invalid_argument(w);
            } catch (const std::exception&) {
                throw InputError(option + ": `" + part + "`: the weight `" + w + "` is not a number");
            }
            name = trim(part.substr(star + 1));
        }
        t.weight *= sg;
        if (const auto at = name.find('@'); at != std::string::npos) {
            const std::string when = trim(name.substr(at + 1));
            if (when != "horizon" && when != "cumulated")
                throw InputError(option + ": `" + part + "`: `@" + when + "`: say @horizon or @cumulated");
            t.at_horizon = when == "horizon";
            name = trim(name.substr(0, at));
        }
        const bool known = std::any_of(objective_measures().begin(), objective_measures().end(),
                                       [&](const ObjectiveMeasure& m) { return name == m.name; });
        if (!known) throw InputError(option + ": unknown measure `" + name + "`; choose from " + names);
        t.measure = name;
        o.terms.push_back(t);
    }
    return o;
}

double objective_value(const Objective& o, const ComparisonData& d, std::size_t s, std::size_t r) {
    double v = 0;
    for (const auto& t : o.terms) v += t.weight * term_value(t, d, s, r);
    return v;
}

}  // namespace ambassim
