// Bounded scenario file reading and UTF-8 validation (see text_input.hpp).
#include "sim/util/text_input.hpp"

#include "sim/util/errors.hpp"
#include "sim/util/toml_scan.hpp"

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>
#include <system_error>

namespace ambassim {

namespace fs = std::filesystem;

std::optional<std::string> not_a_regular_file(const fs::path& file) {
    struct stat st {};
    if (::stat(file.c_str(), &st) != 0) {
        if (errno == ENOENT) return "no such file";
        std::string why = std::strerror(errno);
        if (!why.empty()) why[0] = static_cast<char>(std::tolower(static_cast<unsigned char>(why[0])));
        return why;
    }
    if (S_ISREG(st.st_mode)) return std::nullopt;
    if (S_ISDIR(st.st_mode)) return "is a directory";
    if (S_ISFIFO(st.st_mode)) return "is a named pipe (FIFO), not a file";
    if (S_ISCHR(st.st_mode) || S_ISBLK(st.st_mode)) return "is a device, not a file";
    if (S_ISSOCK(st.st_mode)) return "is a socket, not a file";
    return "is not a regular file";
}

std::string read_scenario_file(const fs::path& file) { return read_text_file(file, "scenario"); }

std::string read_text_file(const fs::path& file, const std::string& what) {
    const std::string shown = printable(file.string(), 200);
    auto fail = [&](std::string why) -> void {
        if (!why.empty()) why[0] = static_cast<char>(std::tolower(static_cast<unsigned char>(why[0])));
        throw InputError("cannot read " + what + " `" + shown + "`: " + why);
    };
    const std::string too_large = "is larger than 16 MiB; not a " + what + (what == "scenario" ? " file" : "");

    if (auto why = not_a_regular_file(file)) fail(*why);
    // O_NONBLOCK: should the file have been swapped for a FIFO since the
    // check, the open does not block (and fstat below refuses it).
    const int fd = ::open(file.c_str(), O_RDONLY | O_NONBLOCK | O_CLOEXEC);
    if (fd < 0) fail(std::strerror(errno));
    struct Closer {
        int fd;
        ~Closer() { ::close(fd); }
    } closer{fd};
    struct stat st {};
    if (::fstat(fd, &st) != 0) fail(std::strerror(errno));
    if (!S_ISREG(st.st_mode)) fail("is not a regular file");
    if (static_cast<std::uintmax_t>(st.st_size) > kMaxScenarioBytes) fail(too_large);
    // Read at most one byte more than the limit (the file may grow meanwhile).
    std::string text(kMaxScenarioBytes + 1, '\0');
    std::size_t got = 0;
    while (got < text.size()) {
        const ssize_t n = ::read(fd, text.data() + got, text.size() - got);
        if (n < 0) {
            if (errno == EINTR) continue;
            fail(std::strerror(errno));
        }
        if (n == 0) break;
        got += static_cast<std::size_t>(n);
    }
    text.resize(got);
    if (text.size() > kMaxScenarioBytes) fail(too_large);
    return text;
}

std::optional<std::size_t> find_invalid_utf8(std::string_view text) {
    const auto* s = reinterpret_cast<const unsigned char*>(text.data());
    const std::size_t n = text.size();
    std::size_t i = 0;
    while (i < n) {
        const unsigned char c = s[i];
        if (c == 0) return i;
        if (c < 0x80) {
            ++i;
            continue;
        }
        std::size_t len;
        unsigned char lo = 0x80, hi = 0xBF;  // allowed range of the second byte
        if (c >= 0xC2 && c <= 0xDF) {
            len = 2;
        } else if (c >= 0xE0 && c <= 0xEF) {
            len = 3;
            if (c == 0xE0) lo = 0xA0;  // no overlong forms
            if (c == 0xED) hi = 0x9F;  // no UTF-16 surrogates
        } else if (c >= 0xF0 && c <= 0xF4) {
            len = 4;
            if (c == 0xF0) lo = 0x90;  // no overlong forms
            if (c == 0xF4) hi = 0x8F;  // nothing above U+10FFFF
        } else {
            return i;  // continuation byte without a lead, C0/C1, F5..FF
        }
        if (i + len > n) return i;
        if (s[i + 1] < lo || s[i + 1] > hi) return i;
        for (std::size_t k = 2; k < len; ++k)
            if ((s[i + k] & 0xC0) != 0x80) return i;
        i += len;
    }
    return std::nullopt;
}

std::size_t line_of_offset(std::string_view text, std::size_t offset) {
    offset = std::min(offset, text.size());
    return 1 + static_cast<std::size_t>(std::count(text.begin(), text.begin() + static_cast<std::ptrdiff_t>(offset), '\n'));
}

bool starts_with_bom(std::string_view text) { return text.substr(0, 3) == "\xEF\xBB\xBF"; }

std::size_t column_of_offset(std::string_view text, std::size_t offset) {
    offset = std::min(offset, text.size());
    const auto newline = text.rfind('\n', offset == 0 ? std::string_view::npos : offset - 1);
    std::size_t start = newline == std::string_view::npos || offset == 0 ? 0 : newline + 1;
    if (start == 0 && starts_with_bom(text) && offset >= 3) start = 3;
    std::size_t column = 1;
    for (std::size_t i = start; i < offset; ++i)
        if ((static_cast<unsigned char>(text[i]) & 0xC0) != 0x80) ++column;  // count lead bytes only
    return column;
}

namespace {

// Code point of the well-formed UTF-8 sequence at `i` and its length.
std::pair<char32_t, std::size_t> decode_at(std::string_view text, std::size_t i) {
    const auto c = static_cast<unsigned char>(text[i]);
    std::size_t len = c < 0x80 ? 1 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;
    len = std::min(len, text.size() - i);
    char32_t cp = len == 1 ? c : len == 2 ? (c & 0x1Fu) : len == 3 ? (c & 0x0Fu) : (c & 0x07u);
    for (std::size_t k = 1; k < len; ++k) cp = (cp << 6) | (static_cast<unsigned char>(text[i + k]) & 0x3Fu);
    return {cp, len};
}

bool invisible(char32_t cp) {
    return cp < 0x20 || (cp >= 0x7F && cp <= 0xA0) || cp == 0xAD || cp == 0x1680 || cp == 0x180E ||
           (cp >= 0x2000 && cp <= 0x200F) || (cp >= 0x2028 && cp <= 0x202F) || (cp >= 0x205F && cp <= 0x206F) ||
           cp == 0x3000 || cp == 0xFEFF || (cp >= 0xFFF0 && cp <= 0xFFFF) || (cp >= 0xE0000 && cp <= 0xE007F);
}

}  // namespace

std::string describe_character(std::string_view text, std::size_t offset) {
    if (offset >= text.size()) return "end of text";
    const auto [cp, len] = decode_at(text, offset);
    char buf[16];
    std::snprintf(buf, sizeof buf, "U+%04X", static_cast<unsigned>(cp));
    std::string out = buf;
    if (!invisible(cp)) out += " '" + std::string(text.substr(offset, len)) + "'";
    return out;
}

std::string printable(std::string_view s, std::size_t max_bytes) {
    std::string out;
    std::size_t i = 0;
    while (i < s.size()) {
        if (out.size() >= max_bytes) return out + "...";
        const auto c = static_cast<unsigned char>(s[i]);
        char buf[16];
        if (c >= 0x80) {
            const auto bad = find_invalid_utf8(s.substr(i, 4));
            if (!bad || *bad > 0) {  // a well-formed character starts here
                const std::size_t len = c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;
                out.append(s.substr(i, len));
                i += len;
                continue;
            }
            std::snprintf(buf, sizeof buf, "\\x%02X", static_cast<unsigned>(c));
            out += buf;
        } else if (c == '\n') {
            out += "\\n";
        } else if (c == '\r') {
            out += "\\r";
        } else if (c == '\t') {
            out += "\\t";
        } else if (c < 0x20 || c == 0x7F) {
            std::snprintf(buf, sizeof buf, "\\u%04X", static_cast<unsigned>(c));
            out += buf;
        } else {
            out += static_cast<char>(c);
        }
        ++i;
    }
    return out;
}

std::optional<UnsafeCharacter> find_toml_unsafe_character(std::string_view text) {
    auto non_ascii = [&](std::size_t i) { return static_cast<unsigned char>(text[i]) >= 0x80; };
    auto is_date = [](std::string_view d) {  // YYYY-MM-DD
        for (std::size_t k = 0; k < d.size(); ++k)
            if ((k == 4 || k == 7) ? d[k] != '-' : (d[k] < '0' || d[k] > '9')) return false;
        return true;
    };
    // Where values are, to follow toml++: it scans a bare value (a number, a
    // date, true...) ahead to its end, up to 127 characters, classifying each
    // character, even past a quote that (in invalid TOML) looks like the start
    // of a string to the scanner.
    std::string brackets;          // open '[' (array), 'h' (table header) and '{' outside strings and comments
    std::size_t key_dots = 0;      // dots in the key being read: toml++ recurses once per level
    bool value = false;            // after a key's '=' (or inside an array) rather than where keys are
    bool at_value_start = false;   // only blanks, line breaks and comments since '=', '[' or ',' of an array
    auto bare_value_problem = [&](std::size_t i) -> std::optional<UnsafeCharacter> {
        std::size_t chars = 0;
        for (std::size_t j = i; j < text.size() && chars < 128; ++j) {
            const char d = text[j];
            if (d == ' ' || d == '\t' || d == '\n' || d == '\r' || d == ',' || d == ']' || d == '}' || d == '#') break;
            if (non_ascii(j)) return UnsafeCharacter{j, "unexpected character " + describe_character(text, j) + " in a value"};
            ++chars;
        }
        return std::nullopt;
    };
    const std::size_t n = text.size();
    TomlContext ctx = TomlContext::code;
    for (std::size_t i = starts_with_bom(text) ? 3 : 0; i < n;) {
        const char c = text[i];
        const TomlStep step = toml_step(text, i, ctx);
        if (ctx == TomlContext::code) {
            if (non_ascii(i))
                return UnsafeCharacter{i, "unexpected character " + describe_character(text, i) +
                                             " outside a string or comment"};
            if (c == '.' && !value && ++key_dots >= kMaxKeyDepth)
                return UnsafeCharacter{i, "a key nested more than " + std::to_string(kMaxKeyDepth) +
                                              " levels deep (a scenario needs a few)"};
            if (c == '=' || c == '\n' || c == '[' || c == ']' || c == '{' || c == ',') key_dots = 0;
            // toml++ 3.3.0 asserts (an optimiser assumption in clang release
            // builds) that a value follows '[' or ',' in an array, and that a
            // digit follows the 'T' of a date-time; both are invalid TOML anyway.
            if (c == '[') {
                brackets.push_back(value ? '[' : 'h');
                at_value_start = value;
            } else if (c == '{') {
                brackets.push_back('{');
                value = at_value_start = false;
            } else if (c == ']' || c == '}') {
                const char open = brackets.empty() ? 0 : brackets.back();
                if (open != 0 && (c == ']') != (open == '[' || open == 'h'))
                    return UnsafeCharacter{i, std::string("unexpected '") + c + "' inside " +
                                                  (open == '{' ? "an inline table" : "an array")};
                if (open != 0) brackets.pop_back();
                if (c == '}') value = true;  // the inline table was a value
                at_value_start = false;
            } else if (c == '=') {
                value = at_value_start = true;
            } else if (c == ',') {
                const char open = brackets.empty() ? 0 : brackets.back();
                if (open == '{') value = false;
                at_value_start = open == '[';
            } else if (c == '\n') {
                if (brackets.empty()) value = at_value_start = false;
            } else if (c != ' ' && c != '\t' && c != '\r' && c != '#') {
                if (at_value_start && value && c != '"' && c != '\'')
                    if (auto problem = bare_value_problem(i)) return problem;
                at_value_start = false;
            }
            if ((c == 'T' || c == 't') && i >= 10 && is_date(text.substr(i - 10, 10)) &&
                (i + 1 >= n || text[i + 1] < '0' || text[i + 1] > '9'))
                return UnsafeCharacter{i, "expected a 2-digit hour after the 'T' of a date-time"};
        } else if (ctx == TomlContext::multiline_basic && c == '\\' && step.length >= 2) {
            // After a backslash toml++ classifies the next character, and after a
            // line-ending backslash every character up to the next non-blank one.
            const bool line_ending = text[i + 1] == ' ' || text[i + 1] == '\t' || text[i + 1] == '\n' || text[i + 1] == '\r';
            const std::size_t j = line_ending ? i + step.length : i + 1;
            if (j < n && non_ascii(j))
                return UnsafeCharacter{j, "unsupported character " + describe_character(text, j) +
                                              " after a backslash in a multi-line string"};
        } else if (ctx == TomlContext::comment && c == '\n') {
            if (brackets.empty()) value = at_value_start = false;
        }
        ctx = step.after;
        i += step.length;
    }
    return std::nullopt;
}

}  // namespace ambassim
