// Typed assignments (see assignment.hpp).
#include "sim/scenario/assignment.hpp"

#include "sim/scenario/key_registry.hpp"
#include "sim/scenario/param_check.hpp"
#include "sim/scenario/scenario_keys.hpp"
#include "sim/scenario/scenario_validate.hpp"
#include "sim/scenario/toml_reader.hpp"
#include "sim/util/text_input.hpp"

#include <cmath>
#include <type_traits>

namespace ambassim {

namespace {

std::string trim(std::string_view s) {
    const auto b = s.find_first_not_of(" \t");
    if (b == std::string_view::npos) return {};
    const auto e = s.find_last_not_of(" \t");
    return std::string(s.substr(b, e - b + 1));
}

// Calls f(field) on the field at `ordinal` of visit_scenario_keys order.
template <class S, class F>
void with_field(S& s, std::size_t ordinal, F&& f) {
    std::size_t i = 0;
    visit_scenario_keys(s, [&](auto& field, const ParamMeta&) {
        if (i++ == ordinal) f(field);
    });
}

std::string value_text(const ParamValue& v) {
    struct {
        std::string operator()(std::int64_t x) const { return std::to_string(x); }
        std::string operator()(double x) const { return format_number(x); }
        std::string operator()(bool x) const { return x ? "true" : "false"; }
        std::string operator()(const std::string& x) const { return quote_string(x); }
        std::string operator()(const std::vector<std::string>& x) const {
            std::string out = "[";
            for (std::size_t i = 0; i < x.size(); ++i) out += (i ? ", " : "") + quote_string(x[i]);
            return out + "]";
        }
        std::string operator()(const std::vector<AllocationPhase>& phases) const {
            std::string out = "[";
            for (std::size_t i = 0; i < phases.size(); ++i) {
                AllocationPhase ph = phases[i];
                std::string t;
                visit_phase(ph, [&](double& x, const ParamMeta& m) {
                    t += (t.empty() ? "" : ", ") + std::string(m.key) + " = " + format_toml_float(x);
                });
                out += (i ? ", {" : "{") + t + "}";
            }
            return out + "]";
        }
    } f;
    return std::visit(f, v);
}

// `--set market.network=scale_free` and `--set compare.strategies=none,balanced`
// are accepted without TOML quotes for string keys.
std::string as_toml_value(const KeyInfo* info, const std::string& value) {
    const char first = value.front();
    if (info && info->type == KeyType::string && first != '"' && first != '\'') return quote_string(value);
    if (info && info->type == KeyType::string_list && first != '[') {
        std::string out = "[";
        std::string_view rest = value;
        while (true) {
            const auto comma = rest.find(',');
            if (out.size() > 1) out += ", ";
            out += quote_string(trim(rest.substr(0, comma)));
            if (comma == std::string_view::npos) break;
            rest.remove_prefix(comma + 1);
        }
        return out + "]";
    }
    return value;
}

// Stores `v` into `field` with the key's type and range rules; the problem or "".
template <class T>
std::string store(T& field, const ParamValue& v, const ParamMeta& m) {
    auto checked = [&](auto x) -> std::string {
        if (auto problem = check_value(m, x)) return *problem;
        field = static_cast<T>(x);
        return {};
    };
    if constexpr (std::is_same_v<T, double>) {
        if (const auto* d = std::get_if<double>(&v)) return checked(*d);
        if (const auto* i = std::get_if<std::int64_t>(&v)) return checked(static_cast<double>(*i));
        return "key `" + std::string(m.key) + "` takes a number";
    } else if constexpr (std::is_same_v<T, std::int64_t> || std::is_same_v<T, std::uint64_t>) {
        std::int64_t x = 0;
        if (const auto* i = std::get_if<std::int64_t>(&v)) x = *i;
        else if (const auto* d = std::get_if<double>(&v); d && std::isfinite(*d) && std::trunc(*d) == *d &&
                                                          std::fabs(*d) < 9.2e18)
            x = static_cast<std::int64_t>(*d);
        else
            return "key `" + std::string(m.key) + "` takes an integer";
        if constexpr (std::is_same_v<T, std::uint64_t>) {
            if (x < 0) return "key `" + std::string(m.key) + "` = " + std::to_string(x) + " must not be negative";
            return checked(static_cast<std::uint64_t>(x));
        } else {
            return checked(x);
        }
    } else {
        if (const auto* x = std::get_if<T>(&v)) return checked(*x);
        return "key `" + std::string(m.key) + "` has another type";
    }
}

}  // namespace

Assignment make_assignment(const std::string& key, ParamValue value) {
    std::string text = key + "=" + value_text(value);
    return Assignment{key, std::move(value), std::move(text)};
}

std::string origin_of(const Assignment& a) { return a.origin.empty() ? "--set " + printable(a.text, 200) : a.origin; }

Assignment parse_assignment(const std::string& text, const std::string& origin) {
    auto fail = [&](const std::string& problem) {
        throw InputError((origin.empty() ? "--set " + printable(text, 200) : origin) + ": " + problem);
    };
    const auto eq = text.find('=');
    if (eq == std::string::npos) fail("expected key=value");
    const std::string key = trim(std::string_view(text).substr(0, eq));
    const std::string value = trim(std::string_view(text).substr(eq + 1));
    if (key.empty()) fail("expected key=value, got no key");
    if (value.empty()) fail("expected key=value, got no value");
    if (value.find_first_of("\r\n") != std::string::npos) fail("the value must be on one line");
    const KeyRegistry& registry = key_registry();
    const KeyInfo* info = registry.find(key);
    if (!info && !registry.is_section(key)) {
        const std::string suggestion = registry.suggest(key);
        fail("unknown key `" + printable(key) + "`" + (suggestion.empty() ? "" : "; did you mean `" + suggestion + "`?"));
    }
    // The value's syntax, type and range are checked by the scenario reader on
    // a scratch scenario (so a --set is held to exactly the rules of a file),
    // then taken out typed: this text is never parsed again.
    Scenario scratch;
    apply_toml(scratch, key + " = " + as_toml_value(info, value), TextOrigin{text, true, false, origin});
    if (key == kPhasesKey) return Assignment{key, scratch.params.strategy.phases, text, origin};
    if (!info) fail("`" + key + "` is a section; set one of its keys, e.g. `" + key + ".<key>=<value>`");
    return Assignment{key, value_of(scratch, key), text, origin};
}

std::vector<Assignment> parse_assignments(const std::vector<std::string>& texts, const std::string& where) {
    std::vector<Assignment> out;
    out.reserve(texts.size());
    for (const auto& t : texts) out.push_back(parse_assignment(t, where.empty() ? "" : where + ": `" + printable(t, 200) + "`"));
    return out;
}

ParamValue value_of(const Scenario& scenario, const std::string& key) {
    if (key == kPhasesKey) return scenario.params.strategy.phases;
    const KeyInfo* info = key_registry().find(key);
    if (!info) throw InputError("unknown key `" + printable(key) + "`");
    ParamValue out;
    with_field(scenario, info->ordinal, [&](const auto& field) {
        using T = std::decay_t<decltype(field)>;
        if constexpr (std::is_same_v<T, std::uint64_t>) out = static_cast<std::int64_t>(field);
        else out = field;
    });
    return out;
}

void assign(Scenario& scenario, const std::vector<Assignment>& assignments) {
    Scenario updated = scenario;  // on error the scenario is left as it was
    const KeyRegistry& registry = key_registry();
    for (const auto& a : assignments) {
        auto fail = [&](const std::string& problem) {
            throw InputError(origin_of(a) + ": " + problem);
        };
        if (a.key == kPhasesKey) {
            const auto* phases = std::get_if<std::vector<AllocationPhase>>(&a.value);
            if (!phases) fail("key `strategy.phases` takes a list of phase tables");
            updated.params.strategy.phases = *phases;
        } else {
            const KeyInfo* info = registry.find(a.key);
            if (!info) {
                const std::string suggestion = registry.suggest(a.key);
                fail("unknown key `" + printable(a.key) + "`" +
                     (suggestion.empty() ? "" : "; did you mean `" + suggestion + "`?"));
            }
            std::string problem;
            with_field(updated, info->ordinal, [&](auto& field) { problem = store(field, a.value, info->meta); });
            if (!problem.empty()) fail(problem);
        }
        updated.overrides.push_back(a.text);
        updated.override_origins.push_back(a.origin);
    }
    validate(updated);
    scenario = std::move(updated);
}

}  // namespace ambassim
