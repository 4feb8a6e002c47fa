// `ambassim merge`: placeholder, being written.
#include "sim/cli/commands.hpp"

#include <iostream>

namespace ambassim::cli {

void merge_help(std::ostream& out) { out << "Usage: ambassim merge\n"; }

int merge_command(const std::vector<std::string>&) { throw UsageError("merge is not implemented yet"); }

}  // namespace ambassim::cli
