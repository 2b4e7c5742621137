// The pilot: windows of the histograms, candidate point masses and the shares' references, from the first
// 1024 paths recorded in full (the same paths every run and every process draws first).
#include "pilot.h"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <functional>
#include <memory>
#include <utility>
#include <vector>

namespace jevons::detail {

namespace {

constexpr std::uint64_t PilotPaths = 1024;
// Histogram windows reach this many keys (a quarter octave: a factor 1.19) beyond the pilot's extremes. The
// pilot's 1024 paths span about p0.1..p99.9, so p0.5..p99.5 of any run lie inside; tails beyond are clamped
// into the edge bins (and counted in `clamped`), while the exact minimum and maximum are kept.
constexpr std::uint32_t WindowMargin = 64;

/// Values that repeat exactly among the pilot's paths (at least 3 of 1024, so masses of about 0.3 % of the
/// paths or more), up to MassCandidates per (series, step), largest first: the candidate point masses inside
/// the distributions that the run counts exactly (e.g. the token price of the paths without a shortage
/// and with the same number of breakthroughs; compute revenue where supply and price are both pinned).
/// Found with an open-addressing table of float bits.
void findMasses(const float *values, std::uint64_t pilot, int steps, int threads, BinLayout &layout)
{
    const std::size_t stepsPlus = static_cast<std::size_t>(steps + 1);
    const std::size_t seriesSteps = OutputCount * stepsPlus;
    layout.massValue.assign(seriesSteps * MassCandidates, 0.0f);
    layout.massCount.assign(seriesSteps, 0);
    // A direct-mapped table without probing: a value that repeats finds its own entry unless another value
    // took the slot in between (4096 slots for 1024 values: rarely), which at worst misses a small mass. One
    // load and one store per value, no branches: 1.7 us a column where a probing table took 8.
    constexpr std::uint32_t Slots = 4096;
    constexpr std::uint64_t MinRepeats = 3;
#pragma omp parallel num_threads(threads)
    {
        // One entry per slot: value bits (high half), the (series, step) it was filled for (16 bits) and a
        // count (16 bits); an entry of another (series, step) counts as empty, so the table is never cleared.
        std::vector<std::uint64_t> table(Slots, ~std::uint64_t(0));
        std::vector<std::pair<std::uint32_t, std::uint32_t>> repeated; // (slot, bits), then (count, bits)
#pragma omp for schedule(static)
        for (std::int64_t index = 0; index < static_cast<std::int64_t>(seriesSteps); ++index) {
            const auto i = static_cast<std::size_t>(index);
            {
                const auto stamp = static_cast<std::uint64_t>(i & 0xffff) << 16;
                repeated.clear();
                for (std::uint64_t p = 0; p < pilot; ++p) {
                    std::uint32_t bits;
                    std::memcpy(&bits, &values[i * pilot + p], sizeof bits);
                    const std::uint32_t slot =
                        (bits * 2654435761u) >> 20; // Fibonacci hashing into 4096 slots
                    const std::uint64_t key = (std::uint64_t(bits) << 32) | stamp;
                    const std::uint64_t entry =
                        (table[slot] & ~std::uint64_t(0xffff)) == key ? table[slot] + 1 : key | 1;
                    table[slot] = entry;
                    if ((entry & 0xffff) == MinRepeats) {
                        repeated.emplace_back(slot, bits);
                    }
                }
                for (auto &[slot, bits] : repeated) {
                    slot = static_cast<std::uint32_t>(table[slot] & 0xffffu);
                }
                std::sort(repeated.begin(), repeated.end(), std::greater<>());
                const std::size_t n = std::min<std::size_t>(repeated.size(), MassCandidates);
                for (std::size_t j = 0; j < n; ++j) {
                    std::memcpy(&layout.massValue[i * MassCandidates + j], &repeated[j].second,
                                sizeof(float));
                }
                layout.massCount[i] = static_cast<std::uint8_t>(n);
            }
        }
    }
}

} // namespace

/// Pilot: the first paths are recorded in full; their spread sets each (series, step) histogram's window,
/// and their mean log value of the shares' series each step's reference for the shares' integer sums.
BinLayout planRun(ModelSetup &setup, const BackendCalls &calls, std::uint64_t paths, int threads,
                  bool findPointMasses)
{
    const int T = setup.model.steps;
    const std::size_t stepsPlus = static_cast<std::size_t>(T + 1);
    const std::size_t seriesSteps = OutputCount * stepsPlus;
    const std::uint64_t pilot = std::min(paths, PilotPaths);
    // Recorded by column ([series][step][path]), not zeroed first: the kernel writes every value.
    const std::unique_ptr<float[]> recorded(
        new float[static_cast<std::size_t>(pilot) * OutputCount * stepsPlus]);
    const float *values = recorded.get();
    calls.recordPaths(setup.model, setup.inputs, setup.steps, 0, pilot, threads, recorded.get());
    // Extremes of the pilot per (series, step), read in the order the values lie in memory. The lowest is
    // that of the positive values: zeros (no unpowered accelerators, no capex in a disruption) are a point
    // mass counted exactly at the minimum, and a window reaching down to the key of 0 from, say, a million
    // held 37,000 empty bins per month that every run zeroed and merged.
    std::vector<std::uint32_t> pilotLo(seriesSteps, MaxKey), pilotHi(seriesSteps, 0);
#pragma omp parallel for num_threads(threads) schedule(static)
    for (std::int64_t index = 0; index < static_cast<std::int64_t>(seriesSteps); ++index) {
        const auto i = static_cast<std::size_t>(index);
        const float *v = values + i * pilot;
        std::uint32_t lo = MaxKey, hi = 0;
        for (std::uint64_t p = 0; p < pilot; ++p) {
            const std::uint32_t key = std::min(binKey(v[p]), MaxKey);
            lo = std::min(lo, v[p] > 0.0f ? key : MaxKey);
            hi = std::max(hi, key);
        }
        pilotLo[i] = lo;
        pilotHi[i] = hi;
    }
    if (setup.model.sharesSeries >= 0) {
        for (std::size_t k = 0; k < stepsPlus; ++k) {
            double sum = 0;
            for (std::uint64_t p = 0; p < pilot; ++p) {
                const float v = values[(std::size_t(setup.model.sharesSeries) * stepsPlus + k) * pilot + p];
                sum += std::log(std::max(double(v), 1e-30));
            }
            setup.steps[k].shareRef = static_cast<float>(sum / double(pilot));
        }
    }
    BinLayout layout;
    if (findPointMasses) {
        findMasses(values, pilot, T, threads, layout);
    } else {
        layout.massValue.assign(seriesSteps * MassCandidates, 0.0f);
        layout.massCount.assign(seriesSteps, 0);
    }
    layout.firstKey.resize(seriesSteps);
    layout.width.resize(seriesSteps);
    layout.offset.resize(seriesSteps);
    for (std::size_t i = 0; i < seriesSteps; ++i) {
        const std::uint32_t low = std::min(pilotLo[i], pilotHi[i]); // all zero: the window of key 0
        const std::uint32_t lo = low > WindowMargin ? low - WindowMargin : 0;
        const std::uint32_t hi = std::min(pilotHi[i] + WindowMargin, MaxKey);
        layout.firstKey[i] = lo;
        layout.width[i] = hi - lo + 1;
        layout.offset[i] = layout.totalBins;
        layout.totalBins += layout.width[i];
    }
    return layout;
}

} // namespace jevons::detail
