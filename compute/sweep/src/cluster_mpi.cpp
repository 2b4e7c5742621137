// jevons/sweep/cluster.h on MPI: the one file of the project that includes <mpi.h>.
#include "jevons/sweep/cluster.h"

#include "jevons/engine/partial.h"

#include <mpi.h>
#include <omp.h>

#include <algorithm>
#include <climits>
#include <cstdlib>
#include <stdexcept>
#include <thread>

namespace jevons::cluster {

namespace {

bool g_started = false; // this process called MPI_Init (and so calls MPI_Finalize)
int g_rank = 0, g_size = 1, g_local = 1;

/// The launchers' own environment: OpenMPI's mpirun, PMIx (OpenMPI 4/5, srun --mpi=pmix), PMI-1/2 (MPICH's
/// Hydra, srun --mpi=pmi2). A plain `jevons` has none of them and never starts MPI: a singleton MPI_Init
/// would be slow and, on machines without a network, noisy.
bool launchedByMpi()
{
    for (const char *name : {"OMPI_COMM_WORLD_SIZE", "PMIX_RANK", "PMI_RANK", "PMI_SIZE"}) {
        if (std::getenv(name) != nullptr) {
            return true;
        }
    }
    return false;
}

int checkedSize(std::size_t n)
{
    if (n > std::size_t(INT_MAX)) {
        throw std::runtime_error("a message between ranks is larger than 2 GiB");
    }
    return int(n);
}

// Tags of the messages of simulate(): 'O' ok, then the part's bytes; 'S' ScenarioError, 'I'
// std::invalid_argument, 'E' any other failure, then the message.
std::string failure(const std::exception &e)
{
    const char tag = dynamic_cast<const ScenarioError *>(&e) != nullptr           ? 'S'
                     : dynamic_cast<const std::invalid_argument *>(&e) != nullptr ? 'I'
                                                                                  : 'E';
    return tag + std::string(e.what());
}

[[noreturn]] void rethrow(const std::string &message)
{
    const std::string what = message.substr(1);
    if (message[0] == 'S') {
        throw ScenarioError(what);
    }
    if (message[0] == 'I') {
        throw std::invalid_argument(what);
    }
    throw std::runtime_error(what);
}

} // namespace

bool compiled()
{
    return true;
}

Session::Session()
{
    if (!launchedByMpi()) {
        return;
    }
    int provided = 0;
    // FUNNELED: only the main thread calls MPI; the OpenMP workers of the engine never do.
    MPI_Init_thread(nullptr, nullptr, MPI_THREAD_FUNNELED, &provided);
    g_started = true;
    MPI_Comm_rank(MPI_COMM_WORLD, &g_rank);
    MPI_Comm_size(MPI_COMM_WORLD, &g_size);
    MPI_Comm node;
    MPI_Comm_split_type(MPI_COMM_WORLD, MPI_COMM_TYPE_SHARED, 0, MPI_INFO_NULL, &node);
    MPI_Comm_size(node, &g_local);
    MPI_Comm_free(&node);
}

Session::~Session()
{
    if (g_started) {
        MPI_Finalize();
        g_started = false;
    }
}

int rank()
{
    return g_rank;
}

int size()
{
    return g_size;
}

int threadsFor(int requested)
{
    if (requested > 0 || g_local <= 1) {
        return requested;
    }
    // A rank bound to some cores (mpirun binds by default) sees only those in omp_get_num_procs(); an
    // unbound one sees them all and takes its share of the node.
    const int node = int(std::max(1u, std::thread::hardware_concurrency()));
    return std::max(1, std::min(omp_get_num_procs(), node / g_local));
}

std::vector<std::string> gather(const std::string &mine)
{
    int length = checkedSize(mine.size());
    std::vector<int> lengths(g_rank == 0 ? std::size_t(g_size) : 0);
    MPI_Gather(&length, 1, MPI_INT, lengths.data(), 1, MPI_INT, 0, MPI_COMM_WORLD);
    std::vector<int> offsets(lengths.size());
    std::size_t all = 0;
    for (std::size_t r = 0; r < lengths.size(); ++r) {
        offsets[r] = checkedSize(all);
        all += std::size_t(lengths[r]);
    }
    std::string buffer(all, '\0');
    MPI_Gatherv(mine.data(), length, MPI_CHAR, buffer.data(), lengths.data(), offsets.data(), MPI_CHAR, 0,
                MPI_COMM_WORLD);
    std::vector<std::string> out;
    for (std::size_t r = 0; r < lengths.size(); ++r) {
        out.push_back(buffer.substr(std::size_t(offsets[r]), std::size_t(lengths[r])));
    }
    return out;
}

std::string broadcast(const std::string &bytes)
{
    unsigned long long length = bytes.size();
    MPI_Bcast(&length, 1, MPI_UNSIGNED_LONG_LONG, 0, MPI_COMM_WORLD);
    std::string out = g_rank == 0 ? bytes : std::string(std::size_t(length), '\0');
    MPI_Bcast(out.data(), checkedSize(out.size()), MPI_CHAR, 0, MPI_COMM_WORLD);
    return out;
}

std::optional<SimulationResult> simulate(const Scenario &scenario, const SimulationSettings &settings,
                                         const ProgressFn &progress)
{
    if (g_size == 1) {
        return jevons::simulate(scenario, settings, progress);
    }
    // Contiguous ranges of whole 256-path blocks (the units of the engine's sums), in rank order: rank r
    // runs blocks [B r / K, B (r + 1) / K).
    const std::uint64_t blocks = (settings.paths + 255) / 256, K = std::uint64_t(g_size),
                        r = std::uint64_t(g_rank);
    const std::uint64_t first = blocks * r / K * 256;
    const std::uint64_t end = std::min(settings.paths, blocks * (r + 1) / K * 256);
    std::optional<PartialRun> part;
    std::string mine = "O";
    try {
        SimulationSettings mySettings = settings;
        mySettings.threads = threadsFor(settings.threads);
        part.emplace(scenario, mySettings);
        if (end > first) {
            const bool finished = part->run(first, end - first, g_rank == 0 ? progress : ProgressFn());
            if (!finished) {
                throw std::runtime_error("the run was cancelled");
            }
            if (g_rank != 0) {
                mine += part->serialize();
            }
        }
    } catch (const std::exception &e) {
        mine = failure(e);
    }
    const std::vector<std::string> parts = gather(mine);
    std::string verdict; // rank 0 → all: empty when the result is made, else the first failure
    std::optional<SimulationResult> result;
    if (g_rank == 0) {
        try {
            for (const std::string &p : parts) {
                if (p[0] != 'O') {
                    rethrow(p);
                }
            }
            for (std::size_t i = 1; i < parts.size(); ++i) { // in rank order = path order
                if (parts[i].size() > 1) {
                    part->merge(std::string_view(parts[i]).substr(1));
                }
            }
            result = part->finish();
        } catch (const std::exception &e) {
            verdict = failure(e);
        }
    }
    verdict = broadcast(verdict);
    if (!verdict.empty()) {
        rethrow(verdict);
    }
    return result;
}

} // namespace jevons::cluster
