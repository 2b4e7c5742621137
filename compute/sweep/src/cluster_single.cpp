// jevons/sweep/cluster.h without MPI: one process, rank 0 of 1.
#include "jevons/sweep/cluster.h"

namespace jevons::cluster {

bool compiled()
{
    return false;
}

Session::Session() = default;
Session::~Session() = default;

int rank()
{
    return 0;
}

int size()
{
    return 1;
}

int threadsFor(int requested)
{
    return requested;
}

std::vector<std::string> gather(const std::string &mine)
{
    return {mine};
}

std::string broadcast(const std::string &bytes)
{
    return bytes;
}

std::optional<SimulationResult> simulate(const Scenario &scenario, const SimulationSettings &settings,
                                         const ProgressFn &progress)
{
    return jevons::simulate(scenario, settings, progress);
}

} // namespace jevons::cluster
