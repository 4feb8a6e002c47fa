// Runs HDF5 writes on one background thread so that compressing large
// per-agent snapshots overlaps the next ticks instead of stalling them.
// While jobs may be running nothing else may touch the H5Output (HDF5's C++
// API is not thread-safe): submit everything, then drain() before using the
// file again. Jobs run in submission order.
#pragma once

#include <condition_variable>
#include <deque>
#include <exception>
#include <functional>
#include <mutex>
#include <thread>

namespace ambassim {

class H5Output;

class BackgroundWriter {
public:
    explicit BackgroundWriter(H5Output& out);
    ~BackgroundWriter();  // drains; errors are dropped here (call drain() to see them)
    BackgroundWriter(const BackgroundWriter&) = delete;
    BackgroundWriter& operator=(const BackgroundWriter&) = delete;

    void submit(std::function<void(H5Output&)> job);
    // Waits until every submitted job has run; rethrows the first error.
    void drain();

private:
    void loop();
    H5Output& out_;
    std::mutex mutex_;
    std::condition_variable cv_;
    std::deque<std::function<void(H5Output&)>> jobs_;
    bool busy_ = false, stopping_ = false;
    std::exception_ptr error_;
    std::thread thread_;
};

}  // namespace ambassim
