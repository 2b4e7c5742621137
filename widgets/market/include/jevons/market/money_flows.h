#pragma once
// The money flows of one calendar year that the Sankey diagram (widgets/history, MoneyFlowSankey) draws,
// chosen from the dataset's rows only: investors -> AI labs (funding_rounds, USD rounds with an amount),
// hyperscalers -> suppliers of chips, servers and data centres (capex_annual, calendar-year capex; guidance
// where no actual exists), and all data-centre customers -> NVIDIA (nvidia_dc_revenue_annual, the fiscal year
// that is mostly this calendar year). Nodes, flows with provenance, notes on the rows left out, caption and
// CSV header; the diagram only lays them out and paints them. Decisions (guidance, user-supplied) are fields.

#include "jevons/dataset/dataset.h"
#include "jevons/market/provenance.h"

#include <QList>
#include <QString>
#include <QStringList>

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
    QString caption;   ///< what is drawn and from which rows, then the notes
    /// The CSV has a line per flow: year, from and to (node names), usd, provenance.label, provenance.kind,
    /// provenance.date, provenance.source, user (1 or 0).
    QStringList csvHeader;
    double totalUsd() const;
};

/// Years with at least one flow, ascending.
QList<int> moneyFlowYears(const data::Dataset &dataset);
/// The latest year in which some hyperscaler capex is reported rather than guided (the default view).
int defaultMoneyFlowYear(const data::Dataset &dataset);
/// Builds the flows of `year` from the dataset's rows only.
MoneyFlowModel buildMoneyFlows(const data::Dataset &dataset, int year);

} // namespace jevons::ui
