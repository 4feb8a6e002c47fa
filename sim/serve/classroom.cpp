// Lessons, request validation and scenario export for the classroom page
// (see classroom.hpp). Every setting becomes a typed assignment through the
// scenario's own key registry (sim/scenario/assignment.hpp), so a request is
// checked by the same rules as a scenario file, after the narrower classroom
// caps below.
#include "sim/serve/classroom.hpp"

#include "sim/serve/query.hpp"

#include "sim/scenario/assignment.hpp"
#include "sim/scenario/key_registry.hpp"
#include "sim/util/text_input.hpp"

#include "analysis/compare/outcomes.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <set>

namespace ambassim::serve {
namespace {

// The classroom world: small enough to answer within a second on 2 cores.
// Weekly ticks (results do not depend on the tick length beyond noise,
// docs/model.md); two years after the scenario's own warm-up.
constexpr double kTickDays = 7;
constexpr double kDaysPerMonth = 365.0 / 12;
// Customers are fixed; employees keep the scenario's customers per employee,
// which sets the front line's load (a fixed head count overloaded some lessons).
constexpr std::int64_t kCustomers = 10000, kReplicates = 4;
constexpr double kYears = 2;
// A year's warm-up (52 weekly ticks, the market balanced throughout), not
// the scenarios' twenty years: a new world (any world control moved) must
// answer within the second, and the default warm-up alone costs about 2 CPU
// seconds at this size (and the market's arrangement, 0.6 s on one core, is
// skipped too). The two strategies shown side by side start from the same
// warmed-up world (common random numbers), so the slow drift a short
// warm-up leaves (docs/model.md 5) is common to both and cancels in their
// difference.
constexpr double kWarmupDays = 365;

const std::vector<Control> kControls{
    {"budget", "Budget", "per employee and year", 0, 5000, 100, false},
    {"before", "Engagement share, before the switch", "", 0, 1, 0.05, false},
    {"after", "Engagement share, after the switch", "", 0, 1, 0.05, false},
    {"switch_month", "Switch month", "", 0, 36, 1, false},
    {"satisfaction_weight", "Customers' weight on satisfaction (vs bond)", "", 0, 1, 0.05, false},
    {"capacity", "Front-line capacity", "encounters a day", 0.5, 4, 0.05, false},
    {"attrition", "Front-line attrition", "a year", 0, 1.5, 0.05, false},
    {"back_office", "Back-office share of staff", "", 0.05, 0.8, 0.05, false},
    {"replicates", "Replicates", "per strategy", 2, 8, 1, true},
    {"years", "Horizon", "years", 0.5, 3, 0.5, false},
    {"employees", "Employees", "", 100, 1000, 50, true},
    {"customers", "Customers", "", 1000, 30000, 1000, true},
    {"seed", "Seed", "", 0, 1e9, 1, true},
};

const std::vector<std::string> kSides{"custom", "none", "engagement_first", "ambassadorship_first", "balanced",
                                      "engagement_only", "ambassadorship_only"};

// Outcomes the page shows (names of analysis/compare/outcomes.hpp).
const std::set<std::string> kPageOutcomes{"active_customers", "nps", "referral_acquisitions", "net_revenue",
                                          "ambassadorship", "engagement", "experience", "employee_quits"};

struct LessonText {
    const char* id;
    const char* file;
    const char* title;
    const char* notice;
    const char* question;
};

const std::vector<LessonText> kLessonTexts{
    {"core", "engagement_vs_ambassadorship.toml", "1. Engagement first or ambassadorship first?",
     "Your plan (A) spends the budget on engagement in the first year and on ambassadorship in the second; B "
     "does the reverse. Engagement acts within weeks and fades; ambassadorship builds for months and pays "
     "back through loyalty and word of mouth. Watch when the curves part, and whether the band leaves zero.",
     "Before it runs: which plan keeps more customers after two years? Then try a 50/50 split: better or worse?"},
    {"contact_centre", "contact_centre.toml", "2. The contact centre: scarce capacity, high attrition",
     "Agents quit at 70% a year and the centre runs over capacity, so needs go unserved. Engagement adds "
     "capacity; the culture that ambassadorship builds leaves with every agent who quits.",
     "Move front-line capacity and attrition: when does the order of the programmes matter, and when not?"},
    {"satisfaction_market", "satisfaction_market.toml", "3. A market that rewards satisfaction, not the bond",
     "Here customers stay and recommend because of satisfaction (weight 90%), not the emotional bond: the "
     "hypothesis behind ambassadorship reversed. Compare NPS and active customers.",
     "Slide the weight on satisfaction back toward the bond. Where does ambassadorship start to pay?"},
    {"back_office", "back_office_heavy.toml", "4. The back-office-heavy firm",
     "Only 30% of staff meet customers; the quality customers get depends on processes run by the back "
     "office. Ambassadorship includes process redesign and customer-value training for every function.",
     "Why would programmes for staff who never meet a customer change what customers feel?"},
};

std::string number_text(double v) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.10g", v);
    return buf;
}

// Assigns through the registry; an error names `field` (the request's) instead of the --set text.
void set_keys(Scenario& s, const std::vector<Assignment>& a, const std::string& field) {
    try {
        assign(s, a);
    } catch (const InputError& e) {
        std::string m = e.what();
        if (m.rfind("--set ", 0) == 0) m = m.substr(6);
        throw RequestError(field, m);
    }
}

// The page's plan: the engagement family gets `before` of the budget until
// the switch, `after` from then on; the ambassadorship family the rest (each
// family's share spread over its programs by programs.*_share).
std::vector<AllocationPhase> plan_phases(const Params&, double before, double after, double switch_day) {
    auto phase = [&](double start, double e) {
        AllocationPhase ph;
        ph.start_day = start;
        ph.engagement = e;
        ph.ambassadorship = 1 - e;
        return ph;
    };
    if (switch_day <= 0) return {phase(0, after)};
    return {phase(0, before), phase(switch_day, after)};
}

// Initial controls of a lesson, read back from its scenario.
std::map<std::string, std::string> lesson_controls(const Scenario& s) {
    const Params& p = s.params;
    std::map<std::string, std::string> c;
    const auto& st = s.compare.strategies;
    const bool first_amb = std::find(st.begin(), st.end(), "ambassadorship_first") != st.end();
    c["a"] = "custom";
    c["b"] = first_amb ? "ambassadorship_first" : st.size() > 1 ? st[1] : "balanced";
    if (c["b"] == "custom" || c["b"] == "engagement_first") c["b"] = "balanced";
    c["budget"] = number_text(p.programs.budget_per_employee_per_year);
    c["before"] = "1";
    c["after"] = "0";
    c["switch_month"] = number_text(std::round(p.strategy.switch_day / kDaysPerMonth));
    c["satisfaction_weight"] = number_text(p.customers.loyalty_satisfaction_weight);
    c["capacity"] = number_text(p.encounters.capacity_per_day);
    c["attrition"] = number_text(p.employees.attrition_front_line_per_year);
    c["back_office"] = number_text(std::round(100 * (1 - p.organisation.front_line_share - p.organisation.manager_share)) / 100);
    c["replicates"] = std::to_string(s.compare.replicates);
    c["years"] = number_text(std::round(2 * static_cast<double>(p.simulation.ticks) * p.simulation.dt_days / 365) / 2);
    c["employees"] = std::to_string(p.organisation.employees);
    c["customers"] = std::to_string(p.customers.customers);
    c["seed"] = std::to_string(s.plan.seed);
    return c;
}

// A scenario file's own strategies and plan (e.g. one exported by the page):
// its first two compared strategies, and its custom phases read back as the
// plan's shares and switch month when they have the plan's shape.
void file_controls(const Scenario& s, std::map<std::string, std::string>& c) {
    const auto& st = s.compare.strategies;
    const auto side = [](const std::string& n) { return std::find(kSides.begin(), kSides.end(), n) != kSides.end(); };
    if (st.size() >= 2 && side(st[0]) && side(st[1])) c["a"] = st[0], c["b"] = st[1];
    // More replicates than the page allows only cost time: the page's cap is used.
    c["replicates"] = std::to_string(std::min<std::int64_t>(s.compare.replicates, 8));
    const auto& ph = s.params.strategy.phases;
    if (!ph.empty() && ph.size() <= 2) {
        c["before"] = number_text(ph.front().engagement);
        c["after"] = number_text(ph.back().engagement);
        const double day = ph.size() == 2 ? ph[1].start_day : 0;
        c["switch_month"] = number_text(std::round(100 * day / kDaysPerMonth) / 100);
    }
}

Lesson make_lesson(const std::string& id, const std::filesystem::path& file, bool scale) {
    Lesson l;
    l.id = id;
    l.source = file.filename().string();
    l.scenario = load_scenario(file);
    if (scale) {
        const auto& p = l.scenario.params;
        const std::int64_t units = std::min<std::int64_t>(p.organisation.units, 10);
        const std::int64_t employees = std::max<std::int64_t>(
            3 * units, std::llround(static_cast<double>(kCustomers) * static_cast<double>(p.organisation.employees) /
                                    static_cast<double>(p.customers.customers)));
        assign(l.scenario, {make_assignment("organisation.employees", employees),
                            make_assignment("organisation.units", units),
                            make_assignment("customers.customers", std::int64_t{kCustomers}),
                            make_assignment("simulation.dt_days", kTickDays),
                            make_assignment("simulation.warmup_days", kWarmupDays),
                            make_assignment("simulation.warmup_arrangement_years", 0.0),
                            make_assignment("simulation.ticks", std::llround(kYears * 365 / kTickDays)),
                            make_assignment("strategy.switch_day", kYears * 365 / 2),  // a year of each family
                            make_assignment("compare.replicates", std::int64_t{kReplicates})});
    }
    l.controls = lesson_controls(l.scenario);
    if (!scale) file_controls(l.scenario, l.controls);
    return l;
}

double parse_number(const std::string& field, const std::string& text, const Control& c) {
    return serve::parse_number(field, text, c.min, c.max, c.integer);
}

}  // namespace

