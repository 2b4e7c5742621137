#include "jevons/charts/fan_legend.h"

#include <QPainter>
#include <QPainterPath>

namespace jevons::ui {

namespace {
constexpr int Swatch = 22; // width of a sample line or band
constexpr int Gap = 6;
constexpr int EntryGap = 16;
} // namespace

FanLegend::FanLegend(QWidget *parent) : QWidget(parent)
{
    setObjectName(QStringLiteral("overviewLegend"));
    setSizePolicy(QSizePolicy::Preferred, QSizePolicy::Fixed);
    setAccessibleName(tr("Legend of the fans"));
    setToolTip(tr("The line is the median (p50); the darker band holds the middle half of the paths "
                  "(p25–p75), the lighter one nine in ten (p5–p95)"));
}

void FanLegend::setDarkTheme(bool dark)
{
    m_palette = ChartPalette::make(dark);
    update();
}

void FanLegend::setMonths(const QString &months)
{
    m_months = months;
    if (!months.isEmpty())
        setToolTip(tr("The fans span %1").arg(months));
    update();
}

void FanLegend::setBaselineShown(bool shown)
{
    m_baseline = shown;
    update();
}

void FanLegend::setDeltaShown(bool shown)
{
    m_delta = shown;
    update();
}

QStringList FanLegend::entries() const
{
    QStringList out = m_delta ? QStringList{tr("median shift"), tr("p25, p75 shifts"), tr("p5, p95 shifts"),
                                            tr("differences of percentiles, not a confidence band")}
                              : QStringList{tr("p50 (median)"), tr("p25–p75"), tr("p5–p95")};
    if (m_baseline)
        out << tr("baseline p50");
    if (!m_months.isEmpty())
        out << m_months;
    return out;
}

QSize FanLegend::sizeHint() const
{
    return {600, fontMetrics().height() + 6};
}

void FanLegend::paintEvent(QPaintEvent *)
{
    QPainter painter(this);
    painter.setRenderHint(QPainter::Antialiasing);
    const QFontMetrics metrics = fontMetrics();
    const int mid = height() / 2;
    int x = 4;
    const QColor hue = m_palette.series(0);
    auto label = [&](const QString &text) {
        painter.setPen(m_palette.ink);
        painter.drawText(QRect(x, 0, metrics.horizontalAdvance(text) + 2, height()), Qt::AlignVCenter, text);
        x += metrics.horizontalAdvance(text) + EntryGap;
    };
    auto band = [&](float alpha, const QString &text) {
        QColor fill = hue;
        fill.setAlphaF(m_palette.dark ? alpha + 0.06f : alpha);
        painter.fillRect(QRect(x, mid - 5, Swatch, 10), fill);
        x += Swatch + Gap;
        label(text);
    };
    auto line = [&](const QColor &colour, Qt::PenStyle style, const QString &text) {
        QPen pen(colour, 2);
        pen.setStyle(style);
        painter.setPen(pen);
        painter.drawLine(x, mid, x + Swatch, mid);
        x += Swatch + Gap;
        label(text);
    };
    // The long names where they fit, else the short ones, else nothing rather than a cut-off entry (a
    // narrow chart's toolbar; the tooltip still names them).
    auto entryWidth = [&](const QString &text) {
        return Swatch + Gap + metrics.horizontalAdvance(text) + EntryGap;
    };
    const QStringList bands{tr("p25–p75"), tr("p5–p95")};
    const int bandsWidth =
        entryWidth(bands[0]) + entryWidth(bands[1]) + (m_baseline ? entryWidth(tr("baseline p50")) : 0) + x;
    const QString median =
        bandsWidth + entryWidth(tr("p50 (median)")) <= width() ? tr("p50 (median)") : tr("p50");
    if (!m_delta && bandsWidth + entryWidth(median) > width() + EntryGap)
        return;
    // The same alphas as FanChart::applyPalette, so a swatch matches what it names.
    if (m_delta) {
        line(hue, Qt::SolidLine, tr("median shift"));
        band(0.32f, tr("p25, p75 shifts"));
        band(0.16f, tr("p5, p95 shifts"));
        painter.setPen(m_palette.muted);
        label(tr("(differences of percentiles, not a confidence band)"));
    } else {
        line(hue, Qt::SolidLine, median);
        band(0.32f, bands[0]);
        band(0.16f, bands[1]);
    }
    if (m_baseline)
        line(m_palette.muted, Qt::DashLine, tr("baseline p50"));
    if (!m_months.isEmpty()) {
        painter.setPen(m_palette.muted);
        // The long form if it fits, else the months alone, else nothing (the tooltip still says it).
        const int room = width() - x - 4;
        QString text = tr("Months shown: %1").arg(m_months);
        if (metrics.horizontalAdvance(text) > room)
            text = m_months;
        if (metrics.horizontalAdvance(text) <= room)
            painter.drawText(QRect(x, 0, room, height()), Qt::AlignVCenter | Qt::AlignRight, text);
    }
}

} // namespace jevons::ui
