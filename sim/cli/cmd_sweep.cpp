// `ambassim sweep`: placeholder, being written.
#include "sim/cli/commands.hpp"

#include <iostream>

namespace ambassim::cli {

void sweep_help(std::ostream& out) { out << "Usage: ambassim sweep\n"; }

int sweep_command(const std::vector<std::string>&) { throw UsageError("sweep is not implemented yet"); }

}  // namespace ambassim::cli
