// The CUDA backend: path_kernel.inl through Thrust's CUDA system (nvcc, C++17).
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

/// One path per GPU thread through all steps. Sums and extremes are reduced across the threads of a warp
/// first (cooperative groups), so each warp issues one atomic per (series, step) instead of 32.
struct SimulatePath {
    ModelConstants m;
    const StepConstants *steps;
    const std::uint32_t *firstKey;
    const std::uint32_t *width;
    const std::uint64_t *offset;
    std::uint32_t *counts;
    double *sums;
    std::uint32_t *minBits;
    std::uint32_t *maxBits;
    unsigned long long *clamped;
    unsigned long long *shortage;
    std::uint64_t first;
    float *record;

    __device__ void operator()(std::uint64_t path) const
    {
        float demandShock = 0.0f, lnEfficiency = 0.0f, supply = m.installedBase0, lnPremium = 0.0f,
              cumulativeCapex = 0.0f;
        int disruptionLeft = 0;
        float out[OutputCount];
        const int T = m.steps;
        for (int step = 1; step <= T; ++step) {
            std::uint32_t r[4];
            philoxDraws(m, path, step, r);
            const bool isShort =
                advancePath(m, steps[step], r[0], r[1], r[2], r[3], demandShock, lnEfficiency, supply,
                            lnPremium, cumulativeCapex, disruptionLeft, out, 1);
            if (record != nullptr) {
                float *dst = record + ((path - first) * OutputCount) * T;
                for (int s = 0; s < OutputCount; ++s) {
                    dst[s * T + (step - 1)] = out[s];
                }
                continue;
            }
            cg::coalesced_group group = cg::coalesced_threads();
            const int shortInGroup = cg::reduce(group, isShort ? 1 : 0, cg::plus<int>());
            if (group.thread_rank() == 0 && shortInGroup > 0) {
                atomicAdd(&shortage[step], static_cast<unsigned long long>(shortInGroup));
            }
            for (int s = 0; s < OutputCount; ++s) {
                const int seriesStep = s * (T + 1) + step;
                bool wasClamped = false;
                const std::uint64_t bin = binIndex(firstKey, width, offset, seriesStep, out[s], wasClamped);
                atomicAdd(&counts[bin], 1u);
                if (wasClamped) {
                    atomicAdd(&clamped[seriesStep], 1ull);
                }
                const float positive = out[s] > 0.0f ? out[s] : 0.0f;
                const std::uint32_t bits = __float_as_uint(positive);
                const double sum = cg::reduce(group, static_cast<double>(out[s]), cg::plus<double>());
                const std::uint32_t lo = cg::reduce(group, bits, cg::less<std::uint32_t>());
                const std::uint32_t hi = cg::reduce(group, bits, cg::greater<std::uint32_t>());
                if (group.thread_rank() == 0) {
                    atomicAdd(&sums[seriesStep], sum);
                    atomicMin(&minBits[seriesStep], lo);
                    atomicMax(&maxBits[seriesStep], hi);
                }
            }
        }
    }
};

template <typename T> T *raw(thrust::device_vector<T> &v)
{
    return thrust::raw_pointer_cast(v.data());
}

