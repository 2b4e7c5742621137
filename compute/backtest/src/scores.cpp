#include "jevons/backtest/scores.h"

#include "jevons/engine/scenario.h"

#include <algorithm>
#include <cmath>
#include <numbers>

namespace jevons::backtest {

double crpsFromQuantiles(const std::function<double(double level)> &quantile, double observation, int levels)
{
    if (levels < 1 || !std::isfinite(observation)) {
        return std::numeric_limits<double>::quiet_NaN();
    }
    double sum = 0;
    for (int i = 0; i < levels; ++i) {
        const double tau = (double(i) + 0.5) / double(levels);
        const double q = quantile(tau);
        sum += ((observation < q ? 1.0 : 0.0) - tau) * (q - observation);
    }
    return 2.0 * sum / double(levels);
}

double crpsNormal(double mean, double sd, double observation)
{
    const double z = (observation - mean) / sd;
    const double cdf = 0.5 * std::erfc(-z / std::numbers::sqrt2);
    const double pdf = std::exp(-0.5 * z * z) / std::sqrt(2 * std::numbers::pi);
    return sd * (z * (2 * cdf - 1) + 2 * pdf - 1 / std::sqrt(std::numbers::pi));
}

int pitBin(double pit)
{
    return std::clamp(int(std::floor(pit * PitBins)), 0, PitBins - 1);
}

namespace {
std::string percent(double share)
{
    return formatNumber(100 * share, 2) + " %";
}
} // namespace

ScoreSummary summarize(const std::vector<PointOutcome> &points, std::size_t starts)
{
    ScoreSummary s;
    s.points = points.size();
    if (points.empty()) {
        s.reading = "No observation after the as-of month: nothing to score.";
        return s;
    }
    std::size_t in50 = 0, in90 = 0;
    double crps = 0, pit = 0;
    for (const PointOutcome &p : points) {
        in50 += p.inP25P75 ? 1 : 0;
        in90 += p.inP5P95 ? 1 : 0;
        crps += p.crps;
        pit += p.pit;
        ++s.pitHistogram[std::size_t(pitBin(p.pit))];
    }
    const double n = double(points.size());
    s.coverage50 = double(in50) / n;
    s.coverage90 = double(in90) / n;
    s.crpsMean = crps / n;
    s.meanPit = pit / n;

    // The binomial standard error is what independent points would give; points of one run move together
    // (one path's shocks carry through its months), so the real uncertainty is larger.
    const double se90 = std::sqrt(0.9 * 0.1 / n), se50 = std::sqrt(0.5 * 0.5 / n);
    std::string r = std::to_string(points.size()) + (points.size() == 1 ? " point" : " points");
    if (starts <= 1) {
        r += " from one start";
    } else {
        r += " from " + std::to_string(starts) + " starts";
    }
    r += points.size() < 10 ? ": too few to judge calibration; read them as a sketch. " : ". ";
    r += "The 90 % band holds " + std::to_string(in90) + " (" + percent(s.coverage90) +
         "; a calibrated fan holds 90 % ± " + percent(se90) +
         " with this many independent points) and the 50 % band " + std::to_string(in50) + " (" +
         percent(s.coverage50) + ", 50 % ± " + percent(se50) + ")";
    r += starts <= 1
             ? "; the points of one run are not independent, so the real margin is wider. "
             : "; the same observations are scored from several starts and are not independent, so the "
               "real margin is wider. ";
    if (s.meanPit > 0.65) {
        r += "Most observations lie above the fan's middle (mean PIT " + formatNumber(s.meanPit, 2) +
             "): the model runs cold (too low). ";
    } else if (s.meanPit < 0.35) {
        r += "Most observations lie below the fan's middle (mean PIT " + formatNumber(s.meanPit, 2) +
             "): the model runs hot (too high). ";
    } else {
        r += "The observations are roughly centred (mean PIT " + formatNumber(s.meanPit, 2) + "). ";
    }
    if (s.coverage90 < 0.9 - 2 * se90) {
        r += "Too many fall outside the 90 % band: the fans are too narrow (or off-centre), i.e. too "
             "confident.";
    } else if (s.coverage50 > 0.5 + 2 * se50) {
        r += "More fall inside the 50 % band than a calibrated fan would hold: the fans are wider than "
             "needed.";
    } else {
        r += "The band coverage is within what chance allows.";
    }
    s.reading = r;
    return s;
}

} // namespace jevons::backtest
