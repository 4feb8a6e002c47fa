// Safe parsing of TOML documents (scenario and sweep files) with toml++:
// the UTF-8 and toml++-bug guards and the syntax messages of the scenario
// reader, for any reader in sim/scenario that needs the parsed tree
// (sweep_spec.cpp). Private to sim/scenario: other folders use toml_view.hpp.
#pragma once

#include "sim/scenario/assignment.hpp"
#include "sim/scenario/toml_reader.hpp"

#include <toml++/toml.h>

#include <optional>
#include <string>
#include <utility>
#include <vector>
#include <string_view>

namespace ambassim {

// Parses `text`, refusing malformed UTF-8 and input that trips toml++ 3.3.0
// before parsing. Throws InputError "<name>:<line>:<column>: <problem>".
toml::table parse_toml_document(std::string_view text, const TextOrigin& origin);

// Throws InputError "<name>:<line>:<column>: <problem>" ("<name>: <problem>"
// without a position; "--set <assignment>: <problem>" for --set origins).
[[noreturn]] void fail_at(const TextOrigin& origin, const toml::source_position& pos, const std::string& problem);

// The typed value of scalar key `key` (is_scalar_key) given as `n`, by the
// rules of a scenario file (type, finiteness, range, choices): a typed value
// read once from the tree, never through text. Errors name `origin` at `pos`.
ParamValue read_key_value(const std::string& key, const toml::node& n, const toml::source_position& pos,
                          const TextOrigin& origin);

// "string", "integer", "float", "boolean", "table", "array", "date", ...
std::string toml_type_name(const toml::node& n);
// The value of an integer or float node as a double; nullopt for other types.
std::optional<double> toml_number(const toml::node& n);
// A table's entries in file order (toml++ iterates in key order), each with
// the position of its key, so that the first problem in a file is reported.
std::vector<std::pair<std::string, std::pair<toml::source_position, const toml::node*>>> entries_in_file_order(
    const toml::table& t);

}  // namespace ambassim
