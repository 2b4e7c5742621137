#include "jevons/history/capex_history_chart.h"

#include "history_chart_helpers.h"
#include "jevons/charts/chart_support.h"
#include "jevons/charts/chart_view.h"
#include "jevons/market/data_store.h"
#include "jevons/market/history_data.h"
#include "jevons/history/history_overlays.h"
#include "jevons/market/number_format.h"

#include <QBarCategoryAxis>
#include <QBarSeries>
#include <QBarLegendMarker>
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

CapexHistoryChart::CapexHistoryChart(DataStore *store, QWidget *parent) : HistoryChart(store, parent)
{
    initHistoryChart(false);
    m_periodBox = new QComboBox(this);
    m_periodBox->setObjectName(QStringLiteral("periodBox"));
    m_periodBox->addItem(tr("By calendar year"));
    m_periodBox->addItem(tr("By quarter"));
    m_periodBox->setAccessibleName(tr("Capex period"));
    connect(m_periodBox, &QComboBox::currentIndexChanged, this,
            [this](int index) { setPeriod(index == 1 ? Period::Quarter : Period::Year); });
    addToolbarWidget(m_periodBox);
}

void CapexHistoryChart::setPeriod(Period period)
{
    if (m_period == period)
        return;
    m_period = period;
    const QSignalBlocker block(m_periodBox);
    m_periodBox->setCurrentIndex(period == Period::Quarter ? 1 : 0);
    markDirty();
}

void CapexHistoryChart::redraw()
{
    resetChart();
    const data::Table *annual = m_store->table("capex_annual");
    const data::Table *quarterly = m_store->table("capex_quarterly");
    if (!annual || !quarterly)
        return;
    const bool byYear = m_period == Period::Year;
    const BarSelection selection = selectCapex(*annual, *quarterly, byYear);
    const data::Table &table = byYear ? *annual : *quarterly;
    std::vector<int> plotted;
    for (const SelectedCell &cell : selection.cells) {
        m_sources.add(table, *cell.rows.front());
        plotted.push_back(addPlotted(cell.provenance));
    }
    const QStringList &categories = selection.categories;
    const double maxTotal = maxCategoryTotal(selection);
    const AxisScale scale = chooseAxisScale(maxTotal);

    auto *series = new QStackedBarSeries;
    series->setBarWidth(byYear ? 0.6 : 0.75);
    for (const SelectedSeries &s : selection.series) {
        QList<qreal> values;
        QList<int> indices;
        for (int c = 0; c < categories.size(); ++c) {
            const int at = s.cells[std::size_t(c)];
            values << (at >= 0 ? selection.cells[std::size_t(at)].value / scale.divisor : 0.0);
            indices << (at >= 0 ? plotted[std::size_t(at)] : -1);
        }
        auto *set = new QBarSet(s.name);
        set->append(values);
        series->append(set);
        bindHover(set, indices);
        const QColor color = m_palette.series(s.key);
        switch (s.style) {
        case BarSelection::User:
            set->setBrush(QBrush(color, Qt::CrossPattern));
            set->setPen(QPen(color, 1.5));
            break;
        case BarSelection::Guidance:
            set->setBrush(QBrush(color, Qt::BDiagPattern));
            set->setPen(QPen(color, 1.5, Qt::DashLine));
            break;
        default:
            set->setBrush(color);
            set->setPen(Qt::NoPen);
            break;
        }
    }
    // One legend entry per company, and one hatched swatch for all guidance: an entry per company and kind
    // (eight) was cut to "Micr…" at 1366x768.
    QList<QBarSet *> guidanceSets;
    for (std::size_t i = 0; i < selection.series.size(); ++i)
        if (selection.series[i].style == BarSelection::Guidance)
            guidanceSets << series->barSets().at(qsizetype(i));
    if (!guidanceSets.isEmpty()) {
        auto *key = new QBarSet(tr("Guidance"));
        key->append(QList<qreal>(categories.size(), 0.0));
        key->setBrush(QBrush(m_palette.muted, Qt::BDiagPattern));
        key->setPen(QPen(m_palette.muted, 1.5, Qt::DashLine));
        series->append(key);
    }
    m_chart->addSeries(series);
    for (QLegendMarker *marker : m_chart->legend()->markers(series))
        if (auto *bar = qobject_cast<QBarLegendMarker *>(marker); bar && guidanceSets.contains(bar->barset()))
            marker->setVisible(false);
    auto *axisX = new QBarCategoryAxis;
    for (const QString &category : categories) // quarters on two lines, "Q1" over "22": narrow bars
        axisX->append(byYear ? category
                             : category.section(QLatin1Char(' '), 1) + QStringLiteral("<br>") +
                                   category.section(QLatin1Char(' '), 0, 0).right(2));
    axisX->setTitleText(byYear ? tr("Calendar year")
                               : tr("Calendar quarter and year (Q1 22 = January to March 2022)"));
    m_chart->addAxis(axisX, Qt::AlignBottom);
    styleAxis(axisX, m_palette, false);
    addValueAxis(axisTitle(tr("Capex"), selection.unit, scale), 0, maxTotal / scale.divisor * 1.12, false);
    attachToAxes(series);
    if (byYear)
        for (int c = 0; c < categories.size(); ++c)
            m_labels->addLabel(
                series, QPointF(c, selection.categoryTotals[std::size_t(c)] / scale.divisor),
                formatWithUnit(selection.categoryTotals[std::size_t(c)], QStringLiteral("USD")),
                m_palette.ink, true);
    styleSeriesLegend();

    m_caption = selection.caption;
    setFootnote(selection.secondaryNote);
    m_csv = barSelectionCsv(selection);
}

} // namespace jevons::ui
