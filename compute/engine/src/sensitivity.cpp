// The one-at-a-time sensitivity (tornado): each parameter at a low and a high value, on the same random
// numbers as the base run.
#include "jevons/engine/engine.h"

#include "run.h"

#include <algorithm>
#include <cmath>
#include <optional>
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
    out.probability = request.probability;
    out.relativeRange = request.relativeRange;
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
    SimulationSettings runSettings = settings;
    runSettings.sharesSeries.reset();
    // Every run uses the same seed, hence the same random numbers: differences come from the parameter.
    auto outputOf = [&](const Scenario &s) {
        SimulationResult r = simulate(s, runSettings, [&](std::uint64_t done, std::uint64_t total) {
            if (!progress) {
                return true;
            }
            const std::uint64_t scaled = runsDone * 1000 + (total ? done * 1000 / total : 0);
            const bool keepGoing = progress(scaled, totalRuns * 1000);
            cancelled = cancelled || !keepGoing;
            return keepGoing;
        });
        ++runsDone;
        if (r.cancelled) {
            return 0.0;
        }
        return out.probability ? r.probability(*out.probability)[std::size_t(out.step)]
                               : r.value(out.series, out.stat, out.step);
    };
    // The scenario with `p` at `value`, made certain there; none when that breaks a rule (a start that
    // draws more power than it has).
    auto variant = [&](Param p, double value) -> std::optional<Scenario> {
        Scenario s = scenario;
        s.removeInterval(p);
        s.setValue(p, value);
        try {
            validateScenario(s, scenario.name);
        } catch (const ScenarioError &) {
            return std::nullopt;
        }
        return s;
    };
    out.baseOutput = outputOf(scenario);
    for (Param p : params) {
        if (cancelled) {
            break;
        }
        const ParamInfo &info = paramInfo(p);
        SensitivityEntry e;
        e.param = p;
        const double v = scenario[p];
        if (const auto &interval = scenario.intervals[static_cast<std::size_t>(p)]) {
            e.lowValue = interval->p5;
            e.highValue = interval->p95;
            e.fromInterval = true;
        } else {
            e.lowValue = std::clamp(v * (1 - request.relativeRange), info.minValue, info.maxValue);
            e.highValue = std::clamp(v * (1 + request.relativeRange), info.minValue, info.maxValue);
            if (info.integer) {
                e.lowValue = std::clamp(std::floor(e.lowValue), info.minValue, info.maxValue);
                e.highValue = std::clamp(std::ceil(e.highValue), info.minValue, info.maxValue);
            }
        }
        const std::optional<Scenario> low = variant(p, e.lowValue), high = variant(p, e.highValue);
        e.outputAtLow = low && (e.fromInterval || e.lowValue != v) ? outputOf(*low) : out.baseOutput;
        e.outputAtHigh = high && (e.fromInterval || e.highValue != v) ? outputOf(*high) : out.baseOutput;
        if (!low || !high) {
            e.note = "the start would draw more power than power_gw gives at the " +
                     std::string(!low ? "low" : "high") + " value; not varied there";
        }
        out.entries.push_back(e);
    }
    out.cancelled = cancelled;
    std::stable_sort(
        out.entries.begin(), out.entries.end(),
        [](const SensitivityEntry &a, const SensitivityEntry &b) { return a.swing() > b.swing(); });
    return out;
}

} // namespace jevons
