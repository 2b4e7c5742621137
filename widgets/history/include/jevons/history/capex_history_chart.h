#pragma once
// CapexHistoryChart: one of the "Market history" charts (see history_chart.h).

#include "jevons/history/history_chart.h"

namespace jevons::ui {

/// Hyperscaler capex by quarter or by calendar year, stacked by company; guidance (for years without an
/// actual) hatched.
class CapexHistoryChart : public HistoryChart {
    Q_OBJECT
public:
    enum class Period { Quarter, Year };
    explicit CapexHistoryChart(DataStore *store, QWidget *parent = nullptr);
    QString chartId() const override { return QStringLiteral("history_capex"); }
    QString title() const override { return tr("Hyperscaler capex"); }
    void setPeriod(Period period);
    Period period() const { return m_period; }

protected:
    void redraw() override;

private:
    QComboBox *m_periodBox = nullptr;
    Period m_period = Period::Year;
};

} // namespace jevons::ui
