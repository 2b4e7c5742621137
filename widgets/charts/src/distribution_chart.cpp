#include "jevons/charts/distribution_chart.h"

#include "jevons/charts/chart_support.h"
#include "jevons/charts/chart_view.h"

#include <QAreaSeries>
#include <QChart>
#include <QComboBox>
#include <QLocale>
#include <QLabel>
#include <QLegend>
#include <QLegendMarker>
#include <QLineSeries>
#include <QLogValueAxis>
#include <QSlider>
#include <QValueAxis>

#include <cmath>

namespace jevons::ui {

namespace {
constexpr int Bins = 60;
const Stat MarkerStats[3] = {Stat::P5, Stat::P50, Stat::P95};
const char *const MarkerNames[3] = {"p5", "p50", "p95"};
} // namespace

DistributionChart::DistributionChart(QWidget *parent) : ChartPanel(parent)
{
    setObjectName(chartId());
    auto *chart = new QChart;
    chart->legend()->setAlignment(Qt::AlignBottom);
    m_upper = new QLineSeries(this);
    m_lower = new QLineSeries(this);
    m_area = new QAreaSeries(m_upper, m_lower);
    m_area->setName(tr("Paths per bin"));
    chart->addSeries(m_area);
    m_baseline = new QLineSeries;
    m_baseline->setName(tr("Baseline"));
    chart->addSeries(m_baseline);
    for (int i = 0; i < 3; ++i) {
        m_markers[i] = new QLineSeries;
        m_markers[i]->setName(QLatin1String(MarkerNames[i]));
        chart->addSeries(m_markers[i]);
    }
    m_threshold = new QLineSeries;
    m_threshold->setName(tr("D/S = 1 (shortage above)"));
    chart->addSeries(m_threshold);
    initChart(chart, false, true);

    m_seriesBox = new QComboBox(this);
    for (const SeriesInfo &info : seriesTable())
        m_seriesBox->addItem(QString::fromUtf8(info.label), int(info.id));
    m_seriesBox->setCurrentIndex(int(m_series));
    m_seriesBox->setAccessibleName(tr("Series"));
    m_seriesBox->setToolTip(tr("Output series to show the distribution of"));
    connect(m_seriesBox, &QComboBox::currentIndexChanged, this,
            [this](int index) { setSeries(Series(m_seriesBox->itemData(index).toInt())); });
    auto *seriesLabel = new QLabel(tr("&Series:"), this);
    seriesLabel->setBuddy(m_seriesBox);

    m_monthSlider = new QSlider(Qt::Horizontal, this);
    m_monthSlider->setRange(0, 60);
    m_monthSlider->setValue(60);
    m_monthSlider->setMinimumWidth(160);
    m_monthSlider->setAccessibleName(tr("Month"));
    m_monthSlider->setToolTip(tr("Month of the distribution"));
    m_monthLabel = new QLabel(this);
    m_monthLabel->setMinimumWidth(
        m_monthLabel->fontMetrics().horizontalAdvance(QStringLiteral("Sep 2030 (+60 mo)")));
    auto *monthTitle = new QLabel(tr("&Month:"), this);
    monthTitle->setBuddy(m_monthSlider);
    connect(m_monthSlider, &QSlider::valueChanged, this, [this](int value) {
        const int horizon = m_inputs.current ? m_inputs.current->steps : m_monthSlider->maximum();
        m_step = value >= horizon ? -1 : value;
        markDirty();
    });
    addToolbarWidget(seriesLabel);
    addToolbarWidget(m_seriesBox);
    addToolbarWidget(monthTitle);
    addToolbarWidget(m_monthSlider);
    addToolbarWidget(m_monthLabel);

    m_axisY = new QValueAxis;
    m_axisY->setLabelFormat(QStringLiteral("%.3g"));
    m_axisY->setTitleText(tr("Share of paths in bin (%)"));
    chart->addAxis(m_axisY, Qt::AlignLeft);
    for (QAbstractSeries *s : chart->series())
        s->attachAxis(m_axisY);
    ensureAxis();
    applyPalette();
    m_baseline->setVisible(false);
    m_view->setHoverText(
        [this](double x) -> QString {
            if (m_histogram.counts.empty())
                return {};
            const double value = x * m_scale.divisor;
            const auto &e = m_histogram.edges;
            if (value < e.front() || value >= e.back())
                return {};
            const auto bin = std::size_t(std::upper_bound(e.begin(), e.end(), value) - e.begin() - 1);
            const QString unit = QString::fromUtf8(seriesInfo(m_series).unit);
            return tr("<b>%1 – %2</b><br>%3 % of paths")
                .arg(formatWithUnit(e[bin], unit), formatWithUnit(e[bin + 1], unit))
                .arg(QLocale().toString(100.0 * double(m_histogram.counts[bin]) / m_paths, 'f', 2));
        },
        false);
}

QString DistributionChart::title() const
{
    return tr("Distribution of %1").arg(inSentence(QString::fromUtf8(seriesInfo(m_series).label)));
}

QString DistributionChart::caption() const
{
    QString month;
    if (m_inputs.current)
        month = monthName(m_inputs.current->scenario, shownStep());
    return tr("Histogram of %1 over the Monte Carlo paths in %2 (%3 bins between p0.5 and p99.5), p5/p50/p95 "
              "marked.")
        .arg(inSentence(QString::fromUtf8(seriesInfo(m_series).label)), month)
        .arg(Bins);
}

void DistributionChart::setSeries(Series series)
{
    m_series = series;
    if (m_seriesBox->currentIndex() != int(series))
        m_seriesBox->setCurrentIndex(int(series));
    if (m_view->isZoomed())
        m_view->resetZoom();
    markDirty();
}

int DistributionChart::shownStep() const
{
    const SimulationResult *cur = m_inputs.current.get();
    if (!cur)
        return 0;
    return m_step < 0 ? cur->steps : std::min(m_step, cur->steps);
}

int DistributionChart::step() const
{
    return m_step;
}

void DistributionChart::setStep(int step)
{
    m_step = step;
    m_monthSlider->setValue(step < 0 ? m_monthSlider->maximum() : step);
    markDirty();
}

void DistributionChart::ensureAxis()
{
    if (m_axisX && m_axisIsLog == m_logScale)
        return;
    if (m_axisX) {
        m_chart->removeAxis(m_axisX);
        delete m_axisX;
    }
    if (m_logScale) {
        for (QLineSeries *line :
             {m_upper, m_lower, m_baseline, m_markers[0], m_markers[1], m_markers[2], m_threshold})
            line->clear();
        auto *axis = new QLogValueAxis;
        axis->setLabelFormat(QStringLiteral("%.6g")); // Qt Charts localises only formats with a precision
        axis->setMinorTickCount(-1);
        m_axisX = axis;
    } else {
        auto *axis = new QValueAxis;
        axis->setLabelFormat(QStringLiteral("%.4g"));
        m_axisX = axis;
    }
    m_axisIsLog = m_logScale;
    m_chart->addAxis(m_axisX, Qt::AlignBottom);
    for (QAbstractSeries *s : m_chart->series())
        s->attachAxis(m_axisX);
    styleAxis(m_axisX, m_palette, false);
}

void DistributionChart::applyPalette()
{
    QColor fill = m_palette.series(0);
    fill.setAlphaF(0.45f);
    m_area->setBrush(fill);
    m_area->setPen(QPen(m_palette.series(0), 1));
    QPen base(m_palette.muted);
    base.setWidthF(1.6);
    base.setStyle(Qt::DashLine);
    m_baseline->setPen(base);
    const QColor markerColors[3] = {m_palette.series(1), m_palette.ink, m_palette.series(1)};
    for (int i = 0; i < 3; ++i) {
        QPen pen(markerColors[i]);
        pen.setWidthF(i == 1 ? 2.2 : 1.6);
        pen.setStyle(i == 1 ? Qt::SolidLine : Qt::DashDotLine);
        m_markers[i]->setPen(pen);
    }
    QPen threshold(m_palette.series(3)); // a hue of its own: not a percentile marker
    threshold.setWidthF(1.6);
    threshold.setStyle(Qt::DotLine);
    m_threshold->setPen(threshold);
    if (m_axisX)
        styleAxis(m_axisX, m_palette, false);
    styleAxis(m_axisY, m_palette, false);
    makeLegendInteractive(m_chart);
}

void DistributionChart::redraw()
{
    const SimulationResult *cur = m_inputs.current.get();
    m_histogram = {};
    m_baseHistogram = {};
    if (!cur || !cur->hasDistributions()) {
        m_upper->clear();
        m_lower->clear();
        m_threshold->clear();
        for (auto *marker : m_markers)
            marker->clear();
        return;
    }
    ensureAxis();
    if (m_monthSlider->maximum() != cur->steps) {
        const QSignalBlocker block(m_monthSlider);
        m_monthSlider->setRange(0, cur->steps);
        m_monthSlider->setValue(m_step < 0 ? cur->steps : std::min(m_step, cur->steps));
    }
    const int step = shownStep();
    m_drawnStep = step;
    m_monthLabel->setText(QStringLiteral("%1 (%2)").arg(monthName(cur->scenario, step), stepOffset(step)));

    m_paths = double(std::max<std::uint64_t>(1, cur->pathsDone));
    const SimulationResult *base = m_inputs.baseline.get();
    Histogram &baseHist = m_baseHistogram;
    if (base && base->hasDistributions() && step <= base->steps) {
        // One set of bins over both runs' p0.5..p99.5 (spaced as histogramAt spaces them), so that the
        // heights of the two outlines compare.
        double lo = std::min(cur->quantileAt(m_series, step, 0.005), base->quantileAt(m_series, step, 0.005));
        double hi = std::max(cur->quantileAt(m_series, step, 0.995), base->quantileAt(m_series, step, 0.995));
        if (!(hi > lo)) {
            const double width = lo != 0 ? std::abs(lo) * 0.01 : 1e-9;
            lo -= width;
            hi += width;
        }
        const bool logSpaced = lo > 0 && hi / lo > 20;
        std::vector<double> edges(std::size_t(Bins + 1));
        for (int i = 0; i <= Bins; ++i) {
            const double f = double(i) / Bins;
            edges[std::size_t(i)] = logSpaced ? lo * std::pow(hi / lo, f) : lo + (hi - lo) * f;
        }
        m_histogram = cur->histogramWithEdges(m_series, step, edges);
        baseHist = base->histogramWithEdges(m_series, step, edges);
    } else {
        m_histogram = cur->histogramAt(m_series, step, Bins);
    }

    double maxValue = std::abs(m_histogram.edges.back());
    maxValue = std::max(maxValue, std::abs(m_histogram.edges.front()));
    m_scale = chooseAxisScale(maxValue);
    const double div = m_scale.divisor;
    const double logFloor = m_axisIsLog ? std::max(1e-12, m_histogram.edges.front() / div) : -HUGE_VAL;
    auto outline = [&](const Histogram &h, double paths) {
        QList<QPointF> points;
        points.reserve(qsizetype(2 * h.counts.size() + 2));
        points.append(QPointF(std::max(h.edges.front() / div, logFloor), 0));
        for (std::size_t i = 0; i < h.counts.size(); ++i) {
            const double share = 100.0 * double(h.counts[i]) / paths;
            points.append(QPointF(std::max(h.edges[i] / div, logFloor), share));
            points.append(QPointF(std::max(h.edges[i + 1] / div, logFloor), share));
        }
        points.append(QPointF(std::max(h.edges.back() / div, logFloor), 0));
        return points;
    };
    const QList<QPointF> upper = outline(m_histogram, m_paths);
    QList<QPointF> lower;
    lower.reserve(upper.size());
    double maxShare = 0;
    for (const QPointF &p : upper) {
        lower.append(QPointF(p.x(), 0));
        maxShare = std::max(maxShare, p.y());
    }
    m_upper->replace(upper);
    m_lower->replace(lower);
    double lowX = m_histogram.edges.front() / div, highX = m_histogram.edges.back() / div;
    const bool hasBase = !baseHist.counts.empty();
    if (hasBase) {
        const QList<QPointF> b = outline(baseHist, double(std::max<std::uint64_t>(1, base->pathsDone)));
        for (const QPointF &p : b)
            maxShare = std::max(maxShare, p.y());
        m_baseline->replace(b);
        lowX = std::min(lowX, baseHist.edges.front() / div);
        highX = std::max(highX, baseHist.edges.back() / div);
    }
    m_baseline->setVisible(hasBase && !m_baseline->property("userHidden").toBool());
    for (QLegendMarker *marker : m_chart->legend()->markers(m_baseline))
        marker->setVisible(hasBase);

    const double top = niceRange(0, maxShare * 1.08, 6).second; // the markers reach the top of the axis
    const QString unit = QString::fromUtf8(seriesInfo(m_series).unit);
    for (int i = 0; i < 3; ++i) {
        m_percentiles[i] = cur->value(m_series, MarkerStats[i], step);
        const double x = std::max(m_percentiles[i] / div, logFloor);
        m_markers[i]->replace(QList<QPointF>{QPointF(x, 0), QPointF(x, top)});
        m_markers[i]->setName(QStringLiteral("%1 = %2").arg(QLatin1String(MarkerNames[i]),
                                                            formatWithUnit(m_percentiles[i], unit)));
    }
    // The shortage threshold of the demand/supply ratio (docs/model.md): where the histogram's mass
    // lies relative to 1 is the shortage probability.
    const bool showThreshold = m_series == Series::DemandSupplyRatio;
    if (showThreshold) {
        const double x = std::max(1.0 / div, logFloor);
        m_threshold->replace(QList<QPointF>{QPointF(x, 0), QPointF(x, top)});
        lowX = std::min(lowX, x);
        highX = std::max(highX, x);
    } else {
        m_threshold->clear();
    }
    m_threshold->setVisible(showThreshold && !m_threshold->property("userHidden").toBool());
    for (QLegendMarker *marker : m_chart->legend()->markers(m_threshold))
        marker->setVisible(showThreshold);
    m_axisX->setTitleText(axisTitle(QString::fromUtf8(seriesInfo(m_series).label), unit, m_scale));
    if (!m_view->isZoomed()) {
        setNiceRange(m_axisY, 0, top, 6);
        if (m_axisIsLog) {
            m_axisX->setRange(std::max(lowX, logFloor), highX);
        } else {
            setNiceRange(static_cast<QValueAxis *>(m_axisX), lowX, highX, 8);
        }
    }
}

QString DistributionChart::toCsv() const
{
    const_cast<DistributionChart *>(this)->ensureUpToDate();
    const QString unit = QString::fromUtf8(seriesInfo(m_series).unit);
    QString csv =
        csvLine({QStringLiteral("series"), QStringLiteral("month"), QStringLiteral("row"),
                 QStringLiteral("bin_low (%1)").arg(unit), QStringLiteral("bin_high (%1)").arg(unit),
                 QStringLiteral("paths"), QStringLiteral("share of paths (percent)"),
                 QStringLiteral("value (%1)").arg(unit)});
    if (m_histogram.counts.empty() || !m_inputs.current)
        return csv;
    const QString key = QString::fromLatin1(seriesInfo(m_series).key);
    const QString month = QString::fromStdString(m_inputs.current->scenario.monthLabel(m_drawnStep));
    for (std::size_t i = 0; i < m_histogram.counts.size(); ++i)
        csv += csvLine({key, month, QStringLiteral("bin"), csvNumber(m_histogram.edges[i]),
                        csvNumber(m_histogram.edges[i + 1]), QString::number(m_histogram.counts[i]),
                        csvNumber(100.0 * double(m_histogram.counts[i]) / m_paths), QString()});
    for (int i = 0; i < 3; ++i)
        csv += csvLine({key, month, QLatin1String(MarkerNames[i]), QString(), QString(), QString(), QString(),
                        csvNumber(m_percentiles[i])});
    return csv;
}

} // namespace jevons::ui
