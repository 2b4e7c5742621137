#include "jevons/total_effects/total_effects_chart.h"

#include "jevons/charts/chart_support.h"
#include "jevons/market/number_format.h"

#include <QLocale>
#include <QMouseEvent>
#include <QPainter>
#include <QToolTip>

#include <algorithm>
#include <cmath>

namespace jevons::ui {

namespace {

const QColor StaleInk(0xB3, 0x59, 0x00);

/// "42 %" or "4.2 %": a share of variance in the user's locale, one decimal below 10 %.
QString percent(double fraction)
{
    const double v = 100 * fraction;
    return QStringLiteral("%1 %").arg(QLocale().toString(v, 'f', std::abs(v) < 9.95 ? 1 : 0));
}

QString inputLabel(Param p)
{
    return QString::fromUtf8(paramInfo(p).label);
}

/// p5–p95 of an uncertain input, as in the scenario file.
QString intervalText(const Scenario &s, Param p)
{
    const Interval &interval = *s.intervals[std::size_t(p)];
    return QStringLiteral("%1 %2–%3")
        .arg(inputLabel(p), formatCompact(interval.p5, 4), formatCompact(interval.p95, 4));
}

using LegendItem = TotalEffectsChart::LegendItem;

/// Where the legend's entries go in a width: each entry's top-left, flowed onto as many lines as needed.
std::vector<QPointF> flowLegend(const std::vector<LegendItem> &items, const QFontMetricsF &fm, double width,
                                int *lines)
{
    std::vector<QPointF> at;
    double x = 0, y = 0;
    *lines = 1;
    for (const LegendItem &item : items) {
        const double w = 18 + fm.horizontalAdvance(item.text) + 14;
        if (x > 0 && x + w > width) {
            x = 0;
            y += fm.height() * 1.3;
            ++*lines;
        }
        at.emplace_back(x, y);
        x += w;
    }
    return at;
}

const int TextFlags = Qt::AlignLeft | Qt::AlignTop | Qt::TextWordWrap;

} // namespace

TotalEffectsChart::TotalEffectsChart(QWidget *parent) : ChartPanel(parent)
{
    setObjectName(chartId());
    setMouseTracking(true);
    setMinimumSize(320, 220);
    setAccessibleName(title());
    m_placeholder = tr("Press Analyse total effects to estimate each uncertain input's first- and "
                       "total-order share of the variance.");
}

QString TotalEffectsChart::outputLabel(const sweep::OutputSpec &output)
{
    if (output.probability)
        return QString::fromUtf8(probabilityTable()[std::size_t(*output.probability)].label);
    return QStringLiteral("%1, %2").arg(QString::fromUtf8(seriesInfo(output.series).label),
                                        QString::fromLatin1(statKey(output.stat)));
}

void TotalEffectsChart::setResult(const TotalEffectsPtr &result)
{
    m_result = result;
    m_stale = false;
    m_hover = -1;
    m_hoverText.clear();
    markDirty();
    update();
}

void TotalEffectsChart::setStale(bool stale)
{
    if (stale == m_stale)
        return;
    m_stale = stale;
    markDirty();
    update();
}

void TotalEffectsChart::setPlaceholder(const QString &text)
{
    m_placeholder = text;
    update();
}

std::vector<sweep::SobolIndex> TotalEffectsChart::rows() const
{
    return m_result ? m_result->ranked() : std::vector<sweep::SobolIndex>();
}

QString TotalEffectsChart::monthText() const
{
    if (!m_result)
        return {};
    return monthName(m_result->request.scenario, m_result->request.output.month);
}

QString TotalEffectsChart::rowText(int row) const
{
    const std::vector<sweep::SobolIndex> r = rows();
    if (row < 0 || row >= int(r.size()))
        return {};
    const sweep::SobolIndex &i = r[std::size_t(row)];
    return tr("%1: first order %2 (90 %: %3 to %4), total order %5 (90 %: %6 to %7)")
        .arg(inputLabel(i.input), percent(i.first), percent(i.firstLow), percent(i.firstHigh),
             percent(i.total), percent(i.totalLow), percent(i.totalHigh));
}

QString TotalEffectsChart::caption() const
{
    if (!m_result)
        return tr("Total effects (not computed)");
    const TotalEffectsRequest &q = m_result->request;
    const QLocale locale;
    QStringList inputs;
    for (Param p : q.scenario.uncertainInputs())
        inputs << intervalText(q.scenario, p);
    QString text =
        tr("First-order (S1, the input alone) and total-order (ST, with its interactions) Sobol indices of "
           "%1 "
           "at %2 over %3 uncertain inputs (90 % intervals: %4): Saltelli design with %5 base samples, %6 "
           "runs "
           "of %7 paths each on the same random numbers (seed %8), Jansen estimators, 90 % intervals from %9 "
           "bootstrap resamples; ranked by ST")
            .arg(inSentence(outputLabel(q.output)), monthText())
            .arg(q.scenario.uncertainInputs().size())
            .arg(inputs.join(QStringLiteral("; ")))
            .arg(locale.toString(qulonglong(q.baseSamples)), locale.toString(qulonglong(q.runs())),
                 locale.toString(qulonglong(q.paths)))
            .arg(q.seed)
            .arg(q.bootstrap);
    if (q.scenario.correlations.size() > 0)
        text += tr("; the inputs are correlated, so the indices count what each moves together with the "
                   "others");
    text += QLatin1Char('.');
    if (m_stale)
        text += QLatin1Char(' ') + tr("Outdated: the scenario changed after these were computed.");
    return text;
}

QString TotalEffectsChart::toCsv() const
{
    QString csv = csvLine({QStringLiteral("rank"), QStringLiteral("input"), QStringLiteral("input p5"),
                           QStringLiteral("input median"), QStringLiteral("input p95"),
                           QStringLiteral("first order S1 (fraction of variance)"),
                           QStringLiteral("S1 90 % interval low"), QStringLiteral("S1 90 % interval high"),
                           QStringLiteral("total order ST (fraction of variance)"),
                           QStringLiteral("ST 90 % interval low"), QStringLiteral("ST 90 % interval high")});
    if (!m_result)
        return csv;
    const Scenario &s = m_result->request.scenario;
    int rank = 0;
    for (const sweep::SobolIndex &i : rows()) {
        const Interval &interval = *s.intervals[std::size_t(i.input)];
        auto exact = [](double v) { return QString::fromStdString(sweep::formatExact(v)); };
        csv +=
            csvLine({QString::number(++rank), QString::fromLatin1(paramInfo(i.input).key), exact(interval.p5),
                     exact(s[i.input]), exact(interval.p95), exact(i.first), exact(i.firstLow),
                     exact(i.firstHigh), exact(i.total), exact(i.totalLow), exact(i.totalHigh)});
    }
    return csv;
}

std::vector<TotalEffectsChart::LegendItem> TotalEffectsChart::legendItems() const
{
    return {{m_palette.series(0), tr("First order S1 (alone)")},
            {m_palette.series(1), tr("Total order ST (with interactions)")},
            {QColor(), tr("90 % interval")}};
}

TotalEffectsChart::Header TotalEffectsChart::header(const QRectF &target, const QFontMetricsF &fm) const
{
    Header head;
    const double width = target.width() - 16;
    QFont bold = font();
    bold.setBold(true);
    const QFontMetricsF bm(bold);
    head.titleText = m_result ? tr("Share of the variance of %1 at %2")
                                    .arg(inSentence(outputLabel(m_result->request.output)), monthText())
                              : QString();
    head.title = QRectF(target.left() + 8, target.top() + 4, width,
                        bm.boundingRect(QRectF(0, 0, width, 1e6), TextFlags, head.titleText).height());
    double y = head.title.bottom() + 2;
    if (m_stale) {
        head.staleText = tr("Outdated: the scenario changed after these were computed. Compute again.");
        head.stale = QRectF(target.left() + 8, y, width,
                            fm.boundingRect(QRectF(0, 0, width, 1e6), TextFlags, head.staleText).height());
        y = head.stale.bottom() + 2;
    }
    head.legendTop = y;
    flowLegend(legendItems(), fm, width, &head.legendLines);
    return head;
}

TotalEffectsChart::Layout TotalEffectsChart::layoutFor(const QRectF &target, const QFontMetricsF &fm) const
{
    const double h = fm.height();
    Layout l;
    l.lo = 0;
    l.hi = 1;
    double labels = 0;
    for (const sweep::SobolIndex &i : rows()) {
        labels = std::max(labels, fm.horizontalAdvance(inputLabel(i.input)));
        l.lo = std::min({l.lo, i.firstLow, i.totalLow, i.first, i.total});
        l.hi = std::max({l.hi, i.firstHigh, i.totalHigh, i.first, i.total});
    }
    // Round outwards to tenths: a noisy estimate a little below 0 or above 1 stays on the chart.
    l.lo = std::floor(l.lo * 10 - 1e-9) / 10;
    l.hi = std::ceil(l.hi * 10 + 1e-9) / 10;
    labels = std::min(labels + 4, target.width() * 0.42);
    l.labelLeft = target.left() + 8;
    const Header head = header(target, fm);
    const double top = head.legendTop + head.legendLines * h * 1.3 + h * 0.5;
    const double bottom = target.bottom() - 8 - h * 2.6;
    const double left = l.labelLeft + labels + 8;
    const double right = target.right() - 8 - fm.horizontalAdvance(QStringLiteral("100 %")) / 2;
    l.plot = QRectF(QPointF(left, top), QPointF(std::max(left + 10, right), std::max(top + 10, bottom)));
    return l;
}

void TotalEffectsChart::paint(QPainter &p, const QRectF &target) const
{
    p.save();
    p.setRenderHint(QPainter::Antialiasing);
    p.setFont(font()); // the widget's, whatever the painter had (a report page, a figure)
    p.fillRect(target, m_palette.background);
    const QFontMetricsF fm(p.font());
    const double h = fm.height();
    if (!m_result) {
        p.setPen(m_palette.muted);
        p.drawText(target.adjusted(16, 16, -16, -16), Qt::AlignCenter | Qt::TextWordWrap, m_placeholder);
        p.restore();
        return;
    }
    const Layout l = layoutFor(target, fm);
    const std::vector<sweep::SobolIndex> r = rows();
    auto xOf = [&](double v) {
        return l.plot.left() + (std::clamp(v, l.lo, l.hi) - l.lo) / (l.hi - l.lo) * l.plot.width();
    };

    // Title (the output and its month), the outdated notice, the legend: as header() placed them.
    const Header head = header(target, fm);
    QFont bold = p.font();
    bold.setBold(true);
    const QFont normal = p.font();
    p.setFont(bold);
    p.setPen(m_palette.ink);
    p.drawText(head.title, TextFlags, head.titleText);
    p.setFont(normal);
    if (m_stale) {
        p.setPen(StaleInk);
        p.drawText(head.stale, TextFlags, head.staleText);
    }
    const QColor firstColour = m_palette.series(0), totalColour = m_palette.series(1);
    auto faded = [&](QColor c) {
        if (m_stale)
            c.setAlphaF(0.35f);
        return c;
    };
    {
        const std::vector<LegendItem> items = legendItems();
        int lines = 0;
        const std::vector<QPointF> at = flowLegend(items, fm, target.width() - 16, &lines);
        for (std::size_t i = 0; i < items.size(); ++i) {
            const double x = target.left() + 8 + at[i].x(), cy = head.legendTop + at[i].y() + h * 0.65;
            if (items[i].colour.isValid()) {
                p.fillRect(QRectF(x, cy - 5, 14, 10), faded(items[i].colour));
            } else {
                p.setPen(QPen(m_palette.ink, 1.2));
                p.drawLine(QPointF(x, cy), QPointF(x + 14, cy));
                p.drawLine(QPointF(x, cy - 4), QPointF(x, cy + 4));
                p.drawLine(QPointF(x + 14, cy - 4), QPointF(x + 14, cy + 4));
            }
            p.setPen(m_palette.ink);
            p.drawText(QPointF(x + 18, cy + fm.ascent() / 2 - 1), items[i].text);
        }
    }

    // Grid and axis: shares in percent at round steps.
    const double span = (l.hi - l.lo) * 100;
    const int most = std::max(3, int(l.plot.width() / (fm.horizontalAdvance(QStringLiteral("-100 %")) + 12)));
    double step = niceStep(span, most);
    while (step > 1 && std::floor(l.hi * 100 / step + 1e-9) - std::ceil(l.lo * 100 / step - 1e-9) < 1)
        step /= 2; // at least two labelled ticks, however narrow the chart
    for (double v = std::ceil(l.lo * 100 / step - 1e-9) * step; v <= l.hi * 100 + step * 1e-9; v += step) {
        const double value = std::abs(v) < step * 1e-9 ? 0.0 : v;
        const double x = xOf(value / 100);
        p.setPen(QPen(value == 0 ? m_palette.muted : m_palette.grid, 1));
        p.drawLine(QPointF(x, l.plot.top()), QPointF(x, l.plot.bottom()));
        const QString text = QStringLiteral("%1 %").arg(QLocale().toString(value, 'f', step < 1 ? 1 : 0));
        const double w = fm.horizontalAdvance(text);
        p.setPen(m_palette.ink);
        p.drawText(QRectF(x - w / 2 - 2, l.plot.bottom() + 4, w + 4, h), Qt::AlignCenter, text);
    }
    p.drawText(QRectF(l.plot.left(), l.plot.bottom() + 4 + h, l.plot.width(), h * 1.4), Qt::AlignCenter,
               tr("Share of variance (%)"));

    // One row per input: S1 above, ST below, each with its whisker.
    const double rowH = l.plot.height() / double(std::max<std::size_t>(1, r.size()));
    const double barH = std::min(rowH * 0.32, h * 1.1);
    for (std::size_t k = 0; k < r.size(); ++k) {
        const sweep::SobolIndex &i = r[k];
        const double cy = l.plot.top() + (double(k) + 0.5) * rowH;
        if (int(k) == m_hover) {
            QColor band = m_palette.grid;
            band.setAlphaF(0.5f);
            p.fillRect(QRectF(l.labelLeft, cy - rowH / 2, l.plot.right() - l.labelLeft, rowH), band);
        }
        p.setPen(m_palette.ink);
        const QRectF labelBox(l.labelLeft, cy - h, l.plot.left() - 8 - l.labelLeft, 2 * h);
        p.drawText(labelBox, Qt::AlignRight | Qt::AlignVCenter,
                   fm.elidedText(inputLabel(i.input), Qt::ElideRight, labelBox.width()));
        const double zero = xOf(0);
        auto bar = [&](double top, double value, double low, double high, const QColor &c) {
            const double x = xOf(value);
            p.fillRect(QRectF(QPointF(std::min(zero, x), top), QPointF(std::max(zero, x), top + barH)),
                       faded(c));
            const double wy = top + barH / 2, a = xOf(low), b = xOf(high);
            QColor ink = m_palette.ink;
            if (m_stale)
                ink.setAlphaF(0.45f);
            p.setPen(QPen(ink, 1.2));
            p.drawLine(QPointF(a, wy), QPointF(b, wy));
            p.drawLine(QPointF(a, wy - barH * 0.35), QPointF(a, wy + barH * 0.35));
            p.drawLine(QPointF(b, wy - barH * 0.35), QPointF(b, wy + barH * 0.35));
        };
        bar(cy - barH - 1, i.first, i.firstLow, i.firstHigh, firstColour);
        bar(cy + 1, i.total, i.totalLow, i.totalHigh, totalColour);
    }
    p.setPen(QPen(m_palette.muted, 1));
    p.setBrush(Qt::NoBrush);
    p.drawRect(l.plot);
    p.restore();
}

void TotalEffectsChart::renderTo(QPainter *painter, const QRectF &target)
{
    ensureUpToDate();
    const int hover = m_hover;
    m_hover = -1; // an export shows the bars, not where the mouse was
    paint(*painter, target);
    m_hover = hover;
}

void TotalEffectsChart::paintEvent(QPaintEvent *)
{
    QPainter p(this);
    paint(p, QRectF(rect()));
}

int TotalEffectsChart::rowAt(const QPointF &pos) const
{
    const std::vector<sweep::SobolIndex> r = rows();
    if (r.empty())
        return -1;
    const Layout l = layoutFor(QRectF(rect()), QFontMetricsF(font()));
    if (pos.y() < l.plot.top() || pos.y() >= l.plot.bottom() || pos.x() < l.labelLeft ||
        pos.x() > l.plot.right())
        return -1;
    return std::clamp(int((pos.y() - l.plot.top()) / l.plot.height() * double(r.size())), 0,
                      int(r.size()) - 1);
}

QPointF TotalEffectsChart::rowCentre(int row) const
{
    const std::size_t n = std::max<std::size_t>(1, rows().size());
    const Layout l = layoutFor(QRectF(rect()), QFontMetricsF(font()));
    return {l.plot.center().x(), l.plot.top() + (row + 0.5) * l.plot.height() / double(n)};
}

void TotalEffectsChart::mouseMoveEvent(QMouseEvent *event)
{
    const int row = rowAt(event->position());
    if (row != m_hover) {
        m_hover = row;
        m_hoverText = rowText(row);
        update();
        emit hoverChanged(m_hoverText);
        if (row >= 0)
            QToolTip::showText(event->globalPosition().toPoint(), m_hoverText, this);
        else
            QToolTip::hideText();
    }
    ChartPanel::mouseMoveEvent(event);
}

void TotalEffectsChart::leaveEvent(QEvent *event)
{
    m_hover = -1;
    m_hoverText.clear();
    update();
    emit hoverChanged(QString());
    ChartPanel::leaveEvent(event);
}

} // namespace jevons::ui
