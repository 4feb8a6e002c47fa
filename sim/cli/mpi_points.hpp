// Spreading sweep points over MPI ranks (OpenMPI's mpirun/mpiexec, or srun
// with PMIx): rank 0 hands points out one at a time, on request, to every
// rank including itself (dynamic load balancing: a rank asks for the next
// point when it finishes one). Compiled without MPI (AMBASSIM_HAVE_MPI=0),
// started_by_mpi() is false and nothing here is used.
#pragma once

#include <atomic>
#include <cstddef>
#include <functional>
#include <vector>

namespace ambassim::cli {

// Whether this process was started by an MPI launcher (its environment
// variables are set) and MPI support is built in.
bool started_by_mpi();
// Whether this binary was built with MPI support.
bool built_with_mpi();

class MpiWorld {
public:
    MpiWorld();  // MPI_Init_thread (MPI_THREAD_FUNNELED: only this thread calls MPI)
    ~MpiWorld();  // MPI_Finalize
    MpiWorld(const MpiWorld&) = delete;
    MpiWorld& operator=(const MpiWorld&) = delete;
    int rank() const { return rank_; }
    int size() const { return size_; }
    void barrier();
    [[noreturn]] void abort(int code);

private:
    int rank_ = 0, size_ = 1;
};

// Every rank calls this; `points` matters at rank 0 only. `run(point)` runs
// one point (returns false if it was stopped); rank 0 runs its share on a
// worker thread while its calling thread serves requests. Returns the points
// this rank finished. After `stop` is set no new point is handed out.
// Exceptions from `run` propagate (the caller must then abort the world).
std::size_t distribute_points(MpiWorld& world, const std::vector<std::size_t>& points,
                              const std::function<bool(std::size_t)>& run, const std::atomic<bool>* stop);

}  // namespace ambassim::cli
