#pragma once
// NvidiaRevenueHistoryChart: one of the "Market history" charts (see history_chart.h).

#include "jevons/history/history_chart.h"

namespace jevons::ui {

/// NVIDIA Data Center revenue per fiscal quarter.
class NvidiaRevenueHistoryChart : public HistoryChart {
    Q_OBJECT
public:
    explicit NvidiaRevenueHistoryChart(DataStore *store, QWidget *parent = nullptr);
    QString chartId() const override { return QStringLiteral("history_nvidia_revenue"); }
    QString title() const override { return tr("NVIDIA Data Center revenue by quarter"); }

protected:
    void redraw() override;
};

} // namespace jevons::ui
