// THE path kernel of docs/model.md: one source for every backend.
//
// Included by backend_cpu.cpp (host compiler, Thrust's OpenMP backend, once per ISA level) and by
// backend_cuda.cu (nvcc, Thrust's CUDA backend), each defining JEVONS_BACKEND_NS first. The model of one
// path (path_model.inl: draws, per-path constants, step 0, one step) is shared verbatim; only the loop
// around it differs:
// - CPU (this file): blocks of BlockPaths paths in structure-of-arrays form, so g++ vectorises the
//   all-float step across paths (measured on the 2-core CI machine: 15 ns vs 85 ns per path-step for one
//   path at a time), per-thread histograms;
// - CUDA (backend_cuda.cu): one path per thread, histograms in global memory with atomics.
//
// Randomness: Philox4x32-10 (Random123) keyed by the seed, counter = (path low word, path high word,
// index, stream). Stream 0, index = step: one call yields the four uniforms a step needs (za and zs by
// Box-Muller, the Poisson draw, the disruption draw). Stream 1, index = parameter: an uncertain input's
// normal. A path's draws depend only on (seed, path, step or parameter): results do not depend on backend,
// thread count or chunking, and the step draws are the same with and without uncertain inputs.

#include "kernel.h"

#include <Random123/philox.h>

#include <thrust/execution_policy.h>
#include <thrust/for_each.h>
#include <thrust/iterator/counting_iterator.h>

#if defined(__AVX512F__) && !defined(__CUDACC__)
#include <immintrin.h>
#endif

#include <array>
#include <algorithm>
#include <atomic>
#include <cmath>
#include <cstdint>
#include <functional>
#include <vector>

