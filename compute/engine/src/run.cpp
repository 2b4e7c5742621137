// The run loop: a pilot that sets the histogram windows, chunks of paths on one backend, and the statistics
// read from the merged histograms. simulate() picks the backend and falls back from CUDA to the CPU.
#include "run.h"

#include "backends.h"
#include "distributions.h"
#include "model_setup.h"

#include <omp.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <limits>
#include <stdexcept>

namespace jevons {

static_assert(detail::OutputCount == SeriesCount, "the kernel writes one output per series of engine.h");

namespace detail {

void ChunkTotals::reset(std::size_t seriesSteps, std::size_t steps)
{
    stopped = false;
    sums.assign(seriesSteps, 0.0);
    blockSums.clear();
    mins.assign(seriesSteps, std::numeric_limits<float>::max());
    maxs.assign(seriesSteps, 0.0f);
    clamped.assign(seriesSteps, 0u);
    shortage.assign(steps, 0u);
}

void checkSettings(const SimulationSettings &s)
{
    if (s.paths < 1 || s.paths > MaxPaths) {
        throw std::invalid_argument("paths must be between 1 and 10000000000, got " +
                                    std::to_string(s.paths));
    }
    if (s.threads < 0 || s.threads > 1024) {
        throw std::invalid_argument("threads must be between 0 (all cores) and 1024, got " +
                                    std::to_string(s.threads));
    }
    if (s.histogramBins < 64 || s.histogramBins > 10000) {
        throw std::invalid_argument("histogram bins must be between 64 and 10000");
    }
}

int threadsFor(const SimulationSettings &s)
{
    return s.threads > 0 ? s.threads : std::max(1, omp_get_num_procs());
}

namespace {

constexpr std::uint64_t PilotPaths = 1024;
// Histogram windows reach this many keys (half an octave: a factor 1.41) beyond the pilot's extremes. The
// pilot's 1024 paths span about p0.1..p99.9, so p0.5..p99.5 of any run lie inside; tails beyond are clamped
// into the edge bins (and counted in `clamped`), while the exact minimum and maximum are kept.
constexpr std::uint32_t WindowMargin = 128;

/// Pilot: the first paths are recorded in full; their spread sets each (series, step) histogram's window.
/// Step 0 is the deterministic start state: a window of one key.
BinLayout planWindows(const ModelSetup &setup, const BackendCalls &calls, std::uint64_t paths, int threads)
{
    const int T = setup.model.steps;
    const std::size_t stepsPlus = static_cast<std::size_t>(T + 1);
    const std::size_t seriesSteps = OutputCount * stepsPlus;
    const std::uint64_t pilot = std::min(paths, PilotPaths);
    std::vector<float> pilotValues(static_cast<std::size_t>(pilot) * OutputCount *
                                   static_cast<std::size_t>(T));
    if (T > 0) {
        calls.recordPaths(setup.model, setup.steps, 0, pilot, threads, pilotValues.data());
    }
    // Extremes of the pilot per (series, step), read in the order the values lie in memory.
    std::vector<std::uint32_t> pilotLo(seriesSteps, MaxKey), pilotHi(seriesSteps, 0);
#pragma omp parallel for num_threads(threads) schedule(static)
    for (int s = 0; s < OutputCount; ++s) {
        std::uint32_t *lo = &pilotLo[static_cast<std::size_t>(s) * stepsPlus + 1];
        std::uint32_t *hi = &pilotHi[static_cast<std::size_t>(s) * stepsPlus + 1];
        for (std::uint64_t p = 0; p < pilot && T > 0; ++p) {
            const float *values = &pilotValues[(p * OutputCount + std::uint64_t(s)) * std::uint64_t(T)];
            for (int k = 0; k < T; ++k) {
                const std::uint32_t key = std::min(binKey(values[k]), MaxKey);
                lo[k] = std::min(lo[k], key);
                hi[k] = std::max(hi[k], key);
            }
        }
    }
    BinLayout layout;
    layout.firstKey.resize(seriesSteps);
    layout.width.resize(seriesSteps);
    layout.offset.resize(seriesSteps);
    for (int s = 0; s < OutputCount; ++s) {
        for (int k = 0; k <= T; ++k) {
            const std::size_t i = static_cast<std::size_t>(s) * stepsPlus + static_cast<std::size_t>(k);
            std::uint32_t lo, hi;
            if (k == 0) {
                lo = hi = binKey(float(setup.initial[static_cast<std::size_t>(s)]));
            } else {
                lo = pilotLo[i] > WindowMargin ? pilotLo[i] - WindowMargin : 0;
                hi = std::min(pilotHi[i] + WindowMargin, MaxKey);
            }
            layout.firstKey[i] = lo;
            layout.width[i] = hi - lo + 1;
            layout.offset[i] = layout.totalBins;
            layout.totalBins += layout.width[i];
        }
    }
    return layout;
}

/// What the whole run adds up to: 64-bit histogram counts (chunks add theirs straight in), sums, extremes
/// and shortage counts, every array [series * (T + 1) + step] (shortage: [step]).
struct RunTotals {
    std::vector<std::uint64_t> counts;
    std::vector<double> sums;
    std::vector<float> mins, maxs;
    std::vector<std::uint64_t> clamped, shortage;

