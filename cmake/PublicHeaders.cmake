# The installed headers: sim/api.hpp and exactly the project headers it
# includes, directly or not (tests/e2e/test_find_package.sh compiles the
# docs/api.md example against the installed tree, so a missing one fails).
set(AMBASSIM_PUBLIC_HEADERS
  sim/api.hpp
  sim/util/errors.hpp
  sim/scenario/assignment.hpp
  sim/scenario/scenario.hpp
  sim/scenario/run_plan.hpp
  sim/runs/runner.hpp
  sim/runs/compare.hpp
  sim/output/hdf5_file.hpp
  analysis/compare/comparison.hpp
  analysis/compare/outcomes.hpp
  analysis/stats/statistics.hpp
  models/params.hpp)
