#pragma once
// The pilot of a run: its first paths recorded in full set every (series, step) histogram window, the
// candidate point masses and the variance shares' reference values. Internal to compute/engine.

#include "backends.h"
#include "model_setup.h"

#include <cstdint>

namespace jevons::detail {

/// Records the pilot on `calls` and plans the run; fills setup.steps[k].shareRef when shares are asked for.
BinLayout planRun(ModelSetup &setup, const BackendCalls &calls, std::uint64_t paths, int threads,
                  bool findPointMasses);

} // namespace jevons::detail
