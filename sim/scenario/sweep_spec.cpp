// Sweep file reader (see sweep_spec.hpp and docs/sweep-format.md). Walks the
// parsed tree in file order so that the first problem in the file is the one
// reported, with the same "file:line:column: ..." shape as scenario errors.
#include "sim/scenario/sweep_spec.hpp"

#include "sim/scenario/key_registry.hpp"
#include "sim/util/key_suggest.hpp"
#include "sim/scenario/param_check.hpp"
#include "sim/scenario/scenario_keys.hpp"
#include "sim/util/text_input.hpp"
#include "sim/scenario/toml_document.hpp"

#include <algorithm>
#include <cmath>
#include <map>
#include <optional>
#include <type_traits>

namespace ambassim {

const char* design_name(DesignKind kind) {
    switch (kind) {
        case DesignKind::grid: return "grid";
        case DesignKind::latin_hypercube: return "latin_hypercube";
        case DesignKind::saltelli: return "saltelli";
        case DesignKind::morris: return "morris";
    }
    return "?";
}

namespace {

using Pos = toml::source_position;

const std::vector<std::string> kSweepKeys{"base", "design", "samples", "levels", "seed", "scramble",
                                          "strategies", "replicates", "series", "set", "parameters"};
const std::vector<std::string> kFactorKeys{"key", "min", "max", "scale", "levels", "values", "complement"};

std::string did_you_mean(const std::string& suggestion) {
    return suggestion.empty() ? std::string{} : "; did you mean `" + suggestion + "`?";
}

// Numeric scenario keys, and whether each is an integer.
std::optional<bool> numeric_key_is_integer(const std::string& key) {
    const KeyInfo* info = key_registry().find(key);
    if (!info) return std::nullopt;
    if (info->type == KeyType::real) return false;
    if (info->type == KeyType::integer || info->type == KeyType::unsigned_integer) return true;
    return std::nullopt;
}

// Keys that are the same at every point of a sweep by construction, and why:
// a factor on them would be ignored (the design matrix would say one thing,
// the outcomes another) or would break the merge after every point ran. Two
// classes: the time axis every point shares (sweep.h5 keeps one), and the
// run plan the sweep itself decides (strategies, replicates, files, threads).
// A key that only changes the model (including the warm-up and run.seed) may vary.
const char* why_fixed_in_a_sweep(const std::string& key) {
    static const std::vector<std::pair<std::string, const char*>> fixed{
        {"simulation.ticks", "every point records the same ticks (sweep.h5 stacks their trajectories); set it in [sweep.set]"},
        {"simulation.dt_days", "every point shares one time axis (sweep.h5 keeps one /time/day); set it in [sweep.set]"},
        {"strategy.name", "every point runs the sweep's strategies; use `sweep.strategies`"},
        {"compare.strategies", "every point runs the sweep's strategies; use `sweep.strategies`"},
        {"run.output", "the sweep writes each point to its own file in the sweep directory"},
        {"run.force", "the sweep directory decides what is kept (a finished point is resumed, never rewritten)"},
        {"compare.replicates", "every point runs the sweep's replicates; use `sweep.replicates`"},
        {"run.replicate", "every point runs replicates 0 to `sweep.replicates` - 1"},
        {"run.threads", "the thread count does not change any result"},
        {"output.", "every point records the same series (sweep.h5 stacks them); set it in [sweep.set]"},
    };
    for (const auto& [name, why] : fixed)
        if (name.back() == '.' ? key.starts_with(name) : key == name) return why;
    return nullptr;
}

ParamMeta meta_of(const std::string& key) {
    const KeyInfo* info = key_registry().find(key);
    return info ? info->meta : ParamMeta{"", 0, 0, "", ""};
}

// TOML text of a scalar (or string array) value, for a "key=value" override.
std::optional<std::string> value_text(const toml::node& n) {
    if (const auto* s = n.as_string()) return quote_string(s->get());
    if (const auto* i = n.as_integer()) return std::to_string(i->get());
    if (const auto* f = n.as_floating_point()) return format_toml_float(f->get());
    if (const auto* b = n.as_boolean()) return std::string(b->get() ? "true" : "false");
    if (const auto* a = n.as_array()) {
        std::string out = "[";
        for (std::size_t i = 0; i < a->size(); ++i) {
            const auto* s = a->get(i)->as_string();
            if (!s) return std::nullopt;
            out += (i ? ", " : "") + quote_string(s->get());
        }
        return out + "]";
    }
    return std::nullopt;
}

class SweepReader {
public:
    SweepReader(SweepSpec& spec, const std::string& name) : spec_(spec), origin_{name, false} {}

