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
#include <utility>
#include <vector>

namespace ambassim {

// Where text came from, for error messages: a file name (messages start with
// "<name>:<line>:<column>: ") or one --set assignment ("--set <name>: ").
struct TextOrigin {
    std::string name;
    bool from_set = false;
    bool is_base = false;  // a file of the `base =` chain: key positions name it
    std::string shown;     // for from_set: how messages name it ("" = "--set <name>")

    TextOrigin() = default;
    TextOrigin(std::string name_, bool from_set_ = false, bool is_base_ = false, std::string shown_ = {})
        : name(std::move(name_)), from_set(from_set_), is_base(is_base_), shown(std::move(shown_)) {}
};

// How messages name a --set origin: `shown`, or "--set <name>" (cut to 200 characters).
std::string set_label(const TextOrigin& origin);

// Parses `text` and applies every key in it to `scenario` (no cross-field
// validation). Checks that the text is UTF-8 first. Throws InputError; on
// error `scenario` may be partly updated.
void apply_toml(Scenario& scenario, std::string_view text, const TextOrigin& origin);


// The names of the table headers of `text` ("a.b" for [a.b] and [[a.b]]),
// found by the shared TOML scanner without parsing (a header inside a
// multi-line string is not one); malformed headers are left out.
std::vector<std::string> table_headers(std::string_view text);

// Whether `text` is a sweep file (parses, with a [sweep] table): a file named
// as a scenario's base is checked with it, so the user reads "a sweep file"
// rather than "unknown section `sweep`". False for text that does not parse
// (the scenario reader reports that with its position).
bool is_sweep_text(std::string_view text);

// Whether `name` is a scalar key, a section ("customers", "run") or the
// array of phase tables.
bool is_scalar_key(std::string_view name);
bool is_section(std::string_view name);

}  // namespace ambassim
