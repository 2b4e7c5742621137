#pragma once
// CowosHistoryChart: one of the "Market history" charts (see history_chart.h).

#include "jevons/history/history_chart.h"

namespace jevons::ui {

/// CoWoS packaging capacity in wafers per month: each estimate with its range, and capacity targets.
class CowosHistoryChart : public HistoryChart {
    Q_OBJECT
public:
    explicit CowosHistoryChart(DataStore *store, QWidget *parent = nullptr);
    QString chartId() const override { return QStringLiteral("history_cowos"); }
    QString title() const override { return tr("CoWoS packaging capacity"); }

protected:
    void redraw() override;
};

} // namespace jevons::ui