const std::vector<Control>& controls() { return kControls; }
const std::vector<std::string>& side_strategies() { return kSides; }

std::string strategy_label(const std::string& name) {
    if (name == "custom") return "your plan";
    std::string s = name;
    std::replace(s.begin(), s.end(), '_', ' ');
    return s;
}

std::vector<Lesson> load_lessons(const std::filesystem::path& dir, const std::filesystem::path& extra) {
    std::vector<Lesson> out;
    if (!extra.empty()) {
        Lesson l = make_lesson("file", extra, false);
        l.title = "Your scenario: " + extra.filename().string();
        l.notice = "The scenario file given to `ambassim serve --lesson`, at its own size and horizon.";
        l.question = "What did you expect before it ran, and what surprised you?";
        out.push_back(std::move(l));
        try {  // the page's caps apply to it too
            parse_request("lesson=file", out);
        } catch (const RequestError& e) {
            throw InputError(extra.string() + ": not usable as a classroom lesson: " + e.what() +
                             " (the page answers within seconds only for classroom-sized worlds)");
        }
    }
    for (const auto& t : kLessonTexts) {
        Lesson l = make_lesson(t.id, dir / t.file, true);
        l.title = t.title;
        l.notice = t.notice;
        l.question = t.question;
        out.push_back(std::move(l));
    }
    return out;
}

