#include "jevons/charts/chart_label_layer.h"
#include "jevons/charts/theme.h"

#include <QAbstractAxis>
#include <QAbstractSeries>
#include <QChart>
#include <QDateTimeAxis>
#include <QFont>
#include <QFontMetricsF>
#include <QGraphicsLineItem>
#include <QGraphicsSimpleTextItem>
#include <QLogValueAxis>
#include <QPen>
#include <QScatterSeries>
#include <QValueAxis>

#include <algorithm>
#include <cmath>
#include <memory>

namespace jevons::ui {

// ---------------------------------------------------------------------------------------------------------
ChartLabelLayer::ChartLabelLayer(QChart *chart) : QObject(chart), m_chart(chart)
{
    connect(chart, &QChart::plotAreaChanged, this, &ChartLabelLayer::relayout);
}

// The items are children of the chart, which deletes them (as a QGraphicsItem) before its QObject children.
ChartLabelLayer::~ChartLabelLayer() = default;

void ChartLabelLayer::clear()
{
    for (Label &l : m_labels)
        delete l.item;
    for (Range &r : m_ranges)
        delete r.item;
    delete m_note;
    m_note = nullptr;
    m_markers.clear();
    m_labels.clear();
    m_ranges.clear();
}

void ChartLabelLayer::addLabel(QAbstractSeries *series, const QPointF &value, const QString &text,
                               const QColor &color, bool above, double gap)
{
    m_labels.append({series, value, text, color, above, gap, nullptr});
}

void ChartLabelLayer::addRange(QAbstractSeries *series, double x, double low, double high,
                               const QColor &color)
{
    m_ranges.append({series, x, low, high, color, nullptr});
}

int ChartLabelLayer::visibleLabelCount() const
{
    return int(std::count_if(m_labels.begin(), m_labels.end(),
                             [](const Label &l) { return l.item && l.item->isVisible(); }));
}

void ChartLabelLayer::watchAxes()
{
    for (const QMetaObject::Connection &c : m_axisConnections)
        disconnect(c);
    m_axisConnections.clear();
    // Queued: the chart moves its series after the axis signal, so map positions once it has.
    for (QAbstractAxis *axis : m_chart->axes()) {
        if (auto *value = qobject_cast<QValueAxis *>(axis))
            m_axisConnections << connect(value, &QValueAxis::rangeChanged, this, &ChartLabelLayer::relayout,
                                         Qt::QueuedConnection);
        else if (auto *log = qobject_cast<QLogValueAxis *>(axis))
            m_axisConnections << connect(log, &QLogValueAxis::rangeChanged, this, &ChartLabelLayer::relayout,
                                         Qt::QueuedConnection);
        else if (auto *time = qobject_cast<QDateTimeAxis *>(axis))
            m_axisConnections << connect(time, &QDateTimeAxis::rangeChanged, this, &ChartLabelLayer::relayout,
                                         Qt::QueuedConnection);
    }
}

namespace {
/// Distance from `p` to the nearest point of `rect` (0 inside).
double distanceTo(const QPointF &p, const QRectF &rect)
{
    const double dx = std::max({rect.left() - p.x(), 0.0, p.x() - rect.right()});
    const double dy = std::max({rect.top() - p.y(), 0.0, p.y() - rect.bottom()});
    return std::hypot(dx, dy);
}

double markerRadius(const QXYSeries *series)
{
    return series->markerSize() / 2;
}
} // namespace

QList<ChartLabelLayer::Placed> ChartLabelLayer::placedLabels() const
{
    QList<Placed> out;
    for (const Label &l : m_labels)
        if (l.item && l.item->isVisible())
            out.append({l.text, QRectF(l.item->pos(), l.item->boundingRect().size()),
                        m_chart->mapToPosition(l.value, l.series)});
    return out;
}

int ChartLabelLayer::hiddenLabelCount() const
{
    return int(std::count_if(m_labels.begin(), m_labels.end(), [](const Label &l) {
        return l.item && !l.item->isVisible() && l.series->isVisible();
    }));
}

void ChartLabelLayer::relayout()
{
    const QRectF plot = m_chart->plotArea();
    QFont font = m_chart->font();
    font = scaledFont(m_fontPoints, font);
    // Every drawn point is an obstacle: a label on another point's marker reads as that point's.
    m_markers.clear();
    for (QAbstractSeries *s : m_chart->series()) {
        auto *xy = qobject_cast<QXYSeries *>(s);
        if (!xy || !xy->isVisible() || (!qobject_cast<QScatterSeries *>(xy) && !xy->pointsVisible()))
            continue;
        const double radius = markerRadius(xy);
        for (const QPointF &p : xy->points()) {
            const QPointF centre = m_chart->mapToPosition(p, xy);
            if (plot.adjusted(-radius, -radius, radius, radius).contains(centre))
                m_markers.append({centre, radius});
        }
    }
    QList<QRectF> rangeBars;
    for (Range &r : m_ranges) {
        if (!r.item) {
            r.item = new QGraphicsLineItem(m_chart);
            r.item->setZValue(490); // above the series, below the crosshair (1000)
        }
        auto *line = static_cast<QGraphicsLineItem *>(r.item);
        QPen pen(r.color);
        pen.setWidthF(2);
        pen.setCapStyle(Qt::FlatCap);
        line->setPen(pen);
        const QPointF a = m_chart->mapToPosition(QPointF(r.x, r.low), r.series);
        const QPointF b = m_chart->mapToPosition(QPointF(r.x, r.high), r.series);
        line->setLine(QLineF(a, b));
        const bool shown = r.series->isVisible() && plot.contains(QPointF(a.x(), plot.center().y()));
        line->setVisible(shown);
        if (shown)
            rangeBars << QRectF(a, b).normalized().adjusted(-1, 0, 1, 0);
    }
    QList<QRectF> placed;
    for (Label &l : m_labels) {
        if (!l.item) {
            auto *text = new QGraphicsSimpleTextItem(l.text, m_chart);
            text->setZValue(500);
            l.item = text;
        }
        auto *text = static_cast<QGraphicsSimpleTextItem *>(l.item);
        text->setFont(font);
        text->setBrush(l.color);
        const QPointF anchor = m_chart->mapToPosition(l.value, l.series);
        // The item's own extent, not a metrics estimate: what is drawn is what must fit.
        const QSizeF size = text->boundingRect().size();
        const double w = size.width(), h = size.height();
        const double gap = l.gap;
        const double corner = gap * 0.75; // a diagonal offset that keeps the corner clear of the marker
        const QList<QPointF> candidates =
            l.above ? QList<QPointF>{{anchor.x() - w / 2, anchor.y() - 2 - h}}
                    : QList<QPointF>{{anchor.x() + gap, anchor.y() - h / 2},
                                     {anchor.x() - gap - w, anchor.y() - h / 2},
                                     {anchor.x() - w / 2, anchor.y() - gap - h},
                                     {anchor.x() - w / 2, anchor.y() + gap},
                                     {anchor.x() + corner, anchor.y() - corner - h},
                                     {anchor.x() - corner - w, anchor.y() - corner - h},
                                     {anchor.x() + corner, anchor.y() + corner},
                                     {anchor.x() - corner - w, anchor.y() + corner}};
        // The label's own marker: the one at its anchor (none for bar totals).
        int own = -1;
        for (int i = 0; i < m_markers.size(); ++i)
            if (QLineF(m_markers[i].centre, anchor).length() < 0.5 &&
                (own < 0 || m_markers[i].radius > m_markers[own].radius))
                own = i;
        const double ownRadius = own >= 0 ? m_markers[own].radius : 0.0;
        bool shown = false;
        if (l.series->isVisible() && plot.contains(anchor)) {
            for (const QPointF &topLeft : candidates) {
                const QRectF rect(topLeft, size);
                if (!plot.contains(rect))
                    continue;
                const bool clash = std::any_of(placed.begin(), placed.end(), [&](const QRectF &other) {
                    return other.adjusted(-2, -1, 2, 1).intersects(rect);
                });
                if (clash)
                    continue;
                // Nearer its own marker's edge than any other's, and on none of them.
                const double ownDistance = distanceTo(anchor, rect) - ownRadius;
                bool nearestOwn = true;
                for (int i = 0; i < m_markers.size() && nearestOwn; ++i) {
                    if (i == own || QLineF(m_markers[i].centre, anchor).length() < 0.5)
                        continue;
                    const double other = distanceTo(m_markers[i].centre, rect) - m_markers[i].radius;
                    nearestOwn = other > 1 && other > ownDistance + 1;
                }
                if (!nearestOwn)
                    continue;
                const bool onRange = std::any_of(rangeBars.begin(), rangeBars.end(), [&](const QRectF &bar) {
                    return bar.intersects(rect) && !bar.contains(QRectF(anchor, QSizeF(0.1, 0.1)));
                });
                if (onRange)
                    continue;
                text->setPos(topLeft);
                placed << rect;
                shown = true;
                break;
            }
        }
        text->setVisible(shown);
    }
    // Say that some values are only in the tooltips: in a corner of the plot clear of labels and markers.
    const int hidden = hiddenLabelCount();
    if (!m_note) {
        m_note = new QGraphicsSimpleTextItem(m_chart);
        m_note->setZValue(500);
    }
    auto *note = static_cast<QGraphicsSimpleTextItem *>(m_note);
    note->setFont(font);
    note->setBrush(m_noteColor);
    note->setText(hidden == 1
                      ? tr("1 label left out for room: hover the points for their values")
                      : tr("%1 labels left out for room: hover the points for their values").arg(hidden));
    const QSizeF noteSize = note->boundingRect().size();
    const QRectF inner = plot.adjusted(3, 2, -3, -2);
    const QList<QPointF> corners = {{inner.right() - noteSize.width(), inner.top()},
                                    {inner.left(), inner.top()},
                                    {inner.right() - noteSize.width(), inner.bottom() - noteSize.height()},
                                    {inner.left(), inner.bottom() - noteSize.height()}};
    bool noteShown = false;
    for (const QPointF &topLeft : corners) {
        const QRectF rect(topLeft, noteSize);
        const bool free =
            inner.contains(rect) &&
            std::none_of(placed.begin(), placed.end(), [&](const QRectF &r) { return r.intersects(rect); }) &&
            std::none_of(m_markers.begin(), m_markers.end(),
                         [&](const Marker &m) { return distanceTo(m.centre, rect) <= m.radius + 1; });
        if (free) {
            note->setPos(topLeft);
            noteShown = true;
            break;
        }
    }
    note->setVisible(hidden > 0 && noteShown);
}

} // namespace jevons::ui
