// Game files and submissions (see game_rules.hpp). The world's keys are
// applied through the scenario's typed assignments (sim/scenario), so they
// are checked by the same rules as a scenario file.
#include "sim/serve/game_rules.hpp"

#include "sim/serve/json.hpp"
#include "sim/serve/query.hpp"

#include "sim/scenario/assignment.hpp"
#include "sim/scenario/param_check.hpp"
#include "sim/scenario/toml_view.hpp"
#include "sim/util/key_suggest.hpp"
#include "sim/util/text_input.hpp"

#include <algorithm>
#include <cmath>
#include <set>

namespace ambassim::serve {
namespace {

using Pos = TomlPos;
constexpr double kSumTolerance = 1e-9;  // as the scenario validator's

const std::vector<std::string> kBuiltins{"none", "engagement_first", "ambassadorship_first", "balanced"};
const std::vector<std::string> kFamilyFields{"engagement", "ambassadorship"};
const std::vector<std::string> kProgramFields{"career",   "management", "cohesion", "alignment",
                                              "training", "mission",    "process",  "recognition"};
const std::vector<std::string> kMetrics{"balanced", "net_revenue", "nps", "active_customers", "referrals"};

class GameReader {
public:
    GameReader(GameRules& g, const std::string& name, std::filesystem::path dir)
        : g_(g), origin_{name, false}, dir_(std::move(dir)) {}

    void read(const TomlNode& root) {
        static const std::vector<std::string> kSections{"game",    "world", "budget", "default_decision",
                                                        "scoring", "news",  "hire"};
        TomlNode sections[7];
        for (const auto& [key, key_pos, node] : root.entries()) {
            const auto it = std::find(kSections.begin(), kSections.end(), key);
            if (it == kSections.end()) {
                const std::string near = nearest_name(key, kSections);
                fail(key_pos, "unknown section `" + printable(key) + "`" +
                                      (near.empty() ? "" : " (did you mean `" + near + "`?)") +
                                      "; a game file has [game], [world], [budget], [default_decision], [scoring], [news], "
                                      "[hire]");
            }
            if (!node.is_table()) fail(key_pos, "key `" + key + "` must be a table ([" + key + "]), got " + node.type_name());
            sections[it - kSections.begin()] = node;
            positions_[key] = key_pos;
        }
        if (!sections[0]) fail(Pos{}, "no [game] table; a game file needs [game] with at least `scenario`");
        read_game(sections[0]);
        load_world(sections[1]);
        if (sections[2]) read_budget(sections[2]);
        if (sections[6]) read_hire(sections[6]);
        read_default(sections[3]);
        if (sections[4]) read_scoring(sections[4]);
        if (sections[5]) read_news(sections[5]);
    }

private:
    GameRules& g_;
    TextOrigin origin_;
    std::filesystem::path dir_;
    std::map<std::string, Pos> positions_;
    Pos scenario_pos_, round_days_pos_;
    double budget_default_ = -1;
    Pos budget_default_pos_;

    [[noreturn]] void fail(const Pos& pos, const std::string& problem) const { fail_at(origin_, pos, problem); }

