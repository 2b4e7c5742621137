// The design of a sweep (a grid, or Saltelli's scheme over the uncertain inputs) and one run per point.
#include "jevons/sweep/sweep.h"

#include <cmath>

namespace jevons::sweep {

std::vector<double> GridAxis::values() const
{
    std::vector<double> out(static_cast<std::size_t>(steps));
    const ParamInfo &info = paramInfo(param);
    for (int i = 0; i < steps; ++i) {
        double x;
        if (i == 0 || steps == 1) {
            x = from; // both ends exactly as written, whatever the rounding of the interpolation
        } else if (i == steps - 1) {
            x = to;
        } else {
            const double t = double(i) / double(steps - 1);
            x = spacing == Spacing::Log ? std::exp(std::log(from) + t * (std::log(to) - std::log(from)))
                                        : from + t * (to - from);
        }
        out[std::size_t(i)] = info.integer ? std::floor(x + 0.5) : x;
    }
    return out;
}

namespace {

/// Saltelli's rows for N base samples over the J uncertain inputs. A and B are the engine's own draws of the
/// inputs (drawInputs: paths 0..N-1 and N..2N-1 under the sweep's seed), so they follow the scenario's
/// distributions and copula exactly. The swap that makes AB^j is done on the independent normal scores n
/// behind the copula (z = L n), so every row keeps the inputs' correlations; without correlations L = I and
/// this is the textbook swap of input j.
void saltelliRows(const SweepSpec &spec, Design &design)
{
    const Scenario &s = spec.scenario;
    const std::vector<Param> inputs = s.uncertainInputs();
    const std::size_t J = inputs.size();
    const std::size_t N = std::size_t(spec.sobol->baseSamples);
    SimulationSettings settings;
    settings.paths = 2 * N;
    settings.seed = spec.seed;
    settings.backend = Backend::Cpu;
    const InputDraws draws = drawInputs(s, settings, 2 * N);
    std::vector<double> L = copulaCholesky(s);
    if (L.empty()) { // validated scenarios are positive definite; an identity keeps this total
        L.assign(J * J, 0.0);
        for (std::size_t j = 0; j < J; ++j) {
            L[j * J + j] = 1;
        }
    }
    // n = L^-1 z by forward substitution, per drawn row.
    auto independent = [&](std::size_t row) {
        std::vector<double> n(J);
        for (std::size_t i = 0; i < J; ++i) {
            double sum = double(draws.scores[row * J + i]);
            for (std::size_t l = 0; l < i; ++l) {
                sum -= L[i * J + l] * n[l];
            }
            n[i] = sum / L[i * J + i];
        }
        return n;
    };
    auto valuesOf = [&](const std::vector<double> &n) {
        std::vector<double> x(J);
        for (std::size_t i = 0; i < J; ++i) {
            double z = 0;
            for (std::size_t l = 0; l <= i; ++l) {
                z += L[i * J + l] * n[l];
            }
            const ParamInfo &info = paramInfo(inputs[i]);
            x[i] = intervalQuantileAtScore(info, s[inputs[i]], *s.intervals[std::size_t(inputs[i])], z);
        }
        return x;
    };
    design.parameters = inputs;
    design.points.reserve(N * (J + 2));
    for (std::size_t k = 0; k < N; ++k) {
        const std::vector<double> a = independent(k), b = independent(N + k);
        design.points.push_back(valuesOf(a));
        for (std::size_t j = 0; j < J; ++j) {
            std::vector<double> ab = a;
            ab[j] = b[j];
            design.points.push_back(valuesOf(ab));
        }
        design.points.push_back(valuesOf(b));
    }
}

void gridRows(const SweepSpec &spec, Design &design)
{
    std::vector<std::vector<double>> axes;
    std::size_t count = 1;
    for (const GridAxis &axis : spec.grid) {
        design.parameters.push_back(axis.param);
        axes.push_back(axis.values());
        count *= axes.back().size();
    }
    design.points.reserve(count);
    for (std::size_t i = 0; i < count; ++i) {
        std::vector<double> row(axes.size());
        std::size_t rest = i;
        for (std::size_t a = axes.size(); a-- > 0;) { // the last axis varies fastest
            row[a] = axes[a][rest % axes[a].size()];
            rest /= axes[a].size();
        }
        design.points.push_back(std::move(row));
    }
}

std::string describePoint(const Design &design, std::size_t i)
{
    std::string text = "design point " + std::to_string(i) + " (";
    for (std::size_t c = 0; c < design.parameters.size(); ++c) {
        text += (c ? ", " : "") + std::string(paramInfo(design.parameters[c]).key) + " = " +
                formatNumber(design.points[i][c], 10);
    }
    return text + ")";
}

} // namespace

Design buildDesign(const SweepSpec &spec)
{
    Design design;
    if (spec.sobol) {
        saltelliRows(spec, design);
    } else {
        gridRows(spec, design);
    }
    // Every point is checked before anything runs: a sweep fails at once (exit 2), not after hours.
    for (std::size_t i = 0; i < design.size(); ++i) {
        try {
            validateScenario(pointScenario(spec, design, i), spec.sourceName);
        } catch (const ScenarioError &e) {
            throw SweepError(std::string(e.what()) + " at " + describePoint(design, i));
        }
    }
    return design;
}

Scenario pointScenario(const SweepSpec &spec, const Design &design, std::size_t i)
{
    Scenario s = spec.sobol ? spec.scenario.withoutUncertainty() : spec.scenario;
    for (std::size_t c = 0; c < design.parameters.size(); ++c) {
        const Param p = design.parameters[c];
        if (s.isUncertain(p)) {
            s.removeInterval(p); // a swept value is a point value, as a scenario file would give it
        }
        s.setValue(p, design.points[i][c]);
    }
    return s;
}

SimulationSettings pointSettings(const SweepSpec &spec, Backend backend, int threads)
{
    SimulationSettings settings;
    settings.paths = spec.paths;
    settings.seed = spec.seed;
    settings.backend = backend;
    settings.threads = threads;
    return settings;
}

std::vector<double> recordOutputs(const SweepSpec &spec, const SimulationResult &result)
{
    std::vector<double> out;
    out.reserve(spec.outputs.size());
    for (const OutputSpec &o : spec.outputs) {
        out.push_back(o.probability ? result.probability(*o.probability)[std::size_t(o.month)]
                                    : result.value(o.series, o.stat, o.month));
    }
    return out;
}

std::vector<double> runPoint(const SweepSpec &spec, const Design &design, std::size_t i,
                             const SimulationSettings &settings)
{
    const SimulationResult result = simulate(pointScenario(spec, design, i), settings);
    if (result.cancelled) {
        throw std::runtime_error("design point " + std::to_string(i) + " was cancelled");
    }
    return recordOutputs(spec, result);
}

} // namespace jevons::sweep
