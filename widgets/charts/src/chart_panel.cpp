#include "jevons/charts/chart_panel.h"

#include "jevons/charts/chart_view.h"

#include <QAction>
#include <QChart>
#include <QCheckBox>
#include <QGraphicsLayout>
#include <QGraphicsScene>
#include <QResizeEvent>
#include <QCoreApplication>
#include <QTimer>
#include <QHBoxLayout>
#include <QLegend>
#include <QLegendMarker>
#include <QMenu>
#include <QPainter>
#include <QStyle>
#include <QToolButton>
#include <QVBoxLayout>

namespace jevons::ui {

QColor ChartPalette::series(int index) const
{
    // Okabe-Ito: distinguishable with the common colour-vision deficiencies, on light and dark.
    static const QColor Light[] = {QColor(0x00, 0x72, 0xB2), QColor(0xD5, 0x5E, 0x00),
                                   QColor(0x00, 0x9E, 0x73), QColor(0xCC, 0x79, 0xA7),
                                   QColor(0xE6, 0x9F, 0x00), QColor(0x56, 0xB4, 0xE9)};
    static const QColor Dark[] = {QColor(0x56, 0xB4, 0xE9), QColor(0xE6, 0x9F, 0x00),
                                  QColor(0x00, 0x9E, 0x73), QColor(0xCC, 0x79, 0xA7),
                                  QColor(0xF0, 0xE4, 0x42), QColor(0xD5, 0x5E, 0x00)};
    // Unsigned, so a negative index still picks a colour (and g++'s sanitizer build sees no uninitialised
    // read in the selected array).
    const unsigned slot = static_cast<unsigned>(index) % 6u;
    return dark ? Dark[slot] : Light[slot];
}

ChartPalette ChartPalette::make(bool dark)
{
    ChartPalette p;
    p.dark = dark;
    p.ink = dark ? QColor(0xE6, 0xE6, 0xE6) : QColor(0x20, 0x20, 0x20);
    p.muted = dark ? QColor(0x9A, 0x9A, 0x9A) : QColor(0x70, 0x70, 0x70);
    p.grid = dark ? QColor(0x3A, 0x3A, 0x3A) : QColor(0xE0, 0xE0, 0xE0);
    p.background = dark ? QColor(0x23, 0x23, 0x26) : QColor(0xFF, 0xFF, 0xFF);
    return p;
}

ChartPanel::ChartPanel(QWidget *parent) : QWidget(parent), m_redrawTimer(new QTimer(this))
{
    m_redrawTimer->setSingleShot(true);
    m_redrawTimer->setInterval(0);
    connect(m_redrawTimer, &QTimer::timeout, this, &ChartPanel::ensureUpToDate);
}

QString ChartPanel::caption() const
{
    return title();
}

void ChartPanel::initChart(QChart *chart, bool compact, bool logToggle)
{
    m_chart = chart;
    m_compact = compact;
    m_view = new ChartView(chart, this);
    m_view->setAccessibleName(title());
    m_view->setAccessibleDescription(title());

    m_menu = new QMenu(this);
    m_menu->addAction(tr("&Reset zoom"), m_view, &ChartView::resetZoom);
    m_logAction = m_menu->addAction(tr("&Logarithmic scale"));
    m_logAction->setCheckable(true);
    m_logAction->setEnabled(logToggle);
    connect(m_logAction, &QAction::toggled, this, &ChartPanel::setLogScale);
    // The legend's show/hide, reachable from the keyboard (the legend itself takes only mouse clicks).
    QMenu *seriesMenu = m_menu->addMenu(tr("&Series"));
    connect(seriesMenu, &QMenu::aboutToShow, this, [this, seriesMenu] {
        seriesMenu->clear();
        for (QLegendMarker *marker : m_chart->legend()->markers()) {
            if (!marker->isVisible())
                continue;
            QAction *toggle = seriesMenu->addAction(marker->label());
            toggle->setCheckable(true);
            toggle->setChecked(marker->series()->isVisible());
            connect(toggle, &QAction::triggered, marker, &QLegendMarker::clicked);
        }
    });
    // The export actions (Export…, Copy image, Export data) are added by the window's ExportController.
    m_view->setContextMenu(m_menu);
    connect(m_view, &ChartView::zoomReset, this, [this] { autoRange(); });

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(2);
    if (!compact) {
        m_toolbar = new QHBoxLayout;
        m_toolbar->setContentsMargins(6, 2, 6, 0);
        m_toolbar->addStretch(1);
        // Only charts with a logarithmic form get the box: a disabled one took the width that a narrow
        // window needs for the tornado's own controls.
        if (logToggle) {
            m_logBox = new QCheckBox(tr("Log scale"), this);
            m_logBox->setToolTip(tr("Switch the value axis between linear and logarithmic"));
            connect(m_logBox, &QCheckBox::toggled, this, &ChartPanel::setLogScale);
            m_toolbar->addWidget(m_logBox);
        }
        auto *reset = new QToolButton(this);
        reset->setText(tr("Reset zoom"));
        reset->setToolTip(tr("Undo zoom and pan (double-click the chart, or Home)"));
        connect(reset, &QToolButton::clicked, m_view, &ChartView::resetZoom);
        m_toolbar->addWidget(reset);
        // Hidden until the window's export wires it (setExportAction).
        m_exportButton = new QToolButton(this);
        m_exportButton->setObjectName(QStringLiteral("exportButton"));
        m_exportButton->setText(tr("Export…"));
        m_exportButton->hide();
        m_toolbar->addWidget(m_exportButton);
        auto *more = new QToolButton(this);
        more->setText(tr("Chart"));
        more->setPopupMode(QToolButton::InstantPopup);
        more->setMenu(m_menu);
        more->setToolTip(tr("Chart actions"));
        m_toolbar->addWidget(more);
        layout->addLayout(m_toolbar);
    } else {
        m_view->setRubberBand(QChartView::NoRubberBand);
        // No toolbar row: a small button in the chart's top right corner, over the title's margin.
        m_exportButton = new QToolButton(m_view);
        m_exportButton->setObjectName(QStringLiteral("exportButton"));
        m_exportButton->setText(QStringLiteral("⋯"));
        m_exportButton->setAutoRaise(true);
        m_exportButton->setAccessibleName(tr("Export…"));
        m_exportButton->hide();
    }
    layout->addWidget(m_view, 1);
    m_chart->setMargins(compact ? QMargins(2, 2, 2, 2) : QMargins(6, 6, 6, 6));
    setDarkTheme(false);
}

void ChartPanel::addToolbarWidget(QWidget *widget)
{
    // Before the stretch and the buttons that end the row (log where there is one, reset, export, chart
    // menu).
    if (m_toolbar)
        m_toolbar->insertWidget(m_toolbar->count() - (m_logBox ? 5 : 4), widget);
}

void ChartPanel::setExportAction(QAction *action)
{
    if (!m_exportButton || !action)
        return;
    m_exportButton->disconnect(this);
    connect(m_exportButton, &QToolButton::clicked, action, &QAction::trigger);
    m_exportButton->setToolTip(tr("Export this chart to PNG, SVG, PDF or CSV (Ctrl+E; right-click for "
                                  "Copy image and Export data)"));
    m_exportButton->show();
    placeExportButton();
}

void ChartPanel::placeExportButton()
{
    if (!m_exportButton || m_toolbar || !m_view)
        return;
    m_exportButton->adjustSize();
    m_exportButton->move(m_view->width() - m_exportButton->width() - 2, 1);
    m_exportButton->raise();
}

QChart *ChartPanel::chart()
{
    ensureUpToDate();
    return m_chart;
}

void ChartPanel::renderTo(QPainter *painter, const QRectF &target)
{
    ensureUpToDate();
    if (!m_view)
        return;
    // Qt Charts deletes the items of a replaced axis (log <-> linear) later; without an event loop
    // (headless export) they would still be painted.
    QCoreApplication::sendPostedEvents(nullptr, QEvent::DeferredDelete);
    m_view->hideCrosshair();
    // Paint the chart's scene, not the view: it works for hidden panels (headless export) and vector
    // painters. A hidden chart is first laid out at the target's size (and keeps it): no scaling, crisp text.
    if (!m_view->isVisible())
        layOutHidden(target.size());
    QGraphicsScene *scene = m_chart->scene();
    const QRectF source = m_chart->geometry();
    painter->save();
    painter->fillRect(target, m_chart->backgroundBrush());
    scene->render(painter, target, source, Qt::IgnoreAspectRatio);
    painter->restore();
}

void ChartPanel::layOutHidden(const QSizeF &size)
{
    // A hidden widget gets its resize events only when shown: size the chart and run its layout here,
    // or it would be painted at its last size with stale axes.
    m_chart->setGeometry(QRectF(QPointF(0, 0), size));
    if (QGraphicsLayout *layout = m_chart->layout())
        layout->activate();
}

void ChartPanel::setInputs(const ChartInputs &inputs)
{
    m_inputs = inputs;
    markDirty();
}

void ChartPanel::markDirty()
{
    m_dirty = true;
    if (isVisible() && !m_redrawTimer->isActive())
        m_redrawTimer->start();
}

void ChartPanel::ensureUpToDate()
{
    m_redrawTimer->stop();
    if (!m_dirty)
        return;
    m_dirty = false;
    redraw();
    if (m_view) { // a screen reader names the chart by its title and reads its caption as the description
        m_view->setAccessibleName(title());
        m_view->setAccessibleDescription(caption());
    }
    emit redrawn();
}

void ChartPanel::flushLayout()
{
    if (m_chart)
        QCoreApplication::sendPostedEvents(m_chart, QEvent::LayoutRequest);
}

void ChartPanel::showEvent(QShowEvent *event)
{
    QWidget::showEvent(event);
    ensureUpToDate();
}

void ChartPanel::setLogScaleApplicable(bool applicable)
{
    if (m_logBox)
        m_logBox->setEnabled(applicable);
    if (m_logAction)
        m_logAction->setEnabled(applicable);
}

void ChartPanel::resizeEvent(QResizeEvent *event)
{
    QWidget::resizeEvent(event);
    if (m_view)
        resized();
    placeExportButton();
}

void ChartPanel::setDarkTheme(bool dark)
{
    m_palette = ChartPalette::make(dark);
    if (m_chart) {
        m_chart->setTheme(dark ? QChart::ChartThemeDark : QChart::ChartThemeLight);
        m_chart->setBackgroundBrush(m_palette.background);
        m_chart->setTitleBrush(m_palette.ink);
        m_chart->legend()->setLabelColor(m_palette.ink);
        m_chart->setAnimationOptions(QChart::NoAnimation);
    }
    applyPalette();
    markDirty();
}

void ChartPanel::setLogScale(bool log)
{
    if (m_logScale == log)
        return;
    m_logScale = log;
    if (m_logBox && m_logBox->isChecked() != log)
        m_logBox->setChecked(log);
    if (m_logAction && m_logAction->isChecked() != log)
        m_logAction->setChecked(log);
    if (m_view && m_view->isZoomed())
        m_view->resetZoom();
    markDirty();
}

} // namespace jevons::ui
