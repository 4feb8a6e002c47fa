// The game's exports (see game_state.hpp): every company's run as one HDF5
// comparison file (the `ambassim compare` layout, strategy axis = the teams
// then the built-ins, one replicate, plus /game with the decisions), a
// team's decisions as a scenario that `ambassim compare` replays exactly,
// and the debrief as a self-contained HTML page.
#include "sim/serve/game_views.hpp"

#include "sim/serve/json.hpp"

#include "analysis/compare/comparison.hpp"
#include "sim/output/hdf5_file.hpp"
#include "sim/scenario/assignment.hpp"
#include "sim/scenario/param_check.hpp"
#include "sim/util/errors.hpp"

#include <unistd.h>

#include <atomic>
#include <algorithm>
#include <cmath>
#include <filesystem>
#include <functional>
#include <fstream>
#include <random>
#include <sstream>

namespace ambassim::serve {
namespace {

std::string html_escape(const std::string& s) {
    std::string out;
    for (const char c : s) {
        if (c == '<') out += "&lt;";
        else if (c == '>') out += "&gt;";
        else if (c == '&') out += "&amp;";
        else if (c == '"') out += "&quot;";
        else out += c;
    }
    return out;
}

std::string num(double v, int decimals = 0) {
    char buf[48];
    std::snprintf(buf, sizeof buf, "%.*f", decimals, v);
    return buf;
}

// 12,345 (and 1.2M on axes): numbers people read at a glance.
std::string readable(double v, bool millions = true) {
    const double a = std::abs(v);
    if (millions && a >= 1e6) return num(v / 1e6, 1) + "M";
    std::string s = num(a);
    for (int i = static_cast<int>(s.size()) - 3; i > 0; i -= 3) s.insert(static_cast<std::size_t>(i), ",");
    return (v < 0 && s != "0" ? "-" : "") + s;
}

// An SVG line chart of one series per company (built-ins dashed), x in
// months, each line named at its end (names moved apart so none overlap).
std::string svg_chart(const std::vector<Ranked>& all, const std::function<std::vector<double>(const Ranked&)>& series,
                      const std::string& title, double dt_days) {
    constexpr double W = 900, H = 380, L = 90, R = 250, T = 30, B = 50, kLabelGap = 14;
    double lo = 0, hi = 1;
    std::size_t n = 0;
    bool first = true;
    for (const Ranked& r : all) {
        const auto values = series(r);
        for (const double v : values) {
            if (first) lo = hi = v, first = false;
            lo = std::min(lo, v), hi = std::max(hi, v);
        }
        n = std::max(n, values.size());
    }
    if (hi <= lo) hi = lo + 1;
    const auto x_of = [&](double t) { return L + (W - L - R) * t / static_cast<double>(std::max<std::size_t>(n, 1)); };
    const auto y_of = [&](double v) { return H - B - (H - T - B) * (v - lo) / (hi - lo); };
    static const char* kColours[] = {"#1f77b4", "#d62728", "#2ca02c", "#9467bd", "#ff7f0e", "#17becf",
                                     "#8c564b", "#e377c2", "#bcbd22", "#7f7f7f"};
    std::string out = "<svg viewBox=\"0 0 " + num(W) + " " + num(H) + "\" width=\"" + num(W) + "\" role=\"img\" aria-label=\"" +
                      html_escape(title) + "\"><text x=\"" + num(L) + "\" y=\"20\" font-size=\"16\">" + html_escape(title) + "</text>";
    for (int k = 0; k <= 4; ++k) {
        const double v = lo + (hi - lo) * k / 4, y = y_of(v);
        out += "<line x1=\"" + num(L) + "\" x2=\"" + num(W - R) + "\" y1=\"" + num(y) + "\" y2=\"" + num(y) +
               "\" stroke=\"#ddd\"/><text x=\"" + num(L - 8) + "\" y=\"" + num(y + 5) +
               "\" font-size=\"13\" text-anchor=\"end\">" + readable(v) + "</text>";
    }
    const double months = static_cast<double>(n) * dt_days / (365.0 / 12);
    const double step = months > 24 ? 6 : 3;
    for (double m = 0; m <= months + 1e-9; m += step) {
        const double x = x_of(m * (365.0 / 12) / dt_days);
        out += "<text x=\"" + num(x) + "\" y=\"" + num(H - B + 18) + "\" font-size=\"13\" text-anchor=\"middle\">" + num(m) +
               "</text>";
    }
    out += "<text x=\"" + num((L + W - R) / 2) + "\" y=\"" + num(H - 8) +
           "\" font-size=\"13\" text-anchor=\"middle\">months since the start</text>";
    std::vector<std::pair<double, std::string>> labels;  // (y, svg text)
    std::size_t c = 0;
    for (const Ranked& r : all) {
        const auto v = series(r);
        if (v.empty()) continue;
        std::string pts;
        for (std::size_t t = 0; t < v.size(); ++t) pts += num(x_of(static_cast<double>(t + 1)), 1) + "," + num(y_of(v[t]), 1) + " ";
        const std::string colour = r.builtin ? "#555" : kColours[c++ % 10];
        out += "<polyline fill=\"none\" stroke=\"" + colour + "\" stroke-width=\"" + (r.builtin ? "2" : "3") + "\"" +
               (r.builtin ? " stroke-dasharray=\"6 4\"" : "") + " points=\"" + pts + "\"/>";
        labels.push_back({y_of(v.back()), "\" font-size=\"13\" fill=\"" + colour + "\">" + html_escape(r.name) + "</text>"});
    }
    std::sort(labels.begin(), labels.end());
    for (std::size_t k = 1; k < labels.size(); ++k) labels[k].first = std::max(labels[k].first, labels[k - 1].first + kLabelGap);
    for (const auto& [y, text] : labels) out += "<text x=\"" + num(W - R + 6) + "\" y=\"" + num(y + 4) + text;
    return out + "</svg>";
}

std::string slug(const std::string& name) {
    std::string s;
    for (const char ch : name) {
        const char c = (ch >= 'A' && ch <= 'Z') ? static_cast<char>(ch - 'A' + 'a') : ch;
        if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) s += c;
        else if (!s.empty() && s.back() != '_') s += '_';
    }
    while (!s.empty() && s.back() == '_') s.pop_back();
    const std::string builtins = std::string("|") + kStrategyChoices + "|";
    if (s.empty() || !(s[0] >= 'a' && s[0] <= 'z') || builtins.find("|" + s + "|") != std::string::npos) s = "team_" + s;
    return s;
}

}  // namespace

