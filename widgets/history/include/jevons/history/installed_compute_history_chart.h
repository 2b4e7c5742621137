#pragma once
// InstalledComputeHistoryChart: one of the "Market history" charts (see history_chart.h).

#include "jevons/history/history_chart.h"

namespace jevons::ui {

/// Installed compute in H100e: cumulative NVIDIA shipments (Epoch AI), and other H100e estimates.
class InstalledComputeHistoryChart : public HistoryChart {
    Q_OBJECT
public:
    explicit InstalledComputeHistoryChart(DataStore *store, QWidget *parent = nullptr);
    QString chartId() const override { return QStringLiteral("history_installed_compute"); }
    QString title() const override { return tr("Installed compute (H100e)"); }

protected:
    void redraw() override;
};

} // namespace jevons::ui
