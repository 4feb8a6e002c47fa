// The public C++ API of ambassim in one include (docs/api.md): load a
// scenario, change parameters, run it, compare strategies and read results.
// Everything here is installed and exported as ambassim::ambassim; nothing
// here includes a third-party header.
#pragma once

#include "analysis/compare/comparison.hpp"
#include "sim/output/hdf5_file.hpp"
#include "sim/runs/compare.hpp"
#include "sim/runs/runner.hpp"
#include "sim/scenario/assignment.hpp"
#include "sim/scenario/scenario.hpp"
#include "sim/util/errors.hpp"

namespace ambassim {

// The library's version and the git commit it was built from
// ("0.1.0 (a5ed932)"), as recorded in every output file.
const char* version();

}  // namespace ambassim