    void read(const toml::table& root) {
        const toml::table* sweep = nullptr;
        for (const auto& [key, where] : entries_in_file_order(root)) {
            if (key == "sweep") {
                sweep = where.second->as_table();
                if (!sweep) fail(where.first, "key `sweep` must be a table ([sweep]), got " + toml_type_name(*where.second));
                continue;
            }
            const bool scenario_key = is_scalar_key(key) || is_section(key);
            fail(where.first, "unknown " + std::string(where.second->is_table() ? "section" : "key") + " `" +
                                  printable(key) + "`; a sweep file holds only [sweep], [sweep.set] and [[sweep.parameters]]" +
                                  (scenario_key ? " (scenario keys go into [sweep.set] or the base scenario)" : ""));
        }
        if (!sweep) fail(Pos{}, "no [sweep] table; a sweep file needs [sweep] (base, design) and [[sweep.parameters]]");
        std::map<std::string, Pos> seen;
        for (const auto& [key, where] : entries_in_file_order(*sweep)) {
            seen[key] = where.first;
            spec_.key_positions["sweep." + key] = TextPosition{where.first.line, where.first.column, {}};
            read_sweep_key(key, where.first, *where.second);
        }
        const auto varied_base = std::find_if(spec_.factors.begin(), spec_.factors.end(),
                                              [](const SweepFactor& f) { return f.varies_base(); });
        if (!seen.count("base") && varied_base == spec_.factors.end())
            fail(Pos{}, "key `sweep.base` is missing: name the base scenario file");
        if (seen.count("base") && varied_base != spec_.factors.end())
            fail(seen.at("base"), "key `sweep.base` cannot be combined with the `base` parameter (line " +
                                      std::to_string(varied_base->line) + "), which lists the base scenarios");
        if (varied_base != spec_.factors.end()) spec_.base_path = spec_.base_paths.front();
        if (!seen.count("design")) fail(Pos{}, std::string("key `sweep.design` is missing: choose one of ") + kDesignChoices);
        if (!seen.count("parameters"))
            fail(Pos{}, "key `sweep.parameters` is missing: add [[sweep.parameters]] tables for the parameters to vary");
        check_design_keys(seen);
    }

private:
    SweepSpec& spec_;
    TextOrigin origin_;
    std::map<std::string, Pos> factor_lines_;

    [[noreturn]] void fail(const Pos& pos, const std::string& problem) const { fail_at(origin_, pos, problem); }

    std::int64_t integer(const std::string& key, const Pos& pos, const toml::node& n, std::int64_t lo,
                         std::int64_t hi) const {
        const auto* i = n.as_integer();
        if (!i) fail(pos, "key `" + key + "` must be an integer, got " + toml_type_name(n));
        if (i->get() < lo || i->get() > hi)
            fail(pos, "key `" + key + "` = " + std::to_string(i->get()) + " is out of range [" + std::to_string(lo) +
                          ", " + std::to_string(hi) + "]");
        return i->get();
    }
    double number(const std::string& key, const Pos& pos, const toml::node& n) const {
        const auto x = toml_number(n);
        if (!x) fail(pos, "key `" + key + "` must be a number, got " + toml_type_name(n));
        if (!std::isfinite(*x)) fail(pos, "key `" + key + "` must be finite, got " + format_number(*x));
        return *x;
    }
    std::string string(const std::string& key, const Pos& pos, const toml::node& n) const {
        const auto* s = n.as_string();
        if (!s) fail(pos, "key `" + key + "` must be a string, got " + toml_type_name(n));
        return s->get();
    }

