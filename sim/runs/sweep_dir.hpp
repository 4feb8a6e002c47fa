// A sweep directory (docs/sweep-format.md): the sweep file and base scenario
// copies that pin what the directory holds, one comparison file per point
// under points/, and the merged sweep.h5. Several processes (shards, MPI
// ranks) may use one directory at once: every file is written under a
// temporary name and renamed, and each point belongs to one process.
#pragma once

#include "sim/runs/sweep_plan.hpp"

#include <cstddef>
#include <filesystem>
#include <string>
#include <vector>

namespace ambassim {

class SweepDirectory {
public:
    // Opens `dir` for `spec`. With `create`, makes the folder and points/ and
    // writes sweep.toml and base.toml (or checks that existing copies hold the
    // same texts: otherwise InputError "... holds a different sweep").
    SweepDirectory(std::filesystem::path dir, const SweepSpec& spec, bool create);
    // Opens an existing directory; its spec is read from its copies.
    static SweepSpec read_spec(const std::filesystem::path& dir);

    const std::filesystem::path& path() const { return dir_; }
    std::filesystem::path point_file(std::size_t point) const;       // dir/points/p000012.h5
    static std::string point_name(std::size_t point);                // points/p000012.h5
    std::filesystem::path merged_file() const { return dir_ / "sweep.h5"; }

    // The point's file exists, is an HDF5 file of this point and is complete.
    // A complete file that is not this plan's point (another sweep's file
    // copied in: other factors or values, strategies, replicates or ticks)
    // is an InputError naming the point and the difference, never taken as
    // the point.
    bool point_complete(std::size_t point, const SweepPlan& plan) const;
    // Deletes the point's leftovers of killed runs: temporary files and an
    // incomplete or unreadable final file. Only the process that is about to
    // run the point may call this.
    void clear_point(std::size_t point) const;

private:
    bool file_complete(std::size_t point) const;
    std::filesystem::path dir_;
};

// The points of shard `shard` (1-based) of `shards`: p mod shards == shard - 1.
std::vector<std::size_t> shard_points(std::size_t points, std::size_t shard, std::size_t shards);

}  // namespace ambassim
