// Tests for analysis/number_format.cpp.
#include "sim/util/number_format.hpp"

#include <catch2/catch.hpp>

#include <cmath>

using namespace ambassim;

TEST_CASE("values are formatted by their units", "[format]") {
    CHECK(format_value(0.12345, "1") == "0.123");
    CHECK(format_value(12.345, "points") == "12.3");
    CHECK(format_value(-3.25, "%") == "-3.2");
    CHECK(format_value(1234567.4, "currency") == "1,234,567");
    CHECK(format_value(-20188, "customers") == "-20,188");
    CHECK(format_value(999, "customers") == "999");
    CHECK(format_value(42.5, "customers") == "42.50");
    CHECK(format_value(NAN, "1") == "nan");
}
