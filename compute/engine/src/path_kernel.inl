// THE path kernel of docs/model.md: one source for every backend.
//
// Included by backend_cpu.cpp (host compiler, Thrust's OpenMP backend, once per ISA level) and by
// backend_cuda.cu (nvcc, Thrust's CUDA backend), each defining JEVONS_BACKEND_NS first. The model step
// (advancePath) is shared verbatim; only the loop around it differs:
// - CPU: blocks of BlockPaths paths in structure-of-arrays form, so g++ vectorises the all-float step
//   across paths (measured on the 2-core CI machine: 15 ns vs 85 ns per path-step for one path at a
//   time), per-thread histograms;
// - CUDA: one path per thread, histograms in global memory with atomics.
//
// Randomness: Philox4x32-10 (Random123) keyed by the seed, counter = (path low word, path high word,
// step, stream 0). One call yields the four uniforms a step needs (za and zs by Box-Muller, the Poisson
// draw, the disruption draw), so a path's draws depend only on (seed, path, step): results do not depend
// on backend, thread count or chunking.

#include "kernel.h"

#include <Random123/philox.h>

#include <thrust/execution_policy.h>
#include <thrust/for_each.h>
#include <thrust/iterator/counting_iterator.h>

#include <algorithm>
#include <atomic>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <functional>
#include <vector>

