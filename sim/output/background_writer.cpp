// BackgroundWriter (see background_writer.hpp).
#include "sim/output/background_writer.hpp"

namespace ambassim {

BackgroundWriter::BackgroundWriter(H5Output& out) : out_(out), thread_([this] { loop(); }) {}

BackgroundWriter::~BackgroundWriter() {
    {
        std::lock_guard lock(mutex_);
        stopping_ = true;
    }
    cv_.notify_all();
    thread_.join();
}

void BackgroundWriter::submit(std::function<void(H5Output&)> job) {
    {
        std::lock_guard lock(mutex_);
        jobs_.push_back(std::move(job));
    }
    cv_.notify_all();
}

void BackgroundWriter::drain() {
    std::unique_lock lock(mutex_);
    cv_.wait(lock, [this] { return jobs_.empty() && !busy_; });
    if (error_) {
        auto e = error_;
        error_ = nullptr;
        std::rethrow_exception(e);
    }
}

void BackgroundWriter::loop() {
    std::unique_lock lock(mutex_);
    for (;;) {
        cv_.wait(lock, [this] { return stopping_ || !jobs_.empty(); });
        if (jobs_.empty()) return;  // stopping and nothing left
        auto job = std::move(jobs_.front());
        jobs_.pop_front();
        busy_ = true;
        lock.unlock();
        try {
            job(out_);
        } catch (...) {
            lock.lock();
            if (!error_) error_ = std::current_exception();
            lock.unlock();
        }
        lock.lock();
        busy_ = false;
        cv_.notify_all();
    }
}

}  // namespace ambassim
