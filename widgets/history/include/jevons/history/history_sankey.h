#pragma once
// Flow (Sankey) diagram of money in one calendar year, drawn with QPainter from buildMoneyFlows()
// (jevons/market/money_flows.h: investors -> AI labs, hyperscalers -> suppliers, data-centre customers ->
// NVIDIA, each flow a dataset row). The dataset does not say how much of a hyperscaler's capex went to
// NVIDIA, so the two are drawn side by side, not linked; a hyperscaler that also invested in a lab is one
// node with both flows.

#include "jevons/history/history_charts.h"
#include "jevons/market/money_flows.h"

#include <QList>
#include <QPainterPath>
#include <QRectF>

class QComboBox;

namespace jevons::ui {

class MoneyFlowSankey : public HistoryChart {
    Q_OBJECT
public:
    explicit MoneyFlowSankey(DataStore *store, QWidget *parent = nullptr);
    QString chartId() const override { return QStringLiteral("history_money_flows"); }
    QString title() const override { return tr("Money flows"); }
    QChart *chart() override { return nullptr; } ///< drawn with QPainter, not a QChart
    void renderTo(QPainter *painter, const QRectF &target) override;

    void setYear(int year);
    int year() const { return m_year; }
    QList<int> years() const { return m_years; }
    const MoneyFlowModel &model() const;

    /// Node and flow geometry for a drawing area (also used for hit-testing the tooltips).
    struct Geometry {
        QList<QRectF> nodes;
        QList<QPainterPath> flows;
        QRectF plot;
        QList<QStringList> nodeNames; ///< each node's name, wrapped at words to its label column
        QList<QRectF> nodeLabels;     ///< each node's label (name lines and amount) as drawn
        double neededHeight = 0;      ///< the area height at which every label has its room
    };
    Geometry layout(const QRectF &area) const;
    /// Paints the whole diagram (title, flows, nodes, labels, notes) into `area`.
    void paintDiagram(QPainter *painter, const QRectF &area) const;
    /// Tooltip HTML at a point of a drawing area, or "" (flows and nodes).
    QString tooltipAt(const QRectF &area, const QPointF &pos) const;
    /// Gives the canvas the height its labels need at its width (the page scrolls if need be).
    void updateCanvasHeight();

protected:
    void redraw() override;
    void dataChanged() override;

private:
    QRectF diagramArea(const QRectF &area) const;
    /// The notes under the diagram (how to read it, rows left out), wrapped to `width`.
    QStringList noteLines(double width) const;

    QComboBox *m_yearBox = nullptr;
    QWidget *m_canvas = nullptr;
    QList<int> m_years;
    int m_year = 0;
    MoneyFlowModel m_model;
};

} // namespace jevons::ui
