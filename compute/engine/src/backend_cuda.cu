// The CUDA backend: path_kernel.inl's model through Thrust's CUDA system (nvcc, C++17). One path per GPU
// thread through all steps; histograms, sums, extremes, flags and variance shares in global memory with
// atomics (reduced across each warp first where that is simple).
#include <cooperative_groups.h>
#include <cooperative_groups/reduce.h>
#include <cuda_runtime.h>
#include <thrust/device_vector.h>
#include <thrust/system/cuda/execution_policy.h>
#include <thrust/system_error.h>

#define JEVONS_BACKEND_NS gpu
#include "path_kernel.inl"

#include <stdexcept>
#include <string>

namespace jevons::detail::gpu {

namespace cg = cooperative_groups;

namespace {

void check(cudaError_t status, const char *what)
{
    if (status != cudaSuccess) {
        throw std::runtime_error(std::string("CUDA ") + what + " failed: " + cudaGetErrorString(status));
    }
}

/// Keeps an extreme with the number of paths exactly at it in one 64-bit word: float bits (high half) and
/// count (low half). Values are never negative, so float bits order like the floats.
__device__ void atomicExtreme(unsigned long long *word, std::uint32_t bits, std::uint32_t count,
                              bool isMinimum)
{
    unsigned long long old = *word, assumed;
    do {
        assumed = old;
        const auto oldBits = static_cast<std::uint32_t>(assumed >> 32);
        const auto oldCount = static_cast<std::uint32_t>(assumed);
        unsigned long long next;
        if (oldCount == 0 || (isMinimum ? bits < oldBits : bits > oldBits)) {
            next = (static_cast<unsigned long long>(bits) << 32) | count;
        } else if (bits == oldBits) {
            next = assumed + count;
        } else {
            return;
        }
        old = atomicCAS(word, assumed, next);
    } while (old != assumed);
}

/// Adds an unsigned 64-bit value to a 128-bit sum held as two words; order-independent.
__device__ void atomicAdd128(unsigned long long *lo, unsigned long long *hi, unsigned long long value)
{
    const unsigned long long old = atomicAdd(lo, value);
    if (old + value < old) {
        atomicAdd(hi, 1ull);
    }
}

struct DeviceTotals {
    const std::uint32_t *firstKey;
    const std::uint32_t *width;
    const std::uint64_t *offset;
    std::uint32_t *counts;
    const float *massValue;
    const std::uint8_t *massCount;
    unsigned long long *massPaths;
    unsigned long long *massBelow;
    double *sums;
    unsigned long long *minWords; ///< see atomicExtreme
    unsigned long long *maxWords;
    unsigned long long *clamped;
    unsigned long long *flags;
    unsigned long long *shareBinSums; ///< two's complement sums of signed units
    unsigned long long *shareBinCounts;
    unsigned long long *shareSums;
    unsigned long long *shareSquaresLo, *shareSquaresHi;
};

struct SimulatePath {
    ModelConstants m;
    const InputModel *inputs;
    const StepConstants *steps;
    DeviceTotals t;
    std::uint64_t first;
    std::uint64_t count; ///< paths of the launch (the recorded layout's column length)
    float *record;

