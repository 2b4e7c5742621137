// Dispatch, chunking and statistics around the path kernel. The only file that knows every backend.
#include "jevons/engine.h"

#include "kernel.h"

#include <omp.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstring>
#include <limits>
#include <mutex>
#include <numeric>
#include <stdexcept>

#ifndef JEVONS_VERSION
#define JEVONS_VERSION "0.0.0"
#endif

namespace jevons {

using detail::BinLayout;
using detail::ChunkTotals;
using detail::ModelConstants;
using detail::OutputCount;
using detail::StepConstants;

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
} // namespace detail

namespace {

const std::array<SeriesInfo, SeriesCount> SeriesTable = {{
    {Series::Demand, "demand_h100e", "Demand", "H100e"},
    {Series::Supply, "supply_h100e", "Installed base (supply)", "H100e"},
    {Series::Utilization, "utilization", "Utilization", "ratio"},
    {Series::DemandSupplyRatio, "demand_supply_ratio", "Demand / supply", "ratio"},
    {Series::GpuHourPrice, "gpu_hour_price_usd", "GPU-hour price", "USD per H100e-hour"},
    {Series::TokenPrice, "token_price_usd_per_mtok", "Token price", "USD per million tokens"},
    {Series::TokensServed, "tokens_served_per_month", "Tokens served", "tokens per month"},
    {Series::AiRevenue, "ai_revenue_usd_per_month", "AI revenue", "USD per month"},
    {Series::Capex, "capex_usd_per_month", "Capex", "USD per month"},
    {Series::CumulativeCapex, "cumulative_capex_usd", "Cumulative capex", "USD"},
}};

const char *const StatKeys[StatCount] = {"p5", "p10", "p25", "p50", "p75", "p90", "p95", "mean"};
const double StatLevels[StatCount] = {0.05, 0.10, 0.25, 0.50, 0.75, 0.90, 0.95, -1.0};

constexpr std::uint64_t MaxPaths = 10'000'000'000ull;
constexpr std::uint64_t PilotPaths = 1024;
// Histogram windows reach this many keys (half an octave: a factor 1.41) beyond the pilot's extremes. The
// pilot's 1024 paths span about p0.1..p99.9, so p0.5..p99.5 of any run lie inside; tails beyond are clamped
// into the edge bins (and counted in `clamped`), while the exact minimum and maximum are kept.
constexpr std::uint32_t WindowMargin = 128;
constexpr std::uint32_t MaxKey = 0x7f7fffffu >> 15; // key of FLT_MAX

std::mutex g_faultMutex;
std::string g_cudaFault; // test hook: pretend CUDA exists and fails with this message

std::string takeCudaFault()
{
    std::lock_guard lock(g_faultMutex);
    std::string fault;
    fault.swap(g_cudaFault);
    return fault;
}

bool cudaFaultPending()
{
    std::lock_guard lock(g_faultMutex);
    return !g_cudaFault.empty();
}

struct ModelSetup {
    ModelConstants model;
    std::vector<StepConstants> steps;
    std::array<double, OutputCount> initial{}; // step-0 values of docs/model.md
};

ModelSetup buildModel(const Scenario &s, std::uint64_t seed)
{
    ModelSetup out;
    ModelConstants &m = out.model;
    const double dt = 1.0 / 12.0;
    const int T = s.steps();
    const double S0 = s[Param::InstalledBase] * 1e6, G0 = s[Param::Shipments] * 1e6;
    const double u0 = s[Param::Utilization], str = s[Param::TrainingShare];
    const double chi = s[Param::RestrictedShare], kappa = s[Param::ExportControl],
                 rho = s[Param::RestrictedEfficiency];
    const double X = 1.0 + chi * kappa * (1.0 / rho - 1.0);
    const double D0 = u0 * S0;
    const double Dtr0 = str * D0 / X, Dinf0 = (1.0 - str) * D0 / X;
    const double sa = s[Param::DemandVolatility], ss = s[Param::SupplyVolatility];
    const double lam = s[Param::BreakthroughRate];
    const double P0 = s[Param::GpuHourPrice], c0 = s[Param::TokenPrice], Q0 = s[Param::TokensPerMonth],
                 K0 = s[Param::CapexPerH100e];
    const double eps = s[Param::PriceElasticity];

    m.steps = T;
    m.seedLo = static_cast<std::uint32_t>(seed);
    m.seedHi = static_cast<std::uint32_t>(seed >> 32);
    m.demandVol = float(sa * std::sqrt(dt));
    m.demandDrift = float(-0.5 * sa * sa * dt);
    m.lnEfficiencyStep = float(-dt * std::log(s[Param::AlgorithmicGain]));
    m.lnBreakthrough = float(std::log(s[Param::BreakthroughSize]));
    m.supplyVol = float(ss * std::sqrt(dt));
    m.supplyDrift = float(-0.5 * ss * ss * dt);
    m.capexResponse = float(s[Param::CapexResponse]);
    m.survival = float(1.0 - 1.0 / (12.0 * s[Param::GpuLifeYears]));
    m.disruptionChance = float(s[Param::DisruptionProb] * dt);
    m.disruptionKeep = float(1.0 - s[Param::DisruptionLoss]);
    m.disruptionMonths = static_cast<int>(s[Param::DisruptionMonths]);
    m.lnMaxPremium = float(std::log(s[Param::MaxScarcityPremium]));
    m.elasticity = float(eps);
    m.invElasticity = float(1.0 / eps);
    // Dinf0 = 0 when s_tr = 0.9..: never 0 since s_tr <= 0.9, so the log is finite.
    m.lnInferenceDemand0 = float(std::log(X * Dinf0));
    m.lnTokens0 = float(std::log(Q0));
    m.tokenPrice0 = float(c0);
    m.installedBase0 = float(S0);
    const double mean = lam * dt;
    double term = std::exp(-mean), cdf = 0.0;
    for (int j = 0; j < detail::PoissonTerms; ++j) {
        cdf += term;
        term *= mean / (j + 1);
        // The last entry stays below 1 only by rounding; a uniform above it would count one more event.
        m.poissonCdf[j] = float(std::min(cdf, 1.0));
    }

    out.steps.resize(static_cast<std::size_t>(T + 1));
    for (int k = 0; k <= T; ++k) {
        const double t = k * dt;
        StepConstants &c = out.steps[static_cast<std::size_t>(k)];
        c.lnAdoption = float(t * std::log(s[Param::AdoptionGrowth]));
        c.lnTokensPerTask = float(t * std::log(s[Param::ReasoningGrowth]));
        c.lnCostPriceRel = float(-t * std::log(s[Param::HardwareGain]));
        c.trainingDemand = float(X * Dtr0 * std::pow(s[Param::TrainingGrowth], t));
        c.baseShipments = float(G0 * std::pow(s[Param::ShipmentGrowth], t));
        c.capexPerUnit = float(K0 * std::pow(s[Param::HardwareGain], -t));
        c.costPrice = float(P0 * std::pow(s[Param::HardwareGain], -t));
    }
    // Step 0 (docs/model.md): the deterministic start state.
    out.initial = {D0, S0, u0, u0, P0, c0, Q0, Q0 * c0 / 1e6, G0 * K0, 0.0};
    return out;
}

std::uint32_t keyOf(float v)
{
    const float positive = v > 0.0f ? v : 0.0f;
    std::uint32_t bits = 0;
    std::memcpy(&bits, &positive, sizeof bits);
    return detail::binKeyOfBits(bits);
}

float keyLow(std::uint32_t key)
{
    const std::uint32_t bits = key << 15;
    float v = 0;
    std::memcpy(&v, &bits, sizeof v);
    return v;
}

/// Values of several order statistics (0-based ranks, ascending) read from fine bins in one pass: inside
/// its bin by log-linear interpolation of the rank, so within the bin's 0.39 % width of the exact value.
void orderStatistics(const SimulationResult::FineBins &bins, const double *ranks, double *values, int count)
{
    std::uint64_t before = 0;
    int next = 0;
    for (std::size_t i = 0; i < bins.counts.size() && next < count; ++i) {
        const std::uint64_t c = bins.counts[i];
        if (c == 0) {
            continue;
        }
        const bool lastBin = i + 1 == bins.counts.size();
        while (next < count && (ranks[next] < double(before + c) || lastBin)) {
            const std::uint32_t key = bins.firstKey + std::uint32_t(i);
            const double lo = keyLow(key);
            const double hi = keyLow(key + 1);
            const double within = std::clamp((ranks[next] - double(before) + 0.5) / double(c), 0.0, 1.0);
            const double v = lo > 0 ? lo * std::pow(hi / lo, within) : hi * within;
            values[next++] = std::clamp(v, double(bins.minValue), double(bins.maxValue));
        }
        before += c;
    }
    while (next < count) {
        values[next++] = bins.maxValue;
    }
}

/// np.percentile's default ("linear") definition on the binned data, for ascending `levels`.
void quantiles(const SimulationResult::FineBins &bins, std::uint64_t total, const double *levels, double *out,
               int count)
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
    orderStatistics(bins, sortedRanks, sortedValues, 2 * count);
    for (int j = 0; j < 2 * count; ++j) {
        values[order[j]] = sortedValues[j];
    }
    for (int i = 0; i < count; ++i) {
        const double h = double(total - 1) * levels[i];
        const double a = values[2 * i], b = values[2 * i + 1];
        out[i] = a + (h - std::floor(h)) * (b - a);
    }
}