    void read_sweep_key(const std::string& key, const Pos& pos, const toml::node& n) {
        const std::string full = "sweep." + key;
        constexpr std::int64_t kBig = 1'000'000'000;
        if (key == "base") {
            spec_.base_path = string(full, pos, n);
            if (spec_.base_path.empty()) fail(pos, "key `sweep.base` must name a scenario file, got \"\"");
        } else if (key == "design") {
            const std::string d = string(full, pos, n);
            if (!is_choice(kDesignChoices, d))
                fail(pos, "key `sweep.design` = " + shown_value(d) + " is not one of " + kDesignChoices +
                              did_you_mean(nearest_name(d, {"grid", "latin_hypercube", "saltelli", "morris"})));
            spec_.design = d == "grid" ? DesignKind::grid
                           : d == "latin_hypercube" ? DesignKind::latin_hypercube
                           : d == "saltelli" ? DesignKind::saltelli
                                             : DesignKind::morris;
        } else if (key == "samples") {
            spec_.samples = integer(full, pos, n, 1, kBig);
        } else if (key == "levels") {
            spec_.levels = integer(full, pos, n, 1, 1000);
        } else if (key == "seed") {
            spec_.seed = static_cast<std::uint64_t>(integer(full, pos, n, 0, std::numeric_limits<std::int64_t>::max()));
        } else if (key == "scramble") {
            const auto* b = n.as_boolean();
            if (!b) fail(pos, "key `sweep.scramble` must be a boolean, got " + toml_type_name(n));
            spec_.scramble = b->get();
        } else if (key == "strategies") {
            read_strategies(pos, n);
        } else if (key == "replicates") {
            spec_.replicates = integer(full, pos, n, 1, 100000);
        } else if (key == "series") {
            read_series(pos, n);
        } else if (key == "set") {
            const auto* t = n.as_table();
            if (!t) fail(pos, "key `sweep.set` must be a table ([sweep.set]), got " + toml_type_name(n));
            read_set(*t, "");
        } else if (key == "parameters") {
            read_parameters(pos, n);
        } else {
            fail(pos, "unknown key `" + printable(full) + "`" + did_you_mean(nearest_name(full, prefixed(kSweepKeys, "sweep."))));
        }
    }

    static std::vector<std::string> prefixed(const std::vector<std::string>& names, const std::string& prefix) {
        std::vector<std::string> out;
        for (const auto& n : names) out.push_back(prefix + n);
        return out;
    }

    void read_strategies(const Pos& pos, const toml::node& n) {
        const auto* a = n.as_array();
        if (!a) fail(pos, "key `sweep.strategies` must be an array of strings, got " + toml_type_name(n));
        if (a->empty()) fail(pos, "key `sweep.strategies` must list at least one strategy");
        for (std::size_t i = 0; i < a->size(); ++i) {
            const toml::node& e = *a->get(i);
            const std::string key = "sweep.strategies[" + std::to_string(i) + "]";
            const std::string name = string(key, e.source().begin, e);
            // Named strategies live in the base scenario: names are checked against it in make_sweep_plan.
            spec_.key_positions[key] = TextPosition{e.source().begin.line, e.source().begin.column, {}};
            if (std::find(spec_.strategies.begin(), spec_.strategies.end(), name) != spec_.strategies.end())
                fail(e.source().begin, "key `sweep.strategies` lists " + shown_value(name) + " twice");
            spec_.strategies.push_back(name);
        }
    }

    void read_series(const Pos& pos, const toml::node& n) {
        if (const auto* s = n.as_string()) {
            const std::string mode = s->get();
            if (mode == "scalar") spec_.series_mode = SeriesMode::scalar;
            else if (mode == "all") spec_.series_mode = SeriesMode::all;
            else if (mode == "none") spec_.series_mode = SeriesMode::none;
            else fail(pos, "key `sweep.series` = " + shown_value(mode) + " is not one of scalar|all|none (or an array of paths such as \"/customers/nps\")");
            return;
        }
        const auto* a = n.as_array();
        if (!a) fail(pos, "key `sweep.series` must be \"scalar\", \"all\", \"none\" or an array of paths, got " + toml_type_name(n));
        spec_.series_mode = SeriesMode::list;
        for (std::size_t i = 0; i < a->size(); ++i) {
            const toml::node& e = *a->get(i);
            const std::string path = string("sweep.series[" + std::to_string(i) + "]", e.source().begin, e);
            spec_.key_positions["sweep.series[" + std::to_string(i) + "]"] = TextPosition{e.source().begin.line, e.source().begin.column, {}};
            if (path.size() < 2 || path[0] != '/')
                fail(e.source().begin, "key `sweep.series[" + std::to_string(i) + "]` = " + shown_value(path) +
                                           " must be a run-file path such as \"/customers/nps\"");
            spec_.series.push_back(path);
        }
    }

