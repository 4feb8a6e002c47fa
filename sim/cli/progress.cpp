// Progress bar and log lines for run, compare and sweep (see progress.hpp).
#include "sim/cli/progress.hpp"

#include "sim/util/number_format.hpp"

#include <sys/ioctl.h>
#include <unistd.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <ctime>

namespace ambassim::cli {

namespace {
constexpr int kWidth = 30;
constexpr auto kMinInterval = std::chrono::milliseconds(100);
constexpr auto kLogInterval = std::chrono::seconds(10);
}  // namespace

bool stderr_is_terminal() { return ::isatty(STDERR_FILENO) == 1; }

std::size_t terminal_width() {
    if (::isatty(STDOUT_FILENO) != 1) return 0;
    if (const char* columns = std::getenv("COLUMNS"); columns && *columns) {
        const long n = std::strtol(columns, nullptr, 10);
        if (n >= 40 && n <= 1000) return static_cast<std::size_t>(n);
    }
    winsize size{};
    if (::ioctl(STDOUT_FILENO, TIOCGWINSZ, &size) == 0 && size.ws_col >= 40) return size.ws_col;
    return 80;
}

void ProgressBar::set_units(std::string name, std::int64_t count) {
    units_ = std::move(name);
    unit_count_ = count;
}

std::string ProgressBar::units_text(std::int64_t done, std::int64_t total) const {
    if (unit_count_ <= 0 || total <= 0) return {};
    const auto units = static_cast<std::int64_t>(static_cast<double>(done) * static_cast<double>(unit_count_) /
                                                 static_cast<double>(total));
    return units_ + " " + std::to_string(units) + "/" + std::to_string(unit_count_) + ", ";
}

ProgressBar::Mode progress_mode(bool quiet) {
    if (quiet) return ProgressBar::Mode::off;
    return stderr_is_terminal() ? ProgressBar::Mode::bar : ProgressBar::Mode::log;
}

std::string utc_timestamp() {
    const std::time_t now = std::time(nullptr);
    std::tm utc{};
    ::gmtime_r(&now, &utc);
    char text[32];
    std::strftime(text, sizeof text, "%Y-%m-%dT%H:%M:%SZ", &utc);
    return text;
}

std::string elapsed_and_eta(double elapsed, double done, double total) {
    std::string out = "elapsed " + format_duration(elapsed);
    if (done > 0 && total >= done) out += ", ETA " + format_duration(elapsed * (total - done) / done);
    return out;
}

ProgressBar::ProgressBar(Mode mode) : mode_(mode) {}

ProgressBar::~ProgressBar() { clear(); }

void ProgressBar::update(std::int64_t done, std::int64_t total) {
    if (mode_ == Mode::off || total <= 0) return;
    done = std::clamp<std::int64_t>(done, 0, total);
    if (mode_ == Mode::bar) draw_bar(done, total);
    else write_line(done, total);
}

void ProgressBar::draw_bar(std::int64_t done, std::int64_t total) {
    const auto now = std::chrono::steady_clock::now();
    if (drawn_ > 0 && done < total && now - last_ < kMinInterval) return;
    last_ = now;
    const int filled = static_cast<int>(kWidth * done / total);
    const int percent = static_cast<int>(100 * done / total);
    const double elapsed = std::chrono::duration<double>(now - start_).count();
    std::string line = "\r[" + std::string(static_cast<std::size_t>(filled), '#') +
                       std::string(static_cast<std::size_t>(kWidth - filled), '.') + "] " + std::to_string(percent) +
                       "% " + units_text(done, total) + "tick " + std::to_string(done) + "/" + std::to_string(total) +
                       ", " + elapsed_and_eta(elapsed, static_cast<double>(done), static_cast<double>(total));
    const std::size_t length = line.size() - 1;
    if (length < drawn_) line += std::string(drawn_ - length, ' ');
    drawn_ = length;
    std::fputs(line.c_str(), stderr);
    std::fflush(stderr);
}

// Short jobs print nothing: the first line comes after one interval.
void ProgressBar::write_line(std::int64_t done, std::int64_t total) {
    const auto now = std::chrono::steady_clock::now();
    if (now - std::max(start_, last_) < kLogInterval) return;
    last_ = now;
    const double elapsed = std::chrono::duration<double>(now - start_).count();
    const std::string line = utc_timestamp() + " progress: " + std::to_string(100 * done / total) + "% (" +
                             units_text(done, total) + "tick " +
                             std::to_string(done) + "/" + std::to_string(total) + "), " +
                             elapsed_and_eta(elapsed, static_cast<double>(done), static_cast<double>(total)) + "\n";
    std::fputs(line.c_str(), stderr);
    std::fflush(stderr);
}

void ProgressBar::clear() {
    if (mode_ != Mode::bar || drawn_ == 0) return;
    std::fputs(("\r" + std::string(drawn_, ' ') + "\r").c_str(), stderr);
    std::fflush(stderr);
    drawn_ = 0;
}

}  // namespace ambassim::cli
