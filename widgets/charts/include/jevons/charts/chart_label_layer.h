#pragma once
// A layer of text labels and range bars placed on a QChart in data coordinates.

#include <QColor>
#include <QList>
#include <QObject>
#include <QPointF>
#include <QRectF>
#include <QString>

class QAbstractSeries;
class QChart;
class QGraphicsItem;

namespace jevons::ui {

/// Text labels and vertical range bars on a chart, placed in data coordinates of a series and moved
/// whenever the plot area or an axis range changes. A label is shown only where it lies wholly inside the
/// plot, overlaps no other label and no other point's marker (every visible scatter point of the chart),
/// and is nearer its own marker than any other: otherwise the next of eight places around the point is
/// tried (right, left, above, below, then the corners), and if none fits the label is left out (the point's
/// tooltip still has the value) and a note above the plot says how many were left out.
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
    /// Labels left out for want of room after the last layout.
    int hiddenLabelCount() const;
    /// A shown label after the last layout: its rectangle and its point (chart coordinates).
    struct Placed {
        QString text;
        QRectF rect;
        QPointF anchor;
    };
    QList<Placed> placedLabels() const;
    /// A point's marker that labels keep clear of: centre and radius (chart coordinates).
    struct Marker {
        QPointF centre;
        double radius = 0;
    };
    /// The markers of the last layout: every visible point of the chart's scatter series and of line
    /// series that draw their points.
    const QList<Marker> &markers() const { return m_markers; }
    void setFontPointSize(double points) { m_fontPoints = points; }
    /// Colour of the note that says how many labels were left out (the theme's muted ink).
    void setNoteColor(const QColor &color) { m_noteColor = color; }
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
    QList<Marker> m_markers;
    QGraphicsItem *m_note = nullptr; ///< "N labels left out", above the plot
    double m_fontPoints = 7.5;
    QColor m_noteColor = Qt::darkGray;
    QList<QMetaObject::Connection> m_axisConnections;
};

} // namespace jevons::ui