    __device__ void bin(const float *out, const float *flags, int step, const int *bins) const
    {
        const int T = m.steps;
        cg::coalesced_group group = cg::coalesced_threads();
        for (int f = 0; f < FlagCount && step > 0; ++f) {
            const int events = cg::reduce(group, flags[f] > 0.5f ? 1 : 0, cg::plus<int>());
            if (group.thread_rank() == 0 && events > 0) {
                atomicAdd(&t.flags[f * (T + 1) + step], static_cast<unsigned long long>(events));
            }
        }
        for (int s = 0; s < OutputCount; ++s) {
            const int seriesStep = s * (T + 1) + step;
            const std::uint32_t key = binKey(out[s]);
            const std::uint32_t lo = t.firstKey[seriesStep], hi = lo + t.width[seriesStep] - 1;
            const std::uint32_t inWindow = key < lo ? lo : (key > hi ? hi : key);
            atomicAdd(&t.counts[t.offset[seriesStep] + (inWindow - lo)], 1u);
            for (int j = 0; j < t.massCount[seriesStep]; ++j) {
                const float mass = t.massValue[seriesStep * MassCandidates + j];
                if (out[s] == mass) {
                    atomicAdd(&t.massPaths[seriesStep * MassCandidates + j], 1ull);
                } else if (out[s] < mass) {
                    atomicAdd(&t.massBelow[seriesStep * MassCandidates + j], 1ull);
                }
            }
            if (inWindow != key) {
                atomicAdd(&t.clamped[seriesStep], 1ull);
            }
            const std::uint32_t bits = __float_as_uint(out[s] > 0.0f ? out[s] : 0.0f);
            const double sum = cg::reduce(group, static_cast<double>(out[s]), cg::plus<double>());
            const std::uint32_t groupLo = cg::reduce(group, bits, cg::less<std::uint32_t>());
            const std::uint32_t groupHi = cg::reduce(group, bits, cg::greater<std::uint32_t>());
            const std::uint32_t atLo =
                cg::reduce(group, bits == groupLo ? 1u : 0u, cg::plus<std::uint32_t>());
            const std::uint32_t atHi =
                cg::reduce(group, bits == groupHi ? 1u : 0u, cg::plus<std::uint32_t>());
            if (group.thread_rank() == 0) {
                atomicAdd(&t.sums[seriesStep], sum);
                atomicExtreme(&t.minWords[seriesStep], groupLo, atLo, true);
                atomicExtreme(&t.maxWords[seriesStep], groupHi, atHi, false);
            }
        }
        if (m.sharesSeries >= 0 && inputs->count > 0 && step > 0) {
            const float d =
                (kernelLog(fmaxf(out[m.sharesSeries], 1e-30f)) - steps[step].shareRef) * ShareScale;
            const auto units = static_cast<long long>(d + (d < 0.0f ? -0.5f : 0.5f));
            const int J = inputs->count;
            for (int j = 0; j < J; ++j) {
                atomicAdd(&t.shareBinSums[(step * J + j) * ShareBins + bins[j]],
                          static_cast<unsigned long long>(units));
            }
            atomicAdd(&t.shareSums[step], static_cast<unsigned long long>(units));
            atomicAdd128(&t.shareSquaresLo[step], &t.shareSquaresHi[step],
                         static_cast<unsigned long long>(units * units));
        }
    }

