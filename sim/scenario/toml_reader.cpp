// TOML scenario text -> Scenario fields, with exact error messages
// (see toml_reader.hpp and scenario.hpp).
#include "sim/scenario/toml_reader.hpp"
#include "sim/scenario/toml_document.hpp"

#include "sim/scenario/key_registry.hpp"
#include "sim/util/key_suggest.hpp"
#include "sim/scenario/param_check.hpp"
#include "sim/scenario/scenario_keys.hpp"
#include "sim/util/text_input.hpp"
#include "sim/util/toml_scan.hpp"


#include <algorithm>
#include <cctype>
#include <cstdio>
#include <limits>
#include <map>
#include <tuple>
#include <set>
#include <type_traits>

namespace ambassim {

namespace {

const std::vector<std::string>& sections() { return key_registry().sections(); }

std::string did_you_mean(const std::string& suggestion) {
    return suggestion.empty() ? std::string{} : "; did you mean `" + suggestion + "`?";
}

// One entry of the tree walk, kept so that errors come in file order
// (toml++ tables iterate in key order).
struct Item {
    enum Kind { Scalar, Phases, Section, UnknownKey, UnknownSection, Base, Strategies };
    std::string path;
    toml::source_position pos;  // of the key
    const toml::node* node;
    Kind kind;
};

bool before(const toml::source_position& a, const toml::source_position& b) {
    return a.line != b.line ? a.line < b.line : a.column < b.column;
}


// --- context of a toml++ syntax error -------------------------------------
// toml++ reports a syntax error by position only; these helpers find the key
// of the statement on the error line (with the table it belongs to) by a
// light scan of the text before that line, which toml++ has accepted.

// The lines of `text` up to line `up_to_line` that start a statement (outside
// strings, comments, arrays and inline tables): those starting with '[' (table
// headers, by 1-based line number) and line `up_to_line` itself if it does.
// Only these are kept, so that a huge text costs little memory.
struct Lines {
    std::vector<std::pair<std::size_t, std::string_view>> headers;
    std::optional<std::string_view> target;
    // The last line up to `up_to_line` that starts a statement: the one whose
    // value continues on line `up_to_line` if that line does not start one.
    std::optional<std::pair<std::size_t, std::string_view>> last_statement;
};

Lines split_lines(std::string_view text, std::size_t up_to_line) {
    Lines out;
    std::size_t number = 0;
    long depth = 0;  // [ and { nesting of values (headers balance on their line)
    std::size_t start = starts_with_bom(text) ? 3 : 0;
    bool at_statement = true;
    // The shared scanner (sim/util/toml_scan.hpp) steps through strings and
    // comments; `ctx` is the context of byte i, `after` that after its unit.
    TomlContext ctx = TomlContext::code, after = TomlContext::code;
    std::size_t unit_end = start;
    for (std::size_t i = start; i <= text.size(); ++i) {
        if (i < text.size() && i == unit_end) {
            ctx = after;
            const TomlStep step = toml_step(text, i, ctx);
            unit_end = i + step.length;
            after = step.after;
            if (ctx == TomlContext::code) {
                const char c = text[i];
                if (c == '[' || c == '{') ++depth;
                else if (c == ']' || c == '}') depth = std::max(0L, depth - 1);
            }
        }
        if (i == text.size() || text[i] == '\n') {
            std::string_view line = text.substr(start, i - start);
            if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
            ++number;
            if (at_statement) {
                const auto first = line.find_first_not_of(" \t");
                if (first != std::string_view::npos && line[first] == '[') out.headers.emplace_back(number, line);
                if (number == up_to_line) out.target = line;
                out.last_statement = std::pair{number, line};
            }
            if (number >= up_to_line || i == text.size()) break;
            const TomlContext next_line = i + 1 == unit_end ? after : ctx;  // a line end ends comments and strings
            start = i + 1;
            at_statement = next_line == TomlContext::code && depth == 0;
        }
    }
    return out;
}

std::string_view trim_blanks(std::string_view s) {
    while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
    while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
    return s;
}

// "a . b" -> "a.b" for bare keys (letters, digits, '_', '-'); nullopt for
// quoted or malformed keys.
std::optional<std::string> normalise_key(std::string_view key) {
    std::string out;
    while (true) {
        const auto dot = key.find('.');
        const std::string_view part = trim_blanks(key.substr(0, dot));
        if (part.empty()) return std::nullopt;
        for (const char c : part)
            if (!std::isalnum(static_cast<unsigned char>(c)) && c != '_' && c != '-') return std::nullopt;
        out += (out.empty() ? "" : ".") + std::string(part);
        if (dot == std::string_view::npos) return out;
        key.remove_prefix(dot + 1);
    }
}

// "[a.b]" -> {"a.b", false}, "[[a.b]]" -> {"a.b", true}.
std::optional<std::pair<std::string, bool>> header_of(std::string_view line) {
    line = trim_blanks(line);
    if (line.empty() || line[0] != '[') return std::nullopt;
    const bool array = line.size() > 1 && line[1] == '[';
    const std::string_view close = array ? "]]" : "]";
    const auto end = line.find(close);
    if (end == std::string_view::npos) return std::nullopt;
    const std::size_t open = array ? 2 : 1;
    auto name = normalise_key(line.substr(open, end - open));
    if (!name) return std::nullopt;
    return std::pair{*name, array};
}

// The key-value statement on line `line`: the table it is in ("" for the
// root, "strategy.phases[1]" inside the second [[strategy.phases]]), its key
// and the 1-based columns of the key and of the '='. With `enclosing`, a line
// inside a value spanning lines (an array, a multi-line string) gives the
// statement the value belongs to, with equals_column 0.
struct Statement {
    std::string table;
    std::string key;
    std::size_t key_column = 0;
    std::size_t equals_column = 0;
};

std::optional<Statement> statement_at(std::string_view text, std::size_t line, bool enclosing = false) {
    if (line == 0) return std::nullopt;
    const Lines lines = split_lines(text, line);
    std::size_t statement_line = line;
    std::string_view body;
    if (lines.target) {
        body = *lines.target;
    } else if (enclosing && lines.last_statement) {
        statement_line = lines.last_statement->first;
        body = lines.last_statement->second;
    } else {
        return std::nullopt;
    }
    Statement st;
    std::map<std::string, std::size_t> array_count;
    for (const auto& [l, l_text] : lines.headers) {
        if (l >= statement_line) break;
        const auto header = header_of(l_text);
        if (!header) continue;
        // Elements of arrays of tables seen so far are addressed by index.
        std::string path, plain;
        std::string_view rest = header->first;
        while (true) {
            const auto dot = rest.find('.');
            const bool last = dot == std::string_view::npos;
            const std::string part(rest.substr(0, dot));
            plain += (plain.empty() ? "" : ".") + part;
            path += (path.empty() ? "" : ".") + part;
            if (last && header->second) {
                path += "[" + std::to_string(array_count[plain]++) + "]";
            } else if (const auto it = array_count.find(plain); it != array_count.end() && it->second > 0) {
                path += "[" + std::to_string(it->second - 1) + "]";  // inside the latest element
            }
            if (last) break;
            rest.remove_prefix(dot + 1);
        }
        st.table = path;
    }
    const auto eq = body.find('=');
    if (eq == std::string_view::npos) return std::nullopt;
    const std::string_view key_text = body.substr(0, eq);
    const auto key = normalise_key(key_text);
    if (!key) return std::nullopt;
    st.key = *key;
    st.key_column = 1 + (key_text.size() - key_text.substr(key_text.find_first_not_of(" \t")).size());
    st.equals_column = statement_line == line ? 1 + eq : 0;  // the key is ASCII, so bytes are characters
    return st;
}

std::string joined(const std::string& table, const std::string& key) { return table.empty() ? key : table + "." + key; }

class Reader {
public:
    Reader(Scenario& s, const TextOrigin& origin) : s_(s), origin_(origin) {}

