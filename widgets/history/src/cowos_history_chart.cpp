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
    const PointsSelection selection = selectCowos(*table);
    std::vector<int> plotted;
    for (const SelectedPoint &p : selection.points) {
        m_sources.add(*table, *p.row);
        plotted.push_back(addPlotted(p.provenance));
    }
    if (selection.series.empty())
        return;
    const AxisScale scale = chooseAxisScale(selection.maxY);
    QList<QPair<QScatterSeries *, const SelectedPoint *>> labelled;
    QScatterSeries *userRing = nullptr;
    QList<int> userIndices;
    for (const PointSeries &s : selection.series) {
        // Targets are told by the selection's flag, never by the (translated) series name.
        const bool target = s.target;
        QScatterSeries *series = addScatter(
            m_chart, s.name, m_palette.series(s.colour), target, target ? 12 : 11,
            target ? QScatterSeries::MarkerShapeRotatedRectangle : QScatterSeries::MarkerShapeCircle);
        QList<int> indices;
        for (int at : s.points) {
            const SelectedPoint &p = selection.points[std::size_t(at)];
            series->append(p.x, p.value.value / scale.divisor);
            indices << plotted[std::size_t(at)];
            labelled.append({series, &p});
            if (p.user) {
                if (!userRing)
                    userRing = addScatter(m_chart, tr("User-supplied"), m_palette.ink, true, 18);
                userRing->append(p.x, p.value.value / scale.divisor);
                userIndices << plotted[std::size_t(at)];
            }
        }
        bindHover(series, indices);
    }
    if (userRing)
        bindHover(userRing, userIndices);
    addYearAxis(selection.minX, selection.maxX);
    addValueAxis(axisTitle(tr("CoWoS capacity"), selection.unit, scale), 0,
                 selection.maxY / scale.divisor * 1.1, false);
    for (QAbstractSeries *s : m_chart->series())
        attachToAxes(s);
    for (const auto &[series, p] : labelled) {
        const RangedValue &v = p->value;
        if (v.hasLow && v.hasHigh)
            m_labels->addRange(series, p->x, v.low / scale.divisor, v.high / scale.divisor,
                               series->pen().color());
        m_labels->addLabel(series, QPointF(p->x, v.value / scale.divisor), p->text, m_palette.muted);
    }
    styleSeriesLegend();
    makeLegendInteractive(m_chart);
    m_caption = selection.caption;
    m_csv = csvLine(selection.csvHeader);
    for (const PointSeries &s : selection.series)
        for (int at : s.points) {
            const SelectedPoint &p = selection.points[std::size_t(at)];
            m_csv += csvLine({s.name, p.provenance.date, p.text, csvNumber(p.value.value),
                              p.value.hasLow ? csvNumber(p.value.low) : QString(),
                              p.value.hasHigh ? csvNumber(p.value.high) : QString(),
                              p.user ? QStringLiteral("1") : QStringLiteral("0")});
        }
}

} // namespace jevons::ui
