#include "jevons/charts/variance_shares_chart.h"
#include "jevons/charts/theme.h"

#include "jevons/charts/chart_support.h"
#include "jevons/charts/chart_view.h"
#include "jevons/market/number_format.h"

#include <QAreaSeries>
#include <QCategoryAxis>
#include <QChart>
#include <QLabel>
#include <QLegend>
#include <QLineSeries>
#include <QLocale>
#include <QValueAxis>

#include <algorithm>
#include <cmath>

namespace jevons::ui {

QString shareInputLabel(Param p)
{
    return QString::fromUtf8(paramInfo(p).label);
}

QString unexplainedShareLabel()
{
    return QObject::tr("Not explained by one input (noise, interactions)");
}

QColor shareColour(const ChartPalette &palette, int input)
{
    // The palette has six hues and a scenario can have a dozen uncertain inputs: the second round is
    // a darker shade of the first (lighter on dark), so neighbouring areas never share a colour.
    const QColor hue = palette.series(input);
    if (input < 6)
        return hue;
    return palette.dark ? hue.lighter(150) : hue.darker(170);
}

VarianceSharesChart::VarianceSharesChart(QWidget *parent) : ChartPanel(parent)
{
    setObjectName(chartId());
    auto *chart = new QChart;
    chart->legend()->setAlignment(Qt::AlignRight);
    QFont legendFont = chart->legend()->font();
    legendFont = scaledFont(8, legendFont);
    chart->legend()->setFont(legendFont);
    // Shares are fractions of a variance: a log axis would say nothing the linear one does not.
    initChart(chart, false, false);
    m_note = new QLabel(this);
    m_note->setObjectName(QStringLiteral("sharesOverlapNote"));
    m_note->setWordWrap(true);
    m_note->hide();
    addToolbarWidget(m_note);
    m_axisX = new QCategoryAxis;
    m_axisX->setTitleText(tr("Month"));
    chart->addAxis(m_axisX, Qt::AlignBottom);
    m_axisY = new QValueAxis;
    m_axisY->setLabelFormat(QStringLiteral("%.0f"));
    m_axisY->setTitleText(tr("Share of the variance of log output (%)"));
    chart->addAxis(m_axisY, Qt::AlignLeft);
    connect(chart, &QChart::plotAreaChanged, this, [this](const QRectF &plot) {
        if (m_axisSteps < 0 || !m_inputs.current || m_view->isZoomed() ||
            std::abs(plot.width() - m_axisWidth) < 60)
            return;
        m_axisWidth = int(plot.width());
        setMonthAxis(m_axisX, m_inputs.current->scenario, m_axisSteps, m_axisWidth);
    });
    m_view->setHoverText([this](double x) { return hoverText(x); }, true);
    applyPalette();
}

const VarianceShares *VarianceSharesChart::shares() const
{
    const SimulationResult *cur = m_inputs.current.get();
    return cur && cur->varianceShares ? &*cur->varianceShares : nullptr;
}

QString VarianceSharesChart::overlapNote() const
{
    const VarianceShares *v = shares();
    if (!v || !v->correlated)
        return {};
    return tr("Some inputs are correlated: their shares overlap (each counts what it moves together with "
              "the others), so the areas can stack above 100 % and the remainder is drawn at 0 where it is "
              "negative.");
}

QString VarianceSharesChart::caption() const
{
    const VarianceShares *v = shares();
    if (!v)
        return tr("Variance shares: none in this run (the scenario has no uncertain inputs, or the run did "
                  "not estimate them).");
    QString text = tr("Share of the spread of log %1 explained by each uncertain input alone (first-order "
                      "variance shares, estimated from the run's own paths); the rest is process noise and "
                      "interactions.")
                       .arg(QString::fromUtf8(seriesInfo(v->series).label));
    const QString note = overlapNote();
    if (!note.isEmpty())
        text += QLatin1Char(' ') + note;
    return text;
}

void VarianceSharesChart::rebuildSeries(const VarianceShares *v)
{
    const QList<Param> inputs = v ? QList<Param>(v->inputs.begin(), v->inputs.end()) : QList<Param>();
    if (inputs == m_builtFor && (v != nullptr) == m_builtWithShares)
        return;
    for (QAreaSeries *area : m_areas) {
        m_chart->removeSeries(area);
        delete area;
    }
    m_areas.clear();
    qDeleteAll(m_edges);
    m_edges.clear();
    m_builtFor = inputs;
    m_builtWithShares = v != nullptr;
    if (!v)
        return;
    QLineSeries *lower = nullptr;
    for (qsizetype j = 0; j <= inputs.size(); ++j) {
        auto *upper = new QLineSeries(this);
        auto *area = new QAreaSeries(upper, lower);
        area->setName(j < inputs.size() ? shareInputLabel(inputs[j]) : unexplainedShareLabel());
        m_chart->addSeries(area);
        area->attachAxis(m_axisX);
        area->attachAxis(m_axisY);
        m_edges.append(upper);
        m_areas.append(area);
        lower = upper;
    }
    applyPalette();
    makeLegendInteractive(m_chart);
}

void VarianceSharesChart::applyPalette()
{
    for (qsizetype j = 0; j < m_areas.size(); ++j) {
        const bool remainder = j == m_areas.size() - 1;
        // The remainder in the muted grey: it is what no input explains, not another driver.
        QColor fill = remainder ? m_palette.muted : shareColour(m_palette, int(j));
        fill.setAlphaF(remainder ? 0.35f : 0.75f);
        m_areas[j]->setBrush(fill);
        QPen edge(m_palette.background);
        edge.setWidthF(0.8);
        m_areas[j]->setPen(edge);
    }
    if (m_axisX)
        styleAxis(m_axisX, m_palette, false);
    if (m_axisY)
        styleAxis(m_axisY, m_palette, false);
    if (m_note)
        m_note->setStyleSheet(QStringLiteral("color: %1").arg(m_palette.ink.name()));
    makeLegendInteractive(m_chart);
}

void VarianceSharesChart::redraw()
{
    const SimulationResult *cur = m_inputs.current.get();
    const VarianceShares *v = shares();
    rebuildSeries(v);
    const QString note = overlapNote();
    m_note->setText(note);
    m_note->setVisible(!note.isEmpty());
    m_note->setToolTip(note);
    if (!cur || !v) {
        m_chart->setTitle(cur ? tr("No variance shares: give some inputs an interval (90 % range) to see "
                                   "which of them drives the spread")
                              : QString());
        return;
    }
    m_chart->setTitle(tr("Spread of %1: share explained by each uncertain input")
                          .arg(QString::fromUtf8(seriesInfo(v->series).label)));
    const int steps = cur->steps;
    const double plotWidth = m_chart->plotArea().width();
    const int axisWidth = plotWidth > 50 ? int(plotWidth) : std::max(200, m_view->width() - 80);
    if (steps != m_axisSteps || axisWidth != m_axisWidth) {
        setMonthAxis(m_axisX, cur->scenario, steps, axisWidth);
        m_axisSteps = steps;
        m_axisWidth = axisWidth;
    }
    // Stack in percent: each input's upper edge is the running sum; the remainder (clamped at 0 where
    // overlapping shares sum above 1) tops the stack.
    std::vector<double> running(std::size_t(steps + 1), 0.0);
    double top = 100;
    for (qsizetype j = 0; j < m_edges.size(); ++j) {
        const std::vector<double> &values =
            j < qsizetype(v->inputs.size()) ? v->shares[std::size_t(j)] : v->unexplained;
        QList<QPointF> points;
        points.reserve(steps + 1);
        for (int k = 0; k <= steps; ++k) {
            const double share = k < int(values.size()) ? values[std::size_t(k)] : 0.0;
            running[std::size_t(k)] += 100 * std::max(0.0, share);
            points.append(QPointF(k, running[std::size_t(k)]));
            top = std::max(top, running[std::size_t(k)]);
        }
        m_edges[j]->replace(points);
    }
    if (!m_view->isZoomed()) {
        m_axisX->setRange(0, steps);
        setNiceRange(m_axisY, 0, top, 6);
    }
}

QString VarianceSharesChart::hoverText(double x) const
{
    const SimulationResult *cur = m_inputs.current.get();
    const VarianceShares *v = shares();
    const int step = int(std::lround(x));
    if (!cur || !v || step < 0 || step > cur->steps)
        return {};
    QLocale locale;
    QString html = QStringLiteral("<b>%1</b> <span style='color:%2'>(%3)</span>")
                       .arg(monthName(cur->scenario, step), m_palette.muted.name(), stepOffset(step));
    // Largest first, as the ranked view: the order a reader asks in.
    std::vector<std::size_t> order(v->inputs.size());
    for (std::size_t j = 0; j < order.size(); ++j)
        order[j] = j;
    std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
        return v->shares[a][std::size_t(step)] > v->shares[b][std::size_t(step)];
    });
    for (std::size_t j : order)
        html += QStringLiteral("<br><span style='color:%1'>■</span> %2 %3 %")
                    .arg(shareColour(m_palette, int(j)).name(), shareInputLabel(v->inputs[j]).toHtmlEscaped(),
                         locale.toString(100 * v->shares[j][std::size_t(step)], 'f', 1));
    html += QStringLiteral("<br><span style='color:%1'>■</span> %2 %3 %")
                .arg(m_palette.muted.name(), unexplainedShareLabel().toHtmlEscaped(),
                     locale.toString(100 * v->unexplained[std::size_t(step)], 'f', 1));
    return html;
}

