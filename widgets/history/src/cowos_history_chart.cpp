#include "jevons/history/cowos_history_chart.h"

#include "history_chart_helpers.h"
#include "jevons/charts/chart_support.h"
#include "jevons/charts/chart_view.h"
#include "jevons/market/data_store.h"
#include "jevons/market/history_data.h"
#include "jevons/history/history_overlays.h"
#include "jevons/market/number_format.h"

#include <QBarCategoryAxis>
#include <QBarSeries>
#include <QBarSet>
#include <QCategoryAxis>
#include <QChart>
#include <QComboBox>
#include <QCursor>
#include <QGraphicsLayout>
#include <QDateTimeAxis>
#include <QLegend>
#include <QLegendMarker>
#include <QLineSeries>
#include <QLogValueAxis>
#include <QMenu>
#include <QRegularExpression>
#include <QScatterSeries>
#include <QStackedBarSeries>
#include <QToolButton>
#include <QToolTip>
#include <QValueAxis>

#include <algorithm>
#include <cmath>
#include <map>
#include <set>

namespace jevons::ui {

using namespace history_detail;

CowosHistoryChart::CowosHistoryChart(DataStore *store, QWidget *parent) : HistoryChart(store, parent)
{
    initHistoryChart(false);
}

void CowosHistoryChart::redraw()
{
    resetChart();
    const data::Table *table = m_store->table("cowos_capacity");
    if (!table)
        return;
    const QString unit = QStringLiteral("wafers/month");
    struct Point {
        double x;
        RangedValue v;
        int plotted;
        bool user;
        QString text;
    };
    // Series by supplier, with targets apart.
    QStringList keys;
    struct KeyInfo {
        QString supplier;
        bool target = false;
    };
    QList<KeyInfo> keyInfo; // per key: decisions are read from here, never from the (translated) key text
    std::map<QString, QList<Point>> bySeries;
    double minX = HUGE_VAL, maxX = -HUGE_VAL, maxY = 0;
    for (const data::Row &row : table->rows) {
        const QString metric = cellText(*table, row, "metric");
        const bool target = metric == QLatin1String("monthly_capacity_target");
        if ((metric != QLatin1String("monthly_capacity") && !target) ||
            !sameText(cellText(*table, row, "unit"), unit) || table->value(row, "period").empty())
            continue;
        const RangedValue v = rangedValue(*table, row, "value", "value_low", "value_high");
        if (!v.valid)
            continue;
        const QString supplier = cellText(*table, row, "supplier").simplified();
        const QString key = target ? tr("%1 target").arg(supplier) : supplier;
        if (!keys.contains(key)) {
            keys << key;
            keyInfo.append({supplier, target});
        }
        Provenance p = rowProvenance(*table, row);
        const QString estimator = cellText(*table, row, "estimator");
        p.label =
            tr("%1 CoWoS %2 (%3)").arg(supplier, target ? tr("capacity target") : tr("capacity"), estimator);
        p.value = v.value;
        p.unit = unit;
        p.valueText = v.describe(unit);
        p.date = tr("end of %1").arg(cellText(*table, row, "period"));
        m_sources.add(*table, row);
        const data::Date &period = table->date(row, "period");
        const double x = dateToMsecs(period);
        QString amount;
        if (v.isPoint)
            amount = formatCompact(v.value);
        else if (v.hasLow && v.hasHigh)
            amount = QStringLiteral("%1–%2").arg(formatCompact(v.low), formatCompact(v.high));
        else if (v.hasLow)
            amount = QStringLiteral("≥%1").arg(formatCompact(v.low));
        else
            amount = QStringLiteral("≤%1").arg(formatCompact(v.high));
        bySeries[key].append(
            {x, v, addPlotted(p), row.userSupplied, QStringLiteral("%1 %2").arg(estimator, amount)});
        minX = std::min(minX, x);
        maxX = std::max(maxX, x);
        maxY = std::max({maxY, v.value, v.hasHigh ? v.high : 0.0});
    }
    if (keys.isEmpty())
        return;
    const AxisScale scale = chooseAxisScale(maxY);
    QList<QPair<QScatterSeries *, Point>> labelled;
    QScatterSeries *userRing = nullptr;
    QList<int> userIndices;
    for (int i = 0; i < keys.size(); ++i) {
        const bool target = keyInfo[i].target;
        const QColor color = m_palette.series(target ? int(keys.indexOf(keyInfo[i].supplier)) : i);
        QScatterSeries *series = addScatter(m_chart, keys[i], color, target, target ? 12 : 11,
                                            target ? QScatterSeries::MarkerShapeRotatedRectangle
                                                   : QScatterSeries::MarkerShapeCircle);
        QList<int> indices;
        for (const Point &p : bySeries[keys[i]]) {
            series->append(p.x, p.v.value / scale.divisor);
            indices << p.plotted;
            labelled.append({series, p});
            if (p.user) {
                if (!userRing)
                    userRing = addScatter(m_chart, tr("User-supplied"), m_palette.ink, true, 18);
                userRing->append(p.x, p.v.value / scale.divisor);
                userIndices << p.plotted;
            }
        }
        bindHover(series, indices);
    }
    if (userRing)
        bindHover(userRing, userIndices);
    addYearAxis(minX, maxX);
    addValueAxis(axisTitle(tr("CoWoS capacity"), unit, scale), 0, maxY / scale.divisor * 1.1, false);
    for (QAbstractSeries *s : m_chart->series())
        attachToAxes(s);
    for (const auto &[series, p] : labelled) {
        if (p.v.hasLow && p.v.hasHigh)
            m_labels->addRange(series, p.x, p.v.low / scale.divisor, p.v.high / scale.divisor,
                               series->pen().color());
        m_labels->addLabel(series, QPointF(p.x, p.v.value / scale.divisor), p.text, m_palette.muted);
    }
    styleSeriesLegend();
    makeLegendInteractive(m_chart);
    m_caption =
        tr("TSMC's CoWoS advanced-packaging capacity (the binding constraint on accelerator output in "
           "2023–25) and that of other suppliers, in wafers per month at the end of the period, one point "
           "per estimate, labelled with the estimator; bars span stated ranges (midpoint drawn), \"≥\" "
           "marks lower bounds. Hollow diamonds: announced targets. Figures in other units (\"units\" per "
           "month or year) are not drawn. Rings: user-supplied.");
    m_csv = csvLine({QStringLiteral("series"), QStringLiteral("period"), QStringLiteral("estimate"),
                     QStringLiteral("drawn (wafers/month)"), QStringLiteral("low (wafers/month)"),
                     QStringLiteral("high (wafers/month)"), QStringLiteral("user_supplied")});
    for (const QString &key : keys)
        for (const Point &p : bySeries[key])
            m_csv += csvLine({key, m_plotted[p.plotted].date, p.text, csvNumber(p.v.value),
                              p.v.hasLow ? csvNumber(p.v.low) : QString(),
                              p.v.hasHigh ? csvNumber(p.v.high) : QString(),
                              p.user ? QStringLiteral("1") : QStringLiteral("0")});
}

} // namespace jevons::ui
