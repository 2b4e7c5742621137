#include "jevons/charts/output_checks.h"

#include "jevons/market/number_format.h"

#include <QObject>

#include <algorithm>
#include <cmath>

namespace jevons::ui {

namespace {
// The ranges below are where docs/model.md's calibration has data behind it; far outside them a number
// is the formula extrapolated, not a forecast.
//
// Demand / supply: the demand rates are calibrated on installed-compute growth "assuming the market roughly
// cleared over 2019–2025" (docs/model.md, m_a), i.e. near D/S = 1. Ten times the installed base at the
// median, or a hundred times at p95, is far beyond any month in resources/data.
constexpr double MaxRatioP50 = 10;
constexpr double MaxRatioP95 = 100;
// Capex: the four hyperscalers spent about 400 B USD in 2025 (resources/data/capex_annual.csv, CY2025
// rows), 33 B a month. World output is about 110 T USD a year (IMF World Economic Outlook 2025, not in the
// dataset), 9 T a month; capex above 5 % of it (0.46 T a month) would need the world economy rebuilt.
constexpr double WorldGdpPerMonthUsd = 110e12 / 12;
constexpr double MaxCapexShareOfGdp = 0.05;
// Cumulative capex above a year of world output.
constexpr double MaxCumulativeCapexUsd = 110e12;
// The density of the quantile is read over level ± this step of the distribution function.
constexpr double DensityStep = 0.02;
} // namespace

double probabilityStandardError(double p, std::uint64_t paths)
{
    if (paths == 0)
        return 0;
    const double q = std::clamp(p, 0.0, 1.0);
    return std::sqrt(q * (1 - q) / double(paths));
}

double quantileStandardError(const SimulationResult &result, Series s, int step, double level)
{
    if (!result.hasDistributions() || result.pathsDone == 0)
        return 0;
    const double lo = std::max(0.0, level - DensityStep), hi = std::min(1.0, level + DensityStep);
    // dx/dF over the step is 1 / f: the quantile's spread per unit of probability.
    const double inverseDensity =
        (result.quantileAt(s, step, hi) - result.quantileAt(s, step, lo)) / (hi - lo);
    if (!std::isfinite(inverseDensity))
        return 0;
    return std::sqrt(level * (1 - level) / double(result.pathsDone)) * std::abs(inverseDensity);
}

int significantFigures(double value, double standardError)
{
    if (!(standardError > 0) || !std::isfinite(value) || value == 0)
        return 3;
    const double magnitude = std::floor(std::log10(std::abs(value)));
    const double fourthUnit = std::pow(10.0, magnitude - 3); // the place value of the fourth figure
    return standardError < 0.5 * fourthUnit ? 4 : 3;
}

int percentDecimals(double standardErrorPoints)
{
    if (!(standardErrorPoints > 0))
        return 1;
    if (standardErrorPoints < 0.005)
        return 2;
    if (standardErrorPoints < 0.05)
        return 1;
    return 0;
}

QString implausibility(Series s, double p50, double p95)
{
    switch (s) {
    case Series::DemandSupplyRatio:
        if (p50 > MaxRatioP50 || p95 > MaxRatioP95)
            return QObject::tr("Outside the calibrated range: demand/supply p50 %1, p95 %2; the model is "
                               "calibrated near a clearing market (ratio about 1, docs/model.md), above %3 "
                               "(p50) or %4 (p95) it extrapolates.")
                .arg(formatCompact(p50), formatCompact(p95), formatCompact(MaxRatioP50),
                     formatCompact(MaxRatioP95));
        break;
    case Series::Capex:
        if (p50 > MaxCapexShareOfGdp * WorldGdpPerMonthUsd)
            return QObject::tr("Implausible: capex p50 %1 a month is more than %2 % of world output (about "
                               "%3 a month); the four hyperscalers spent about $33B a month in 2025.")
                .arg(formatWithUnit(p50, QStringLiteral("USD")))
                .arg(MaxCapexShareOfGdp * 100)
                .arg(formatWithUnit(WorldGdpPerMonthUsd, QStringLiteral("USD")));
        break;
    case Series::CumulativeCapex:
        if (p50 > MaxCumulativeCapexUsd)
            return QObject::tr("Implausible: cumulative capex p50 %1 exceeds a year of world output (about "
                               "%2).")
                .arg(formatWithUnit(p50, QStringLiteral("USD")),
                     formatWithUnit(MaxCumulativeCapexUsd, QStringLiteral("USD")));
        break;
    default:
        break;
    }
    return {};
}

} // namespace jevons::ui
