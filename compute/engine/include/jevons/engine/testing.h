#pragma once
// Test hooks of the engine: fault injection and a view of the internal distributions. Not for production
// code; the tests and the fault-injection paths of the dashboard's tests include this header.

#include "jevons/engine/engine.h"

#include <cstdint>
#include <string>
#include <vector>

namespace jevons {

/// Until the next CUDA run, pretend a CUDA device exists and make that run fail with `message`. Under
/// Backend::Auto the run then falls back to the CPU with a notice.
void setCudaFaultForTesting(const std::string &message);

/// The fine histogram counts of one series at one step (the bins every percentile is read from), for tests
/// that need bit-identical comparisons of whole distributions. Empty when the result has none.
std::vector<std::uint64_t> fineCountsForTesting(const SimulationResult &result, Series series, int step);

} // namespace jevons
