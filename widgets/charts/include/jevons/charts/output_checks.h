#pragma once
// What a headline number is worth: its Monte Carlo standard error (from the run itself), the digits that
// error supports, and whether the number left the range the model was calibrated for.

#include "jevons/engine/engine.h"

#include <QString>

#include <cstdint>

namespace jevons::ui {

/// Binomial standard error of a share `p` of `paths` independent paths: sqrt(p (1 - p) / paths).
double probabilityStandardError(double p, std::uint64_t paths);
/// Standard error of the `level` quantile of `s` at `step`, from the run: the order-statistic asymptote
/// sqrt(level (1 - level) / paths) / f, with the density f at the quantile read from the run's own quantiles
/// around it. The engine keeps no per-batch statistics, and two half-runs would double every run's cost.
double quantileStandardError(const SimulationResult &result, Series s, int step, double level);
/// Significant figures worth printing for `value` given its standard error: three at any magnitude (the
/// tiles' floor), four when the error is below half a unit of the fourth.
int significantFigures(double value, double standardError);
/// Decimals of a percentage whose standard error is `standardErrorPoints` percentage points (0 to 2).
int percentDecimals(double standardErrorPoints);

/// Why a value of `s` (its p50 and p95 at one month) lies outside the range the model was calibrated
/// for, in one sentence; empty when it lies within.
QString implausibility(Series s, double p50, double p95);

} // namespace jevons::ui
