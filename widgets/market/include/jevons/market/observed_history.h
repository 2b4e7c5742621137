#pragma once
// Observed history on the projection fans, as they draw it. What is drawn is
// jevons::backtest::historyOverlays(): the observations the backtest scores, mapped into each fan's quantity
// by the backtest's own mappings (compute/backtest, docs/model.md "Backtest", "Mappings"), so that the
// history shown is the history scored. This file only converts them for drawing, without Qt Charts: months to
// the fans' x, text to Qt strings, rows to source lines; widgets/history's applyObservedHistory() hands them
// to the fans.
//
// x convention: the fan charts' (FanChart::setHistories): months since the scenario's start month, negative
// before it, so x = -1 is the month before step 0. y is in the fan series' own unit (H100e, USD per million
// tokens, USD per month, USD per H100e-hour). Only months strictly before the start month are returned: the
// scenario takes over from its start. monthOffsetToMsecs() converts an x to milliseconds since the epoch if a
// chart needs a time axis.

#include "jevons/dataset/dataset.h"
#include "jevons/engine/scenario.h"

#include <QList>
#include <QPointF>
#include <QString>
#include <QStringList>

namespace jevons::ui {

/// One observed series for a fan chart, as the backtest maps it.
struct ObservedSeries {
    QString chartId;           ///< the fan it belongs on ("supply_demand", "token_price", ...)
    QString mappingId;         ///< the backtest mapping (empty for the GPU-hour price: none)
    bool likeForLike = false;  ///< mapped into the fan's quantity (and scored by the backtest)
    bool primary = true;       ///< the fan's first (solid) line
    QList<QPointF> points;     ///< (months since the start month, value in `unit`), x < 0, ascending x
    QString label;             ///< what is drawn and its scaling: crosshair, caption, CSV, legend tooltip
    QString legend;            ///< the same, short, for the legend entry
    QString unit;              ///< the fan series' unit
    QString description;       ///< what the history measures and why it differs from the fan, in words
    QString reason;            ///< the mapping's reason and what still differs (empty without a mapping)
    QStringList sources;       ///< the rows behind the points ("file › key; as of ...")
    bool userSupplied = false; ///< some rows used are the user's imports
};

/// Months between the start month and the month of `year`/`month` (1..12): negative before the start.
int monthOffset(int year, int month, int startYear, int startMonth);
/// Milliseconds since the epoch of the first day (local time, as QDateTimeAxis shows it) of month `offset`
/// after the start month; fractions of a month interpolate within it.
double monthOffsetToMsecs(double offset, int startYear, int startMonth);

/// backtest::historyOverlays() for `scenario`, in the fans' coordinates; the primary line of a fan first.
QList<ObservedSeries> observedHistory(const data::Dataset &dataset, const Scenario &scenario);

/// The words under a fan's plot for its observed line: the mapping's reason (else what the history
/// measures), then the rows behind it ("\nRows: file › key; as of ...; ...") when there are any.
QString observedDetails(const ObservedSeries &series);

} // namespace jevons::ui