double quantile(const SimulationResult::FineBins &bins, std::uint64_t total, double q)
{
    double v = 0;
    quantiles(bins, total, &q, &v, 1);
    return v;
}

std::uint64_t totalOf(const SimulationResult::FineBins &bins)
{
    std::uint64_t n = 0;
    for (auto c : bins.counts) {
        n += c;
    }
    return n;
}

enum class CpuLevel { Generic, Avx2, Avx512 };

CpuLevel bestCpuLevel()
{
#if defined(__x86_64__) && defined(JEVONS_HAVE_CPU_avx512)
    __builtin_cpu_init();
    if (__builtin_cpu_supports("avx512f") && __builtin_cpu_supports("avx512bw") &&
        __builtin_cpu_supports("avx512dq") && __builtin_cpu_supports("avx512vl")) {
        return CpuLevel::Avx512;
    }
    if (__builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma") && __builtin_cpu_supports("bmi2")) {
        return CpuLevel::Avx2;
    }
#endif
    return CpuLevel::Generic;
}

struct BackendCalls {
    void (*runChunk)(const ModelConstants &, const std::vector<StepConstants> &, const BinLayout &,
                     std::uint64_t, std::uint64_t, int, ChunkTotals &);
    void (*recordPaths)(const ModelConstants &, const std::vector<StepConstants> &, std::uint64_t,
                        std::uint64_t, int, float *);
};

