#pragma once
// The Scenario map: a two-parameter grid of one output painted as a heat map (cells on the axes' own
// scales, a colour scale beside it), its contour labelled (50 % for a probability, the grid's median
// otherwise), the Jevons line price_elasticity = 1 when elasticity is an axis and the current scenario as a
// marker. Hover reads the cell; a click asks for that cell's two values (cellClicked). A ChartPanel painted
// by hand (no QChart), so the export controller's PNG/SVG/PDF/CSV actions apply to it.

#include "jevons/charts/chart_panel.h"
#include "jevons/scenario_map/map_grid.h"

#include <optional>

namespace jevons::ui {

class ScenarioMapChart : public ChartPanel {
    Q_OBJECT
public:
    explicit ScenarioMapChart(QWidget *parent = nullptr);

    QString chartId() const override { return QStringLiteral("scenario_map"); }
    QString title() const override { return tr("Scenario map"); }
    QString caption() const override;
    QChart *chart() override { return nullptr; } ///< painted by hand, not a QChart
    void renderTo(QPainter *painter, const QRectF &target) override;
    /// One row per grid point: both parameters' values and the output, in design order.
    QString toCsv() const override;

    void setGrid(const MapGrid &grid);
    const MapGrid &grid() const { return m_grid; }
    /// The scenario whose values the marker shows (the window's current one).
    void setCurrentScenario(const Scenario &scenario);
    /// Shown in place of the map while there is no grid ("Computing…", "Press Compute").
    void setPlaceholder(const QString &text);

    /// The cell under a point of the widget, if any: (x index, y index).
    std::optional<QPoint> cellAt(const QPointF &pos) const;
    /// The centre of a cell in widget coordinates (for tests and keyboard users).
    QPointF cellCentre(int ix, int iy) const;
    /// "price_elasticity 1.2, efficiency … : Shortage probability 43 %": what hovering the cell says.
    QString cellText(int ix, int iy) const;
    /// The text of the hover read-out under the map (empty when the mouse is not over a cell).
    QString hoverText() const { return m_hoverText; }
    /// The contour's label as drawn ("50 %", "1.02"); empty when no contour crosses the grid.
    QString contourLabel() const;
    /// Whether the Jevons line and the current scenario's marker fall on the drawn map.
    bool jevonsLineShown() const;
    bool currentMarkerShown() const;

signals:
    /// A cell was clicked: load its two values.
    void cellClicked(int ix, int iy);
    /// The hovered cell's read-out changed (empty: the mouse left the map).
    void hoverChanged(const QString &text);

protected:
    void redraw() override { update(); }
    void resized() override { update(); }
    void paintEvent(QPaintEvent *event) override;
    void mouseMoveEvent(QMouseEvent *event) override;
    void mousePressEvent(QMouseEvent *event) override;
    void leaveEvent(QEvent *event) override;

private:
    /// Where the plot area, the colour bar and the texts go inside `target`.
    struct Layout {
        QRectF plot, bar;
    };
    Layout layoutFor(const QRectF &target, const QFontMetricsF &fm) const;
    void paint(QPainter &p, const QRectF &target) const;
    QPointF toPixel(const QRectF &plot, double ix, double iy) const;
    QColor colourFor(double v, double lo, double hi) const;
    QString formatValue(double v) const;
    std::optional<QPointF> currentIndex() const;

    MapGrid m_grid;
    std::optional<Scenario> m_current;
    QString m_placeholder;
    std::optional<QPoint> m_hover;
    QString m_hoverText;
};

} // namespace jevons::ui
