#pragma once
// ShipmentsHistoryChart: one of the "Market history" charts (see history_chart.h).

#include "jevons/history/history_chart.h"

namespace jevons::ui {

/// Accelerator shipments per calendar year, stacked by vendor, for one estimator (estimators' scopes
/// differ: see resources/data/README.md), in units or H100e.
class ShipmentsHistoryChart : public HistoryChart {
    Q_OBJECT
public:
    enum class Measure { Units, H100e };
    explicit ShipmentsHistoryChart(DataStore *store, QWidget *parent = nullptr);
    QString chartId() const override { return QStringLiteral("history_shipments"); }
    QString title() const override { return tr("AI accelerator shipments by vendor"); }
    void setMeasure(Measure measure);
    Measure measure() const { return m_measure; }
    /// Estimators with yearly rows, in the selector; "Epoch AI" is the default.
    QStringList estimators() const;
    void setEstimator(const QString &estimator);
    QString estimator() const;

protected:
    void redraw() override;
    void dataChanged() override;

private:
    QComboBox *m_measureBox = nullptr;
    QComboBox *m_estimatorBox = nullptr;
    Measure m_measure = Measure::Units;
};

} // namespace jevons::ui