namespace jevons::detail::JEVONS_BACKEND_NS {

namespace thrust = THRUST_NS_QUALIFIER;

namespace {

#include "kernel_math.inl"

#include "path_model.inl"

#if !defined(__CUDACC__)

constexpr int BlockPaths = 256; // paths advanced together in SoA form (vector lanes x unroll)
constexpr int TilePaths = 2048; // paths a thread carries through all steps, one step at a time
// Distance between two fields of a lane in the tile's arrays: not a multiple of 4 KiB, which put every
// field of a lane in the same L1 set (38 arrays in a 12-way cache) and made the loop wait on L2.
constexpr int FieldStride = TilePaths + 16;

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
    // The tile's paths in structure-of-arrays form, [field * FieldStride + lane]:
    std::vector<float> params;           ///< parameter values (point values, or the path's draws)
    std::vector<float> constants;        ///< PathConstants
    std::vector<float> state;            ///< PathState between steps
    std::vector<float> scores;           ///< the uncertain inputs' correlated scores, [input]
    std::vector<std::uint8_t> shareBins; ///< their variance-share bins, [input]
    /// The shares series' units of the tile's lanes over the last ShareSteps steps, [(step - 1) % ShareSteps
    /// * FieldStride + lane], and their sums per input and bin over the tile,
    /// [(input * ShareBins + bin) * ShareSteps + (step - 1) % ShareSteps].
    std::vector<std::int32_t> shareUnits;
    std::vector<std::int64_t> shareRows;
};

constexpr int ShareSteps = 16; ///< steps shareTile() adds at once: two 512-bit vectors of int64

/// Counts one block's keys. Increments of one counter depend on each other
/// through memory (4-5 cycles each), so a block whose paths sit in one bin (step 0 without uncertain inputs,
/// no unpowered accelerators, a utilization of 1, power at its limit) is counted by one add per bin instead,
/// and a block with most paths in its lowest or highest bin is compacted first. Spreading lanes over 2 or
/// 4 copies of the counts had measured slower on every preset: the copies cost more cache than the stalls.
inline void countKeys(std::uint32_t *keys, int lanes, std::uint32_t loKey, std::uint32_t hiKey,
                      std::uint32_t inLoKey, std::uint32_t inHiKey, std::uint32_t *counts)
{
    if (loKey == hiKey) {
        counts[loKey] += static_cast<std::uint32_t>(lanes);
    } else if (4 * (inLoKey + inHiKey) >= static_cast<std::uint32_t>(lanes)) {
        int rest = 0;
#if defined(__AVX512F__)
        // Sixteen lanes per compress instruction; the scalar loop below took 7 % of a Base case run.
        const __m512i lo = _mm512_set1_epi32(static_cast<int>(loKey)),
                      hi = _mm512_set1_epi32(static_cast<int>(hiKey));
        int lane = 0;
        for (; lane + 16 <= lanes; lane += 16) {
            const __m512i k = _mm512_load_si512(keys + lane);
            const __mmask16 keep = _mm512_cmpneq_epi32_mask(k, lo) & _mm512_cmpneq_epi32_mask(k, hi);
            _mm512_mask_compressstoreu_epi32(keys + rest, keep, k); // rest <= lane: never past what is read
            rest += __builtin_popcount(keep);
        }
        for (; lane < lanes; ++lane) {
            keys[rest] = keys[lane];
            rest += keys[lane] != loKey && keys[lane] != hiKey ? 1 : 0;
        }
#else
        for (int l = 0; l < lanes; ++l) {
            keys[rest] = keys[l];
            rest += keys[l] != loKey && keys[l] != hiKey ? 1 : 0;
        }
#endif
        counts[loKey] += inLoKey;
        counts[hiKey] += inHiKey;
        for (int l = 0; l < rest; ++l) {
            ++counts[keys[l]];
        }
    } else {
        for (int l = 0; l < lanes; ++l) {
            ++counts[keys[l]];
        }
    }
}

/// Adds one block's values of one (series, step) into its histogram window, sum and extremes (with the
/// number of paths at each) and the counts at the layout's mass candidates. The key, sum, extreme and
/// candidate loops vectorise; only the increments are scalar.
inline void binBlock(const float *values, int lanes, const BinLayout &layout, std::uint32_t *counts,
                     double &blockSumOut, ChunkTotals &totals, std::size_t seriesStep)
{
    const std::uint32_t firstKey = layout.firstKey[seriesStep],
                        lastKey = firstKey + layout.width[seriesStep] - 1;
    alignas(64) std::uint32_t keys[BlockPaths];
    std::uint32_t outside = 0;
    float blockLo = values[0], blockHi = values[0];
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
    // Keys rise with values, so the block's lowest and highest keys are those of its extremes.
    const std::uint32_t loKey = std::clamp(binKey(blockLo), firstKey, lastKey) - firstKey;
    const std::uint32_t hiKey = std::clamp(binKey(blockHi), firstKey, lastKey) - firstKey;
    std::uint32_t atLo = 0, atHi = 0, inLoKey = 0, inHiKey = 0;
    for (int l = 0; l < lanes; ++l) {
        atLo += values[l] == blockLo ? 1u : 0u;
        atHi += values[l] == blockHi ? 1u : 0u;
        inLoKey += keys[l] == loKey ? 1u : 0u;
        inHiKey += keys[l] == hiKey ? 1u : 0u;
    }
    countKeys(keys, lanes, loKey, hiKey, inLoKey, inHiKey, counts);
    for (int j = 0; j < layout.massCount[seriesStep]; ++j) {
        const float mass = layout.massValue[seriesStep * MassCandidates + static_cast<std::size_t>(j)];
        std::uint32_t at = 0, below = 0;
        for (int l = 0; l < lanes; ++l) {
            at += values[l] == mass ? 1u : 0u;
            below += values[l] < mass ? 1u : 0u;
        }
        totals.massPaths[seriesStep * MassCandidates + static_cast<std::size_t>(j)] += at;
        totals.massBelow[seriesStep * MassCandidates + static_cast<std::size_t>(j)] += below;
    }
    blockSumOut = blockSum;
    mergeExtreme(true, totals.mins[seriesStep], totals.minCounts[seriesStep], blockLo, atLo);
    mergeExtreme(false, totals.maxs[seriesStep], totals.maxCounts[seriesStep], blockHi, atHi);
    totals.clamped[seriesStep] += outside;
}

/// Turns a block's values of the shares' series at one step into log deviations (docs/model.md, "Variance
/// shares") as exact integers (ShareScale), kept for shareTile(), and adds them and their squares into the
/// step's sums.
inline void shareBlock(const float *values, int lanes, float reference, std::int32_t *units,
                       ChunkTotals &totals, std::size_t step)
{
    std::int64_t sum = 0, squares = 0;
    for (int l = 0; l < lanes; ++l) {
        const float d = (kernelLog(fmaxf(values[l], 1e-30f)) - reference) * ShareScale;
        const std::int32_t u = static_cast<std::int32_t>(d + (d < 0.0f ? -0.5f : 0.5f));
        units[l] = u;
        sum += u;
        squares += static_cast<std::int64_t>(u) * u;
    }
    totals.shareSums[step] += sum;
    const auto square = static_cast<std::uint64_t>(squares); // >= 0 and below 2^60
    totals.shareSquaresLo[step] += square;
    totals.shareSquaresHi[step] += totals.shareSquaresLo[step] < square ? 1u : 0u;
}

/// After every ShareSteps steps of a tile and after its last: adds each lane's units of those steps (`count`
/// of them from step `first`) into the row of its bin of every input, then those rows into the chunk's sums,
/// [(step * inputs + input) * ShareBins + bin]. Adding one step at a time into each input's bin of every
/// lane (row[bin[l]] += u) waited on the previous add to the same bin and cost 12 % of a run with eight
/// inputs; a row of ShareSteps is two vector adds, and the rows of all bins (32 KB with eight inputs) stay
/// in L1. Keeping the units of all steps instead (600 KB a thread) pushed the tile's state out of L2.
inline void shareTile(const std::int32_t *units, const std::uint8_t *bins, int lanes, int inputs, int first,
                      int count, std::int64_t *rows, std::int64_t *binSums)
{
    const auto rowCount = static_cast<std::size_t>(inputs) * ShareBins;
    std::fill(rows, rows + rowCount * ShareSteps, std::int64_t{0});
    for (int l = 0; l < lanes; ++l) {
        alignas(64) std::int64_t wide[ShareSteps] = {};
        for (int k = 0; k < count; ++k) {
            wide[k] = units[static_cast<std::size_t>(k) * FieldStride + static_cast<std::size_t>(l)];
        }
        for (int j = 0; j < inputs; ++j) {
            const std::uint8_t bin =
                bins[static_cast<std::size_t>(j) * FieldStride + static_cast<std::size_t>(l)];
            std::int64_t *row = rows + (static_cast<std::size_t>(j) * ShareBins + bin) * ShareSteps;
            for (int k = 0; k < ShareSteps; ++k) {
                row[k] += wide[k];
            }
        }
    }
    for (int k = 0; k < count; ++k) {
        std::int64_t *sums = binSums + static_cast<std::size_t>(first + k) * rowCount;
        for (std::size_t row = 0; row < rowCount; ++row) {
            sums[row] += rows[row * ShareSteps + static_cast<std::size_t>(k)];
        }
    }
}

// Field f of lane l lives at [f * FieldStride + l]; std::size_t arithmetic, so that g++ sees every access as
// contiguous in l (with int it took a conditional read for a gather and left the whole loop scalar).
#define JEVONS_FIELD(field) (static_cast<std::size_t>(field) * FieldStride + lane)
#define JEVONS_LOAD_CONSTANT(name) c.name = constants[JEVONS_FIELD(C_##name)];
#define JEVONS_LOAD_STATE(name) s.name = state[JEVONS_FIELD(S_##name)];
#define JEVONS_STORE_CONSTANT(name) constants[JEVONS_FIELD(C_##name)] = c.name;
#define JEVONS_STORE_STATE(name) state[JEVONS_FIELD(S_##name)] = s.name;
#define JEVONS_LOAD_GROWTH(name) g.name = state[JEVONS_FIELD(S_##name)];
#define JEVONS_STORE_GROWTH(name) state[JEVONS_FIELD(S_##name)] = g.name;

/// Simulates one tile of up to TilePaths paths. The loop runs step by step over the whole tile so that
/// only one step's histograms (15 windows of a few KB) are hot at a time; going path by path through all
/// steps touched every step's window per block and ran from L3 (measured 2x slower).
/// `record` (pilot mode) stores every output instead of binning it.
struct SimulateTile {
    const ModelConstants *model;
    const InputModel *inputs;
    const StepConstants *steps;
    const BinLayout *layout;
    std::vector<ThreadTotals> *perThread;
    double *blockSums; ///< ChunkTotals::blockSums of the chunk
    std::uint64_t tilePaths;
    std::uint64_t first;
    std::uint64_t end;
    float *record;