    RunTotals(const ModelSetup &setup, const BinLayout &layout, std::uint64_t paths)
    {
        const std::size_t stepsPlus = static_cast<std::size_t>(setup.model.steps + 1);
        const std::size_t seriesSteps = OutputCount * stepsPlus;
        counts.assign(layout.totalBins, 0);
        sums.assign(seriesSteps, 0.0);
        mins.assign(seriesSteps, std::numeric_limits<float>::max());
        maxs.assign(seriesSteps, 0.0f);
        clamped.assign(seriesSteps, 0);
        shortage.assign(stepsPlus, 0);
        // Step 0 is the same for every path.
        for (int s = 0; s < OutputCount; ++s) {
            const std::size_t i = static_cast<std::size_t>(s) * stepsPlus;
            const float v0 = float(setup.initial[static_cast<std::size_t>(s)]);
            counts[layout.offset[i]] = paths;
            sums[i] = double(v0) * double(paths);
            mins[i] = maxs[i] = v0;
        }
    }

    /// Adds a finished chunk. Block sums are added in path order, so means do not depend on threads or
    /// chunking.
    void add(const ChunkTotals &chunk)
    {
        const std::size_t seriesSteps = sums.size();
        for (std::size_t b = 0; b < chunk.blockSums.size(); b += seriesSteps) {
            for (std::size_t i = 0; i < seriesSteps; ++i) {
                sums[i] += chunk.blockSums[b + i];
            }
        }
        for (std::size_t i = 0; i < seriesSteps; ++i) {
            sums[i] += chunk.sums[i];
            mins[i] = std::min(mins[i], chunk.mins[i]);
            maxs[i] = std::max(maxs[i], chunk.maxs[i]);
            clamped[i] += chunk.clamped[i];
        }
        for (std::size_t k = 1; k < shortage.size(); ++k) {
            shortage[k] += chunk.shortage[k];
        }
    }
};

/// Every statistic of every (series, step), read from the merged counts, and the distributions kept.
void finishStatistics(const BinLayout &layout, const RunTotals &totals, std::uint64_t paths, int threads,
                      SimulationResult &result)
{
    const int T = result.steps;
    const std::size_t stepsPlus = static_cast<std::size_t>(T + 1);
    const std::size_t seriesSteps = OutputCount * stepsPlus;
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
    // parallel, since a serial pass over 610 windows left the other cores idle at the end of every run.
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
        bins.minValue = totals.mins[i];
        bins.maxValue = totals.maxs[i];
        double values[StatCount];
        quantiles(bins, paths, levels, values, StatCount - 1);
        values[StatCount - 1] = totals.sums[i] / double(paths);
        SeriesStats &stats = result.series[i / stepsPlus];
        for (int st = 0; st < StatCount; ++st) {
            stats.stats[static_cast<std::size_t>(st)][i % stepsPlus] = values[st];
        }
    }
    result.shortageProbability.resize(stepsPlus);
    for (std::size_t k = 0; k < stepsPlus; ++k) {
        result.shortageProbability[k] = double(totals.shortage[k]) / double(paths);
    }
    result.distributions = std::move(store);
    for (int s = 0; s < SeriesCount; ++s) {
        result.finalHistograms[static_cast<std::size_t>(s)] =
            result.histogramAt(static_cast<Series>(s), T, result.settings.histogramBins);
    }
}

/// Runs the whole Monte Carlo on one backend. Throws std::runtime_error if the backend fails.
SimulationResult runOnBackend(const Scenario &scenario, const SimulationSettings &settings,
                              const BackendCalls &calls, bool gpu, int threads, const ProgressFn &progress)
{
    const auto started = std::chrono::steady_clock::now();
    const ModelSetup setup = buildModel(scenario, settings.seed);
    const int T = setup.model.steps;
    const std::size_t stepsPlus = static_cast<std::size_t>(T + 1);
    const std::size_t seriesSteps = OutputCount * stepsPlus;
    const std::uint64_t paths = settings.paths;

    SimulationResult result;
    result.scenario = scenario;
    result.settings = settings;
    result.backendUsed = gpu ? Backend::Cuda : Backend::Cpu;
    result.backendLabel = gpu ? "cuda" : "cpu-omp";
    result.threadsUsed = gpu ? 1 : threads;
    result.steps = T;

    const BinLayout layout = planWindows(setup, calls, paths, threads);
    // The pilot's paths are simulated again in the first chunk: the kernel is the only place values are
    // binned and summed, which keeps the means bit-identical across thread counts and chunk sizes.
    RunTotals totals(setup, layout, paths);

    std::uint64_t done = T > 0 ? 0 : paths;
    // Chunks bound memory and set how often progress (and cancellation) is checked.
    std::uint64_t chunk = settings.chunkPaths;
    if (chunk == 0) {
        chunk = gpu ? (std::uint64_t(1) << 24) : (std::uint64_t(1) << 17);
    }
    // Whole blocks of 256 paths (path_kernel.inl), so blocks, and with them the means, never depend on
    // where a chunk starts.
    chunk = std::min<std::uint64_t>((chunk + 255) / 256 * 256, std::uint64_t(1) << 31);
    ChunkTotals chunkTotals;
    chunkTotals.runCounts = totals.counts.data();
    if (progress) {
        // Polled between tiles too (CPU), so a superseded run stops within a millisecond or two, not at the
        // end of its chunk.
        chunkTotals.keepGoing = [&](std::uint64_t finished) { return progress(done + finished, paths); };
    }
    while (!result.cancelled && done < paths) {
        const std::uint64_t count = std::min(chunk, paths - done);
        chunkTotals.reset(seriesSteps, stepsPlus);
        calls.runChunk(setup.model, setup.steps, layout, done, count, threads, chunkTotals);
        if (chunkTotals.stopped) {
            result.cancelled = true;
            break;
        }
        totals.add(chunkTotals);
        done += count;
        if (progress && !progress(done, paths)) {
            result.cancelled = done < paths;
        }
    }
    result.pathsDone = done;
    if (!result.cancelled) {
        finishStatistics(layout, totals, paths, threads, result);
    }
    result.elapsedSeconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    return result;
}

} // namespace
} // namespace detail

