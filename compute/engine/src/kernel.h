#pragma once
// Internal interface between engine.cpp (host compiler) and the path kernel (path_kernel.inl), which is
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

namespace jevons::detail {

inline constexpr int OutputCount = 10; ///< series per step, in the order of jevons::Series
inline constexpr int PoissonTerms = 8; ///< see ModelConstants::poissonCdf

/// Per-path constants of docs/model.md, pre-computed on the host in float (the kernel is all-float so that
/// g++ vectorises it: one double operand in the step makes the whole loop scalar).
struct ModelConstants {
    int steps = 0; ///< T
    std::uint32_t seedLo = 0, seedHi = 0;
    float demandVol = 0;          ///< s_a * sqrt(dt)
    float demandDrift = 0;        ///< -0.5 * s_a^2 * dt (keeps E[exp(W)] = 1)
    float lnEfficiencyStep = 0;   ///< -dt * ln(m_e)
    float lnBreakthrough = 0;     ///< ln(J)
    float supplyVol = 0;          ///< s_s * sqrt(dt)
    float supplyDrift = 0;        ///< -0.5 * s_s^2 * dt
    float capexResponse = 0;      ///< psi
    float survival = 0;           ///< 1 - 1 / (12 L)
    float disruptionChance = 0;   ///< p_d * dt
    float disruptionKeep = 0;     ///< 1 - d_s
    int disruptionMonths = 1;     ///< M
    float lnMaxPremium = 0;       ///< ln(r_max)
    float elasticity = 1;         ///< eps
    float invElasticity = 1;      ///< 1 / eps
    float lnInferenceDemand0 = 0; ///< ln(X * Dinf0)
    float lnTokens0 = 0;          ///< ln(Q0)
    float tokenPrice0 = 0;        ///< c0
    float installedBase0 = 0;     ///< S0 in H100e
    /// CDF of Poisson(lam * dt) at 0..PoissonTerms-1; nb = number of entries below the uniform draw.
    /// lam * dt <= 0.25, so P(nb >= 8) < 1e-10: the truncation is far below Monte Carlo noise.
    float poissonCdf[PoissonTerms] = {};
};

/// Quantities of step k that do not depend on the path, hoisted out of the path loop.
struct StepConstants {
    float lnAdoption = 0;      ///< t_k ln m_a
    float lnTokensPerTask = 0; ///< ln tau_k = t_k ln m_r
    float lnCostPriceRel = 0;  ///< ln(Pc_k / P0) = -t_k ln m_h
    float trainingDemand = 0;  ///< Dtr_k * X, H100e
    float baseShipments = 0;   ///< G0 m_s^t_k, H100e per month
    float capexPerUnit = 0;    ///< K0 m_h^-t_k, USD
    float costPrice = 0;       ///< Pc_k, USD per H100e-hour
};

/// Where each (series, step) histogram window lives in the flat count array. Windows are in "keys":
/// the top 17 bits of a positive float (sign, exponent, 8 mantissa bits), i.e. log-spaced bins 0.39 %
/// wide. Values outside a window are counted in its first or last bin (and flagged in `clamped`).
inline constexpr int KeyShift = 15;                             ///< see binKey()
inline constexpr std::uint32_t MaxKey = 0x7f7fffffu >> KeyShift; ///< key of FLT_MAX

struct BinLayout {
    std::vector<std::uint32_t> firstKey; ///< [series * (T + 1) + step]
    std::vector<std::uint32_t> width;
    std::vector<std::uint64_t> offset;
    std::uint64_t totalBins = 0;
};

/// What one chunk of paths adds up to; every array is [series * (T + 1) + step] (shortage: [step]).
struct ChunkTotals {
    /// The run's histogram counts (BinLayout::totalBins entries): each chunk adds its counts straight in,
    /// with no per-chunk copy (700k bins on the Base case: zeroing and adding a copy cost ~2 ms a chunk).
    std::uint64_t *runCounts = nullptr;
    /// CPU only: called on the calling thread between tiles with the paths of this chunk finished so far;
    /// false stops the chunk early and sets `stopped` (what it added is then incomplete). Lets a run be
    /// cancelled within a chunk. The GPU backend runs a chunk to its end.
    std::function<bool(std::uint64_t)> keepGoing;
    bool stopped = false;
    std::vector<double> sums; ///< GPU: sums per (series, step)
    /// CPU: sum of each block of BlockPaths paths, [block][series * (T + 1) + step], blocks in path
    /// order. Added up in that order on the host, so the means do not depend on threads or chunking.
    std::vector<double> blockSums;
    std::vector<float> mins, maxs;
    std::vector<std::uint64_t> clamped;
    std::vector<std::uint64_t> shortage;
    void reset(std::size_t seriesSteps, std::size_t steps); ///< zeroes the per-chunk arrays
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

#define JEVONS_DECLARE_BACKEND(ns)                                                                           \
    namespace ns {                                                                                           \
    /* Runs paths [first, first + count) for steps 1..T and adds their outputs into totals. */               \
    void runChunk(const ModelConstants &model, const std::vector<StepConstants> &steps,                      \
                  const BinLayout &layout, std::uint64_t first, std::uint64_t count, int threads,            \
                  ChunkTotals &totals);                                                                      \
    /* Runs paths [first, first + count) and stores every output: out[(path * OutputCount + series) * T      \
       + (step - 1)] for steps 1..T. */                                                                      \
    void recordPaths(const ModelConstants &model, const std::vector<StepConstants> &steps,                   \
                     std::uint64_t first, std::uint64_t count, int threads, float *out);                     \
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
