// Applies TOML text (a scenario file or one --set assignment) to a Scenario:
// walks the whole tree, rejects unknown keys and sections (with suggestions),
// checks types, finiteness, ranges and choices. toml++ itself is reached only
// through toml_document.hpp (this reader and the sweep file reader).
#pragma once

#include "sim/scenario/scenario.hpp"

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace ambassim {

// Where text came from, for error messages: a file name (messages start with
// "<name>:<line>:<column>: ") or one --set assignment ("--set <name>: ").
struct TextOrigin {
    std::string name;
    bool from_set = false;
};

// Parses `text` and applies every key in it to `scenario` (no cross-field
// validation). Checks that the text is UTF-8 first. Throws InputError; on
// error `scenario` may be partly updated.
void apply_toml(Scenario& scenario, std::string_view text, const TextOrigin& origin);

struct TextPosition {
    std::size_t line = 0;
    std::size_t column = 0;
};
// Position of `key` (dotted, array elements as "phases[1]") in TOML `text`,
// or nullopt if the text does not parse or does not define the key.
std::optional<TextPosition> find_key(std::string_view text, const std::string& key);

// Whether `name` is a scalar key, a section ("customers", "run") or the
// array of phase tables.
bool is_scalar_key(std::string_view name);
bool is_section(std::string_view name);

}  // namespace ambassim