Request parse_request(std::string_view query, const std::vector<Lesson>& lessons) {
    std::map<std::string, std::string> given = parse_query(query);
    static const std::set<std::string> kOther{"lesson", "a", "b", "client", "outcome"};
    for (const auto& [k, v] : given) {
        (void)v;
        const bool known = kOther.count(k) ||
                           std::any_of(kControls.begin(), kControls.end(), [&](const Control& c) { return c.name == k; });
        if (!known) throw RequestError(printable(k, 40), "unknown field");
    }

    Request r;
    const std::string lesson_id = given.count("lesson") ? given["lesson"] : lessons.front().id;
    for (const auto& l : lessons)
        if (l.id == lesson_id) r.lesson = &l;
    if (!r.lesson) throw RequestError("lesson", "no lesson named \"" + printable(lesson_id, 40) + "\"");
    auto text = [&](const std::string& k) { return given.count(k) ? given[k] : r.lesson->controls.at(k); };
    auto value = [&](const std::string& k) {
        const Control& c = *std::find_if(kControls.begin(), kControls.end(), [&](const Control& x) { return x.name == k; });
        return parse_number(k, text(k), c);
    };

    r.client = given.count("client") ? given["client"] : "";
    if (!r.client.empty() && !printable_token(r.client, 64))
        throw RequestError("client", "expected 1-64 letters, digits, '-' or '_'");
    r.outcome = given.count("outcome") ? given["outcome"] : "active_customers";
    if (!kPageOutcomes.count(r.outcome)) throw RequestError("outcome", "not an outcome the page shows");
    const std::string a = text("a"), b = text("b");
    for (const auto& [field, name] : {std::pair{"a", a}, std::pair{"b", b}})
        if (std::find(kSides.begin(), kSides.end(), name) == kSides.end())
            throw RequestError(field, "unknown strategy \"" + printable(name, 40) + "\"");
    if (a == b) throw RequestError("b", "must differ from a (both are " + a + ")");

    Scenario s = r.lesson->scenario;
    const Params& base = s.params;
    const double years = value("years"), dt = base.simulation.dt_days;
    const double switch_month = value("switch_month");
    // A switch after the horizon is allowed (as in a scenario): the plan then never switches.
    const double w = value("satisfaction_weight");
    // Customers' weights: loyalty takes the control's value, advocacy moves by
    // as much, and the reference loyalty follows the baseline customer, so the
    // control changes what loyalty is made of, not the baseline churn.
    const double shift = w - base.customers.loyalty_satisfaction_weight;
    const double adv = std::clamp(base.customers.advocacy_satisfaction_weight + shift, 0.0, 1.0);
    const double reference = std::clamp(
        base.customers.loyalty_reference + shift * (base.customers.satisfaction.mean - base.customers.bond.mean), 0.0, 1.0);
    const double back_office = value("back_office");
    const double front_line = 1 - back_office - base.organisation.manager_share;
    if (front_line < 0.05) throw RequestError("back_office", "leaves less than 5% of staff on the front line");
    const double switch_day = switch_month * kDaysPerMonth;

    std::vector<std::pair<std::string, std::vector<Assignment>>> steps{
        {"budget", {make_assignment("programs.budget_per_employee_per_year", value("budget"))}},
        {"switch_month", {make_assignment("strategy.switch_day", switch_day)}},
        {"satisfaction_weight",
         {make_assignment("customers.loyalty_satisfaction_weight", w),
          make_assignment("customers.loyalty_bond_weight", 1 - w),
          make_assignment("customers.advocacy_satisfaction_weight", adv),
          make_assignment("customers.advocacy_bond_weight", 1 - adv),
          make_assignment("customers.loyalty_reference", reference)}},
        {"capacity", {make_assignment("encounters.capacity_per_day", value("capacity"))}},
        {"attrition", {make_assignment("employees.attrition_front_line_per_year", value("attrition"))}},
        {"back_office", {make_assignment("organisation.front_line_share", front_line)}},
        {"replicates", {make_assignment("compare.replicates", static_cast<std::int64_t>(value("replicates")))}},
        {"years", {make_assignment("simulation.ticks", std::max<std::int64_t>(1, std::llround(years * 365 / dt)))}},
        {"employees", {make_assignment("organisation.employees", static_cast<std::int64_t>(value("employees")))}},
        {"customers", {make_assignment("customers.customers", static_cast<std::int64_t>(value("customers")))}},
        {"seed", {make_assignment("run.seed", static_cast<std::int64_t>(value("seed")))}},
    };
    const bool custom = a == "custom" || b == "custom";
    std::vector<Assignment> strategy{make_assignment("compare.strategies", std::vector<std::string>{a, b})};
    if (custom) {
        strategy.push_back(make_assignment("strategy.name", std::string("custom")));
        strategy.push_back(make_assignment("strategy.phases", plan_phases(base, value("before"), value("after"), switch_day)));
    } else {
        (void)value("before"), (void)value("after");  // still validated
        strategy.push_back(make_assignment("strategy.name", a));
        strategy.push_back(make_assignment("strategy.phases", std::vector<AllocationPhase>{}));
    }
    steps.emplace_back("a", strategy);
    for (const auto& [field, assignments] : steps) set_keys(s, assignments, field);
    // Threads and outputs are the server's business, not the request's.
    s.plan.threads = 0;
    r.scenario = std::move(s);
    return r;
}

