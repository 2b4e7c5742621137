// Model set-up: the point values the kernel reads as float, the uncertain inputs' two-piece normals and the
// copula's Cholesky factor (computed in double), and the per-step times.
#include "model_setup.h"

#include <cmath>

namespace jevons::detail {

namespace {

// The kernel's parameter slots (path_model.inl) follow jevons::Param; these spot checks catch a table that
// moved without the kernel.
static_assert(ParamSlots == ParamCount, "one kernel slot per parameter");
static_assert(static_cast<int>(Param::RevenueResponse) == 21 && static_cast<int>(Param::PowerGw) == 26 &&
                  static_cast<int>(Param::ExportControlAtStart) == 33 &&
                  static_cast<int>(Param::RestrictedEfficiency) == 35,
              "path_model.inl's ParamSlot must list the parameters in the order of jevons::Param");

constexpr double Z95 = 1.6448536269514722; // standard normal score of the 95th percentile

} // namespace

ModelSetup buildModel(const Scenario &s, const SimulationSettings &settings)
{
    ModelSetup out;
    ModelConstants &m = out.model;
    const int T = s.steps();
    m.steps = T;
    m.seedLo = static_cast<std::uint32_t>(settings.seed);
    m.seedHi = static_cast<std::uint32_t>(settings.seed >> 32);
    for (int p = 0; p < ParamCount; ++p) {
        m.params[p] = static_cast<float>(s.values[static_cast<std::size_t>(p)]);
    }

    const std::vector<Param> uncertain = s.uncertainInputs();
    InputModel &in = out.inputs;
    in.count = static_cast<int>(uncertain.size());
    const std::vector<double> cholesky = copulaCholesky(s);
    if (in.count > 0 && cholesky.empty()) {
        throw ScenarioError(s.name + ": key \"correlation\": " + checkCorrelations(s).message);
    }
    for (int j = 0; j < in.count; ++j) {
        const Param p = uncertain[static_cast<std::size_t>(j)];
        const ParamInfo &info = paramInfo(p);
        const Interval &interval = *s.intervals[static_cast<std::size_t>(p)];
        const double median = s[p];
        const bool log = interval.scale == IntervalScale::Log;
        in.param[j] = static_cast<int>(p);
        in.logScale[j] = log ? 1 : 0;
        in.integer[j] = info.integer ? 1 : 0;
        in.median[j] = static_cast<float>(log ? std::log(median) : median);
        in.lowSlope[j] =
            static_cast<float>((log ? std::log(median / interval.p5) : median - interval.p5) / Z95);
        in.highSlope[j] =
            static_cast<float>((log ? std::log(interval.p95 / median) : interval.p95 - median) / Z95);
        in.minValue[j] = static_cast<float>(info.minValue);
        in.maxValue[j] = static_cast<float>(info.maxValue);
        for (int i = 0; i <= j; ++i) {
            in.cholesky[j * MaxInputs + i] =
                static_cast<float>(cholesky[static_cast<std::size_t>(j * in.count + i)]);
        }
    }
    m.sharesSeries = settings.sharesSeries && in.count > 0 ? static_cast<int>(*settings.sharesSeries) : -1;

    out.steps.resize(static_cast<std::size_t>(T + 1));
    for (int k = 0; k <= T; ++k) {
        out.steps[static_cast<std::size_t>(k)].time = static_cast<float>(k / 12.0);
    }
    return out;
}

} // namespace jevons::detail
