#include "jevons/charts/headline_tiles.h"

#include "jevons/charts/chart_support.h"
#include "jevons/charts/output_checks.h"
#include "jevons/market/number_format.h"

#include <QFrame>
#include <QGridLayout>
#include <QLabel>
#include <QLayout>
#include <QLocale>
#include <QPainter>
#include <QVBoxLayout>

#include <cmath>

namespace jevons::ui {

namespace {
struct Metric {
    const char *key;
    Series series;
    bool shortage; ///< a probability of the engine instead of a series
    Probability probability = Probability::Shortage;
};
// Order of the tiles, left to right, top to bottom.
const Metric Metrics[] = {
    {"demand_supply_ratio", Series::DemandSupplyRatio, false},
    {"gpu_hour_price_usd", Series::GpuHourPrice, false},
    {"token_price_usd_per_mtok", Series::TokenPrice, false},
    {"capex_usd_per_month", Series::Capex, false},
    {"cumulative_capex_usd", Series::CumulativeCapex, false},
    {"shortage_probability", Series::Demand, true, Probability::Shortage},
    {"power_constrained_probability", Series::PowerDraw, true, Probability::PowerConstrained},
    {"revenue_covers_capex_probability", Series::CumulativeAiRevenue, true, Probability::RevenueCoversCapex},
};
constexpr int TileColumns = 4; // two rows of four: the Overview keeps its height for the fans

QString probabilityTitle(Probability p)
{
    switch (p) {
    case Probability::PowerConstrained:
        return QObject::tr("Probability power binds");
    case Probability::RevenueCoversCapex:
        return QObject::tr("Probability build-out paid for");
    default:
        return QObject::tr("Probability of shortage");
    }
}

QString probabilityTooltip(Probability p)
{
    switch (p) {
    case Probability::PowerConstrained:
        return QObject::tr(
            "Share of paths in which power limits installation in the horizon's month (shipped "
            "accelerators wait unpowered)");
    case Probability::RevenueCoversCapex:
        return QObject::tr("Share of paths in which the AI revenue earned since the start has reached the "
                           "capex spent since then, at the horizon");
    default:
        return QObject::tr("Share of paths with demand above the installed base at the horizon");
    }
}

QString seriesTitle(Series s)
{
    switch (s) {
    case Series::DemandSupplyRatio:
        return QObject::tr("Demand / supply");
    case Series::GpuHourPrice:
        return QObject::tr("GPU-hour price");
    case Series::TokenPrice:
        return QObject::tr("Token price (per M tokens)");
    case Series::Capex:
        return QObject::tr("Capex per month");
    case Series::CumulativeCapex:
        return QObject::tr("Cumulative capex");
    default:
        return QString::fromUtf8(seriesInfo(s).label);
    }
}
} // namespace

HeadlineTiles::HeadlineTiles(QWidget *parent) : ChartPanel(parent)
{
    setObjectName(chartId());
    m_grid = new QWidget(this);
    auto *grid = new QGridLayout(m_grid);
    grid->setContentsMargins(4, 4, 4, 4);
    grid->setSpacing(6);
    int index = 0;
    for (const Metric &m : Metrics) {
        Tile tile;
        tile.key = QString::fromLatin1(m.key);
        tile.title = m.shortage ? probabilityTitle(m.probability) : seriesTitle(m.series);
        auto *frame = new QFrame(m_grid);
        frame->setFrameShape(QFrame::StyledPanel);
        frame->setObjectName(QStringLiteral("tile_") + tile.key);
        auto *layout = new QVBoxLayout(frame);
        layout->setContentsMargins(10, 6, 10, 6);
        layout->setSpacing(1);
        auto *title = new QLabel(tile.title, frame);
        tile.heading = title;
        // At 1366 pixels a title with its month does not fit a quarter of the width: wrap, never clip.
        title->setWordWrap(true);
        QFont small = title->font();
        small.setPointSizeF(small.pointSizeF() * 0.9);
        title->setFont(small);
        tile.value = new QLabel(QStringLiteral("–"), frame);
        QFont big = tile.value->font();
        big.setPointSizeF(big.pointSizeF() * 1.8);
        big.setBold(true);
        tile.value->setFont(big);
        tile.range = new QLabel(frame);
        tile.range->setFont(small);
        tile.range->setWordWrap(true);
        tile.delta = new QLabel(frame);
        tile.delta->setFont(small);
        tile.warning = new QLabel(frame);
        tile.warning->setFont(small);
        tile.warning->setObjectName(QStringLiteral("warning_") + tile.key);
        tile.warning->setWordWrap(true);
        tile.warning->hide();
        layout->addWidget(title);
        layout->addWidget(tile.value);
        layout->addWidget(tile.warning);
        layout->addWidget(tile.range);
        layout->addWidget(tile.delta);
        tile.frame = frame;
        frame->setToolTip(m.shortage
                              ? probabilityTooltip(m.probability)
                              : tr("%1 at the horizon: median (p50) of the Monte Carlo paths, and the range "
                                   "holding 90 % of them (p5–p95)")
                                    .arg(tile.title));
        grid->addWidget(frame, index / TileColumns, index % TileColumns);
        m_tiles.append(tile);
        ++index;
    }
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_grid);
    applyPalette();
}