std::string scenario_toml(const Scenario& s, const std::string& comment) {
    const Scenario defaults;
    static const std::set<std::string> kSkip{"run.replicate", "run.threads", "run.output", "run.force"};
    std::string out;
    std::size_t start = 0;
    while (start < comment.size()) {
        const std::size_t end = std::min(comment.find('\n', start), comment.size());
        out += "# " + comment.substr(start, end - start) + "\n";
        start = end + 1;
    }
    std::string section;
    for (const KeyInfo& k : key_registry().keys()) {
        if (kSkip.count(k.key)) continue;
        const std::string text = make_assignment(k.key, value_of(s, k.key)).text;
        const bool always = k.key.rfind("compare.", 0) == 0 || k.key == "run.seed" || k.key == "strategy.name";
        if (!always && text == make_assignment(k.key, value_of(defaults, k.key)).text) continue;
        const std::size_t dot = k.key.find('.');
        const std::string sec = k.key.substr(0, dot), name = k.key.substr(dot + 1);
        if (sec != section) {
            out += "\n[" + sec + "]\n";
            section = sec;
        }
        out += name + " = " + text.substr(k.key.size() + 1) + "\n";
    }
    return out + phase_tables(s.params.strategy.phases, "strategy.phases");
}

std::string phase_tables(const std::vector<AllocationPhase>& phases, const std::string& table) {
    std::string out;
    for (const AllocationPhase& ph : phases) {
        out += "\n[[" + table + "]]\n";
        const std::string text = make_assignment("strategy.phases", std::vector<AllocationPhase>{ph}).text;
        // "strategy.phases=[{start_day = 0.0, engagement = 1.0, ...}]" -> one key per line
        std::string body = text.substr(text.find("[{") + 2);
        body = body.substr(0, body.rfind("}]"));
        std::size_t p = 0;
        while (p < body.size()) {
            const std::size_t comma = std::min(body.find(", ", p), body.size());
            out += body.substr(p, comma - p) + "\n";
            p = comma + 2;
        }
    }
    return out;
}

}  // namespace ambassim::serve