    void apply(const toml::table& root) {
        std::vector<Item> items;
        collect(root, "", items);
        std::stable_sort(items.begin(), items.end(), [](const Item& a, const Item& b) { return before(a.pos, b.pos); });
        for (const Item& item : items) {
            remember(item.path, item.pos);
            apply(item);
        }
    }

    [[noreturn]] void fail(const toml::source_position& pos, const std::string& problem) const {
        fail_at(origin_, pos, problem);
    }

    // One scalar key's value, by the rules of a file (read_key_value).
    void apply_scalar(const std::string& key, const toml::node& n, const toml::source_position& pos) {
        apply(Item{key, pos, &n, Item::Scalar});
    }

private:
    Scenario& s_;
    const TextOrigin& origin_;

    // Positions in the scenario's own text (not in a --set assignment).
    void remember(const std::string& key, const toml::source_position& pos) const {
        if (!origin_.from_set && pos.line > 0)
            s_.key_positions[key] = TextPosition{pos.line, pos.column, origin_.is_base ? origin_.name : std::string()};
    }

    void collect(const toml::table& t, const std::string& prefix, std::vector<Item>& out) const {
        for (auto&& [k, v] : t) {
            std::string path = prefix.empty() ? std::string(k.str()) : prefix + "." + std::string(k.str());
            Item::Kind kind;
            if (is_scalar_key(path))
                kind = Item::Scalar;
            else if (path == kPhasesKey)
                kind = Item::Phases;
            else if (path == kBaseKey && prefix.empty())
                kind = Item::Base;
            else if (path == kStrategiesKey && prefix.empty())
                kind = Item::Strategies;
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
            case Item::Phases: s_.params.strategy.phases = read_phases(*item.node, item.pos, kPhasesKey); return;
            case Item::Base:
                // The chain itself is followed by the loader (scenario.cpp) before this text is applied.
                if (!item.node->is_string())
                    fail(item.pos, std::string("key `") + kBaseKey + "` must be a string (a scenario file's path), got " +
                                       toml_type_name(*item.node));
                if (origin_.from_set) fail(item.pos, std::string("key `") + kBaseKey + "` can only be given in a scenario file");
                return;
            case Item::Strategies: return read_strategies(*item.node, item.pos);
            case Item::Section:
                fail(item.pos, "key `" + printable(item.path) + "` must be a table ([" + printable(item.path) + "]), got " +
                                   toml_type_name(*item.node) + did_you_mean(key_registry().suggest(item.path)));
            case Item::UnknownSection:
                fail(item.pos, "unknown section `" + printable(item.path) + "`" +
                                  did_you_mean(nearest_name(item.path, sections())));
            case Item::UnknownKey:
                fail(item.pos, "unknown key `" + printable(item.path) + "`" + did_you_mean(key_registry().suggest(item.path)));
        }
    }

