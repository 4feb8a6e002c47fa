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
    CHECK(format_value(42.6, "customers") == "43");  // counts are whole numbers, means included
    CHECK(format_value(59.67, "employees") == "60");
    CHECK(format_value(-0.21, "customers") == "0");  // never "-0"
    CHECK(format_value(12.5, "currency") == "13");
    CHECK(format_value(-0.04, "points") == "0.0");
    CHECK(format_value(42.5, "ratio") == "42.50");   // other units keep two decimals below 100
    CHECK(format_value(NAN, "1") == "nan");
}

TEST_CASE("quantities carry their units in words, with singulars and a named currency", "[format]") {
    CHECK(format_quantity(312, "customers") == "312 customers");
    CHECK(format_quantity(1, "customers") == "1 customer");
    CHECK(format_quantity(1.2, "employees") == "1 employee");
    CHECK(format_quantity(1, "customers", "", true) == "+1 customer");
    CHECK(format_quantity(2.74, "points", "", true) == "+2.7 points");
    CHECK(format_quantity(1.0, "points", "", true) == "+1.0 points");
    CHECK(format_quantity(-1.0, "points", "", true) == "-1.0 points");
    CHECK(format_quantity(-1, "customers", "", true) == "-1 customer");
    CHECK(format_quantity(-3.25, "%") == "-3.2 percentage points");
    CHECK(format_quantity(45000, "currency", "EUR") == "45,000 EUR");
    CHECK(format_quantity(45000, "currency") == "45,000 currency units");
    CHECK(format_quantity(0.0312, "1") == "0.031");
    CHECK(format_count(9926) == "9,926");
    CHECK(format_signed(0, "customers") == "+0");
    CHECK(units_label("currency", "USD") == "USD");
}
