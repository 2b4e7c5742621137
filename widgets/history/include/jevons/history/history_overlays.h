#pragma once
// Observed history for the projection fans, built from the dataset (bundled rows and the user's imports).
//
// x convention: the fan charts' (FanChart::setHistory): months since the scenario's start month, negative
// before it, so x = -1 is the month before step 0. y is in the engine series' own unit (H100e, USD per
// million tokens, USD per month). Only months strictly before the start month are returned: the scenario
// takes over from its start. monthOffsetToMsecs() converts an x to milliseconds since the epoch if a chart
// needs a time axis.

#include "jevons/dataset/dataset.h"
#include "jevons/engine/scenario.h"

#include <QList>
#include <QPointF>
#include <QString>
#include <QStringList>

#include <vector>

namespace jevons::ui {

class FanChart;
class ChartPanel;

/// One observed series for a fan chart.
struct ObservedSeries {
    QList<QPointF> points;     ///< (months since the start month, value in `unit`), x < 0, ascending x
    QString label;             ///< legend label, e.g. "Observed: NVIDIA cumulative shipments (Epoch AI)"
    QString unit;              ///< "H100e", "USD per million tokens", "USD per month"
    QString description;       ///< one or two sentences: what the series is and how it was derived
    QStringList sources;       ///< the references of the rows used ("REF — TOPIC; as of ...")
    bool userSupplied = false; ///< some rows used are the user's imports
};

/// Months between the start month and the month of `year`/`month` (1..12): negative before the start.
int monthOffset(int year, int month, int startYear, int startMonth);
/// Milliseconds since the epoch of the first day (local time, as QDateTimeAxis shows it) of month `offset`
/// after the start month; fractions of a month interpolate within it.
double monthOffsetToMsecs(double offset, int startYear, int startMonth);

/// A point of the cumulative NVIDIA shipments in H100e (installed compute before retirements).
struct CumulativeAnchor {
    int monthIndex = 0; ///< year * 12 + (month - 1) of the first day after the span: end of 2023 = Jan 2024
    double h100e = 0;   ///< cumulative H100e from the start of the first year to then
    QString label;      ///< "End of 2023"
    std::vector<const data::Row *> rows; ///< rows summed (accelerator_shipments) or used (compute_estimates)
    bool fromTotal = false; ///< the point is the estimator's own cumulative total (compute_estimates)
    bool userSupplied = false;
};

/// Cumulative NVIDIA data-centre AI GPU shipments in H100e: Epoch AI's yearly NVIDIA totals
/// (accelerator_shipments: vendor NVIDIA, a product named "all ...", no buyer, yearly period, h100e given)
/// summed from their first year, consecutive years only, starting at 0 at the start of that year; then
/// Epoch AI's own cumulative total (compute_estimates: cumulative_shipments of NVIDIA, unit H100e) where it
/// is dated after the last year. Retirements are not subtracted and other vendors are not in H100e in the
/// dataset, so this is a lower bound on installed compute.
std::vector<CumulativeAnchor> cumulativeNvidiaH100e(const data::Dataset &dataset);

/// Installed compute (H100e), one point per month (value at the first day of the month), linear between
/// the anchors of cumulativeNvidiaH100e(), from its first anchor to the month before the start month.
ObservedSeries observedInstalledCompute(const data::Dataset &dataset, int startYear, int startMonth);

/// Token price (USD per million tokens): the *frontier blended* list price, not a volume-weighted one (the
/// dataset has no token volumes by model). Each month, every provider's current flagship is its latest
/// frontier = 1 row of api_prices dated on or before that month, blended 3:1 input:output as in
/// jevons::data::apiPricePoints(); the point is the geometric mean over the providers that have one (a
/// geometric mean because prices differ by orders of magnitude). A year-only date counts from July of that
/// year (the fit places it mid-year). From the first frontier price to the month before the start month.
ObservedSeries observedTokenPrice(const data::Dataset &dataset, int startYear, int startMonth);

/// Capex (USD per month): the hyperscalers' quarterly capex (capex_quarterly) summed over the companies
/// reporting that quarter, divided by 3, at the middle month of the quarter. Only quarters in which every
/// company of the table reports are used, so that the sum does not jump when a company's series starts.
ObservedSeries observedCapexPerMonth(const data::Dataset &dataset, int startYear, int startMonth);

/// Sets the observed series on the fans that have one (by chart id: supply_demand gets installed compute,
/// token_price the token price, capex_revenue the capex); other charts are left alone. Returns how many
/// fans got a series.
int applyObservedHistory(const QList<FanChart *> &fans, const data::Dataset &dataset,
                         const Scenario &scenario);

} // namespace jevons::ui