QString HeadlineTiles::caption() const
{
    return tr(
        "At the horizon: median (p50) and p5–p95 range of the Monte Carlo paths; change of the median vs "
        "the pinned baseline when one is pinned.");
}

void HeadlineTiles::applyPalette()
{
    for (Tile &tile : m_tiles) {
        tile.frame->setStyleSheet(
            QStringLiteral("QFrame#%1 { background: %2; border: 1px solid %3; border-radius: 6px; }")
                .arg(tile.frame->objectName(), m_palette.background.name(), m_palette.grid.name()));
        tile.range->setStyleSheet(QStringLiteral("color: %1").arg(m_palette.muted.name()));
        tile.warning->setStyleSheet(
            QStringLiteral("color: %1; font-weight: bold").arg(m_palette.dark ? "#ffb454" : "#a04000"));
    }
}

void HeadlineTiles::redraw()
{
    const SimulationResult *cur = m_inputs.current.get();
    const SimulationResult *base = m_inputs.baseline.get();
    const QLocale locale;
    int index = 0;
    for (const Metric &m : Metrics) {
        Tile &tile = m_tiles[index++];
        tile.warning->hide();
        tile.warning->clear();
        if (!cur) {
            tile.heading->setText(tile.title);
            tile.value->setText(QStringLiteral("–"));
            tile.value->setToolTip(QString());
            tile.range->clear();
            tile.delta->clear();
            continue;
        }
        const int T = cur->steps;
        // The month in the heading: every tile shows the horizon, which moves with the horizon slider.
        tile.heading->setText(QStringLiteral("%1 · %2").arg(tile.title, monthName(cur->scenario, T)));
        if (m.shortage) {
            const double p = cur->probability(m.probability)[std::size_t(T)];
            // The binomial error of the share decides the decimals: no digit that the noise owns.
            const double se = 100 * probabilityStandardError(p, cur->pathsDone);
            const int decimals = percentDecimals(se);
            tile.value->setText(QStringLiteral("%1 %").arg(locale.toString(100 * p, 'f', decimals)));
            tile.range->setText(tr("± %1 pp Monte Carlo error").arg(locale.toString(se, 'f', decimals + 1)));
            tile.value->setToolTip(
                tr("Standard error of the share over %1 paths (binomial): %2 percentage "
                   "points")
                    .arg(locale.toString(qulonglong(cur->pathsDone)), locale.toString(se, 'g', 2)));
            if (base) {
                const double b = base->probability(m.probability)[std::size_t(base->steps)];
                tile.delta->setText(tr("baseline %1 % (%2%3 pp)")
                                        .arg(locale.toString(100 * b, 'f', decimals), p >= b ? "+" : "",
                                             locale.toString(100 * (p - b), 'f', decimals)));
            } else
                tile.delta->clear();
            continue;
        }
        const QString unit = QString::fromUtf8(seriesInfo(m.series).unit);
        const double p50 = cur->value(m.series, Stat::P50, T);
        const double p95 = cur->value(m.series, Stat::P95, T);
        const double se = quantileStandardError(*cur, m.series, T, 0.5);
        const int figures = significantFigures(p50, se);
        tile.value->setText(formatFigures(p50, unit, figures));
        tile.value->setToolTip(
            se > 0 ? tr("Monte Carlo standard error of the p50 over %1 paths: %2 (from the run's own "
                        "distribution)")
                         .arg(locale.toString(qulonglong(cur->pathsDone)), formatFigures(se, unit, 2))
                   : QString());
        tile.range->setText(
            tr("p5–p95 %1 – %2")
                .arg(formatFigures(cur->value(m.series, Stat::P5, T), unit), formatFigures(p95, unit)));
        const QString reason = implausibility(m.series, p50, p95);
        if (!reason.isEmpty()) {
            tile.warning->setText(tr("⚠ outside the calibrated range"));
            tile.warning->setToolTip(reason);
            tile.warning->show();
        }
        if (base) {
            const double b = base->value(m.series, Stat::P50, base->steps);
            const double change = b != 0 ? (p50 / b - 1) * 100 : 0;
            tile.delta->setText(
                tr("baseline %1 (%2%3 %)")
                    .arg(formatFigures(b, unit), change >= 0 ? "+" : "", locale.toString(change, 'f', 1)));
        } else {
            tile.delta->clear();
        }
    }
}

