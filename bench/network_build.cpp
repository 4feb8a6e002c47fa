// Times the construction of W1's networks and initial world (not a test):
// the referral network (1,250,000 people, small world, 10 ties each), the
// organisation network (10,000 employees) and the whole build_world, as the
// median of 5 repetitions, on all cores.
#include "sim/engine/engine.hpp"
#include "sim/engine/rng.hpp"

#include <tbb/task_arena.h>

#include "median_seconds.hpp"

#include <cstdio>
#include <vector>

int main() {
    using namespace ambassim;
    Params p;
    p.organisation.employees = 10000;
    p.organisation.units = 50;
    p.customers.customers = 1000000;
    p.customers.prospects = 250000;
    const double referral = median_seconds([&] {
        Stream rng(1, 0, 0, 0, Purpose::referral_network);
        const Csr g = build_referral_network(p.market, 1250000, rng);
        if (g.targets.empty()) std::puts("empty");
    });
    const double org = median_seconds([&] {
        Stream rng(1, 0, 0, 0, Purpose::org_network);
        std::vector<std::uint32_t> managers;
        const Csr g = build_org_network(p.organisation, layout_units(p.organisation), managers, rng);
        if (g.targets.empty()) std::puts("empty");
    });
    tbb::task_arena arena;
    const double world = median_seconds([&] { arena.execute([&] { return build_world(p, 1, 0); }); });
    std::printf("{\"referral_network_s\": %.3f, \"org_network_s\": %.3f, \"build_world_s\": %.3f}\n", referral, org, world);
}
