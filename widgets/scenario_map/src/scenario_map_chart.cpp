#include "jevons/scenario_map/scenario_map_chart.h"

#include "jevons/charts/chart_support.h"
#include "jevons/market/number_format.h"

#include <QDate>
#include <QFileInfo>
#include <QImage>
#include <QLocale>
#include <QMouseEvent>
#include <QPainter>
#include <QPainterPath>
#include <QToolTip>

#include <algorithm>
#include <cmath>

namespace jevons::ui {

namespace {

/// Viridis (perceptually even, readable in grey and with the common colour-vision deficiencies).
const QColor Viridis[] = {QColor(0x44, 0x01, 0x54), QColor(0x48, 0x28, 0x78), QColor(0x3E, 0x4A, 0x89),
                          QColor(0x31, 0x68, 0x8E), QColor(0x26, 0x82, 0x8E), QColor(0x1F, 0x9E, 0x89),
                          QColor(0x35, 0xB7, 0x79), QColor(0x6D, 0xCD, 0x59), QColor(0xFD, 0xE7, 0x25)};

QColor viridis(double t)
{
    constexpr int n = int(std::size(Viridis));
    t = std::clamp(t, 0.0, 1.0) * (n - 1);
    const int i = std::min(int(t), n - 2);
    const double f = t - i;
    const QColor &a = Viridis[i], &b = Viridis[i + 1];
    return QColor::fromRgbF(float(a.redF() + f * (b.redF() - a.redF())),
                            float(a.greenF() + f * (b.greenF() - a.greenF())),
                            float(a.blueF() + f * (b.blueF() - a.blueF())));
}

QString paramTitle(Param p)
{
    const ParamInfo &info = paramInfo(p);
    const QString unit = QString::fromUtf8(info.unit);
    const QString label = QString::fromUtf8(info.label);
    return unit.isEmpty() || unit == QLatin1String("ratio") ? label
                                                            : QStringLiteral("%1 (%2)").arg(label, unit);
}

/// Round values for an axis's labels: 1-2-5 per decade on a log axis, round steps on a linear one.
std::vector<double> axisTicks(const MapAxis &axis, int most)
{
    std::vector<double> ticks;
    if (axis.values.empty())
        return ticks;
    const auto [lo, hi] = std::minmax(axis.values.front(), axis.values.back());
    if (axis.spacing == sweep::Spacing::Log && lo > 0) {
        for (int pass = 0; pass < 2 && ticks.size() < 2; ++pass) {
            ticks.clear();
            const std::vector<double> m = pass == 0 ? std::vector<double>{1, 2, 5} : std::vector<double>{1};
            for (int e = int(std::floor(std::log10(lo))); e <= int(std::ceil(std::log10(hi))); ++e)
                for (double k : m) {
                    const double v = k * std::pow(10.0, e);
                    if (v >= lo * (1 - 1e-9) && v <= hi * (1 + 1e-9))
                        ticks.push_back(v);
                }
            if (int(ticks.size()) > most && pass == 0) {
                ticks.clear(); // too many: decades only
                continue;
            }
            break;
        }
        if (ticks.size() >= 2 && int(ticks.size()) <= most)
            return ticks;
        ticks.clear();
    }
    if (hi <= lo)
        return {lo};
    const double step = niceStep(hi - lo, std::max(2, most - 1));
    for (double v = std::ceil(lo / step - 1e-9) * step; v <= hi + step * 1e-9; v += step)
        ticks.push_back(std::abs(v) < step * 1e-9 ? 0.0 : v);
    return ticks;
}

/// "2029-04" (the engine's month label, also in result files) as the user's locale names it: "Apr 2029".
QString localMonth(const QString &label)
{
    const QDate date = QDate::fromString(label + QStringLiteral("-01"), QStringLiteral("yyyy-MM-dd"));
    return date.isValid() ? QLocale().toString(date, QStringLiteral("MMM yyyy")) : label;
}

} // namespace

ScenarioMapChart::ScenarioMapChart(QWidget *parent) : ChartPanel(parent)
{
    setObjectName(chartId());
    setMouseTracking(true);
    setMinimumSize(360, 280);
    setAccessibleName(title());
    m_placeholder = tr("Pick two parameters and an output, then Compute (or open a sweep result).");
}

void ScenarioMapChart::setGrid(const MapGrid &grid)
{
    m_grid = grid;
    m_hover.reset();
    m_hoverText.clear();
    markDirty();
    update();
}

void ScenarioMapChart::setCurrentScenario(const Scenario &scenario)
{
    m_current = scenario;
    update();
}

void ScenarioMapChart::setPlaceholder(const QString &text)
{
    m_placeholder = text;
    update();
}

QString ScenarioMapChart::formatValue(double v) const
{
    if (!std::isfinite(v))
        return tr("undefined");
    if (m_grid.isProbability())
        return QStringLiteral("%1 %").arg(QLocale().toString(v * 100, 'f', v > 0.001 && v < 0.999 ? 1 : 0));
    return formatWithUnit(v, QString::fromUtf8(seriesInfo(m_grid.output.series).unit), 3);
}

QString ScenarioMapChart::caption() const
{
    if (m_grid.isEmpty())
        return tr("Scenario map (not computed)");
    const QLocale locale;
    QString text = tr("%1 at %2 over %3 and %4: %5 × %6 scenarios, %7 paths each on the same random numbers "
                      "(seed %8)")
                       .arg(outputLabel(m_grid.output), localMonth(m_grid.monthLabel),
                            QString::fromUtf8(paramInfo(m_grid.x.param).label),
                            QString::fromUtf8(paramInfo(m_grid.y.param).label))
                       .arg(m_grid.x.size())
                       .arg(m_grid.y.size())
                       .arg(locale.toString(qulonglong(m_grid.paths)))
                       .arg(m_grid.seed);
    if (!m_grid.source.isEmpty())
        text += tr(", read from %1").arg(QFileInfo(m_grid.source).fileName());
    if (const QString level = contourLabel(); !level.isEmpty())
        text += m_grid.isProbability() ? tr("; the line marks %1").arg(level)
                                       : tr("; the line marks the grid's median, %1").arg(level);
    if (jevonsLineShown())
        text += tr("; dashed: the Jevons line, price elasticity = 1");
    if (currentMarkerShown())
        text += tr("; ring: the current scenario");
    return text + QLatin1Char('.');
}

QString ScenarioMapChart::toCsv() const
{
    if (m_grid.isEmpty())
        return {};
    auto column = [](Param p) {
        const ParamInfo &info = paramInfo(p);
        return QStringLiteral("%1 (%2)").arg(QString::fromUtf8(info.key), QString::fromUtf8(info.unit));
    };
    const QString unit = m_grid.isProbability() ? QStringLiteral("share of paths")
                                                : QString::fromUtf8(seriesInfo(m_grid.output.series).unit);
    QString csv = csvLine({column(m_grid.x.param), column(m_grid.y.param),
                           QStringLiteral("%1 (%2)").arg(QString::fromStdString(m_grid.output.key()), unit)});
    for (int ix = 0; ix < m_grid.x.size(); ++ix)
        for (int iy = 0; iy < m_grid.y.size(); ++iy) {
            const double v = m_grid.at(ix, iy);
            csv += csvLine({QString::fromStdString(sweep::formatExact(m_grid.x.values[std::size_t(ix)])),
                            QString::fromStdString(sweep::formatExact(m_grid.y.values[std::size_t(iy)])),
                            std::isfinite(v) ? QString::fromStdString(sweep::formatExact(v)) : QString()});
        }
    return csv;
}

QString ScenarioMapChart::contourLabel() const
{
    const double level = m_grid.contourLevel();
    if (m_grid.isEmpty() || contourSegments(m_grid, level).empty())
        return {};
    return m_grid.isProbability() ? QStringLiteral("%1 %").arg(QLocale().toString(level * 100, 'f', 0))
                                  : formatValue(level);
}

std::optional<QPointF> ScenarioMapChart::currentIndex() const
{
    if (!m_current || m_grid.isEmpty())
        return std::nullopt;
    const QPointF at(m_grid.x.indexOf((*m_current)[m_grid.x.param]),
                     m_grid.y.indexOf((*m_current)[m_grid.y.param]));
    if (!(at.x() >= -0.5 && at.x() <= m_grid.x.size() - 0.5 && at.y() >= -0.5 &&
          at.y() <= m_grid.y.size() - 0.5))
        return std::nullopt;
    return at;
}

bool ScenarioMapChart::currentMarkerShown() const
{
    return currentIndex().has_value();
}

bool ScenarioMapChart::jevonsLineShown() const
{
    if (m_grid.isEmpty())
        return false;
    for (const MapAxis *axis : {&m_grid.x, &m_grid.y})
        if (axis->param == Param::PriceElasticity) {
            const double at = axis->indexOf(1.0);
            if (at >= -0.5 && at <= axis->size() - 0.5)
                return true;
        }
    return false;
}

ScenarioMapChart::Layout ScenarioMapChart::layoutFor(const QRectF &target, const QFontMetricsF &fm) const
{
    const double h = fm.height();
    double yLabels = 0;
    for (double v : axisTicks(m_grid.y, 8))
        yLabels = std::max(yLabels, fm.horizontalAdvance(formatCompact(v, 3)));
    const auto [lo, hi] = m_grid.isProbability() ? std::pair<double, double>(0, 1) : m_grid.range();
    const double barLabels =
        std::max(fm.horizontalAdvance(formatValue(lo)), fm.horizontalAdvance(formatValue(hi)));
    Layout l;
    const double left = target.left() + 8 + h * 1.3 + yLabels + 6;
    const double right = target.right() - 8 - barLabels - 6 - 16 - 16;
    const double top = target.top() + h * 2.0;
    const double bottom = target.bottom() - 8 - h * 2.6;
    l.plot = QRectF(QPointF(left, top), QPointF(std::max(left + 10, right), std::max(top + 10, bottom)));
    l.bar = QRectF(l.plot.right() + 16, l.plot.top(), 16, l.plot.height());
    return l;
}

QPointF ScenarioMapChart::toPixel(const QRectF &plot, double ix, double iy) const
{
    return {plot.left() + (ix + 0.5) / m_grid.x.size() * plot.width(),
            plot.bottom() - (iy + 0.5) / m_grid.y.size() * plot.height()};
}

QColor ScenarioMapChart::colourFor(double v, double lo, double hi) const
{
    if (!std::isfinite(v))
        return m_palette.grid;
    return viridis(hi > lo ? (v - lo) / (hi - lo) : 0.5);
}

void ScenarioMapChart::paint(QPainter &p, const QRectF &target) const
{
    p.save();
    p.setRenderHint(QPainter::Antialiasing);
    p.fillRect(target, m_palette.background);
    p.setPen(m_palette.ink);
    const QFontMetricsF fm(p.font());
    if (m_grid.isEmpty()) {
        p.setPen(m_palette.muted);
        p.drawText(target.adjusted(16, 16, -16, -16), Qt::AlignCenter | Qt::TextWordWrap, m_placeholder);
        p.restore();
        return;
    }
    const Layout l = layoutFor(target, fm);
    const int nx = m_grid.x.size(), ny = m_grid.y.size();
    const auto [lo, hi] = m_grid.isProbability() ? std::pair<double, double>(0, 1) : m_grid.range();

    // Title: the output and its month.
    const QFont normal = p.font();
    QFont bold = normal;
    bold.setBold(true);
    p.setFont(bold);
    p.drawText(QRectF(target.left() + 8, target.top() + 2, target.width() - 16, fm.height() * 1.6),
               Qt::AlignLeft | Qt::AlignVCenter,
               tr("%1 at %2").arg(outputLabel(m_grid.output), localMonth(m_grid.monthLabel)));
    p.setFont(normal);

    // Cells: one image pixel per cell, stretched unsmoothed so that cells stay crisp (also in PDF/SVG).
    QImage image(nx, ny, QImage::Format_RGB32);
    for (int ix = 0; ix < nx; ++ix)
        for (int iy = 0; iy < ny; ++iy)
            image.setPixelColor(ix, ny - 1 - iy, colourFor(m_grid.at(ix, iy), lo, hi));
    p.save();
    p.setRenderHint(QPainter::SmoothPixmapTransform, false);
    p.drawImage(l.plot, image);
    p.restore();

    // The contour, with a dark halo so that it reads on the light and the dark end of the scale.
    const double level = m_grid.contourLevel();
    const std::vector<QLineF> segments = contourSegments(m_grid, level);
    QLineF longest;
    for (const QLineF &s : segments) {
        const QLineF px(toPixel(l.plot, s.x1(), s.y1()), toPixel(l.plot, s.x2(), s.y2()));
        p.setPen(QPen(QColor(0, 0, 0, 160), 4.5, Qt::SolidLine, Qt::RoundCap));
        p.drawLine(px);
        if (px.length() > longest.length())
            longest = px;
    }
    p.setPen(QPen(Qt::white, 2, Qt::SolidLine, Qt::RoundCap));
    for (const QLineF &s : segments)
        p.drawLine(QLineF(toPixel(l.plot, s.x1(), s.y1()), toPixel(l.plot, s.x2(), s.y2())));

    // The Jevons line: price elasticity 1, where efficiency gains stop lowering the compute bought.
    auto label = [&](const QPointF &at, const QString &text) {
        QRectF box(0, 0, fm.horizontalAdvance(text) + 8, fm.height() + 2);
        box.moveCenter(at);
        // Kept inside the plot: a label cut by the edge is unreadable.
        box.moveLeft(std::clamp(box.left(), l.plot.left() + 2, l.plot.right() - box.width() - 2));
        box.moveTop(std::clamp(box.top(), l.plot.top() + 2, l.plot.bottom() - box.height() - 2));
        p.setPen(Qt::NoPen);
        p.setBrush(QColor(255, 255, 255, 220));
        p.drawRoundedRect(box, 3, 3);
        p.setPen(QColor(0x20, 0x20, 0x20));
        p.drawText(box, Qt::AlignCenter, text);
    };
    const QString jevonsText = tr("Jevons line: elasticity = 1");
    for (int a = 0; a < 2; ++a) {
        const MapAxis &axis = a == 0 ? m_grid.x : m_grid.y;
        if (axis.param != Param::PriceElasticity)
            continue;
        const double at = axis.indexOf(1.0);
        if (!(at >= -0.5 && at <= axis.size() - 0.5))
            continue;
        const QLineF line = a == 0 ? QLineF(toPixel(l.plot, at, 0).x(), l.plot.top(),
                                            toPixel(l.plot, at, 0).x(), l.plot.bottom())
                                   : QLineF(l.plot.left(), toPixel(l.plot, 0, at).y(), l.plot.right(),
                                            toPixel(l.plot, 0, at).y());
        p.setPen(QPen(QColor(0xE6, 0x9F, 0x00), 2, Qt::DashLine));
        p.drawLine(line);
        label(a == 0 ? QPointF(line.x1(), l.plot.top() + fm.height())
                     : QPointF(l.plot.right() - fm.horizontalAdvance(jevonsText) / 2 - 8, line.y1()),
              jevonsText);
    }
    if (!longest.isNull() && longest.length() > 0) {
        // On a short line the label would hide it: beside the line then, not on it.
        const QString text = contourLabel();
        const bool beside = longest.length() < fm.horizontalAdvance(text) + 16;
        label(longest.center() + (beside ? QPointF(0, -fm.height() * 1.2) : QPointF()), text);
    }

    // The current scenario: a ring with a dot, white on black so that it shows on every colour.
    if (const std::optional<QPointF> at = currentIndex()) {
        const QPointF c = toPixel(l.plot, at->x(), at->y());
        p.setBrush(Qt::NoBrush);
        p.setPen(QPen(Qt::black, 4));
        p.drawEllipse(c, 7, 7);
        p.setPen(QPen(Qt::white, 2));
        p.drawEllipse(c, 7, 7);
        p.setBrush(Qt::white);
        p.drawEllipse(c, 1.5, 1.5);
        const QString text = tr("Current");
        const double w = fm.horizontalAdvance(text) + 8;
        const bool leftSide = c.x() + 12 + w > l.plot.right();
        label(QPointF(leftSide ? c.x() - 12 - w / 2 : c.x() + 12 + w / 2, c.y()), text);
    }

    if (m_hover) {
        const QPointF a = toPixel(l.plot, m_hover->x() - 0.5, m_hover->y() + 0.5);
        const QPointF b = toPixel(l.plot, m_hover->x() + 0.5, m_hover->y() - 0.5);
        p.setBrush(Qt::NoBrush);
        p.setPen(QPen(Qt::white, 1.5));
        p.drawRect(QRectF(a, b));
    }

    // Frame and axes: round values placed on the axes' own scales.
    p.setBrush(Qt::NoBrush);
    p.setPen(QPen(m_palette.muted, 1));
    p.drawRect(l.plot);
    p.setPen(m_palette.ink);
    const int xMost = std::max(2, int(l.plot.width() / (fm.horizontalAdvance(QStringLiteral("0.000")) + 24)));
    double lastRight = -1e9;
    for (double v : axisTicks(m_grid.x, xMost)) {
        const double x = toPixel(l.plot, m_grid.x.indexOf(v), 0).x();
        const QString text = formatCompact(v, 3);
        const double w = fm.horizontalAdvance(text);
        if (x - w / 2 < lastRight + 6)
            continue; // would overlap its neighbour
        p.drawLine(QPointF(x, l.plot.bottom()), QPointF(x, l.plot.bottom() + 4));
        p.drawText(QRectF(x - w / 2 - 2, l.plot.bottom() + 5, w + 4, fm.height()), Qt::AlignCenter, text);
        lastRight = x + w / 2;
    }
    p.drawText(QRectF(l.plot.left(), l.plot.bottom() + 5 + fm.height(), l.plot.width(), fm.height() * 1.4),
               Qt::AlignCenter, paramTitle(m_grid.x.param));
    const int yMost = std::max(2, int(l.plot.height() / (fm.height() * 2.2)));
    double lastTop = 1e9;
    double labelsLeft = l.plot.left();
    for (double v : axisTicks(m_grid.y, yMost)) {
        const double y = toPixel(l.plot, 0, m_grid.y.indexOf(v)).y();
        if (y + fm.height() / 2 > lastTop - 2)
            continue;
        const QString text = formatCompact(v, 3);
        const double w = fm.horizontalAdvance(text);
        p.drawLine(QPointF(l.plot.left() - 4, y), QPointF(l.plot.left(), y));
        p.drawText(QRectF(l.plot.left() - 6 - w - 2, y - fm.height() / 2, w + 2, fm.height()),
                   Qt::AlignRight | Qt::AlignVCenter, text);
        labelsLeft = std::min(labelsLeft, l.plot.left() - 6 - w - 2);
        lastTop = y - fm.height() / 2;
    }
    p.save();
    p.translate(labelsLeft - fm.height() * 0.9, l.plot.center().y());
    p.rotate(-90);
    p.drawText(QRectF(-l.plot.height() / 2, -fm.height() / 2, l.plot.height(), fm.height()), Qt::AlignCenter,
               paramTitle(m_grid.y.param));
    p.restore();

    // The colour scale.
    QLinearGradient gradient(l.bar.bottomLeft(), l.bar.topLeft());
    for (int i = 0; i <= 8; ++i)
        gradient.setColorAt(i / 8.0, viridis(i / 8.0));
    p.fillRect(l.bar, gradient);
    p.setPen(QPen(m_palette.muted, 1));
    p.drawRect(l.bar);
    p.setPen(m_palette.ink);
    const int barTicks = l.bar.height() > fm.height() * 8 ? 4 : 1;
    for (int i = 0; i <= barTicks; ++i) {
        const double v = lo + (hi - lo) * i / barTicks;
        const double y = l.bar.bottom() - l.bar.height() * i / barTicks;
        p.drawLine(QPointF(l.bar.right(), y), QPointF(l.bar.right() + 3, y));
        p.drawText(
            QRectF(l.bar.right() + 5, y - fm.height() / 2, target.right() - l.bar.right() - 6, fm.height()),
            Qt::AlignLeft | Qt::AlignVCenter,
            m_grid.isProbability() ? QStringLiteral("%1 %").arg(QLocale().toString(v * 100, 'f', 0))
                                   : formatValue(v));
    }
    p.restore();
}

void ScenarioMapChart::renderTo(QPainter *painter, const QRectF &target)
{
    ensureUpToDate();
    std::optional<QPoint> hover = std::move(m_hover);
    m_hover.reset(); // an export shows the map, not where the mouse was
    paint(*painter, target);
    m_hover = hover;
}

void ScenarioMapChart::paintEvent(QPaintEvent *)
{
    QPainter p(this);
    paint(p, QRectF(rect()));
}

std::optional<QPoint> ScenarioMapChart::cellAt(const QPointF &pos) const
{
    if (m_grid.isEmpty())
        return std::nullopt;
    const Layout l = layoutFor(QRectF(rect()), QFontMetricsF(font()));
    if (!l.plot.contains(pos))
        return std::nullopt;
    const int ix =
        std::clamp(int((pos.x() - l.plot.left()) / l.plot.width() * m_grid.x.size()), 0, m_grid.x.size() - 1);
    const int iy = std::clamp(int((l.plot.bottom() - pos.y()) / l.plot.height() * m_grid.y.size()), 0,
                              m_grid.y.size() - 1);
    return QPoint(ix, iy);
}

QPointF ScenarioMapChart::cellCentre(int ix, int iy) const
{
    return toPixel(layoutFor(QRectF(rect()), QFontMetricsF(font())).plot, ix, iy);
}

QString ScenarioMapChart::cellText(int ix, int iy) const
{
    if (m_grid.isEmpty() || ix < 0 || iy < 0 || ix >= m_grid.x.size() || iy >= m_grid.y.size())
        return {};
    auto param = [](Param p, double v) {
        const ParamInfo &info = paramInfo(p);
        return QStringLiteral("%1 %2").arg(QString::fromUtf8(info.label), formatCompact(v, 4));
    };
    return tr("%1, %2: %3 %4")
        .arg(param(m_grid.x.param, m_grid.x.values[std::size_t(ix)]),
             param(m_grid.y.param, m_grid.y.values[std::size_t(iy)]), outputLabel(m_grid.output),
             formatValue(m_grid.at(ix, iy)));
}

void ScenarioMapChart::mouseMoveEvent(QMouseEvent *event)
{
    const std::optional<QPoint> cell = cellAt(event->position());
    if (cell != m_hover) {
        m_hover = cell;
        m_hoverText = cell ? cellText(cell->x(), cell->y()) : QString();
        update();
        emit hoverChanged(m_hoverText);
        if (cell)
            QToolTip::showText(event->globalPosition().toPoint(),
                               m_hoverText + QLatin1Char('\n') + tr("Click to load these two values"), this);
        else
            QToolTip::hideText();
    }
    ChartPanel::mouseMoveEvent(event);
}

void ScenarioMapChart::mousePressEvent(QMouseEvent *event)
{
    if (event->button() == Qt::LeftButton)
        if (const std::optional<QPoint> cell = cellAt(event->position())) {
            emit cellClicked(cell->x(), cell->y());
            return;
        }
    ChartPanel::mousePressEvent(event);
}

void ScenarioMapChart::leaveEvent(QEvent *event)
{
    m_hover.reset();
    m_hoverText.clear();
    update();
    emit hoverChanged(QString());
    ChartPanel::leaveEvent(event);
}

} // namespace jevons::ui
