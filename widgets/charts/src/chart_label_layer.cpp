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

void ChartLabelLayer::relayout()
{
    const QRectF plot = m_chart->plotArea();
    QFont font = m_chart->font();
    font = scaledFont(m_fontPoints, font);
    const QFontMetricsF metrics(font);
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
        line->setVisible(r.series->isVisible() && plot.contains(QPointF(a.x(), plot.center().y())));
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
        const QSizeF size = metrics.size(Qt::TextSingleLine, l.text);
        const double gap = l.gap;
        const QPointF right(anchor.x() + gap, anchor.y() - size.height() / 2);
        const QPointF left(anchor.x() - gap - size.width(), anchor.y() - size.height() / 2);
        const QPointF top(anchor.x() - size.width() / 2, anchor.y() - 2 - size.height());
        const QPointF bottom(anchor.x() - size.width() / 2, anchor.y() + gap);
        const QList<QPointF> candidates =
            l.above ? QList<QPointF>{top} : QList<QPointF>{right, left, top, bottom};
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
                text->setPos(topLeft);
                placed << rect;
                shown = true;
                break;
            }
        }
        text->setVisible(shown);
    }
}

} // namespace jevons::ui
