#pragma once
// Internal interface between the host code of compute/engine and the path kernel (path_kernel.inl), which is
// compiled once per CPU ISA level by the host compiler (Thrust OpenMP backend) and once by nvcc (CUDA).
// Only plain types cross this boundary: no Thrust, CUDA or Qt.

#include <cstdint>
#include <cstring>
#include <functional>
#include <string>
#include <vector>

#if defined(__CUDACC__)
#define JEVONS_HD __host__ __device__
#else
#define JEVONS_HD
#endif
// The model step must be inlined into the CPU loop over paths, or that loop cannot be vectorised; at its
// size (the whole of docs/model.md's step) g++'s heuristics stop inlining it.
#if defined(__CUDACC__)
#define JEVONS_INLINE __forceinline__
#else
#define JEVONS_INLINE inline __attribute__((always_inline))
#endif

namespace jevons::detail {

inline constexpr int OutputCount = 15; ///< series per step, in the order of jevons::Series
inline constexpr int FlagCount = 3;    ///< probabilities per step, in the order of jevons::Probability
inline constexpr int ParamSlots = 36;  ///< = jevons::ParamCount (checked where both are visible)
inline constexpr int MaxInputs = ParamSlots - 1; ///< every parameter but the horizon may be uncertain
inline constexpr int ShareBins = 32;             ///< bins per input of the variance shares (docs/model.md)
/// Variance shares sum log values as integers in units of 2^-18 (exact, so any thread count and any merge
/// order give the same sums). |ln v| < 160 for every float, so a value is below 2^26 units, its square
/// below 2^52 and a block of 256 squares below 2^60.
inline constexpr float ShareScale = 262144.0f;

/// What the kernel needs of the scenario: every parameter's point value (in the file's units, as float)
/// and the run-level switches. Per-path constants are derived from a path's own parameter values
/// (path_model.inl), so uncertain inputs change only those values.
struct ModelConstants {
    int steps = 0; ///< T
    std::uint32_t seedLo = 0, seedHi = 0;
    float params[ParamSlots] = {}; ///< point values, power_gw resolved
    int sharesSeries = -1;         ///< series whose variance shares are summed; -1: none
};

/// How the uncertain inputs are drawn (docs/model.md, "Uncertain inputs"), one entry per input j in
/// parameter-table order. Two-piece normal: x = median + (z < 0 ? low : high) * z on the input's scale.
struct InputModel {
    int count = 0;
    int param[MaxInputs] = {};
    float median[MaxInputs] = {};                             ///< the point value (log of it on a log scale)
    float lowSlope[MaxInputs] = {};                           ///< (median - p5) / z95 on the input's scale
    float highSlope[MaxInputs] = {};                          ///< (p95 - median) / z95 on the input's scale
    float minValue[MaxInputs] = {}, maxValue[MaxInputs] = {}; ///< the slider range
    int logScale[MaxInputs] = {};
    int integer[MaxInputs] = {};
    float cholesky[MaxInputs * MaxInputs] = {}; ///< lower triangle of the copula's Cholesky factor, row-major
};

/// Quantities of step k that do not depend on the path.
struct StepConstants {
    float time = 0; ///< t_k in years
    float shareRef =
        0; ///< reference log value of the shares' series (the pilot's mean), subtracted before summing
};

/// Where each (series, step) histogram window lives in the flat count array. Windows are in "keys":
/// the top 17 bits of a positive float (sign, exponent, 8 mantissa bits), i.e. log-spaced bins 0.39 %
/// wide. Values outside a window are counted in its first or last bin (and flagged in `clamped`).
inline constexpr int KeyShift = 15;                              ///< see binKey()
inline constexpr std::uint32_t MaxKey = 0x7f7fffffu >> KeyShift; ///< key of FLT_MAX

/// Values that the pilot saw repeat exactly at a (series, step): candidate point masses inside the
/// distribution (e.g. the token price of the paths without a shortage and with the same number of
/// breakthroughs). The run counts the paths exactly at each, so that a percentile that falls on one is
/// that value, not a point inside its histogram bin. Masses at the extremes are counted for every series.
inline constexpr int MassCandidates = 16;

struct BinLayout {
    std::vector<std::uint32_t> firstKey; ///< [series * (T + 1) + step]
    std::vector<std::uint32_t> width;
    std::vector<std::uint64_t> offset;
    std::uint64_t totalBins = 0;
    std::vector<float> massValue;        ///< [(series * (T + 1) + step) * MassCandidates + j]
    std::vector<std::uint8_t> massCount; ///< candidates per (series, step), up to MassCandidates
};

/// What one chunk of paths adds up to; every array is [series * (T + 1) + step] unless said otherwise.
struct ChunkTotals {
    /// The run's histogram counts (BinLayout::totalBins entries): each chunk adds its counts straight in,
    /// with no per-chunk copy (a million bins: zeroing and adding a copy cost ~2 ms a chunk).
    std::uint64_t *runCounts = nullptr;
    /// CPU only: called on the calling thread between tiles with the paths of this chunk finished so far;
    /// false stops the chunk early and sets `stopped` (what it added is then incomplete). Lets a run be
    /// cancelled within a chunk. The GPU backend runs a chunk to its end.
    std::function<bool(std::uint64_t)> keepGoing;
    bool stopped = false;
    std::vector<double> sums; ///< GPU: sums per (series, step)
    /// CPU: sum of each block of BlockPaths paths, [block][series * (T + 1) + step], blocks in path
    /// order. Added up in a fixed tree on the host, so the means do not depend on threads or chunking.
    std::vector<double> blockSums;
    std::vector<float> mins, maxs;                   ///< exact extremes
    std::vector<std::uint64_t> minCounts, maxCounts; ///< paths exactly at the extreme (point masses)
    std::vector<std::uint64_t> massPaths;            ///< paths exactly at each BinLayout mass candidate
    std::vector<std::uint64_t> massBelow;            ///< paths below each mass candidate
    std::vector<std::uint64_t> clamped;
    std::vector<std::uint64_t> flags; ///< paths with each probability's event, [flag * (T + 1) + step]
    // Variance shares (model.sharesSeries >= 0), as exact integers (see ShareScale), J uncertain inputs:
    std::vector<std::int64_t> shareBinSums;                    ///< [(step * J + j) * ShareBins + bin]
    std::vector<std::uint64_t> shareBinCounts;                 ///< [j * ShareBins + bin]
    std::vector<std::int64_t> shareSums;                       ///< [step]
    std::vector<std::uint64_t> shareSquaresLo, shareSquaresHi; ///< [step], 128-bit sums of squares
    /// Zeroes every array.
    void reset(std::size_t seriesSteps, std::size_t steps, int inputs, bool shares);
    /// Adds another chunk's extremes, clamps, flags and shares (not the histogram counts or sums).
    void addSummaries(const ChunkTotals &other);
};

/// Histogram key of an output value: the top 17 bits of the float (sign, exponent, 8 mantissa bits), so keys
/// are log-spaced bins 0.39 % wide. 0 and negative values (outputs never are) get the key of 0.
JEVONS_HD inline std::uint32_t binKey(float value)
{
    const float positive = value > 0.0f ? value : 0.0f;
    std::uint32_t bits = 0;
    memcpy(&bits, &positive, sizeof bits);
    return bits >> KeyShift;
}

/// The lowest value of a key's bin (its upper edge is keyLowerEdge(key + 1)).
inline float keyLowerEdge(std::uint32_t key)
{
    const std::uint32_t bits = key << KeyShift;
    float v = 0;
    memcpy(&v, &bits, sizeof v);
    return v;
}

/// Adds `count` paths at `value` to an extreme kept with the number of paths exactly at it.
inline void mergeExtreme(bool isMinimum, float &extreme, std::uint64_t &countAt, float value,
                         std::uint64_t count)
{
    if (count == 0) {
        return;
    }
    if (countAt == 0 || (isMinimum ? value < extreme : value > extreme)) {
        extreme = value;
        countAt = count;
    } else if (value == extreme) {
        countAt += count;
    }
}

#define JEVONS_DECLARE_BACKEND(ns)                                                                           \
    namespace ns {                                                                                           \
    /* Runs paths [first, first + count) for steps 0..T and adds their outputs into totals. */               \
    void runChunk(const ModelConstants &model, const InputModel &inputs,                                     \
                  const std::vector<StepConstants> &steps, const BinLayout &layout, std::uint64_t first,     \
                  std::uint64_t count, int threads, ChunkTotals &totals);                                    \
    /* Runs paths [first, first + count) and stores every output by column: out[(series * (T + 1) + step) *  \
       count + path - first] for steps 0..T. */                                                              \
    void recordPaths(const ModelConstants &model, const InputModel &inputs,                                  \
                     const std::vector<StepConstants> &steps, std::uint64_t first, std::uint64_t count,      \
                     int threads, float *out);                                                               \
    /* The uncertain inputs' values and correlated scores of paths [first, first + count): [path * J + j].   \
     */                                                                                                      \
    void recordInputs(const ModelConstants &model, const InputModel &inputs, std::uint64_t first,            \
                      std::uint64_t count, float *values, float *scores);                                    \
    }

JEVONS_DECLARE_BACKEND(cpu_generic)
JEVONS_DECLARE_BACKEND(cpu_avx2)
JEVONS_DECLARE_BACKEND(cpu_avx512)
JEVONS_DECLARE_BACKEND(gpu)

namespace gpu {
/// True and a description ("NVIDIA H200, 132 SMs, 139 GiB") when a CUDA device can be used.
bool deviceAvailable(std::string &description);
} // namespace gpu

} // namespace jevons::detail
