#include "jevons/charts/chart_view.h"

#include <QAbstractSeries>
#include <QChart>
#include <QGraphicsLineItem>
#include <QGraphicsRectItem>
#include <QGraphicsTextItem>
#include <QKeyEvent>
#include <QLocale>
#include <QMenu>
#include <QMouseEvent>
#include <QWheelEvent>

#include <cmath>

namespace jevons::ui {

ChartView::ChartView(QChart *chart, QWidget *parent) : QChartView(chart, parent)
{
    // Axis labels in the user's locale ("0,5" on a German desktop), as every other number in the window.
    chart->setLocalizeNumbers(true);
    chart->setLocale(QLocale());
    setRenderHint(QPainter::Antialiasing);
    setRubberBand(QChartView::RectangleRubberBand);
    setMouseTracking(true);
    setFocusPolicy(Qt::StrongFocus);
    setToolTip(tr("Drag to zoom, wheel to zoom, middle-drag or Ctrl+drag to pan, double-click to reset"));

    m_crossLine = new QGraphicsLineItem(chart);
    m_crossLine->setZValue(1000);
    m_labelBox = new QGraphicsRectItem(chart);
    m_labelBox->setZValue(1001);
    m_label = new QGraphicsTextItem(m_labelBox);
    hideCrosshair();
}

void ChartView::setHoverText(std::function<QString(double)> hoverText, bool snapX)
{
    m_hoverText = std::move(hoverText);
    m_snapX = snapX;
}

QAbstractSeries *ChartView::firstSeries() const
{
    for (QAbstractSeries *series : chart()->series()) {
        if (!series->attachedAxes().isEmpty())
            return series;
    }
    return nullptr;
}

void ChartView::hideCrosshair()
{
    m_crossLine->hide();
    m_labelBox->hide();
}

QString ChartView::crosshairText() const
{
    return m_labelBox->isVisible() ? m_label->toHtml() : QString();
}

void ChartView::updateCrosshair(const QPointF &viewPos)
{
    QAbstractSeries *series = firstSeries();
    const QPointF scenePos = mapToScene(viewPos.toPoint());
    const QPointF chartPos = chart()->mapFromScene(scenePos);
    const QRectF plot = chart()->plotArea();
    if (!m_hoverText || series == nullptr || !plot.contains(chartPos)) {
        hideCrosshair();
        return;
    }
    double x = chart()->mapToValue(chartPos, series).x();
    if (m_snapX)
        x = std::round(x);
    const QString text = m_hoverText(x);
    if (text.isEmpty()) {
        hideCrosshair();
        return;
    }
    const double lineX =
        m_snapX ? chart()->mapToPosition(QPointF(x, chart()->mapToValue(chartPos, series).y()), series).x()
                : chartPos.x();
    const QColor ink = palette().color(QPalette::WindowText);
    QPen pen(ink);
    pen.setStyle(Qt::DashLine);
    pen.setWidthF(1);
    m_crossLine->setPen(pen);
    m_crossLine->setLine(lineX, plot.top(), lineX, plot.bottom());
    m_crossLine->show();

    m_label->setDefaultTextColor(ink);
    m_label->setHtml(text);
    m_labelHtml = text;
    const QRectF textRect = m_label->boundingRect();
    QColor fill = palette().color(QPalette::ToolTipBase);
    fill.setAlpha(235);
    m_labelBox->setBrush(fill);
    m_labelBox->setPen(QPen(palette().color(QPalette::Mid)));
    m_labelBox->setRect(textRect);
    // Keep the label inside the plot, on the side of the line with more room.
    double left = lineX + 12;
    if (left + textRect.width() > plot.right())
        left = lineX - 12 - textRect.width();
    left = std::max(left, plot.left());
    const double top = std::clamp(chartPos.y() - textRect.height() / 2, plot.top(),
                                  std::max(plot.top(), plot.bottom() - textRect.height()));
    m_labelBox->setPos(left, top);
    m_labelBox->show();
}

void ChartView::setZoomed(bool zoomed)
{
    if (m_zoomed == zoomed)
        return;
    m_zoomed = zoomed;
    emit zoomChanged(zoomed);
}

void ChartView::resetZoom()
{
    chart()->zoomReset();
    setZoomed(false);
    emit zoomReset();
}

void ChartView::mouseMoveEvent(QMouseEvent *event)
{
    if (m_panning) {
        const QPoint delta = event->position().toPoint() - m_lastPanPos;
        m_lastPanPos = event->position().toPoint();
        chart()->scroll(-delta.x(), delta.y());
        setZoomed(true);
        event->accept();
        return;
    }
    updateCrosshair(event->position());
    QChartView::mouseMoveEvent(event);
}

void ChartView::mousePressEvent(QMouseEvent *event)
{
    m_pressPos = event->position().toPoint();
    if (event->button() == Qt::MiddleButton ||
        (event->button() == Qt::LeftButton && (event->modifiers() & Qt::ControlModifier))) {
        m_panning = true;
        m_lastPanPos = event->position().toPoint();
        setCursor(Qt::ClosedHandCursor);
        event->accept();
        return;
    }
    if (event->button() == Qt::RightButton) {
        event->accept(); // QChartView would zoom out on right-click; we show a menu instead
        return;
    }
    QChartView::mousePressEvent(event);
}

void ChartView::mouseReleaseEvent(QMouseEvent *event)
{
    if (m_panning) {
        m_panning = false;
        unsetCursor();
        event->accept();
        return;
    }
    if (event->button() == Qt::RightButton) {
        if (m_contextMenu)
            m_contextMenu->popup(event->globalPosition().toPoint());
        event->accept();
        return;
    }
    const bool dragged = (event->position().toPoint() - m_pressPos).manhattanLength() > 4;
    QChartView::mouseReleaseEvent(event);
    if (event->button() == Qt::LeftButton && dragged)
        setZoomed(true);
}

void ChartView::mouseDoubleClickEvent(QMouseEvent *event)
{
    if (event->button() == Qt::LeftButton) {
        resetZoom();
        event->accept();
        return;
    }
    QChartView::mouseDoubleClickEvent(event);
}

void ChartView::wheelEvent(QWheelEvent *event)
{
    const double steps = event->angleDelta().y() / 120.0;
    if (steps == 0) {
        event->ignore();
        return;
    }
    // Zoom about the cursor: the point under it stays where it is.
    const double factor = std::pow(0.8, steps);
    const QRectF plot = chart()->plotArea();
    const QPointF anchor = chart()->mapFromScene(mapToScene(event->position().toPoint()));
    if (!plot.contains(anchor)) {
        event->ignore();
        return;
    }
    QRectF rect(anchor.x() - (anchor.x() - plot.left()) * factor,
                anchor.y() - (anchor.y() - plot.top()) * factor, plot.width() * factor,
                plot.height() * factor);
    chart()->zoomIn(rect);
    setZoomed(true);
    hideCrosshair();
    event->accept();
}

void ChartView::keyPressEvent(QKeyEvent *event)
{
    const double panStep = 20;
    switch (event->key()) {
    case Qt::Key_Left:
        chart()->scroll(-panStep, 0);
        break;
    case Qt::Key_Right:
        chart()->scroll(panStep, 0);
        break;
    case Qt::Key_Up:
        chart()->scroll(0, panStep);
        break;
    case Qt::Key_Down:
        chart()->scroll(0, -panStep);
        break;
    case Qt::Key_Plus:
    case Qt::Key_Equal:
        chart()->zoom(1.25);
        break;
    case Qt::Key_Minus:
        chart()->zoom(0.8);
        break;
    case Qt::Key_0:
    case Qt::Key_Home:
        resetZoom();
        return;
    default:
        QChartView::keyPressEvent(event);
        return;
    }
    setZoomed(true);
    event->accept();
}

void ChartView::leaveEvent(QEvent *event)
{
    hideCrosshair();
    QChartView::leaveEvent(event);
}

} // namespace jevons::ui