BackendCalls cpuCalls()
{
    switch (bestCpuLevel()) {
#if defined(JEVONS_HAVE_CPU_avx512)
    case CpuLevel::Avx512:
        return {detail::cpu_avx512::runChunk, detail::cpu_avx512::recordPaths};
    case CpuLevel::Avx2:
        return {detail::cpu_avx2::runChunk, detail::cpu_avx2::recordPaths};
#endif
    default:
        return {detail::cpu_generic::runChunk, detail::cpu_generic::recordPaths};
    }
}

[[noreturn]] void throwInjectedCudaFault()
{
    throw std::runtime_error("CUDA backend failed: " + takeCudaFault() + " (injected)");
}

void faultRunChunk(const ModelConstants &, const std::vector<StepConstants> &, const BinLayout &,
                   std::uint64_t, std::uint64_t, int, ChunkTotals &)
{
    throwInjectedCudaFault();
}
void faultRecordPaths(const ModelConstants &, const std::vector<StepConstants> &, std::uint64_t,
                      std::uint64_t, int, float *)
{
    throwInjectedCudaFault();
}

BackendCalls cudaCalls()
{
    if (cudaFaultPending()) {
        return {faultRunChunk, faultRecordPaths};
    }
#if defined(JEVONS_HAVE_CUDA)
    return {detail::gpu::runChunk, detail::gpu::recordPaths};
#else
    return {faultRunChunk, faultRecordPaths};
#endif
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

    // Pilot: the first paths are recorded in full; their spread sets each histogram's window.
    const std::uint64_t pilot = std::min(paths, PilotPaths);
    std::vector<float> pilotValues(static_cast<std::size_t>(pilot) * OutputCount *
                                   static_cast<std::size_t>(T));
    if (T > 0) {
        calls.recordPaths(setup.model, setup.steps, 0, pilot, threads, pilotValues.data());
    }
    BinLayout layout;
    layout.firstKey.resize(seriesSteps);
    layout.width.resize(seriesSteps);
    layout.offset.resize(seriesSteps);
    // Extremes of the pilot per (series, step), read in the order the values lie in memory.
    std::vector<std::uint32_t> pilotLo(seriesSteps, MaxKey), pilotHi(seriesSteps, 0);
#pragma omp parallel for num_threads(threads) schedule(static)
    for (int s = 0; s < OutputCount; ++s) {
        std::uint32_t *lo = &pilotLo[static_cast<std::size_t>(s) * stepsPlus + 1];
        std::uint32_t *hi = &pilotHi[static_cast<std::size_t>(s) * stepsPlus + 1];
        for (std::uint64_t p = 0; p < pilot && T > 0; ++p) {
            const float *values = &pilotValues[(p * OutputCount + std::uint64_t(s)) * std::uint64_t(T)];
            for (int k = 0; k < T; ++k) {
                const std::uint32_t key = std::min(keyOf(values[k]), MaxKey);
                lo[k] = std::min(lo[k], key);
                hi[k] = std::max(hi[k], key);
            }
        }
    }
    for (int s = 0; s < OutputCount; ++s) {
        for (int k = 0; k <= T; ++k) {
            const std::size_t i = static_cast<std::size_t>(s) * stepsPlus + static_cast<std::size_t>(k);
            std::uint32_t lo, hi;
            if (k == 0) {
                lo = hi = keyOf(float(setup.initial[static_cast<std::size_t>(s)]));
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

    // Global totals in 64 bits; chunks add their 32-bit counts in. The pilot's paths are simulated again
    // in the first chunk (the kernel is the only place values are binned and summed, which keeps the
    // means bit-identical across thread counts and chunk sizes).
    std::vector<std::uint64_t> counts(layout.totalBins, 0);
    std::vector<double> sums(seriesSteps, 0.0);
    std::vector<float> mins(seriesSteps, std::numeric_limits<float>::max()), maxs(seriesSteps, 0.0f);
    std::vector<std::uint64_t> clamped(seriesSteps, 0), shortage(stepsPlus, 0);
    for (int s = 0; s < OutputCount; ++s) {
        const std::size_t i = static_cast<std::size_t>(s) * stepsPlus;
        const float v0 = float(setup.initial[static_cast<std::size_t>(s)]);
        counts[layout.offset[i]] = paths;
        sums[i] = double(v0) * double(paths);
        mins[i] = maxs[i] = v0;
    }
    pilotValues = {};

    std::uint64_t done = T > 0 ? 0 : paths;
    // Chunks bound memory and set how often progress (and cancellation) is checked.
    std::uint64_t chunk = settings.chunkPaths;
    if (chunk == 0) {
        chunk = gpu ? (std::uint64_t(1) << 24) : (std::uint64_t(1) << 17);
    }
    // Whole blocks of 256 paths (path_kernel.inl), so blocks, and with them the means, never depend on
    // where a chunk starts.
    chunk = std::min<std::uint64_t>((chunk + 255) / 256 * 256, std::uint64_t(1) << 31);
    ChunkTotals totals;
    totals.runCounts = counts.data();
    if (progress) {
        // Polled between tiles too (CPU), so a superseded run stops within a millisecond or two, not at the
        // end of its chunk.
        totals.keepGoing = [&](std::uint64_t finished) { return progress(done + finished, paths); };
    }
    while (!result.cancelled && done < paths) {
        const std::uint64_t count = std::min(chunk, paths - done);
        totals.reset(seriesSteps, stepsPlus);
        calls.runChunk(setup.model, setup.steps, layout, done, count, threads, totals);
        if (totals.stopped) {
            result.cancelled = true;
            break;
        }
        for (std::size_t b = 0; b < totals.blockSums.size(); b += seriesSteps) {
            for (std::size_t i = 0; i < seriesSteps; ++i) {
                sums[i] += totals.blockSums[b + i];
            }
        }
        for (std::size_t i = 0; i < seriesSteps; ++i) {
            sums[i] += totals.sums[i];
            mins[i] = std::min(mins[i], totals.mins[i]);
            maxs[i] = std::max(maxs[i], totals.maxs[i]);
            clamped[i] += totals.clamped[i];
        }
        for (std::size_t k = 1; k < stepsPlus; ++k) {
            shortage[k] += totals.shortage[k];
        }
        done += count;
        if (progress && !progress(done, paths)) {
            result.cancelled = done < paths;
        }
    }
    result.pathsDone = done;
    if (result.cancelled) {
        result.elapsedSeconds =
            std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
        return result;
    }

    auto fine = std::make_shared<std::vector<SimulationResult::FineBins>>(seriesSteps);
    for (auto &series : result.series) {
        for (auto &v : series.stats) {
            v.resize(stepsPlus);
        }
    }
    // Each (series, step) on its own: its fine bins, then every statistic in one pass over them. In
    // parallel, since a serial pass over 610 windows left the other cores idle at the end of every run.
#pragma omp parallel for num_threads(threads) schedule(dynamic, 8)
    for (std::int64_t index = 0; index < static_cast<std::int64_t>(seriesSteps); ++index) {
        const auto i = static_cast<std::size_t>(index);
        SimulationResult::FineBins &bins = (*fine)[i];
        // Keep only the occupied part of the window.
        std::size_t lo = 0, hi = layout.width[i];
        const std::uint64_t *base = counts.data() + layout.offset[i];
        while (lo < hi && base[lo] == 0) {
            ++lo;
        }
        while (hi > lo && base[hi - 1] == 0) {
            --hi;
        }
        bins.firstKey = layout.firstKey[i] + std::uint32_t(lo);
        bins.counts.assign(base + lo, base + hi);
        bins.minValue = mins[i];
        bins.maxValue = maxs[i];
        double values[StatCount];
        quantiles(bins, paths, StatLevels, values, StatCount - 1); // the levels before "mean" ascend
        values[StatCount - 1] = sums[i] / double(paths);
        SeriesStats &stats = result.series[i / stepsPlus];
        for (int st = 0; st < StatCount; ++st) {
            stats.stats[static_cast<std::size_t>(st)][i % stepsPlus] = values[st];
        }
    }
    result.shortageProbability.resize(stepsPlus);
    for (std::size_t k = 0; k < stepsPlus; ++k) {
        result.shortageProbability[k] = double(shortage[k]) / double(paths);
    }
    result.fine = std::move(fine);
    for (int s = 0; s < SeriesCount; ++s) {
        result.finalHistograms[static_cast<std::size_t>(s)] =
            result.histogramAt(static_cast<Series>(s), T, settings.histogramBins);
    }
    result.elapsedSeconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    return result;
}

} // namespace

const std::array<SeriesInfo, SeriesCount> &seriesTable()
{
    return SeriesTable;
}

const SeriesInfo &seriesInfo(Series s)
{
    return SeriesTable[static_cast<std::size_t>(s)];
}

const SeriesInfo *findSeries(const std::string &key)
{
    for (const auto &info : SeriesTable) {
        if (key == info.key) {
            return &info;
        }
    }
    return nullptr;
}

const char *statKey(Stat s)
{
    return StatKeys[static_cast<int>(s)];
}

bool parseStat(const std::string &key, Stat &out)
{
    for (int i = 0; i < StatCount; ++i) {
        if (key == StatKeys[i]) {
            out = static_cast<Stat>(i);
            return true;
        }
    }
    return false;
}

double statLevel(Stat s)
{
    return StatLevels[static_cast<int>(s)];
}

const char *backendName(Backend b)
{
    switch (b) {
    case Backend::Auto:
        return "auto";
    case Backend::Cpu:
        return "cpu";
    case Backend::Cuda:
        return "cuda";
    }
    return "?";
}

bool parseBackend(const std::string &name, Backend &out)
{
    for (Backend b : {Backend::Auto, Backend::Cpu, Backend::Cuda}) {
        if (name == backendName(b)) {
            out = b;
            return true;
        }
    }
    return false;
}

bool cudaCompiled()
{
#if defined(JEVONS_HAVE_CUDA)
    return true;
#else
    return false;
#endif
}

bool cudaAvailable()
{
    if (cudaFaultPending()) {
        return true;
    }
#if defined(JEVONS_HAVE_CUDA)
    static const bool available = [] {
        std::string description;
        return detail::gpu::deviceAvailable(description);
    }();
    return available;
#else
    return false;
#endif
}

std::string cudaDeviceDescription()
{
#if defined(JEVONS_HAVE_CUDA)
    std::string description;
    detail::gpu::deviceAvailable(description);
    return description;
#else
    return "this build has no CUDA backend (built without nvcc)";
#endif
}

void setCudaFaultForTesting(const std::string &message)
{
    std::lock_guard lock(g_faultMutex);
    g_cudaFault = message;
}

const char *cpuKernelLevel()
{
    switch (bestCpuLevel()) {
    case CpuLevel::Avx512:
        return "avx512";
    case CpuLevel::Avx2:
        return "avx2";
    case CpuLevel::Generic:
        return "generic";
    }
    return "generic";
}

SimulationResult simulate(const Scenario &scenario, const SimulationSettings &settings,
                          const ProgressFn &progress)
{
    validateScenario(scenario, scenario.name.empty() ? std::string("<scenario>") : scenario.name);
    checkSettings(settings);
    const int threads = settings.threads > 0 ? settings.threads : std::max(1, omp_get_num_procs());

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
        return runOnBackend(scenario, settings, cpuCalls(), false, threads, progress);
    }
    try {
        return runOnBackend(scenario, settings, cudaCalls(), true, threads, progress);
    } catch (const std::runtime_error &e) {
        if (settings.backend == Backend::Cuda) {
            throw;
        }
        // Auto: a failing GPU (no device after all, out of memory, a kernel error) must not stop the user.
        SimulationResult r = runOnBackend(scenario, settings, cpuCalls(), false, threads, progress);
        r.notice = std::string(e.what()) + "; this run used the CPU instead";
        return r;
    }
}

std::vector<float> simulatePathValues(const Scenario &scenario, const SimulationSettings &settings,
                                      std::uint64_t count)
{
    validateScenario(scenario, scenario.name);
    checkSettings(settings);
    if (count > 10'000'000) {
        throw std::invalid_argument("simulatePathValues keeps every value: at most 10000000 paths");
    }
    const int threads = settings.threads > 0 ? settings.threads : std::max(1, omp_get_num_procs());
    const bool gpu = settings.backend == Backend::Cuda;
    if (gpu && !cudaAvailable()) {
        throw std::runtime_error("the CUDA backend was requested but is not available: " +
                                 cudaDeviceDescription());
    }
    const ModelSetup setup = buildModel(scenario, settings.seed);
    std::vector<float> values(static_cast<std::size_t>(count) * OutputCount *
                              static_cast<std::size_t>(setup.model.steps));
    if (!values.empty()) {
        (gpu ? cudaCalls() : cpuCalls())
            .recordPaths(setup.model, setup.steps, 0, count, threads, values.data());
    }
    return values;
}

Histogram SimulationResult::histogramAt(Series s, int step, int bins) const
{
    Histogram h;
    if (!fine || step < 0 || step > steps || bins < 1) {
        return h;
    }
    const FineBins &fb = (*fine)[static_cast<std::size_t>(static_cast<int>(s) * (steps + 1) + step)];
    const std::uint64_t total = totalOf(fb);
    double lo = quantile(fb, total, 0.005), hi = quantile(fb, total, 0.995);
    if (!(hi > lo)) {
        // A degenerate distribution (all paths equal): one narrow bin around the value.
        const double width = lo != 0 ? std::abs(lo) * 0.01 : 1e-9;
        lo -= width;
        hi += width;
    }
    const bool logSpaced = lo > 0 && hi / lo > 20;
    h.edges.resize(static_cast<std::size_t>(bins + 1));
    for (int i = 0; i <= bins; ++i) {
        const double f = double(i) / bins;
        h.edges[static_cast<std::size_t>(i)] = logSpaced ? lo * std::pow(hi / lo, f) : lo + (hi - lo) * f;
    }
    h.counts.assign(static_cast<std::size_t>(bins), 0);
    for (std::size_t i = 0; i < fb.counts.size(); ++i) {
        if (fb.counts[i] == 0) {
            continue;
        }
        const std::uint32_t key = fb.firstKey + std::uint32_t(i);
        const double a = keyLow(key), b = keyLow(key + 1);
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
            const double f = logSpaced ? std::log(mid / lo) / std::log(hi / lo) : (mid - lo) / (hi - lo);
            const auto bin = std::min<std::size_t>(static_cast<std::size_t>(f * bins), std::size_t(bins - 1));
            h.counts[bin] += fb.counts[i];
        }
    }
    return h;
}

