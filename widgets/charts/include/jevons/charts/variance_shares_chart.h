#pragma once
// "What drives the uncertainty": the engine's variance shares of one output over time (docs/model.md,
// "Variance shares"), one stacked area per uncertain input plus what no single input explains.

#include "jevons/charts/chart_panel.h"

#include "jevons/engine/engine.h"

#include <QList>

class QAreaSeries;
class QCategoryAxis;
class QLabel;
class QLineSeries;
class QValueAxis;

namespace jevons::ui {

class VarianceSharesChart : public ChartPanel {
    Q_OBJECT
public:
    explicit VarianceSharesChart(QWidget *parent = nullptr);
    QString chartId() const override { return QStringLiteral("variance_shares"); }
    QString title() const override { return tr("What drives the uncertainty"); }
    QString caption() const override;
    QString toCsv() const override;

    /// The shares drawn (the result's, or none when the run estimated none).
    const VarianceShares *shares() const;
    /// One area per uncertain input in the engine's order, then "not explained by one input".
    const QList<QAreaSeries *> &areas() const { return m_areas; }
    /// The note shown when correlated inputs make the shares overlap (empty when they do not).
    QString overlapNote() const;
    /// The crosshair's text at month `step`, as the view shows it.
    QString hoverTextAt(int step) const { return hoverText(step); }

protected:
    void redraw() override;
    void applyPalette() override;

private:
    void rebuildSeries(const VarianceShares *shares);
    QString hoverText(double x) const;

    QList<QLineSeries *> m_edges; ///< upper edge of each area (the lower is the previous upper)
    QList<QAreaSeries *> m_areas;
    QList<Param> m_builtFor;
    bool m_builtWithShares = false;
    QCategoryAxis *m_axisX = nullptr;
    QValueAxis *m_axisY = nullptr;
    QLabel *m_note = nullptr;
    int m_axisSteps = -1;
    int m_axisWidth = -1;
};

/// Label of an uncertain input in the shares charts: the dashboard's parameter label.
QString shareInputLabel(Param p);
/// Fill of input `input` (in the engine's order) in the stacked areas.
QColor shareColour(const ChartPalette &palette, int input);
/// Label of the remainder: process noise and interactions.
QString unexplainedShareLabel();

} // namespace jevons::ui
