// Histograms and percentiles read from the fine bins of a run.
#include "distributions.h"

#include "jevons/engine/testing.h"

#include "kernel.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>

namespace jevons {
namespace detail {

namespace {

/// Values of several order statistics (0-based ranks, ascending) read from fine bins in one pass. Ranks among
/// the paths exactly at the minimum or maximum (point masses: no unpowered accelerators, a utilization of
/// 1) are that value; others lie inside their bin by log-linear interpolation of the rank, so within the
/// bin's 0.39 % width of the exact value, and never outside the exact extremes.
void orderStatistics(const FineBins &bins, std::uint64_t total, const double *ranks, double *values,
                     int count)
{
    std::uint64_t before = 0;
    int next = 0;
    const std::size_t n = bins.counts.size();
    for (std::size_t i = 0; i < n && next < count; ++i) {
        // Small runs leave most bins empty: step over them four at a time.
        while (i + 4 <= n &&
               (bins.counts[i] | bins.counts[i + 1] | bins.counts[i + 2] | bins.counts[i + 3]) == 0) {
            i += 4;
        }
        if (i >= n) {
            break;
        }
        const std::uint64_t c = bins.counts[i];
        if (c == 0) {
            continue;
        }
        const bool lastBin = i + 1 == n;
        while (next < count && (ranks[next] < double(before + c) || lastBin)) {
            const double rank = ranks[next];
            if (rank < double(bins.minCount)) {
                values[next++] = bins.minValue;
                continue;
            }
            if (rank >= double(total) - double(bins.maxCount)) {
                values[next++] = bins.maxValue;
                continue;
            }
            const std::uint32_t key = bins.firstKey + std::uint32_t(i);
            double lo = keyLowerEdge(key), hi = keyLowerEdge(key + 1);
            // The run counted the paths at and below each point mass exactly, so the ranks on a mass are
            // known: such a rank is the mass's value. Between masses (or a mass and the bin's edge) the
            // paths are taken as spread log-linearly.
            double segmentStart = double(before), segmentEnd = double(before + c);
            bool onMass = false;
            for (const FineBins::Mass &mass : bins.masses) {
                const double from = double(mass.below), to = double(mass.below + mass.paths);
                if (rank >= from && rank < to) {
                    values[next] = mass.value;
                    onMass = true;
                    break;
                }
                if (mass.value >= lo && mass.value < hi) {
                    if (to <= rank && to > segmentStart) {
                        segmentStart = to;
                        lo = mass.value;
                    } else if (from > rank && from < segmentEnd) {
                        segmentEnd = from;
                        hi = mass.value;
                    }
                }
            }
            if (onMass) {
                ++next;
                continue;
            }
            const double rankInBin = rank - segmentStart, spread = segmentEnd - segmentStart;
            const double within = std::clamp((rankInBin + 0.5) / std::max(spread, 1.0), 0.0, 1.0);
            const double v = lo > 0 ? lo * std::pow(hi / lo, within) : hi * within;
            values[next++] = std::clamp(v, double(bins.minValue), double(bins.maxValue));
        }
        before += c;
    }
    while (next < count) {
        values[next++] = bins.maxValue;
    }
}

} // namespace

/// np.percentile's default ("linear") definition on the binned data, for ascending `levels`.
void quantiles(const FineBins &bins, std::uint64_t total, const double *levels, double *out, int count)
{
    if (total == 0) {
        std::fill(out, out + count, std::numeric_limits<double>::quiet_NaN());
        return;
    }
    double ranks[2 * StatCount], values[2 * StatCount]; // count <= StatCount
    count = std::min(count, StatCount);
    for (int i = 0; i < count; ++i) {
        const double h = double(total - 1) * levels[i];
        ranks[2 * i] = std::floor(h);
        ranks[2 * i + 1] = std::min(std::floor(h) + 1, double(total - 1));
    }
    // orderStatistics() reads ascending ranks in one pass; with few paths, neighbouring levels' ranks
    // interleave (floor(h2) < floor(h1) + 1), so they are read in sorted order and put back.
    int order[2 * StatCount];
    double sortedRanks[2 * StatCount], sortedValues[2 * StatCount];
    std::iota(order, order + 2 * count, 0);
    std::stable_sort(order, order + 2 * count, [&](int a, int b) { return ranks[a] < ranks[b]; });
    for (int j = 0; j < 2 * count; ++j) {
        sortedRanks[j] = ranks[order[j]];
    }
    orderStatistics(bins, total, sortedRanks, sortedValues, 2 * count);
    for (int j = 0; j < 2 * count; ++j) {
        values[order[j]] = sortedValues[j];
    }
    for (int i = 0; i < count; ++i) {
        const double h = double(total - 1) * levels[i];
        const double a = values[2 * i], b = values[2 * i + 1];
        out[i] = a + (h - std::floor(h)) * (b - a);
    }
}

double quantile(const FineBins &bins, std::uint64_t total, double q)
{
    double v = 0;
    quantiles(bins, total, &q, &v, 1);
    return v;
}

double shareBelow(const FineBins &bins, std::uint64_t total, double value)
{
    if (total == 0) {
        return std::numeric_limits<double>::quiet_NaN();
    }
    const double n = double(total);
    if (value < bins.minValue) {
        return 0.0;
    }
    if (value > bins.maxValue) {
        return 1.0;
    }
    if (value == bins.minValue) {
        return 0.5 * double(bins.minCount) / n;
    }
    if (value == bins.maxValue) {
        return 1.0 - 0.5 * double(bins.maxCount) / n;
    }
    // Exact at a point mass; elsewhere the bins with the log-linear spread the percentiles assume, kept
    // between the exact counts at the nearest masses below and above.
    double atLeast = 0, atMost = n;
    for (const FineBins::Mass &mass : bins.masses) {
        if (value == mass.value) {
            return (double(mass.below) + 0.5 * double(mass.paths)) / n;
        }
        if (mass.value < value) {
            atLeast = std::max(atLeast, double(mass.below + mass.paths));
        } else {
            atMost = std::min(atMost, double(mass.below));
        }
    }
    double below = 0;
    for (std::size_t i = 0; i < bins.counts.size(); ++i) {
        const std::uint32_t key = bins.firstKey + std::uint32_t(i);
        const double a = keyLowerEdge(key), b = keyLowerEdge(key + 1);
        if (b <= value) {
            below += double(bins.counts[i]);
        } else {
            if (a < value) {
                below += double(bins.counts[i]) * (a > 0 ? std::log(value / a) / std::log(b / a) : value / b);
            }
            break;
        }
    }
    return std::clamp(std::clamp(below, atLeast, std::max(atLeast, atMost)) / n, 0.0, 1.0);
}

std::uint64_t totalOf(const FineBins &bins)
{
    std::uint64_t n = 0;
    for (auto c : bins.counts) {
        n += c;
    }
    return n;
}
} // namespace detail

Histogram SimulationResult::histogramAt(Series s, int step, int bins) const
{
    if (!distributions || step < 0 || step > steps || bins < 1) {
        return {};
    }
    const detail::FineBins &fb = distributions->at(s, step);
    const std::uint64_t total = totalOf(fb);
    double lo = quantile(fb, total, 0.005), hi = quantile(fb, total, 0.995);
    if (!(hi > lo)) {
        // A degenerate distribution (all paths equal): one narrow bin around the value.
        const double width = lo != 0 ? std::abs(lo) * 0.01 : 1e-9;
        lo -= width;
        hi += width;
    }
    const bool logSpaced = lo > 0 && hi / lo > 20;
    std::vector<double> edges(static_cast<std::size_t>(bins + 1));
    for (int i = 0; i <= bins; ++i) {
        const double f = double(i) / bins;
        edges[static_cast<std::size_t>(i)] = logSpaced ? lo * std::pow(hi / lo, f) : lo + (hi - lo) * f;
    }
    return histogramWithEdges(s, step, edges);
}

Histogram SimulationResult::histogramWithEdges(Series s, int step, const std::vector<double> &edges) const
{
    Histogram h;
    if (!distributions || step < 0 || step > steps || edges.size() < 2) {
        return h;
    }
    const detail::FineBins &fb = distributions->at(s, step);
    h.edges = edges;
    h.counts.assign(edges.size() - 1, 0);
    const double lo = edges.front(), hi = edges.back();
    for (std::size_t i = 0; i < fb.counts.size(); ++i) {
        if (fb.counts[i] == 0) {
            continue;
        }
        const std::uint32_t key = fb.firstKey + std::uint32_t(i);
        const double a = detail::keyLowerEdge(key), b = detail::keyLowerEdge(key + 1);
        const double mid =
            std::clamp(a > 0 ? std::sqrt(a * b) : b / 2, double(fb.minValue), double(fb.maxValue));
        // A fine bin that straddles an outer edge belongs inside: mass sitting exactly at p99.5 (utilization
        // is exactly 1 in a shortage) must land in the last bin, not in overflow.
        if (mid < lo && b <= lo) {
            h.underflow += fb.counts[i];
        } else if (mid >= hi && a > hi) {
            h.overflow += fb.counts[i];
        } else if (mid < lo) {
            h.counts.front() += fb.counts[i];
        } else if (mid >= hi) {
            h.counts.back() += fb.counts[i];
        } else {
            const auto upper = std::upper_bound(edges.begin(), edges.end(), mid);
            const auto bin = std::min<std::size_t>(static_cast<std::size_t>(upper - edges.begin()) - 1,
                                                   h.counts.size() - 1);
            h.counts[bin] += fb.counts[i];
        }
    }
    return h;
}

double SimulationResult::quantileAt(Series s, int step, double level) const
{
    if (!distributions || step < 0 || step > steps || !(level >= 0 && level <= 1)) {
        return std::numeric_limits<double>::quiet_NaN();
    }
    const detail::FineBins &fb = distributions->at(s, step);
    return detail::quantile(fb, detail::totalOf(fb), level);
}

double SimulationResult::shareBelow(Series s, int step, double value) const
{
    if (!distributions || step < 0 || step > steps || !std::isfinite(value)) {
        return std::numeric_limits<double>::quiet_NaN();
    }
    const detail::FineBins &fb = distributions->at(s, step);
    return detail::shareBelow(fb, detail::totalOf(fb), value);
}

std::vector<std::uint64_t> fineCountsForTesting(const SimulationResult &result, Series series, int step)
{
    if (!result.distributions || step < 0 || step > result.steps) {
        return {};
    }
    return result.distributions->at(series, step).counts;
}

} // namespace jevons
