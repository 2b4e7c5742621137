#pragma once
// The observed series a backtest scores, each mapped like for like onto the model quantity it measures, and
// the history overlays of the dashboard's fans: one and the same code, so that what a fan's history shows is
// what the backtest scores (docs/model.md, "Backtest", "Mappings"). Plain C++ (no Qt).

#include "jevons/backtest/dating.h"
#include "jevons/engine/engine.h"

#include <string>
#include <vector>

namespace jevons::backtest {

/// How one observed series measures a model series: observed ~ scale * model + offset(step).
struct Mapping {
    std::string id;                 ///< e.g. "nvidia_cumulative_h100e"
    std::string label;              ///< e.g. "NVIDIA cumulative shipments since 2022 (Epoch AI)"
    Series series = Series::Supply; ///< the model series measured
    double scale = 1;               ///< the mapping's factor
    /// The observed count includes the start's NVIDIA base and never retires, the model's supply includes
    /// all vendors and retires: offset(k) = C(start) - S0 * (1 - 1/(12 L))^k (see Transform).
    bool countSinceStart = false;
    std::string unit;   ///< of the observed values as scored (the series' unit: H100e, USD per month, ...)
    std::string reason; ///< why this mapping and factor
    std::string differences; ///< what still differs, in words
    std::string chartId;     ///< the dashboard fan it overlays ("supply_demand", "token_price", ...)
};
/// The scored series, in a fixed order.
const std::vector<Mapping> &mappings();
const Mapping *findMapping(std::string_view id);

/// A series, or a model output, the backtest does not score, and why.
struct LeftOut {
    std::string what;   ///< the dataset series or the model output
    std::string series; ///< the model series key it would measure ("" when none)
    std::string reason;
};
const std::vector<LeftOut> &leftOutSeries();

/// One observation: a month and a value in the mapping's unit (the dataset's figure converted to per month
/// and to units, not scaled by the mapping).
struct ObservedPoint {
    MonthIndex month = 0;
    double value = 0;
    std::string what;         ///< how the value was made from the rows, e.g. "sum of 2022-2024 totals"
    std::vector<RowRef> rows; ///< the rows it rests on
    bool userSupplied = false;
};
/// Every observation of a mapping in the dataset, ascending by month (all rows: an observation is what is
/// known now of what happened then). `everyMonth`: as the fans draw them, for a series that has a value
/// every month (the frontier price: every month from its first price to the end of the latest price's
/// quarter, the scored quarter-middle months among them, with the same values); the others are the same.
std::vector<ObservedPoint> observedPoints(const data::Dataset &dataset, const Mapping &mapping,
                                          bool everyMonth = false);

/// NVIDIA's cumulative shipments since its first counted year in H100e, Epoch AI (the observations of
/// "nvidia_cumulative_h100e"), with the rows behind each point, for the charts that cite them: the sum of
/// the yearly totals at the January after each year, then Epoch AI's own cumulative totals dated later.
struct CumulativeCount {
    MonthIndex month = 0;
    double h100e = 0;
    bool fromTotal = false;              ///< Epoch AI's own total (compute_estimates), else a sum of years
    const data::Table *table = nullptr;  ///< accelerator_shipments or compute_estimates
    std::vector<const data::Row *> rows; ///< of `table`: the years summed, or the total
};
std::vector<CumulativeCount> nvidiaCumulativeCount(const data::Dataset &dataset);

/// The mapping applied to a run: model values to the observed quantity and back.
struct Transform {
    double scale = 1;
    double cumulativeAtStart = 0; ///< C(start) for countSinceStart
    double startBase = 0;         ///< S0 in H100e
    double monthlyRetention = 1;  ///< 1 - 1/(12 L)
    bool countSinceStart = false;
    double offset(int step) const;
    double toObserved(double model, int step) const { return scale * model + offset(step); }
    double toModel(double observed, int step) const { return (observed - offset(step)) / scale; }
};
/// For a run of `scenario` that starts with NVIDIA's cumulative count at `cumulativeAtStart` (H100e).
Transform transformFor(const Mapping &mapping, const Scenario &scenario, double cumulativeAtStart);

/// The history drawn on one of the dashboard's fans: either the like-for-like observed series (mapped into
/// the fan's quantity by the backtest's mapping, so it joins the fan at the start) or, where none exists, the
/// history as written, with the words that say what it measures and why it differs.
struct HistoryOverlay {
    std::string chartId; ///< the fan: "supply_demand", "token_price", "capex_revenue", "gpu_hour_price", "power"
    Series series = Series::Supply; ///< the fan's series the points are in the unit of
    std::string mappingId;          ///< the backtest mapping behind it; empty when there is none
    bool likeForLike = false;       ///< points mapped into the fan's quantity (and scored by the backtest)
    bool primary = true;            ///< the one to draw when a fan shows a single history
    std::string label;              ///< what is drawn and how it is scaled (crosshair, caption, CSV)
    std::string legend;             ///< the same, short enough for a legend entry
    std::string explanation;        ///< one or two sentences: what the history measures and why it differs
    struct Point {
        MonthIndex month = 0;
        double value = 0; ///< in the fan series' unit
    };
    std::vector<Point> points;   ///< months before the scenario's start month, ascending
    std::vector<RowRef> sources; ///< the rows behind the points (each once)
    bool userSupplied = false;   ///< some rows are the user's imports
};
/// The history overlays for a scenario's fans, from the dataset (bundled rows and imports).
std::vector<HistoryOverlay> historyOverlays(const data::Dataset &dataset, const Scenario &scenario);

} // namespace jevons::backtest
