#pragma once
// Number and date formatting shared by every chart, tile and tooltip: "1.23M", "$2.00", "Apr 2027".

#include "jevons/engine/engine.h"

#include <QString>

namespace jevons::ui {

/// Compact number with a k/M/B/T suffix and about `significant` significant digits ("1.23M", "950",
/// "0.0123").
QString formatCompact(double value, int significant = 3);
/// Compact number in a unit: "$1.23B" for USD units, "1.2M H100e" otherwise; ratios stay plain ("1.05").
QString formatWithUnit(double value, const QString &unit, int significant = 3);
/// Exactly `significant` significant figures at any magnitude, trailing zeros kept ("$0.000123/Mtok",
/// "1.50", "2.30M H100e"), in the user's locale: for headline numbers, where a dropped digit misleads.
QString formatFigures(double value, const QString &unit, int significant = 3);
/// Unit shortened for axis titles and spin boxes: "USD per million tokens" -> "$/Mtok".
QString shortUnit(const QString &unit);

/// A power of 1000 that brings a range to readable axis labels, with its prefix ("", "k", "M", "B", "T").
struct AxisScale {
    double divisor = 1;
    QString prefix;
};
AxisScale chooseAxisScale(double maxAbsValue);
/// Axis title with the scale folded into the unit: "Demand (M H100e)", "Capex ($B / month)".
QString axisTitle(const QString &quantity, const QString &unit, const AxisScale &scale);

/// "Apr 2027": the month of step `step` of a scenario.
QString monthName(const Scenario &scenario, int step);
/// Months from step 0 to a step, as "+18 mo" (or "−3 mo" before the start month).
QString stepOffset(int step);

} // namespace jevons::ui
