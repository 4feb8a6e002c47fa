// Tests for sim/engine/rng.hpp: stream addressing, independence of purposes, and
// golden values that pin Philox and Boost.Random's distributions, so a change
// of library version that would silently change every result is caught.
#include "sim/engine/rng.hpp"

#include <boost/random/beta_distribution.hpp>
#include <boost/random/normal_distribution.hpp>
#include <catch2/catch.hpp>

#include <set>

using namespace ambassim;

TEST_CASE("a stream is a pure function of its key and counter", "[rng]") {
    Stream a(42, 1, 7, 99, Purpose::hazard_event), b(42, 1, 7, 99, Purpose::hazard_event);
    for (int i = 0; i < 10; ++i) REQUIRE(a() == b());
}

TEST_CASE("every key component changes the stream", "[rng]") {
    std::set<std::uint64_t> firsts;
    firsts.insert(Stream(42, 1, 7, 99, Purpose::hazard_event)());
    firsts.insert(Stream(43, 1, 7, 99, Purpose::hazard_event)());
    firsts.insert(Stream(42, 2, 7, 99, Purpose::hazard_event)());
    firsts.insert(Stream(42, 1, 8, 99, Purpose::hazard_event)());
    firsts.insert(Stream(42, 1, 7, 100, Purpose::hazard_event)());
    firsts.insert(Stream(42, 1, 7, 99, Purpose::encounter_noise)());
    REQUIRE(firsts.size() == 6);
}

TEST_CASE("uniform() lies in the unit interval with mean near one half", "[rng]") {
    Stream s(1, 0, 0, 0, Purpose::user);
    double sum = 0;
    for (int i = 0; i < 100000; ++i) {
        const double u = s.uniform();
        REQUIRE(u >= 0.0);
        REQUIRE(u < 1.0);
        sum += u;
    }
    REQUIRE(sum / 100000 == Approx(0.5).margin(0.005));
}

TEST_CASE("golden values pin Philox4x64 and Boost.Random distributions", "[rng][golden]") {
    Stream s(2026, 3, 11, 12345, Purpose::employee_tick);
    CHECK(s() == 14641480094475870633ULL);
    Stream n(2026, 3, 11, 12345, Purpose::encounter_noise);
    boost::random::normal_distribution<double> z;
    CHECK(z(n) == Approx(-0.776266879879279).epsilon(1e-15));
    Stream b(2026, 3, 11, 12345, Purpose::customer_init);
    boost::random::beta_distribution<double> beta(9.0, 11.0);
    CHECK(beta(b) == Approx(0.42745023039046831).epsilon(1e-15));
}
