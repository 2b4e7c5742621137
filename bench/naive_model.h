#pragma once
// A deliberately plain implementation of docs/model.md for the benchmark baseline: one path at a time,
// double precision, every value stored, exact percentiles by std::nth_element.
#include "jevons/engine/engine.h"

#include <array>
#include <cstdint>
#include <vector>

namespace naive {

struct Result {
    // stats[series][stat][step], like jevons::SeriesStats
    std::array<std::array<std::vector<double>, jevons::StatCount>, jevons::SeriesCount> stats;
};

Result simulate(const jevons::Scenario &scenario, std::uint64_t paths, std::uint64_t seed);

} // namespace naive