QString VarianceSharesChart::toCsv() const
{
    const_cast<VarianceSharesChart *>(this)->ensureUpToDate();
    const VarianceShares *v = shares();
    const SimulationResult *cur = m_inputs.current.get();
    QStringList header{QStringLiteral("month"), QStringLiteral("step")};
    if (!v || !cur) // the header still says what the columns would hold
        return csvLine(
            header << QStringLiteral("share of variance explained by each uncertain input (fraction; "
                                     "none in this run)"));
    const QString series = QString::fromLatin1(seriesInfo(v->series).key);
    for (Param p : v->inputs)
        header << QStringLiteral("share of variance of log %1 explained by %2 (fraction)")
                      .arg(series, QString::fromLatin1(paramInfo(p).key));
    header << QStringLiteral("not explained by one input, noise and interactions (fraction)");
    QString csv = csvLine(header);
    for (int k = 0; k <= cur->steps; ++k) {
        QStringList row{QString::fromStdString(cur->scenario.monthLabel(k)), QString::number(k)};
        for (const std::vector<double> &s : v->shares)
            row << csvNumber(s[std::size_t(k)]);
        row << csvNumber(v->unexplained[std::size_t(k)]);
        csv += csvLine(row);
    }
    return csv;
}

} // namespace jevons::ui
