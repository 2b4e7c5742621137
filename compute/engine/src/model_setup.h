#pragma once
// Model set-up: the scenario turned into what the kernel reads (docs/model.md): every parameter's point
// value, how each uncertain input is drawn (with the copula's Cholesky factor), and the path-independent
// quantities of each step. Internal to compute/engine.

#include "jevons/engine/engine.h"

#include "kernel.h"

#include <cstdint>
#include <vector>

namespace jevons::detail {

struct ModelSetup {
    ModelConstants model;
    InputModel inputs;
    std::vector<StepConstants> steps; ///< [0..T]
};

/// Throws ScenarioError when the correlations are impossible (validateScenario() refuses those first).
ModelSetup buildModel(const Scenario &s, const SimulationSettings &settings);

} // namespace jevons::detail
