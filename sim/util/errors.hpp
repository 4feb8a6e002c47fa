// The two error types every layer throws, caught by the CLI (exit codes in
// docs/robustness.md) or by an embedding program:
//   InputError  - bad input (scenario, sweep, targets, command line values): exit 2;
//   OutputError - a file could not be written or read (disk full, permissions): exit 1.
// Messages are one line naming the file (and line and key where there is one).
#pragma once

#include <stdexcept>

namespace ambassim {

struct InputError : std::runtime_error {
    using std::runtime_error::runtime_error;
};

struct OutputError : std::runtime_error {
    using std::runtime_error::runtime_error;
};

}  // namespace ambassim