    /// The tile's parameters: point values, then each path's draws of the uncertain inputs.
    void drawTile(ThreadTotals &mine, std::uint64_t tileBegin, int tileLanes) const
    {
        const ModelConstants &m = *model;
        const InputModel &in = *inputs;
        float *params = mine.params.data();
        for (int p = 0; p < P_Count; ++p) {
            std::fill(params + p * FieldStride, params + p * FieldStride + tileLanes, m.params[p]);
        }
        if (in.count == 0) {
            return;
        }
        // Independent normals (Philox is scalar), then z = L n and the values, vectorised over lanes.
        float *normals = mine.scores.data() + static_cast<std::size_t>(in.count) * FieldStride;
        for (int j = 0; j < in.count; ++j) {
            for (int l = 0; l < tileLanes; ++l) {
                normals[j * FieldStride + l] =
                    inputNormal(m, tileBegin + static_cast<std::uint64_t>(l), in.param[j]);
            }
        }
        for (int j = 0; j < in.count; ++j) {
            float *z = mine.scores.data() + static_cast<std::size_t>(j) * FieldStride;
            std::fill(z, z + tileLanes, 0.0f);
            for (int i = 0; i <= j; ++i) {
                const float weight = in.cholesky[j * MaxInputs + i];
                const float *n = normals + i * FieldStride;
                for (int l = 0; l < tileLanes; ++l) {
                    z[l] += weight * n[l];
                }
            }
            float *value = params + in.param[j] * FieldStride;
            for (int l = 0; l < tileLanes; ++l) {
                value[l] = inputValue(in, j, z[l]);
            }
            if (m.sharesSeries >= 0 && record == nullptr) {
                std::uint8_t *bin = mine.shareBins.data() + static_cast<std::size_t>(j) * FieldStride;
                std::uint64_t *binCounts =
                    mine.totals.shareBinCounts.data() + static_cast<std::size_t>(j) * ShareBins;
                for (int l = 0; l < tileLanes; ++l) {
                    bin[l] = static_cast<std::uint8_t>(shareBin(z[l]));
                }
                for (int l = 0; l < tileLanes; ++l) {
                    ++binCounts[bin[l]];
                }
            }
        }
    }

