#include "jevons/charts/fan_chart.h"
#include "jevons/charts/fan_legend.h"
#include "jevons/charts/theme.h"
#include "jevons/charts/output_checks.h"

#include "jevons/charts/chart_support.h"
#include "jevons/charts/chart_view.h"

#include <QAction>
#include <QActionGroup>
#include <QAreaSeries>
#include <QCategoryAxis>
#include <QChart>
#include <QComboBox>
#include <QLabel>
#include <QLocale>
#include <QMenu>
#include <QLegend>
#include <QLegendMarker>
#include <QLineSeries>
#include <QLogValueAxis>
#include <QValueAxis>
#include <QVBoxLayout>

#include <algorithm>
#include <cmath>
#include <map>

namespace jevons::ui {

namespace {
const std::vector<double> &stat(const SimulationResult &r, Series s, Stat st)
{
    return r[s][st];
}

/// Element-wise min/max of two curves: shifts of two percentiles can cross, a band must not twist.
std::pair<std::vector<double>, std::vector<double>> envelope(const std::vector<double> &a,
                                                             const std::vector<double> &b)
{
    std::vector<double> low(a.size()), high(a.size());
    for (std::size_t i = 0; i < a.size(); ++i) {
        // Undefined in either (a ratio to 0): undefined in both, so the band's edges have the same gaps.
        const bool undefined = !std::isfinite(a[i]) || !std::isfinite(b[i]);
        low[i] = undefined ? std::nan("") : std::min(a[i], b[i]);
        high[i] = undefined ? std::nan("") : std::max(a[i], b[i]);
    }
    return {low, high};
}
} // namespace

FanChart::FanChart(const QString &id, const QString &title, const QList<FanQuantity> &quantities,
                   const QString &axisQuantity, const QString &unit, bool compact, QWidget *parent)
    : ChartPanel(parent), m_id(id), m_title(title), m_axisQuantity(axisQuantity), m_unit(unit),
      m_quantities(quantities)
{
    setObjectName(id);
    auto *chart = new QChart;
    chart->setAnimationOptions(QChart::NoAnimation);
    chart->legend()->setVisible(!compact);
    // A vertical list on the right: up to ten entries (two quantities, bands, baseline) fit, a bottom row
    // does not.
    chart->legend()->setAlignment(Qt::AlignRight);
    QFont legendFont = chart->legend()->font();
    legendFont = scaledFont(8, legendFont);
    chart->legend()->setFont(legendFont);
    chart->legend()->setShowToolTips(true); // an elided entry shows in full on hover
    chart->setTitle(compact ? title : QString());
    if (compact) {
        QFont font = chart->titleFont();
        font = scaledFont(9, font);
        font.setBold(true);
        chart->setTitleFont(font);
    }

    for (const FanQuantity &q : quantities) {
        Curves c;
        auto line = [this](const QString &name) {
            auto *s = new QLineSeries(this);
            s->setName(name);
            return s;
        };
        c.p5 = line(QString());
        c.p25 = line(QString());
        c.p75 = line(QString());
        c.p95 = line(QString());
        c.baseP5 = line(QString());
        c.baseP95 = line(QString());
        c.baseBand = new QAreaSeries(c.baseP95, c.baseP5);
        c.baseBand->setName(tr("Baseline %1 p5–p95").arg(q.label));
        c.outer = new QAreaSeries(c.p95, c.p5);
        c.outer->setName(tr("%1 p5–p95").arg(q.label));
        c.inner = new QAreaSeries(c.p75, c.p25);
        c.inner->setName(tr("%1 p25–p75").arg(q.label));
        c.p50 = new QLineSeries;
        c.p50->setName(tr("%1 p50").arg(q.label));
        c.baseP50 = new QLineSeries;
        c.baseP50->setName(tr("Baseline %1 p50").arg(q.label));
        m_curves.append(c);
    }
    // Draw order: baseline bands under everything, then bands, then lines.
    for (const Curves &c : m_curves)
        chart->addSeries(c.baseBand);
    for (const Curves &c : m_curves) {
        chart->addSeries(c.outer);
        chart->addSeries(c.inner);
    }
    for (const Curves &c : m_curves) {
        chart->addSeries(c.baseP50);
        chart->addSeries(c.p50);
    }
    // Several quantities on one chart: three entries each (p50 and two bands, five with a baseline) did not
    // fit a 768-pixel screen. Each quantity keeps one entry, which shows and hides its bands with its line,
    // and a key in the toolbar says what the bands are.
    if (quantities.size() > 1)
        for (const Curves &c : m_curves)
            for (QAbstractSeries *band :
                 {static_cast<QAbstractSeries *>(c.outer), static_cast<QAbstractSeries *>(c.inner),
                  static_cast<QAbstractSeries *>(c.baseBand)})
                band->setProperty("legendHidden", true);
    auto *history = new QLineSeries;
    history->setName(tr("Observed"));
    history->setPointsVisible(true);
    history->setMarkerSize(compact ? 5 : 7);
    chart->addSeries(history); // last: drawn over the bands
    m_historySeries.append(history);
    m_reference = new QLineSeries;
    chart->addSeries(m_reference);

    initChart(chart, compact, true);
    m_axisX = new QCategoryAxis;
    m_axisX->setTitleText(compact ? QString() : tr("Month"));
    chart->addAxis(m_axisX, Qt::AlignBottom);
    for (QAbstractSeries *s : chart->series())
        s->attachAxis(m_axisX);
    ensureAxes();
    linkLegend();
    if (quantities.size() > 1 && !compact) {
        m_bandKey = new FanLegend(this);
        m_bandKey->setObjectName(QStringLiteral("bandKey"));
        addToolbarWidget(m_bandKey);
    }
    applyPalette();
    for (QAbstractSeries *s : chart->series())
        setPresent(s, false);
    // Month labels depend on the plot's width, known only after layout: relabel when it changes a lot.
    connect(chart, &QChart::plotAreaChanged, this, [this](const QRectF &plot) {
        if (m_axisSteps < 0 || !m_inputs.current || m_view->isZoomed() ||
            std::abs(plot.width() - m_axisWidth) < 60)
            return;
        m_axisWidth = int(plot.width());
        // From the first observed month, as redraw() set it: history stays in view after a relayout.
        setMonthAxis(m_axisX, m_axisScenario, m_axisSteps, m_axisWidth, m_axisFirst);
    });
    m_view->setHoverText([this](double x) { return hoverText(x); }, true);
    if (!compact) {
        // What the observed history measures, in words, under the plot: a legend entry cannot say it.
        m_noteLabel = new QLabel(this);
        m_noteLabel->setObjectName(QStringLiteral("historyNote"));
        m_noteLabel->setWordWrap(true);
        m_noteLabel->setTextFormat(Qt::PlainText);
        m_noteLabel->setContentsMargins(8, 0, 8, 4);
        QFont font = m_noteLabel->font();
        font = scaledFont(8, font);
        m_noteLabel->setFont(font);
        m_noteLabel->hide();
        if (auto *box = qobject_cast<QVBoxLayout *>(layout()))
            box->addWidget(m_noteLabel);

        // The delta view's choice of comparison, in the toolbar (shown only in the delta view) ...
        m_deltaLabel = new QLabel(tr("&Delta:"), this);
        m_deltaCombo = new QComboBox(this);
        m_deltaCombo->setObjectName(QStringLiteral("deltaMode"));
        m_deltaCombo->setAccessibleName(tr("Delta as"));
        m_deltaCombo->addItem(tr("Absolute (current − baseline)"), int(DeltaMode::Absolute));
        m_deltaCombo->addItem(tr("Percent change"), int(DeltaMode::Percent));
        m_deltaCombo->addItem(tr("Log ratio (log10)"), int(DeltaMode::LogRatio));
        m_deltaCombo->setToolTip(tr("How each percentile of the current run is compared with the same "
                                    "percentile of the baseline"));
        m_deltaLabel->setBuddy(m_deltaCombo);
        addToolbarWidget(m_deltaLabel);
        addToolbarWidget(m_deltaCombo);
        m_deltaLabel->hide();
        m_deltaCombo->hide();
        connect(m_deltaCombo, &QComboBox::activated, this,
                [this](int index) { setDeltaMode(DeltaMode(m_deltaCombo->itemData(index).toInt())); });
        // ... and what its lines and bands are, above the plot: they look like a fan but are not one.
        m_deltaNoteLabel = new QLabel(this);
        m_deltaNoteLabel->setObjectName(QStringLiteral("deltaNote"));
        m_deltaNoteLabel->setWordWrap(true);
        m_deltaNoteLabel->setTextFormat(Qt::PlainText);
        m_deltaNoteLabel->setContentsMargins(8, 0, 8, 0);
        m_deltaNoteLabel->setFont(font);
        m_deltaNoteLabel->hide();
        if (auto *box = qobject_cast<QVBoxLayout *>(layout()))
            box->insertWidget(box->indexOf(m_view), m_deltaNoteLabel);
    }
    // The same choice in the chart menu (right-click, the Chart button), for the small copies too.
    QMenu *deltaMenu = actionsMenu()->addMenu(tr("&Delta as"));
    auto *group = new QActionGroup(this);
    for (auto [mode, text] : {std::pair{DeltaMode::Absolute, tr("&Absolute (current − baseline)")},
                              {DeltaMode::Percent, tr("&Percent change")},
                              {DeltaMode::LogRatio, tr("&Log ratio (log10)")}}) {
        QAction *action = deltaMenu->addAction(text);
        action->setCheckable(true);
        action->setData(int(mode));
        group->addAction(action);
        connect(action, &QAction::triggered, this, [this, mode = mode] { setDeltaMode(mode); });
        m_deltaActions << action;
    }
    m_deltaMode = defaultDeltaMode();
    for (QAction *action : m_deltaActions)
        action->setChecked(DeltaMode(action->data().toInt()) == m_deltaMode);
    if (m_deltaCombo)
        m_deltaCombo->setCurrentIndex(m_deltaCombo->findData(int(m_deltaMode)));
}

DeltaMode FanChart::defaultDeltaMode() const
{
    // Prices and money can move by orders of magnitude (the token price falls ~250x): an absolute dollar
    // difference says little there.
    return unitOf(0).contains(QLatin1String("USD")) ? DeltaMode::Percent : DeltaMode::Absolute;
}

void FanChart::setDeltaMode(DeltaMode mode)
{
    if (m_deltaCombo && m_deltaCombo->currentData().toInt() != int(mode))
        m_deltaCombo->setCurrentIndex(m_deltaCombo->findData(int(mode)));
    for (QAction *action : m_deltaActions)
        action->setChecked(DeltaMode(action->data().toInt()) == mode);
    if (m_deltaMode == mode)
        return;
    m_deltaMode = mode;
    if (m_view->isZoomed())
        m_view->resetZoom();
    markDirty();
    emit deltaModeChanged(mode);
}

QString FanChart::deltaModeName(DeltaMode mode)
{
    switch (mode) {
    case DeltaMode::Absolute:
        return tr("absolute difference");
    case DeltaMode::Percent:
        return tr("percent change");
    case DeltaMode::LogRatio:
        return tr("log ratio");
    }
    return {};
}

QString FanChart::deltaUnit(int quantity) const
{
    switch (m_deltaMode) {
    case DeltaMode::Absolute:
        return unitOf(quantity);
    case DeltaMode::Percent:
        return QStringLiteral("%");
    case DeltaMode::LogRatio:
        return tr("log ratio");
    }
    return {};
}

double FanChart::deltaOf(double current, double baseline) const
{
    switch (m_deltaMode) {
    case DeltaMode::Absolute:
        return current - baseline;
    case DeltaMode::Percent:
        if (current == baseline) // also 0 vs 0 (cumulative sums at the start)
            return 0;
        return baseline > 0 && current >= 0 ? 100.0 * (current / baseline - 1.0) : std::nan("");
    case DeltaMode::LogRatio:
        if (current == baseline && current > 0)
            return 0;
        return baseline > 0 && current > 0 ? std::log10(current / baseline) : std::nan("");
    }
    return std::nan("");
}

std::vector<double> FanChart::deltaOf(const std::vector<double> &current,
                                      const std::vector<double> &baseline) const
{
    std::vector<double> out(std::min(current.size(), baseline.size()));
    for (std::size_t i = 0; i < out.size(); ++i)
        out[i] = deltaOf(current[i], baseline[i]);
    return out;
}

QString FanChart::formatDelta(double value, int quantity) const
{
    if (!std::isfinite(value))
        return tr("n/a");
    switch (m_deltaMode) {
    case DeltaMode::Absolute:
        return formatWithUnit(value, unitOf(quantity));
    case DeltaMode::Percent:
        return QLocale().toString(value, 'f', std::abs(value) < 10 ? 1 : 0) + QStringLiteral(" %");
    case DeltaMode::LogRatio:
        return QLocale().toString(value, 'f', 2);
    }
    return {};
}

QString FanChart::deltaNote() const
{
    if (!m_showsDelta)
        return {};
    QString how;
    switch (m_deltaMode) {
    case DeltaMode::Absolute:
        how = tr("Delta view: each line is current minus baseline of one percentile");
        break;
    case DeltaMode::Percent:
        how = tr(
            "Delta view: each line is the percent change of one percentile, 100 × (current / baseline − 1)");
        break;
    case DeltaMode::LogRatio:
        how =
            tr("Delta view: each line is the log ratio of one percentile, log10(current / baseline); −1 is a "
               "tenth of the baseline, +1 ten times it");
        break;
    }
    return tr("%1. The shaded areas join the shifts of p25/p75 and of p5/p95: differences of percentiles, "
              "not "
              "a confidence band; they can cross and need not hold the median shift.")
        .arg(how);
}

const QList<QPointF> &FanChart::historyPoints(int line) const
{
    static const QList<QPointF> None;
    return line >= 0 && line < m_lines.size() ? m_lines[line].points : None;
}

QString FanChart::historyLabel(int line) const
{
    return line >= 0 && line < m_lines.size() ? m_lines[line].label : QString();
}

QString FanChart::historyNote() const
{
    if (!m_historyShown)
        return {};
    QStringList notes;
    for (const ObservedLine &l : m_lines)
        if (!l.points.isEmpty() && !l.note.isEmpty())
            notes << l.note;
    return notes.join(QLatin1Char(' '));
}

QString FanChart::unitOf(int quantity) const
{
    return m_unit.isEmpty() ? QString::fromUtf8(seriesInfo(m_quantities.value(quantity).series).unit)
                            : m_unit;
}

QString FanChart::caption() const
{
    // The warning (and the observed line) are decided by the draw: a caption asked for first (export,
    // report) must not miss them.
    const_cast<FanChart *>(this)->ensureUpToDate();
    QStringList labels;
    for (const FanQuantity &q : m_quantities)
        labels << q.label;
    if (m_showsDelta) {
        QString how;
        switch (m_deltaMode) {
        case DeltaMode::Absolute:
            how = tr("current minus pinned baseline, in %1").arg(unitOf(0));
            break;
        case DeltaMode::Percent:
            how = tr("100 × (current / pinned baseline − 1), in %");
            break;
        case DeltaMode::LogRatio:
            how = tr("log10(current / pinned baseline), as a log ratio (−1: a tenth)");
            break;
        }
        return tr("%1, delta view (%2): shift of each percentile, %3 (same seed, so the same random draws); "
                  "line the median shift, bands join the p25/p75 and p5/p95 shifts: differences of "
                  "percentiles, not a confidence band.")
            .arg(labels.join(tr(" and ")), deltaModeName(m_deltaMode), how);
    }
    QString text = tr("%1: median (line), p25–p75 and p5–p95 of the Monte Carlo paths (bands).")
                       .arg(labels.join(tr(" and ")));
    if (m_inputs.baseline)
        text += tr(" Grey: the pinned baseline.");
    if (m_historyShown) {
        QStringList observed;
        for (const ObservedLine &l : m_lines)
            if (!l.points.isEmpty())
                observed << l.label;
        text += tr(" Dark line%1 before the start month: %2.")
                    .arg(observed.size() > 1 ? tr("s (solid, then dashed)") : QString(),
                         observed.join(QStringLiteral("; ")));
        const QString note = historyNote();
        if (!note.isEmpty())
            text += QLatin1Char(' ') + note;
    }
    if (!m_warning.isEmpty())
        text += QLatin1Char(' ') + m_warning;
    return text;
}

void FanChart::setHistory(const QList<QPointF> &points, const QString &label)
{
    setHistories({ObservedLine{points, label, QString(), QString(), QString()}});
}

void FanChart::setHistories(const QList<ObservedLine> &lines)
{
    m_lines.clear();
    for (ObservedLine line : lines) {
        if (line.points.isEmpty())
            continue;
        std::sort(line.points.begin(), line.points.end(),
                  [](const QPointF &a, const QPointF &b) { return a.x() < b.x(); });
        if (line.label.isEmpty())
            line.label = tr("Observed");
        m_lines.append(line);
    }
    while (m_historySeries.size() < std::max<qsizetype>(1, m_lines.size())) {
        auto *series = new QLineSeries;
        series->setPointsVisible(true);
        series->setMarkerSize(isCompact() ? 4 : 6);
        m_chart->addSeries(series);
        if (m_axisX)
            series->attachAxis(m_axisX);
        if (m_axisY)
            series->attachAxis(m_axisY);
        m_historySeries.append(series);
        applyPalette();
        setPresent(series, false);
    }
    for (int i = 0; i < m_historySeries.size(); ++i)
        m_historySeries[i]->setName(i >= m_lines.size()           ? tr("Observed")
                                    : m_lines[i].legend.isEmpty() ? m_lines[i].label
                                                                  : m_lines[i].legend);
    markDirty();
}

void FanChart::setPresent(QAbstractSeries *series, bool present)
{
    const bool userHidden = series->property("userHidden").toBool();
    series->setVisible(present && !userHidden);
    const bool inLegend = !series->property("legendHidden").toBool();
    const auto markers = m_chart->legend()->markers(series);
    for (QLegendMarker *marker : markers)
        marker->setVisible(present && inLegend);
}

void FanChart::linkLegend()
{
    makeLegendInteractive(m_chart);
    if (m_curves.size() < 2)
        return;
    for (const Curves &c : m_curves) {
        // After makeLegendInteractive's own handler (connected first, so called first) toggled the line.
        for (QLegendMarker *marker : m_chart->legend()->markers(c.p50))
            connect(marker, &QLegendMarker::clicked, this, [c] {
                const bool hidden = c.p50->property("userHidden").toBool();
                for (QAbstractSeries *band :
                     {static_cast<QAbstractSeries *>(c.outer), static_cast<QAbstractSeries *>(c.inner)}) {
                    band->setProperty("userHidden", hidden);
                    band->setVisible(c.p50->isVisible());
                }
            });
    }
}

void FanChart::ensureAxes()
{
    const bool wantLog = m_logScale && !m_showsDelta;
    if (m_axisY && m_axisIsLog == wantLog)
        return;
    if (m_axisY) {
        m_axisY->setVisible(false); // its graphics items can outlive the axis (deleted later): never painted
        m_chart->removeAxis(m_axisY);
        delete m_axisY;
    }
    if (wantLog) {
        // Points left from a linear view (negative deltas, zeros) would be logged as errors once attached.
        for (const Curves &c : m_curves)
            for (QLineSeries *line : {c.p5, c.p25, c.p50, c.p75, c.p95, c.baseP5, c.baseP50, c.baseP95})
                line->clear();
        for (QLineSeries *history : m_historySeries)
            history->clear();
    }
    m_axisY = createValueAxis(wantLog);
    m_axisIsLog = wantLog;
    m_chart->addAxis(m_axisY, Qt::AlignLeft);
    for (QAbstractSeries *s : m_chart->series())
        s->attachAxis(m_axisY);
    styleAxis(m_axisY, m_palette, isCompact());
}

void FanChart::applyPalette()
{
    for (int i = 0; i < m_curves.size(); ++i) {
        const Curves &c = m_curves[i];
        const QColor color = m_palette.series(i);
        QColor outer = color;
        outer.setAlphaF(m_palette.dark ? 0.22f : 0.16f);
        QColor inner = color;
        inner.setAlphaF(m_palette.dark ? 0.40f : 0.32f);
        c.outer->setBrush(outer);
        c.outer->setPen(Qt::NoPen);
        c.inner->setBrush(inner);
        c.inner->setPen(Qt::NoPen);
        QPen median(color);
        median.setWidthF(isCompact() ? 1.6 : 2.2);
        c.p50->setPen(median);
        QColor baseFill = m_palette.muted;
        baseFill.setAlphaF(0.16f);
        c.baseBand->setBrush(QBrush(baseFill, Qt::SolidPattern));
        QPen baseEdge(m_palette.muted);
        baseEdge.setWidthF(0.8);
        baseEdge.setStyle(Qt::DotLine);
        c.baseBand->setPen(baseEdge);
        QPen baseMedian(m_palette.muted);
        baseMedian.setWidthF(1.8);
        baseMedian.setStyle(Qt::DashLine);
        c.baseP50->setPen(baseMedian);
    }
    // Observed data in the ink colour (near black, near white when dark): apart from every fan hue.
    // The first line solid, the others (a second mapping of the same quantity) dashed.
    for (int i = 0; i < m_historySeries.size(); ++i) {
        QPen historyPen(m_palette.ink);
        historyPen.setWidthF(isCompact() ? 1.6 : (i == 0 ? 2.2 : 1.6));
        if (i > 0)
            historyPen.setStyle(Qt::DashLine);
        m_historySeries[i]->setPen(historyPen);
        m_historySeries[i]->setColor(m_palette.ink);
        m_historySeries[i]->setBrush(i == 0 ? QBrush(m_palette.ink) : QBrush(m_palette.background)); // dots
    }
    if (m_noteLabel)
        m_noteLabel->setStyleSheet(QStringLiteral("color: %1;").arg(m_palette.ink.name()));
    // A limit rather than a distribution: dashed, in a hue of its own, so it reads apart from the fan and
    // from observed history (ink).
    QPen referencePen(m_palette.series(1));
    referencePen.setWidthF(isCompact() ? 1.4 : 2.0);
    referencePen.setStyle(Qt::DashLine);
    m_reference->setPen(referencePen);
    if (m_axisX)
        styleAxis(m_axisX, m_palette, isCompact());
    if (m_axisY)
        styleAxis(m_axisY, m_palette, isCompact());
    // QChart::setTheme rebuilt the markers: hook them up again.
    linkLegend();
    if (m_bandKey)
        m_bandKey->setDarkTheme(m_palette.dark);
}

void FanChart::setSeriesData(QLineSeries *series, const std::vector<double> &values)
{
    QList<QPointF> points = toPoints(values, m_scale.divisor, m_axisIsLog ? m_logFloor : 0);
    // Undefined deltas (a ratio to 0) are left out: Qt Charts cannot draw NaN.
    points.removeIf([](const QPointF &p) { return !std::isfinite(p.y()); });
    series->replace(points);
}

void FanChart::redraw()
{
    m_columns.clear();
    const SimulationResult *cur = m_inputs.current.get();
    const SimulationResult *base = m_inputs.baseline.get();
    if (!cur) {
        for (QAbstractSeries *s : m_chart->series())
            setPresent(s, false);
        return;
    }
    // Delta needs both runs on the same month grid.
    m_showsDelta = m_inputs.deltaView && base && base->steps == cur->steps;
    if (base && base->steps != cur->steps)
        base = nullptr;
    setLogScaleApplicable(!m_showsDelta);
    ensureAxes();

    const int steps = cur->steps;
    // The plot area once laid out; before that, the view less room for the axis and the legend.
    const double plotWidth = m_chart->plotArea().width();
    const int axisWidth =
        plotWidth > 50 ? int(plotWidth)
                       : std::max(200, m_view->width() - 80 - (m_chart->legend()->isVisible() ? 170 : 0));
    // Observed history widens the month axis to its first month (x < 0); the delta view has none.
    const bool hasHistory = !m_lines.isEmpty() && !m_showsDelta;
    int firstStep = 0;
    if (hasHistory) {
        for (const ObservedLine &l : m_lines)
            firstStep = std::min(firstStep, int(std::floor(l.points.first().x())));
        // A month or two of room before the first point, so that its marker is not cut by the plot's edge.
        if (firstStep < 0)
            firstStep -= std::max(1, (steps - firstStep) / 50);
    }
    if (steps != m_axisSteps || axisWidth != m_axisWidth || firstStep != m_axisFirst ||
        cur->scenario.startYear != m_axisScenario.startYear ||
        cur->scenario.startMonth != m_axisScenario.startMonth) {
        setMonthAxis(m_axisX, cur->scenario, steps, axisWidth, firstStep);
        m_axisSteps = steps;
        m_axisWidth = axisWidth;
        m_axisFirst = firstStep;
        m_axisScenario = cur->scenario;
    }
    m_monthLabels.clear();
    for (int k = 0; k <= steps; ++k)
        m_monthLabels.push_back(cur->scenario.monthLabel(k));

    // Gather the curves (unscaled) first: the scale and axis range depend on all of them.
    struct Drawn {
        std::vector<double> p5, p25, p50, p75, p95, bp5, bp50, bp95;
    };
    std::vector<Drawn> drawn(std::size_t(m_quantities.size()));
    double lo = HUGE_VAL, hi = -HUGE_VAL, minPositive = HUGE_VAL;
    auto extend = [&](const std::vector<double> &v) {
        for (double x : v) {
            if (!std::isfinite(x))
                continue;
            lo = std::min(lo, x);
            hi = std::max(hi, x);
            if (x > 0)
                minPositive = std::min(minPositive, x);
        }
    };
    for (int i = 0; i < m_quantities.size(); ++i) {
        const Series s = m_quantities[i].series;
        Drawn &d = drawn[std::size_t(i)];
        const QString label = m_quantities[i].label;
        const QString unit = unitOf(i);
        if (m_showsDelta) {
            const QString shiftUnit = deltaUnit(i);
            auto shift = [&](Stat st) { return deltaOf(stat(*cur, s, st), stat(*base, s, st)); };
            d.p50 = shift(Stat::P50);
            std::tie(d.p25, d.p75) = envelope(shift(Stat::P25), shift(Stat::P75));
            std::tie(d.p5, d.p95) = envelope(shift(Stat::P5), shift(Stat::P95));
            const QString how = m_deltaMode == DeltaMode::Absolute  ? tr("current minus baseline")
                                : m_deltaMode == DeltaMode::Percent ? tr("percent change vs baseline")
                                                                    : tr("log10 ratio current / baseline");
            m_columns.push_back({tr("%1 low of p5/p95 shifts, %2 (%3)").arg(label, how, shiftUnit), d.p5});
            m_columns.push_back({tr("%1 low of p25/p75 shifts, %2 (%3)").arg(label, how, shiftUnit), d.p25});
            m_columns.push_back({tr("%1 p50 %2 (%3)").arg(label, how, shiftUnit), d.p50});
            m_columns.push_back({tr("%1 high of p25/p75 shifts, %2 (%3)").arg(label, how, shiftUnit), d.p75});
            m_columns.push_back({tr("%1 high of p5/p95 shifts, %2 (%3)").arg(label, how, shiftUnit), d.p95});
        } else {
            d.p5 = stat(*cur, s, Stat::P5);
            d.p25 = stat(*cur, s, Stat::P25);
            d.p50 = stat(*cur, s, Stat::P50);
            d.p75 = stat(*cur, s, Stat::P75);
            d.p95 = stat(*cur, s, Stat::P95);
            for (auto [name, values] :
                 {std::pair{"p5", &d.p5}, {"p25", &d.p25}, {"p50", &d.p50}, {"p75", &d.p75}, {"p95", &d.p95}})
                m_columns.push_back(
                    {QStringLiteral("%1 %2 (%3)").arg(label, QLatin1String(name), unit), *values});
            if (base) {
                d.bp5 = stat(*base, s, Stat::P5);
                d.bp50 = stat(*base, s, Stat::P50);
                d.bp95 = stat(*base, s, Stat::P95);
                m_columns.push_back({tr("Baseline %1 p5 (%2)").arg(label, unit), d.bp5});
                m_columns.push_back({tr("Baseline %1 p50 (%2)").arg(label, unit), d.bp50});
                m_columns.push_back({tr("Baseline %1 p95 (%2)").arg(label, unit), d.bp95});
            }
        }
        for (const auto *v : {&d.p5, &d.p95, &d.p50, &d.bp5, &d.bp95})
            extend(*v);
    }
    // The reference line has no delta form: it is the same in both runs' scenario only by chance.
    m_referenceValues.clear();
    if (m_referenceFn && !m_showsDelta) {
        m_referenceValues = m_referenceFn(*cur);
        m_referenceValues.resize(std::size_t(steps + 1), std::nan(""));
        m_columns.push_back({QStringLiteral("%1 (%2)").arg(m_referenceLabel, unitOf(0)), m_referenceValues});
        extend(m_referenceValues);
    }
    std::vector<double> historyValues;
    for (const ObservedLine &l : m_lines)
        for (const QPointF &p : l.points)
            historyValues.push_back(p.y());
    if (!m_showsDelta)
        extend(historyValues);
    if (!(hi >= lo)) {
        lo = 0;
        hi = 1;
    }

    // Percent and log ratios are plotted as they are: no k/M/B scaling.
    m_scale = m_showsDelta && m_deltaMode != DeltaMode::Absolute
                  ? AxisScale{}
                  : chooseAxisScale(std::max(std::abs(lo), std::abs(hi)));
    m_logFloor = std::isfinite(minPositive) ? minPositive / m_scale.divisor : 1e-6;
    for (int i = 0; i < m_quantities.size(); ++i) {
        const Curves &c = m_curves[i];
        const Drawn &d = drawn[std::size_t(i)];
        setSeriesData(c.p5, d.p5);
        setSeriesData(c.p25, d.p25);
        setSeriesData(c.p50, d.p50);
        setSeriesData(c.p75, d.p75);
        setSeriesData(c.p95, d.p95);
        const bool hasBase = !d.bp50.empty();
        if (hasBase) {
            setSeriesData(c.baseP5, d.bp5);
            setSeriesData(c.baseP50, d.bp50);
            setSeriesData(c.baseP95, d.bp95);
        }
        setPresent(c.outer, true);
        setPresent(c.inner, true);
        setPresent(c.p50, true);
        setPresent(c.baseBand, hasBase);
        setPresent(c.baseP50, hasBase);
        // One quantity: its name is in the axis title, so the legend can stay short enough to fit.
        const QString label = m_quantities.size() > 1 ? m_quantities[i].label + QLatin1Char(' ') : QString();
        // In the delta view the entries say what they are: shifts of percentiles, not a fan's bands.
        // With several quantities the entry stands for the line and its bands (the toolbar key says which).
        const QString median = m_bandKey ? m_quantities[i].label : tr("%1p50").arg(label);
        c.p50->setName(m_showsDelta ? tr("%1median shift").arg(label) : median);
        c.inner->setName(m_showsDelta ? tr("%1p25, p75 shifts").arg(label) : tr("%1p25–p75").arg(label));
        c.outer->setName(m_showsDelta ? tr("%1p5, p95 shifts").arg(label) : tr("%1p5–p95").arg(label));
        c.baseP50->setName(tr("Baseline %1p50").arg(label));
        c.baseBand->setName(tr("Baseline %1p5–p95").arg(label));
        if (m_bandKey) {
            m_bandKey->setBaselineShown(hasBase);
            // The delta view's note above the plot says what its bands are.
            m_bandKey->setVisible(!m_showsDelta);
        }
    }
    m_historyShown = hasHistory;
    for (int i = 0; i < m_historySeries.size(); ++i) {
        QLineSeries *history = m_historySeries[i];
        const bool shown = hasHistory && i < m_lines.size();
        if (shown) {
            const QList<QPointF> &points = m_lines[i].points;
            QList<QPointF> scaled;
            for (const QPointF &p : points)
                scaled.append(
                    QPointF(p.x(), std::max(p.y() / m_scale.divisor, m_axisIsLog ? m_logFloor : -HUGE_VAL)));
            history->replace(scaled);
            // Dots mark sparse observations (quarterly capex); a monthly series is a line, as dots would
            // merge into a bar.
            const double span = points.last().x() - points.first().x();
            history->setPointsVisible(points.size() < 2 || span / double(points.size() - 1) >= 2);
        }
        setPresent(history, shown);
    }
    if (m_noteLabel) {
        const QString note = historyNote();
        m_noteLabel->setText(note);
        QStringList details;
        for (const ObservedLine &l : m_lines)
            if (!l.details.isEmpty())
                details << l.details;
        m_noteLabel->setToolTip(details.join(QStringLiteral("\n\n")));
        m_noteLabel->setVisible(!note.isEmpty());
    }
    if (!m_referenceValues.empty())
        setSeriesData(m_reference, m_referenceValues);
    setPresent(m_reference, !m_referenceValues.empty());

    const QString quantity = m_showsDelta ? tr("Δ %1 vs baseline").arg(m_axisQuantity) : m_axisQuantity;
    const QString axisUnit = m_showsDelta ? deltaUnit(0) : unitOf(0);
    // Compact fans have no axis title, but a blank one keeps room left of the plot: without it Qt Charts
    // hides the first month label ("Apr 2026", centred on the left edge) beside value labels as narrow as
    // "3".
    m_axisY->setTitleText(isCompact() ? QStringLiteral(" ") : axisTitle(quantity, axisUnit, m_scale));
    if (m_deltaNoteLabel) {
        m_deltaNoteLabel->setText(deltaNote());
        m_deltaNoteLabel->setVisible(m_showsDelta);
        m_deltaLabel->setVisible(m_showsDelta);
        m_deltaCombo->setVisible(m_showsDelta);
    }
    // Outside the calibrated range anywhere in the plotted months: said above the plot, not only in a tile.
    QStringList reasons;
    if (!m_showsDelta)
        for (int i = 0; i < m_quantities.size(); ++i) {
            const Drawn &d = drawn[std::size_t(i)];
            double p50 = -HUGE_VAL, p95 = -HUGE_VAL;
            for (double v : d.p50)
                p50 = std::isfinite(v) ? std::max(p50, v) : p50;
            for (double v : d.p95)
                p95 = std::isfinite(v) ? std::max(p95, v) : p95;
            const QString reason = implausibility(m_quantities[i].series, p50, p95);
            if (!reason.isEmpty())
                reasons << reason;
        }
    m_warning = reasons.join(QLatin1Char(' '));
    m_chart->setToolTip(m_warning);
    if (isCompact()) // no axis titles in the small copies: the unit goes into the title
    {
        const QString name = m_showsDelta ? tr("Δ %1 vs baseline").arg(m_title) : m_title;
        const bool plainRatio = axisUnit == QLatin1String("ratio") && m_scale.prefix.isEmpty();
        m_chart->setTitle((m_warning.isEmpty() ? QString() : QStringLiteral("⚠ ")) +
                          (plainRatio ? name : axisTitle(name, axisUnit, m_scale)));
    } else {
        m_chart->setTitle(m_warning.isEmpty() ? QString() : QStringLiteral("⚠ ") + m_warning);
    }
    if (m_axisIsLog) {
        auto *axis = static_cast<QLogValueAxis *>(m_axisY);
        const double low = std::pow(10.0, std::floor(std::log10(m_logFloor)));
        const double high =
            std::pow(10.0, std::ceil(std::log10(std::max(hi / m_scale.divisor, m_logFloor * 10))));
        if (!m_view->isZoomed())
            axis->setRange(low, high);
    } else {
        auto *axis = static_cast<QValueAxis *>(m_axisY);
        // Stocks and prices are positive: start the axis at zero unless the data goes below it (delta view).
        const double low = std::min(0.0, lo / m_scale.divisor);
        if (!m_view->isZoomed())
            setNiceRange(axis, low, hi / m_scale.divisor, isCompact() ? 4 : 7);
    }
    if (!m_view->isZoomed())
        m_axisX->setRange(m_axisFirst, steps);
    if (!isCompact() && m_chart->legend()->isVisible())
        linkLegend();
}

QString FanChart::hoverText(double x) const
{
    const SimulationResult *cur = m_inputs.current.get();
    if (!cur)
        return {};
    const int step = int(std::lround(x));
    if (step < 0)
        return observedHoverText(step);
    if (step > cur->steps)
        return {};
    const SimulationResult *base = m_inputs.baseline.get();
    if (base && base->steps != cur->steps)
        base = nullptr;
    QString html = QStringLiteral("<b>%1</b> <span style='color:%2'>(%3)</span>")
                       .arg(monthName(cur->scenario, step), m_palette.muted.name(), stepOffset(step));
    for (int i = 0; i < m_quantities.size(); ++i) {
        const Series s = m_quantities[i].series;
        const QString unit = unitOf(i);
        auto fmt = [&](double v) { return formatWithUnit(v, unit); };
        auto v = [&](const SimulationResult &r, Stat st) { return r.value(s, st, step); };
        const QString swatch =
            QStringLiteral("<span style='color:%1'>■</span> ").arg(m_palette.series(i).name());
        html += QStringLiteral("<br>") + swatch +
                QStringLiteral("<b>%1</b>").arg(m_quantities[i].label.toHtmlEscaped());
        if (m_showsDelta) {
            auto d = [&](Stat st) { return formatDelta(deltaOf(v(*cur, st), v(*base, st)), i); };
            html += tr("<br>&nbsp;Δp50 %1<br>&nbsp;Δp5 %2 · Δp95 %3<br>&nbsp;<i>%4</i>")
                        .arg(d(Stat::P50), d(Stat::P5), d(Stat::P95), deltaModeName(m_deltaMode));
            continue;
        }
        html += tr("<br>&nbsp;p50 %1<br>&nbsp;p25–p75 %2 – %3<br>&nbsp;p5–p95 %4 – %5")
                    .arg(fmt(v(*cur, Stat::P50)), fmt(v(*cur, Stat::P25)), fmt(v(*cur, Stat::P75)),
                         fmt(v(*cur, Stat::P5)), fmt(v(*cur, Stat::P95)));
        if (base)
            html += tr("<br>&nbsp;<span style='color:%1'>baseline p50 %2</span>")
                        .arg(m_palette.muted.name(), fmt(v(*base, Stat::P50)));
    }
    if (!m_showsDelta && step < int(m_referenceValues.size()))
        html += QStringLiteral("<br><span style='color:%1'>- -</span> <b>%2</b> %3")
                    .arg(m_palette.ink.name(), m_referenceLabel.toHtmlEscaped(),
                         formatWithUnit(m_referenceValues[std::size_t(step)], unitOf(0)));
    return html;
}

void FanChart::setReferenceLine(const ReferenceFn &values, const QString &label)
{
    m_referenceFn = values;
    m_referenceLabel = label;
    m_reference->setName(label);
    markDirty();
}

QString FanChart::observedHoverText(int step) const
{
    const SimulationResult *cur = m_inputs.current.get();
    if (!m_historyShown || !cur || step < m_axisFirst)
        return {};
    QString html = QStringLiteral("<b>%1</b> <span style='color:%2'>(%3)</span>")
                       .arg(monthName(cur->scenario, step), m_palette.muted.name(), stepOffset(step));
    for (int i = 0; i < m_lines.size(); ++i) {
        // The observation nearest the hovered month: quarterly series (capex) have gaps between their
        // points.
        const QPointF *nearest = nullptr;
        for (const QPointF &p : m_lines[i].points)
            if (!nearest || std::abs(p.x() - step) < std::abs(nearest->x() - step))
                nearest = &p;
        const int observedStep = int(std::lround(nearest->x()));
        html += QStringLiteral("<br><span style='color:%1'>%2</span> <b>%3</b>")
                    .arg(m_palette.ink.name(), i == 0 ? QStringLiteral("●") : QStringLiteral("○"),
                         m_lines[i].label.toHtmlEscaped());
        html += QStringLiteral("<br>&nbsp;%1").arg(formatWithUnit(nearest->y(), unitOf(0)));
        if (observedStep != step)
            html += QStringLiteral(" <span style='color:%1'>(%2)</span>")
                        .arg(m_palette.muted.name(), monthName(cur->scenario, observedStep));
    }
    return html;
}

QString FanChart::toCsv() const
{
    const_cast<FanChart *>(this)->ensureUpToDate();
    QString csv;
    QStringList header{QStringLiteral("month"), QStringLiteral("step")};
    for (const Column &c : m_columns)
        header << c.name;
    // Observed history: a last column, on rows of its own before step 0 (the months it covers).
    // One column per observed line; one row per month that any of them observes.
    const bool history = m_historyShown && m_inputs.current && !m_columns.empty();
    std::map<int, QStringList> observedRows;
    if (history) {
        for (const ObservedLine &l : m_lines)
            header << QStringLiteral("%1 (%2)").arg(l.label, unitOf(0));
        for (int i = 0; i < m_lines.size(); ++i)
            for (const QPointF &p : m_lines[i].points) {
                QStringList &cells = observedRows[int(std::lround(p.x()))];
                cells.resize(m_lines.size());
                cells[i] = csvNumber(p.y());
            }
    }
    csv += csvLine(header);
    for (const auto &[step, cells] : observedRows) {
        QStringList row{QString::fromStdString(m_inputs.current->scenario.monthLabel(step)),
                        QString::number(step)};
        for (std::size_t c = 0; c < m_columns.size(); ++c)
            row << QString();
        row << cells;
        csv += csvLine(row);
    }
    for (std::size_t k = 0; k < m_monthLabels.size(); ++k) {
        QStringList row{QString::fromStdString(m_monthLabels[k]), QString::number(k)};
        for (const Column &c : m_columns)
            row << (k < c.values.size() ? csvNumber(c.values[k]) : QString());
        if (history)
            for (int i = 0; i < m_lines.size(); ++i)
                row << QString();
        csv += csvLine(row);
    }
    return csv;
}

} // namespace jevons::ui
