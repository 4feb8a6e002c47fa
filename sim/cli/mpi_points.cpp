// MPI distribution of sweep points (see mpi_points.hpp). Protocol: a rank
// sends an empty kRequest message to rank 0 whenever it is ready for work;
// rank 0 answers kAssign with a point index, or -1 when no point is left (or
// a stop was requested), after which that rank asks no more.
#include "sim/cli/mpi_points.hpp"

#include <cstdlib>
#include <stdexcept>

#if AMBASSIM_HAVE_MPI
#include <mpi.h>

#include <chrono>
#include <exception>
#include <mutex>
#include <thread>
#endif

namespace ambassim::cli {

bool built_with_mpi() { return AMBASSIM_HAVE_MPI != 0; }

bool started_by_mpi() {
#if AMBASSIM_HAVE_MPI
    for (const char* var : {"OMPI_COMM_WORLD_SIZE", "PMIX_RANK", "PMI_RANK", "PMI_SIZE", "MPI_LOCALNRANKS"})
        if (std::getenv(var)) return true;
#endif
    return false;
}

#if AMBASSIM_HAVE_MPI

namespace {
constexpr int kRequest = 1, kAssign = 2;
}

MpiWorld::MpiWorld() {
    int provided = 0;
    MPI_Init_thread(nullptr, nullptr, MPI_THREAD_FUNNELED, &provided);
    MPI_Comm_rank(MPI_COMM_WORLD, &rank_);
    MPI_Comm_size(MPI_COMM_WORLD, &size_);
}
MpiWorld::~MpiWorld() { MPI_Finalize(); }
void MpiWorld::barrier() { MPI_Barrier(MPI_COMM_WORLD); }
void MpiWorld::abort(int code) {
    MPI_Abort(MPI_COMM_WORLD, code);
    std::_Exit(code);
}

std::size_t distribute_points(MpiWorld& world, const std::vector<std::size_t>& points,
                              const std::function<bool(std::size_t)>& run, const std::atomic<bool>* stop) {
    std::size_t finished = 0;
    if (world.rank() != 0) {
        while (true) {
            int empty = 0;
            long long point = -1;
            MPI_Send(&empty, 0, MPI_INT, 0, kRequest, MPI_COMM_WORLD);
            MPI_Recv(&point, 1, MPI_LONG_LONG, 0, kAssign, MPI_COMM_WORLD, MPI_STATUS_IGNORE);
            if (point < 0) return finished;
            if (run(static_cast<std::size_t>(point))) ++finished;
        }
    }
    // Rank 0: a queue shared by its own worker thread and the remote ranks.
    std::mutex mutex;
    std::size_t next = 0;
    bool failed = false;
    auto take = [&]() -> long long {
        std::lock_guard lock(mutex);
        if (failed || (stop && stop->load()) || next == points.size()) return -1;
        return static_cast<long long>(points[next++]);
    };
    std::exception_ptr error;
    std::thread local([&] {
        try {
            for (long long p = take(); p >= 0; p = take())
                if (run(static_cast<std::size_t>(p))) ++finished;
        } catch (...) {
            std::lock_guard lock(mutex);
            error = std::current_exception();
            failed = true;
        }
    });
    int remote_active = world.size() - 1;
    while (remote_active > 0) {
        int flag = 0;
        MPI_Status status;
        MPI_Iprobe(MPI_ANY_SOURCE, kRequest, MPI_COMM_WORLD, &flag, &status);
        if (!flag) {
            std::this_thread::sleep_for(std::chrono::milliseconds(2));  // polling keeps MPI on this thread
            continue;
        }
        int empty = 0;
        MPI_Recv(&empty, 0, MPI_INT, status.MPI_SOURCE, kRequest, MPI_COMM_WORLD, MPI_STATUS_IGNORE);
        const long long point = take();
        MPI_Send(&point, 1, MPI_LONG_LONG, status.MPI_SOURCE, kAssign, MPI_COMM_WORLD);
        if (point < 0) --remote_active;
    }
    local.join();
    if (error) std::rethrow_exception(error);
    return finished;
}

#else

MpiWorld::MpiWorld() { throw std::logic_error("ambassim was built without MPI"); }
MpiWorld::~MpiWorld() = default;
void MpiWorld::barrier() {}
void MpiWorld::abort(int code) { std::_Exit(code); }
std::size_t distribute_points(MpiWorld&, const std::vector<std::size_t>&, const std::function<bool(std::size_t)>&,
                              const std::atomic<bool>*) {
    throw std::logic_error("ambassim was built without MPI");
}

#endif

}  // namespace ambassim::cli
