// The median wall time of 5 runs of f, in seconds: the benchmarks' one timer.
#pragma once

#include <algorithm>
#include <chrono>
#include <vector>

template <class F>
double median_seconds(F&& f) {
    std::vector<double> t;
    for (int i = 0; i < 5; ++i) {
        const auto t0 = std::chrono::steady_clock::now();
        f();
        t.push_back(std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count());
    }
    std::sort(t.begin(), t.end());
    return t[2];
}
