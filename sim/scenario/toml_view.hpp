// A read-only view of a parsed TOML document, for the readers of other
// folders (game files and game states in sim/serve, targets files in
// analysis/fit): they get the scenario reader's guarded parser and its
// messages without seeing toml++, which stays private to sim/scenario
// (.ci/check_layers.py follows third-party headers through project headers).
#pragma once

#include "sim/scenario/toml_reader.hpp"  // TextOrigin

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace ambassim {

// Where a key or value is in the text (1-based); line 0: no position.
struct TomlPos {
    std::uint32_t line = 0, column = 0;
};

struct TomlEntry;

// One value of a document (a handle: valid while its TomlDocument lives). An
// empty handle (false) stands for an absent key or element.
class TomlNode {
public:
    TomlNode() = default;
    explicit operator bool() const { return node_ != nullptr; }

    TomlPos position() const;        // where the value begins
    std::string type_name() const;   // "string", "integer", "float", "boolean", "table", "array", "date", ...
    std::optional<double> number() const;  // an integer or a float, as a double
    std::optional<std::int64_t> integer() const;
    std::optional<double> floating() const;
    std::optional<bool> boolean() const;
    std::optional<std::string> string() const;
    bool is_table() const;
    bool is_array() const;

    std::size_t size() const;                  // elements of an array; 0 for anything else
    TomlNode at(std::size_t index) const;      // element of an array; empty if none
    TomlNode get(std::string_view key) const;  // a table's value of `key`; empty if none
    // A table's entries in file order, each with the position of its key, so
    // that the first problem in a file is the one reported; empty for others.
    std::vector<TomlEntry> entries() const;

private:
    friend class TomlDocument;
    explicit TomlNode(const void* node) : node_(node) {}
    const void* node_ = nullptr;  // a toml::node
};

struct TomlEntry {
    std::string key;
    TomlPos key_pos;
    TomlNode value;
};

// A parsed document. Parsing refuses malformed UTF-8, input that trips
// toml++ 3.3.0 and absurd key depth first; throws InputError
// "<name>:<line>:<column>: <problem>" as the scenario reader does.
class TomlDocument {
public:
    TomlDocument(std::string_view text, const TextOrigin& origin);
    ~TomlDocument();
    TomlDocument(TomlDocument&&) noexcept;
    TomlDocument& operator=(TomlDocument&&) noexcept;
    TomlNode root() const;  // the root table

private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

// Throws InputError "<name>:<line>:<column>: <problem>" ("<name>: <problem>"
// for line 0; "--set <assignment>: <problem>" for --set origins).
[[noreturn]] void fail_at(const TextOrigin& origin, TomlPos pos, const std::string& problem);

}  // namespace ambassim
