// TOML scenario text -> Scenario fields, with exact error messages
// (see toml_reader.hpp and scenario.hpp).
#include "sim/toml_reader.hpp"

#include "sim/key_suggest.hpp"
#include "sim/param_check.hpp"
#include "sim/scenario_keys.hpp"
#include "sim/text_input.hpp"

#include <toml++/toml.h>

#include <algorithm>
#include <set>
#include <type_traits>

namespace ambassim {

namespace {

const std::set<std::string, std::less<>>& scalar_keys() {
    static const auto keys = [] {
        const auto list = all_keys();
        return std::set<std::string, std::less<>>(list.begin(), list.end());
    }();
    return keys;
}

// Every proper prefix of a key, plus the phases array; in documentation order.
const std::vector<std::string>& sections() {
    static const auto list = [] {
        std::vector<std::string> out;
        for (const auto& key : all_keys())
            for (auto dot = key.find('.'); dot != std::string::npos; dot = key.find('.', dot + 1))
                if (std::find(out.begin(), out.end(), key.substr(0, dot)) == out.end()) out.push_back(key.substr(0, dot));
        out.push_back(kPhasesKey);
        return out;
    }();
    return list;
}

std::string type_name(const toml::node& n) {
    switch (n.type()) {
        case toml::node_type::string: return "string";
        case toml::node_type::integer: return "integer";
        case toml::node_type::floating_point: return "float";
        case toml::node_type::boolean: return "boolean";
        case toml::node_type::table: return "table";
        case toml::node_type::array: return "array";
        case toml::node_type::date: return "date";
        case toml::node_type::time: return "time";
        case toml::node_type::date_time: return "date-time";
        default: return "nothing";
    }
}

std::string did_you_mean(const std::string& suggestion) {
    return suggestion.empty() ? std::string{} : "; did you mean `" + suggestion + "`?";
}

// One entry of the tree walk, kept so that errors come in file order
// (toml++ tables iterate in key order).
struct Item {
    enum Kind { Scalar, Phases, Section, UnknownKey, UnknownSection };
    std::string path;
    toml::source_position pos;  // of the key
    const toml::node* node;
    Kind kind;
};

bool before(const toml::source_position& a, const toml::source_position& b) {
    return a.line != b.line ? a.line < b.line : a.column < b.column;
}

template <class Table>
std::vector<std::pair<std::string, std::pair<toml::source_position, const toml::node*>>> entries_in_file_order(
    const Table& t) {
    std::vector<std::pair<std::string, std::pair<toml::source_position, const toml::node*>>> out;
    for (auto&& [k, v] : t) out.push_back({std::string(k.str()), {k.source().begin, &v}});
    std::stable_sort(out.begin(), out.end(), [](const auto& a, const auto& b) { return before(a.second.first, b.second.first); });
    return out;
}

class Reader {
public:
    Reader(Scenario& s, const TextOrigin& origin) : s_(s), origin_(origin) {}

    void apply(const toml::table& root) {
        std::vector<Item> items;
        collect(root, "", items);
        std::stable_sort(items.begin(), items.end(), [](const Item& a, const Item& b) { return before(a.pos, b.pos); });
        for (const Item& item : items) apply(item);
    }

    [[noreturn]] void fail(const toml::source_position& pos, const std::string& problem) const {
        std::string where;
        if (origin_.from_set)
            where = "--set " + origin_.name;
        else if (pos.line == 0)
            where = origin_.name;
        else
            where = origin_.name + ":" + std::to_string(pos.line) + ":" + std::to_string(pos.column);
        throw InputError(where + ": " + problem);
    }

private:
    Scenario& s_;
    const TextOrigin& origin_;

