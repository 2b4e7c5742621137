#pragma once
// Runs spread over processes (MPI ranks), behind a few calls that are plain single-process code when the
// project is built without MPI (-DJEVONS_MPI=OFF, or AUTO without OpenMPI). The only file that includes
// <mpi.h> is src/cluster_mpi.cpp; src/cluster_single.cpp stands in for it otherwise.

#include "jevons/engine/engine.h"

#include <optional>
#include <string>
#include <vector>

namespace jevons::cluster {

/// True when this binary was built with MPI.
bool compiled();

/// Starts MPI for the lifetime of the object when the process was launched by an MPI launcher (mpirun,
/// mpiexec, srun: it reads their environment), so that a plain `jevons` never starts MPI. Otherwise, and
/// without MPI, the process is rank 0 of 1.
class Session {
public:
    Session();
    ~Session();
    Session(const Session &) = delete;
    Session &operator=(const Session &) = delete;
};

int rank(); ///< 0 .. size() - 1; 0 without MPI
int size(); ///< the ranks of the run; 1 without MPI
/// The CPU threads a rank should use for `requested` (0 = all cores): with several ranks on one node, all
/// cores shared between them, so that ranks do not oversubscribe the node; `requested` otherwise.
int threadsFor(int requested);

/// Every rank's bytes on rank 0, in rank order; an empty vector on the other ranks. Collective.
std::vector<std::string> gather(const std::string &mine);
/// Rank 0's `bytes` on every rank. Collective.
std::string broadcast(const std::string &bytes);

/// One run split by path ranges over the ranks (jevons::PartialRun), merged in path order on rank 0: the
/// result there is bit for bit that of simulate() on the CPU backend, for any number of ranks. Returns the
/// result on rank 0, nothing elsewhere. With one rank it is simulate(). Collective; throws like simulate()
/// on every rank when any rank failed.
std::optional<SimulationResult> simulate(const Scenario &scenario, const SimulationSettings &settings,
                                         const ProgressFn &progress = {});

} // namespace jevons::cluster
