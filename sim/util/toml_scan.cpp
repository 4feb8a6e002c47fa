// The TOML lexical scanner (see toml_scan.hpp).
#include "sim/util/toml_scan.hpp"

#include <algorithm>

namespace ambassim {

namespace {

std::size_t run_of(std::string_view text, std::size_t i, char quote) {
    std::size_t n = 0;
    while (i + n < text.size() && text[i + n] == quote) ++n;
    return n;
}

bool blank_or_line_end(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

}  // namespace

TomlStep toml_step(std::string_view text, std::size_t i, TomlContext ctx) {
    const char c = text[i];
    const bool next = i + 1 < text.size();
    switch (ctx) {
        case TomlContext::code:
            if (c == '#') return {1, TomlContext::comment};
            if (c == '"' || c == '\'') {
                const std::size_t quotes = run_of(text, i, c);
                if (quotes >= 3) return {3, c == '"' ? TomlContext::multiline_basic : TomlContext::multiline_literal};
                if (quotes == 2) return {2, TomlContext::code};  // an empty string
                return {1, c == '"' ? TomlContext::basic_string : TomlContext::literal_string};
            }
            return {1, TomlContext::code};
        case TomlContext::comment:
            return {1, c == '\n' ? TomlContext::code : TomlContext::comment};
        case TomlContext::basic_string:
            if (c == '\\' && next && text[i + 1] != '\n') return {2, TomlContext::basic_string};
            if (c == '"' || c == '\n') return {1, TomlContext::code};
            return {1, TomlContext::basic_string};
        case TomlContext::literal_string:
            return {1, c == '\'' || c == '\n' ? TomlContext::code : TomlContext::literal_string};
        case TomlContext::multiline_basic:
            if (c == '\\' && next) {
                if (!blank_or_line_end(text[i + 1])) return {2, TomlContext::multiline_basic};
                std::size_t j = i + 1;
                while (j < text.size() && blank_or_line_end(text[j])) ++j;
                return {j - i, TomlContext::multiline_basic};
            }
            if (c == '"' && run_of(text, i, '"') >= 3) return {std::min<std::size_t>(run_of(text, i, '"'), 5), TomlContext::code};
            return {1, TomlContext::multiline_basic};
        case TomlContext::multiline_literal:
            if (c == '\'' && run_of(text, i, '\'') >= 3)
                return {std::min<std::size_t>(run_of(text, i, '\''), 5), TomlContext::code};
            return {1, TomlContext::multiline_literal};
    }
    return {1, ctx};
}

}  // namespace ambassim
