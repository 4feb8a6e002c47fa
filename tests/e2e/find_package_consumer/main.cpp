// Builds a tiny world through the installed libraries and prints its size.
#include "sim/engine/engine.hpp"

#include <cstdio>

int main() {
    ambassim::Params p;
    p.organisation.employees = 30;
    p.organisation.units = 1;
    p.customers.customers = 100;
    p.customers.prospects = 50;
    const ambassim::World w = ambassim::build_world(p, 1, 0);
    std::printf("%zu %zu\n", w.employees.size(), w.customers.size());
    return 0;
}
