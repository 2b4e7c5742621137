#include "jevons/backtest/backtest.h"

#include <algorithm>
#include <cmath>
#include <stdexcept>

namespace jevons::backtest {

namespace {

/// ln of a value in the observed quantity; a point mass at 0 (no capex in a total disruption) stays finite,
/// as the variance shares treat it (docs/model.md).
double logOf(double v)
{
    return std::log(std::max(v, 1e-30));
}

std::string describeRow(const RowRef &r)
{
    return r.file + " › " + r.key + " (as of " + r.asOf + ")";
}

std::string sourceLine(const ObservedPoint &p)
{
    std::string s = p.what + ": ";
    for (std::size_t i = 0; i < p.rows.size(); ++i) {
        s += (i ? "; " : "") + describeRow(p.rows[i]);
    }
    return s;
}

PointOutcome outcome(const PointScore &p)
{
    return {p.pit, p.inP25P75, p.inP5P95, p.crps};
}

std::map<std::string, ScoreSummary> summariesBySeries(const std::vector<const PointScore *> &points,
                                                      std::size_t starts)
{
    std::map<std::string, ScoreSummary> out;
    for (const Mapping &m : mappings()) {
        std::vector<PointOutcome> outcomes;
        for (const PointScore *p : points) {
            if (p->series == m.id) {
                outcomes.push_back(outcome(*p));
            }
        }
        out[m.id] = summarize(outcomes, starts);
    }
    return out;
}

} // namespace

std::vector<std::string> BacktestResult::months() const
{
    std::vector<std::string> out;
    for (int k = 0; k <= run.steps; ++k) {
        out.push_back(calibration.scenario.monthLabel(k));
    }
    return out;
}

BacktestResult runBacktest(const data::Dataset &dataset, const Scenario &base, MonthIndex asOf,
                           const BacktestOptions &options, const ProgressFn &progress)
{
    BacktestResult r;
    r.calibration = calibrate(dataset, base, asOf, options.dating);
    r.run = simulate(r.calibration.scenario, options.settings, progress);
    if (r.run.cancelled || !r.run.hasDistributions()) {
        return r;
    }
    const int steps = r.run.steps;
    std::vector<const PointScore *> scored;
    for (const Mapping &m : mappings()) {
        const Transform t = transformFor(m, r.calibration.scenario, r.calibration.nvidiaCumulativeH100e);
        MappedFan fan;
        fan.series = m.id;
        for (int k = 0; k <= steps; ++k) {
            std::array<double, BandStats.size()> band{};
            for (std::size_t i = 0; i < BandStats.size(); ++i) {
                band[i] = t.toObserved(r.run.value(m.series, BandStats[i], k), k);
            }
            fan.band.push_back(band);
            fan.mean.push_back(t.toObserved(r.run.value(m.series, Stat::Mean, k), k));
        }
        for (const ObservedPoint &o : observedPoints(dataset, m)) {
            const int k = o.month - asOf;
            if (k < 1 || k > steps) {
                continue; // step 0 is the start state itself; beyond the horizon there is no fan
            }
            PointScore p;
            p.series = m.id;
            p.month = o.month;
            p.step = k;
            p.observed = o.value;
            p.scale = t.scale;
            p.offset = t.offset(k);
            p.modelEquivalent = t.toModel(o.value, k);
            p.pit = r.run.shareBelow(m.series, k, p.modelEquivalent);
            const double q5 = r.run.value(m.series, Stat::P5, k), q25 = r.run.value(m.series, Stat::P25, k);
            const double q75 = r.run.value(m.series, Stat::P75, k), q95 = r.run.value(m.series, Stat::P95, k);
            p.inP25P75 = q25 <= p.modelEquivalent && p.modelEquivalent <= q75;
            p.inP5P95 = q5 <= p.modelEquivalent && p.modelEquivalent <= q95;
            p.crps = crpsFromQuantiles(
                [&](double level) { return logOf(t.toObserved(r.run.quantileAt(m.series, k, level), k)); },
                logOf(o.value));
            p.band = fan.band[std::size_t(k)];
            p.source = sourceLine(o);
            p.rows = o.rows;
            r.points.push_back(std::move(p));
        }
        r.fans.push_back(std::move(fan));
    }
    std::vector<PointOutcome> outcomes;
    for (const PointScore &p : r.points) {
        outcomes.push_back(outcome(p));
        scored.push_back(&p);
    }
    r.summary = summarize(outcomes, 1);
    r.bySeries = summariesBySeries(scored, 1);
    return r;
}

std::vector<MonthIndex> rollingMonths(const data::Dataset &dataset, RowDating dating)
{
    std::vector<MonthIndex> out;
    const AllowedMonths allowed = allowedMonths(dataset, dating);
    if (!allowed.any) {
        return out;
    }
    for (MonthIndex m = allowed.first; m <= allowed.last; ++m) {
        if ((monthOf(m) - 1) % 3 == 0) {
            out.push_back(m);
        }
    }
    return out;
}

RollingResult runRolling(const data::Dataset &dataset, const Scenario &base, const BacktestOptions &options,
                         const ProgressFn &progress)
{
    RollingResult out;
    out.base = base;
    const std::vector<MonthIndex> months = rollingMonths(dataset, options.dating);
    if (months.empty()) {
        throw AsOfError("the dataset allows no backtest start with dating '" +
                        std::string(datingName(options.dating)) +
                        "': " + allowedMonths(dataset, options.dating).describe());
    }
    for (std::size_t i = 0; i < months.size(); ++i) {
        if (progress && !progress(i, months.size())) {
            return out;
        }
        out.runs.push_back(runBacktest(dataset, base, months[i], options));
    }
    if (progress) {
        progress(months.size(), months.size());
    }
    std::vector<PointOutcome> outcomes;
    std::vector<const PointScore *> scored;
    for (const BacktestResult &r : out.runs) {
        for (const PointScore &p : r.points) {
            outcomes.push_back(outcome(p));
            scored.push_back(&p);
        }
    }
    out.summary = summarize(outcomes, out.runs.size());
    out.bySeries = summariesBySeries(scored, out.runs.size());
    return out;
}

} // namespace jevons::backtest
