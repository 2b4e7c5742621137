#pragma once
// Model set-up: the scenario's parameters turned into the kernel's constants (docs/model.md, "Derived
// constants" and the step quantities that do not depend on the path). Internal to compute/engine.

#include "jevons/engine/scenario.h"

#include "kernel.h"

#include <array>
#include <cstdint>
#include <vector>

namespace jevons::detail {

struct ModelSetup {
    ModelConstants model;
    std::vector<StepConstants> steps;          ///< [0..T]
    std::array<double, OutputCount> initial{}; ///< step-0 values of docs/model.md
};

ModelSetup buildModel(const Scenario &s, std::uint64_t seed);

} // namespace jevons::detail