    template <class T>
    void assign(T& field, const ParamMeta& m, const toml::node& n, const toml::source_position& pos) const {
        auto wrong_type = [&](const char* wanted) {
            fail(pos, std::string("key `") + m.key + "` must be " + wanted + ", got " + toml_type_name(n));
        };
        // Strategy names may name a [strategies.NAME] table later in the file
        // (or in a base): they are checked once the scenario is complete.
        ParamMeta checked = m;
        if (names_strategies(m)) checked.choices = nullptr;
        auto check = [&](const auto& value) {
            if (auto problem = check_value(checked, value)) fail(pos, *problem);
        };
        if constexpr (std::is_same_v<T, double>) {
            const auto x = toml_number(n);
            if (!x) wrong_type("a number");
            check(*x);
            field = *x;
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
                                               "]` must be a string, got " + toml_type_name(e));
                values.push_back(str->get());
                remember(std::string(m.key) + "[" + std::to_string(i) + "]", e.source().begin);
                if (auto problem = check_value(checked, values)) fail(e.source().begin, *problem);
            }
            field = std::move(values);
        } else {
            static_assert(!sizeof(T), "unsupported key type");
        }
    }

    std::vector<AllocationPhase> read_phases(const toml::node& n, const toml::source_position& pos,
                                            const std::string& key) {
        const auto* a = n.as_array();
        if (!a)
            fail(pos, "key `" + key + "` must be an array of tables ([[" + key + "]]), got " +
                          toml_type_name(n));
        std::vector<AllocationPhase> phases;
        for (std::size_t i = 0; i < a->size(); ++i) {
            const toml::node& e = *a->get(i);
            const std::string prefix = key + "[" + std::to_string(i) + "]";
            const auto* t = e.as_table();
            if (!t) fail(e.source().begin, "key `" + prefix + "` must be a table, got " + toml_type_name(e));
            remember(prefix, e.source().begin);
            AllocationPhase phase;
            for (const auto& entry : entries_in_file_order(*t)) {
                const std::string& name = entry.first;  // no structured binding: lambdas capture it
                const auto& where = entry.second;
                const std::string full = prefix + "." + name;
                remember(full, where.first);
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
                if (!done)
                    fail(where.first, "unknown key `" + printable(full) + "`" + did_you_mean(nearest_name(full, names)));
            }
            phases.push_back(phase);
        }
        return phases;
    }