    double number(const std::string& key, const Pos& pos, const TomlNode& n, double lo, double hi) const {
        const auto v = n.number();
        if (!v) fail(pos, "key `" + key + "` must be a number, got " + n.type_name());
        if (!std::isfinite(*v) || *v < lo || *v > hi)
            fail(pos, "key `" + key + "` must be in [" + format_number(lo) + ", " + format_number(hi) + "], got " +
                          format_number(*v));
        return *v;
    }
    std::int64_t integer(const std::string& key, const Pos& pos, const TomlNode& n, std::int64_t lo, std::int64_t hi) const {
        const auto i = n.integer();
        if (!i) fail(pos, "key `" + key + "` must be an integer, got " + n.type_name());
        if (*i < lo || *i > hi)
            fail(pos, "key `" + key + "` must be in [" + std::to_string(lo) + ", " + std::to_string(hi) + "], got " +
                          std::to_string(*i));
        return *i;
    }
    std::string string(const std::string& key, const Pos& pos, const TomlNode& n) const {
        const auto s = n.string();
        if (!s) fail(pos, "key `" + key + "` must be a string, got " + n.type_name());
        return *s;
    }
    template <class F>
    void keys(const TomlNode& t, const std::string& section, const std::vector<std::string>& known, F&& f) const {
        for (const auto& [key, key_pos, node] : t.entries()) {
            if (std::find(known.begin(), known.end(), key) == known.end()) {
                const std::string near = nearest_name(key, known);
                fail(key_pos, "unknown key `" + section + "." + printable(key) + "`" +
                                      (near.empty() ? "" : " (did you mean `" + section + "." + near + "`?)"));
            }
            f(key, key_pos, node);
        }
    }

    void read_game(const TomlNode& t) {
        bool scenario = false;
        keys(t, "game", {"title", "scenario", "rounds", "round_days", "round_minutes", "levers", "max_teams"},
             [&](const std::string& k, const Pos& pos, const TomlNode& n) {
                 const std::string key = "game." + k;
                 if (k == "title") g_.title = printable(string(key, pos, n), 120);
                 else if (k == "scenario") g_.scenario_path = string(key, pos, n), scenario = true, scenario_pos_ = pos;
                 else if (k == "rounds") g_.rounds = integer(key, pos, n, 1, 40);
                 else if (k == "round_days") g_.round_days = number(key, pos, n, 1, 365), round_days_pos_ = pos;
                 else if (k == "round_minutes") g_.round_seconds = 60 * number(key, pos, n, 0, 120);
                 else if (k == "max_teams") g_.max_teams = integer(key, pos, n, 1, 200);
                 else if (k == "levers") read_levers(pos, n);
             });
        if (!scenario) fail(positions_["game"], "key `game.scenario` is missing: name the scenario file of the world");
        if (g_.title.empty()) g_.title = "The ambassim class game";
    }

    // [world]: scenario keys (dotted, e.g. customers.customers = 10000) over the scenario file.
    void collect(const TomlNode& t, const std::string& prefix, std::vector<TomlEntry>& out) const {
        for (const auto& entry : t.entries()) {
            const std::string full = prefix.empty() ? entry.key : prefix + "." + entry.key;
            if (entry.value.is_table()) collect(entry.value, full, out);
            else out.push_back({full, entry.key_pos, entry.value});
        }
    }