    /// Adds one block's outputs at one step into the histograms, sums, extremes, flags and shares.
    void binOutputs(ThreadTotals &mine, const float *outputs, const float *flags, int blockStart, int lanes,
                    std::uint64_t blockIndex, int step) const
    {
        const ModelConstants &m = *model;
        const int T = m.steps;
        const auto seriesSteps = static_cast<std::uint64_t>(OutputCount * (T + 1));
        ChunkTotals &totals = mine.totals;
        for (int f = 0; f < FlagCount && step > 0; ++f) {
            float events = 0.0f; // exact: at most BlockPaths ones
            for (int l = 0; l < lanes; ++l) {
                events += flags[f * BlockPaths + l];
            }
            totals.flags[static_cast<std::size_t>(f * (T + 1) + step)] += static_cast<std::uint64_t>(events);
        }
        for (int s = 0; s < OutputCount; ++s) {
            const auto seriesStep = static_cast<std::size_t>(s * (T + 1) + step);
            binBlock(&outputs[s * BlockPaths], lanes, *layout,
                     mine.counts.data() + layout->offset[seriesStep],
                     blockSums[blockIndex * seriesSteps + seriesStep], totals, seriesStep);
        }
        if (sharesAt(step)) {
            shareBlock(&outputs[m.sharesSeries * BlockPaths], lanes, steps[step].shareRef,
                       mine.shareUnits.data() +
                           static_cast<std::size_t>((step - 1) % ShareSteps) * FieldStride +
                           static_cast<std::size_t>(blockStart),
                       totals, static_cast<std::size_t>(step));
        }
    }

    bool sharesAt(int step) const { return model->sharesSeries >= 0 && inputs->count > 0 && step > 0; }

    void recordBlock(const float *outputs, std::uint64_t begin, int lanes, int step) const
    {
        const auto stepsPlus = static_cast<std::uint64_t>(model->steps + 1), count = end - first;
        for (int s = 0; s < OutputCount; ++s) {
            float *column =
                record +
                (static_cast<std::uint64_t>(s) * stepsPlus + static_cast<std::uint64_t>(step)) * count;
            std::copy(&outputs[s * BlockPaths], &outputs[s * BlockPaths + lanes], column + (begin - first));
        }
    }