void launch(const ModelConstants &model, const std::vector<StepConstants> &steps, const BinLayout *layout,
            std::uint64_t first, std::uint64_t count, ChunkTotals *totals, float *record)
{
    try {
        const std::size_t seriesSteps = static_cast<std::size_t>(OutputCount * (model.steps + 1));
        thrust::device_vector<StepConstants> dSteps(steps.begin(), steps.end());
        SimulatePath functor{model,   raw(dSteps), nullptr, nullptr, nullptr, nullptr, nullptr,
                             nullptr, nullptr,     nullptr, nullptr, first,   nullptr};
        thrust::device_vector<std::uint32_t> dFirst, dWidth, dCounts, dMin, dMax;
        thrust::device_vector<std::uint64_t> dOffset;
        thrust::device_vector<double> dSums;
        thrust::device_vector<unsigned long long> dClamped, dShortage;
        thrust::device_vector<float> dRecord;
        if (record != nullptr) {
            dRecord.resize(count * OutputCount * static_cast<std::uint64_t>(model.steps));
            functor.record = raw(dRecord);
        } else {
            dFirst.assign(layout->firstKey.begin(), layout->firstKey.end());
            dWidth.assign(layout->width.begin(), layout->width.end());
            dOffset.assign(layout->offset.begin(), layout->offset.end());
            dCounts.assign(layout->totalBins, 0u);
            dSums.assign(seriesSteps, 0.0);
            dMin.assign(seriesSteps, 0x7f7fffffu); // FLT_MAX bits
            dMax.assign(seriesSteps, 0u);
            dClamped.assign(seriesSteps, 0ull);
            dShortage.assign(static_cast<std::size_t>(model.steps + 1), 0ull);
            functor.firstKey = raw(dFirst);
            functor.width = raw(dWidth);
            functor.offset = raw(dOffset);
            functor.counts = raw(dCounts);
            functor.sums = raw(dSums);
            functor.minBits = raw(dMin);
            functor.maxBits = raw(dMax);
            functor.clamped = raw(dClamped);
            functor.shortage = raw(dShortage);
        }
        thrust::for_each(thrust::cuda::par, thrust::counting_iterator<std::uint64_t>(first),
                         thrust::counting_iterator<std::uint64_t>(first + count), functor);
        check(cudaGetLastError(), "kernel launch");
        check(cudaDeviceSynchronize(), "kernel");
        if (record != nullptr) {
            thrust::copy(dRecord.begin(), dRecord.end(), record);
            return;
        }
        std::vector<std::uint32_t> counts(dCounts.size()), minBits(seriesSteps), maxBits(seriesSteps);
        std::vector<double> sums(seriesSteps);
        std::vector<unsigned long long> clamped(seriesSteps), shortage(dShortage.size());
        thrust::copy(dCounts.begin(), dCounts.end(), counts.begin());
        thrust::copy(dSums.begin(), dSums.end(), sums.begin());
        thrust::copy(dMin.begin(), dMin.end(), minBits.begin());
        thrust::copy(dMax.begin(), dMax.end(), maxBits.begin());
        thrust::copy(dClamped.begin(), dClamped.end(), clamped.begin());
        thrust::copy(dShortage.begin(), dShortage.end(), shortage.begin());
        for (std::size_t i = 0; i < counts.size(); ++i) {
            totals->runCounts[i] += counts[i];
        }
        for (std::size_t i = 0; i < seriesSteps; ++i) {
            float lo = 0, hi = 0;
            std::memcpy(&lo, &minBits[i], sizeof lo);
            std::memcpy(&hi, &maxBits[i], sizeof hi);
            totals->sums[i] += sums[i];
            totals->mins[i] = std::min(totals->mins[i], lo);
            totals->maxs[i] = std::max(totals->maxs[i], hi);
            totals->clamped[i] += clamped[i];
        }
        for (std::size_t i = 0; i < shortage.size(); ++i) {
            totals->shortage[i] += shortage[i];
        }
    } catch (const thrust::system_error &e) {
        throw std::runtime_error(std::string("CUDA backend failed: ") + e.what());
    } catch (const std::bad_alloc &) {
        throw std::runtime_error("CUDA backend failed: out of device memory");
    }
}

} // namespace

void runChunk(const ModelConstants &model, const std::vector<StepConstants> &steps, const BinLayout &layout,
              std::uint64_t first, std::uint64_t count, int, ChunkTotals &totals)
{
    launch(model, steps, &layout, first, count, &totals, nullptr);
}

void recordPaths(const ModelConstants &model, const std::vector<StepConstants> &steps, std::uint64_t first,
                 std::uint64_t count, int, float *out)
{
    launch(model, steps, nullptr, first, count, nullptr, out);
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