    // [strategies.NAME] tables: label, budget_per_employee_per_year, [[phases]].
    // A strategy of the same name from a base file is replaced as a whole.
    void read_strategies(const toml::node& n, const toml::source_position& pos) {
        const auto* all = n.as_table();
        if (!all)
            fail(pos, std::string("key `") + kStrategiesKey + "` must be a table of named strategies ([" + kStrategiesKey +
                          ".NAME]), got " + toml_type_name(n));
        for (const auto& entry : entries_in_file_order(*all)) {
            const std::string& name = entry.first;
            const auto& [where, node] = entry.second;
            const std::string prefix = std::string(kStrategiesKey) + "." + name;
            remember(prefix, where);
            if (auto problem = strategy_name_problem(name)) fail(where, "[" + printable(prefix) + "]: " + *problem);
            const auto* t = node->as_table();
            if (!t) fail(where, "key `" + printable(prefix) + "` must be a table ([" + printable(prefix) + "]), got " +
                                    toml_type_name(*node));
            NamedStrategy st{name, name, -1, {}};
            bool has_phases = false;
            for (const auto& field : entries_in_file_order(*t)) {
                const std::string full = prefix + "." + field.first;
                const auto& [fpos, fnode] = field.second;
                remember(full, fpos);
                if (field.first == "label") {
                    const auto* str = fnode->as_string();
                    if (!str) fail(fpos, "key `" + printable(full) + "` must be a string, got " + toml_type_name(*fnode));
                    ParamMeta m{full.c_str(), 0, 0, "", "label"};
                    if (auto problem = check_value(m, str->get())) fail(fpos, *problem);
                    if (str->get().empty() || str->get().size() > 60)
                        fail(fpos, "key `" + printable(full) + "` must be 1 to 60 characters long");
                    st.label = str->get();
                } else if (field.first == "budget_per_employee_per_year") {
                    ParamMeta m{full.c_str(), 0, 1e7, "currency/employee/year", "budget"};
                    assign(st.budget_per_employee_per_year, m, *fnode, fpos);
                } else if (field.first == "phases") {
                    st.phases = read_phases(*fnode, fpos, full);
                    has_phases = true;
                } else {
                    fail(fpos, "unknown key `" + printable(full) + "`" +
                                   did_you_mean(nearest_name(full, {prefix + ".label", prefix + ".phases",
                                                                    prefix + ".budget_per_employee_per_year"})) +
                                   " (a named strategy has label, budget_per_employee_per_year and [[" + prefix +
                                   ".phases]])");
                }
            }
            if (!has_phases)
                fail(where, "[" + printable(prefix) + "] needs at least one [[" + printable(prefix) + ".phases]] table");
            auto same = std::find_if(s_.strategies.begin(), s_.strategies.end(),
                                     [&](const NamedStrategy& x) { return x.name == name; });
            if (same != s_.strategies.end())
                *same = std::move(st);
            else
                s_.strategies.push_back(std::move(st));
        }
    }
};

}  // namespace

bool is_scalar_key(std::string_view name) { return key_registry().find(name) != nullptr; }

bool is_section(std::string_view name) { return key_registry().is_section(name); }