    __device__ void operator()(std::uint64_t path) const
    {
        const int T = m.steps;
        float params[P_Count];
        for (int p = 0; p < P_Count; ++p) {
            params[p] = m.params[p];
        }
        float scores[MaxInputs];
        int bins[MaxInputs];
        const InputModel &in = *inputs;
        if (in.count > 0) {
            drawInputs(m, in, path, params, 1, scores);
            for (int j = 0; j < in.count; ++j) {
                bins[j] = shareBin(scores[j]);
                if (record == nullptr && m.sharesSeries >= 0) {
                    atomicAdd(&t.shareBinCounts[j * ShareBins + bins[j]], 1ull);
                }
            }
        }
        PathConstants c;
        PathState s;
        GrowthState g;
        float out[OutputCount], flags[FlagCount] = {0.0f, 0.0f, 0.0f};
        deriveConstants(params, 1, c);
        initPath(params, 1, s, g, out, 1);
        for (int step = 0; step <= T; ++step) {
            if (step > 0) {
                std::uint32_t r[4];
                philoxDraws(m, path, step, 0u, r);
                advanceGrowth(c, g);
                advancePath(c, s, g, static_cast<float>(step), steps[step].time, r[0], r[1], r[2], r[3], out,
                            1, flags, 1);
            }
            if (record != nullptr) {
                for (int k = 0; k < OutputCount; ++k) {
                    record[(static_cast<std::uint64_t>(k) * (T + 1) + step) * count + (path - first)] =
                        out[k];
                }
                continue;
            }
            bin(out, flags, step, bins);
        }
    }
};

template <typename T> T *raw(thrust::device_vector<T> &v)
{
    return thrust::raw_pointer_cast(v.data());
}

template <typename T> std::vector<T> toHost(const thrust::device_vector<T> &v)
{
    std::vector<T> out(v.size());
    thrust::copy(v.begin(), v.end(), out.begin());
    return out;
}

void launch(const ModelConstants &model, const InputModel &inputs, const std::vector<StepConstants> &steps,
            const BinLayout *layout, std::uint64_t first, std::uint64_t count, ChunkTotals *totals,
            float *record)
{
    try {
        const int T = model.steps;
        const std::size_t seriesSteps = static_cast<std::size_t>(OutputCount * (T + 1));
        const std::size_t stepsPlus = static_cast<std::size_t>(T + 1);
        const std::size_t J = static_cast<std::size_t>(inputs.count);
        const bool shares = model.sharesSeries >= 0 && J > 0 && record == nullptr;
        thrust::device_vector<StepConstants> dSteps(steps.begin(), steps.end());
        thrust::device_vector<InputModel> dInputs(1, inputs);
        SimulatePath functor{model, raw(dInputs), raw(dSteps), {}, first, count, nullptr};
        thrust::device_vector<std::uint32_t> dFirst, dWidth, dCounts;
        thrust::device_vector<float> dMassValue;
        thrust::device_vector<std::uint8_t> dMassCount;
        thrust::device_vector<std::uint64_t> dOffset;
        thrust::device_vector<double> dSums;
        thrust::device_vector<unsigned long long> dMassPaths, dMassBelow, dMin, dMax, dClamped, dFlags,
            dBinSums, dBinCounts, dShareSums, dSquaresLo, dSquaresHi;
        thrust::device_vector<float> dRecord;
        if (record != nullptr) {
            dRecord.resize(count * OutputCount * static_cast<std::uint64_t>(T + 1));
            functor.record = raw(dRecord);
        } else {
            dFirst.assign(layout->firstKey.begin(), layout->firstKey.end());
            dWidth.assign(layout->width.begin(), layout->width.end());
            dOffset.assign(layout->offset.begin(), layout->offset.end());
            dCounts.assign(layout->totalBins, 0u);
            dMassValue.assign(layout->massValue.begin(), layout->massValue.end());
            dMassCount.assign(layout->massCount.begin(), layout->massCount.end());
            dMassPaths.assign(seriesSteps * MassCandidates, 0ull);
            dMassBelow.assign(seriesSteps * MassCandidates, 0ull);
            dSums.assign(seriesSteps, 0.0);
            dMin.assign(seriesSteps, 0ull);
            dMax.assign(seriesSteps, 0ull);
            dClamped.assign(seriesSteps, 0ull);
            dFlags.assign(FlagCount * stepsPlus, 0ull);
            dBinSums.assign(shares ? stepsPlus * J * ShareBins : 1, 0ull);
            dBinCounts.assign(shares ? J * ShareBins : 1, 0ull);
            dShareSums.assign(shares ? stepsPlus : 1, 0ull);
            dSquaresLo.assign(shares ? stepsPlus : 1, 0ull);
            dSquaresHi.assign(shares ? stepsPlus : 1, 0ull);
            functor.t = {raw(dFirst),     raw(dWidth),     raw(dOffset),    raw(dCounts),  raw(dMassValue),
                         raw(dMassCount), raw(dMassPaths), raw(dMassBelow), raw(dSums),    raw(dMin),
                         raw(dMax),       raw(dClamped),   raw(dFlags),     raw(dBinSums), raw(dBinCounts),
                         raw(dShareSums), raw(dSquaresLo), raw(dSquaresHi)};
        }
        thrust::for_each(thrust::cuda::par, thrust::counting_iterator<std::uint64_t>(first),
                         thrust::counting_iterator<std::uint64_t>(first + count), functor);
        check(cudaGetLastError(), "kernel launch");
        check(cudaDeviceSynchronize(), "kernel");
        if (record != nullptr) {
            thrust::copy(dRecord.begin(), dRecord.end(), record);
            return;
        }
        const std::vector<std::uint32_t> counts = toHost(dCounts);
        for (std::size_t i = 0; i < counts.size(); ++i) {
            totals->runCounts[i] += counts[i];
        }
        const std::vector<double> sums = toHost(dSums);
        const std::vector<unsigned long long> mins = toHost(dMin), maxs = toHost(dMax),
                                              clamped = toHost(dClamped), flags = toHost(dFlags);
        ChunkTotals chunk;
        chunk.reset(seriesSteps, stepsPlus, inputs.count, shares);
        auto unpack = [](unsigned long long word, float &value, std::uint64_t &n) {
            const auto bits = static_cast<std::uint32_t>(word >> 32);
            std::memcpy(&value, &bits, sizeof value);
            n = static_cast<std::uint32_t>(word);
        };
        for (std::size_t i = 0; i < seriesSteps; ++i) {
            totals->sums[i] += sums[i];
            unpack(mins[i], chunk.mins[i], chunk.minCounts[i]);
            unpack(maxs[i], chunk.maxs[i], chunk.maxCounts[i]);
            chunk.clamped[i] = clamped[i];
        }
        for (std::size_t i = 0; i < chunk.flags.size(); ++i) {
            chunk.flags[i] = flags[i];
        }
        const std::vector<unsigned long long> massPaths = toHost(dMassPaths), massBelow = toHost(dMassBelow);
        for (std::size_t i = 0; i < massPaths.size(); ++i) {
            chunk.massPaths[i] = massPaths[i];
            chunk.massBelow[i] = massBelow[i];
        }
        if (shares) {
            const std::vector<unsigned long long> binSums = toHost(dBinSums), binCounts = toHost(dBinCounts),
                                                  shareSums = toHost(dShareSums), lo = toHost(dSquaresLo),
                                                  hi = toHost(dSquaresHi);
            for (std::size_t i = 0; i < binSums.size(); ++i) {
                chunk.shareBinSums[i] = static_cast<std::int64_t>(binSums[i]);
            }
            for (std::size_t i = 0; i < binCounts.size(); ++i) {
                chunk.shareBinCounts[i] = binCounts[i];
            }
            for (std::size_t k = 0; k < stepsPlus; ++k) {
                chunk.shareSums[k] = static_cast<std::int64_t>(shareSums[k]);
                chunk.shareSquaresLo[k] = lo[k];
                chunk.shareSquaresHi[k] = hi[k];
            }
        }
        totals->addSummaries(chunk);
    } catch (const thrust::system_error &e) {
        throw std::runtime_error(std::string("CUDA backend failed: ") + e.what());
    } catch (const std::bad_alloc &) {
        throw std::runtime_error("CUDA backend failed: out of device memory");
    }
}

} // namespace

void runChunk(const ModelConstants &model, const InputModel &inputs, const std::vector<StepConstants> &steps,
              const BinLayout &layout, std::uint64_t first, std::uint64_t count, int, ChunkTotals &totals)
{
    launch(model, inputs, steps, &layout, first, count, &totals, nullptr);
}

void recordPaths(const ModelConstants &model, const InputModel &inputs,
                 const std::vector<StepConstants> &steps, std::uint64_t first, std::uint64_t count, int,
                 float *out)
{
    launch(model, inputs, steps, nullptr, first, count, nullptr, out);
}

bool deviceAvailable(std::string &description)
{
    int devices = 0;
    const cudaError_t status = cudaGetDeviceCount(&devices);
    if (status != cudaSuccess || devices == 0) {
        description = status != cudaSuccess ? std::string("no CUDA device: ") + cudaGetErrorString(status)
                                            : std::string("no CUDA device present");
        cudaGetLastError(); // clear the sticky error so later calls start clean
        return false;
    }
    cudaDeviceProp prop{};
    check(cudaGetDeviceProperties(&prop, 0), "device query");
    description = std::string(prop.name) + ", " + std::to_string(prop.multiProcessorCount) + " SMs, " +
                  std::to_string(prop.totalGlobalMem >> 30) + " GiB";
    return true;
}

} // namespace jevons::detail::gpu
