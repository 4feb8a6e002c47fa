// Sources of parameter defaults (see param_sources.hpp and
// ../shared/reference-figures.md for the figures).
#include "models/param_sources.hpp"

#include <array>
#include <utility>

namespace ambassim {
namespace {

constexpr std::string_view kSatisfactionWeak =
    "satisfaction predicts repurchase behaviour weakly (Curtis et al. 2011; Mittal & Kamakura 2001), "
    "commitment drives word of mouth (de Matos & Rossi 2008)";

constexpr std::array<std::pair<std::string_view, std::string_view>, 14> kSources{{
    {"employees.attrition_front_line_per_year",
     "contact-centre attrition 30-45%/yr; US quits about 28%/yr in 2019"},
    {"employees.attrition_engagement_sensitivity",
     "unit engagement vs turnover r = -.30 (Harter, Schmidt & Hayes 2002)"},
    {"customers.churn_per_year", "mobile telecom 12-31%/yr, US retail banks 7-11%/yr"},
    {"customers.loyalty_satisfaction_weight", kSatisfactionWeak},
    {"customers.loyalty_bond_weight", kSatisfactionWeak},
    {"customers.advocacy_satisfaction_weight", kSatisfactionWeak},
    {"customers.advocacy_bond_weight", kSatisfactionWeak},
    {"customers.advocacy_offset",
     "calibrated so the default NPS (about +12) lies in the US industry range +9 to +43 (2017)"},
    {"customers.referral_bond_bonus",
     "referred customers are more loyal (Schmitt, Skiera & Van den Bulte 2011)"},
    {"market.bass_p_per_year", "Bass p = 0.03 (Sultan, Farley & Lehmann 1990 meta-analysis)"},
    {"market.bass_q_per_year", "Bass q = 0.38 (Sultan, Farley & Lehmann 1990 meta-analysis)"},
    {"encounters.functional_engagement_weight",
     "unit engagement vs customer outcomes r = .33 (Harter et al. 2002), mediated by service quality "
     "(Brown & Lam 2008)"},
    {"encounters.emotional_noise_sd",
     "authentic empathy, not displayed effort, moves customer emotion (Hennig-Thurau et al. 2006)"},
    {"encounters.capacity_per_day",
     "calibrated: baseline demand / capacity about 0.85 at 20 customers per employee"},
}};

}  // namespace

std::string_view param_source(std::string_view key) {
    for (const auto& [k, source] : kSources)
        if (k == key) return source;
    return {};
}

}  // namespace ambassim
