#include "jevons/history/history_chart.h"
#include "jevons/charts/theme.h"

#include "history_chart_helpers.h"
#include "jevons/history/sources_dialog.h"
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
#include <QFontMetricsF>
#include <QLabel>
#include <QLayout>
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

HistoryChart::HistoryChart(DataStore *store, QWidget *parent) : ChartPanel(parent), m_store(store)
{
    connect(store, &DataStore::changed, this, [this] {
        dataChanged();
        markDirty();
    });
}

void HistoryChart::initHistoryChart(bool logToggle)
{
    setObjectName(chartId());
    auto *chart = new QChart;
    chart->setAnimationOptions(QChart::NoAnimation);
    chart->legend()->setAlignment(Qt::AlignBottom);
    QFont legendFont = chart->legend()->font();
    legendFont = scaledFont(8, legendFont);
    chart->legend()->setFont(legendFont);
    initChart(chart, false, logToggle);
    QFont titleFont = chart->titleFont();
    titleFont = scaledFont(10, titleFont);
    titleFont.setBold(true);
    chart->setTitleFont(titleFont);
    chart->setTitle(title());

    addToolbarWidget(createSourcesButton());
    auto *sourcesAction = new QAction(tr("&Sources…"), this);
    connect(sourcesAction, &QAction::triggered, this, &HistoryChart::showSources);
    actionsMenu()->insertAction(actionsMenu()->actions().value(0), sourcesAction);

    m_labels = new ChartLabelLayer(chart);
    connect(chart, &QChart::plotAreaChanged, this, &HistoryChart::fitAxisTitles);
    m_defaultToolTip = m_view->toolTip();
}

void HistoryChart::resized()
{
    if (m_labels)
        m_labels->relayout();
}

void HistoryChart::setFootnote(const QString &text)
{
    if (!m_footnote) {
        if (text.isEmpty() || !layout())
            return;
        m_footnote = new QLabel(this);
        m_footnote->setObjectName(QStringLiteral("footnote"));
        m_footnote->setWordWrap(true);
        m_footnote->setContentsMargins(8, 0, 8, 2);
        QFont font = m_footnote->font();
        font = scaledFont(7.5, font);
        m_footnote->setFont(font);
        layout()->addWidget(m_footnote);
    }
    QPalette palette = m_footnote->palette();
    palette.setColor(QPalette::WindowText, m_palette.muted);
    m_footnote->setPalette(palette);
    m_footnote->setText(text);
    m_footnote->setVisible(!text.isEmpty());
}

QString HistoryChart::footnote() const
{
    return m_footnote && !m_footnote->isHidden() ? m_footnote->text() : QString();
}

QToolButton *HistoryChart::createSourcesButton()
{
    auto *sources = new QToolButton(this);
    sources->setObjectName(QStringLiteral("sourcesButton"));
    sources->setText(tr("Sources…"));
    sources->setToolTip(tr("List the sources of this chart, with the data's as-of dates"));
    sources->setAccessibleName(tr("Sources of %1").arg(title()));
    sources->setFocusPolicy(Qt::StrongFocus);
    connect(sources, &QToolButton::clicked, this, &HistoryChart::showSources);
    return sources;
}

QString HistoryChart::caption() const
{
    const_cast<HistoryChart *>(this)->ensureUpToDate();
    return m_caption;
}

void HistoryChart::renderTo(QPainter *painter, const QRectF &target)
{
    ensureUpToDate();
    if (m_chart && !isVisible()) {
        // As ChartPanel does for a hidden chart (its resize events come only when shown): lay it out at the
        // target's size, here already, so that the labels are placed for that layout before painting.
        m_chart->setGeometry(QRectF(QPointF(0, 0), target.size()));
        if (QGraphicsLayout *layout = m_chart->layout())
            layout->activate();
        m_labels->relayout();
    }
    ChartPanel::renderTo(painter, target);
}

QString HistoryChart::toCsv() const
{
    const_cast<HistoryChart *>(this)->ensureUpToDate();
    return m_csv;
}

QStringList HistoryChart::sources() const
{
    const_cast<HistoryChart *>(this)->ensureUpToDate();
    return m_sources.lines();
}