    void load_world(const TomlNode& world) {
        const std::filesystem::path file = dir_ / g_.scenario_path;
        try {
            g_.scenario = load_scenario(file);
        } catch (const InputError& e) {
            fail(scenario_pos_, "key `game.scenario`: " + std::string(e.what()));
        }
        if (world) {
            std::vector<TomlEntry> items;
            collect(world, "", items);
            std::vector<Assignment> assignments;
            for (const auto& [key, pos, n] : items) {
                for (const char* own : {"strategy.", "compare.", "simulation.ticks", "run.replicate", "run.output", "run.threads"})
                    if (key.rfind(own, 0) == 0)
                        fail(pos, "key `world." + key + "` is set by the game (teams' decisions, rounds and the debrief's built-ins)");
                ParamValue v;
                if (const auto i = n.integer()) v = *i;
                else if (const auto f = n.floating()) v = *f;
                else if (const auto b = n.boolean()) v = *b;
                else if (const auto s = n.string()) v = *s;
                else fail(pos, "key `world." + key + "` must be a number, string or boolean, got " + n.type_name());
                try {
                    assignments.push_back(make_assignment(key, v));
                } catch (const InputError& e) {
                    fail(pos, "key `world." + key + "`: " + e.what());
                }
            }
            // All at once: validation sees the whole world (employees and units together).
            try {
                assign(g_.scenario, assignments);
            } catch (const InputError& e) {
                std::string m = e.what();
                Pos pos = positions_["world"];
                std::string key;
                for (std::size_t k = 0; k < assignments.size(); ++k)
                    if (m.rfind("--set " + assignments[k].text + ": ", 0) == 0) {
                        pos = items[k].key_pos, key = assignments[k].key;
                        m = m.substr(6 + assignments[k].text.size() + 2);
                    }
                fail(pos, key.empty() ? "[world]: " + m : "key `world." + key + "`: " + m);
            }
        }
        const double dt = g_.scenario.params.simulation.dt_days;
        const double tpr = g_.round_days / dt;
        if (std::abs(tpr - std::round(tpr)) > 1e-9 || std::round(tpr) < 1)
            fail(round_days_pos_, "key `game.round_days` must be a whole number of ticks (simulation.dt_days = " +
                                      format_number(dt) + "), got " + format_number(g_.round_days));
        g_.ticks_per_round = std::llround(tpr);
        try {
            assign(g_.scenario, {make_assignment("simulation.ticks", g_.rounds * g_.ticks_per_round),
                                 make_assignment("strategy.name", std::string("none")),
                                 make_assignment("strategy.phases", std::vector<AllocationPhase>{}),
                                 make_assignment("compare.strategies", kBuiltins),
                                 make_assignment("compare.replicates", std::int64_t{1})});
        } catch (const InputError& e) {
            fail(positions_["game"], std::string("the game's world: ") + e.what());
        }
        g_.scenario.plan.threads = 0;
    }

    // `levers = "families"` or a list: one of "families", "programs", and
    // optionally "hire" (the capacity lever).
    void read_levers(const Pos& pos, const TomlNode& n) {
        const char* expected = "key `game.levers` must be \"families\", \"programs\" or a list of one of them and "
                               "\"hire\" (e.g. [\"programs\", \"hire\"])";
        std::vector<std::string> names;
        if (n.is_array()) {
            for (std::size_t i = 0; i < n.size(); ++i) {
                const auto s = n.at(i).string();
                if (!s) fail(pos, std::string(expected) + ", got a list holding " + n.at(i).type_name());
                names.push_back(*s);
            }
        } else if (const auto s = n.string()) {
            names.push_back(*s);
        } else {
            fail(pos, std::string(expected) + ", got " + n.type_name());
        }
        int split = 0;
        for (const std::string& v : names) {
            if (v == "families") g_.levers = Levers::families, ++split;
            else if (v == "programs") g_.levers = Levers::programs, ++split;
            else if (v == kHireField) {
                if (g_.hire.allowed) fail(pos, "key `game.levers` names \"hire\" twice");
                g_.hire.allowed = true;
            } else fail(pos, std::string(expected) + "; got \"" + printable(v) + "\"");
        }
        if (split != 1) fail(pos, std::string(expected) + "; name exactly one of \"families\" and \"programs\"");
    }

    // [hire]: the capacity lever's bounds (only with "hire" in game.levers).
    void read_hire(const TomlNode& t) {
        if (!g_.hire.allowed)
            fail(positions_["hire"], "[hire] given but `game.levers` does not name \"hire\"; add it (e.g. levers = "
                                     "[\"programs\", \"hire\"]) or remove [hire]");
        keys(t, "hire", {"max", "step"}, [&](const std::string& k, const Pos& pos, const TomlNode& n) {
            const double v = number("hire." + k, pos, n, 0, 1);
            (k == "max" ? g_.hire.max : g_.hire.step) = v;
        });
        if (!(g_.hire.max > 0)) fail(positions_["hire"], "key `hire.max` must be above 0");
        if (!(g_.hire.step > 0) || g_.hire.step > g_.hire.max)
            fail(positions_["hire"], "key `hire.step` must be above 0 and at most `hire.max`");
    }