namespace {

bool is_string_key(const std::string& key) {
    const KeyInfo* info = key_registry().find(key);
    return info && info->type == KeyType::string;
}

// Byte offset of 1-based (line, column) in `text` (columns count characters).
std::size_t offset_of(std::string_view text, const toml::source_position& pos) {
    std::size_t i = 0;
    for (std::size_t line = 1; line < pos.line && i < text.size(); ++i)
        if (text[i] == '\n') ++line;
    if (pos.line == 1 && starts_with_bom(text)) i = 3;
    for (std::size_t col = 1; col < pos.column && i < text.size() && text[i] != '\n'; ++col) {
        ++i;
        while (i < text.size() && (static_cast<unsigned char>(text[i]) & 0xC0) == 0x80) ++i;
    }
    return std::min(i, text.size());
}

// The quoted name at the end of a toml++ message: "... existing table 'a.b'" -> "a.b".
std::string quoted_name(std::string_view description) {
    const auto close = description.rfind('\'');
    if (close == std::string_view::npos || close == 0) return {};
    const auto open = description.rfind('\'', close - 1);
    if (open == std::string_view::npos) return {};
    return std::string(description.substr(open + 1, close - open - 1));
}

std::optional<std::tuple<std::size_t, std::size_t, std::string>> find_bad_table_header(std::string_view text);

// Position of `key` (dotted, array elements as "phases[1]") in TOML `text`,
// or nullopt if the text does not parse or does not define the key. Only for
// a key defined twice (a syntax error, so no positions were recorded): where
// it was first, in the text before the second definition.
std::optional<TextPosition> find_key(std::string_view text, const std::string& key) {
    if (find_invalid_utf8(text) || find_toml_unsafe_character(text) || find_bad_table_header(text)) return std::nullopt;
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
    return TextPosition{pos.line, pos.column, {}};
}

// The message for a toml++ parse error, and where to report it.
std::pair<toml::source_position, std::string> syntax_problem(std::string_view text, const toml::parse_error& e) {
    toml::source_position pos = e.source().begin;
    const std::string description(e.description());
    const std::string prefix = "TOML syntax error: ";
    const auto statement = statement_at(text, pos.line);
    const auto enclosing = statement_at(text, pos.line, true);

    // A key or table given twice: name it in full and say where it was first.
    const std::string redefine_pair = "Error while parsing key-value pair: cannot redefine existing ";
    const std::string redefine_table = "Error while parsing table header: cannot redefine existing table '";
    if (description.starts_with(redefine_pair) && statement && quoted_name(description) == statement->key) {
        const std::string key = joined(statement->table, statement->key);
        const std::size_t line_start = offset_of(text, toml::source_position{pos.line, 1});
        const auto first = find_key(text.substr(0, line_start), key);
        pos.column = static_cast<toml::source_index>(statement->key_column);
        return {pos, "key `" + printable(key) + "` is defined twice" +
                         (first ? " (first on line " + std::to_string(first->line) + ")" : std::string{})};
    }
    if (description.starts_with(redefine_table) && description.back() == '\'') {
        const std::string name = quoted_name(description);
        for (const auto& [l, l_text] : split_lines(text, pos.line).headers) {
            if (l >= pos.line) break;
            const auto header = header_of(l_text);
            if (header && !header->second && header->first == name)
                return {pos, "table [" + printable(name) + "] is defined twice (first on line " + std::to_string(l) + ")"};
        }
    }

    std::string problem = description;
    // toml++ calls a string cut by the end of its line a control character.
    if (description == "Error while parsing string: unescaped control characters other than TAB (U+0009) are "
                       "explicitly prohibited") {
        const std::size_t at = offset_of(text, pos);
        if (at >= text.size() || text[at] == '\n' || text[at] == '\r')
            problem = "Error while parsing string: no closing quote before the end of the line";
        else
            problem = "Error while parsing string: control character " + describe_character(text, at) +
                      " must be written as an escape (\\t, \\n, \\uXXXX)";
    } else if (description == "Error while parsing string: encountered end-of-file") {
        problem = "Error while parsing string: no closing quote before the end of the file";
    }
    // A bare word where a value belongs: most likely an unquoted string.
    if (description == "Error while parsing value: could not determine value type") {
        const std::size_t at = offset_of(text, pos);
        std::size_t end = at;
        while (end < text.size() &&
               (std::isalnum(static_cast<unsigned char>(text[end])) || text[end] == '_' || text[end] == '-'))
            ++end;
        if (end > at && std::isalpha(static_cast<unsigned char>(text[at])) && statement &&
            is_string_key(joined(statement->table, statement->key)))
            problem += "; strings must be quoted: \"" + printable(text.substr(at, end - at)) + "\"";
    }
    if (enclosing && pos.column > enclosing->equals_column)
        return {pos, "TOML syntax error in the value of `" + printable(joined(enclosing->table, enclosing->key)) +
                         "`: " + problem};
    return {pos, prefix + problem};
}

// toml++ 3.3.0 assumes (TOML_ASSERT_ASSUME: an assertion in debug builds,
// undefined behaviour for the optimiser in clang release builds) that a table
// header's '[' or '[[' is followed, after blanks, by a key or ']'. A header
// line breaking that is refused before parsing: the 1-based line and column
// of the offending character and the character ("'\\n'", "'='").
std::optional<std::tuple<std::size_t, std::size_t, std::string>> find_bad_table_header(std::string_view text) {
    for (const auto& [l, line] : split_lines(text, std::numeric_limits<std::size_t>::max()).headers) {
        std::size_t i = 0;
        while (i < line.size() && (line[i] == ' ' || line[i] == '\t')) ++i;
        if (i == line.size() || line[i] != '[') continue;
        ++i;
        const bool blank_after_first = i < line.size() && (line[i] == ' ' || line[i] == '\t');
        while (i < line.size() && (line[i] == ' ' || line[i] == '\t')) ++i;
        if (!blank_after_first && i < line.size() && line[i] == '[') {
            ++i;
            while (i < line.size() && (line[i] == ' ' || line[i] == '\t')) ++i;
        }
        // The rest of the line in the text: a line may end in "\r\n" or the text.
        const std::size_t at = static_cast<std::size_t>(line.data() - text.data()) + i;
        if (at >= text.size()) continue;  // toml++ reports the end of the text itself
        const char c = text[at];
        if (std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '-' || c == '"' || c == '\'' || c == ']')
            continue;
        const std::string shown = c == '\n' ? "'\\n'" : c == '\r' ? "'\\r'" : "'" + printable(std::string(1, c)) + "'";
        return std::tuple{l, i + 1, shown};
    }
    return std::nullopt;
}

// " in the value of `key`" if byte `offset` lies after the '=' of a statement
// on its line, else "".
std::string value_context(std::string_view text, std::size_t offset) {
    const std::size_t line = line_of_offset(text, offset);
    const auto statement = statement_at(text, line, true);
    if (!statement || column_of_offset(text, offset) <= statement->equals_column) return {};
    return " in the value of `" + printable(joined(statement->table, statement->key)) + "`";
}

}  // namespace

