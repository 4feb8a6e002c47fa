// Merging a sweep directory's point files into one sweep.h5 (format in
// docs/sweep-format.md): the design, every run's outcome metrics and the
// selected trajectories, each as one dataset with a leading point axis.
// A consolidated copy rather than HDF5 virtual datasets: the file stands
// alone when moved off the cluster, and a missing point cannot silently read
// as fill values. Deterministic: same points, byte-identical file.
#pragma once

#include "sim/runs/sweep_dir.hpp"

#include <cstddef>
#include <filesystem>
#include <vector>

namespace ambassim {

// Points of the plan whose files are missing or incomplete.
std::vector<std::size_t> missing_points(const SweepPlan& plan, const SweepDirectory& dir);

// Writes dir/sweep.h5 (never overwriting one unless `force`). Throws
// InputError if points are missing ("3 of 40 points are not complete
// (points/p000007.h5, ...); run the sweep again to complete them") or the point
// files were computed by different ambassim builds.
std::filesystem::path merge_sweep(const SweepPlan& plan, const SweepDirectory& dir, bool force);

}  // namespace ambassim
