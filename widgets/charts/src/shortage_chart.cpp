#include "jevons/charts/shortage_chart.h"

#include "jevons/charts/chart_support.h"
#include "jevons/charts/chart_view.h"
#include "jevons/charts/output_checks.h"
#include "jevons/charts/theme.h"
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
    m_zero = new QLineSeries;
    m_zero->setName(tr("No change"));
    chart->addSeries(m_zero);
    chart->addSeries(m_baseline);
    chart->addSeries(m_current);
    initChart(chart, compact, true);
    m_axisX = new QCategoryAxis;
    m_axisX->setTitleText(compact ? QString() : tr("Month"));
    chart->addAxis(m_axisX, Qt::AlignBottom);
    m_current->attachAxis(m_axisX);
    m_baseline->attachAxis(m_axisX);
    m_zero->attachAxis(m_axisX);
    ensureAxis();
    applyPalette();
    m_baseline->setVisible(false);
    m_zero->setVisible(false);
    for (QLegendMarker *marker : chart->legend()->markers(m_zero))
        marker->setVisible(false); // a reference line, not data
    // Month labels depend on the plot's width, known only after layout: relabel when it changes a lot.
    connect(chart, &QChart::plotAreaChanged, this, [this](const QRectF &plot) {
        if (m_axisSteps < 0 || !m_inputs.current || m_view->isZoomed() ||
            std::abs(plot.width() - m_axisWidth) < 60)
            return;
        m_axisWidth = int(plot.width());
        setMonthAxis(m_axisX, m_inputs.current->scenario, m_axisSteps, m_axisWidth);
    });
    m_view->setHoverText([this](double x) -> QString { return hoverTextAt(int(x)); }, true);
}

QString ShortageChart::hoverTextAt(int k) const
{
    if (!m_inputs.current || k < 0 || k >= int(m_plotted.size()))
        return {};
    QString html =
        QStringLiteral("<b>%1</b> (%2)<br>").arg(monthName(m_inputs.current->scenario, k), stepOffset(k));
    const QLocale locale;
    if (m_showsDelta) {
        const QString sign = m_plotted[std::size_t(k)] > 0 ? QStringLiteral("+") : QString();
        html += tr("Δ %1 %2 percentage points")
                    .arg(m_name, sign + locale.toString(m_plotted[std::size_t(k)], 'f', 1));
        html += tr("<br>Current %1 %, baseline %2 %")
                    .arg(locale.toString(m_currentPercent[std::size_t(k)], 'f', 1),
                         locale.toString(m_basePercent[std::size_t(k)], 'f', 1));
        html +=
            tr("<br>± %1 pp Monte Carlo error").arg(locale.toString(m_deltaError[std::size_t(k)], 'f', 1));
        return html;
    }
    html += tr("%1 %2 %").arg(m_name, locale.toString(m_plotted[std::size_t(k)], 'f', 1));
    if (k < int(m_plottedBaseline.size()))
        html += tr("<br>Baseline %1 %").arg(locale.toString(m_plottedBaseline[std::size_t(k)], 'f', 1));
    return html;
}

QString ShortageChart::caption() const
{
    if (!m_showsDelta)
        return m_caption;
    // A difference of two probabilities is read in percentage points (91 % against 85 % is +6 pp), not as
    // a percent change: the fans' percent and log modes do not apply.
    return m_sameDraws
               ? tr("%1 Delta view: current minus baseline, in percentage points (same seed and paths: "
                    "common random numbers, so the difference is mostly the scenario's).")
                     .arg(m_caption)
               : tr("%1 Delta view: current minus baseline, in percentage points (different seeds or "
                    "path counts: part of the difference is Monte Carlo noise, see the hover).")
                     .arg(m_caption);
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
        m_zero->clear();
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
    m_zero->attachAxis(m_axisY);
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
    QPen zero(m_palette.muted);
    zero.setWidthF(1);
    m_zero->setPen(zero);
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
    m_currentPercent.clear();
    m_basePercent.clear();
    m_deltaError.clear();
    if (!cur) {
        m_current->clear();
        m_baseline->setVisible(false);
        m_zero->setVisible(false);
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
        if (m_showsDelta) {
            const double then = values(*base)[k];
            value -= 100 * then;
            m_currentPercent.push_back(100 * now[k]);
            m_basePercent.push_back(100 * then);
            const double a = probabilityStandardError(now[k], cur->settings.paths);
            const double b = probabilityStandardError(then, base->settings.paths);
            m_deltaError.push_back(100 * std::sqrt(a * a + b * b));
        }
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
    m_current->setName(m_showsDelta ? tr("Δ %1 vs baseline (pp)").arg(m_name) : m_name);
    m_sameDraws = m_showsDelta && cur->settings.seed == base->settings.seed &&
                  cur->settings.paths == base->settings.paths;
    if (m_showsDelta)
        m_zero->replace({QPointF(0, 0), QPointF(double(cur->steps), 0)});
    // What "pp" means, above the plot (the axis title and legend have room only for the abbreviation).
    if (!isCompact()) {
        QFont font = m_chart->titleFont();
        font = scaledFont(8, font);
        font.setBold(false);
        m_chart->setTitleFont(font);
        m_chart->setTitleBrush(m_palette.muted);
        m_chart->setTitle(m_showsDelta ? tr("Current minus baseline, in percentage points (pp)") : QString());
    }
    m_zero->setVisible(m_showsDelta);
    for (QLegendMarker *marker : m_chart->legend()->markers(m_zero))
        marker->setVisible(false); // a reference line, not data (showing a series shows its marker)
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
    if (m_showsDelta)
        header << QStringLiteral("current %1 (percent of paths)").arg(key)
               << QStringLiteral("baseline %1 (percent of paths)").arg(key)
               << QStringLiteral("standard error of the difference (percentage points)");
    QString csv = csvLine(header);
    for (std::size_t k = 0; k < m_plotted.size(); ++k) {
        QStringList row{QString::fromStdString(m_months[k]), QString::number(k), csvNumber(m_plotted[k])};
        if (!m_plottedBaseline.empty())
            row << csvNumber(m_plottedBaseline[k]);
        if (m_showsDelta)
            row << csvNumber(m_currentPercent[k]) << csvNumber(m_basePercent[k])
                << csvNumber(m_deltaError[k]);
        csv += csvLine(row);
    }
    return csv;
}

} // namespace jevons::ui