std::string set_label(const TextOrigin& origin) {
    return origin.shown.empty() ? "--set " + printable(origin.name, 200) : origin.shown;
}

[[noreturn]] void fail_at(const TextOrigin& origin, const toml::source_position& pos, const std::string& problem) {
    std::string where;
    if (origin.from_set)
        where = set_label(origin);
    else if (pos.line == 0)
        where = printable(origin.name, 200);
    else
        where = printable(origin.name, 200) + ":" + std::to_string(pos.line) + ":" + std::to_string(pos.column);
    throw InputError(where + ": " + problem);
}

std::string toml_type_name(const toml::node& n) {
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

std::optional<double> toml_number(const toml::node& n) {
    if (const auto* i = n.as_integer()) return static_cast<double>(i->get());
    if (const auto* f = n.as_floating_point()) return f->get();
    return std::nullopt;
}

std::vector<std::pair<std::string, std::pair<toml::source_position, const toml::node*>>> entries_in_file_order(
    const toml::table& t) {
    std::vector<std::pair<std::string, std::pair<toml::source_position, const toml::node*>>> out;
    for (auto&& [k, v] : t) out.push_back({std::string(k.str()), {k.source().begin, &v}});
    std::stable_sort(out.begin(), out.end(), [](const auto& a, const auto& b) {
        const auto &x = a.second.first, &y = b.second.first;
        return x.line != y.line ? x.line < y.line : x.column < y.column;
    });
    return out;
}

toml::table parse_toml_document(std::string_view text, const TextOrigin& origin) {
    const bool utf32 = text.starts_with(std::string_view("\xFF\xFE\0\0", 4)) || text.starts_with(std::string_view("\0\0\xFE\xFF", 4));
    if (utf32 || text.starts_with("\xFF\xFE") || text.starts_with("\xFE\xFF")) {
        if (origin.from_set) throw InputError(set_label(origin) + ": not valid UTF-8 text");
        const std::string encoding = utf32 ? "UTF-32" : "UTF-16";
        throw InputError(printable(origin.name, 200) + ":1:1: the text is " + encoding + " (it starts with a " +
                         encoding + " byte order mark); save the file as UTF-8");
    }
    if (const auto bad = find_invalid_utf8(text)) {
        const bool nul = text[*bad] == '\0';
        char byte[8];
        std::snprintf(byte, sizeof byte, "0x%02X", static_cast<unsigned>(static_cast<unsigned char>(text[*bad])));
        if (origin.from_set)
            throw InputError(set_label(origin) + ": " +
                             (nul ? "NUL byte (0x00) in the value" : "not valid UTF-8 text (byte " + std::string(byte) + ")"));
        const std::string context = value_context(text, *bad);
        const std::string problem = nul ? "NUL byte (0x00) in the text" + context + "; a scenario must be UTF-8 text"
                                        : "not valid UTF-8 text (byte " + std::string(byte) + ")" + context +
                                              "; save the file as UTF-8";
        throw InputError(printable(origin.name, 200) + ":" + std::to_string(line_of_offset(text, *bad)) + ":" +
                         std::to_string(column_of_offset(text, *bad)) + ": " + problem);
    }
    auto fail = [&](const toml::source_position& pos, const std::string& problem) { fail_at(origin, pos, problem); };
    if (const auto unsafe = find_toml_unsafe_character(text))
        fail(toml::source_position{static_cast<toml::source_index>(line_of_offset(text, unsafe->offset)),
                                          static_cast<toml::source_index>(column_of_offset(text, unsafe->offset))},
                    "TOML syntax error" + value_context(text, unsafe->offset) + ": " + unsafe->problem);
    if (const auto header = find_bad_table_header(text)) {
        const auto& [line, column, shown] = *header;
        fail(toml::source_position{static_cast<toml::source_index>(line), static_cast<toml::source_index>(column)},
                    "TOML syntax error: Error while parsing table header: expected a table name after '[', saw " + shown);
    }
    toml::table root;
    try {
        root = toml::parse(text, std::string_view(origin.name));
    } catch (const toml::parse_error& e) {
        const auto [pos, problem] = syntax_problem(text, e);
        fail(pos, problem);
    }
    return root;
}

ParamValue read_key_value(const std::string& key, const toml::node& n, const toml::source_position& pos,
                          const TextOrigin& origin) {
    Scenario scratch;  // only the key's field is read back
    Reader(scratch, origin).apply_scalar(key, n, pos);
    return value_of(scratch, key);
}

bool is_sweep_text(std::string_view text) {
    try {
        return parse_toml_document(text, TextOrigin{"<base>"}).contains("sweep");
    } catch (const InputError&) {  // NOLINT(bugprone-empty-catch): reported with its position by the scenario reader
        return false;
    }
}

void apply_toml(Scenario& scenario, std::string_view text, const TextOrigin& origin) {
    const toml::table root = parse_toml_document(text, origin);
    Reader(scenario, origin).apply(root);
}

std::vector<std::string> table_headers(std::string_view text) {
    std::vector<std::string> out;
    for (const auto& [line, line_text] : split_lines(text, std::numeric_limits<std::size_t>::max()).headers)
        if (const auto header = header_of(line_text)) out.push_back(header->first);
    return out;
}

}  // namespace ambassim