SimulationResult simulate(const Scenario &scenario, const SimulationSettings &settings,
                          const ProgressFn &progress)
{
    validateScenario(scenario, scenario.name.empty() ? std::string("<scenario>") : scenario.name);
    detail::checkSettings(settings);
    const int threads = detail::threadsFor(settings);

    bool useCuda = false;
    if (settings.backend == Backend::Cuda) {
        if (!cudaAvailable()) {
            throw std::runtime_error("the CUDA backend was requested but is not available: " +
                                     cudaDeviceDescription());
        }
        useCuda = true;
    } else if (settings.backend == Backend::Auto) {
        useCuda = cudaAvailable();
    }
    if (!useCuda) {
        return detail::runOnBackend(scenario, settings, detail::cpuCalls(), false, threads, progress);
    }
    try {
        return detail::runOnBackend(scenario, settings, detail::cudaCalls(), true, threads, progress);
    } catch (const std::runtime_error &e) {
        if (settings.backend == Backend::Cuda) {
            throw;
        }
        // Auto: a failing GPU (no device after all, out of memory, a kernel error) must not stop the user.
        SimulationResult r =
            detail::runOnBackend(scenario, settings, detail::cpuCalls(), false, threads, progress);
        r.notice = std::string(e.what()) + "; this run used the CPU instead";
        return r;
    }
}

std::vector<float> simulatePathValues(const Scenario &scenario, const SimulationSettings &settings,
                                      std::uint64_t count)
{
    validateScenario(scenario, scenario.name);
    detail::checkSettings(settings);
    if (count > 10'000'000) {
        throw std::invalid_argument("simulatePathValues keeps every value: at most 10000000 paths");
    }
    const int threads = detail::threadsFor(settings);
    const bool gpu = settings.backend == Backend::Cuda;
    if (gpu && !cudaAvailable()) {
        throw std::runtime_error("the CUDA backend was requested but is not available: " +
                                 cudaDeviceDescription());
    }
    const detail::ModelSetup setup = detail::buildModel(scenario, settings.seed);
    std::vector<float> values(static_cast<std::size_t>(count) * detail::OutputCount *
                              static_cast<std::size_t>(setup.model.steps));
    if (!values.empty()) {
        (gpu ? detail::cudaCalls() : detail::cpuCalls())
            .recordPaths(setup.model, setup.steps, 0, count, threads, values.data());
    }
    return values;
}

} // namespace jevons