    void read_budget(const TomlNode& t) {
        keys(t, "budget", {"min", "max", "default"}, [&](const std::string& k, const Pos& pos, const TomlNode& n) {
            const double v = number("budget." + k, pos, n, 0, 100000);
            if (k == "min") g_.budget_min = v;
            else if (k == "max") g_.budget_max = v;
            else budget_default_ = v, budget_default_pos_ = pos;
        });
        if (g_.budget_max < g_.budget_min || g_.budget_max <= 0)
            fail(positions_["budget"], "key `budget.max` must be above 0 and at least `budget.min`");
    }

    void read_default(const TomlNode& t) {
        Decision& d = g_.default_decision;
        d.budget = budget_default_ >= 0 ? budget_default_ : std::clamp(g_.scenario.params.programs.budget_per_employee_per_year,
                                                                      g_.budget_min, g_.budget_max);
        if (d.budget < g_.budget_min || d.budget > g_.budget_max)
            fail(budget_default_pos_, "key `budget.default` must be in [budget.min, budget.max]");
        // The built-in strategies of the debrief spend the default budget.
        assign(g_.scenario, {make_assignment("programs.budget_per_employee_per_year", d.budget)});
        if (!t) return;
        auto fields = lever_fields(g_);
        if (g_.hire.allowed) fields.push_back(kHireField);
        double sum = 0;
        keys(t, "default_decision", fields, [&](const std::string& k, const Pos& pos, const TomlNode& n) {
            if (k == kHireField) d.shares.extra_front_line = number("default_decision.hire", pos, n, 0, g_.hire.max);
            else sum += share_of(d.shares, k) = number("default_decision." + k, pos, n, 0, 1);
        });
        if (sum > 1 + kSumTolerance) fail(positions_["default_decision"], "the shares of [default_decision] sum to " +
                                                                            json_number(sum) + ", above 1");
    }

    void read_scoring(const TomlNode& t) {
        keys(t, "scoring", {"metric", "net_revenue", "nps", "active_customers"},
             [&](const std::string& k, const Pos& pos, const TomlNode& n) {
                 if (k == "metric") {
                     g_.scoring.metric = string("scoring.metric", pos, n);
                     if (std::find(kMetrics.begin(), kMetrics.end(), g_.scoring.metric) == kMetrics.end())
                         fail(pos, "key `scoring.metric` must be one of balanced, net_revenue, nps, active_customers, "
                                   "referrals; got \"" + printable(g_.scoring.metric) + "\"");
                 } else {
                     const double w = number("scoring." + k, pos, n, 0, 1000);
                     (k == "net_revenue" ? g_.scoring.net_revenue : k == "nps" ? g_.scoring.nps : g_.scoring.active_customers) = w;
                 }
             });
        if (g_.scoring.net_revenue + g_.scoring.nps + g_.scoring.active_customers <= 0)
            fail(positions_["scoring"], "the balanced score's weights are all 0");
    }

