#include "jevons/backtest_view/backtest_chart.h"

#include "jevons/charts/chart_support.h"
#include "jevons/charts/chart_view.h"

#include <QAreaSeries>
#include <QCategoryAxis>
#include <QChart>
#include <QLegend>
#include <QLegendMarker>
#include <QLineSeries>
#include <QLocale>
#include <QLogValueAxis>
#include <QScatterSeries>
#include <QValueAxis>

#include <algorithm>
#include <cmath>

namespace jevons::ui {

namespace {

// Band indices in BandStats (p5, p10, p25, p50, p75, p90, p95).
constexpr std::size_t P5 = 0, P25 = 2, P50 = 3, P75 = 4, P95 = 6;

const backtest::Mapping &mappingFor(const std::string &id)
{
    const backtest::Mapping *m = backtest::findMapping(id);
    return m ? *m : backtest::mappings().front();
}

} // namespace

BacktestChart::BacktestChart(const std::string &mappingId, QWidget *parent)
    : ChartPanel(parent), m_mapping(mappingFor(mappingId))
{
    setObjectName(chartId());
    auto *chart = new QChart;
    chart->legend()->setVisible(true);
    chart->legend()->setAlignment(Qt::AlignBottom);
    // Four of these share a page: the series named on the chart itself, in a small bold title.
    chart->setTitle(QString::fromStdString(m_mapping.label));
    QFont titleFont = chart->titleFont();
    titleFont.setBold(true);
    titleFont.setPointSizeF(titleFont.pointSizeF() * 0.95);
    chart->setTitleFont(titleFont);
    m_p5 = new QLineSeries(this);
    m_p25 = new QLineSeries(this);
    m_p75 = new QLineSeries(this);
    m_p95 = new QLineSeries(this);
    m_outer = new QAreaSeries(m_p95, m_p5);
    m_outer->setName(tr("p5–95"));
    m_inner = new QAreaSeries(m_p75, m_p25);
    m_inner->setName(tr("p25–75"));
    m_p50 = new QLineSeries;
    m_p50->setName(tr("Median"));
    m_inner50 = new QScatterSeries;
    m_inner50->setName(tr("in p25–75"));
    m_inner90 = new QScatterSeries;
    m_inner90->setName(tr("in p5–95"));
    m_outside = new QScatterSeries;
    m_outside->setName(tr("outside"));
    for (QScatterSeries *s : {m_inner50, m_inner90, m_outside})
        s->setMarkerSize(9);
    m_outside->setMarkerShape(QScatterSeries::MarkerShapeTriangle);
    m_inner90->setMarkerShape(QScatterSeries::MarkerShapeRectangle);
    for (QAbstractSeries *s :
         std::initializer_list<QAbstractSeries *>{m_outer, m_inner, m_p50, m_inner50, m_inner90, m_outside})
        chart->addSeries(s);
    initChart(chart, false, true);
    // Five entries fit a quarter of the tab; the median line needs none (the caption names it).
    for (QLegendMarker *marker : chart->legend()->markers(m_p50))
        marker->setVisible(false);
    m_axisX = new QCategoryAxis;
    m_axisX->setTitleText(tr("Month"));
    chart->addAxis(m_axisX, Qt::AlignBottom);
    for (QAbstractSeries *s : chart->series())
        s->attachAxis(m_axisX);
    ensureAxis();
    applyPalette();
    connect(chart, &QChart::plotAreaChanged, this, [this](const QRectF &plot) {
        if (!m_result || m_view->isZoomed() || std::abs(plot.width() - m_axisWidth) < 60)
            return;
        m_axisWidth = int(plot.width());
        setMonthAxis(m_axisX, m_result->calibration.scenario, shownSteps(), m_axisWidth);
    });
    m_view->setHoverText([this](double x) { return hoverText(int(std::lround(x))); }, true);
}

QString BacktestChart::chartId() const
{
    return QStringLiteral("backtest_") + QString::fromStdString(m_mapping.id);
}

QString BacktestChart::title() const
{
    return tr("Backtest: %1").arg(QString::fromStdString(m_mapping.label));
}

QString BacktestChart::caption() const
{
    if (!m_result)
        return tr("No backtest has been run yet.");
    const QString month = monthName(m_result->calibration.scenario, 0);
    const auto it = m_result->bySeries.find(m_mapping.id);
    const std::size_t points = it == m_result->bySeries.end() ? 0 : it->second.points;
    return tr("The model started in %1 from the data known then (%2 paths, seed %3): its fan (p5–p95, "
              "p25–p75, median) in the observed quantity (model × %4), and the %n observation(s) after "
              "%1, by band.",
              "", int(points))
        .arg(month, QLocale().toString(qulonglong(m_result->run.settings.paths)),
             QString::number(m_result->run.settings.seed), QLocale().toString(m_mapping.scale, 'g', 4));
}

void BacktestChart::setBacktest(BacktestPtr result)
{
    m_result = std::move(result);
    markDirty();
}

void BacktestChart::ensureAxis()
{
    const bool wantLog = m_logScale;
    if (m_axisY && wantLog == m_axisIsLog)
        return;
    if (m_axisY) {
        m_chart->removeAxis(m_axisY);
        delete m_axisY;
    }
    m_axisY = createValueAxis(wantLog);
    m_axisIsLog = wantLog;
    m_chart->addAxis(m_axisY, Qt::AlignLeft);
    for (QAbstractSeries *s : m_chart->series())
        s->attachAxis(m_axisY);
    styleAxis(m_axisY, m_palette, false);
}

void BacktestChart::applyPalette()
{
    const QColor fan = m_palette.series(0);
    QColor outer = fan;
    outer.setAlphaF(m_palette.dark ? 0.22f : 0.16f);
    QColor inner = fan;
    inner.setAlphaF(m_palette.dark ? 0.40f : 0.32f);
    m_outer->setBrush(outer);
    m_outer->setPen(Qt::NoPen);
    m_inner->setBrush(inner);
    m_inner->setPen(Qt::NoPen);
    QPen median(fan);
    median.setWidthF(2.0);
    m_p50->setPen(median);
    // Inside the inner band: bluish green; p5-p95 only: yellow-orange; outside: vermilion (Okabe-Ito, told
    // apart by shape as well as hue).
    const std::array<std::pair<QScatterSeries *, QColor>, 3> dots{
        {{m_inner50, m_palette.series(2)},
         {m_inner90, m_palette.series(4)},
         {m_outside, m_palette.series(m_palette.dark ? 5 : 1)}}};
    for (const auto &[series, colour] : dots) {
        series->setColor(colour);
        series->setBorderColor(m_palette.ink);
    }
    if (m_axisX)
        styleAxis(m_axisX, m_palette, false);
    if (m_axisY)
        styleAxis(m_axisY, m_palette, false);
    makeLegendInteractive(m_chart);
}

void BacktestChart::redraw()
{
    m_fan = nullptr;
    m_points.clear();
    for (QXYSeries *s : std::initializer_list<QXYSeries *>{m_p5, m_p25, m_p50, m_p75, m_p95, m_inner50,
                                                           m_inner90, m_outside})
        s->clear();
    // Without a backtest an empty plot says enough; axes with no labels only clutter it.
    m_axisX->setVisible(bool(m_result));
    if (m_axisY)
        m_axisY->setVisible(bool(m_result));
    if (!m_result)
        return;
    for (const backtest::MappedFan &fan : m_result->fans)
        if (fan.series == m_mapping.id)
            m_fan = &fan;
    for (const backtest::PointScore &p : m_result->points)
        if (p.series == m_mapping.id)
            m_points.push_back(p);
    if (!m_fan)
        return;
    ensureAxis();
    double high = 0, low = HUGE_VAL;
    for (const backtest::PointScore &p : m_points) {
        high = std::max(high, p.observed);
        low = std::min(low, p.observed);
    }
    const int shown = shownSteps();
    for (int k = 0; k <= shown && k < int(m_fan->band.size()); ++k) {
        high = std::max(high, m_fan->band[std::size_t(k)][P95]);
        low = std::min(low, m_fan->band[std::size_t(k)][P5]);
    }
    m_scale = chooseAxisScale(high);
    const double d = m_scale.divisor;
    const double floor = m_axisIsLog ? std::max(low / d, 1e-9) : -HUGE_VAL;
    auto fill = [&](QLineSeries *series, std::size_t stat) {
        QList<QPointF> pts;
        for (std::size_t k = 0; k < m_fan->band.size(); ++k)
            pts.append(QPointF(double(k), std::max(m_fan->band[k][stat] / d, floor)));
        series->replace(pts);
    };
    fill(m_p5, P5);
    fill(m_p25, P25);
    fill(m_p50, P50);
    fill(m_p75, P75);
    fill(m_p95, P95);
    QList<QPointF> in50, in90, out;
    for (const backtest::PointScore &p : m_points) {
        const QPointF at(double(p.step), p.observed / d);
        (p.inP25P75 ? in50 : p.inP5P95 ? in90 : out).append(at);
    }
    m_inner50->replace(in50);
    m_inner90->replace(in90);
    m_outside->replace(out);

    const Scenario &scenario = m_result->calibration.scenario;
    const double plotWidth = m_chart->plotArea().width();
    m_axisWidth = plotWidth > 50 ? int(plotWidth) : std::max(200, m_view->width() - 80);
    setMonthAxis(m_axisX, scenario, shownSteps(), m_axisWidth);
    m_axisY->setTitleText(axisTitle(QString(), QString::fromStdString(m_mapping.unit), m_scale));
    if (!m_view->isZoomed()) {
        m_axisX->setRange(0, shownSteps());
        if (m_axisIsLog)
            m_axisY->setRange(std::max(low / d, 1e-9) / 1.2, high / d * 1.2);
        else
            // From near the lowest value, not zero: a stock like the cumulative count moves a few percent.
            setNiceRange(static_cast<QValueAxis *>(m_axisY), std::max(0.0, low - 0.1 * (high - low)) / d,
                         1.05 * high / d, 6); // headroom: a dot on the top edge is cut in half
    }
}

int BacktestChart::shownSteps() const
{
    if (!m_result)
        return 12;
    // The scored months and a little after: the rest of the horizon has nothing to compare with.
    int last = 0;
    for (const backtest::PointScore &p : m_points)
        last = std::max(last, p.step);
    return std::min(m_result->run.steps, std::max(12, last + 6));
}

QString BacktestChart::hoverText(int step) const
{
    if (!m_result || !m_fan || step < 0 || step >= int(m_fan->band.size()))
        return {};
    const QString unit = QString::fromStdString(m_mapping.unit);
    const auto &band = m_fan->band[std::size_t(step)];
    QString html = QStringLiteral("<b>%1</b> (%2)<br>")
                       .arg(monthName(m_result->calibration.scenario, step), stepOffset(step));
    html += tr("Model median %1, p25–p75 %2 – %3, p5–p95 %4 – %5")
                .arg(formatWithUnit(band[P50], unit), formatWithUnit(band[P25], unit),
                     formatWithUnit(band[P75], unit), formatWithUnit(band[P5], unit),
                     formatWithUnit(band[P95], unit));
    const QLocale locale;
    for (const backtest::PointScore &p : m_points) {
        if (p.step != step)
            continue;
        const QString where = p.inP25P75  ? tr("inside p25–p75")
                              : p.inP5P95 ? tr("inside p5–p95, outside p25–p75")
                                          : tr("outside p5–p95");
        html += tr("<br><b>Observed %1</b> (%2), PIT %3, CRPS %4<br><i>%5</i>")
                    .arg(formatWithUnit(p.observed, unit), where, locale.toString(p.pit, 'f', 2),
                         locale.toString(p.crps, 'f', 3), QString::fromStdString(p.source).toHtmlEscaped());
    }
    return html;
}

QString BacktestChart::toCsv() const
{
    const_cast<BacktestChart *>(this)->ensureUpToDate();
    const QString unit = QString::fromStdString(m_mapping.unit);
    QStringList header{QStringLiteral("month"), QStringLiteral("step")};
    for (const char *stat : {"p5", "p10", "p25", "p50", "p75", "p90", "p95"})
        header << QStringLiteral("model %1 (%2)").arg(QLatin1String(stat), unit);
    header << QStringLiteral("observed (%1)").arg(unit) << QStringLiteral("pit")
           << QStringLiteral("in_p25_p75") << QStringLiteral("in_p5_p95") << QStringLiteral("source");
    QString csv = csvLine(header);
    if (!m_result || !m_fan)
        return csv;
    const std::vector<std::string> months = m_result->months();
    for (std::size_t k = 0; k < m_fan->band.size(); ++k) {
        QStringList row{k < months.size() ? QString::fromStdString(months[k]) : QString(),
                        QString::number(k)};
        for (double v : m_fan->band[k])
            row << csvNumber(v);
        const auto point = std::find_if(m_points.begin(), m_points.end(),
                                        [k](const backtest::PointScore &p) { return p.step == int(k); });
        if (point != m_points.end())
            row << csvNumber(point->observed) << csvNumber(point->pit)
                << QString::number(point->inP25P75 ? 1 : 0) << QString::number(point->inP5P95 ? 1 : 0)
                << QString::fromStdString(point->source);
        else
            row << QString() << QString() << QString() << QString() << QString();
        csv += csvLine(row);
    }
    return csv;
}

} // namespace jevons::ui
