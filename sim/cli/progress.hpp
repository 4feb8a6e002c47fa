// Progress on stderr. On a terminal: a one-line bar, "\r[#####.....] 45% tick
// 164/365", redrawn at most ten times per second. Off a terminal (batch jobs,
// logs): a timestamped line at most every 10 s, "2026-12-07T04:10:00Z
// progress: 45% (tick 164/365), elapsed 12s, ETA 15s", so a long job's log
// shows it is alive and when it will end. Nothing with --quiet.
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <string>

namespace ambassim::cli {

class ProgressBar {
public:
    enum class Mode { off, bar, log };
    explicit ProgressBar(Mode mode);
    ~ProgressBar();  // clears the line if something was drawn
    ProgressBar(const ProgressBar&) = delete;
    ProgressBar& operator=(const ProgressBar&) = delete;

    // Also show progress in these units ("runs 12/40"): `count` of them make up
    // the total, so done units = floor(done * count / total).
    void set_units(std::string name, std::int64_t count);
    void update(std::int64_t done, std::int64_t total);
    // Erases the bar so that the next output starts on a clean line.
    void clear();

private:
    void draw_bar(std::int64_t done, std::int64_t total);
    void write_line(std::int64_t done, std::int64_t total);

    std::string units_;
    std::int64_t unit_count_ = 0;
    std::string units_text(std::int64_t done, std::int64_t total) const;
    Mode mode_;
    std::size_t drawn_ = 0;  // characters on the line now
    std::chrono::steady_clock::time_point start_ = std::chrono::steady_clock::now();
    std::chrono::steady_clock::time_point last_{};
};

// bar on a terminal, log lines otherwise, off with --quiet.
ProgressBar::Mode progress_mode(bool quiet);

// Whether stderr is a terminal.
bool stderr_is_terminal();
// Columns of the terminal stdout writes to (COLUMNS if set, else the
// terminal's size); 0 if stdout is not a terminal (plain layout).
std::size_t terminal_width();

// "2026-12-07T04:10:00Z" (UTC, for log lines).
std::string utc_timestamp();
// "elapsed 12s, ETA 15s" for `done` of `total` after `elapsed` seconds (no ETA before any progress).
std::string elapsed_and_eta(double elapsed, double done, double total);

}  // namespace ambassim::cli
