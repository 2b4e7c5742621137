// The one-at-a-time sensitivity (tornado): each parameter at a low and a high value, on the same random
// numbers as the base run.
#include "jevons/engine/engine.h"

#include "run.h"

#include <algorithm>
#include <cmath>
#include <stdexcept>

namespace jevons {

double SensitivityEntry::swing() const
{
    return std::abs(outputAtHigh - outputAtLow);
}

SensitivityResult sensitivity(const Scenario &scenario, const SimulationSettings &settings,
                              const SensitivityRequest &request, const ProgressFn &progress)
{
    validateScenario(scenario, scenario.name);
    detail::checkSettings(settings);
    if (!(request.relativeRange > 0 && request.relativeRange <= 1)) {
        throw std::invalid_argument("the sensitivity range must be in (0, 1]");
    }
    SensitivityResult out;
    out.series = request.series;
    out.stat = request.stat;
    out.step = request.step < 0 ? scenario.steps() : request.step;
    if (out.step > scenario.steps()) {
        throw std::invalid_argument("month " + std::to_string(out.step) + " is beyond the horizon (" +
                                    std::to_string(scenario.steps()) + " months)");
    }
    std::vector<Param> params;
    for (const auto &info : paramTable()) {
        if (info.id != Param::HorizonYears) {
            params.push_back(info.id);
        }
    }
    const std::uint64_t totalRuns = 1 + 2 * params.size();
    std::uint64_t runsDone = 0;
    bool cancelled = false;
    // Every run uses the same seed, hence the same random numbers: differences come from the parameter.
    auto statOf = [&](const Scenario &s) {
        SimulationResult r = simulate(s, settings, [&](std::uint64_t done, std::uint64_t total) {
            if (!progress) {
                return true;
            }
            const std::uint64_t scaled = runsDone * 1000 + (total ? done * 1000 / total : 0);
            const bool keepGoing = progress(scaled, totalRuns * 1000);
            cancelled = cancelled || !keepGoing;
            return keepGoing;
        });
        ++runsDone;
        return r.cancelled ? 0.0 : r.value(out.series, out.stat, out.step);
    };
    out.baseOutput = statOf(scenario);
    for (Param p : params) {
        if (cancelled) {
            break;
        }
        const ParamInfo &info = paramInfo(p);
        SensitivityEntry e;
        e.param = p;
        const double v = scenario[p];
        e.lowValue = std::clamp(v * (1 - request.relativeRange), info.minValue, info.maxValue);
        e.highValue = std::clamp(v * (1 + request.relativeRange), info.minValue, info.maxValue);
        if (info.integer) {
            e.lowValue = std::clamp(std::floor(e.lowValue), info.minValue, info.maxValue);
            e.highValue = std::clamp(std::ceil(e.highValue), info.minValue, info.maxValue);
        }
        Scenario low = scenario, high = scenario;
        low[p] = e.lowValue;
        high[p] = e.highValue;
        e.outputAtLow = e.lowValue == v ? out.baseOutput : statOf(low);
        e.outputAtHigh = e.highValue == v ? out.baseOutput : statOf(high);
        out.entries.push_back(e);
    }
    out.cancelled = cancelled;
    std::stable_sort(
        out.entries.begin(), out.entries.end(),
        [](const SensitivityEntry &a, const SensitivityEntry &b) { return a.swing() > b.swing(); });
    return out;
}
} // namespace jevons
