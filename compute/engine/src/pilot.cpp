// The pilot: windows of the histograms, candidate point masses and the shares' references, from the first
// 1024 paths recorded in full (the same paths every run and every process draws first).
#include "pilot.h"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <functional>
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
void findMasses(const std::vector<float> &values, std::uint64_t pilot, int steps, int threads, BinLayout &layout)
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
        // [step * stride + path]; the stride is not a multiple of 4 KiB, which mapped every step's row to the
        // same cache set and made this copy the slowest part of the pilot.
        const std::size_t stride = static_cast<std::size_t>(pilot) + 16;
        std::vector<std::uint32_t> column(stride * stepsPlus);
#pragma omp for schedule(dynamic, 1)
        for (int s = 0; s < OutputCount; ++s) {
            // One series' values by step: the recorded layout puts a path's steps together.
            for (std::uint64_t p = 0; p < pilot; ++p) {
                const float *path = &values[(p * OutputCount + std::uint64_t(s)) * stepsPlus];
                for (std::size_t k = 0; k < stepsPlus; ++k) {
                    std::memcpy(&column[k * stride + p], &path[k], sizeof(float));
                }
            }
            for (std::size_t k = 0; k < stepsPlus; ++k) {
                const std::size_t i = static_cast<std::size_t>(s) * stepsPlus + k;
                const auto stamp = static_cast<std::uint64_t>(i & 0xffff) << 16;
                repeated.clear();
                for (std::uint64_t p = 0; p < pilot; ++p) {
                    const std::uint32_t bits = column[k * stride + p];
                    const std::uint32_t slot = (bits * 2654435761u) >> 20; // Fibonacci hashing into 4096 slots
                    const std::uint64_t key = (std::uint64_t(bits) << 32) | stamp;
                    const std::uint64_t entry = (table[slot] & ~std::uint64_t(0xffff)) == key ? table[slot] + 1 : key | 1;
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
                    std::memcpy(&layout.massValue[i * MassCandidates + j], &repeated[j].second, sizeof(float));
                }
                layout.massCount[i] = static_cast<std::uint8_t>(n);
            }
        }
    }
}

} // namespace

/// Pilot: the first paths are recorded in full; their spread sets each (series, step) histogram's window,
/// and their mean log value of the shares' series each step's reference for the shares' integer sums.
BinLayout planRun(ModelSetup &setup, const BackendCalls &calls, std::uint64_t paths, int threads)
{
    const int T = setup.model.steps;
    const std::size_t stepsPlus = static_cast<std::size_t>(T + 1);
    const std::size_t seriesSteps = OutputCount * stepsPlus;
    const std::uint64_t pilot = std::min(paths, PilotPaths);
    std::vector<float> values(static_cast<std::size_t>(pilot) * OutputCount * stepsPlus);
    calls.recordPaths(setup.model, setup.inputs, setup.steps, 0, pilot, threads, values.data());
    // Extremes of the pilot per (series, step), read in the order the values lie in memory. The lowest is
    // that of the positive values: zeros (no unpowered accelerators, no capex in a disruption) are a point
    // mass counted exactly at the minimum, and a window reaching down to the key of 0 from, say, a million
    // held 37,000 empty bins per month that every run zeroed and merged.
    std::vector<std::uint32_t> pilotLo(seriesSteps, MaxKey), pilotHi(seriesSteps, 0);
#pragma omp parallel for num_threads(threads) schedule(static)
    for (int s = 0; s < OutputCount; ++s) {
        std::uint32_t *lo = &pilotLo[static_cast<std::size_t>(s) * stepsPlus];
        std::uint32_t *hi = &pilotHi[static_cast<std::size_t>(s) * stepsPlus];
        for (std::uint64_t p = 0; p < pilot; ++p) {
            const float *v = &values[(p * OutputCount + std::uint64_t(s)) * stepsPlus];
            for (std::size_t k = 0; k < stepsPlus; ++k) {
                const std::uint32_t key = std::min(binKey(v[k]), MaxKey);
                lo[k] = std::min(lo[k], v[k] > 0.0f ? key : MaxKey);
                hi[k] = std::max(hi[k], key);
            }
        }
    }
    if (setup.model.sharesSeries >= 0) {
        for (std::size_t k = 0; k < stepsPlus; ++k) {
            double sum = 0;
            for (std::uint64_t p = 0; p < pilot; ++p) {
                const float v = values[(p * OutputCount + std::uint64_t(setup.model.sharesSeries)) * stepsPlus + k];
                sum += std::log(std::max(double(v), 1e-30));
            }
            setup.steps[k].shareRef = static_cast<float>(sum / double(pilot));
        }
    }
    BinLayout layout;
    findMasses(values, pilot, T, threads, layout);
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