QString HeadlineTiles::tileWarning(const QString &key) const
{
    const_cast<HeadlineTiles *>(this)->ensureUpToDate();
    for (const Tile &tile : m_tiles)
        if (tile.key == key)
            return tile.warning->isHidden() ? QString() : tile.warning->text();
    return {};
}

QString HeadlineTiles::tileTitle(const QString &key) const
{
    const_cast<HeadlineTiles *>(this)->ensureUpToDate();
    for (const Tile &tile : m_tiles)
        if (tile.key == key)
            return tile.heading->text();
    return {};
}

QString HeadlineTiles::tileText(const QString &key) const
{
    const_cast<HeadlineTiles *>(this)->ensureUpToDate();
    for (const Tile &tile : m_tiles)
        if (tile.key == key)
            return tile.value->text();
    return {};
}

namespace {
/// Lays out a hidden widget tree now: hidden widgets get their resize events (and layouts) only when shown.
void layOutTree(QWidget *widget)
{
    if (QLayout *layout = widget->layout()) {
        layout->invalidate(); // a resize without its event left the layout marked as done
        layout->activate();
    }
    for (QWidget *child : widget->findChildren<QWidget *>(Qt::FindDirectChildrenOnly))
        layOutTree(child);
}
} // namespace

void HeadlineTiles::renderTo(QPainter *painter, const QRectF &target)
{
    ensureUpToDate();
    if (!isVisible()) {
        resize(target.size().toSize()); // the target's size, so text is not scaled
        layOutTree(this);
    }
    painter->save();
    painter->translate(target.topLeft());
    painter->scale(target.width() / width(), target.height() / height());
    painter->fillRect(QRectF(0, 0, width(), height()), m_palette.background);
    render(painter, QPoint(), QRegion(), QWidget::DrawChildren);
    painter->restore();
}

QString HeadlineTiles::toCsv() const
{
    const_cast<HeadlineTiles *>(this)->ensureUpToDate();
    QString csv = csvLine({QStringLiteral("metric"), QStringLiteral("unit"), QStringLiteral("month"),
                           QStringLiteral("p5"), QStringLiteral("p50"), QStringLiteral("p95"),
                           QStringLiteral("baseline p50")});
    const SimulationResult *cur = m_inputs.current.get();
    const SimulationResult *base = m_inputs.baseline.get();
    if (!cur)
        return csv;
    const int T = cur->steps;
    const QString month = QString::fromStdString(cur->scenario.monthLabel(T));
    for (const Metric &m : Metrics) {
        if (m.shortage) {
            csv += csvLine(
                {QString::fromLatin1(m.key), QStringLiteral("share of paths"), month, QString(),
                 csvNumber(cur->probability(m.probability)[std::size_t(T)]), QString(),
                 base ? csvNumber(base->probability(m.probability)[std::size_t(base->steps)]) : QString()});
            continue;
        }
        csv += csvLine({QString::fromLatin1(m.key), QString::fromUtf8(seriesInfo(m.series).unit), month,
                        csvNumber(cur->value(m.series, Stat::P5, T)),
                        csvNumber(cur->value(m.series, Stat::P50, T)),
                        csvNumber(cur->value(m.series, Stat::P95, T)),
                        base ? csvNumber(base->value(m.series, Stat::P50, base->steps)) : QString()});
    }
    return csv;
}

} // namespace jevons::ui
