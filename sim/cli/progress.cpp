// Terminal progress bar for `ambassim run` (see progress.hpp).
#include "sim/cli/progress.hpp"

#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <string>

namespace ambassim::cli {

namespace {
constexpr int kWidth = 30;
constexpr auto kMinInterval = std::chrono::milliseconds(100);
}  // namespace

bool stderr_is_terminal() { return ::isatty(STDERR_FILENO) == 1; }

ProgressBar::ProgressBar(bool enabled) : enabled_(enabled) {}

ProgressBar::~ProgressBar() { clear(); }

void ProgressBar::update(std::int64_t done, std::int64_t total) {
    if (!enabled_ || total <= 0) return;
    const auto now = std::chrono::steady_clock::now();
    if (drawn_ > 0 && done < total && now - last_ < kMinInterval) return;
    last_ = now;
    done = std::clamp<std::int64_t>(done, 0, total);
    const int filled = static_cast<int>(kWidth * done / total);
    const int percent = static_cast<int>(100 * done / total);
    std::string line = "\r[" + std::string(static_cast<std::size_t>(filled), '#') +
                       std::string(static_cast<std::size_t>(kWidth - filled), '.') + "] " + std::to_string(percent) +
                       "% tick " + std::to_string(done) + "/" + std::to_string(total);
    const std::size_t length = line.size() - 1;
    if (length < drawn_) line += std::string(drawn_ - length, ' ');
    drawn_ = length;
    std::fputs(line.c_str(), stderr);
    std::fflush(stderr);
}

void ProgressBar::clear() {
    if (!enabled_ || drawn_ == 0) return;
    std::fputs(("\r" + std::string(drawn_, ' ') + "\r").c_str(), stderr);
    std::fflush(stderr);
    drawn_ = 0;
}

}  // namespace ambassim::cli
