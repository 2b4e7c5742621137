#include "jevons/history/installed_compute_history_chart.h"

#include "history_chart_helpers.h"
#include "jevons/charts/chart_support.h"
#include "jevons/charts/chart_view.h"
#include "jevons/market/data_store.h"
#include "jevons/market/history_data.h"
#include "jevons/backtest/observations.h"
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

InstalledComputeHistoryChart::InstalledComputeHistoryChart(DataStore *store, QWidget *parent)
    : HistoryChart(store, parent)
{
    initHistoryChart(true);
}

void InstalledComputeHistoryChart::redraw()
{
    resetChart();
    const data::Dataset &dataset = m_store->dataset();
    // The count the backtest scores and the supply fan's history is drawn from (compute/backtest).
    const std::vector<backtest::CumulativeCount> anchors = backtest::nvidiaCumulativeCount(dataset);
    const data::Table *shipments = dataset.find("accelerator_shipments");
    const data::Table *estimates = dataset.find("compute_estimates");
    if (!shipments || !estimates)
        return;
    const QString unit = QStringLiteral("H100e");

    struct Point {
        double x, y;
        int plotted;
        bool user;
        bool lowerBound;
        QString label;
    };
    QList<Point> line, others;
    std::set<const data::Row *> usedTotals;
    // The sum counts from January of its first year, one year before its first point.
    const int firstYear = anchors.empty() ? 0 : backtest::yearOf(anchors.front().month) - 1;
    for (const backtest::CumulativeCount &a : anchors) {
        const data::Table &table = *a.table;
        Provenance p = combinedProvenance(table, a.rows);
        const bool user =
            std::any_of(a.rows.begin(), a.rows.end(), [](const data::Row *r) { return r->userSupplied; });
        QString date;
        if (a.fromTotal) {
            usedTotals.insert(a.rows.front());
            p.label = tr("NVIDIA AI GPUs, cumulative (Epoch AI's total)");
            date = tr("Cumulative to %1")
                       .arg(QString::fromStdString(table.date(*a.rows.front(), "period").toString()));
        } else {
            p.label = tr("NVIDIA, cumulative shipments since %1").arg(firstYear);
            date = tr("End of %1").arg(backtest::yearOf(a.month) - 1);
            p.kind = tr("derived here (sum of %1)").arg(p.kind);
            QStringList parts;
            for (const data::Row *row : a.rows)
                parts << QStringLiteral("%1: %2%3")
                             .arg(yearText(shipments->date(*row, "period")),
                                  formatWithUnit(shipments->number(*row, "h100e"), unit),
                                  row->userSupplied ? tr(" (user-supplied)") : QString());
            p.detail = tr("Sum of Epoch AI's yearly NVIDIA totals: %1")
                           .arg(parts.join(QStringLiteral(", ")))
                           .toHtmlEscaped();
        }
        p.value = a.h100e;
        p.unit = unit;
        p.valueText = formatWithUnit(a.h100e, unit);
        p.date = date;
        m_sources.add(table, a.rows);
        const double x = yearToMsecs(a.month / 12.0);
        line.append({x, a.h100e, addPlotted(p), user, false, QString()});
    }
    for (const data::Row &row : estimates->rows) {
        const QString metric = cellText(*estimates, row, "metric");
        if ((metric != QLatin1String("installed_compute") &&
             metric != QLatin1String("cumulative_shipments")) ||
            !sameText(cellText(*estimates, row, "unit"), unit) || estimates->value(row, "period").empty() ||
            usedTotals.count(&row))
            continue;
        const RangedValue v = rangedValue(*estimates, row, "value", "value_low", "value_high");
        if (!v.valid)
            continue;
        Provenance p = rowProvenance(*estimates, row);
        p.label =
            QStringLiteral("%1, %2 (%3)")
                .arg(metric, cellText(*estimates, row, "scope"), cellText(*estimates, row, "estimator"));
        p.label.replace(QLatin1Char('_'), QLatin1Char(' '));
        p.value = v.value;
        p.unit = unit;
        p.valueText = v.describe(unit);
        p.date = cellText(*estimates, row, "period");
        m_sources.add(*estimates, row);
        const double x = dateToMsecs(estimates->date(row, "period"));
        QString label = QStringLiteral("%1%2, %3")
                            .arg(!v.isPoint && v.hasLow && !v.hasHigh ? QStringLiteral("> ") : QString(),
                                 formatWithUnit(v.value, unit), cellText(*estimates, row, "scope"));
        others.append(
            {x, v.value, addPlotted(p), row.userSupplied, !v.isPoint && v.hasLow && !v.hasHigh, label});
    }
    if (line.isEmpty() && others.isEmpty())
        return;
    double minX = HUGE_VAL, maxX = -HUGE_VAL, maxY = 0, minPositive = HUGE_VAL;
    for (const QList<Point> *list : {&line, &others})
        for (const Point &p : *list) {
            minX = std::min(minX, p.x);
            maxX = std::max(maxX, p.x);
            maxY = std::max(maxY, p.y);
            if (p.y > 0)
                minPositive = std::min(minPositive, p.y);
        }
    const AxisScale scale = chooseAxisScale(maxY);
    const bool log = m_logScale;

    auto *cumulative = new QLineSeries;
    cumulative->setName(tr("NVIDIA, cumulative (Epoch AI)")); // short: it shares a half-width legend row
    m_chart->addSeries(cumulative);
    QPen pen(m_palette.series(0));
    pen.setWidthF(2.2);
    cumulative->setPen(pen);
    cumulative->setPointsVisible(true);
    QList<int> lineIndices;
    for (const Point &p : line) {
        if (log && p.y <= 0)
            continue;
        cumulative->append(p.x, p.y / scale.divisor);
        lineIndices << p.plotted;
    }
    bindHover(cumulative, lineIndices);
    QScatterSeries *estimateSeries = nullptr;
    QScatterSeries *lowerSeries = nullptr;
    if (!others.isEmpty()) {
        estimateSeries = addScatter(m_chart, tr("Other estimates in H100e"), m_palette.series(1), false, 10);
        lowerSeries = addScatter(m_chart, tr("Lower bounds (\"more than\")"), m_palette.series(1), false, 12,
                                 QScatterSeries::MarkerShapeTriangle);
        QList<int> estimateIndices, lowerIndices;
        for (const Point &p : others) {
            QScatterSeries *target = p.lowerBound ? lowerSeries : estimateSeries;
            target->append(p.x, p.y / scale.divisor);
            (p.lowerBound ? lowerIndices : estimateIndices) << p.plotted;
        }
        bindHover(estimateSeries, estimateIndices);
        bindHover(lowerSeries, lowerIndices);
        for (QScatterSeries **series : {&estimateSeries, &lowerSeries}) {
            if ((*series)->count() == 0) {
                m_chart->removeSeries(*series);
                delete *series;
                *series = nullptr;
            }
        }
    }
    QScatterSeries *userRing = nullptr;
    QList<int> userIndices;
    for (const QList<Point> *list : {&line, &others})
        for (const Point &p : *list)
            if (p.user && !(log && p.y <= 0)) {
                if (!userRing)
                    userRing = addScatter(m_chart, tr("User-supplied"), m_palette.ink, true, 16);
                userRing->append(p.x, p.y / scale.divisor);
                userIndices << p.plotted;
            }
    if (userRing)
        bindHover(userRing, userIndices);

    addYearAxis(minX, maxX);
    addValueAxis(axisTitle(tr("Installed compute"), unit, scale), minPositive / scale.divisor,
                 maxY / scale.divisor * 1.1, log);
    for (QAbstractSeries *s : m_chart->series())
        attachToAxes(s);
    for (const Point &p : line)
        if (!(log && p.y <= 0) && p.y > 0)
            m_labels->addLabel(cumulative, QPointF(p.x, p.y / scale.divisor), formatCompact(p.y),
                               m_palette.ink);
    for (const Point &p : others)
        m_labels->addLabel(p.lowerBound ? static_cast<QAbstractSeries *>(lowerSeries) : estimateSeries,
                           QPointF(p.x, p.y / scale.divisor), p.label, m_palette.series(1));
    styleSeriesLegend();
    makeLegendInteractive(m_chart);

    m_caption =
        tr("Cumulative NVIDIA data-centre AI GPU shipments in H100e: Epoch AI's yearly totals summed from "
           "the first year (0 at its start), then Epoch AI's own cumulative total. Retirements are not "
           "subtracted and other vendors' chips are not given in H100e in the dataset, so this is a lower "
           "bound on installed compute; other H100e estimates are drawn as points (triangles: \"more "
           "than\" bounds). Hollow rings: user-supplied.");
    m_csv = csvLine({QStringLiteral("series"), QStringLiteral("date"), QStringLiteral("label"),
                     QStringLiteral("value (H100e)"), QStringLiteral("user_supplied")});
    for (const QList<Point> *list : {&line, &others})
        for (const Point &p : *list)
            m_csv +=
                csvLine({list == &line ? QStringLiteral("NVIDIA cumulative") : QStringLiteral("estimate"),
                         m_plotted[p.plotted].date, m_plotted[p.plotted].label, csvNumber(p.y),
                         p.user ? QStringLiteral("1") : QStringLiteral("0")});
}

} // namespace jevons::ui
