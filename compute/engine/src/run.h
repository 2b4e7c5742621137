#pragma once
// The run loop's helpers shared with sensitivity(). Internal to compute/engine.

#include "jevons/engine/engine.h"

#include <cstdint>

namespace jevons::detail {

inline constexpr std::uint64_t MaxPaths = 10'000'000'000ull;

/// Throws std::invalid_argument naming the bad setting.
void checkSettings(const SimulationSettings &s);
/// CPU threads to use: the setting, or every core.
int threadsFor(const SimulationSettings &s);
/// Validates the scenario and settings, and that an explicitly requested CUDA backend is there; throws like
/// simulate().
void checkRequest(const Scenario &scenario, const SimulationSettings &settings);

} // namespace jevons::detail
