// What `ambassim optimise` writes: the scenario with the optimised plans as
// named custom strategies (`base =` the original, so `ambassim compare` runs
// them unchanged against the built-ins), the tables the plan report draws
// (plan, convergence, Pareto front, out-of-sample comparison) and the
// terminal summary with the out-of-sample verdict.
#pragma once

#include "analysis/fit/optimise.hpp"
#include "analysis/fit/scenario_overlay.hpp"

#include <string>
#include <vector>

namespace ambassim {

// `overlay`: the command line's keys (scenario_overlay.hpp), after `base =`.
std::string optimised_scenario_text(const OptimiseResult& r, const OptimiseSettings& st, const std::string& base,
                                    const std::vector<std::string>& provenance,
                                    const std::vector<OverlayEntry>& overlay = {});
std::string plan_csv(const OptimiseResult& r, const OptimiseSettings& st);         // plan,phase,start_day,program,share,budget
std::string convergence_csv(const OptimiseResult& r, const OptimiseSettings& st);  // evaluation,<objectives>,best,front
std::string out_of_sample_csv(const OptimiseResult& r, const OptimiseSettings& st);
std::string format_optimisation(const OptimiseResult& r, const OptimiseSettings& st);

}  // namespace ambassim
