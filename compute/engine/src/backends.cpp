// Backend dispatch: the CPU kernel for this processor's ISA level, the CUDA kernel, and the fault injection
// that the tests use to exercise the fall-back from CUDA to the CPU.
#include "backends.h"

#include "jevons/engine/engine.h"
#include "jevons/engine/testing.h"

#include <mutex>
#include <stdexcept>
#include <string>

namespace jevons {
namespace detail {

namespace {

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

[[noreturn]] void throwInjectedCudaFault()
{
    throw std::runtime_error("CUDA backend failed: " + takeCudaFault() + " (injected)");
}

void faultRunChunk(const ModelConstants &, const InputModel &, const std::vector<StepConstants> &,
                   const BinLayout &, std::uint64_t, std::uint64_t, int, ChunkTotals &)
{
    throwInjectedCudaFault();
}
void faultRecordPaths(const ModelConstants &, const InputModel &, const std::vector<StepConstants> &,
                      std::uint64_t, std::uint64_t, int, float *)
{
    throwInjectedCudaFault();
}

} // namespace

BackendCalls cpuCalls()
{
    switch (bestCpuLevel()) {
#if defined(JEVONS_HAVE_CPU_avx512)
    case CpuLevel::Avx512:
        return {cpu_avx512::runChunk, cpu_avx512::recordPaths, cpu_avx512::recordInputs};
    case CpuLevel::Avx2:
        return {cpu_avx2::runChunk, cpu_avx2::recordPaths, cpu_avx2::recordInputs};
#endif
    default:
        return {cpu_generic::runChunk, cpu_generic::recordPaths, cpu_generic::recordInputs};
    }
}

BackendCalls cudaCalls()
{
    if (cudaFaultPending()) {
        return {faultRunChunk, faultRecordPaths, cpu_generic::recordInputs};
    }
#if defined(JEVONS_HAVE_CUDA)
    return {gpu::runChunk, gpu::recordPaths, gpu::recordInputs};
#else
    return {faultRunChunk, faultRecordPaths, cpu_generic::recordInputs};
#endif
}
} // namespace detail

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
    if (detail::cudaFaultPending()) {
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
    std::lock_guard lock(detail::g_faultMutex);
    detail::g_cudaFault = message;
}

const char *cpuKernelLevel()
{
    switch (detail::bestCpuLevel()) {
    case detail::CpuLevel::Avx512:
        return "avx512";
    case detail::CpuLevel::Avx2:
        return "avx2";
    case detail::CpuLevel::Generic:
        return "generic";
    }
    return "generic";
}
} // namespace jevons