const QList<SourceEntry> &HistoryChart::sourceEntries() const
{
    const_cast<HistoryChart *>(this)->ensureUpToDate();
    return m_sources.entries();
}

const QList<Provenance> &HistoryChart::plotted() const
{
    const_cast<HistoryChart *>(this)->ensureUpToDate();
    return m_plotted;
}

int HistoryChart::userSuppliedCount() const
{
    const_cast<HistoryChart *>(this)->ensureUpToDate();
    return m_userItems;
}

void HistoryChart::showSources()
{
    ensureUpToDate();
    showSourcesDialog(this, title(), m_sources.entries(), caption());
}

void HistoryChart::resetChart()
{
    hideTooltip();
    if (m_labels)
        m_labels->clear();
    if (m_chart) {
        m_chart->removeAllSeries();
        const auto axes = m_chart->axes();
        for (QAbstractAxis *axis : axes) {
            m_chart->removeAxis(axis);
            delete axis;
        }
    }
    m_plotted.clear();
    m_sources.clear();
    m_csv.clear();
    m_caption.clear();
    m_userItems = 0;
}

int HistoryChart::addPlotted(const Provenance &p)
{
    m_plotted.append(p);
    if (p.userSupplied)
        ++m_userItems;
    return int(m_plotted.size()) - 1;
}

void HistoryChart::bindHover(QXYSeries *series, const QList<int> &indices)
{
    connect(series, &QXYSeries::hovered, this, [this, series, indices](const QPointF &point, bool state) {
        if (!state) {
            hideTooltip();
            return;
        }
        const QPointF at = m_chart->mapToPosition(point, series);
        const QList<QPointF> points = series->points();
        int best = -1;
        double bestDistance = 1e300;
        for (int i = 0; i < points.size() && i < indices.size(); ++i) {
            const double d = QLineF(m_chart->mapToPosition(points[i], series), at).length();
            if (d < bestDistance) {
                bestDistance = d;
                best = i;
            }
        }
        if (best >= 0 && indices[best] >= 0)
            showTooltip(indices[best]);
    });
}

void HistoryChart::bindHover(QBarSet *set, const QList<int> &indices)
{
    connect(set, &QBarSet::hovered, this, [this, indices](bool status, int index) {
        if (status && index >= 0 && index < indices.size() && indices[index] >= 0)
            showTooltip(indices[index]);
        else
            hideTooltip();
    });
}

QBarSet *HistoryChart::appendBarSet(QAbstractBarSeries *series, const QString &name,
                                    const QList<qreal> &values, const QList<int> &indices, int key, bool user)
{
    auto *set = new QBarSet(name);
    set->append(values);
    series->append(set);
    bindHover(set, indices);
    // The style comes from the selection's flag, never from the (translated) label.
    const QColor color = m_palette.series(key);
    set->setBrush(user ? userBrush(color) : QBrush(color));
    set->setPen(user ? QPen(color, 1.5) : QPen(Qt::NoPen));
    return set;
}

void HistoryChart::showTooltip(int index)
{
    if (!m_view || index < 0 || index >= m_plotted.size())
        return;
    const QString html = provenanceHtml(m_plotted[index]);
    // The view's own tooltip (zoom help) would replace ours after the hover delay: swap it while hovering.
    m_view->setToolTip(html);
    QToolTip::showText(QCursor::pos(), html, m_view);
}

void HistoryChart::hideTooltip()
{
    if (!m_view)
        return;
    m_view->setToolTip(m_defaultToolTip);
    QToolTip::hideText();
}

QCategoryAxis *HistoryChart::addYearAxis(double firstMsecs, double lastMsecs)
{
    const int first = int(std::floor(msecsToYear(firstMsecs)));
    int last = int(std::floor(msecsToYear(lastMsecs))) + 1;
    const int span = std::max(1, last - first);
    int step = 1;
    while (span / step > 8)
        step *= 2;
    last = first + (span + step - 1) / step * step;
    auto *axis = new QCategoryAxis;
    axis->setLabelsPosition(QCategoryAxis::AxisLabelsPositionOnValue);
    axis->setStartValue(yearToMsecs(first));
    for (int year = first; year <= last; year += step)
        axis->append(QString::number(year), yearToMsecs(year));
    // A margin of 3 % of the span at each end, so that a marker on 1 January of the first or the last year
    // is drawn whole instead of cut in half at the plot edge.
    const double margin = 0.03 * (yearToMsecs(last) - yearToMsecs(first));
    axis->setRange(yearToMsecs(first) - margin, yearToMsecs(last) + margin);
    m_chart->addAxis(axis, Qt::AlignBottom);
    styleAxis(axis, m_palette, false);
    return axis;
}

