#include "jevons/total_effects/total_effects.h"

#include <algorithm>

namespace jevons::ui {

sweep::SweepSpec TotalEffectsRequest::spec() const
{
    sweep::SweepSpec spec;
    spec.sourceName = "total effects";
    spec.scenario = scenario;
    spec.paths = paths;
    spec.seed = seed;
    spec.outputs = {output};
    spec.sobol = sweep::SobolSpec{baseSamples, bootstrap};
    return spec;
}

std::uint64_t TotalEffectsRequest::runs() const
{
    return (std::uint64_t(scenario.uncertainInputs().size()) + 2) * baseSamples;
}

std::vector<sweep::SobolIndex> TotalEffects::ranked() const
{
    std::vector<sweep::SobolIndex> out = indices;
    std::stable_sort(out.begin(), out.end(), [](const sweep::SobolIndex &a, const sweep::SobolIndex &b) {
        if (a.total != b.total)
            return a.total > b.total;
        return a.first > b.first;
    });
    return out;
}

sweep::OutputSpec defaultTotalEffectsOutput(int steps)
{
    sweep::OutputSpec output;
    output.series = Series::DemandSupplyRatio;
    output.stat = Stat::P50;
    output.month = steps;
    return output;
}

std::optional<TotalEffects> computeTotalEffects(const TotalEffectsRequest &request,
                                                const TotalEffectsProgress &progress)
{
    if (request.scenario.uncertainInputs().size() < 2)
        throw sweep::SweepError("total effects need at least 2 uncertain inputs");
    const sweep::SweepSpec spec = request.spec();
    const sweep::Design design = sweep::buildDesign(spec);
    const SimulationSettings settings = sweep::pointSettings(spec);
    const std::uint64_t total = design.size();
    std::uint64_t done = 0;
    bool stopped = false;
    // The point's own progress only asks whether to go on: cancel stops the run in flight between tiles.
    const ProgressFn keepGoing = [&](std::uint64_t, std::uint64_t) {
        stopped = stopped || (progress && !progress(done, total));
        return !stopped;
    };
    std::vector<std::vector<double>> results;
    results.reserve(design.size());
    for (std::size_t i = 0; i < design.size(); ++i) {
        // sweep::runPoint() with a callback that can stop it: the same scenario, settings and outputs.
        const SimulationResult result = simulate(sweep::pointScenario(spec, design, i), settings, keepGoing);
        if (stopped || result.cancelled)
            return std::nullopt;
        results.push_back(sweep::recordOutputs(spec, result));
        ++done;
        if (progress && !progress(done, total))
            return std::nullopt;
    }
    TotalEffects out;
    out.request = request;
    out.indices = sweep::sobolIndices(spec, design, results).front();
    return out;
}

} // namespace jevons::ui
