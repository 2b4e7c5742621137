#pragma once
// AiInvestmentHistoryChart: one of the "Market history" charts (see history_chart.h).

#include "jevons/history/history_chart.h"

namespace jevons::ui {

/// Private AI investment by country and year (Stanford AI Index): United States, China, Europe.
class AiInvestmentHistoryChart : public HistoryChart {
    Q_OBJECT
public:
    explicit AiInvestmentHistoryChart(DataStore *store, QWidget *parent = nullptr);
    QString chartId() const override { return QStringLiteral("history_ai_investment"); }
    QString title() const override { return tr("Private AI investment by country"); }

protected:
    void redraw() override;
};

} // namespace jevons::ui
