#pragma once
// FundingRoundsHistoryChart: one of the "Market history" charts (see history_chart.h).

#include "jevons/history/history_chart.h"

namespace jevons::ui {

/// AI-lab funding rounds on a timeline, one row per lab, bubble area proportional to the amount.
class FundingRoundsHistoryChart : public HistoryChart {
    Q_OBJECT
public:
    explicit FundingRoundsHistoryChart(DataStore *store, QWidget *parent = nullptr);
    QString chartId() const override { return QStringLiteral("history_funding_rounds"); }
    QString title() const override { return tr("AI-lab funding rounds"); }

protected:
    void redraw() override;
};

} // namespace jevons::ui