namespace jevons::detail::JEVONS_BACKEND_NS {

namespace thrust = THRUST_NS_QUALIFIER;

namespace {

constexpr float TwoPi = 6.28318530717958647692f;
// Exponents are clamped so that no intermediate overflows a float (exp(88) = 1.65e38); only scenarios at
// the far corners of the slider ranges get there, and their outputs then saturate instead of turning
// into Inf or NaN.
constexpr float MaxExponent = 80.0f;
constexpr float MinExponent = -87.0f;

#if defined(__CUDA_ARCH__) || !defined(__FMA__)
// CUDA's expf/logf are fast device functions. The generic x86-64 build (no FMA) keeps glibc's too: without
// fused multiply-adds, -ffast-math re-associates the range reduction below and costs up to 60 ulp.
JEVONS_HD inline float kernelExp(float x)
{
    return expf(x);
}
JEVONS_HD inline float kernelLog(float x)
{
    return logf(x);
}
#else
// On CPUs with FMA (the AVX2 and AVX-512 builds), inline versions of Cephes' expf and logf (S. L. Moshier,
// Cephes Math Library 2.2, the same polynomials): glibc's vector expf/logf are out-of-line calls that
// handle every special case, and took 24 % of a 100k-path run (perf, AVX-512). Measured against double
// precision over their whole input range here: exp within 0.9 ulp on [MinExponent, MaxExponent] (its
// argument is always clamped), log within 1.6 ulp on positive normal floats (its only inputs).
inline float bitsToFloat(std::uint32_t bits)
{
    float f;
    memcpy(&f, &bits, sizeof f);
    return f;
}

inline std::uint32_t floatToBits(float f)
{
    std::uint32_t bits;
    memcpy(&bits, &f, sizeof bits);
    return bits;
}

inline float kernelExp(float x)
{
    // exp(x) = 2^n exp(r), n = round(x / ln 2), r = x - n ln 2 in [-ln2/2, ln2/2] (ln 2 in two parts).
    const float n = floorf(x * 1.44269504088896341f + 0.5f);
    const float r = fmaf(n, 2.12194440e-4f, fmaf(-n, 0.693359375f, x)); // fused: never re-associated
    float p = 1.9875691500e-4f;
    p = p * r + 1.3981999507e-3f;
    p = p * r + 8.3334519073e-3f;
    p = p * r + 4.1665795894e-2f;
    p = p * r + 1.6666665459e-1f;
    p = p * r + 5.0000001201e-1f;
    const float er = p * r * r + r + 1.0f;
    // n is in [-126, 116] for the clamped arguments: 2^n is a normal float.
    return er * bitsToFloat(static_cast<std::uint32_t>(static_cast<int>(n) + 127) << 23);
}

inline float kernelLog(float x)
{
    // x = m 2^e with m in [sqrt(1/2), sqrt(2)); log(x) = log(m) + e ln 2.
    const std::uint32_t bits = floatToBits(x);
    const int exponent = static_cast<int>(bits >> 23) - 127;
    const float mantissa = bitsToFloat((bits & 0x007fffffu) | 0x3f800000u); // in [1, 2)
    const bool high = mantissa > 1.41421356237f;
    const float m = (high ? 0.5f * mantissa : mantissa) - 1.0f;
    const float e = static_cast<float>(high ? exponent + 1 : exponent);
    const float z = m * m;
    float p = 7.0376836292e-2f;
    p = p * m - 1.1514610310e-1f;
    p = p * m + 1.1676998740e-1f;
    p = p * m - 1.2420140846e-1f;
    p = p * m + 1.4249322787e-1f;
    p = p * m - 1.6668057665e-1f;
    p = p * m + 2.0000714765e-1f;
    p = p * m - 2.4999993993e-1f;
    p = p * m + 3.3333331174e-1f;
    float y = p * m * z;
    y += e * -2.12194440e-4f;
    y -= 0.5f * z;
    return (m + y) + e * 0.693359375f;
}
#endif

JEVONS_HD inline float clampedExp(float x)
{
    return kernelExp(fminf(fmaxf(x, MinExponent), MaxExponent));
}

/// Uniform in (0, 1) from the top 24 bits: never 0, so log() in Box-Muller stays finite.
JEVONS_HD inline float toUniform(std::uint32_t bits)
{
    return (static_cast<float>(bits >> 8) + 0.5f) * (1.0f / 16777216.0f);
}

JEVONS_HD inline void philoxDraws(const ModelConstants &model, std::uint64_t path, int step,
                                  std::uint32_t out[4])
{
    r123::Philox4x32 rng;
    const r123::Philox4x32::ctr_type counter = {{static_cast<std::uint32_t>(path),
                                                 static_cast<std::uint32_t>(path >> 32),
                                                 static_cast<std::uint32_t>(step), 0u}};
    const r123::Philox4x32::key_type key = {{model.seedLo, model.seedHi}};
    const r123::Philox4x32::ctr_type r = rng(counter, key);
    out[0] = r.v[0];
    out[1] = r.v[1];
    out[2] = r.v[2];
    out[3] = r.v[3];
}

/// One step k of docs/model.md for one path, in the spec's order. `out[s * stride]` receives series s.
/// Written branch-free (selects) so the CPU loop over paths vectorises.
JEVONS_HD inline float advancePath(const ModelConstants &m, const StepConstants &k, std::uint32_t r0,
                                   std::uint32_t r1, std::uint32_t r2, std::uint32_t r3, float &demandShock,
                                   float &lnEfficiency, float &supply, float &lnPremium,
                                   float &cumulativeCapex, int &disruptionLeft, float *out, int stride)
{
    // Draws: Box-Muller turns two uniforms into the two independent normals za, zs.
    const float u1 = toUniform(r0);
    const float u2 = toUniform(r1);
    const float radius = sqrtf(-2.0f * kernelLog(u1));
    // sin(a) is written as cos(a - pi/2): g++ fuses sinf and cosf of one argument into a complex cexpi
    // call that it cannot vectorise, which would make the whole path loop scalar.
    const float angle = TwoPi * u2;
    const float za = radius * cosf(angle);
    const float zs = radius * cosf(angle - 0.5f * 3.14159265358979f);
    const float uPoisson = toUniform(r2);
    float breakthroughs = 0.0f;
    for (int j = 0; j < PoissonTerms; ++j) {
        breakthroughs += uPoisson > m.poissonCdf[j] ? 1.0f : 0.0f;
    }
    const float uDisruption = toUniform(r3);

    // 1-2. Demand shock and efficiency (F kept as its log).
    demandShock += m.demandVol * za + m.demandDrift;
    lnEfficiency += m.lnEfficiencyStep - breakthroughs * m.lnBreakthrough;
    // 3-6. Price per task at cost and tokens demanded at cost (as logs).
    const float lnPricePerTask = k.lnCostPriceRel + lnEfficiency + k.lnTokensPerTask;
    const float lnTokensDemanded =
        k.lnAdoption + demandShock - m.elasticity * lnPricePerTask + k.lnTokensPerTask;
    // 7. Demand.
    const float lnInference = m.lnInferenceDemand0 + lnTokensDemanded + lnEfficiency;
    const float inference = clampedExp(lnInference);
    const float demand = inference + k.trainingDemand;
    // 8. Disruption.
    const bool ongoing = disruptionLeft > 0;
    const bool starts = !ongoing & (uDisruption < m.disruptionChance);
    const bool disrupted = ongoing || starts;
    disruptionLeft = ongoing ? disruptionLeft - 1 : (starts ? m.disruptionMonths - 1 : 0);
    // 9-10. Shipments (reacting to last month's premium r_{k-1}) and supply.
    const float shipments = k.baseShipments *
                            clampedExp(m.supplyVol * zs + m.supplyDrift + m.capexResponse * lnPremium) *
                            (disrupted ? m.disruptionKeep : 1.0f);
    supply = supply * m.survival + shipments;
    // 11. Market clearing: the premium r* solves Dinf r^-eps + Dtr = S, capped at r_max.
    const bool shortage = demand > supply;
    const float spare = supply - k.trainingDemand;
    const float lnClearing =
        spare > 0.0f ? (lnInference - kernelLog(fmaxf(spare, 1e-30f))) * m.invElasticity : m.lnMaxPremium;
    lnPremium = shortage ? fminf(lnClearing, m.lnMaxPremium) : 0.0f;
    const float adjustedDemand = clampedExp(lnInference - m.elasticity * lnPremium) + k.trainingDemand;
    const float served = fminf(adjustedDemand, supply);
    const float rationed = served / adjustedDemand;
    // 12. Prices.
    const float premium = clampedExp(lnPremium);
    const float gpuHourPrice = k.costPrice * premium;
    const float tokenPrice = m.tokenPrice0 * clampedExp(k.lnCostPriceRel + lnPremium + lnEfficiency);
    // 13. Tokens served and revenue.
    // Rationing is applied inside the exponent: tokens demanded before rationing can exceed a float while
    // the tokens actually served fit (found by the numpy reference on a high-volatility scenario).
    const float tokensServed = clampedExp(m.lnTokens0 + lnTokensDemanded - m.elasticity * lnPremium +
                                          kernelLog(fmaxf(rationed, 1.17549435e-38f)));
    const float revenue = tokensServed * tokenPrice * 1e-6f;
    // 14. Capex.
    const float capex = shipments * k.capexPerUnit;
    cumulativeCapex += capex;

    out[0 * stride] = demand;
    out[1 * stride] = supply;
    out[2 * stride] = served / supply;
    out[3 * stride] = demand / supply;
    out[4 * stride] = gpuHourPrice;
    out[5 * stride] = tokenPrice;
    out[6 * stride] = tokensServed;
    out[7 * stride] = revenue;
    out[8 * stride] = capex;
    out[9 * stride] = cumulativeCapex;
    return shortage ? 1.0f : 0.0f;
}

JEVONS_HD inline std::uint64_t binIndex(const std::uint32_t *firstKey, const std::uint32_t *width,
                                        const std::uint64_t *offset, int seriesStep, float value,
                                        bool &clamped)
{
    const std::uint32_t key = binKey(value);
    const std::uint32_t first = firstKey[seriesStep];
    const std::uint32_t last = first + width[seriesStep] - 1;
    const std::uint32_t inWindow = key < first ? first : (key > last ? last : key);
    clamped = inWindow != key;
    return offset[seriesStep] + (inWindow - first);
}

#if !defined(__CUDACC__)

constexpr int BlockPaths = 256; // paths advanced together in SoA form (vector lanes x unroll)
constexpr int TilePaths = 2048; // paths a thread carries through all steps, one step at a time

/// Tiles are whole blocks (so block sums, and with them the means, do not depend on tiling) and small
/// enough that every thread gets several: 10k paths on 2 threads must not leave one thread idle.
inline std::uint64_t tilePathsFor(std::uint64_t count, int threads)
{
    const std::uint64_t perThread = count / (static_cast<std::uint64_t>(threads) * 4);
    const std::uint64_t blocks = std::max<std::uint64_t>(1, (perThread + BlockPaths - 1) / BlockPaths);
    return std::min<std::uint64_t>(blocks * BlockPaths, TilePaths);
}
struct ThreadTotals {
    ChunkTotals totals;
    std::vector<std::uint32_t> counts; ///< BinLayout::totalBins; all zero between chunks
    bool countsDirty = false;          ///< a chunk stopped before its counts were merged (and zeroed)
    // State of the tile's paths between steps (structure of arrays).
    std::vector<float> demandShock, lnEfficiency, supply, lnPremium, cumulativeCapex;
    std::vector<int> disruptionLeft;
};

/// Adds one block's values of one (series, step) into its histogram window, sum and extremes. The key,
/// sum and extreme loops vectorise; only the increments are scalar.
inline void binBlock(const float *values, int lanes, std::uint32_t firstKey, std::uint32_t lastKey,
                     std::uint32_t *counts, double &blockSumOut, float &lo, float &hi, std::uint64_t &clamped)
{
    alignas(64) std::uint32_t keys[BlockPaths];
    std::uint32_t outside = 0;
    float blockLo = lo, blockHi = hi;
    double blockSum = 0.0;
    for (int l = 0; l < lanes; ++l) {
        const float v = values[l];
        const std::uint32_t key = binKey(v);
        const std::uint32_t inWindow = key < firstKey ? firstKey : (key > lastKey ? lastKey : key);
        outside += inWindow != key ? 1u : 0u;
        keys[l] = inWindow - firstKey;
        blockSum += static_cast<double>(v);
        blockLo = fminf(blockLo, v);
        blockHi = fmaxf(blockHi, v);
    }
    // One counter per bin: equal keys in consecutive lanes (utilization sits at exactly 1 in a shortage) were
    // expected to stall on store-to-load forwarding, but spreading lanes over 2 or 4 copies of the counts
    // measured slower on every preset, even with every path in one bin (2-7 %, AVX-512 EPYC): the copies
    // cost more cache than the stalls.
    for (int l = 0; l < lanes; ++l) {
        ++counts[keys[l]];
    }
    blockSumOut = blockSum;
    lo = blockLo;
    hi = blockHi;
    clamped += outside;
}

/// Simulates one tile of up to TilePaths paths. The loop runs step by step over the whole tile so that
/// only one step's histograms (10 windows of a few KB) are hot at a time; going path by path through all
/// steps touched every step's window per block and ran from L3 (measured 2x slower).
/// `record` (pilot mode) stores every output instead of binning it.
struct SimulateTile {
    const ModelConstants *model;
    const StepConstants *steps;
    const BinLayout *layout;
    std::vector<ThreadTotals> *perThread;
    double *blockSums; ///< ChunkTotals::blockSums of the chunk
    std::uint64_t tilePaths;
    std::uint64_t first;
    std::uint64_t end;
    float *record;

