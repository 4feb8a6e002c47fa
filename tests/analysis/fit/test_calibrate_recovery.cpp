// Known parameters recovered within the reported intervals on more seeds
// than the quick test in test_calibrate.cpp (label `validation`: about a
// minute, skipped by the asan preset).
#include "analysis/fit/fit_fixtures.hpp"

#include <catch2/catch.hpp>

using namespace ambassim;

TEST_CASE("calibration recovers known parameters on several seeds", "[fit][calibrate][validation]") {
    for (std::uint64_t seed : {202u, 303u, 404u}) testing::check_recovery(seed);
}
