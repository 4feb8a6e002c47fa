// Writes a synthetic sweep.h5 for the end-to-end tests of `ambassim analyze`
// (tests/e2e/test_cli_analyze.sh), through the same code as the unit tests
// (tests/analysis/sweep_fixture.hpp):
//   make_sweep_fixture saltelli|morris|grid|lhs|compare|grid1|grid3|single PATH [N]
// saltelli: Ishigami with N base samples (default 256); morris: N
// trajectories (default 10); lhs: N points (default 40); compare: the grid
// file with format "ambassim-compare" (not a sweep file); grid1, grid3:
// named_grid_sweep with 1 or 3 factors; single: 2 factors, one strategy.
#include "analysis/sweep/sweep_fixture.hpp"

#include <exception>
#include <iostream>
#include <string>

int main(int argc, char** argv) {
    using namespace ambassim::fixture;
    if (argc < 3) {
        std::cerr << "usage: make_sweep_fixture saltelli|morris|grid|lhs|compare|grid1|grid3|single PATH [N]\n";
        return 2;
    }
    try {
        const std::string kind = argv[1];
        const std::size_t n = argc > 3 ? std::stoul(argv[3]) : 0;
        Sweep s;
        if (kind == "saltelli") s = ishigami_sweep(n ? n : 256);
        else if (kind == "morris") s = morris_sweep(n ? n : 10);
        else if (kind == "grid") s = grid_sweep();
        else if (kind == "lhs") s = lhs_sweep(n ? n : 40);
        else if (kind == "compare") s = grid_sweep(), s.format = "ambassim-compare";
        else if (kind == "grid1") s = named_grid_sweep(1);
        else if (kind == "grid3") s = named_grid_sweep(3);
        else if (kind == "single") s = named_grid_sweep(2, 1);
        else {
            std::cerr << "make_sweep_fixture: unknown kind `" << kind << "`\n";
            return 2;
        }
        write(argv[2], s);
    } catch (const std::exception& e) {
        std::cerr << "make_sweep_fixture: " << e.what() << "\n";
        return 1;
    }
    return 0;
}