std::string team_file_name(const std::string& team) { return slug(team); }

Scenario team_scenario(const GameRules& rules, const std::string& name, const std::string& label,
                       const std::vector<Decision>& decisions) {
    Scenario s = rules.scenario;
    NamedStrategy st{name, label, rules.budget_max, {}};
    for (std::size_t r = 0; r < decisions.size(); ++r)
        st.phases.push_back(round_phase(decisions[r], rules, static_cast<std::int64_t>(r)));
    s.strategies = {st};
    if (decisions.empty()) return s;
    std::vector<std::string> compared{name};
    for (const auto& b : game_builtins()) compared.push_back(b);
    const double horizon_days = static_cast<double>(rules.rounds * rules.ticks_per_round) * s.params.simulation.dt_days;
    // The rounds played; the built-ins switch family where they did in the game (half its horizon).
    assign(s, {make_assignment("simulation.ticks", static_cast<std::int64_t>(decisions.size()) * rules.ticks_per_round),
               make_assignment("strategy.switch_day", horizon_days / 2)});
    // Named strategies are the scenario's own, not a registry choice: set directly, then checked as a file would be.
    s.compare.strategies = compared;
    s.compare.replicates = 1;
    validate(s);
    return s;
}

std::string Game::team_scenario_toml(const std::string& who, const std::string& team) const {
    const Impl& g = *impl_;
    std::lock_guard lock(g.m);
    const int i = g.team_by_name(team);
    if (i < 0) throw RequestError("team", "no team of that name");
    const Team& t = g.rec.teams[static_cast<std::size_t>(i)];
    if (!g.is_key(who) && t.token != who) throw RequestError("key", "a team's scenario is the facilitator's or the team's own");
    if (t.decisions.empty()) throw GameConflict("no round has been played yet");
    const std::string name = team_file_name(t.name);
    const Scenario s = team_scenario(rules_, name, t.name, t.decisions);
    std::string comment = "Team \"" + t.name + "\" of the class game \"" + rules_.title + "\" (" + rules_.path + "), " +
                          std::to_string(t.decisions.size()) + (t.decisions.size() == 1 ? " round of " : " rounds of ") +
                          format_number(rules_.round_days) +
                          " days, as the named strategy `" + name + "`.\nEach of its phases is one round's decision: " +
                          "the shares of the budget cap (" + format_number(rules_.budget_max) +
                          " per employee and year) scaled by the team's budget that round" +
                          (rules_.hire.allowed ? "; extra_front_line is the extra front-line staff it hired" : "") + ".\n" +
                          "ambassim compare FILE.toml replays the team's company exactly, beside the built-ins on the same world.";
    for (std::size_t r = 0; r < t.decisions.size(); ++r)
        comment += "\nround " + std::to_string(r + 1) + ": budget " + format_number(t.decisions[r].budget) + ", " + [&] {
            std::string d;
            for (const auto& f : lever_fields(rules_))
                d += (d.empty() ? "" : ", ") + f + " " + format_number(share_of(t.decisions[r].shares, f));
            if (rules_.hire.allowed) d += ", hire " + format_number(t.decisions[r].shares.extra_front_line);
            return d;
        }();
    const NamedStrategy& st = s.strategies.front();
    return scenario_toml(s, comment) + "\n[strategies." + name + "]\nlabel = \"" + st.label +
           "\"\nbudget_per_employee_per_year = " + format_toml_float(st.budget_per_employee_per_year) + "\n" +
           phase_tables(st.phases, "strategies." + name + ".phases");
}

