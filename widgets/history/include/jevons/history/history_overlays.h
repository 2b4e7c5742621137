#pragma once
// Observed history on the projection fans: the series of jevons/market/observed_history.h (the backtest's
// mappings of the observations it scores), set on the fans that have one.

#include "jevons/market/observed_history.h"

#include <QList>

namespace jevons::ui {

class FanChart;

/// Sets the observed history on the fans that have one (by chart id: supply_demand, token_price,
/// capex_revenue, gpu_hour_price); other fans are left alone. Each line carries its label and, under the
/// plot, the words of what it measures. Returns how many fans got a line.
int applyObservedHistory(const QList<FanChart *> &fans, const data::Dataset &dataset,
                         const Scenario &scenario);

} // namespace jevons::ui