    void read_set(const toml::table& t, const std::string& prefix) {
        for (const auto& [name, where] : entries_in_file_order(t)) {
            const std::string key = prefix.empty() ? name : prefix + "." + name;
            if (const auto* sub = where.second->as_table(); sub && is_section(key)) {
                read_set(*sub, key);
                continue;
            }
            if (key == "strategy.phases")
                fail(where.first, "key `sweep.set.strategy.phases` cannot be set by a sweep; put [[strategy.phases]] in the base scenario");
            if (!is_scalar_key(key))
                fail(where.first, "unknown key `sweep.set." + printable(key) + "`" + did_you_mean(key_registry().suggest(key)));
            const auto text = value_text(*where.second);
            if (!text) fail(where.first, "key `sweep.set." + key + "` has a value of type " + toml_type_name(*where.second) + " that no scenario key takes");
            if (const auto varied = factor_lines_.find("factor:" + key); varied != factor_lines_.end())
                fail(where.first, "key `sweep.set." + key + "` is also varied by [[sweep.parameters]] (line " +
                                      std::to_string(varied->second.line) + ")");
            // Typed once, here, by the rules of a scenario file; the text is provenance only.
            ParamValue value = read_key_value(key, *where.second, where.first, origin_);
            spec_.set.push_back(Assignment{key, std::move(value), key + "=" + *text,
                                           printable(origin_.name, 200) + ":" + std::to_string(where.first.line) + ":" +
                                               std::to_string(where.first.column)});
            factor_lines_.emplace("set:" + key, where.first);
        }
    }

    void read_parameters(const Pos& pos, const toml::node& n) {
        const auto* a = n.as_array();
        if (!a) fail(pos, "key `sweep.parameters` must be an array of tables ([[sweep.parameters]]), got " + toml_type_name(n));
        if (a->empty()) fail(pos, "key `sweep.parameters` must list at least one parameter");
        for (std::size_t i = 0; i < a->size(); ++i) {
            const toml::node& e = *a->get(i);
            const std::string prefix = "sweep.parameters[" + std::to_string(i) + "]";
            const auto* t = e.as_table();
            if (!t) fail(e.source().begin, "key `" + prefix + "` must be a table, got " + toml_type_name(e));
            read_factor(*t, prefix, e.source().begin);
        }
    }

    // One element of `values`, typed by the parameter's key (read before
    // `values` in the table, or the element's own type decides the message).
    // Names and booleans become categorical levels: a label, its index as the
    // design value and the typed value the point assigns.
    void read_level(SweepFactor& f, const std::string& full, const toml::node& e) {
        const Pos p = e.source().begin;
        spec_.key_positions[full] = TextPosition{p.line, p.column, {}};  // e.g. a base level that cannot be read
        const std::string& key = f.factor.name;
        if (key.empty()) fail(p, "key `" + full + "`: put `key` before `values` in the table");
        const KeyInfo* info = key_registry().find(key);
        auto add_label = [&](std::string label, std::optional<ParamValue> typed) {
            f.factor.values.push_back(static_cast<double>(f.factor.labels.size()));
            f.factor.labels.push_back(std::move(label));
            if (typed) f.level_values.push_back(std::move(*typed));
        };
        if (key == kBaseFactor) {
            const std::string file = string(full, p, e);
            if (file.empty()) fail(p, "key `" + full + "` must name a scenario file, got \"\"");
            add_label(file, std::nullopt);
        } else if (info->type == KeyType::string) {
            const std::string name = string(full, p, e);
            if (auto problem = check_value(info->meta, name)) fail(p, *problem);
            add_label(name, ParamValue{name});
        } else if (info->type == KeyType::boolean) {
            const auto* b = e.as_boolean();
            if (!b) fail(p, "key `" + full + "` must be a boolean, got " + toml_type_name(e));
            add_label(b->get() ? "true" : "false", ParamValue{b->get()});
        } else {
            f.factor.values.push_back(number(full, p, e));
        }
    }

