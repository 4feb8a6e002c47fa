// The memory a run may use before anything is allocated: the machine's
// physical memory, or AMBASSIM_MEMORY_LIMIT_BYTES if set (tests set it so
// that their messages do not depend on the machine). Used by the comparison
// and sweep checks (sim/runs/compare.cpp); the scenario check in
// sim/scenario/scenario_validate.cpp reads the same variable the same way.
#pragma once

#include <string>

namespace ambassim {

struct MemoryLimit {
    double bytes;      // infinity if unknown (no check)
    std::string what;  // "this machine has 23.4 GiB" or "the limit is 0.1 GiB (AMBASSIM_MEMORY_LIMIT_BYTES)"
};

// InputError if AMBASSIM_MEMORY_LIMIT_BYTES is set but not a positive integer.
MemoryLimit memory_limit();

// "1.2 GiB" (one decimal), as in every memory message.
std::string gib_text(double bytes);

}  // namespace ambassim
