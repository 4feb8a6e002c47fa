// Keys written on top of a `base =` scenario (see scenario_overlay.hpp).
#include "analysis/fit/scenario_overlay.hpp"

#include <charconv>
#include <map>
#include <sstream>
#include <type_traits>

namespace ambassim {
namespace {

}  // namespace

std::string toml_float(double v) {
    char buf[64];
    const auto r = std::to_chars(buf, buf + sizeof buf, v);
    std::string s(buf, r.ptr);
    if (s.find_first_of(".en") == std::string::npos) s += ".0";
    return s;
}

namespace {

std::string quoted(const std::string& s) {
    std::string out = "\"";
    for (char c : s) {
        if (c == '"' || c == '\\') out += '\\';
        out += c;
    }
    return out + "\"";
}

void phase_tables(std::ostringstream& out, const std::vector<AllocationPhase>& phases) {
    for (const auto& ph : phases) {
        out << "[[strategy.phases]]\nstart_day = " << toml_float(ph.start_day) << "\n";
        const std::pair<const char*, double> shares[] = {
            {"engagement", ph.engagement}, {"ambassadorship", ph.ambassadorship}, {"career", ph.career},
            {"management", ph.management}, {"cohesion", ph.cohesion},             {"alignment", ph.alignment},
            {"training", ph.training},     {"mission", ph.mission},               {"process", ph.process},
            {"recognition", ph.recognition}};
        for (const auto& [name, v] : shares)
            if (v > 0) out << name << " = " << toml_float(v) << "\n";
    }
}

}  // namespace

std::vector<OverlayEntry> command_line_overlay(const Scenario& s, bool seed_given) {
    std::vector<OverlayEntry> out;
    for (const auto& text : s.overrides) {
        const std::string key = text.substr(0, text.find('='));
        out.push_back({key, value_of(s, key)});  // the value in force, typed
    }
    if (seed_given) out.push_back({"run.seed", value_of(s, "run.seed")});
    return out;
}

std::string overlay_toml(const std::vector<OverlayEntry>& entries) {
    std::vector<std::string> order;
    std::map<std::string, std::vector<std::pair<std::string, std::string>>> sections;
    const std::vector<AllocationPhase>* phases = nullptr;
    for (const auto& e : entries) {
        if (const auto* p = std::get_if<std::vector<AllocationPhase>>(&e.value)) {
            phases = p;
            continue;
        }
        const auto dot = e.key.rfind('.');
        const std::string sec = e.key.substr(0, dot), name = e.key.substr(dot + 1);
        const std::string text = std::visit(
            [](const auto& v) -> std::string {
                using T = std::decay_t<decltype(v)>;
                if constexpr (std::is_same_v<T, std::int64_t>) return std::to_string(v);
                else if constexpr (std::is_same_v<T, double>) return toml_float(v);
                else if constexpr (std::is_same_v<T, bool>) return v ? "true" : "false";
                else if constexpr (std::is_same_v<T, std::string>) return quoted(v);
                else if constexpr (std::is_same_v<T, std::vector<std::string>>) {
                    std::string a = "[";
                    for (std::size_t i = 0; i < v.size(); ++i) a += (i ? ", " : "") + quoted(v[i]);
                    return a + "]";
                } else return "";
            },
            e.value);
        if (!sections.count(sec)) order.push_back(sec);
        auto& rows = sections[sec];
        bool replaced = false;
        for (auto& [k, t] : rows)
            if (k == name) t = text, replaced = true;
        if (!replaced) rows.push_back({name, text});
    }
    std::ostringstream out;
    for (const auto& sec : order) {
        out << "\n[" << sec << "]\n";
        for (const auto& [k, t] : sections[sec]) out << k << " = " << t << "\n";
    }
    if (phases) {
        out << "\n";
        phase_tables(out, *phases);
    }
    return out.str();
}

}  // namespace ambassim
