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
    std::vector<const data::Row *> rows;
    for (const data::Row &row : table->rows)
        if (std::isfinite(table->number(row, "revenue_usd_bn")))
            rows.push_back(&row);
    std::stable_sort(rows.begin(), rows.end(), [&](const data::Row *a, const data::Row *b) {
        return table->date(*a, "quarter_end").midYear() < table->date(*b, "quarter_end").midYear();
    });
    const QString unit = QStringLiteral("USD per quarter");
    double maxValue = 0;
    for (const data::Row *row : rows)
        maxValue = std::max(maxValue, table->number(*row, "revenue_usd_bn") * 1e9);
    const AxisScale scale = chooseAxisScale(maxValue);
    auto *series = new QStackedBarSeries;
    series->setBarWidth(0.7);
    auto *reported = new QBarSet(tr("Data Center revenue"));
    auto *user = new QBarSet(tr("Data Center revenue (user-supplied)"));
    QList<int> reportedIndices, userIndices;
    auto *axisX = new QBarCategoryAxis;
    m_csv = csvLine({QStringLiteral("fiscal_quarter"), QStringLiteral("quarter_end"),
                     QStringLiteral("revenue (USD billions)"), QStringLiteral("user_supplied")});
    for (const data::Row *row : rows) {
        const double usd = table->number(*row, "revenue_usd_bn") * 1e9;
        const QString quarter = cellText(*table, *row, "fiscal_quarter");
        Provenance p = rowProvenance(*table, *row);
        p.label = tr("NVIDIA Data Center, %1").arg(quarter);
        p.value = usd;
        p.unit = unit;
        p.valueText = formatWithUnit(usd, QStringLiteral("USD"));
        p.date = tr("quarter ended %1").arg(cellText(*table, *row, "quarter_end"));
        QStringList growth;
        if (std::isfinite(table->number(*row, "yoy_growth_pct")))
            growth << tr("%1% on a year earlier").arg(table->number(*row, "yoy_growth_pct"));
        if (std::isfinite(table->number(*row, "qoq_growth_pct")))
            growth << tr("%1% on the previous quarter").arg(table->number(*row, "qoq_growth_pct"));
        p.detail = growth.join(QStringLiteral(", ")).toHtmlEscaped();
        const int index = addPlotted(p);
        m_sources.add(*table, *row);
        reported->append(row->userSupplied ? 0.0 : usd / scale.divisor);
        user->append(row->userSupplied ? usd / scale.divisor : 0.0);
        reportedIndices << (row->userSupplied ? -1 : index);
        userIndices << (row->userSupplied ? index : -1);
        QString category = shortFiscalQuarter(quarter);
        while (axisX->categories().contains(category))
            category += QLatin1Char(' ');
        axisX->append(category);
        m_csv += csvLine({quarter, cellText(*table, *row, "quarter_end"), csvNumber(usd / 1e9),
                          row->userSupplied ? QStringLiteral("1") : QStringLiteral("0")});
    }
    series->append(reported);
    bindHover(reported, reportedIndices);
    const bool hasUser = std::any_of(userIndices.begin(), userIndices.end(), [](int i) { return i >= 0; });
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
    m_chart->addAxis(axisX, Qt::AlignBottom);
    styleAxis(axisX, m_palette, false);
    // The two-line labels ("Q2" over "23") fit a bar's width, but Qt elides each to "…" at 1366 pixels or
    // 2x scaling: draw them whole.
    axisX->setTruncateLabels(false);
    addValueAxis(axisTitle(tr("Revenue"), unit, scale), 0, maxValue / scale.divisor * 1.1, false);
    attachToAxes(series);
    styleSeriesLegend();
    m_chart->legend()->setVisible(hasUser);
    m_caption = tr("NVIDIA's Data Center segment revenue per fiscal quarter, as reported. Hatched: "
                   "user-supplied.");
}

} // namespace jevons::ui