double SensitivityEntry::swing() const
{
    return std::abs(outputAtHigh - outputAtLow);
}

SensitivityResult sensitivity(const Scenario &scenario, const SimulationSettings &settings,
                              const SensitivityRequest &request, const ProgressFn &progress)
{
    validateScenario(scenario, scenario.name);
    checkSettings(settings);
    if (!(request.relativeRange > 0 && request.relativeRange <= 1)) {
        throw std::invalid_argument("the sensitivity range must be in (0, 1]");
    }
    SensitivityResult out;
    out.series = request.series;
    out.stat = request.stat;
    out.step = request.step < 0 ? scenario.steps() : request.step;
    if (out.step > scenario.steps()) {
        throw std::invalid_argument("month " + std::to_string(out.step) + " is beyond the horizon (" +
                                    std::to_string(scenario.steps()) + " months)");
    }
    std::vector<Param> params;
    for (const auto &info : paramTable()) {
        if (info.id != Param::HorizonYears) {
            params.push_back(info.id);
        }
    }
    const std::uint64_t totalRuns = 1 + 2 * params.size();
    std::uint64_t runsDone = 0;
    bool cancelled = false;
    // Every run uses the same seed, hence the same random numbers: differences come from the parameter.
    auto statOf = [&](const Scenario &s) {
        SimulationResult r = simulate(s, settings, [&](std::uint64_t done, std::uint64_t total) {
            if (!progress) {
                return true;
            }
            const std::uint64_t scaled = runsDone * 1000 + (total ? done * 1000 / total : 0);
            const bool keepGoing = progress(scaled, totalRuns * 1000);
            cancelled = cancelled || !keepGoing;
            return keepGoing;
        });
        ++runsDone;
        return r.cancelled ? 0.0 : r.value(out.series, out.stat, out.step);
    };
    out.baseOutput = statOf(scenario);
    for (Param p : params) {
        if (cancelled) {
            break;
        }
        const ParamInfo &info = paramInfo(p);
        SensitivityEntry e;
        e.param = p;
        const double v = scenario[p];
        e.lowValue = std::clamp(v * (1 - request.relativeRange), info.minValue, info.maxValue);
        e.highValue = std::clamp(v * (1 + request.relativeRange), info.minValue, info.maxValue);
        if (info.integer) {
            e.lowValue = std::clamp(std::floor(e.lowValue), info.minValue, info.maxValue);
            e.highValue = std::clamp(std::ceil(e.highValue), info.minValue, info.maxValue);
        }
        Scenario low = scenario, high = scenario;
        low[p] = e.lowValue;
        high[p] = e.highValue;
        e.outputAtLow = e.lowValue == v ? out.baseOutput : statOf(low);
        e.outputAtHigh = e.highValue == v ? out.baseOutput : statOf(high);
        out.entries.push_back(e);
    }
    out.cancelled = cancelled;
    std::stable_sort(
        out.entries.begin(), out.entries.end(),
        [](const SensitivityEntry &a, const SensitivityEntry &b) { return a.swing() > b.swing(); });
    return out;
}

const char *versionString()
{
    return JEVONS_VERSION;
}

} // namespace jevons
