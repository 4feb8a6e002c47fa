// The one lexical scanner of TOML text in ambassim: where strings and
// comments begin and end. The checks run before toml++ parses a text
// (text_input.cpp), the statement finder that puts a toml++ syntax error in
// context and the table header scan (sim/scenario/toml_reader.cpp) all step
// through a text with toml_step, so they cannot disagree about what is
// inside a string (they did: a backslash before a line end in a basic
// string). It follows toml++ 3.3.0 on invalid text too: a line end ends a
// single-line string or a comment.
#pragma once

#include <cstddef>
#include <string_view>

namespace ambassim {

enum class TomlContext { code, comment, basic_string, literal_string, multiline_basic, multiline_literal };

struct TomlStep {
    std::size_t length;  // bytes that belong together (>= 1)
    TomlContext after;   // the context after them
};

// Reads the bytes at offset `i` (< text.size()) of `text` in context `ctx`:
// - code: a comment's '#'; a string's opening quote(s) (1, or 3 for a
//   multi-line string; 2 quotes are a whole empty string); else one byte;
// - basic strings: an escape (backslash and the next byte) as one unit,
//   unless the backslash ends the line; the closing quote or a line end ends
//   the string;
// - multi-line basic strings: a backslash followed by blanks or line ends
//   (a line-ending backslash) together with all of them, a closing run of 3
//   to 5 quotes (up to two belong to the string);
// - literal strings and comments: up to their closing quote(s) or line end.
TomlStep toml_step(std::string_view text, std::size_t i, TomlContext ctx);

}  // namespace ambassim