QAbstractAxis *HistoryChart::addValueAxis(const QString &title, double minPositive, double maxValue, bool log)
{
    QAbstractAxis *axis = nullptr;
    if (log) {
        auto *logAxis = new QLogValueAxis;
        logAxis->setBase(10);
        logAxis->setLabelFormat(QStringLiteral("%.6g")); // Qt Charts localises only formats with a precision
        logAxis->setMinorTickCount(-1);
        const double floorValue = minPositive > 0 && std::isfinite(minPositive) ? minPositive : 1;
        const double low = std::pow(10.0, std::floor(std::log10(floorValue)));
        double high = std::pow(10.0, std::ceil(std::log10(std::max(maxValue, floorValue))));
        if (high <= low)
            high = low * 10;
        logAxis->setRange(low, high);
        axis = logAxis;
    } else {
        auto *valueAxis = new QValueAxis;
        valueAxis->setLabelFormat(QStringLiteral("%.4g"));
        setNiceRange(valueAxis, 0, maxValue > 0 ? maxValue : 1, 6);
        axis = valueAxis;
    }
    axis->setTitleText(title);
    // "Shipments (M accelerators)": the unit alone where the plot is too short for all of it (the chart's
    // title names the quantity).
    const qsizetype open = title.lastIndexOf(QLatin1Char('('));
    if (open > 0 && title.endsWith(QLatin1Char(')')))
        setShortAxisTitle(axis, title.mid(open + 1, title.size() - open - 2));
    m_chart->addAxis(axis, Qt::AlignLeft);
    styleAxis(axis, m_palette, false);
    return axis;
}

void HistoryChart::setShortAxisTitle(QAbstractAxis *axis, const QString &shortTitle)
{
    axis->setProperty("fullTitle", axis->titleText());
    axis->setProperty("shortTitle", shortTitle);
    fitAxisTitles();
}

void HistoryChart::fitAxisTitles()
{
    if (!m_chart)
        return;
    const QRectF plot = m_chart->plotArea();
    for (QAbstractAxis *axis : m_chart->axes()) {
        const QString full = axis->property("fullTitle").toString();
        const QString shorter = axis->property("shortTitle").toString();
        if (full.isEmpty() || shorter.isEmpty())
            continue;
        // A title runs along its axis: it has the plot's height (vertical) or width (horizontal).
        const double room = axis->orientation() == Qt::Vertical ? plot.height() : plot.width();
        const bool fits = QFontMetricsF(axis->titleFont()).horizontalAdvance(full) <= room;
        const QString wanted = fits || plot.isEmpty() ? full : shorter;
        if (axis->titleText() != wanted)
            axis->setTitleText(wanted);
    }
}

void HistoryChart::attachToAxes(QAbstractSeries *series)
{
    for (QAbstractAxis *axis : m_chart->axes())
        series->attachAxis(axis);
}

void HistoryChart::styleSeriesLegend()
{
    // QChart::setTheme (dark/light) resets the fonts.
    QFont titleFont = m_chart->titleFont();
    titleFont = scaledFont(10, titleFont);
    titleFont.setBold(true);
    m_chart->setTitleFont(titleFont);
    m_chart->legend()->setVisible(true);
    m_chart->legend()->setLabelColor(m_palette.ink);
    m_chart->setTitleBrush(m_palette.ink);
    fitAxisTitles(); // a redraw with an unchanged plot area gets no plotAreaChanged
    if (m_labels) {
        m_labels->setNoteColor(m_palette.muted);
        m_labels->watchAxes();
        m_labels->relayout();
    }
}

QBrush HistoryChart::userBrush(const QColor &color) const
{
    return QBrush(color, Qt::BDiagPattern);
}

} // namespace jevons::ui
