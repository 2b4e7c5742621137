#pragma once
// The statistics of a run, read from its merged totals: percentiles and means, probabilities, histograms and
// variance shares. Internal to compute/engine.

#include "model_setup.h"
#include "run_totals.h"

namespace jevons::detail {

/// Fills result.series, probabilities, finalHistograms, varianceShares and distributions. `result` has
/// scenario, settings and steps set.
void finishStatistics(const ModelSetup &setup, const BinLayout &layout, const RunTotals &totals, int threads,
                      SimulationResult &result);

} // namespace jevons::detail
