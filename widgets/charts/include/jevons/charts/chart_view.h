#pragma once
// QChartView with what every Jevons chart needs: a crosshair with the values at the hovered x, rubber-band
// and wheel zoom, pan (middle button, Ctrl+drag or arrow keys) and a reset (double-click, Home or 0).

#include <QChartView>

#include <functional>

class QGraphicsLineItem;
class QGraphicsRectItem;
class QGraphicsTextItem;
class QMenu;

namespace jevons::ui {

class ChartView : public QChartView {
    Q_OBJECT
public:
    explicit ChartView(QChart *chart, QWidget *parent = nullptr);

    /// Text (HTML) for the crosshair at data x; empty hides the label. `snapX` rounds x (months).
    void setHoverText(std::function<QString(double x)> hoverText, bool snapX);
    /// Menu shown on right-click; owned by the caller.
    void setContextMenu(QMenu *menu) { m_contextMenu = menu; }
    bool isZoomed() const { return m_zoomed; }
    /// Undo zoom and pan, then ask the owner to set its own axis ranges again.
    void resetZoom();
    /// Hides the crosshair (before rendering for export, or on leave).
    void hideCrosshair();
    /// The crosshair label's text (HTML) while it shows; empty when hidden.
    QString crosshairText() const;

signals:
    void zoomReset();
    void zoomChanged(bool zoomed);

protected:
    void mouseMoveEvent(QMouseEvent *event) override;
    void mousePressEvent(QMouseEvent *event) override;
    void mouseReleaseEvent(QMouseEvent *event) override;
    void mouseDoubleClickEvent(QMouseEvent *event) override;
    void wheelEvent(QWheelEvent *event) override;
    void keyPressEvent(QKeyEvent *event) override;
    void leaveEvent(QEvent *event) override;

private:
    void updateCrosshair(const QPointF &viewPos);
    void setZoomed(bool zoomed);
    QAbstractSeries *firstSeries() const;

    std::function<QString(double)> m_hoverText;
    bool m_snapX = true;
    bool m_zoomed = false;
    bool m_panning = false;
    QPoint m_lastPanPos;
    QPoint m_pressPos;
    QMenu *m_contextMenu = nullptr;
    QGraphicsLineItem *m_crossLine = nullptr;
    QGraphicsRectItem *m_labelBox = nullptr;
    QGraphicsTextItem *m_label = nullptr;
    QString m_labelHtml;
};

} // namespace jevons::ui
