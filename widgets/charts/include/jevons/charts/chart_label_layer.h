#pragma once
// A layer of text labels and range bars placed on a QChart in data coordinates.

#include <QColor>
#include <QList>
#include <QObject>
#include <QPointF>
#include <QString>

class QAbstractSeries;
class QChart;
class QGraphicsItem;

namespace jevons::ui {

/// Text labels and vertical range bars on a chart, placed in data coordinates of a series and moved
/// whenever the plot area or an axis range changes. Labels that would overlap an earlier one (or leave the
/// plot) are tried on the other side, above and below, and otherwise hidden: the tooltip still has them.
class ChartLabelLayer : public QObject {
    Q_OBJECT
public:
    explicit ChartLabelLayer(QChart *chart);
    ~ChartLabelLayer() override;
    void clear();
    /// Label `text` beside the point `value` of `series`, or centred above it with `above` (bar totals).
    /// Earlier labels win a conflict.
    /// `gap`: pixels between the point and the label (a bubble's radius and a little).
    void addLabel(QAbstractSeries *series, const QPointF &value, const QString &text, const QColor &color,
                  bool above = false, double gap = 6);
    /// A vertical bar from `low` to `high` (data y) at data x, e.g. a stated range.
    void addRange(QAbstractSeries *series, double x, double low, double high, const QColor &color);
    /// Visible labels after the last layout (for tests).
    int visibleLabelCount() const;
    void setFontPointSize(double points) { m_fontPoints = points; }
    /// Re-place everything now (also done on plot-area and axis-range changes).
    void relayout();
    /// Connects the range signals of the chart's current axes (call after replacing axes).
    void watchAxes();

private:
    struct Label {
        QAbstractSeries *series;
        QPointF value;
        QString text;
        QColor color;
        bool above = false;
        double gap = 6;
        QGraphicsItem *item = nullptr;
    };
    struct Range {
        QAbstractSeries *series;
        double x, low, high;
        QColor color;
        QGraphicsItem *item = nullptr;
    };
    QChart *m_chart;
    QList<Label> m_labels;
    QList<Range> m_ranges;
    double m_fontPoints = 7.5;
    QList<QMetaObject::Connection> m_axisConnections;
};

} // namespace jevons::ui
