#include "jevons/history/nvidia_revenue_history_chart.h"

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

NvidiaRevenueHistoryChart::NvidiaRevenueHistoryChart(DataStore *store, QWidget *parent)
    : HistoryChart(store, parent)
{
    initHistoryChart(false);
}

void NvidiaRevenueHistoryChart::redraw()
{
    resetChart();
    const data::Table *table = m_store->table("nvidia_dc_revenue");
    if (!table)
        return;
    const QuartersSelection selection = selectNvidiaRevenue(*table);
    const AxisScale scale = chooseAxisScale(selection.maxValue);
    auto *series = new QStackedBarSeries;
    series->setBarWidth(0.7);
    auto *reported = new QBarSet(tr("Data Center revenue"));
    auto *user = new QBarSet(tr("Data Center revenue (user-supplied)"));
    QList<int> reportedIndices, userIndices;
    auto *axisX = new QBarCategoryAxis;
    m_csv = csvLine(selection.csvHeader);
    for (const SelectedQuarter &q : selection.quarters) {
        const int index = addPlotted(q.provenance);
        m_sources.add(*table, *q.row);
        reported->append(q.user ? 0.0 : q.usd / scale.divisor);
        user->append(q.user ? q.usd / scale.divisor : 0.0);
        reportedIndices << (q.user ? -1 : index);
        userIndices << (q.user ? index : -1);
        QString category = shortFiscalQuarter(q.quarter);
        while (axisX->categories().contains(category))
            category += QLatin1Char(' ');
        axisX->append(category);
        m_csv += csvLine({q.quarter, q.quarterEnd, csvNumber(q.usd / 1e9),
                          q.user ? QStringLiteral("1") : QStringLiteral("0")});
    }
    series->append(reported);
    bindHover(reported, reportedIndices);
    const bool hasUser = selection.anyUser;
    if (hasUser) {
        series->append(user);
        bindHover(user, userIndices);
    } else {
        delete user;
    }
    m_chart->addSeries(series);
    reported->setBrush(m_palette.series(2));
    reported->setPen(Qt::NoPen);
    if (hasUser) {
        user->setBrush(userBrush(m_palette.series(2)));
        user->setPen(QPen(m_palette.series(2), 1.5));
    }
    axisX->setTitleText(tr("NVIDIA fiscal quarter and year (FY2024 = February 2023 to January 2024)"));
    setShortAxisTitle(axisX, tr("NVIDIA fiscal quarter (FY2024 = Feb 2023 – Jan 2024)"));
    m_chart->addAxis(axisX, Qt::AlignBottom);
    styleAxis(axisX, m_palette, false);
    // The two-line labels ("Q2" over "23") fit a bar's width, but Qt elides each to "…" at 1366 pixels or
    // 2x scaling: draw them whole.
    axisX->setTruncateLabels(false);
    addValueAxis(axisTitle(tr("Revenue"), selection.unit, scale), 0, selection.maxValue / scale.divisor * 1.1,
                 false);
    attachToAxes(series);
    styleSeriesLegend();
    m_chart->legend()->setVisible(hasUser);
    m_caption = selection.caption;
}

} // namespace jevons::ui
