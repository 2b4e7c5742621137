#pragma once
// The backtest (docs/model.md, "Backtest"): start the model at a past month from only what was known then,
// run it forward, and score its fans against the observations that came after. One as-of month, or every
// quarter the dataset allows (rolling). Everything a view needs is in BacktestResult. Plain C++ (no Qt).

#include "jevons/backtest/calibration.h"
#include "jevons/backtest/dating.h"
#include "jevons/backtest/observations.h"
#include "jevons/backtest/scores.h"
#include "jevons/engine/engine.h"

#include <array>
#include <map>
#include <string>
#include <vector>

namespace jevons::backtest {

struct BacktestOptions {
    RowDating dating = RowDating::Described;
    SimulationSettings settings; ///< paths, seed, backend, threads of each run
};

/// The band levels a result carries, in the observed quantity (stat order of the engine: p5 .. p95).
inline constexpr std::array<Stat, 7> BandStats = {Stat::P5,  Stat::P10, Stat::P25, Stat::P50,
                                                  Stat::P75, Stat::P90, Stat::P95};

/// One scored observation.
struct PointScore {
    std::string series; ///< the mapping id
    MonthIndex month = 0;
    int step = 0;               ///< month - as-of
    double observed = 0;        ///< the observation, in the mapping's unit (not scaled)
    double scale = 1;           ///< the mapping's factor
    double offset = 0;          ///< the mapping's offset at this step (0 but for the NVIDIA count)
    double modelEquivalent = 0; ///< the observation in the model series' unit: (observed - offset) / scale
    double pit = 0;             ///< share of paths below modelEquivalent (ties half)
    bool inP25P75 = false;
    bool inP5P95 = false;
    double crps = 0; ///< CRPS of ln(value), in the observed quantity
    std::array<double, BandStats.size()>
        band{};         ///< p5 .. p95 of the fan at this step, in the observed quantity
    std::string source; ///< one line: how the value was made and from which rows
    std::vector<RowRef> rows;
};

/// A fan from the as-of month in one mapping's observed quantity, for the chart of a scored series.
struct MappedFan {
    std::string series;                                     ///< the mapping id
    std::vector<std::array<double, BandStats.size()>> band; ///< per step 0..T: p5 .. p95
    std::vector<double> mean;                               ///< per step, mapped like the band
};

struct BacktestResult {
    Calibration calibration; ///< the start state, its rows, the scenario run
    SimulationResult run;    ///< the engine's result (distributions kept: any quantile or PIT can be read)
    std::vector<MappedFan> fans;    ///< one per mapping, in mappings() order
    std::vector<PointScore> points; ///< ascending by series (mappings() order), then month
    ScoreSummary summary;
    std::map<std::string, ScoreSummary> bySeries; ///< every mapping, with or without points
    /// Months of the fans, "YYYY-MM" for steps 0..T.
    std::vector<std::string> months() const;
};

/// Calibrates `base` as of `asOf` (see calibrate()), runs it, and scores every observation after `asOf`
/// within the horizon. Throws like calibrate() and simulate().
BacktestResult runBacktest(const data::Dataset &dataset, const Scenario &base, MonthIndex asOf,
                           const BacktestOptions &options, const ProgressFn &progress = {});

/// The as-of months of the rolling mode: the first month of every calendar quarter the dataset allows.
std::vector<MonthIndex> rollingMonths(const data::Dataset &dataset, RowDating dating);

struct RollingResult {
    Scenario base; ///< the scenario each start was calibrated from
    std::vector<BacktestResult> runs;
    ScoreSummary summary; ///< over the points of every run
    std::map<std::string, ScoreSummary> bySeries;
};
/// One backtest per month of rollingMonths(). `progress` gets the runs done and the number of runs.
RollingResult runRolling(const data::Dataset &dataset, const Scenario &base, const BacktestOptions &options,
                         const ProgressFn &progress = {});

/// The JSON of the issue: {as_of, scenario, inputs, points, summary}; numbers in the C locale, round trip.
std::string toJson(const BacktestResult &result);
/// Rolling: {as_of: "all", scenario, runs: [the object above, per as-of month], summary} (the summary over
/// every run's points).
std::string toJson(const RollingResult &result);
/// One row per point, with a header; rolling results add every run's points.
std::string toCsv(const BacktestResult &result);
std::string toCsv(const RollingResult &result);

} // namespace jevons::backtest
