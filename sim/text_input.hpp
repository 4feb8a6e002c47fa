// Safe intake of scenario text: bounded file reading with clear errors, and a
// UTF-8 check run before any text reaches toml++ (whose 3.3.0 parser has crash
// bugs on malformed UTF-8).
#pragma once

#include <cstddef>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>

namespace ambassim {

inline constexpr std::size_t kMaxScenarioBytes = 16u << 20;  // 16 MiB

// Reads a whole scenario file. Throws InputError
// "cannot read scenario `<path>`: <why>" (no such file, is a directory,
// is larger than 16 MiB; not a scenario file, or the system's reason).
std::string read_scenario_file(const std::filesystem::path& file);

// Offset of the first byte that is not part of well-formed UTF-8 (overlong
// forms, surrogates and code points above U+10FFFF are rejected) or is NUL;
// nullopt if the text is clean.
std::optional<std::size_t> find_invalid_utf8(std::string_view text);

// 1-based line number of byte `offset` in `text`.
std::size_t line_of_offset(std::string_view text, std::size_t offset);
// 1-based column (in characters) of byte `offset` of UTF-8 `text`.
std::size_t column_of_offset(std::string_view text, std::size_t offset);

// toml++ 3.3.0 has undefined behaviour (an "unreachable" branch in its
// whitespace table) when it meets some non-ASCII characters where it looks
// for whitespace: outside strings and comments, and in multi-line basic
// strings right after a backslash. Such characters are never valid TOML
// outside strings and comments, and never needed after a backslash in a
// scenario, so they are refused before parsing. Returns the offset of the
// first one and what is wrong, for valid UTF-8 `text`.
struct UnsafeCharacter {
    std::size_t offset;
    std::string problem;  // e.g. "unexpected character 'é' outside a string or comment"
};
std::optional<UnsafeCharacter> find_toml_unsafe_character(std::string_view text);

}  // namespace ambassim