    void read_news(const TomlNode& t) {
        auto& s = g_.news;
        keys(t, "news", {"quits_rise", "nps_change", "customers_change", "load_high", "referrals_change"},
             [&](const std::string& k, const Pos& pos, const TomlNode& n) {
                 const double v = number("news." + k, pos, n, 0, 100);
                 if (k == "quits_rise") s.quits_rise = v;
                 else if (k == "nps_change") s.nps_change = v;
                 else if (k == "customers_change") s.customers_change = v;
                 else if (k == "load_high") s.load_high = v;
                 else s.referrals_change = v;
             });
    }
};

double* share_field(AllocationPhase& p, const std::string& f) {
    if (f == "engagement") return &p.engagement;
    if (f == "ambassadorship") return &p.ambassadorship;
    if (f == "career") return &p.career;
    if (f == "management") return &p.management;
    if (f == "cohesion") return &p.cohesion;
    if (f == "alignment") return &p.alignment;
    if (f == "training") return &p.training;
    if (f == "mission") return &p.mission;
    if (f == "process") return &p.process;
    if (f == "recognition") return &p.recognition;
    if (f == "extra_front_line") return &p.extra_front_line;
    return nullptr;
}

}  // namespace

const std::vector<std::string>& game_builtins() { return kBuiltins; }

std::vector<std::string> lever_fields(const GameRules& g) {
    return g.levers == Levers::families ? kFamilyFields : kProgramFields;
}

double& share_of(AllocationPhase& p, const std::string& f) {
    double* v = share_field(p, f);
    if (!v) throw std::invalid_argument("no share named " + f);
    return *v;
}
double share_of(const AllocationPhase& p, const std::string& f) { return share_of(const_cast<AllocationPhase&>(p), f); }

GameRules parse_game(const std::string& text, const std::string& name, const std::filesystem::path& dir) {
    GameRules g;
    g.path = name;
    g.text = text;
    const TextOrigin origin{name, false};
    const TomlDocument doc(text, origin);
    GameReader(g, name, dir).read(doc.root());
    return g;
}

GameRules load_game(const std::filesystem::path& file) {
    const std::string text = read_scenario_file(file);
    return parse_game(text, file.string(), file.parent_path());
}

Decision parse_decision(const std::map<std::string, std::string>& form, const GameRules& g,
                        const std::vector<std::string>& ignored) {
    const auto fields = lever_fields(g);
    const bool hire = g.hire.allowed;
    for (const auto& [k, v] : form) {
        (void)v;
        if (k != "budget" && !(hire && k == kHireField) && std::find(fields.begin(), fields.end(), k) == fields.end() &&
            std::find(ignored.begin(), ignored.end(), k) == ignored.end())
            throw RequestError(printable(k, 40), k == kHireField || k == "hiring" || k == "extra_front_line"
                                                     ? (hire ? "the capacity lever's field is `hire`"
                                                             : "this game has no hiring lever")
                                                     : "unknown field (this game's levers: budget, " +
                                                           [&] {
                                                               std::string s;
                                                               for (const auto& f : fields) s += (s.empty() ? "" : ", ") + f;
                                                               return s + (hire ? ", hire" : "");
                                                           }() + ")");
    }
    Decision d;
    const auto b = form.find("budget");
    if (b == form.end()) throw RequestError("budget", "missing");
    d.budget = parse_number("budget", b->second, g.budget_min, g.budget_max);
    double sum = 0;
    for (const auto& f : fields) {
        const auto it = form.find(f);
        if (it != form.end()) sum += share_of(d.shares, f) = parse_number(f, it->second, 0, 1);
    }
    if (sum > 1 + kSumTolerance)
        throw RequestError("shares", "sum to " + json_number(sum) + "; together they can take at most the whole budget (1)");
    if (const auto h = form.find(kHireField); hire && h != form.end())
        d.shares.extra_front_line = parse_number(kHireField, h->second, 0, g.hire.max);
    return d;
}

AllocationPhase round_phase(const Decision& d, const GameRules& g, std::int64_t round) {
    AllocationPhase p;
    p.start_day = static_cast<double>(round * g.ticks_per_round) * g.scenario.params.simulation.dt_days;
    const double scale = d.budget / g.budget_max;
    for (const auto& f : kFamilyFields) share_of(p, f) = share_of(d.shares, f) * scale;
    for (const auto& f : kProgramFields) share_of(p, f) = share_of(d.shares, f) * scale;
    p.extra_front_line = d.shares.extra_front_line;  // staff, not budget: not scaled
    return p;
}

std::string decision_json(const Decision& d, const GameRules& g) {
    std::string out = "{\"budget\":" + json_number(d.budget);
    for (const auto& f : lever_fields(g)) out += "," + json_string(f) + ":" + json_number(share_of(d.shares, f));
    if (g.hire.allowed) out += ",\"hire\":" + json_number(d.shares.extra_front_line);
    return out + "}";
}

}  // namespace ambassim::serve