    void collect(const toml::table& t, const std::string& prefix, std::vector<Item>& out) const {
        for (auto&& [k, v] : t) {
            std::string path = prefix.empty() ? std::string(k.str()) : prefix + "." + std::string(k.str());
            Item::Kind kind;
            if (is_scalar_key(path))
                kind = Item::Scalar;
            else if (path == kPhasesKey)
                kind = Item::Phases;
            else if (is_section(path)) {
                if (const auto* sub = v.as_table()) {
                    collect(*sub, path, out);
                    continue;
                }
                kind = Item::Section;  // a section given as a value
            } else
                kind = v.is_table() ? Item::UnknownSection : Item::UnknownKey;
            out.push_back(Item{std::move(path), k.source().begin, &v, kind});
        }
    }

    void apply(const Item& item) {
        switch (item.kind) {
            case Item::Scalar: {
                bool done = false;
                visit_scenario_keys(s_, [&](auto& field, const ParamMeta& m) {
                    if (!done && item.path == m.key) {
                        assign(field, m, *item.node, item.pos);
                        done = true;
                    }
                });
                return;
            }
            case Item::Phases: return read_phases(*item.node, item.pos);
            case Item::Section:
                fail(item.pos, "key `" + item.path + "` must be a table, got " + type_name(*item.node));
            case Item::UnknownSection:
                fail(item.pos, "unknown section `" + item.path + "`" + did_you_mean(nearest_name(item.path, sections())));
            case Item::UnknownKey:
                fail(item.pos, "unknown key `" + item.path + "`" + did_you_mean(suggest_key(item.path)));
        }
    }

    template <class T>
    void assign(T& field, const ParamMeta& m, const toml::node& n, const toml::source_position& pos) const {
        auto wrong_type = [&](const char* wanted) {
            fail(pos, std::string("key `") + m.key + "` must be " + wanted + ", got " + type_name(n));
        };
        auto check = [&](const auto& value) {
            if (auto problem = check_value(m, value)) fail(pos, *problem);
        };
        if constexpr (std::is_same_v<T, double>) {
            double x = 0;
            if (const auto* i = n.as_integer())
                x = static_cast<double>(i->get());
            else if (const auto* f = n.as_floating_point())
                x = f->get();
            else
                wrong_type("a number");
            check(x);
            field = x;
        } else if constexpr (std::is_same_v<T, std::int64_t> || std::is_same_v<T, std::uint64_t>) {
            const auto* i = n.as_integer();
            if (!i) wrong_type("an integer");
            const std::int64_t x = i->get();
            check(x);
            field = static_cast<T>(x);
        } else if constexpr (std::is_same_v<T, bool>) {
            const auto* b = n.as_boolean();
            if (!b) wrong_type("a boolean");
            field = b->get();
        } else if constexpr (std::is_same_v<T, std::string>) {
            const auto* str = n.as_string();
            if (!str) wrong_type("a string");
            check(str->get());
            field = str->get();
        } else if constexpr (std::is_same_v<T, std::vector<std::string>>) {
            const auto* a = n.as_array();
            if (!a) wrong_type("an array of strings");
            if (a->empty()) fail(pos, std::string("key `") + m.key + "` must not be an empty array");
            std::vector<std::string> values;
            for (std::size_t i = 0; i < a->size(); ++i) {
                const toml::node& e = *a->get(i);
                const auto* str = e.as_string();
                if (!str)
                    fail(e.source().begin, std::string("key `") + m.key + "[" + std::to_string(i) +
                                               "]` must be a string, got " + type_name(e));
                values.push_back(str->get());
                if (auto problem = check_value(m, values)) fail(e.source().begin, *problem);
            }
            field = std::move(values);
        } else {
            static_assert(!sizeof(T), "unsupported key type");
        }
    }

