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

// Why `file` cannot be read as a file (following symlinks): "no such
// file", "is a directory", "is a named pipe (FIFO)", "is a device", "is a
// socket", or the system's reason; nullopt for a regular file. Checked
// before any open, because opening a FIFO without a writer blocks forever
// and a device can be endless.
std::optional<std::string> not_a_regular_file(const std::filesystem::path& file);

// Reads a whole scenario file. Throws InputError
// "cannot read scenario `<path>`: <why>" (not_a_regular_file's reasons,
// is larger than 16 MiB; not a scenario file, or the system's reason). The
// name is cut for the message (printable) so a huge name cannot flood it.
std::string read_scenario_file(const std::filesystem::path& file);

// The same guarded read for any text file a user names (a targets file, a
// file of ranges, a page asset): `what` names it in the messages,
// "cannot read <what> `<path>`: <why>". Every reader of a user-given text
// file goes through here, never through std::ifstream (which blocks on a FIFO
// and reads a device without end).
std::string read_text_file(const std::filesystem::path& file, const std::string& what);

// Offset of the first byte that is not part of well-formed UTF-8 (overlong
// forms, surrogates and code points above U+10FFFF are rejected) or is NUL;
// nullopt if the text is clean.
std::optional<std::size_t> find_invalid_utf8(std::string_view text);

// 1-based line number of byte `offset` in `text`.
std::size_t line_of_offset(std::string_view text, std::size_t offset);
// 1-based column (in characters) of byte `offset` of UTF-8 `text` (a UTF-8
// byte order mark at the start of the text is not counted, as in toml++).
std::size_t column_of_offset(std::string_view text, std::size_t offset);

// The character starting at byte `offset` of valid UTF-8 `text` for messages:
// "U+00E9 'é'", or only "U+00A0" for invisible characters (controls, spaces
// other than ' ', format characters such as U+FEFF and U+200B).
std::string describe_character(std::string_view text, std::size_t offset);

// `s` for a message: invalid UTF-8 bytes and control characters escaped
// ("\xFF", "\n", "\u0001"), and cut to about `max_bytes` (at a character
// boundary, marked "...") so that a huge key or value cannot flood stderr.
std::string printable(std::string_view s, std::size_t max_bytes = 80);

// Whether `text` starts with a UTF-8 byte order mark (EF BB BF), which TOML
// allows and toml++ skips.
bool starts_with_bom(std::string_view text);

// toml++ 3.3.0 has undefined behaviour (an "unreachable" branch in its
// whitespace table) when it meets some non-ASCII characters where it looks
// for whitespace: outside strings and comments, within the 127 characters it
// scans ahead from the start of a bare value (a number, date, boolean) even
// past a quote, and in multi-line basic strings right after a backslash. It
// also asserts (TOML_ASSERT_ASSUME: an optimiser assumption in clang release
// builds) that a value follows the '[' or ',' of an array and that a digit
// follows the 'T' of a date-time. None of this is valid TOML (or needed after
// a backslash in a scenario), so such input is refused before parsing.
// Returns the offset of the first problem and what it is, for valid UTF-8
// `text`. A byte order mark at the very start is allowed. (Table headers are
// checked by the TOML reader: sim/toml_reader.cpp.) Keys deeper than
// kMaxKeyDepth are refused here too.
// Keys (and table headers) deeper than this are refused before parsing:
// toml++ 3.3.0 recurses once per level and overflows the stack at some
// ten thousand. Scenario keys have up to four levels.
inline constexpr std::size_t kMaxKeyDepth = 64;

struct UnsafeCharacter {
    std::size_t offset;
    std::string problem;  // e.g. "unexpected character U+00E9 'é' outside a string or comment", without "TOML syntax error: "
};
std::optional<UnsafeCharacter> find_toml_unsafe_character(std::string_view text);

}  // namespace ambassim
