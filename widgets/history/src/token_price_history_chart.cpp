#include "jevons/history/token_price_history_chart.h"

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
#include <QLocale>
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

TokenPriceHistoryChart::TokenPriceHistoryChart(DataStore *store, QWidget *parent)
    : HistoryChart(store, parent)
{
    initHistoryChart(true);
    m_basisBox = new QComboBox(this);
    m_basisBox->setObjectName(QStringLiteral("basisBox"));
    m_basisBox->addItem(tr("Blended 3:1 (input:output)"), int(data::PriceBasis::Blended));
    m_basisBox->addItem(tr("Input price"), int(data::PriceBasis::Input));
    m_basisBox->addItem(tr("Output price"), int(data::PriceBasis::Output));
    m_basisBox->setToolTip(tr("Blended = (3 × input + output) / 4, an assumed token mix"));
    m_basisBox->setAccessibleName(tr("Price basis"));
    connect(m_basisBox, &QComboBox::currentIndexChanged, this,
            [this] { setBasis(data::PriceBasis(m_basisBox->currentData().toInt())); });
    m_setBox = new QComboBox(this);
    m_setBox->setObjectName(QStringLiteral("modelSetBox"));
    m_setBox->addItem(tr("Fit: frontier models"), int(ModelSet::Frontier));
    m_setBox->addItem(tr("Fit: other tiers (smaller, older, long-context)"), int(ModelSet::NonFrontier));
    m_setBox->addItem(tr("Fit: all models"), int(ModelSet::All));
    m_setBox->setToolTip(
        tr("Models the exponential decline is fitted to (frontier = each provider's flagship "
           "at the time, the dataset's frontier column)"));
    m_setBox->setAccessibleName(tr("Models in the fit"));
    connect(m_setBox, &QComboBox::currentIndexChanged, this,
            [this] { setModelSet(ModelSet(m_setBox->currentData().toInt())); });
    addToolbarWidget(m_basisBox);
    addToolbarWidget(m_setBox);
    setLogScale(true); // prices span three orders of magnitude
}

void TokenPriceHistoryChart::setBasis(data::PriceBasis basis)
{
    if (m_basis == basis)
        return;
    m_basis = basis;
    const QSignalBlocker block(m_basisBox);
    m_basisBox->setCurrentIndex(m_basisBox->findData(int(basis)));
    markDirty();
}

void TokenPriceHistoryChart::setModelSet(ModelSet set)
{
    if (m_set == set)
        return;
    m_set = set;
    const QSignalBlocker block(m_setBox);
    m_setBox->setCurrentIndex(m_setBox->findData(int(set)));
    markDirty();
}

void TokenPriceHistoryChart::redraw()
{
    resetChart();
    m_selection = TokenPriceSelection();
    const data::Table *table = m_store->table("api_prices");
    if (!table)
        return;
    m_selection = selectTokenPrices(*table, m_basis, m_set);
    const TokenPriceSelection &selection = m_selection;
    const QString unit = selection.unit;
    using Point = SelectedPrice; // what the labels below read: x, y, model, inFit
    std::vector<int> plotted;
    for (const SelectedPrice &p : selection.points) {
        m_sources.add(*table, *p.row);
        plotted.push_back(addPlotted(p.provenance));
    }
    if (selection.providers.empty())
        return;
    const double minY = selection.minY, maxY = selection.maxY;
    m_chart->setTitle(QStringLiteral("<b>%1</b><br><span style='font-weight:normal'><small>%2</small></span>")
                          .arg(title().toHtmlEscaped(), selection.fitSummary.toHtmlEscaped()));

    const bool log = m_logScale;
    QScatterSeries *userRing = nullptr;
    QList<int> userIndices;
    QList<QPair<QScatterSeries *, Point>> labelled;
    for (std::size_t i = 0; i < selection.providers.size(); ++i) {
        const QColor color = m_palette.series(int(i));
        QScatterSeries *series = addScatter(m_chart, selection.providers[i].name, color, false, 9);
        QList<int> indices;
        for (int at : selection.providers[i].points) {
            const Point &p = selection.points[std::size_t(at)];
            series->append(p.x, p.y);
            indices << plotted[std::size_t(at)];
            if (!p.inFit)
                series->setPointConfiguration(int(series->count()) - 1, QXYSeries::PointConfiguration::Color,
                                              withAlpha(color, 0.3));
            labelled.append({series, p});
            if (p.user) {
                if (!userRing)
                    userRing = addScatter(m_chart, tr("User-supplied"), m_palette.ink, true, 15);
                userRing->append(p.x, p.y);
                userIndices << plotted[std::size_t(at)];
            }
        }
        bindHover(series, indices);
    }
    if (userRing)
        bindHover(userRing, userIndices);
    if (selection.hasFit) {
        auto *fitLine = new QLineSeries;
        fitLine->setName(tr("Fit: ÷%1 per year").arg(QLocale().toString(selection.fit.foldPerYear, 'f', 2)));
        m_chart->addSeries(fitLine);
        QPen pen(m_palette.ink);
        pen.setStyle(Qt::DashLine);
        pen.setWidthF(1.8);
        fitLine->setPen(pen);
        for (const FitLinePoint &p : selection.fitLine)
            fitLine->append(p.x, p.price);
    }
    addYearAxis(selection.minX, selection.maxX);
    const AxisScale noScale;
    addValueAxis(axisTitle(tr("List price"), unit, noScale), minY, maxY * (log ? 1 : 1.1), log);
    for (QAbstractSeries *s : m_chart->series())
        attachToAxes(s);
    // Fit members first, so that their labels win the space.
    std::stable_sort(labelled.begin(), labelled.end(),
                     [](const auto &a, const auto &b) { return a.second.inFit && !b.second.inFit; });
    for (const auto &[series, p] : labelled)
        m_labels->addLabel(series, QPointF(p.x, p.y), p.model,
                           p.inFit ? m_palette.ink : withAlpha(m_palette.muted, 0.8));
    styleSeriesLegend();
    makeLegendInteractive(m_chart);

    m_caption = selection.caption;
    m_csv = csvLine(selection.csvHeader);
    for (const PriceProvider &provider : selection.providers)
        for (int at : provider.points) {
            const SelectedPrice &p = selection.points[std::size_t(at)];
            m_csv += csvLine({provider.name, p.provenance.date, p.model, csvNumber(p.y),
                              p.inFit ? QStringLiteral("1") : QStringLiteral("0"),
                              p.user ? QStringLiteral("1") : QStringLiteral("0")});
        }
    for (const FitLinePoint &p : selection.fitLine)
        m_csv +=
            csvLine({QStringLiteral("fit"), p.date, QString(), csvNumber(p.price), QString(), QString()});
}

} // namespace jevons::ui
