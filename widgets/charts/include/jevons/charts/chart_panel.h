#pragma once
// Base of every chart in the dashboard. The export engineer iterates MainWindow::charts() (or the list
// from buildCharts()) and uses only this interface: id, title, chart(), renderTo() and toCsv().

#include "jevons/session/simulation_runner.h"

#include <QWidget>

class QChart;
class QCheckBox;
class QHBoxLayout;
class QLabel;
class QMenu;
class QTimer;
class QPainter;
class QToolButton;

namespace jevons::ui {

class ChartView;

/// Everything a chart draws from. Results are shared and immutable, so handing them to a dozen charts is
/// cheap.
struct ChartInputs {
    ResultPtr current;          ///< the displayed run; null before the first result
    ResultPtr baseline;         ///< pinned run drawn in a muted style; null when none is pinned
    SensitivityPtr sensitivity; ///< last sensitivity run; null until one has run
    bool deltaView = false;     ///< draw current minus baseline (needs a baseline)
    bool preview = false;       ///< `current` is a quick preview run (fewer paths)
};

/// Colours for light and dark themes; every chart draws with these.
struct ChartPalette {
    bool dark = false;
    QColor ink, muted, grid, background;
    QColor series(int index) const; ///< distinct, colour-blind-safe hues (Okabe-Ito)
    static ChartPalette make(bool dark);
};

class ChartPanel : public QWidget {
    Q_OBJECT
public:
    explicit ChartPanel(QWidget *parent = nullptr);

    /// Stable identifier, used in file names and settings ("supply_demand", "token_price", ...).
    virtual QString chartId() const = 0;
    /// Human title ("Installed base and demand").
    virtual QString title() const = 0;
    /// One-line description of what is drawn (bands, baseline, delta), for captions and tooltips.
    virtual QString caption() const;
    /// The Qt chart, brought up to date; nullptr for panels that are not a QChart (headline tiles).
    virtual QChart *chart();
    /// Paints the chart (without toolbar or crosshair) into `target`; works on hidden panels and with
    /// vector painters (QSvgGenerator, QPdfWriter). Brings the chart up to date first.
    virtual void renderTo(QPainter *painter, const QRectF &target);
    /// Exactly the plotted values, unscaled and with units in the header, one row per x value.
    virtual QString toCsv() const = 0;
    /// True for the small copies on the Overview tab.
    bool isCompact() const { return m_compact; }

    /// New data. Hidden panels only remember it and redraw when shown (or when chart()/renderTo/toCsv need
    /// it).
    void setInputs(const ChartInputs &inputs);
    const ChartInputs &inputs() const { return m_inputs; }
    /// Redraws now if the data changed since the last draw.
    void ensureUpToDate();
    /// Runs the chart's pending layout now (after new data), so that it paints once with its final geometry.
    void flushLayout();

    void setDarkTheme(bool dark);
    bool isDarkTheme() const { return m_palette.dark; }
    bool logScale() const { return m_logScale; }
    void setLogScale(bool log);
    /// Menu of chart actions (reset zoom, log scale, Export… placeholder): the export work adds its actions
    /// here.
    QMenu *actionsMenu() const { return m_menu; }
    /// Shows the chart's visible way to its export: an "Export…" button on the toolbar row, or a small "⋯"
    /// button in the corner of a compact chart (objectName exportButton); clicking it triggers `action`.
    /// The window's ExportController calls this with the chart's Export… action.
    void setExportAction(QAction *action);
    QToolButton *exportButton() const { return m_exportButton; }
    ChartView *view() const { return m_view; }

signals:
    /// Emitted after the chart shows new data (used by tests and the latency benchmark).
    void redrawn();

protected:
    /// Subclasses call this once with their chart; the base builds the toolbar, the view and the menu.
    void initChart(QChart *chart, bool compact, bool logToggle);
    /// Adds a widget to the toolbar row (series selectors, sliders).
    void addToolbarWidget(QWidget *widget);
    /// Redraw from m_inputs (called only when something changed).
    virtual void redraw() = 0;
    /// Re-apply colours after a theme change (QChart::setTheme resets series colours).
    virtual void applyPalette() {}
    /// Axis ranges were reset by the user: set them from the data again.
    virtual void autoRange() { markDirty(); }
    /// Something changed: a visible chart redraws once, on the next turn of the event loop, however many
    /// changes arrive before it (a hidden one when shown, or when chart()/renderTo/toCsv need it).
    void markDirty();
    /// The panel's size changed. By default a redraw (month labels on the fans depend on the width);
    /// charts whose series do not depend on the size only re-place their labels.
    virtual void resized() { markDirty(); }
    /// Greys out the log toggle while a view cannot be logarithmic (deltas go below zero).
    void setLogScaleApplicable(bool applicable);
    void showEvent(QShowEvent *event) override;
    void resizeEvent(QResizeEvent *event) override;

    ChartInputs m_inputs;
    ChartPalette m_palette = ChartPalette::make(false);
    ChartView *m_view = nullptr;
    QChart *m_chart = nullptr;
    bool m_logScale = false;

private:
    void layOutHidden(const QSizeF &size);

    bool m_compact = false;
    bool m_dirty = true;
    QTimer *m_redrawTimer = nullptr; ///< single shot, 0 ms: coalesces the redraws of one event-loop turn
    QHBoxLayout *m_toolbar = nullptr;
    QCheckBox *m_logBox = nullptr;
    QMenu *m_menu = nullptr;
    QAction *m_logAction = nullptr;
    QToolButton *m_exportButton = nullptr;
    void placeExportButton();
};

} // namespace jevons::ui
