#include "jevons/charts/shortage_chart.h"

#include "jevons/charts/chart_support.h"
#include "jevons/charts/chart_view.h"
#include "jevons/market/number_format.h"

#include <QCategoryAxis>
#include <QChart>
#include <QLegend>
#include <QLegendMarker>
#include <QLineSeries>
#include <QLocale>
#include <QLogValueAxis>
#include <QValueAxis>

#include <cmath>

namespace jevons::ui {

namespace {
constexpr double LogFloorPercent = 0.1; // a log axis cannot show 0 %: values below are drawn at 0.1 %
}

ShortageChart::ShortageChart(bool compact, QWidget *parent)
    : ShortageChart(
          Probability::Shortage, QStringLiteral("shortage_probability"), tr("Probability of a shortage"),
          tr("Shortage probability"), tr("Shortage"),
          tr("Share of Monte Carlo paths in which unconstrained demand exceeds the installed base."), compact,
          parent)
{
}

ShortageChart::ShortageChart(Probability probability, const QString &id, const QString &title,
                             const QString &name, const QString &axis, const QString &caption, bool compact,
                             QWidget *parent)
    : ChartPanel(parent), m_probability(probability), m_id(id), m_title(title), m_name(name),
      m_axisName(axis), m_caption(caption)
{
    setObjectName(chartId());
    auto *chart = new QChart;
    chart->legend()->setVisible(!compact);
    chart->legend()->setAlignment(Qt::AlignBottom);
    m_current = new QLineSeries;
    m_current->setName(m_name);
    m_baseline = new QLineSeries;
    m_baseline->setName(tr("Baseline"));
    chart->addSeries(m_baseline);
    chart->addSeries(m_current);
    initChart(chart, compact, true);
    m_axisX = new QCategoryAxis;
    m_axisX->setTitleText(compact ? QString() : tr("Month"));
    chart->addAxis(m_axisX, Qt::AlignBottom);
    m_current->attachAxis(m_axisX);
    m_baseline->attachAxis(m_axisX);
    ensureAxis();
    applyPalette();
    m_baseline->setVisible(false);
    // Month labels depend on the plot's width, known only after layout: relabel when it changes a lot.
    connect(chart, &QChart::plotAreaChanged, this, [this](const QRectF &plot) {
        if (m_axisSteps < 0 || !m_inputs.current || m_view->isZoomed() ||
            std::abs(plot.width() - m_axisWidth) < 60)
            return;
        m_axisWidth = int(plot.width());
        setMonthAxis(m_axisX, m_inputs.current->scenario, m_axisSteps, m_axisWidth);
    });
    m_view->setHoverText(
        [this](double x) -> QString {
            const int k = int(x);
            if (!m_inputs.current || k < 0 || k >= int(m_plotted.size()))
                return {};
            QString html = QStringLiteral("<b>%1</b> (%2)<br>")
                               .arg(monthName(m_inputs.current->scenario, k), stepOffset(k));
            const QLocale locale;
            html += m_showsDelta ? tr("Δ %1 %2 pp").arg(m_name, locale.toString(m_plotted[k], 'f', 1))
                                 : tr("%1 %2 %").arg(m_name, locale.toString(m_plotted[k], 'f', 1));
            if (!m_showsDelta && k < int(m_plottedBaseline.size()))
                html += tr("<br>Baseline %1 %").arg(locale.toString(m_plottedBaseline[k], 'f', 1));
            return html;
        },
        true);
}

QString ShortageChart::caption() const
{
    return m_showsDelta
               ? tr("%1 Current minus baseline, in percentage points (same seed, same random draws).")
                     .arg(m_caption)
               : m_caption;
}

void ShortageChart::ensureAxis()
{
    const bool wantLog = m_logScale && !m_showsDelta;
    if (m_axisY && wantLog == m_axisIsLog)
        return;
    if (m_axisY) {
        m_chart->removeAxis(m_axisY);
        delete m_axisY;
    }
    if (wantLog) {
        m_current->clear(); // zeros and negative deltas cannot go onto a log axis
        m_baseline->clear();
        auto *axis = new QLogValueAxis;
        axis->setLabelFormat(QStringLiteral("%.6g")); // Qt Charts localises only formats with a precision
        axis->setRange(LogFloorPercent, 100);
        m_axisY = axis;
    } else {
        auto *axis = new QValueAxis;
        axis->setLabelFormat(QStringLiteral("%.0f"));
        axis->setRange(0, 100);
        axis->setTickCount(isCompact() ? 3 : 6);
        m_axisY = axis;
    }
    m_axisIsLog = wantLog;
    m_chart->addAxis(m_axisY, Qt::AlignLeft);
    m_current->attachAxis(m_axisY);
    m_baseline->attachAxis(m_axisY);
    styleAxis(m_axisY, m_palette, isCompact());
}

void ShortageChart::applyPalette()
{
    QPen pen(m_palette.series(1));
    pen.setWidthF(2.2);
    m_current->setPen(pen);
    QPen base(m_palette.muted);
    base.setWidthF(1.8);
    base.setStyle(Qt::DashLine);
    m_baseline->setPen(base);
    if (m_axisX)
        styleAxis(m_axisX, m_palette, isCompact());
    if (m_axisY)
        styleAxis(m_axisY, m_palette, isCompact());
    makeLegendInteractive(m_chart);
}

void ShortageChart::redraw()
{
    const SimulationResult *cur = m_inputs.current.get();
    const SimulationResult *base = m_inputs.baseline.get();
    if (base && (!cur || base->steps != cur->steps))
        base = nullptr;
    m_plotted.clear();
    m_plottedBaseline.clear();
    if (!cur) {
        m_current->clear();
        m_baseline->setVisible(false);
        return;
    }
    m_showsDelta = m_inputs.deltaView && base;
    setLogScaleApplicable(!m_showsDelta);
    ensureAxis();
    const double plotWidth = m_chart->plotArea().width();
    const int axisWidth = plotWidth > 50 ? int(plotWidth) : std::max(200, m_view->width() - 80);
    if (cur->steps != m_axisSteps || axisWidth != m_axisWidth) {
        setMonthAxis(m_axisX, cur->scenario, cur->steps, axisWidth);
        m_axisSteps = cur->steps;
        m_axisWidth = axisWidth;
    }
    m_months.clear();
    for (int k = 0; k <= cur->steps; ++k)
        m_months.push_back(cur->scenario.monthLabel(k));
    const std::vector<double> &now = values(*cur);
    for (std::size_t k = 0; k < now.size(); ++k) {
        double value = 100 * now[k];
        if (m_showsDelta)
            value -= 100 * values(*base)[k];
        m_plotted.push_back(value);
        if (base && !m_showsDelta)
            m_plottedBaseline.push_back(100 * values(*base)[k]);
    }
    const double floor = m_axisIsLog ? LogFloorPercent : -HUGE_VAL;
    auto points = [floor](const std::vector<double> &values) {
        QList<QPointF> out;
        out.reserve(qsizetype(values.size()));
        for (std::size_t k = 0; k < values.size(); ++k)
            out.append(QPointF(double(k), std::max(values[k], floor)));
        return out;
    };
    m_current->replace(points(m_plotted));
    m_current->setName(m_showsDelta ? tr("Δ %1 vs baseline").arg(m_name) : m_name);
    const bool hasBase = !m_plottedBaseline.empty();
    if (hasBase)
        m_baseline->replace(points(m_plottedBaseline));
    m_baseline->setVisible(hasBase && !m_baseline->property("userHidden").toBool());
    for (QLegendMarker *marker : m_chart->legend()->markers(m_baseline))
        marker->setVisible(hasBase);
    m_axisY->setTitleText(isCompact()    ? QString()
                          : m_showsDelta ? tr("Δ %1 (pp)").arg(m_axisName)
                                         : tr("%1 (% paths)").arg(m_axisName));
    if (!m_view->isZoomed()) {
        m_axisX->setRange(0, cur->steps);
        if (m_showsDelta) {
            double extreme = 1;
            for (double v : m_plotted)
                extreme = std::max(extreme, std::abs(v));
            setNiceRange(static_cast<QValueAxis *>(m_axisY), -extreme, extreme, 5);
        } else if (m_axisIsLog) {
            m_axisY->setRange(LogFloorPercent, 100);
        } else {
            setNiceRange(static_cast<QValueAxis *>(m_axisY), 0, 100, isCompact() ? 3 : 6);
        }
    }
}

const std::vector<double> &ShortageChart::values(const SimulationResult &r) const
{
    return r.probability(m_probability);
}

QString ShortageChart::toCsv() const
{
    const_cast<ShortageChart *>(this)->ensureUpToDate();
    // The engine's key names the column ("shortage probability"): files are read by scripts.
    const QString key = QString::fromLatin1(probabilityTable()[std::size_t(m_probability)].key)
                            .replace(QLatin1Char('_'), QLatin1Char(' '));
    QStringList header{QStringLiteral("month"), QStringLiteral("step"),
                       m_showsDelta ? QStringLiteral("%1 current minus baseline (percentage points)").arg(key)
                                    : QStringLiteral("%1 (percent of paths)").arg(key)};
    if (!m_plottedBaseline.empty())
        header << QStringLiteral("baseline %1 (percent of paths)").arg(key);
    QString csv = csvLine(header);
    for (std::size_t k = 0; k < m_plotted.size(); ++k) {
        QStringList row{QString::fromStdString(m_months[k]), QString::number(k), csvNumber(m_plotted[k])};
        if (!m_plottedBaseline.empty())
            row << csvNumber(m_plottedBaseline[k]);
        csv += csvLine(row);
    }
    return csv;
}

} // namespace jevons::ui