std::string Game::debrief_html(const std::string& key) const {
    const Impl& g = *impl_;
    std::lock_guard lock(g.m);
    if (!g.is_key(key)) throw RequestError("key", "not the facilitator's key");
    const auto all = ranking(g, rules_, true);
    std::ostringstream h;
    h << "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>Debrief: " << html_escape(rules_.title)
      << "</title><style>body{font-family:sans-serif;max-width:1000px;margin:2em auto;font-size:18px;color:#222}"
         "table{border-collapse:collapse;width:100%}td,th{padding:6px 10px;border-bottom:1px solid #ccc;text-align:right}"
         "td:first-child,th:first-child{text-align:left}tr.builtin{color:#555;font-style:italic}</style></head><body>";
    h << "<h1>Debrief: " << html_escape(rules_.title) << "</h1><p>" << g.rec.round << " of " << rules_.rounds
      << " rounds of " << format_number(rules_.round_days) << " days played by " << g.rec.teams.size()
      << " teams. Every company ran in the same world (same seed): differences come only from decisions. "
         "The built-in strategies ran alongside at the default budget of "
      << format_number(rules_.default_decision.budget) << " per employee and year.</p>";
    h << "<h2>Standings: " << html_escape(score_label(rules_.scoring)) << "</h2><table><tr><th>Company</th><th>Score</th>"
         "<th>Customers</th><th>NPS</th><th>Net revenue</th><th>Referrals</th></tr>";
    for (const Ranked& r : all)
        h << "<tr" << (r.builtin ? " class=\"builtin\"" : "") << "><td>" << html_escape(r.name) << "</td><td>"
          << num(r.score, 1) << "</td><td>" << readable(r.snap.customers, false) << "</td><td>" << num(r.snap.nps, 1) << "</td><td>"
          << readable(r.snap.net_revenue, false) << "</td><td>" << readable(r.snap.referrals, false) << "</td></tr>";
    h << "</table><h2>Which decisions mattered</h2><ul>";
    const auto mattered = what_mattered(all, rules_);
    if (mattered.empty()) h << "<li>Too few companies to say.</li>";
    for (std::size_t k = 0; k < mattered.size() && k < 3; ++k) h << "<li>" << html_escape(mattered[k].sentence) << "</li>";
    h << "</ul><p>Correlations over a handful of companies are hints, not proof: the built-in strategies show the "
         "pure plans on the same world.</p>";
    // Differences from the company that spends nothing: cumulative totals differ by a few percent.
    const Trajectories& none = g.builtin_traj[0];
    const auto above = [](const std::vector<double>& v, const std::vector<double>& ref) {
        std::vector<double> d(v.size());
        for (std::size_t t = 0; t < v.size() && t < ref.size(); ++t) d[t] = v[t] - ref[t];
        return d;
    };
    h << svg_chart(all, [&](const Ranked& r) { return above(r.traj->net_revenue, none.net_revenue); },
                   "Net revenue above doing nothing (cumulative; built-ins dashed)", g.warmed.dt_days);
    h << svg_chart(all, [&](const Ranked& r) { return above(r.traj->active_customers, none.active_customers); },
                   "Active customers above doing nothing", g.warmed.dt_days);
    h << "<h2>Decisions per round</h2><table><tr><th>Team</th>";
    for (std::int64_t r = 0; r < g.rec.round; ++r) h << "<th>Round " << r + 1 << "</th>";
    h << "</tr>";
    for (const Team& t : g.rec.teams) {
        h << "<tr><td>" << html_escape(t.name) << "</td>";
        for (const Decision& d : t.decisions) {
            h << "<td>" << format_number(d.budget);
            for (const auto& f : lever_fields(rules_)) h << " · " << f.substr(0, 3) << " " << num(100 * share_of(d.shares, f)) << "%";
            if (rules_.hire.allowed) h << " · hire " << num(100 * d.shares.extra_front_line) << "%";
            h << "</td>";
        }
        h << "</tr>";
    }
    h << "</table></body></html>\n";
    return h.str();
}

