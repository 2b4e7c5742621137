#pragma once
// Histograms and percentiles: the fine log-spaced bins that every percentile and histogram of a result is
// read from (kernel.h, binKey). Internal to compute/engine; SimulationResult holds them as an opaque
// DistributionStore.

#include "jevons/engine/engine.h"

#include <cstdint>
#include <vector>

namespace jevons::detail {

/// The occupied bins of one (series, step) histogram window.
struct FineBins {
    std::uint32_t firstKey = 0;               ///< binKey() of counts[0]
    std::vector<std::uint64_t> counts;        ///< paths per key from firstKey
    float minValue = 0, maxValue = 0;         ///< exact extremes
    std::uint64_t minCount = 0, maxCount = 0; ///< paths exactly at each extreme (point masses)
    /// Point masses inside the distribution: values the run counted exactly (see kernel.h, MassCandidates),
    /// with their paths.
    struct Mass {
        float value = 0;
        std::uint64_t paths = 0; ///< exactly at the value
        std::uint64_t below = 0; ///< below it (in any bin)
    };
    std::vector<Mass> masses;
};

/// Every (series, step) of a run: bins[series * (steps + 1) + step].
struct DistributionStore {
    int steps = 0;
    std::vector<FineBins> bins;
    const FineBins &at(Series s, int step) const
    {
        return bins[static_cast<std::size_t>(static_cast<int>(s) * (steps + 1) + step)];
    }
};

std::uint64_t totalOf(const FineBins &bins);
/// np.percentile's default ("linear") definition on the binned data, for `count` ascending `levels`
/// (at most StatCount).
void quantiles(const FineBins &bins, std::uint64_t total, const double *levels, double *out, int count);
double quantile(const FineBins &bins, std::uint64_t total, double q);
/// The share of the paths below `value` (ties count half).
double shareBelow(const FineBins &bins, std::uint64_t total, double value);

} // namespace jevons::detail