    void operator()(std::uint64_t tile) const
    {
        const auto seriesSteps = static_cast<std::uint64_t>(OutputCount * (model->steps + 1));
        const ModelConstants m = *model; // a local copy: loop-invariant scalars, no conditional loads
        const std::uint64_t tileBegin = first + tile * tilePaths;
        const int tileLanes = static_cast<int>(std::min<std::uint64_t>(tilePaths, end - tileBegin));
        const int T = m.steps;
        ThreadTotals &mine = (*perThread)[static_cast<std::size_t>(omp_get_thread_num())];
        ChunkTotals *totals = record ? nullptr : &mine.totals;
        for (auto *v :
             {&mine.demandShock, &mine.lnEfficiency, &mine.supply, &mine.lnPremium, &mine.cumulativeCapex}) {
            v->assign(TilePaths, 0.0f);
        }
        std::fill(mine.supply.begin(), mine.supply.end(), m.installedBase0);
        mine.disruptionLeft.assign(TilePaths, 0);

        alignas(64) std::uint32_t r0[BlockPaths], r1[BlockPaths], r2[BlockPaths], r3[BlockPaths];
        alignas(64) float outputs[OutputCount * BlockPaths];
        alignas(64) float shortage[BlockPaths];
        for (int step = 1; step <= T; ++step) {
            const StepConstants k = steps[step];
            for (int blockStart = 0; blockStart < tileLanes; blockStart += BlockPaths) {
                const std::uint64_t begin = tileBegin + static_cast<std::uint64_t>(blockStart);
                const int lanes = std::min(BlockPaths, tileLanes - blockStart);
                float *demandShock = mine.demandShock.data() + blockStart;
                float *lnEfficiency = mine.lnEfficiency.data() + blockStart;
                float *supply = mine.supply.data() + blockStart;
                float *lnPremium = mine.lnPremium.data() + blockStart;
                float *cumulativeCapex = mine.cumulativeCapex.data() + blockStart;
                int *disruptionLeft = mine.disruptionLeft.data() + blockStart;
                for (int l = 0; l < lanes; ++l) {
                    std::uint32_t r[4];
                    philoxDraws(m, begin + static_cast<std::uint64_t>(l), step, r);
                    r0[l] = r[0];
                    r1[l] = r[1];
                    r2[l] = r[2];
                    r3[l] = r[3];
                }
                // The state arrays, draws and outputs never overlap; ivdep spares g++ the run-time alias
                // checks it would otherwise give up on (more than 10), leaving the loop scalar.
#pragma GCC ivdep
                for (int l = 0; l < lanes; ++l) {
                    shortage[l] = advancePath(m, k, r0[l], r1[l], r2[l], r3[l], demandShock[l],
                                              lnEfficiency[l], supply[l], lnPremium[l], cumulativeCapex[l],
                                              disruptionLeft[l], &outputs[l], BlockPaths);
                }
                if (record) {
                    for (int l = 0; l < lanes; ++l) {
                        float *path =
                            record + ((begin - first + static_cast<std::uint64_t>(l)) * OutputCount) * T;
                        for (int s = 0; s < OutputCount; ++s) {
                            path[s * T + (step - 1)] = outputs[s * BlockPaths + l];
                        }
                    }
                    continue;
                }
                float shortCount = 0.0f; // exact: at most BlockPaths ones
                for (int l = 0; l < lanes; ++l) {
                    shortCount += shortage[l];
                }
                totals->shortage[static_cast<std::size_t>(step)] += static_cast<std::uint64_t>(shortCount);
                for (int s = 0; s < OutputCount; ++s) {
                    const auto seriesStep = static_cast<std::size_t>(s * (T + 1) + step);
                    const std::uint32_t firstKey = layout->firstKey[seriesStep];
                    binBlock(&outputs[s * BlockPaths], lanes, firstKey,
                             firstKey + layout->width[seriesStep] - 1,
                             mine.counts.data() + layout->offset[seriesStep],
                             blockSums[((begin - first) / BlockPaths) * seriesSteps + seriesStep],
                             totals->mins[seriesStep], totals->maxs[seriesStep], totals->clamped[seriesStep]);
                }
            }
        }
    }
};

std::vector<ThreadTotals> &threadTotals()
{
    // Kept between runs: re-allocating ~10 MB of histograms per slider move would dominate small runs.
    static thread_local std::vector<ThreadTotals> totals;
    return totals;
}

/// Runs tiles taken from a shared counter until none is left, so that a thread slowed down by other work
/// (the GUI thread painting on a 2-core machine) takes fewer tiles instead of keeping the others waiting.
/// Which thread ran a tile does not change any result: counts are integers, and sums are per block.
struct TileWorker {
    SimulateTile simulate;
    std::uint64_t tiles;
    std::atomic<std::uint64_t> *nextTile;
    std::atomic<std::uint64_t> *finishedPaths;
    std::atomic<bool> *stop;
    const std::function<bool(std::uint64_t)> *keepGoing; ///< polled by thread 0, the calling thread

