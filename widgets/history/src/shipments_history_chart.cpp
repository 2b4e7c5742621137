#include "jevons/history/shipments_history_chart.h"

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

ShipmentsHistoryChart::ShipmentsHistoryChart(DataStore *store, QWidget *parent) : HistoryChart(store, parent)
{
    initHistoryChart(false);
    m_measureBox = new QComboBox(this);
    m_measureBox->setObjectName(QStringLiteral("measureBox"));
    // Short items: beside the estimator box they must fit a half-width chart (the tooltip says the rest).
    m_measureBox->addItem(tr("Accelerators"));
    m_measureBox->addItem(tr("H100e"));
    m_measureBox->setToolTip(tr("Count accelerators, or their compute in H100-equivalents (8-bit peak): "
                                "given only where the estimator gives it"));
    m_measureBox->setAccessibleName(tr("Shipments measure"));
    connect(m_measureBox, &QComboBox::currentIndexChanged, this,
            [this](int index) { setMeasure(index == 1 ? Measure::H100e : Measure::Units); });
    m_estimatorBox = new QComboBox(this);
    m_estimatorBox->setObjectName(QStringLiteral("estimatorBox"));
    m_estimatorBox->setToolTip(tr("Estimators count different things (Epoch AI: leading AI accelerators; "
                                  "TechInsights: all data-centre GPUs): compare one at a time"));
    m_estimatorBox->setAccessibleName(tr("Estimator"));
    connect(m_estimatorBox, &QComboBox::currentIndexChanged, this, [this] { markDirty(); });
    addToolbarWidget(m_measureBox);
    addToolbarWidget(m_estimatorBox);
    dataChanged();
}

void ShipmentsHistoryChart::setMeasure(Measure measure)
{
    if (m_measure == measure)
        return;
    m_measure = measure;
    const QSignalBlocker block(m_measureBox);
    m_measureBox->setCurrentIndex(measure == Measure::H100e ? 1 : 0);
    markDirty();
}

QStringList ShipmentsHistoryChart::estimators() const
{
    QStringList out;
    for (int i = 0; i < m_estimatorBox->count(); ++i)
        out << m_estimatorBox->itemText(i);
    return out;
}

void ShipmentsHistoryChart::setEstimator(const QString &estimator)
{
    const int index = m_estimatorBox->findText(estimator, Qt::MatchFixedString);
    if (index >= 0)
        m_estimatorBox->setCurrentIndex(index);
}

QString ShipmentsHistoryChart::estimator() const
{
    return m_estimatorBox->currentText();
}

void ShipmentsHistoryChart::dataChanged()
{
    const data::Table *table = m_store->table("accelerator_shipments");
    const QStringList names = table ? shipmentEstimators(*table) : QStringList();
    const QString current =
        m_estimatorBox->count() ? m_estimatorBox->currentText() : QStringLiteral("Epoch AI");
    const QSignalBlocker block(m_estimatorBox);
    m_estimatorBox->clear();
    m_estimatorBox->addItems(names);
    const int index = m_estimatorBox->findText(current, Qt::MatchFixedString);
    m_estimatorBox->setCurrentIndex(std::max(0, index));
}

void ShipmentsHistoryChart::redraw()
{
    resetChart();
    const data::Table *table = m_store->table("accelerator_shipments");
    if (!table)
        return;
    const BarSelection selection = selectShipments(*table, estimator(), m_measure == Measure::H100e);
    const QString &unit = selection.unit;
    std::vector<int> plotted;
    for (const SelectedCell &cell : selection.cells) {
        m_sources.add(*table, cell.rows);
        plotted.push_back(addPlotted(cell.provenance));
    }
    const std::size_t categories = std::size_t(selection.categories.size());
    const double maxStack = maxCategoryTotal(selection);
    const AxisScale scale = chooseAxisScale(maxStack);

    auto *series = new QStackedBarSeries;
    series->setBarWidth(0.6);
    struct RangeBar {
        int category;
        double low, high;
    };
    QList<RangeBar> rangeBars;
    std::vector<double> base(categories, 0); // top of the stack so far, per year
    for (const SelectedSeries &s : selection.series) {
        QList<qreal> values;
        QList<int> indices;
        for (std::size_t c = 0; c < categories; ++c) {
            const int at = s.cells[c];
            values << (at >= 0 ? selection.cells[std::size_t(at)].value / scale.divisor : 0.0);
            indices << (at >= 0 ? plotted[std::size_t(at)] : -1);
            if (at < 0)
                continue;
            // A stated range (not a bound) is drawn as a bar over the segment, from the stack's base.
            const SelectedCell &cell = selection.cells[std::size_t(at)];
            const RangedValue &r = cell.range;
            if (r.valid && !r.isPoint && r.hasLow && r.hasHigh)
                rangeBars.append({int(c), base[c] + r.low, base[c] + r.high});
            base[c] += cell.value;
        }
        appendBarSet(series, s.name, values, indices, s.key, s.user);
    }
    m_chart->addSeries(series);
    auto *axisX = new QBarCategoryAxis;
    axisX->append(selection.categories);
    axisX->setTitleText(tr("Calendar year"));
    m_chart->addAxis(axisX, Qt::AlignBottom);
    styleAxis(axisX, m_palette, false);
    double top = maxStack;
    for (const RangeBar &bar : rangeBars)
        top = std::max(top, bar.high);
    addValueAxis(axisTitle(tr("Shipments"), unit, scale), 0, top / scale.divisor * 1.1, false);
    attachToAxes(series);
    for (const RangeBar &bar : rangeBars)
        m_labels->addRange(series, bar.category, bar.low / scale.divisor, bar.high / scale.divisor,
                           m_palette.ink);
    for (std::size_t c = 0; c < categories; ++c)
        if (selection.categoryTotals[c] > 0) {
            double labelAt =
                selection.categoryTotals[c]; // above the stack, or above a range bar reaching higher
            for (const RangeBar &bar : rangeBars)
                if (bar.category == int(c))
                    labelAt = std::max(labelAt, bar.high);
            m_labels->addLabel(series, QPointF(double(c), labelAt / scale.divisor),
                               formatWithUnit(selection.categoryTotals[c],
                                              unit == QLatin1String("H100e") ? unit : QString()),
                               m_palette.ink, true);
        }
    styleSeriesLegend();

    m_caption = selection.caption;
    m_csv = barSelectionCsv(selection);
}

} // namespace jevons::ui
