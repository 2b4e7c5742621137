// Percentiles, means, probabilities and variance shares from a run's totals (docs/model.md, "Outputs" and
// "Variance shares").
#include "statistics.h"

#include "distributions.h"

#include <algorithm>
#include <cmath>

namespace jevons::detail {

namespace {

// The variance shares' sums of squares need 128 bits (kernel.h, ShareScale).
__extension__ using Int128 = __int128;
__extension__ using UInt128 = unsigned __int128;

/// First-order variance shares from the integer sums (docs/model.md, "Variance shares").
VarianceShares computeShares(const ModelSetup &setup, const RunTotals &totals, Series series, bool correlated)
{
    const int T = totals.steps, J = totals.inputs;
    const ChunkTotals &t = totals.summaries;
    const auto N = static_cast<long double>(totals.paths);
    // The spec's small-sample correction for B bins.
    const long double c = totals.paths > 1 ? (ShareBins - 1) / (N - 1) : 1;
    constexpr long double Scale = ShareScale;
    VarianceShares out;
    out.series = series;
    out.correlated = correlated;
    out.shares.assign(static_cast<std::size_t>(J), std::vector<double>(static_cast<std::size_t>(T + 1), 0.0));
    out.unexplained.assign(static_cast<std::size_t>(T + 1), 1.0);
    out.unexplained[0] = 1.0;
    for (int j = 0; j < J; ++j) {
        out.inputs.push_back(static_cast<Param>(setup.inputs.param[j]));
    }
    for (int k = 1; k <= T; ++k) {
        const auto sum = static_cast<Int128>(t.shareSums[std::size_t(k)]);
        const UInt128 squares =
            (static_cast<UInt128>(t.shareSquaresHi[std::size_t(k)]) << 64) | t.shareSquaresLo[std::size_t(k)];
        // N * sum of squares - sum^2 = N^2 * variance, exact in 128 bits (both terms are below 2^124).
        const UInt128 spread = static_cast<UInt128>(totals.paths) * squares - static_cast<UInt128>(sum * sum);
        const long double variance =
            static_cast<long double>(spread) / N / (Scale * Scale); // sum (y - mean)^2
        if (variance <= 1e-10L * N || c >= 1) {
            continue; // no spread: every share is 0 and the rest "unexplained" stays 1
        }
        const long double mean = static_cast<long double>(sum) / N;
        double explained = 0;
        for (int j = 0; j < J; ++j) {
            long double between = 0;
            for (int b = 0; b < ShareBins; ++b) {
                const auto n = static_cast<long double>(t.shareBinCounts[std::size_t(j * ShareBins + b)]);
                if (n == 0) {
                    continue;
                }
                const auto binSum = static_cast<long double>(
                    t.shareBinSums[(std::size_t(k) * std::size_t(J) + std::size_t(j)) * ShareBins +
                                   std::size_t(b)]);
                const long double deviation = binSum - n * mean; // n_b (mean_b - mean), in units
                between += deviation * deviation / n;
            }
            const long double eta2 = between / (Scale * Scale) / variance;
            const double share = static_cast<double>(std::max<long double>(0, (eta2 - c) / (1 - c)));
            out.shares[std::size_t(j)][std::size_t(k)] = share;
            explained += share;
        }
        out.unexplained[std::size_t(k)] = 1.0 - explained;
    }
    return out;
}

} // namespace

/// Every statistic of every (series, step), read from the merged totals, and the distributions kept.
void finishStatistics(const ModelSetup &setup, const BinLayout &layout, const RunTotals &totals, int threads,
                      SimulationResult &result)
{
    const int T = result.steps;
    const std::uint64_t paths = totals.paths;
    const std::size_t stepsPlus = static_cast<std::size_t>(T + 1);
    const std::size_t seriesSteps = OutputCount * stepsPlus;
    const ChunkTotals &t = totals.summaries;
    const std::vector<double> treeSums = totals.sums.total();
    auto store = std::make_shared<DistributionStore>();
    store->steps = T;
    store->bins.resize(seriesSteps);
    for (auto &series : result.series) {
        for (auto &v : series.stats) {
            v.resize(stepsPlus);
        }
    }
    double levels[StatCount - 1]; // the percentile levels, ascending ("mean" is last)
    for (int st = 0; st + 1 < StatCount; ++st) {
        levels[st] = statLevel(static_cast<Stat>(st));
    }
    // Each (series, step) on its own: its fine bins, then every statistic in one pass over them. In
    // parallel, since a serial pass over 900 windows left the other cores idle at the end of every run.
#pragma omp parallel for num_threads(threads) schedule(dynamic, 8)
    for (std::int64_t index = 0; index < static_cast<std::int64_t>(seriesSteps); ++index) {
        const auto i = static_cast<std::size_t>(index);
        FineBins &bins = store->bins[i];
        // Keep only the occupied part of the window.
        std::size_t lo = 0, hi = layout.width[i];
        const std::uint64_t *base = totals.counts.data() + layout.offset[i];
        while (lo < hi && base[lo] == 0) {
            ++lo;
        }
        while (hi > lo && base[hi - 1] == 0) {
            --hi;
        }
        bins.firstKey = layout.firstKey[i] + std::uint32_t(lo);
        bins.counts.assign(base + lo, base + hi);
        for (int j = 0; j < layout.massCount[i]; ++j) {
            const std::size_t m = i * MassCandidates + static_cast<std::size_t>(j);
            if (t.massPaths[m] > 0) {
                bins.masses.push_back({layout.massValue[m], t.massPaths[m], t.massBelow[m]});
            }
        }
        bins.minValue = t.mins[i];
        bins.maxValue = t.maxs[i];
        bins.minCount = t.minCounts[i];
        bins.maxCount = t.maxCounts[i];
        double values[StatCount];
        quantiles(bins, paths, levels, values, StatCount - 1);
        values[StatCount - 1] = (treeSums[i] + totals.deviceSums[i]) / double(paths);
        SeriesStats &stats = result.series[i / stepsPlus];
        for (int st = 0; st < StatCount; ++st) {
            stats.stats[static_cast<std::size_t>(st)][i % stepsPlus] = values[st];
        }
    }
    for (int f = 0; f < ProbabilityCount; ++f) {
        std::vector<double> &p = result.probabilities[static_cast<std::size_t>(f)];
        p.resize(stepsPlus);
        for (std::size_t k = 0; k < stepsPlus; ++k) {
            p[k] = double(t.flags[static_cast<std::size_t>(f) * stepsPlus + k]) / double(paths);
        }
    }
    result.shortageProbability = result.probability(Probability::Shortage);
    result.distributions = std::move(store);
    for (int s = 0; s < SeriesCount; ++s) {
        result.finalHistograms[static_cast<std::size_t>(s)] =
            result.histogramAt(static_cast<Series>(s), T, result.settings.histogramBins);
    }
    if (totals.shares) {
        result.varianceShares = computeShares(setup, totals, *result.settings.sharesSeries,
                                              !result.scenario.correlations.empty());
    }
}

} // namespace jevons::detail
