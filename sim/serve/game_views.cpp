// What the game's pages show (see game_state.hpp): the team's dashboard and
// news, the facilitator's board and leaderboard, and the debrief. Scores are
// computed from the trajectories at the latest round; the balanced score is
// in points above the `none` company of the same world (which runs in
// lockstep with the teams), so it reads "how much better than doing nothing".
#include "sim/serve/game_impl.hpp"
#include "sim/serve/game_views.hpp"

#include "sim/serve/json.hpp"

#include <algorithm>
#include <functional>
#include <cmath>
#include <numeric>

namespace ambassim::serve {
namespace {

double last(const std::vector<double>& v) { return v.empty() ? 0 : v.back(); }
double at(const std::vector<double>& v, std::int64_t t) {  // value at the end of tick t (1-based); 0 before the start
    return t <= 0 || v.empty() ? 0 : v[static_cast<std::size_t>(std::min<std::int64_t>(t, static_cast<std::int64_t>(v.size()))) - 1];
}

std::string fmt(double v, int decimals = 0) {
    char buf[48];
    std::snprintf(buf, sizeof buf, "%.*f", decimals, v);
    return buf;
}
std::string thousands(double v) {
    std::string s = fmt(std::abs(v));
    for (int i = static_cast<int>(s.size()) - 3; i > 0; i -= 3) s.insert(static_cast<std::size_t>(i), ",");
    return (v < 0 ? "-" : "") + s;
}

std::string traj_json(const Trajectories& t) {
    return "{\"active_customers\":" + json_array(t.active_customers) + ",\"nps\":" + json_array(t.nps) +
           ",\"referrals\":" + json_array(t.referrals) + ",\"net_revenue\":" + json_array(t.net_revenue) +
           ",\"engagement\":" + json_array(t.engagement) + ",\"ambassadorship\":" + json_array(t.ambassadorship) +
           ",\"experience\":" + json_array(t.experience) + ",\"quits\":" + json_array(t.quits) +
           ",\"load\":" + json_array(t.load) + ",\"extra_front_line\":" + json_array(t.extra_front_line) + "}";
}

double spearman(const std::vector<double>& x, const std::vector<double>& y) {
    auto ranks = [](const std::vector<double>& v) {
        std::vector<std::size_t> idx(v.size());
        std::iota(idx.begin(), idx.end(), 0);
        std::sort(idx.begin(), idx.end(), [&](std::size_t a, std::size_t b) { return v[a] < v[b]; });
        std::vector<double> r(v.size());
        for (std::size_t i = 0; i < idx.size();) {
            std::size_t j = i;
            while (j + 1 < idx.size() && v[idx[j + 1]] == v[idx[i]]) ++j;
            for (std::size_t k = i; k <= j; ++k) r[idx[k]] = 0.5 * static_cast<double>(i + j);
            i = j + 1;
        }
        return r;
    };
    const auto rx = ranks(x), ry = ranks(y);
    const double n = static_cast<double>(x.size());
    const double mx = std::accumulate(rx.begin(), rx.end(), 0.0) / n, my = std::accumulate(ry.begin(), ry.end(), 0.0) / n;
    double sxy = 0, sxx = 0, syy = 0;
    for (std::size_t i = 0; i < x.size(); ++i)
        sxy += (rx[i] - mx) * (ry[i] - my), sxx += (rx[i] - mx) * (rx[i] - mx), syy += (ry[i] - my) * (ry[i] - my);
    return sxx > 0 && syy > 0 ? sxy / std::sqrt(sxx * syy) : 0;
}

}  // namespace

Snapshot snapshot_of(const Trajectories& t) {
    return {last(t.net_revenue), last(t.nps), last(t.active_customers), last(t.referrals)};
}

double score_of(const Snapshot& s, const Snapshot& none, const Scoring& sc) {
    if (sc.metric == "net_revenue") return s.net_revenue;
    if (sc.metric == "nps") return s.nps;
    if (sc.metric == "active_customers") return s.customers;
    if (sc.metric == "referrals") return s.referrals;
    const double rev = 100 * (s.net_revenue - none.net_revenue) / std::max(std::abs(none.net_revenue), 1.0);
    const double cust = 100 * (s.customers - none.customers) / std::max(none.customers, 1.0);
    return sc.net_revenue * rev + sc.nps * (s.nps - none.nps) + sc.active_customers * cust;
}

std::string score_label(const Scoring& sc) {
    if (sc.metric == "net_revenue") return "revenue net of programme spend";
    if (sc.metric == "nps") return "NPS";
    if (sc.metric == "active_customers") return "active customers";
    if (sc.metric == "referrals") return "customers won by referral";
    return "balanced score (points above doing nothing)";
}

std::vector<std::string> round_news(const Trajectories& t, std::int64_t round, const GameRules& g) {
    const std::int64_t tpr = g.ticks_per_round, end = round * tpr, mid = (round - 1) * tpr, before = (round - 2) * tpr;
    std::vector<std::string> out;
    if (static_cast<std::int64_t>(t.active_customers.size()) < end || round < 1) return out;
    const NewsThresholds& n = g.news;
    const double quits = at(t.quits, end) - at(t.quits, mid), quits_before = round > 1 ? at(t.quits, mid) - at(t.quits, before) : -1;
    double load = 0;
    for (std::int64_t k = mid; k < end; ++k) load += t.load[static_cast<std::size_t>(k)] / static_cast<double>(tpr);
    const double eng_change = at(t.engagement, end) - (round > 1 ? at(t.engagement, mid) : t.engagement.front());
    if (quits_before >= 0 && quits > quits_before * (1 + n.quits_rise) && quits - quits_before >= 2) {
        std::string why = load > n.load_high ? ": workload is up" : eng_change < 0 ? ": engagement is slipping" : "";
        out.push_back(fmt(quits) + " staff quit this quarter, up from " + fmt(quits_before) + why + ".");
    } else if (quits_before >= 0 && quits < quits_before * (1 - n.quits_rise) && quits_before - quits >= 2) {
        out.push_back("Fewer people left: " + fmt(quits) + " quits this quarter, down from " + fmt(quits_before) + ".");
    }
    if (load > n.load_high)
        out.push_back("Your front line is stretched: customers bring " + fmt(load, 2) +
                      " times what staff can serve, so some needs go unserved" +
                      (g.hire.allowed ? " (hiring adds capacity, at a price)." : "."));
    // The capacity lever: what the extra staff add and cost (their cost is
    // the quarter's spend beyond the two programme families').
    const double extra = at(t.extra_front_line, end), extra_before = at(t.extra_front_line, mid);
    const double spend_q = at(t.spend, end) - at(t.spend, mid);
    const double programmes_q = at(t.engagement_spend, end) - at(t.engagement_spend, mid) +
                                at(t.ambassadorship_spend, end) - at(t.ambassadorship_spend, mid);
    if (extra > 0.0005 || extra_before > 0.0005)
        out.push_back("Extra front-line staff add " + fmt(100 * extra, 1) + "% to the front line's capacity" +
                      (std::abs(extra - extra_before) > 0.0005 ? std::string(extra > extra_before ? " (up" : " (down") +
                                                                     " from " + fmt(100 * extra_before, 1) + "%)"
                                                               : std::string()) +
                      "; hiring and training take months. They cost " +
                      thousands(std::max(0.0, spend_q - programmes_q)) + " this quarter.");
    const double nps_now = at(t.nps, end), nps_then = round > 1 ? at(t.nps, mid) : t.nps.front();
    if (nps_now - nps_then >= n.nps_change)
        out.push_back("NPS rose from " + fmt(nps_then) + " to " + fmt(nps_now) + ": more customers would recommend you.");
    else if (nps_then - nps_now >= n.nps_change)
        out.push_back("NPS fell from " + fmt(nps_then) + " to " + fmt(nps_now) + ": fewer customers would recommend you.");
    const double c_now = at(t.active_customers, end), c_then = round > 1 ? at(t.active_customers, mid) : t.active_customers.front();
    if (c_then > 0 && std::abs(c_now - c_then) >= n.customers_change * c_then)
        out.push_back(std::string(c_now > c_then ? "You gained " : "You lost ") + thousands(std::abs(c_now - c_then)) +
                      " customers this quarter (" + (c_now > c_then ? "+" : "-") +
                      fmt(100 * std::abs(c_now - c_then) / c_then, 1) + "%).");
    const double ref = at(t.referrals, end) - at(t.referrals, mid), ref_before = round > 1 ? at(t.referrals, mid) - at(t.referrals, before) : -1;
    if (ref_before > 0 && ref > ref_before * (1 + n.referrals_change))
        out.push_back("Word of mouth is working: " + thousands(ref) + " customers came by referral, up from " + thousands(ref_before) + ".");
    else if (ref_before > 0 && ref < ref_before * (1 - n.referrals_change))
        out.push_back("Fewer referrals: " + thousands(ref) + " customers came by recommendation, down from " + thousands(ref_before) + ".");
    if (out.empty())
        out.push_back("A quiet quarter: " + thousands(c_now) + " customers, NPS " + fmt(nps_now) + ", " + fmt(quits) +
                      " staff quit.");
    const double revenue = at(t.revenue, end) - at(t.revenue, mid);
    out.push_back("Revenue this quarter " + thousands(revenue) + ", programme spend " + thousands(spend_q) +
                  (g.hire.allowed ? " (extra staff included)." : "."));
    return out;
}

std::string Game::info_json() const {
    const Impl& g = *impl_;
    std::lock_guard lock(g.m);
    std::string levers = "[";
    for (const auto& f : lever_fields(rules_)) levers += (levers.size() > 1 ? "," : "") + json_string(f);
    return "{\"title\":" + json_string(rules_.title) + ",\"rounds\":" + std::to_string(rules_.rounds) +
           ",\"round_days\":" + json_number(rules_.round_days) + ",\"levers\":" + levers + "]" + ",\"hire\":" +
           (rules_.hire.allowed ? "{\"max\":" + json_number(rules_.hire.max) + ",\"step\":" + json_number(rules_.hire.step) + "}"
                                : std::string("null")) +
           ",\"budget_min\":" + json_number(rules_.budget_min) + ",\"budget_max\":" + json_number(rules_.budget_max) +
           ",\"default_decision\":" + decision_json(rules_.default_decision, rules_) +
           ",\"status\":\"" + status_name(g.rec.status) + "\",\"round\":" + std::to_string(g.rec.round) + "}";
}

namespace {

std::string timer_left(const Game::Impl& g) {
    if (g.deadline) return json_number(std::max(0.0, std::ceil(std::chrono::duration<double>(*g.deadline - Clock::now()).count())));
    return "null";
}

std::string decisions_json(const Team& t, const GameRules& r) {
    std::string out = "[";
    for (std::size_t k = 0; k < t.decisions.size(); ++k) out += (k ? "," : "") + decision_json(t.decisions[k], r);
    return out + "]";
}

std::string days_json(std::int64_t ticks, double dt) {
    std::vector<double> day(static_cast<std::size_t>(ticks));
    for (std::size_t k = 0; k < day.size(); ++k) day[k] = static_cast<double>(k + 1) * dt;
    return json_array(day);
}

}  // namespace

std::vector<Ranked> ranking(const Game::Impl& g, const GameRules& rules, bool with_builtins) {
    const Snapshot none = snapshot_of(g.builtin_traj[0]);
    std::vector<Ranked> out;
    for (std::size_t i = 0; i < g.rec.teams.size(); ++i) {
        const Snapshot s = snapshot_of(g.team_traj[i]);
        out.push_back({g.rec.teams[i].name, false, s, g.rec.round ? score_of(s, none, rules.scoring) : 0, &g.team_traj[i],
                       &g.rec.teams[i]});
    }
    if (with_builtins)
        for (std::size_t b = 0; b < g.builtin_traj.size(); ++b) {
            const Snapshot s = snapshot_of(g.builtin_traj[b]);
            out.push_back({builtin_label(game_builtins()[b]), true, s, g.rec.round ? score_of(s, none, rules.scoring) : 0,
                           &g.builtin_traj[b], nullptr});
        }
    std::stable_sort(out.begin(), out.end(), [](const Ranked& a, const Ranked& b) { return a.score > b.score; });
    return out;
}

std::string builtin_label(const std::string& name) {
    if (name == "none") return "Built-in: no programmes";
    if (name == "engagement_first") return "Built-in: engagement first";
    if (name == "ambassadorship_first") return "Built-in: ambassadorship first";
    if (name == "balanced") return "Built-in: balanced";
    return "Built-in: " + name;
}

std::string Game::team_json(const std::string& token) const {
    const Impl& g = *impl_;
    std::lock_guard lock(g.m);
    const int i = g.team_by_token(token);
    if (i < 0) throw RequestError("token", "unknown team: join again with the code and your team name");
    const Team& t = g.rec.teams[static_cast<std::size_t>(i)];
    const Trajectories& tr = g.team_traj[static_cast<std::size_t>(i)];
    const std::int64_t ticks = static_cast<std::int64_t>(tr.active_customers.size());
    std::string news = "[";
    if (ticks > 0)
        for (const auto& line : round_news(tr, ticks / rules_.ticks_per_round, rules_))
            news += (news.size() > 1 ? "," : "") + json_string(line);
    news += "]";
    std::string out = "{\"team\":" + json_string(t.name) + ",\"title\":" + json_string(rules_.title) +
                      ",\"status\":\"" + status_name(g.rec.status) + "\",\"round\":" + std::to_string(g.rec.round) +
                      ",\"rounds\":" + std::to_string(rules_.rounds) + ",\"joined_round\":" + std::to_string(t.joined_round) +
                      ",\"submitted\":" + (t.pending ? "true" : "false") + ",\"advancing\":" + (g.advancing ? "true" : "false") +
                      ",\"timer_left\":" + timer_left(g) + ",\"revealed\":" + (g.rec.revealed ? "true" : "false") +
                      ",\"decision\":" + decision_json(t.pending ? *t.pending : t.last, rules_) +
                      ",\"decisions\":" + decisions_json(t, rules_) + ",\"day\":" + days_json(ticks, g.warmed.dt_days) +
                      ",\"series\":" + traj_json(tr) + ",\"news\":" + news;
    if (g.rec.revealed) {
        const auto rank = ranking(g, rules_, false);
        for (std::size_t k = 0; k < rank.size(); ++k)
            if (rank[k].team == &t) out += ",\"rank\":" + std::to_string(k + 1) + ",\"teams\":" + std::to_string(rank.size());
    }
    return out + "}";
}

std::string Game::board_json(const std::string& key) const {
    const Impl& g = *impl_;
    std::lock_guard lock(g.m);
    if (!g.is_key(key)) throw RequestError("key", "not the facilitator's key");
    const auto rank = ranking(g, rules_, false);
    std::string teams = "[";
    for (const Ranked& r : rank) {
        teams += std::string(teams.size() > 1 ? "," : "") + "{\"name\":" + json_string(r.name) +
                 ",\"submitted\":" + (r.team->pending ? "true" : "false") +
                 ",\"joined_round\":" + std::to_string(r.team->joined_round) + ",\"score\":" + json_number(r.score) +
                 ",\"customers\":" + json_number(r.snap.customers) + ",\"nps\":" + json_number(r.snap.nps) +
                 ",\"net_revenue\":" + json_number(r.snap.net_revenue) + ",\"referrals\":" + json_number(r.snap.referrals) +
                 ",\"decisions\":" + decisions_json(*r.team, rules_) + ",\"series\":{\"active_customers\":" +
                 json_array(r.traj->active_customers) + ",\"nps\":" + json_array(r.traj->nps) +
                 ",\"net_revenue\":" + json_array(r.traj->net_revenue) + "}}";
    }
    const std::int64_t ticks = g.rec.round * rules_.ticks_per_round;
    return "{\"title\":" + json_string(rules_.title) + ",\"code\":\"" + g.rec.code + "\",\"status\":\"" +
           status_name(g.rec.status) + "\",\"round\":" + std::to_string(g.rec.round) + ",\"rounds\":" +
           std::to_string(rules_.rounds) + ",\"timer_left\":" + timer_left(g) + ",\"timer_seconds\":" +
           json_number(g.rec.timer_seconds) + ",\"advancing\":" + (g.advancing ? "true" : "false") +
           ",\"revealed\":" + (g.rec.revealed ? "true" : "false") + ",\"levers\":" + [&] {
               std::string l = "[";
               for (const auto& f : lever_fields(rules_)) l += (l.size() > 1 ? "," : "") + json_string(f);
               return l + "]";
           }() + ",\"hire\":" + (rules_.hire.allowed ? "true" : "false") + ",\"score_label\":" + json_string(score_label(rules_.scoring)) +
           ",\"last_advance_seconds\":" + json_number(g.last_advance_seconds) +
           ",\"save_error\":" + (g.save_error.empty() ? std::string("null") : json_string(g.save_error)) +
           ",\"day\":" + days_json(ticks, g.warmed.dt_days) + ",\"reference\":{\"active_customers\":" +
           json_array(g.builtin_traj[0].active_customers) + ",\"nps\":" + json_array(g.builtin_traj[0].nps) +
           ",\"net_revenue\":" + json_array(g.builtin_traj[0].net_revenue) + "},\"teams\":" + teams + "]}";
}

std::vector<Mattered> what_mattered(const std::vector<Ranked>& all, const GameRules& rules) {
    // Halves of the rounds played (a game ended early has fewer than rules.rounds).
    const std::int64_t played = all.empty() ? 0 : static_cast<std::int64_t>(all.front().traj->spend.size()) / rules.ticks_per_round;
    const std::int64_t half = (played / 2) * rules.ticks_per_round;
    struct Feature {
        const char* more;  // "companies that ... scored higher"
        std::function<double(const Trajectories&)> value;
    };
    const std::vector<Feature> features{
        {"spent more on programmes in total",
         [](const Trajectories& t) { return last(t.engagement_spend) + last(t.ambassadorship_spend); }},
        {"put a larger share of their spend into ambassadorship",
         [](const Trajectories& t) {
             const double s = last(t.engagement_spend) + last(t.ambassadorship_spend);
             return s > 0 ? last(t.ambassadorship_spend) / s : 0.5;
         }},
        {"spent more on ambassadorship in the first half of the game",
         [half](const Trajectories& t) { return at(t.ambassadorship_spend, half); }},
        {"spent more on engagement in the first half of the game",
         [half](const Trajectories& t) { return at(t.engagement_spend, half); }},
        {"spent more on ambassadorship in the second half",
         [half](const Trajectories& t) { return last(t.ambassadorship_spend) - at(t.ambassadorship_spend, half); }},
        {"spent more on engagement in the second half",
         [half](const Trajectories& t) { return last(t.engagement_spend) - at(t.engagement_spend, half); }},
        // The capacity lever (all 0, so skipped below, when the game does not allow it).
        {"hired more extra front-line staff (on average over the game)",
         [](const Trajectories& t) {
             return t.extra_front_line.empty() ? 0.0
                                               : std::accumulate(t.extra_front_line.begin(), t.extra_front_line.end(), 0.0) /
                                                     static_cast<double>(t.extra_front_line.size());
         }},
    };
    std::vector<Mattered> out;
    if (all.size() < 4) return out;
    std::vector<double> score;
    for (const Ranked& r : all) score.push_back(r.score);
    for (const Feature& f : features) {
        std::vector<double> x;
        for (const Ranked& r : all) x.push_back(f.value(*r.traj));
        // A pattern every company shared (e.g. a half not played) says nothing.
        if (std::all_of(x.begin(), x.end(), [&](double v) { return v == x.front(); })) continue;
        const double rho = spearman(x, score);
        out.push_back({f.more, rho,
                       std::string("Companies that ") + f.more + " scored " + (rho >= 0 ? "higher" : "lower") +
                           " (rank correlation " + fmt(rho, 2) + " over " + std::to_string(all.size()) + " companies)."});
    }
    std::stable_sort(out.begin(), out.end(), [](const Mattered& a, const Mattered& b) { return std::abs(a.rho) > std::abs(b.rho); });
    return out;
}

std::string Game::debrief_json(const std::string& who) const {
    const Impl& g = *impl_;
    std::lock_guard lock(g.m);
    if (!g.is_key(who) && !(g.rec.revealed && g.team_by_token(who) >= 0))
        throw RequestError("key", "the debrief is the facilitator's until revealed");
    const auto all = ranking(g, rules_, true);
    std::string companies = "[";
    for (const Ranked& r : all)
        companies += std::string(companies.size() > 1 ? "," : "") + "{\"name\":" + json_string(r.name) +
                     ",\"builtin\":" + (r.builtin ? "true" : "false") + ",\"score\":" + json_number(r.score) +
                     ",\"customers\":" + json_number(r.snap.customers) + ",\"nps\":" + json_number(r.snap.nps) +
                     ",\"net_revenue\":" + json_number(r.snap.net_revenue) +
                     ",\"referrals\":" + json_number(r.snap.referrals) + ",\"net_revenue_series\":" +
                     json_array(r.traj->net_revenue) + ",\"customers_series\":" + json_array(r.traj->active_customers) + "}";
    std::string mattered = "[";
    for (const Mattered& m : what_mattered(all, rules_))
        mattered += std::string(mattered.size() > 1 ? "," : "") + "{\"what\":" + json_string(m.what) +
                    ",\"rho\":" + json_number(m.rho) + ",\"sentence\":" + json_string(m.sentence) + "}";
    const std::int64_t ticks = g.rec.round * rules_.ticks_per_round;
    return "{\"round\":" + std::to_string(g.rec.round) + ",\"rounds\":" + std::to_string(rules_.rounds) +
           ",\"score_label\":" + json_string(score_label(rules_.scoring)) + ",\"day\":" + days_json(ticks, g.warmed.dt_days) +
           ",\"companies\":" + companies + "],\"mattered\":" + mattered + "]}";
}

}  // namespace ambassim::serve
