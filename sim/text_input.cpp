// Bounded scenario file reading and UTF-8 validation (see text_input.hpp).
#include "sim/text_input.hpp"

#include "sim/scenario.hpp"

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <cstring>
#include <fstream>
#include <system_error>

namespace ambassim {

namespace fs = std::filesystem;

std::string read_scenario_file(const fs::path& file) {
    const std::string shown = file.string();
    auto fail = [&](std::string why) -> void {
        if (!why.empty()) why[0] = static_cast<char>(std::tolower(static_cast<unsigned char>(why[0])));
        throw InputError("cannot read scenario `" + shown + "`: " + why);
    };
    const std::string too_large = "is larger than 16 MiB; not a scenario file";

    std::error_code ec;
    const fs::file_status st = fs::status(file, ec);
    if (st.type() == fs::file_type::not_found) fail("no such file");
    if (ec) fail(ec.message());
    if (fs::is_directory(st)) fail("is a directory");
    if (fs::is_regular_file(st)) {
        const auto size = fs::file_size(file, ec);
        if (!ec && size > kMaxScenarioBytes) fail(too_large);
    }

    std::ifstream in(file, std::ios::binary);
    if (!in) fail(std::strerror(errno));
    // Read at most one byte more than the limit: also safe for devices and pipes.
    std::string text(kMaxScenarioBytes + 1, '\0');
    in.read(text.data(), static_cast<std::streamsize>(text.size()));
    if (in.bad()) fail("read error");
    text.resize(static_cast<std::size_t>(in.gcount()));
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

std::size_t column_of_offset(std::string_view text, std::size_t offset) {
    offset = std::min(offset, text.size());
    const auto newline = text.rfind('\n', offset == 0 ? std::string_view::npos : offset - 1);
    const std::size_t start = newline == std::string_view::npos || offset == 0 ? 0 : newline + 1;
    std::size_t column = 1;
    for (std::size_t i = start; i < offset; ++i)
        if ((static_cast<unsigned char>(text[i]) & 0xC0) != 0x80) ++column;  // count lead bytes only
    return column;
}

std::optional<UnsafeCharacter> find_toml_unsafe_character(std::string_view text) {
    enum class State { Normal, Comment, Basic, Literal, MultiBasic, MultiLiteral };
    State state = State::Normal;
    auto non_ascii = [&](std::size_t i) { return static_cast<unsigned char>(text[i]) >= 0x80; };
    auto character_at = [&](std::size_t i) {
        std::size_t end = i + 1;
        while (end < text.size() && (static_cast<unsigned char>(text[end]) & 0xC0) == 0x80) ++end;
        return std::string(text.substr(i, end - i));
    };
    auto run_of = [&](std::size_t i, char quote) {
        std::size_t n = 0;
        while (i + n < text.size() && text[i + n] == quote) ++n;
        return n;
    };
    const std::size_t n = text.size();
    for (std::size_t i = 0; i < n; ++i) {
        const char c = text[i];
        switch (state) {
            case State::Normal:
                if (non_ascii(i))
                    return UnsafeCharacter{i, "unexpected character '" + character_at(i) + "' outside a string or comment"};
                if (c == '#') state = State::Comment;
                if (c == '"' || c == '\'') {
                    const std::size_t quotes = run_of(i, c);
                    if (quotes >= 3) {
                        state = c == '"' ? State::MultiBasic : State::MultiLiteral;
                        i += 2;
                    } else if (quotes == 2) {
                        i += 1;  // an empty string
                    } else {
                        state = c == '"' ? State::Basic : State::Literal;
                    }
                }
                break;
            case State::Comment:
                if (c == '\n') state = State::Normal;
                break;
            case State::Basic:
                if (c == '\\')
                    ++i;  // the escaped character (an invalid escape is toml++'s error)
                else if (c == '"' || c == '\n')
                    state = State::Normal;
                break;
            case State::Literal:
                if (c == '\'' || c == '\n') state = State::Normal;
                break;
            case State::MultiBasic:
                if (c == '\\') {
                    // After a backslash toml++ classifies the next character, and after a
                    // line-ending backslash every character up to the next non-blank one.
                    std::size_t j = i + 1;
                    while (j < n && (text[j] == ' ' || text[j] == '\t' || text[j] == '\n' || text[j] == '\r')) ++j;
                    const bool line_ending = j > i + 1;
                    if (j < n && non_ascii(j) && (line_ending || j == i + 1))
                        return UnsafeCharacter{j, "unsupported character '" + character_at(j) +
                                                      "' after a backslash in a multi-line string"};
                    i = line_ending ? j - 1 : i + 1;
                } else if (c == '"' && run_of(i, '"') >= 3) {
                    i += std::min<std::size_t>(run_of(i, '"'), 5) - 1;  // up to two quotes belong to the string
                    state = State::Normal;
                }
                break;
            case State::MultiLiteral:
                if (c == '\'' && run_of(i, '\'') >= 3) {
                    i += std::min<std::size_t>(run_of(i, '\''), 5) - 1;
                    state = State::Normal;
                }
                break;
        }
    }
    return std::nullopt;
}

}  // namespace ambassim