    void read_factor(const toml::table& t, const std::string& prefix, const Pos& table_pos) {
        SweepFactor f;
        std::optional<Pos> min_pos, max_pos, values_pos, levels_pos, scale_pos, complement_pos;
        std::string key;
        Pos key_pos = table_pos;
        for (const auto& [name, where] : entries_in_file_order(t)) {
            const std::string full = prefix + "." + name;
            const Pos& p = where.first;
            const toml::node& v = *where.second;
            if (name == "key") {
                key = string(full, p, v);
                key_pos = p;
                if (const char* why = why_fixed_in_a_sweep(key))
                    fail(p, "key `" + full + "` = " + shown_value(key) + " cannot vary in a sweep: " + why);
                f.factor.name = key;
                f.line = p.line;
                if (key == kBaseFactor) continue;
                const auto integer_key = numeric_key_is_integer(key);
                if (integer_key) {
                    f.integer = *integer_key;
                    continue;
                }
                const KeyInfo* info = key_registry().find(key);
                if (!info) fail(p, "key `" + full + "`: unknown scenario key " + quote_string(printable(key)) + did_you_mean(key_registry().suggest(key)));
                if (info->type == KeyType::string_list)
                    fail(p, "key `" + full + "` = " + shown_value(key) + " is a list key; a sweep varies numbers, names, booleans or `base`");
            } else if (name == "min") {
                f.factor.lower = number(full, p, v);
                min_pos = p;
            } else if (name == "max") {
                f.factor.upper = number(full, p, v);
                max_pos = p;
            } else if (name == "scale") {
                const std::string s = string(full, p, v);
                if (s != "linear" && s != "log") fail(p, "key `" + full + "` = " + shown_value(s) + " is not one of linear|log");
                f.factor.scale = s == "log" ? Scale::log : Scale::linear;
                scale_pos = p;
            } else if (name == "levels") {
                f.levels = integer(full, p, v, 1, 1000);
                levels_pos = p;
            } else if (name == "complement") {
                f.complement = string(full, p, v);
                const auto integer_key = numeric_key_is_integer(f.complement);
                if (!integer_key || *integer_key)
                    fail(p, "key `" + full + "` = " + quote_string(printable(f.complement)) + " is not a numeric (float) scenario key" +
                                (integer_key ? std::string{} : did_you_mean(key_registry().suggest(f.complement))));
                complement_pos = p;
            } else if (name == "values") {
                const auto* a = v.as_array();
                if (!a) fail(p, "key `" + full + "` must be an array, got " + toml_type_name(v));
                if (a->empty()) fail(p, "key `" + full + "` must list at least one value");
                for (std::size_t j = 0; j < a->size(); ++j) read_level(f, full + "[" + std::to_string(j) + "]", *a->get(j));
                values_pos = p;
            } else {
                fail(p, "unknown key `" + printable(full) + "`" + did_you_mean(nearest_name(full, prefixed(kFactorKeys, prefix + "."))));
            }
        }
        if (key.empty()) fail(table_pos, "key `" + prefix + ".key` is missing: name the scenario key to vary");
        if (const auto first = factor_lines_.find("factor:" + key); first != factor_lines_.end())
            fail(key_pos, "parameter `" + key + "` is listed twice (first on line " + std::to_string(first->second.line) + ")");
        if (const auto set = factor_lines_.find("set:" + key); set != factor_lines_.end())
            fail(key_pos, "parameter `" + key + "` is both varied and set in [sweep.set] (line " + std::to_string(set->second.line) + ")");
        factor_lines_.emplace("factor:" + key, key_pos);
        if (complement_pos) {
            if (f.complement == key) fail(*complement_pos, "parameter `" + key + "` cannot be its own complement");
            for (const auto& prefix_kind : {"factor:", "set:"})
                if (const auto other = factor_lines_.find(prefix_kind + f.complement); other != factor_lines_.end())
                    fail(*complement_pos, "complement `" + f.complement + "` is also " +
                                              (std::string(prefix_kind) == "set:" ? "set in [sweep.set]" : "varied") + " (line " +
                                              std::to_string(other->second.line) + ")");
            factor_lines_.emplace("factor:" + f.complement, *complement_pos);
        }
        const ParamMeta m = meta_of(key);
        const bool named = key == kBaseFactor || !numeric_key_is_integer(key);
        if (named && !values_pos)
            fail(min_pos ? *min_pos : table_pos, "parameter `" + key + "` takes a list of values (" +
                                                     (key == kBaseFactor ? "scenario files" : "names or booleans") + "), not min/max");
        if (named && complement_pos) fail(*complement_pos, "parameter `" + key + "`: a complement needs a numeric parameter");
        if (named) {
            for (std::size_t j = 0; j < f.factor.labels.size(); ++j)
                if (std::find(f.factor.labels.begin(), f.factor.labels.begin() + static_cast<std::ptrdiff_t>(j),
                              f.factor.labels[j]) != f.factor.labels.begin() + static_cast<std::ptrdiff_t>(j))
                    fail(*values_pos, "parameter `" + key + "` lists " + shown_value(f.factor.labels[j]) + " twice");
            if (key == kBaseFactor) spec_.base_paths = f.factor.labels;
        }
        if (values_pos && !named) {
            if (min_pos || max_pos) fail(*values_pos, "key `" + prefix + ".values` cannot be combined with min/max: give either values or a range");
            if (scale_pos) fail(*scale_pos, "key `" + prefix + ".scale` applies only to a min/max range");
            if (levels_pos) fail(*levels_pos, "key `" + prefix + ".levels` applies only to a min/max range");
            for (double x : f.factor.values)
                if (auto problem = check_value(m, x)) fail(*values_pos, *problem);
        } else if (named) {
            if (scale_pos) fail(*scale_pos, "key `" + prefix + ".scale` applies only to a min/max range");
            if (levels_pos) fail(*levels_pos, "key `" + prefix + ".levels` applies only to a min/max range");
        } else {
            if (!min_pos || !max_pos)
                fail(table_pos, "parameter `" + key + "` needs min and max (or values)");
            if (!(f.factor.lower < f.factor.upper))
                fail(*max_pos, "parameter `" + key + "`: max = " + format_number(f.factor.upper) +
                                   " must be greater than min = " + format_number(f.factor.lower));
            if (f.factor.scale == Scale::log && f.factor.lower <= 0)
                fail(*min_pos, "parameter `" + key + "`: a log scale needs min > 0, got " + format_number(f.factor.lower));
            if (auto problem = check_value(m, f.factor.lower)) fail(*min_pos, *problem);
            if (auto problem = check_value(m, f.factor.upper)) fail(*max_pos, *problem);
        }
        spec_.factors.push_back(std::move(f));
        levels_positions_.push_back(levels_pos);
        values_positions_.push_back(values_pos);
    }

