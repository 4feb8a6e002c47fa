// A one-line progress bar on stderr, "\r[#####.....] 45% tick 164/365",
// drawn only when enabled (stderr is a terminal and not --quiet) and redrawn
// at most ten times per second.
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>

namespace ambassim::cli {

class ProgressBar {
public:
    explicit ProgressBar(bool enabled);
    ~ProgressBar();  // clears the line if something was drawn
    ProgressBar(const ProgressBar&) = delete;
    ProgressBar& operator=(const ProgressBar&) = delete;

    void update(std::int64_t done, std::int64_t total);
    // Erases the bar so that the next output starts on a clean line.
    void clear();

private:
    bool enabled_;
    std::size_t drawn_ = 0;  // characters on the line now
    std::chrono::steady_clock::time_point last_{};
};

// Whether stderr is a terminal.
bool stderr_is_terminal();

}  // namespace ambassim::cli
