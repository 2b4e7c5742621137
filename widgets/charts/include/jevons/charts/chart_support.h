#pragma once
// Small helpers shared by the chart classes: month axes, nice ranges, legend toggling, CSV text.

#include "jevons/charts/chart_panel.h"

#include <QList>
#include <QPointF>
#include <QStringList>

#include <vector>

class QAbstractAxis;
class QCategoryAxis;
class QChart;
class QLegendMarker;
class QValueAxis;

namespace jevons::ui {

/// Fills a category axis with month labels at round intervals for steps firstStep..steps (firstStep <= 0:
/// months before the start, e.g. observed history), as many as fit the width, and sets that range.
void setMonthAxis(QCategoryAxis *axis, const Scenario &scenario, int steps, int widthPixels,
                  int firstStep = 0);
/// Lower and upper bound rounded outwards to 1/2/5 x 10^n, so axis labels are round numbers.
std::pair<double, double> niceRange(double low, double high, int ticks);
/// Round tick spacing (1/2/2.5/5 x 10^n) giving about `ticks` ticks over `span`.
double niceStep(double span, int ticks);
/// Sets the axis to [low, high] widened to round steps, with a tick on each step (about `ticks` ticks).
void setNiceRange(QValueAxis *axis, double low, double high, int ticks);
/// Points (step, value / divisor) for a whole series.
QList<QPointF> toPoints(const std::vector<double> &values, double divisor, double logFloor = 0);
/// Legend markers switch their series on and off; hidden ones stay listed, dimmed.
void makeLegendInteractive(QChart *chart);
/// Styles an axis for the palette (labels, title, grid).
void styleAxis(QAbstractAxis *axis, const ChartPalette &palette, bool compact);
/// A value axis for a fan's y: logarithmic (base 10, minor ticks) or linear, with label formats that
/// Qt Charts localises (it localises only formats with a precision).
QAbstractAxis *createValueAxis(bool log);
/// One CSV line: quotes fields that need it.
QString csvLine(const QStringList &fields);
/// Number as CSV text with full precision.
QString csvNumber(double value);

/// A label inside a sentence: "Demand / supply ratio" -> "demand / supply ratio", while a leading acronym
/// stays as it is ("AI revenue", "GPU-hour price").
QString inSentence(const QString &label);

} // namespace jevons::ui
