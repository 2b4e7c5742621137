// simulate() and the recording entry points: settings checks, backend choice and the fall-back from CUDA to
// the CPU. The run itself is a PartialRun over all paths (partial.cpp).
#include "run.h"

#include "jevons/engine/partial.h"

#include "backends.h"
#include "model_setup.h"

#include <omp.h>

#include <algorithm>
#include <stdexcept>

namespace jevons {

static_assert(detail::OutputCount == SeriesCount, "the kernel writes one output per series of engine.h");
static_assert(detail::FlagCount == ProbabilityCount,
              "the kernel flags one event per probability of engine.h");

namespace detail {

void checkSettings(const SimulationSettings &s)
{
    if (s.paths < 1 || s.paths > MaxPaths) {
        throw std::invalid_argument("paths must be between 1 and 10000000000, got " +
                                    std::to_string(s.paths));
    }
    if (s.threads < 0 || s.threads > 1024) {
        throw std::invalid_argument("threads must be between 0 (all cores) and 1024, got " +
                                    std::to_string(s.threads));
    }
    if (s.histogramBins < 64 || s.histogramBins > 10000) {
        throw std::invalid_argument("histogram bins must be between 64 and 10000");
    }
}

int threadsFor(const SimulationSettings &s)
{
    return s.threads > 0 ? s.threads : std::max(1, omp_get_num_procs());
}
void checkRequest(const Scenario &scenario, const SimulationSettings &settings)
{
    validateScenario(scenario, scenario.name.empty() ? std::string("<scenario>") : scenario.name);
    checkSettings(settings);
    if (settings.backend == Backend::Cuda && !cudaAvailable()) {
        throw std::runtime_error("the CUDA backend was requested but is not available: " +
                                 cudaDeviceDescription());
    }
}

} // namespace detail

namespace {

SimulationResult runAll(const Scenario &scenario, const SimulationSettings &settings,
                        const ProgressFn &progress)
{
    PartialRun run(scenario, settings);
    std::uint64_t reported = 0;
    const bool complete = run.run(0, settings.paths, [&](std::uint64_t done, std::uint64_t total) {
        reported = done;
        return !progress || progress(done, total);
    });
    if (complete) {
        return run.finish();
    }
    SimulationResult cancelled;
    cancelled.scenario = scenario;
    cancelled.settings = settings;
    cancelled.steps = scenario.steps();
    cancelled.cancelled = true;
    cancelled.pathsDone = std::min(reported, run.pathsDone());
    return cancelled;
}

} // namespace

SimulationResult simulate(const Scenario &scenario, const SimulationSettings &settings,
                          const ProgressFn &progress)
{
    detail::checkRequest(scenario, settings);
    SimulationSettings cpu = settings;
    cpu.backend = Backend::Cpu;
    const bool useCuda =
        settings.backend == Backend::Cuda || (settings.backend == Backend::Auto && cudaAvailable());
    if (!useCuda) {
        SimulationResult r = runAll(scenario, cpu, progress);
        r.settings.backend = settings.backend;
        return r;
    }
    try {
        return runAll(scenario, settings, progress);
    } catch (const std::runtime_error &e) {
        if (settings.backend == Backend::Cuda) {
            throw;
        }
        // Auto: a failing GPU (no device after all, out of memory, a kernel error) must not stop the user.
        SimulationResult r = runAll(scenario, cpu, progress);
        r.settings.backend = settings.backend;
        r.notice = std::string(e.what()) + "; this run used the CPU instead";
        return r;
    }
}

std::vector<float> simulatePathValues(const Scenario &scenario, const SimulationSettings &settings,
                                      std::uint64_t count)
{
    detail::checkRequest(scenario, settings);
    if (count > 10'000'000) {
        throw std::invalid_argument("simulatePathValues keeps every value: at most 10000000 paths");
    }
    const detail::ModelSetup setup = detail::buildModel(scenario, settings);
    const std::size_t stepsPlus = static_cast<std::size_t>(setup.model.steps + 1);
    const std::size_t n = static_cast<std::size_t>(count);
    std::vector<float> byColumn(n * detail::OutputCount * stepsPlus), values(byColumn.size());
    if (!values.empty()) {
        (settings.backend == Backend::Cuda ? detail::cudaCalls() : detail::cpuCalls())
            .recordPaths(setup.model, setup.inputs, setup.steps, 0, count, detail::threadsFor(settings),
                         byColumn.data());
    }
    // The kernel records by column; this function's callers read path by path.
    for (std::size_t column = 0; column < detail::OutputCount * stepsPlus; ++column) {
        for (std::size_t p = 0; p < n; ++p) {
            values[p * detail::OutputCount * stepsPlus + column] = byColumn[column * n + p];
        }
    }
    return values;
}

InputDraws drawInputs(const Scenario &scenario, const SimulationSettings &settings, std::uint64_t count)
{
    detail::checkRequest(scenario, settings);
    if (count > 10'000'000) {
        throw std::invalid_argument("drawInputs keeps every draw: at most 10000000 paths");
    }
    const detail::ModelSetup setup = detail::buildModel(scenario, settings);
    InputDraws out;
    out.inputs = scenario.uncertainInputs();
    const std::size_t size = static_cast<std::size_t>(count) * out.inputs.size();
    out.values.resize(size);
    out.scores.resize(size);
    if (size > 0) {
        detail::cpuCalls().recordInputs(setup.model, setup.inputs, 0, count, out.values.data(),
                                        out.scores.data());
    }
    return out;
}
} // namespace jevons
