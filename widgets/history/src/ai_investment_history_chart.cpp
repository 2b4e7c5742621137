#include "jevons/history/ai_investment_history_chart.h"

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

AiInvestmentHistoryChart::AiInvestmentHistoryChart(DataStore *store, QWidget *parent)
    : HistoryChart(store, parent)
{
    initHistoryChart(false);
}

void AiInvestmentHistoryChart::redraw()
{
    resetChart();
    const data::Table *table = m_store->table("ai_investment");
    if (!table)
        return;
    const BarSelection selection = selectAiInvestment(*table);
    std::vector<int> plotted;
    double maxValue = 0;
    for (const SelectedCell &cell : selection.cells) {
        plotted.push_back(addPlotted(cell.provenance));
        m_sources.add(*table, *cell.rows.front());
        maxValue = std::max(maxValue, cell.value);
    }
    const AxisScale scale = chooseAxisScale(maxValue);
    auto *series = new QBarSeries;
    series->setBarWidth(0.8);
    series->setLabelsVisible(true);
    series->setLabelsPosition(QAbstractBarSeries::LabelsOutsideEnd);
    series->setLabelsFormat(QStringLiteral("@value"));
    series->setLabelsPrecision(4);
    for (const SelectedSeries &s : selection.series) {
        QList<qreal> values;
        QList<int> indices;
        for (std::size_t y = 0; y < s.cells.size(); ++y) {
            const int at = s.cells[y];
            values << (at >= 0 ? selection.cells[std::size_t(at)].value / scale.divisor : 0.0);
            indices << (at >= 0 ? plotted[std::size_t(at)] : -1);
        }
        appendBarSet(series, s.name, values, indices, s.key, s.user)->setLabelColor(m_palette.ink);
    }
    m_chart->addSeries(series);
    auto *axisX = new QBarCategoryAxis;
    axisX->append(selection.categories);
    axisX->setTitleText(tr("Year"));
    m_chart->addAxis(axisX, Qt::AlignBottom);
    styleAxis(axisX, m_palette, false);
    addValueAxis(axisTitle(tr("Private investment"), selection.unit, scale), 0,
                 maxValue / scale.divisor * 1.12, false);
    attachToAxes(series);
    styleSeriesLegend();
    m_caption = selection.caption;
    m_csv = barSelectionCsv(selection);
}

} // namespace jevons::ui
