// The memory limit (see memory_limit.hpp).
#include "sim/util/memory_limit.hpp"

#include "sim/util/errors.hpp"
#include "sim/util/text_input.hpp"

#include <unistd.h>

#include <charconv>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <limits>
#include <string_view>

namespace ambassim {

namespace {
constexpr const char* kMemoryLimitVariable = "AMBASSIM_MEMORY_LIMIT_BYTES";
}

std::string gib_text(double bytes) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.1f GiB", bytes / (1ull << 30));
    return buf;
}

MemoryLimit memory_limit() {
    if (const char* env = std::getenv(kMemoryLimitVariable); env && *env) {
        const std::string_view text = env;
        std::uint64_t value = 0;
        const auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
        if (ec != std::errc{} || ptr != text.data() + text.size() || value == 0)
            throw InputError(std::string(kMemoryLimitVariable) + " = `" + printable(text) +
                             "` is not a positive number of bytes");
        const auto bytes = static_cast<double>(value);
        return {bytes, "the limit is " + gib_text(bytes) + " (" + kMemoryLimitVariable + ")"};
    }
    const long pages = sysconf(_SC_PHYS_PAGES);
    const long page_size = sysconf(_SC_PAGESIZE);
    if (pages <= 0 || page_size <= 0) return {std::numeric_limits<double>::infinity(), ""};  // unknown: no check
    const double bytes = static_cast<double>(pages) * static_cast<double>(page_size);
    return {bytes, "this machine has " + gib_text(bytes)};
}

}  // namespace ambassim