    std::vector<std::optional<Pos>> levels_positions_, values_positions_;

    // Keys that only some designs use.
    void check_design_keys(const std::map<std::string, Pos>& seen) const {
        const DesignKind d = spec_.design;
        const std::string dn = design_name(d);
        if (d == DesignKind::grid) {
            if (seen.count("samples"))
                fail(seen.at("samples"), "key `sweep.samples` does not apply to the grid design (use sweep.levels or values)");
        } else {
            if (!seen.count("samples"))
                fail(Pos{}, "key `sweep.samples` is missing: the " + dn + " design needs it (" +
                                (d == DesignKind::latin_hypercube ? "points" : d == DesignKind::saltelli ? "base samples N" : "trajectories r") + ")");
            for (std::size_t i = 0; i < spec_.factors.size(); ++i) {
                // Sobol and Morris indices are defined on continuous ranges,
                // not on unordered levels: refuse rather than invent a coding.
                if (values_positions_[i] && d != DesignKind::latin_hypercube)
                    fail(*values_positions_[i], "parameter `" + spec_.factors[i].factor.name + "` has a list of values (" +
                                                    (spec_.factors[i].factor.categorical() ? "a categorical factor" : "levels") +
                                                    "); the " + dn + " design needs numeric min/max factors: use grid or latin_hypercube");
                if (levels_positions_[i])
                    fail(*levels_positions_[i], "parameter `" + spec_.factors[i].factor.name + "`: levels apply only to the grid design");
            }
        }
        if (seen.count("levels") && (d == DesignKind::latin_hypercube || d == DesignKind::saltelli))
            fail(seen.at("levels"), "key `sweep.levels` does not apply to the " + dn + " design");
        if (d == DesignKind::morris && (spec_.morris_levels() < 2 || spec_.morris_levels() % 2 != 0))
            fail(seen.at("levels"), "key `sweep.levels` = " + std::to_string(spec_.levels) + " must be even (and at least 2) for the morris design");
        if (seen.count("scramble") && d != DesignKind::saltelli)
            fail(seen.at("scramble"), "key `sweep.scramble` applies only to the saltelli design");
    }
};

}  // namespace

SweepSpec parse_sweep_spec(const std::string& text, const std::string& name, const std::filesystem::path& folder) {
    SweepSpec spec;
    spec.text = text;
    const toml::table root = parse_toml_document(text, TextOrigin{name, false});
    SweepReader(spec, name).read(root);
    auto resolve = [&](const std::string& path) {
        const std::filesystem::path p(path);
        return (p.is_absolute() || folder.empty() ? p : folder / p).lexically_normal().string();
    };
    spec.base_path = resolve(spec.base_path);
    for (auto& p : spec.base_paths) p = resolve(p);
    return spec;
}

std::string pinned_base_name(std::size_t level) { return "base-" + std::to_string(level) + ".toml"; }

SweepSpec load_sweep_spec(const std::filesystem::path& file, const std::filesystem::path& base_override) {
    const std::string text = read_scenario_file(file);
    SweepSpec spec = parse_sweep_spec(text, file.string(), file.parent_path());
    spec.path = file.string();
    if (!base_override.empty()) {
        spec.base_path = base_override.string();
        for (std::size_t i = 0; i < spec.base_paths.size(); ++i)
            spec.base_paths[i] = (base_override.parent_path() / pinned_base_name(i)).string();
    }
    const auto key_error = [&](const std::string& key, const std::string& problem) {
        const auto pos = spec.key_positions.find(key);
        return InputError(printable(file.string(), 200) +
                          (pos != spec.key_positions.end()
                               ? ":" + std::to_string(pos->second.line) + ":" + std::to_string(pos->second.column)
                               : "") +
                          ": key `" + key + "`: " + problem);
    };
    const auto base_error = [&](const std::string& problem) { return key_error("sweep.base", problem); };
    auto read_base = [&](const std::string& path, const std::string& key) {
        try {
            return read_scenario_file(path);
        } catch (const InputError& e) {
            throw key_error(key, e.what());
        }
    };
    if (spec.base_paths.empty()) {
        spec.base_text = read_base(spec.base_path, "sweep.base");
    } else {
        std::size_t index = 0;  // the base parameter's position, for messages
        while (!spec.factors[index].varies_base()) ++index;
        for (std::size_t i = 0; i < spec.base_paths.size(); ++i)
            spec.base_texts.push_back(read_base(spec.base_paths[i], "sweep.parameters[" + std::to_string(index) + "].values[" + std::to_string(i) + "]"));
        spec.base_text = spec.base_texts.front();
        spec.base_path = spec.base_paths.front();
    }
    // A sweep (this one or another) given as the base: say so, rather than
    // "unknown section `sweep`" from the scenario reader.
    std::error_code ec;
    const bool itself = std::filesystem::equivalent(file, spec.base_path, ec);
    if (itself || is_sweep_text(spec.base_text))
        throw base_error("`" + printable(spec.base_path, 200) + "` is " + (itself ? "this sweep file itself" : "a sweep file") +
                         "; the base must be a scenario file");
    return spec;
}

}  // namespace ambassim
