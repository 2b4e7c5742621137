#pragma once
// Total effects: first-order (S1) and total-order (ST) Sobol indices of one output over a scenario's
// uncertain inputs, each with its bootstrap 90 % interval. The work is the sweep library's: a Saltelli design
// (sweep::buildDesign with a `sobol` design), one run per point (sweep::pointScenario / pointSettings, as
// `jevons sweep` runs it) and Jansen's estimators (sweep::sobolIndices). Nothing here re-estimates anything.

#include "jevons/sweep/sweep.h"

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <vector>

namespace jevons::ui {

/// What one computation of total effects runs.
struct TotalEffectsRequest {
    Scenario scenario;              ///< as the runs use it (its uncertain inputs are the design's inputs)
    sweep::OutputSpec output;       ///< the recorded output (series statistic or probability at a month)
    std::uint64_t paths = 500;      ///< Monte Carlo paths of each design point's run
    std::uint64_t seed = 42;        ///< one seed for every point (common random numbers)
    std::uint64_t baseSamples = 64; ///< N: the design has (k + 2) * N points for k uncertain inputs
    int bootstrap = 1000;           ///< resamples for the 90 % intervals

    /// The sweep this is: the scenario, paths, seed, the one output and the Sobol design.
    sweep::SweepSpec spec() const;
    /// (k + 2) * N: the runs the design takes.
    std::uint64_t runs() const;
};

/// A finished computation: the request and one index per uncertain input, in the scenario's order.
struct TotalEffects {
    TotalEffectsRequest request;
    std::vector<sweep::SobolIndex> indices;
    /// The indices, largest total-order index first (ties: larger first-order first, then input order).
    std::vector<sweep::SobolIndex> ranked() const;
};
using TotalEffectsPtr = std::shared_ptr<const TotalEffects>;

/// The output the Sensitivity tab ranks by default: demand / supply ratio, p50, at the horizon (`steps`).
sweep::OutputSpec defaultTotalEffectsOutput(int steps);

/// (points done, total points); return false to stop.
using TotalEffectsProgress = std::function<bool(std::uint64_t done, std::uint64_t total)>;

/// Runs the design on the calling thread. Returns nothing when `progress` stopped it (between two tiles of
/// a point's run). Throws sweep::SweepError for a scenario with fewer than 2 uncertain inputs or a design
/// that breaks a rule of the scenario, std::runtime_error when a run fails.
std::optional<TotalEffects> computeTotalEffects(const TotalEffectsRequest &request,
                                                const TotalEffectsProgress &progress = {});

} // namespace jevons::ui