std::string Game::export_h5(const std::string& key) const {
    const Impl& g = *impl_;
    std::vector<const CompanySim*> cs;
    std::vector<std::string> names;
    std::vector<double> decisions;
    std::int64_t rounds = 0;
    std::size_t teams = 0;
    // The simulation lock keeps the worlds still; the state lock only while copying the record.
    std::lock_guard sim(const_cast<std::mutex&>(g.sim_m));
    {
        std::lock_guard lock(g.m);
        if (!g.is_key(key)) throw RequestError("key", "not the facilitator's key");
        rounds = g.rec.round;
        if (rounds == 0) throw GameConflict("no round has been played yet");
        teams = g.rec.teams.size();
        if (teams == 0) throw GameConflict("no team has joined");
        for (std::size_t i = 0; i < teams; ++i) {
            if (g.teams.size() <= i || g.teams[i].rounds_run < rounds) throw GameConflict("a company is still being caught up; try again");
            cs.push_back(&g.teams[i]);
            names.push_back(g.rec.teams[i].name);
            for (const Decision& d : g.rec.teams[i].decisions)
                for (const double v : decision_values(d)) decisions.push_back(v);
        }
    }
    for (std::size_t b = 0; b < g.builtins.size(); ++b) cs.push_back(&g.builtins[b]), names.push_back(game_builtins()[b]);
    const ComparisonData data = g.data_of(cs, names, rounds * rules_.ticks_per_round);
    static std::atomic<int> serial{0};
    const auto path = std::filesystem::temp_directory_path() /
                      ("ambassim-game-" + std::to_string(::getpid()) + "-" + std::to_string(serial++) + ".h5");
    {
        H5Output out(path, false);
        write_provenance(out, rules_.scenario, MarketPools{data.prospects_resolved[0], data.former_resolved[0], 0, data.market_short[0] != 0},
                         data.people[0]);
        out.set_attribute("/", "format", std::string("ambassim-compare"));
        out.set_attribute("/", "strategy", std::string("(class game)"));
        out.set_attribute("/", "replicates", std::int64_t{1});
        write_comparison_runs(out, data);
        write_comparison_summary(out, summarise_comparison(data));
        out.set_attribute("/", "complete", std::int64_t{1});
        out.set_attribute("/", "game_text", rules_.text);
        out.set_attribute("/", "game_title", rules_.title);
        out.write_strings("/game/teams", std::vector<std::string>(names.begin(), names.begin() + static_cast<std::ptrdiff_t>(teams)),
                          {"", "the teams (the first entries of the strategy axis)", {"team"}});
        out.write_strings("/game/decision_fields", decision_value_names(),
                          {"", "budget (per employee and year), then the share of it per family and programme, then extra_front_line "
                           "(the capacity lever: extra front-line staff as a share of the front line; 0 when the game "
                           "does not allow it)", {"field"}});
        out.write("/game/decisions", decisions, {teams, static_cast<std::uint64_t>(rounds), decision_value_names().size()},
                  {"", "each team's decision in each round", {"team", "round", "field"}});
        out.commit();
    }
    std::ifstream in(path, std::ios::binary);
    std::ostringstream bytes;
    bytes << in.rdbuf();
    in.close();
    std::filesystem::remove(path);
    return bytes.str();
}

}  // namespace ambassim::serve
