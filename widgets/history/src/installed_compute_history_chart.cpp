#include "jevons/history/installed_compute_history_chart.h"

#include "history_chart_helpers.h"
#include "jevons/charts/chart_support.h"
#include "jevons/charts/chart_view.h"
#include "jevons/market/data_store.h"
#include "jevons/market/history_data.h"
#include "jevons/market/history_selections.h"
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
    const InstalledComputeSelection selection = selectInstalledCompute(m_store->dataset());
    const QString unit = selection.unit;
    // What the series below draw: the selection's points with their tooltip indices.
    struct Point {
        double x, y;
        int plotted;
        bool user;
        bool lowerBound;
        QString label;
    };
    QList<Point> line, others;
    auto take = [&](const std::vector<ComputePoint> &points, QList<Point> &out) {
        for (const ComputePoint &p : points) {
            m_sources.add(*p.table, p.rows);
            out.append({p.x, p.h100e, addPlotted(p.provenance), p.user, p.lowerBound, p.label});
        }
    };
    take(selection.line, line);
    take(selection.estimates, others);
    if (line.isEmpty() && others.isEmpty())
        return;
    const double minX = selection.minX, maxX = selection.maxX, maxY = selection.maxY,
                 minPositive = selection.minPositive;
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

    m_caption = selection.caption;
    m_csv = csvLine(selection.csvHeader);
    for (const std::vector<ComputePoint> *points : {&selection.line, &selection.estimates})
        for (const ComputePoint &p : *points)
            m_csv += csvLine({p.csvSeries, p.provenance.date, p.provenance.label, csvNumber(p.h100e),
                              p.user ? QStringLiteral("1") : QStringLiteral("0")});
}

} // namespace jevons::ui
