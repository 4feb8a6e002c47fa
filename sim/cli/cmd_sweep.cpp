// `ambassim sweep SWEEP.toml -o DIR`: a strategy comparison at every point of
// a design, in parallel with TBB, over MPI ranks when started by mpirun, or
// one shard of the points (--shard K/N, for job arrays). Resumable: points
// already complete in DIR are skipped. Merges DIR/sweep.h5 at the end.
#include "analysis/sweep/sweep_merge.hpp"
#include "sim/cli/commands.hpp"
#include "sim/cli/compare_file.hpp"
#include "sim/cli/mpi_points.hpp"
#include "sim/cli/progress.hpp"
#include "sim/cli/stop_signal.hpp"
#include "sim/output/hdf5_file.hpp"
#include "sim/runs/sweep_estimate.hpp"
#include "sim/runs/sweep_run.hpp"

#include <unistd.h>

#include <iostream>
#include <memory>
#include <mutex>
#include <optional>
#include <thread>

namespace ambassim::cli {

namespace po = boost::program_options;

namespace {

po::options_description sweep_options() {
    po::options_description o("Options");
    o.add_options()
        ("help,h", "show this help")
        ("output,o", po::value<std::string>()->value_name("DIR"), "sweep directory (default: <sweep stem>.sweep)")
        ("plan", "print the design, the number of points and runs (and with -o, how many are complete) without running")
        ("shard", po::value<std::string>()->value_name("K/N"), "run only points p with p mod N = K-1 (job arrays); merge later with `ambassim merge DIR`")
        ("threads", po::value<std::string>()->value_name("N"), "worker threads per process (0 = all cores)")
        ("no-merge", "do not write DIR/sweep.h5 at the end")
        ("quiet,q", "no progress bar");
    return o;
}

std::pair<std::size_t, std::size_t> parse_shard(const std::string& text) {
    const auto slash = text.find('/');
    if (slash == std::string::npos) throw UsageError("--shard expects K/N (e.g. 3/10), got `" + text + "`");
    const auto n = parse_integer_option("--shard N", text.substr(slash + 1), 1, 1'000'000);
    const auto k = parse_integer_option("--shard K", text.substr(0, slash), 1, n);
    return {static_cast<std::size_t>(k), static_cast<std::size_t>(n)};
}

// Writes one point's comparison file (the sink of sweep_exec): the summary
// in parallel with other points, the HDF5 writes one file at a time.
void write_point(const SweepDirectory& dir, const SweepPlan& plan, std::size_t p, const Scenario& sc,
                 const ComparisonData& data) {
    const ComparisonSummary summary = summarise_comparison(data);
    static std::mutex hdf5;
    std::lock_guard lock(hdf5);
    H5Output out(dir.point_file(p), false);
    write_comparison_file(out, sc, data, summary);
    out.set_attribute("/", "sweep_point", static_cast<std::int64_t>(p));
    std::vector<std::string> names;
    for (const auto& f : plan.factors) names.push_back(f.name);
    const auto row = plan.design.row(p);
    out.write_strings("/sweep/factors", names, {"", "scenario keys varied by the sweep", {"factor"}});
    out.write("/sweep/values", row, {row.size()}, {"", "this point's factor values, as applied", {"factor"}});
    out.commit();
}

// --plan: the design, what DIR already holds, and the cost of what is left to run.
void print_plan(const SweepPlan& plan, const std::optional<std::filesystem::path>& dir_path, std::size_t shard,
                std::size_t shards, std::int64_t threads) {
    std::cout << describe_plan(plan);
    std::vector<std::size_t> to_run = shard_points(plan.points(), shard, shards);
    if (shards > 1) std::cout << "shard " << shard << "/" << shards << ": " << to_run.size() << " points\n";
    if (dir_path && std::filesystem::exists(*dir_path / "sweep.toml")) {
        const SweepDirectory dir(*dir_path, plan.spec, false);
        const std::size_t missing = missing_points(plan, dir).size();  // may refuse a foreign point: before printing
        std::cout << "complete:   " << plan.points() - missing << " of " << plan.points() << " points in "
                  << dir_path->string() << "\n";
        std::erase_if(to_run, [&](std::size_t p) { return dir.point_complete(p, plan); });
    }
    // Calibration point files go to a temporary folder, removed afterwards.
    const std::filesystem::path scratch = std::filesystem::temp_directory_path() /
                                          ("ambassim-plan-" + std::to_string(::getpid()));
    std::filesystem::create_directories(scratch);
    struct Remove {
        std::filesystem::path path;
        ~Remove() {
            std::error_code ec;
            std::filesystem::remove_all(path, ec);
        }
    } remove{scratch};
    const PointWriter writer = [&](const Scenario& sc, const ComparisonData& data) -> std::uint64_t {
        const std::filesystem::path file = scratch / "calibration.h5";
        {
            H5Output out(file, true);
            write_comparison_file(out, sc, data, summarise_comparison(data));
            out.commit();
        }
        return std::filesystem::file_size(file);
    };
    std::cout << describe_estimate(plan, estimate_sweep(plan, to_run.size(), writer), to_run.size(), threads);
}

}  // namespace

void sweep_help(std::ostream& out) {
    out << "Usage: ambassim sweep SWEEP.toml [-o DIR] [options]\n"
           "       mpirun -np N ambassim sweep SWEEP.toml -o DIR [options]\n"
           "\n"
           "Runs a strategy comparison at every point of the design in SWEEP.toml\n"
           "(grid, latin_hypercube, saltelli or morris; docs/sweep-format.md), writing\n"
           "one comparison file per point into DIR/points/ and then DIR/sweep.h5.\n"
           "Points run in parallel; started by mpirun, ranks share the points with\n"
           "dynamic load balancing. Re-running into the same DIR resumes: complete\n"
           "points are skipped. Results are identical for any thread count, rank count\n"
           "or shard split.\n"
           "\n"
        << "MPI support: " << (built_with_mpi() ? "built in" : "not built in (rebuild with libopenmpi-dev installed)") << "\n\n"
        << sweep_options();
}

int sweep_command(const std::vector<std::string>& args) {
    const auto parsed = parse_command("sweep", args, sweep_options(), {"sweep"}, sweep_help, "sweep needs a sweep file");
    if (!parsed) return kExitOk;
    const auto& vm = *parsed;
    const std::filesystem::path file = vm["sweep"].as<std::string>();
    const std::filesystem::path dir_path = vm.count("output") ? std::filesystem::path(vm["output"].as<std::string>())
                                                              : std::filesystem::path(file.stem().string() + ".sweep");
    const auto [shard, shards] = vm.count("shard") ? parse_shard(vm["shard"].as<std::string>()) : std::pair<std::size_t, std::size_t>{1, 1};
    const std::int64_t threads = vm.count("threads") ? parse_integer_option("--threads", vm["threads"].as<std::string>(), 0, 1024) : 0;
    const bool quiet = vm.count("quiet") > 0;

    const SweepPlan plan = make_sweep_plan(load_sweep_spec(file));
    if (vm.count("plan")) {
        print_plan(plan, vm.count("output") ? std::optional(dir_path) : std::nullopt, shard, shards, threads);
        return kExitOk;
    }

    std::unique_ptr<MpiWorld> mpi;
    if (started_by_mpi()) mpi = std::make_unique<MpiWorld>();
    const bool leader = !mpi || mpi->rank() == 0;
    try {
        const SweepDirectory dir(dir_path, plan.spec, leader);
        SweepPending pending;
        if (leader) {
            pending = pending_points(plan, dir, SweepShard{shard, shards});
            std::cout << "sweep: " << plan.points() << " points x " << plan.strategies.size() << " strategies x "
                      << plan.replicates << " replicates = " << plan.runs() << " runs"
                      << (shards > 1 ? "; shard " + std::to_string(shard) + "/" + std::to_string(shards) : std::string{})
                      << (mpi ? "; " + std::to_string(mpi->size()) + " MPI ranks" : std::string{}) << "; "
                      << pending.complete_before << " points already complete, running " << pending.points.size() << "\n"
                      << std::flush;
        }
        const std::atomic<bool>& stop = install_stop_handlers();
        SweepProgress progress;
        // Without a terminal (batch jobs), one timestamped log line per finished point.
        const auto started = std::chrono::steady_clock::now();
        const bool log_points = !quiet && !stderr_is_terminal();
        std::atomic<std::size_t> written{0};
        const std::string rank = mpi ? "rank " + std::to_string(mpi->rank()) + ": " : "";
        auto sink = [&](std::size_t p, const Scenario& sc, const ComparisonData& data) {
            write_point(dir, plan, p, sc, data);
            const std::size_t n = ++written;
            if (log_points) {
                static std::mutex log;
                std::lock_guard lock(log);
                const double elapsed = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
                std::cerr << utc_timestamp() << " " << rank << "point " << p << " done (" << n
                          << (mpi ? std::string{}
                                  : " of " + std::to_string(pending.points.size()) + ", " +
                                        elapsed_and_eta(elapsed, static_cast<double>(n), static_cast<double>(pending.points.size())))
                          << ")\n";
            }
        };
        SweepRunOptions options{threads, &stop, {}};
        if (mpi) {
            options.scheduler = [&](const std::vector<std::size_t>& points, const std::function<bool(std::size_t)>& run) {
                distribute_points(*mpi, points, run, &stop);
            };
            run_sweep(plan, dir, pending.points, options, sink, progress);
            mpi->barrier();
        } else {
            ProgressBar bar(progress_mode(quiet));
            options.report = [&](std::int64_t done, std::int64_t total) { bar.update(done, total); };
            run_sweep(plan, dir, pending.points, options, sink, progress);
            bar.clear();
        }
        if (!leader) return stop.load() ? kExitInterrupted : kExitOk;

        const std::size_t complete = plan.points() - missing_points(plan, dir).size();
        if (stop.load()) {
            std::cerr << "interrupted: " << complete << " of " << plan.points() << " points complete in " << dir_path.string()
                      << "; run the same command again to resume\n";
            return kExitInterrupted;
        }
        // Shards never merge: two shards finishing together would race for sweep.h5.
        if (shards > 1 || complete < plan.points()) {
            std::cout << "done: " << complete << " of " << plan.points() << " points complete in " << dir_path.string()
                      << "; when every shard has finished run `ambassim merge " << dir_path.string() << "`\n";
            return kExitOk;
        }
        if (vm.count("no-merge")) {
            std::cout << "done: all " << plan.points() << " points complete in " << dir_path.string() << "\n";
            return kExitOk;
        }
        if (std::filesystem::exists(dir.merged_file()) && pending.points.empty()) {
            std::cout << "nothing to do: all " << plan.points() << " points are complete and " << dir.merged_file().string()
                      << " exists\n";
            return kExitOk;
        }
        const auto merged = merge_sweep(plan, dir, false);
        std::cout << "wrote " << merged.string() << "\n";
        return kExitOk;
    } catch (const std::exception& e) {
        if (!mpi || mpi->size() == 1) throw;
        std::cerr << "ambassim: error: rank " << mpi->rank() << ": " << e.what() << "\n";
        mpi->abort(dynamic_cast<const InputError*>(&e) ? kExitUsage : kExitFailure);
    }
}

}  // namespace ambassim::cli