    void read_phases(const toml::node& n, const toml::source_position& pos) {
        const auto* a = n.as_array();
        if (!a)
            fail(pos, std::string("key `") + kPhasesKey + "` must be an array of tables ([[" + kPhasesKey + "]]), got " +
                          type_name(n));
        std::vector<AllocationPhase> phases;
        for (std::size_t i = 0; i < a->size(); ++i) {
            const toml::node& e = *a->get(i);
            const std::string prefix = std::string(kPhasesKey) + "[" + std::to_string(i) + "]";
            const auto* t = e.as_table();
            if (!t) fail(e.source().begin, "key `" + prefix + "` must be a table, got " + type_name(e));
            AllocationPhase phase;
            for (const auto& entry : entries_in_file_order(*t)) {
                const std::string& name = entry.first;  // no structured binding: lambdas capture it
                const auto& where = entry.second;
                const std::string full = prefix + "." + name;
                bool done = false;
                std::vector<std::string> names;
                visit_phase(phase, [&](double& field, const ParamMeta& pm) {
                    names.push_back(prefix + "." + pm.key);
                    if (!done && name == pm.key) {
                        ParamMeta m = pm;
                        m.key = full.c_str();
                        assign(field, m, *where.second, where.first);
                        done = true;
                    }
                });
                if (!done) fail(where.first, "unknown key `" + full + "`" + did_you_mean(nearest_name(full, names)));
            }
            phases.push_back(phase);
        }
        s_.params.strategy.phases = std::move(phases);
    }
};

}  // namespace

bool is_scalar_key(std::string_view name) { return scalar_keys().count(name) > 0; }

bool is_section(std::string_view name) {
    const auto& list = sections();
    return std::find(list.begin(), list.end(), name) != list.end();
}

void apply_toml(Scenario& scenario, std::string_view text, const TextOrigin& origin) {
    if (const auto bad = find_invalid_utf8(text)) {
        if (origin.from_set) throw InputError("--set " + origin.name + ": not valid UTF-8 text");
        throw InputError(origin.name + ":" + std::to_string(line_of_offset(text, *bad)) + ": not valid UTF-8 text");
    }
    Reader reader(scenario, origin);
    if (const auto unsafe = find_toml_unsafe_character(text))
        reader.fail(toml::source_position{static_cast<toml::source_index>(line_of_offset(text, unsafe->offset)),
                                          static_cast<toml::source_index>(column_of_offset(text, unsafe->offset))},
                    "TOML syntax error: " + unsafe->problem);
    toml::table root;
    try {
        root = toml::parse(text, std::string_view(origin.name));
    } catch (const toml::parse_error& e) {
        reader.fail(e.source().begin, "TOML syntax error: " + std::string(e.description()));
    }
    reader.apply(root);
}

std::optional<TextPosition> find_key(std::string_view text, const std::string& key) {
    if (find_invalid_utf8(text) || find_toml_unsafe_character(text)) return std::nullopt;
    toml::table root;
    try {
        root = toml::parse(text);
    } catch (const toml::parse_error&) {
        return std::nullopt;
    }
    const toml::node* cur = &root;
    toml::source_position pos{};
    std::string_view rest = key;
    while (!rest.empty()) {
        const auto dot = rest.find('.');
        std::string_view comp = rest.substr(0, dot);
        rest = dot == std::string_view::npos ? std::string_view{} : rest.substr(dot + 1);
        const std::string_view name = comp.substr(0, comp.find('['));
        comp.remove_prefix(name.size());  // what is left: array indices, "[1]" or "[0][2]"
        const auto* t = cur->as_table();
        if (!t) return std::nullopt;
        const toml::node* next = nullptr;
        for (auto&& [k, v] : *t)
            if (k.str() == name) {
                pos = k.source().begin;
                next = &v;
            }
        if (!next) return std::nullopt;
        cur = next;
        while (!comp.empty()) {
            const auto close = comp.find(']');
            if (comp[0] != '[' || close == std::string_view::npos || close == 1) return std::nullopt;
            std::size_t index = 0;
            for (const char c : comp.substr(1, close - 1)) {
                if (c < '0' || c > '9') return std::nullopt;
                index = index * 10 + static_cast<std::size_t>(c - '0');
            }
            const auto* arr = cur->as_array();
            if (!arr || index >= arr->size()) return std::nullopt;
            cur = arr->get(index);
            pos = cur->source().begin;
            comp.remove_prefix(close + 1);
        }
    }
    if (pos.line == 0) return std::nullopt;
    return TextPosition{pos.line, pos.column};
}

}  // namespace ambassim
