#pragma once
// Scores of a backtest (docs/model.md, "Backtest", "Scores"): the PIT of each observation, band coverage,
// the CRPS from a run's distribution, and the PIT histogram. Plain C++ (no Qt).

#include <array>
#include <cstddef>
#include <functional>
#include <limits>
#include <string>
#include <vector>

namespace jevons::backtest {

/// Quantile levels of the CRPS estimator: (i + 0.5) / CrpsLevels, i = 0 .. CrpsLevels - 1.
inline constexpr int CrpsLevels = 400;

/// The continuous ranked probability score of a forecast distribution F for an observation y, from F's
/// quantile function q: CRPS = 2 * integral over tau in (0, 1) of (1{y < q(tau)} - tau) * (q(tau) - y),
/// the pinball loss integrated over all levels (Gneiting and Raftery 2007, eq. 21 in the quantile form),
/// estimated by the midpoint rule on `levels` levels. In the unit of y.
double crpsFromQuantiles(const std::function<double(double level)> &quantile, double observation,
                         int levels = CrpsLevels);
/// The CRPS of a normal distribution N(mean, sd^2) in closed form:
/// sd * (z (2 Phi(z) - 1) + 2 phi(z) - 1 / sqrt(pi)), z = (y - mean) / sd.
double crpsNormal(double mean, double sd, double observation);

/// Bins of the PIT histogram: [0, 0.1), [0.1, 0.2), ..., [0.9, 1].
inline constexpr int PitBins = 10;
int pitBin(double pit);

/// What the summary reads from each point.
struct PointOutcome {
    double pit = 0;
    bool inP25P75 = false;
    bool inP5P95 = false;
    double crps = 0;
};

/// Scores over a set of points (one series, one run or several runs).
struct ScoreSummary {
    std::size_t points = 0;
    double coverage50 = std::numeric_limits<double>::quiet_NaN(); ///< share inside p25-p75 (ideal 0.5)
    double coverage90 = std::numeric_limits<double>::quiet_NaN(); ///< share inside p5-p95 (ideal 0.9)
    double crpsMean = std::numeric_limits<double>::quiet_NaN();   ///< mean CRPS of ln(value)
    double meanPit = std::numeric_limits<double>::quiet_NaN();    ///< 0.5 when centred; above: runs cold
    std::array<std::size_t, PitBins> pitHistogram{};
    std::string reading; ///< the scores in words, saying how few points they rest on and what that means
};
/// `starts`: how many as-of months the points come from (1 for one backtest).
ScoreSummary summarize(const std::vector<PointOutcome> &points, std::size_t starts = 1);

} // namespace jevons::backtest
