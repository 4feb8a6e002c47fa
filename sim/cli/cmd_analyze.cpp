// `ambassim analyze SWEEP.h5`: placeholder until the analysis lands.
#include "sim/cli/commands.hpp"

#include <iostream>

namespace ambassim::cli {

void analyze_help(std::ostream& out) { out << "Usage: ambassim analyze SWEEP.h5 [options]\n"; }

int analyze_command(const std::vector<std::string>&) { throw UsageError("analyze is not implemented yet"); }

}  // namespace ambassim::cli
