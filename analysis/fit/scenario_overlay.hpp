// The keys a scenario written by `calibrate` or `optimise` sets on top of its
// `base =` (the original file): the --set overrides and --seed the command ran
// with, so that the written file reproduces the world the search saw, then the
// command's own values (fitted parameters). Later entries win; each section is
// emitted once (TOML refuses a table defined twice).
#pragma once

#include "sim/scenario/assignment.hpp"
#include "sim/scenario/scenario.hpp"

#include <string>
#include <vector>

namespace ambassim {

struct OverlayEntry {
    std::string key;  // dotted scenario key
    ParamValue value;
};

// The values of the keys the command line changed in `scenario` (its --set
// overrides, in order, and run.seed when `seed_given`).
std::vector<OverlayEntry> command_line_overlay(const Scenario& scenario, bool seed_given);

// Shortest text that reads back as the same double, always a TOML float.
std::string toml_float(double v);

// TOML text of the entries, grouped by section in first-seen order.
std::string overlay_toml(const std::vector<OverlayEntry>& entries);

}  // namespace ambassim