    void operator()(int) const
    {
        const bool polls = keepGoing != nullptr && *keepGoing && omp_get_thread_num() == 0;
        const std::uint64_t count = simulate.end - simulate.first;
        while (!stop->load(std::memory_order_relaxed)) {
            const std::uint64_t tile = nextTile->fetch_add(1);
            if (tile >= tiles) {
                break;
            }
            simulate(tile);
            const std::uint64_t tilePaths = std::min(simulate.tilePaths, count - tile * simulate.tilePaths);
            const std::uint64_t finished = finishedPaths->fetch_add(tilePaths) + tilePaths;
            if (polls && finished < count && !(*keepGoing)(finished)) {
                stop->store(true);
            }
        }
    }
};

/// Runs one TileWorker per thread (Thrust's OpenMP for_each gives each thread one index). Returns false
/// when `keepGoing` stopped it before every tile ran.
bool runTiles(const SimulateTile &simulate, int threads, const std::function<bool(std::uint64_t)> *keepGoing)
{
    std::atomic<std::uint64_t> nextTile{0}, finishedPaths{0};
    std::atomic<bool> stop{false};
    const std::uint64_t count = simulate.end - simulate.first;
    const std::uint64_t tiles = (count + simulate.tilePaths - 1) / simulate.tilePaths;
    const int workers = static_cast<int>(std::min<std::uint64_t>(static_cast<std::uint64_t>(threads), tiles));
    omp_set_num_threads(threads);
    thrust::for_each(thrust::omp::par, thrust::counting_iterator<int>(0),
                     thrust::counting_iterator<int>(workers),
                     TileWorker{simulate, tiles, &nextTile, &finishedPaths, &stop, keepGoing});
    return !stop.load();
}

/// Adds every thread's counts into the run's counts and zeroes them for the next chunk, one slice of bins
/// per index: a serial pass over threads x bins (700k bins on the Base case) kept the other cores idle.
struct MergeCounts {
    std::vector<ThreadTotals> *perThread;
    std::uint64_t *runCounts;
    std::uint64_t bins;
    std::uint64_t slices;