    void operator()(std::uint64_t tile) const
    {
        const std::uint64_t tileBegin = first + tile * tilePaths;
        const int tileLanes = static_cast<int>(std::min<std::uint64_t>(tilePaths, end - tileBegin));
        ThreadTotals &mine = (*perThread)[static_cast<std::size_t>(omp_get_thread_num())];
        mine.params.resize(static_cast<std::size_t>(P_Count) * FieldStride);
        mine.constants.resize(static_cast<std::size_t>(ConstantFieldCount) * FieldStride);
        mine.state.resize(static_cast<std::size_t>(StateFieldCount) * FieldStride);
        mine.scores.resize(static_cast<std::size_t>(2 * inputs->count) * FieldStride);
        mine.shareBins.resize(static_cast<std::size_t>(inputs->count) * FieldStride);
        if (model->sharesSeries >= 0 && record == nullptr) {
            mine.shareUnits.resize(static_cast<std::size_t>(ShareSteps) * FieldStride);
            mine.shareRows.resize(static_cast<std::size_t>(inputs->count) * ShareBins * ShareSteps);
        }
        drawTile(mine, tileBegin, tileLanes);
        // Without uncertain inputs every path has the same constants and growth factors: one copy of each,
        // kept in registers, instead of 38 arrays read every step (which made the point-value loop wait on
        // the cache).
        if (inputs->count == 0) {
            run<false>(mine, tileBegin, tileLanes);
        } else {
            run<true>(mine, tileBegin, tileLanes);
        }
    }

