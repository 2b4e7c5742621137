// The run loop: a pilot that sets the histogram windows, chunks of paths on one backend, and the statistics
// read from the merged totals. simulate() picks the backend and falls back from CUDA to the CPU.
#include "run.h"

#include "backends.h"
#include "distributions.h"
#include "model_setup.h"
#include "run_totals.h"

#include <omp.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstring>
#include <functional>
#include <limits>
#include <stdexcept>

namespace jevons {

static_assert(detail::OutputCount == SeriesCount, "the kernel writes one output per series of engine.h");
static_assert(detail::FlagCount == ProbabilityCount, "the kernel flags one event per probability of engine.h");

namespace detail {

void ChunkTotals::reset(std::size_t seriesSteps, std::size_t steps, int inputs, bool shares)
{
    stopped = false;
    massPaths.assign(seriesSteps * MassCandidates, 0u);
    massBelow.assign(seriesSteps * MassCandidates, 0u);
    sums.assign(seriesSteps, 0.0);
    blockSums.clear();
    mins.assign(seriesSteps, std::numeric_limits<float>::max());
    maxs.assign(seriesSteps, 0.0f);
    minCounts.assign(seriesSteps, 0u);
    maxCounts.assign(seriesSteps, 0u);
    clamped.assign(seriesSteps, 0u);
    flags.assign(static_cast<std::size_t>(FlagCount) * steps, 0u);
    const auto J = static_cast<std::size_t>(shares ? inputs : 0);
    shareBinSums.assign(steps * J * ShareBins, 0);
    shareBinCounts.assign(J * ShareBins, 0u);
    shareSums.assign(shares ? steps : 0, 0);
    shareSquaresLo.assign(shares ? steps : 0, 0u);
    shareSquaresHi.assign(shares ? steps : 0, 0u);
}

void ChunkTotals::addSummaries(const ChunkTotals &other)
{
    for (std::size_t i = 0; i < mins.size(); ++i) {
        mergeExtreme(true, mins[i], minCounts[i], other.mins[i], other.minCounts[i]);
        mergeExtreme(false, maxs[i], maxCounts[i], other.maxs[i], other.maxCounts[i]);
        clamped[i] += other.clamped[i];
    }
    for (std::size_t i = 0; i < massPaths.size(); ++i) {
        massPaths[i] += other.massPaths[i];
        massBelow[i] += other.massBelow[i];
    }
    for (std::size_t i = 0; i < flags.size(); ++i) {
        flags[i] += other.flags[i];
    }
    for (std::size_t i = 0; i < shareBinSums.size(); ++i) {
        shareBinSums[i] += other.shareBinSums[i];
    }
    for (std::size_t i = 0; i < shareBinCounts.size(); ++i) {
        shareBinCounts[i] += other.shareBinCounts[i];
    }
    for (std::size_t k = 0; k < shareSums.size(); ++k) {
        shareSums[k] += other.shareSums[k];
        shareSquaresLo[k] += other.shareSquaresLo[k];
        shareSquaresHi[k] += other.shareSquaresHi[k] + (shareSquaresLo[k] < other.shareSquaresLo[k] ? 1u : 0u);
    }
}

void TreeSum::add(int level, std::uint64_t index, const double *values)
{
    m_nodes.push_back({level, index, std::vector<double>(values, values + m_width)});
    // Merge with the left sibling while it is there: (l, 2q) and (l, 2q + 1) make (l + 1, q).
    while (m_nodes.size() >= 2) {
        Node &right = m_nodes[m_nodes.size() - 1];
        Node &left = m_nodes[m_nodes.size() - 2];
        if (left.level != right.level || left.index % 2 != 0 || right.index != left.index + 1) {
            break;
        }
        for (std::size_t i = 0; i < m_width; ++i) {
            left.values[i] += right.values[i];
        }
        left.index /= 2;
        ++left.level;
        m_nodes.pop_back();
    }
}

std::vector<double> TreeSum::total() const
{
    // What is left are complete subtrees of falling size, left to right; in the padded tree each is the left
    // child of a node whose right part holds the rest, so the fold runs from the right.
    std::vector<double> total(m_width, 0.0);
    if (m_nodes.empty()) {
        return total;
    }
    total = m_nodes.back().values;
    for (std::size_t n = m_nodes.size() - 1; n-- > 0;) {
        for (std::size_t i = 0; i < m_width; ++i) {
            total[i] = m_nodes[n].values[i] + total[i];
        }
    }
    return total;
}

RunTotals::RunTotals(const BinLayout &layout, int steps_, int inputs_, bool shares_)
    : steps(steps_), inputs(inputs_), shares(shares_),
      sums(static_cast<std::size_t>(OutputCount * (steps_ + 1)))
{
    const std::size_t stepsPlus = static_cast<std::size_t>(steps + 1);
    counts.assign(layout.totalBins, 0);
    deviceSums.assign(OutputCount * stepsPlus, 0.0);
    summaries.reset(OutputCount * stepsPlus, stepsPlus, inputs, shares);
}

void RunTotals::add(const ChunkTotals &chunk, std::uint64_t first, std::uint64_t count)
{
    const std::size_t width = sums.width();
    const std::uint64_t firstBlock = first / BlockPathsOfSums;
    for (std::size_t b = 0; b * width < chunk.blockSums.size(); ++b) {
        sums.add(0, firstBlock + b, chunk.blockSums.data() + b * width);
    }
    for (std::size_t i = 0; i < width && !chunk.sums.empty(); ++i) {
        deviceSums[i] += chunk.sums[i];
    }
    summaries.addSummaries(chunk);
    paths += count;
}

void checkSettings(const SimulationSettings &s)
{
    if (s.paths < 1 || s.paths > MaxPaths) {
        throw std::invalid_argument("paths must be between 1 and 10000000000, got " + std::to_string(s.paths));
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

// The variance shares' sums of squares need 128 bits (kernel.h, ShareScale).
__extension__ using Int128 = __int128;
__extension__ using UInt128 = unsigned __int128;

constexpr std::uint64_t PilotPaths = 1024;
// Histogram windows reach this many keys (half an octave: a factor 1.41) beyond the pilot's extremes. The
// pilot's 1024 paths span about p0.1..p99.9, so p0.5..p99.5 of any run lie inside; tails beyond are clamped
// into the edge bins (and counted in `clamped`), while the exact minimum and maximum are kept.
constexpr std::uint32_t WindowMargin = 128;

/// Values that repeat exactly among the pilot's paths (at least 3 of 1024, so masses of about 0.3 % of the
/// paths or more), up to MassCandidates per (series, step), largest first: the candidate point masses inside
/// the distributions that the run counts exactly (e.g. the token price of the paths without a shortage
/// and with the same number of breakthroughs; compute revenue where supply and price are both pinned).
/// Found with an open-addressing table of float bits per (series, step).
void findMasses(const std::vector<float> &values, std::uint64_t pilot, int steps, int threads, BinLayout &layout)
{
    const std::size_t stepsPlus = static_cast<std::size_t>(steps + 1);
    const std::size_t seriesSteps = OutputCount * stepsPlus;
    layout.massValue.assign(seriesSteps * MassCandidates, 0.0f);
    layout.massCount.assign(seriesSteps, 0);
    constexpr std::uint32_t Slots = 2048, Empty = 0xffffffffu; // Empty is a NaN pattern: never an output
    constexpr std::uint32_t MinRepeats = 3;
#pragma omp parallel num_threads(threads)
    {
        std::vector<std::uint32_t> keys(Slots), counts(Slots);
        std::vector<std::pair<std::uint32_t, std::uint32_t>> repeated; // (slot, bits), then (count, bits)
#pragma omp for schedule(dynamic, 8)
        for (std::int64_t index = 0; index < static_cast<std::int64_t>(seriesSteps); ++index) {
            const auto i = static_cast<std::size_t>(index);
            const std::size_t s = i / stepsPlus, k = i % stepsPlus;
            std::fill(keys.begin(), keys.end(), Empty);
            std::fill(counts.begin(), counts.end(), 0u);
            repeated.clear();
            for (std::uint64_t p = 0; p < pilot; ++p) {
                const float v = values[(p * OutputCount + s) * stepsPlus + k];
                std::uint32_t bits;
                std::memcpy(&bits, &v, sizeof bits);
                std::uint32_t slot = (bits * 2654435761u) >> 21; // Fibonacci hashing into 2048 slots
                while (keys[slot] != Empty && keys[slot] != bits) {
                    slot = (slot + 1) % Slots;
                }
                keys[slot] = bits;
                if (++counts[slot] == MinRepeats) {
                    repeated.emplace_back(slot, bits);
                }
            }
            for (auto &[slot, bits] : repeated) {
                slot = counts[slot];
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

/// Pilot: the first paths are recorded in full; their spread sets each (series, step) histogram's window,
/// and their mean log value of the shares' series each step's reference for the shares' integer sums.
BinLayout planWindows(ModelSetup &setup, const BackendCalls &calls, std::uint64_t paths, int threads)
{
    const int T = setup.model.steps;
    const std::size_t stepsPlus = static_cast<std::size_t>(T + 1);
    const std::size_t seriesSteps = OutputCount * stepsPlus;
    const std::uint64_t pilot = std::min(paths, PilotPaths);
    std::vector<float> values(static_cast<std::size_t>(pilot) * OutputCount * stepsPlus);
    calls.recordPaths(setup.model, setup.inputs, setup.steps, 0, pilot, threads, values.data());
    // Extremes of the pilot per (series, step), read in the order the values lie in memory.
    std::vector<std::uint32_t> pilotLo(seriesSteps, MaxKey), pilotHi(seriesSteps, 0);
#pragma omp parallel for num_threads(threads) schedule(static)
    for (int s = 0; s < OutputCount; ++s) {
        std::uint32_t *lo = &pilotLo[static_cast<std::size_t>(s) * stepsPlus];
        std::uint32_t *hi = &pilotHi[static_cast<std::size_t>(s) * stepsPlus];
        for (std::uint64_t p = 0; p < pilot; ++p) {
            const float *v = &values[(p * OutputCount + std::uint64_t(s)) * stepsPlus];
            for (std::size_t k = 0; k < stepsPlus; ++k) {
                const std::uint32_t key = std::min(binKey(v[k]), MaxKey);
                lo[k] = std::min(lo[k], key);
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
        const std::uint32_t lo = pilotLo[i] > WindowMargin ? pilotLo[i] - WindowMargin : 0;
        const std::uint32_t hi = std::min(pilotHi[i] + WindowMargin, MaxKey);
        layout.firstKey[i] = lo;
        layout.width[i] = hi - lo + 1;
        layout.offset[i] = layout.totalBins;
        layout.totalBins += layout.width[i];
    }
    return layout;
}

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
        const UInt128 spread =
            static_cast<UInt128>(totals.paths) * squares - static_cast<UInt128>(sum * sum);
        const long double variance = static_cast<long double>(spread) / N / (Scale * Scale); // sum (y - mean)^2
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
                const auto binSum =
                    static_cast<long double>(t.shareBinSums[(std::size_t(k) * std::size_t(J) + std::size_t(j)) * ShareBins +
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
        result.varianceShares =
            computeShares(setup, totals, *result.settings.sharesSeries, !result.scenario.correlations.empty());
    }
}

/// Runs the whole Monte Carlo on one backend. Throws std::runtime_error if the backend fails.
SimulationResult runOnBackend(const Scenario &scenario, const SimulationSettings &settings,
                              const BackendCalls &calls, bool gpu, int threads, const ProgressFn &progress)
{
    const auto started = std::chrono::steady_clock::now();
    ModelSetup setup = buildModel(scenario, settings);
    const int T = setup.model.steps;
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
    RunTotals totals(layout, T, setup.inputs.count, setup.model.sharesSeries >= 0);

    std::uint64_t done = 0;
    // Chunks bound memory and set how often progress (and cancellation) is checked.
    std::uint64_t chunk = settings.chunkPaths;
    if (chunk == 0) {
        chunk = gpu ? (std::uint64_t(1) << 24) : (std::uint64_t(1) << 17);
    }
    // Whole blocks of 256 paths (path_kernel.inl), so blocks, and with them the means, never depend on
    // where a chunk starts; below 2^31 so that a chunk's counts fit 31 bits (the top bit flags mixed bins).
    chunk = std::min<std::uint64_t>((chunk + 255) / 256 * 256, (std::uint64_t(1) << 31) - 256);
    ChunkTotals chunkTotals;
    chunkTotals.runCounts = totals.counts.data();
    if (progress) {
        // Polled between tiles too (CPU), so a superseded run stops within a millisecond or two, not at the
        // end of its chunk.
        chunkTotals.keepGoing = [&](std::uint64_t finished) { return progress(done + finished, paths); };
    }
    const std::size_t stepsPlus = static_cast<std::size_t>(T + 1);
    while (!result.cancelled && done < paths) {
        const std::uint64_t count = std::min(chunk, paths - done);
        chunkTotals.reset(OutputCount * stepsPlus, stepsPlus, setup.inputs.count, totals.shares);
        calls.runChunk(setup.model, setup.inputs, setup.steps, layout, done, count, threads, chunkTotals);
        if (chunkTotals.stopped) {
            result.cancelled = true;
            break;
        }
        totals.add(chunkTotals, done, count);
        done += count;
        if (progress && !progress(done, paths)) {
            result.cancelled = done < paths;
        }
    }
    result.pathsDone = done;
    if (!result.cancelled) {
        finishStatistics(setup, layout, totals, threads, result);
    }
    result.elapsedSeconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    return result;
}

void checkRequest(const Scenario &scenario, const SimulationSettings &settings)
{
    validateScenario(scenario, scenario.name.empty() ? std::string("<scenario>") : scenario.name);
    checkSettings(settings);
    if (settings.backend == Backend::Cuda && !cudaAvailable()) {
        throw std::runtime_error("the CUDA backend was requested but is not available: " + cudaDeviceDescription());
    }
}

} // namespace
} // namespace detail

SimulationResult simulate(const Scenario &scenario, const SimulationSettings &settings, const ProgressFn &progress)
{
    detail::checkRequest(scenario, settings);
    const int threads = detail::threadsFor(settings);
    const bool useCuda = settings.backend == Backend::Cuda || (settings.backend == Backend::Auto && cudaAvailable());
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
        SimulationResult r = detail::runOnBackend(scenario, settings, detail::cpuCalls(), false, threads, progress);
        r.notice = std::string(e.what()) + "; this run used the CPU instead";
        return r;
    }
}

std::vector<float> simulatePathValues(const Scenario &scenario, const SimulationSettings &settings,
                                      std::uint64_t count)
{
    detail::checkRequest(scenario, settings);
    if (count > 10'000'000) {
        throw std::invalid_argument("simulatePathValues keeps every value: at most 10000000 paths");
    }
    const detail::ModelSetup setup = detail::buildModel(scenario, settings);
    std::vector<float> values(static_cast<std::size_t>(count) * detail::OutputCount *
                              static_cast<std::size_t>(setup.model.steps + 1));
    if (!values.empty()) {
        (settings.backend == Backend::Cuda ? detail::cudaCalls() : detail::cpuCalls())
            .recordPaths(setup.model, setup.inputs, setup.steps, 0, count, detail::threadsFor(settings), values.data());
    }
    return values;
}

InputDraws drawInputs(const Scenario &scenario, const SimulationSettings &settings, std::uint64_t count)
{
    detail::checkRequest(scenario, settings);
    if (count > 10'000'000) {
        throw std::invalid_argument("drawInputs keeps every draw: at most 10000000 paths");
    }
    const detail::ModelSetup setup = detail::buildModel(scenario, settings);
    InputDraws out;
    out.inputs = scenario.uncertainInputs();
    const std::size_t size = static_cast<std::size_t>(count) * out.inputs.size();
    out.values.resize(size);
    out.scores.resize(size);
    if (size > 0) {
        detail::cpuCalls().recordInputs(setup.model, setup.inputs, 0, count, out.values.data(), out.scores.data());
    }
    return out;
}

} // namespace jevons
