#pragma once
// Backend dispatch: which compiled kernel (CPU ISA level or CUDA) runs a chunk. Internal to compute/engine;
// the only place that knows every backend.

#include "kernel.h"

#include <cstdint>
#include <vector>

namespace jevons::detail {

/// The two entry points of one backend (kernel.h, JEVONS_DECLARE_BACKEND).
struct BackendCalls {
    void (*runChunk)(const ModelConstants &, const InputModel &, const std::vector<StepConstants> &,
                     const BinLayout &, std::uint64_t, std::uint64_t, int, ChunkTotals &);
    void (*recordPaths)(const ModelConstants &, const InputModel &, const std::vector<StepConstants> &,
                        std::uint64_t, std::uint64_t, int, float *);
    void (*recordInputs)(const ModelConstants &, const InputModel &, std::uint64_t, std::uint64_t, float *,
                         float *);
};

/// The best CPU kernel this processor supports.
BackendCalls cpuCalls();
/// The CUDA kernel, or one that throws std::runtime_error when a fault is injected (testing.h) or the
/// binary has no CUDA backend.
BackendCalls cudaCalls();

} // namespace jevons::detail