    void operator()(std::uint64_t slice) const
    {
        const std::uint64_t begin = bins * slice / slices, end = bins * (slice + 1) / slices;
        for (ThreadTotals &t : *perThread) {
            std::uint32_t *counts = t.counts.data();
            for (std::uint64_t i = begin; i < end; ++i) {
                runCounts[i] += counts[i];
                counts[i] = 0;
            }
        }
    }
};

#endif // !__CUDACC__

} // namespace

#if !defined(__CUDACC__)

void runChunk(const ModelConstants &model, const std::vector<StepConstants> &steps, const BinLayout &layout,
              std::uint64_t first, std::uint64_t count, int threads, ChunkTotals &totals)
{
    const std::size_t seriesSteps = static_cast<std::size_t>(OutputCount * (model.steps + 1));
    std::vector<ThreadTotals> &perThread = threadTotals();
    perThread.resize(static_cast<std::size_t>(threads));
    for (ThreadTotals &t : perThread) {
        t.totals.reset(seriesSteps, static_cast<std::size_t>(model.steps + 1));
        if (t.counts.size() != layout.totalBins || t.countsDirty) {
            t.counts.assign(layout.totalBins, 0u);
        }
        t.countsDirty = true;
    }
    totals.blockSums.assign(((count + BlockPaths - 1) / BlockPaths) * seriesSteps, 0.0);
    const bool complete =
        runTiles(SimulateTile{&model, steps.data(), &layout, &perThread, totals.blockSums.data(),
                              tilePathsFor(count, threads), first, first + count, nullptr},
                 threads, &totals.keepGoing);
    if (!complete) {
        totals.stopped = true; // the caller drops the run; countsDirty makes the next chunk start from zero
        return;
    }
    const std::uint64_t slices = static_cast<std::uint64_t>(threads) * 4;
    thrust::for_each(thrust::omp::par, thrust::counting_iterator<std::uint64_t>(0),
                     thrust::counting_iterator<std::uint64_t>(slices),
                     MergeCounts{&perThread, totals.runCounts, layout.totalBins, slices});
    for (ThreadTotals &t : perThread) {
        t.countsDirty = false;
        const ChunkTotals &src = t.totals;
        for (std::size_t i = 0; i < seriesSteps; ++i) {
            totals.mins[i] = std::min(totals.mins[i], src.mins[i]);
            totals.maxs[i] = std::max(totals.maxs[i], src.maxs[i]);
            totals.clamped[i] += src.clamped[i];
        }
        for (std::size_t i = 0; i < src.shortage.size(); ++i) {
            totals.shortage[i] += src.shortage[i];
        }
    }
}

void recordPaths(const ModelConstants &model, const std::vector<StepConstants> &steps, std::uint64_t first,
                 std::uint64_t count, int threads, float *out)
{
    std::vector<ThreadTotals> &perThread = threadTotals();
    perThread.resize(static_cast<std::size_t>(threads));
    runTiles(SimulateTile{&model, steps.data(), nullptr, &perThread, nullptr, tilePathsFor(count, threads),
                          first, first + count, out},
             threads, nullptr);
}

#endif // !__CUDACC__

} // namespace jevons::detail::JEVONS_BACKEND_NS
