#pragma once
// Flow (Sankey) diagram of money in one calendar year, drawn with QPainter and built only from dataset rows:
// investors -> AI labs (funding_rounds, USD rounds with an amount), hyperscalers -> suppliers of chips,
// servers and data centres (capex_annual, calendar-year capex; guidance where no actual exists), and all
// data-centre customers -> NVIDIA (nvidia_dc_revenue_annual, the fiscal year that is mostly this calendar
// year). The dataset does not say how much of a hyperscaler's capex went to NVIDIA, so the two are drawn side
// by side, not linked; a hyperscaler that also invested in a lab is one node with both flows.

#include "jevons/history/history_charts.h"

#include <QList>
#include <QPainterPath>
#include <QRectF>

class QComboBox;

namespace jevons::ui {

/// One node of the diagram.
struct MoneyFlowNode {
    enum class Role { Investor, Hyperscaler, Customers, Lab, Suppliers, ChipVendor };
    QString name;
    Role role = Role::Investor;
    int column = 0; ///< 0 = where money comes from, 1 = where it goes
    double usd = 0; ///< total of its flows
};

/// One flow: a row of the dataset (or, for capex guidance, a row's range midpoint).
struct MoneyFlow {
    int from = 0, to = 0; ///< node indices
    double usd = 0;       ///< amount, USD
    bool guidance = false;
    bool userSupplied = false;
    Provenance provenance;
    const data::Table *table = nullptr;
    const data::Row *row = nullptr;
};

/// The flows of one year.
struct MoneyFlowModel {
    int year = 0;
    QList<MoneyFlowNode> nodes;
    QList<MoneyFlow> flows;
    QStringList notes; ///< rows left out and why, and how to read the NVIDIA node
    double totalUsd() const;
};

/// Years with at least one flow, ascending.
QList<int> moneyFlowYears(const data::Dataset &dataset);
/// The latest year in which some hyperscaler capex is reported rather than guided (the default view).
int defaultMoneyFlowYear(const data::Dataset &dataset);
/// Builds the flows of `year` from the dataset's rows only.
MoneyFlowModel buildMoneyFlows(const data::Dataset &dataset, int year);

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
