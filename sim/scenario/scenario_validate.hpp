// Whole-scenario validation: every key's range again (scenarios can be edited
// in code) and the cross-field rules (shares and weights summing to 1, staff
// per unit, strategy phases, compare list, network size, memory estimate).
#pragma once

#include "sim/scenario/scenario.hpp"

#include <string>

namespace ambassim {

// Throws InputError "<where>: <problem>". <where> is "--set <assignment>" if
// the latest --set touching one of the keys involved set it, else
// "<name>:<line>:<column>" of the first involved key found in the scenario
// text, else just `name`.
void validate_scenario(const Scenario& scenario, const std::string& name);

}  // namespace ambassim