    template <bool PerPath> void run(ThreadTotals &mine, std::uint64_t tileBegin, int tileLanes) const
    {
        const ModelConstants m = *model; // a local copy: loop-invariant scalars, no conditional loads
        const int T = m.steps;
        float *params = mine.params.data();
        float *constants = mine.constants.data();
        float *state = mine.state.data();
        alignas(64) float outputs[OutputCount * BlockPaths];
        alignas(64) float flags[FlagCount * BlockPaths];
        PathConstants shared;
        GrowthState sharedGrowth;
        // Step 0: the per-path constants and the start state.
        for (int blockStart = 0; blockStart < tileLanes; blockStart += BlockPaths) {
            const int lanes = std::min(BlockPaths, tileLanes - blockStart);
#pragma GCC ivdep
            for (int l = 0; l < lanes; ++l) {
                const std::size_t lane = static_cast<std::size_t>(blockStart + l);
                PathConstants c;
                PathState s;
                GrowthState g;
                deriveConstants(params + lane, FieldStride, c);
                initPath(params + lane, FieldStride, s, g, &outputs[l], BlockPaths);
                JEVONS_PATH_CONSTANTS(JEVONS_STORE_CONSTANT)
                JEVONS_PATH_STATE(JEVONS_STORE_STATE)
                JEVONS_GROWTH_STATE(JEVONS_STORE_GROWTH)
            }
            const std::uint64_t begin = tileBegin + static_cast<std::uint64_t>(blockStart);
            if (record) {
                recordBlock(outputs, begin, lanes, 0);
            } else {
                binOutputs(mine, outputs, flags, blockStart, lanes, (begin - first) / BlockPaths, 0);
            }
        }
        if constexpr (!PerPath) {
            const std::size_t lane = 0;
            PathConstants &c = shared;
            GrowthState &g = sharedGrowth;
            JEVONS_PATH_CONSTANTS(JEVONS_LOAD_CONSTANT)
            JEVONS_GROWTH_STATE(JEVONS_LOAD_GROWTH)
        }
        alignas(64) std::uint32_t r0[BlockPaths], r1[BlockPaths], r2[BlockPaths], r3[BlockPaths];
        for (int step = 1; step <= T; ++step) {
            const float time = steps[step].time, month = static_cast<float>(step);
            if constexpr (!PerPath) {
                advanceGrowth(shared, sharedGrowth);
            }
            for (int blockStart = 0; blockStart < tileLanes; blockStart += BlockPaths) {
                const std::uint64_t begin = tileBegin + static_cast<std::uint64_t>(blockStart);
                const int lanes = std::min(BlockPaths, tileLanes - blockStart);
                for (int l = 0; l < lanes; ++l) {
                    std::uint32_t r[4];
                    philoxDraws(m, begin + static_cast<std::uint64_t>(l), step, 0u, r);
                    r0[l] = r[0];
                    r1[l] = r[1];
                    r2[l] = r[2];
                    r3[l] = r[3];
                }
                // The state arrays, draws and outputs never overlap; ivdep spares g++ the run-time alias
                // checks it would otherwise give up on, leaving the loop scalar.
#pragma GCC ivdep
                for (int l = 0; l < lanes; ++l) {
                    const std::size_t lane = static_cast<std::size_t>(blockStart + l);
                    PathState s;
                    JEVONS_PATH_STATE(JEVONS_LOAD_STATE)
                    if constexpr (PerPath) {
                        PathConstants c;
                        GrowthState growth;
                        {
                            GrowthState &g = growth;
                            JEVONS_PATH_CONSTANTS(JEVONS_LOAD_CONSTANT)
                            JEVONS_GROWTH_STATE(JEVONS_LOAD_GROWTH)
                            advanceGrowth(c, g);
                            JEVONS_GROWTH_STATE(JEVONS_STORE_GROWTH)
                        }
                        advancePath(c, s, growth, month, time, r0[l], r1[l], r2[l], r3[l], &outputs[l],
                                    BlockPaths, &flags[l], BlockPaths);
                    } else {
                        advancePath(shared, s, sharedGrowth, month, time, r0[l], r1[l], r2[l], r3[l],
                                    &outputs[l], BlockPaths, &flags[l], BlockPaths);
                    }
                    JEVONS_PATH_STATE(JEVONS_STORE_STATE)
                }
                if (record) {
                    recordBlock(outputs, begin, lanes, step);
                } else {
                    binOutputs(mine, outputs, flags, blockStart, lanes, (begin - first) / BlockPaths, step);
                }
            }
            if (record == nullptr && sharesAt(step) && (step % ShareSteps == 0 || step == T)) {
                const int firstStep = (step - 1) / ShareSteps * ShareSteps + 1;
                shareTile(mine.shareUnits.data(), mine.shareBins.data(), tileLanes, inputs->count, firstStep,
                          step - firstStep + 1, mine.shareRows.data(), mine.totals.shareBinSums.data());
            }
        }
    }
};

#undef JEVONS_FIELD
#undef JEVONS_LOAD_CONSTANT
#undef JEVONS_LOAD_STATE
#undef JEVONS_STORE_CONSTANT
#undef JEVONS_STORE_STATE
#undef JEVONS_LOAD_GROWTH
#undef JEVONS_STORE_GROWTH

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
/// per index: a serial pass over threads x bins (a million bins on the Base case) kept the other cores idle.
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

void runChunk(const ModelConstants &model, const InputModel &inputs, const std::vector<StepConstants> &steps,
              const BinLayout &layout, std::uint64_t first, std::uint64_t count, int threads,
              ChunkTotals &totals)
{
    const std::size_t seriesSteps = static_cast<std::size_t>(OutputCount * (model.steps + 1));
    std::vector<ThreadTotals> &perThread = threadTotals();
    perThread.resize(static_cast<std::size_t>(threads));
    for (ThreadTotals &t : perThread) {
        t.totals.reset(seriesSteps, static_cast<std::size_t>(model.steps + 1), inputs.count,
                       model.sharesSeries >= 0);
        if (t.counts.size() != layout.totalBins || t.countsDirty) {
            t.counts.assign(layout.totalBins, 0u);
        }
        t.countsDirty = true;
    }
    totals.blockSums.assign(((count + BlockPaths - 1) / BlockPaths) * seriesSteps, 0.0);
    const bool complete =
        runTiles(SimulateTile{&model, &inputs, steps.data(), &layout, &perThread, totals.blockSums.data(),
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
        totals.addSummaries(t.totals);
    }
}

void recordPaths(const ModelConstants &model, const InputModel &inputs,
                 const std::vector<StepConstants> &steps, std::uint64_t first, std::uint64_t count,
                 int threads, float *out)
{
    std::vector<ThreadTotals> &perThread = threadTotals();
    perThread.resize(static_cast<std::size_t>(threads));
    runTiles(SimulateTile{&model, &inputs, steps.data(), nullptr, &perThread, nullptr,
                          tilePathsFor(count, threads), first, first + count, out},
             threads, nullptr);
}

#endif // !__CUDACC__

void recordInputs(const ModelConstants &model, const InputModel &inputs, std::uint64_t first,
                  std::uint64_t count, float *values, float *scores)
{
    float params[P_Count];
    for (std::uint64_t i = 0; i < count; ++i) {
        std::copy(model.params, model.params + P_Count, params);
        float *score = scores + i * static_cast<std::uint64_t>(inputs.count);
        drawInputs(model, inputs, first + i, params, 1, score);
        for (int j = 0; j < inputs.count; ++j) {
            values[i * static_cast<std::uint64_t>(inputs.count) + static_cast<std::uint64_t>(j)] =
                params[inputs.param[j]];
        }
    }
}

} // namespace jevons::detail::JEVONS_BACKEND_NS
