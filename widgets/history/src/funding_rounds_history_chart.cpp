#include "jevons/history/funding_rounds_history_chart.h"

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

FundingRoundsHistoryChart::FundingRoundsHistoryChart(DataStore *store, QWidget *parent)
    : HistoryChart(store, parent)
{
    initHistoryChart(false);
}

void FundingRoundsHistoryChart::redraw()
{
    resetChart();
    const data::Table *table = m_store->table("funding_rounds");
    if (!table)
        return;
    const RoundsSelection selection = selectFundingRounds(*table);
    std::vector<int> plotted;
    for (const SelectedRound &r : selection.rounds) {
        m_sources.add(*table, *r.row);
        plotted.push_back(addPlotted(r.provenance));
    }
    if (selection.rounds.empty())
        return;
    const QStringList &labs = selection.labs;
    const double maxAmount = selection.maxAmount;
    // Bubble area proportional to the amount: diameter ~ sqrt(amount), the largest 54 px across.
    auto diameter = [&](double amount) { return std::max(6.0, 54.0 * std::sqrt(amount / maxAmount)); };
    // One series per round: Qt 6.4 draws a point whose size is set per point (PointConfiguration::Size)
    // off its centre, by half the difference to the series' marker size.
    QList<QPair<QScatterSeries *, const SelectedRound *>> labelled;
    for (std::size_t i = 0; i < selection.rounds.size(); ++i) {
        const SelectedRound &r = selection.rounds[i];
        QString name = r.lab;
        if (r.currency != QLatin1String("USD"))
            name += QStringLiteral(" (%1)").arg(r.currency);
        if (r.user)
            name += tr(" (user-supplied)");
        QScatterSeries *series = addScatter(m_chart, name, withAlpha(m_palette.series(r.labIndex), 0.55),
                                            r.user, diameter(r.amount));
        if (r.user) {
            QPen pen(m_palette.series(r.labIndex));
            pen.setWidthF(2);
            series->setPen(pen);
        }
        series->append(r.x, r.labIndex);
        bindHover(series, {plotted[i]});
        labelled.append({series, &r});
    }
    QCategoryAxis *axisX = addYearAxis(selection.minX, selection.maxX);
    axisX->setTitleText(tr("Date announced or closed"));
    auto *axisY = new QCategoryAxis;
    axisY->setStartValue(-0.5);
    for (int i = 0; i < labs.size(); ++i)
        axisY->append(labs[i], i + 0.5);
    axisY->setRange(-0.5, double(labs.size()) - 0.5);
    axisY->setLabelsPosition(QCategoryAxis::AxisLabelsPositionCenter);
    axisY->setGridLineVisible(false);
    axisY->setReverse(true);
    m_chart->addAxis(axisY, Qt::AlignLeft);
    styleAxis(axisY, m_palette, false);
    for (QAbstractSeries *s : m_chart->series())
        attachToAxes(s);
    std::stable_sort(labelled.begin(), labelled.end(),
                     [](const auto &a, const auto &b) { return a.second->amount > b.second->amount; });
    for (const auto &[series, r] : labelled) {
        const QString text = r->currency == QLatin1String("USD")
                                 ? formatWithUnit(r->amount * 1e6, QStringLiteral("USD"))
                                 : QStringLiteral("€%1").arg(formatCompact(r->amount * 1e6));
        m_labels->addLabel(series, QPointF(r->x, double(r->labIndex)), text, m_palette.ink, false,
                           diameter(r->amount) / 2 + 3);
    }
    styleSeriesLegend();
    m_chart->legend()->setVisible(false); // the lab names are on the axis; the legend would repeat them
    m_caption = selection.caption;
    m_csv = csvLine(selection.csvHeader);
    for (const SelectedRound &r : selection.rounds)
        m_csv += csvLine({r.lab, r.provenance.date, r.provenance.label, csvNumber(r.amount), r.currency,
                          r.user ? QStringLiteral("1") : QStringLiteral("0")});
}

} // namespace jevons::ui
