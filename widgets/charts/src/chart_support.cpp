#include "jevons/charts/chart_support.h"
#include "jevons/charts/theme.h"

#include "jevons/market/number_format.h"

#include <QAbstractAxis>
#include <QAbstractSeries>
#include <QCategoryAxis>
#include <QChart>
#include <QLegend>
#include <QLegendMarker>
#include <QLogValueAxis>
#include <QValueAxis>

#include <cmath>

namespace jevons::ui {

void setMonthAxis(QCategoryAxis *axis, const Scenario &scenario, int steps, int widthPixels, int firstStep)
{
    firstStep = std::min(firstStep, 0);
    const int span = steps - firstStep;
    // About one label per 90 px ("Apr 2027"), at 3, 6, 12, 24... month intervals.
    const int labelCount = std::max(2, widthPixels / 90);
    int interval = 3;
    while (span / interval + 1 > labelCount)
        interval *= 2;
    if (interval > 12)
        interval = (interval + 11) / 12 * 12; // whole years once past a year
    const bool yearsOnly = interval >= 12 && widthPixels / std::max(1, span / interval + 1) < 70;
    for (const QString &label : axis->categoriesLabels())
        axis->remove(label);
    axis->setStartValue(firstStep);
    // Labels at whole intervals from the start month (step 0), also before it when history is shown.
    for (int step = -(-firstStep / interval) * interval; step <= steps; step += interval) {
        const QString label = monthName(scenario, step);
        axis->append(yearsOnly ? label.right(4) : label, step); // labels must be unique: years are here
    }
    axis->setLabelsPosition(QCategoryAxis::AxisLabelsPositionOnValue);
    axis->setRange(firstStep, steps);
}

double niceStep(double span, int ticks)
{
    if (!(span > 0) || !std::isfinite(span))
        return 1;
    const double rough = span / std::max(1, ticks - 1);
    const double magnitude = std::pow(10.0, std::floor(std::log10(rough)));
    for (double factor : {1.0, 2.0, 2.5, 5.0})
        if (factor * magnitude >= rough)
            return factor * magnitude;
    return 10 * magnitude;
}

namespace {
/// A range that is a whole number of round steps around [low, high], and that step: one derivation for
/// niceRange() and setNiceRange().
struct NiceSteps {
    double low, high, step;
};
NiceSteps niceSteps(double low, double high, int ticks)
{
    if (!std::isfinite(low) || !std::isfinite(high))
        return {0, 1, niceStep(1, ticks)};
    if (high <= low) {
        const double pad = low == 0 ? 1 : std::abs(low) * 0.1;
        low -= pad;
        high += pad;
    }
    const double step = niceStep(high - low, ticks);
    return {std::floor(low / step + 1e-9) * step, std::ceil(high / step - 1e-9) * step, step};
}
} // namespace

std::pair<double, double> niceRange(double low, double high, int ticks)
{
    const NiceSteps nice = niceSteps(low, high, ticks);
    return {nice.low, nice.high};
}

void setNiceRange(QValueAxis *axis, double low, double high, int ticks)
{
    // One tick per step: labels land on round numbers.
    const NiceSteps nice = niceSteps(low, high, ticks);
    axis->setRange(nice.low, nice.high);
    axis->setTickCount(int(std::lround((nice.high - nice.low) / nice.step)) + 1);
}

QList<QPointF> toPoints(const std::vector<double> &values, double divisor, double logFloor)
{
    QList<QPointF> points;
    points.reserve(qsizetype(values.size()));
    for (std::size_t k = 0; k < values.size(); ++k) {
        double y = values[k] / divisor;
        if (logFloor > 0)
            y = std::max(y, logFloor); // a log axis cannot show 0 (cumulative capex at the start)
        points.append(QPointF(double(k), y));
    }
    return points;
}

void makeLegendInteractive(QChart *chart)
{
    for (QLegendMarker *marker : chart->legend()->markers()) {
        QObject::disconnect(marker, &QLegendMarker::clicked, nullptr, nullptr);
        QObject::connect(marker, &QLegendMarker::clicked, marker, [marker] {
            QAbstractSeries *series = marker->series();
            series->setVisible(!series->isVisible());
            marker->setVisible(true); // hiding a series hides its marker too: keep it, so it can come back
            QBrush label = marker->labelBrush();
            QColor color = label.color();
            color.setAlphaF(series->isVisible() ? 1.0f : 0.4f);
            label.setColor(color);
            marker->setLabelBrush(label);
            series->setProperty("userHidden", !series->isVisible());
        });
    }
}

void styleAxis(QAbstractAxis *axis, const ChartPalette &palette, bool compact)
{
    if (!axis)
        return;
    axis->setLabelsBrush(palette.ink);
    axis->setTitleBrush(palette.ink);
    axis->setGridLineColor(palette.grid);
    axis->setMinorGridLineColor(palette.grid.lighter(palette.dark ? 80 : 105));
    axis->setLinePenColor(palette.muted);
    QFont font = axis->labelsFont();
    font = scaledFont(compact ? 7.5 : 8.5, font);
    axis->setLabelsFont(font);
    QFont titleFont = axis->titleFont();
    titleFont = scaledFont(compact ? 7.5 : 9, titleFont);
    titleFont.setBold(false);
    axis->setTitleFont(titleFont);
}

QString csvLine(const QStringList &fields)
{
    QStringList quoted;
    quoted.reserve(fields.size());
    for (const QString &field : fields) {
        if (field.contains(QLatin1Char(',')) || field.contains(QLatin1Char('"')) ||
            field.contains(QLatin1Char('\n')))
            quoted << QLatin1Char('"') + QString(field).replace(QLatin1String("\""), QLatin1String("\"\"")) +
                          QLatin1Char('"');
        else
            quoted << field;
    }
    return quoted.join(QLatin1Char(',')) + QLatin1Char('\n');
}

QString csvNumber(double value)
{
    return std::isfinite(value) ? QString::number(value, 'g', 10) : QString();
}

QAbstractAxis *createValueAxis(bool log)
{
    if (log) {
        auto *axis = new QLogValueAxis;
        axis->setBase(10);
        axis->setLabelFormat(QStringLiteral("%.6g"));
        axis->setMinorTickCount(-1);
        return axis;
    }
    auto *axis = new QValueAxis;
    axis->setLabelFormat(QStringLiteral("%.4g"));
    return axis;
}

QString inSentence(const QString &label)
{
    if (label.size() >= 2 && label[0].isUpper() && label[1].isUpper())
        return label; // "AI", "GPU", "H100e": an acronym keeps its capitals
    QString out = label;
    if (!out.isEmpty())
        out[0] = out[0].toLower();
    return out;
}

} // namespace jevons::ui
