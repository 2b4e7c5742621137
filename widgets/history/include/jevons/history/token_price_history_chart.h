#pragma once
// TokenPriceHistoryChart: one of the "Market history" charts (see history_chart.h).

#include "jevons/history/history_chart.h"
#include "jevons/market/history_selections.h"

namespace jevons::ui {

/// LLM API list prices over time (log scale), one series per provider, points labelled with the model, and
/// an exponential decline fitted by least squares on log price (jevons::data::fitExponentialDecline) to a
/// selectable set of models.
class TokenPriceHistoryChart : public HistoryChart {
    Q_OBJECT
public:
    using ModelSet = PriceModelSet;
    explicit TokenPriceHistoryChart(DataStore *store, QWidget *parent = nullptr);
    QString chartId() const override { return QStringLiteral("history_token_prices"); }
    QString title() const override { return tr("LLM API list prices"); }

    void setBasis(data::PriceBasis basis);
    data::PriceBasis basis() const { return m_basis; }
    void setModelSet(ModelSet set);
    ModelSet modelSet() const { return m_set; }
    /// The points of the fit (x = Date::midYear(), as apiPricePoints() gives them) and the fit shown.
    const std::vector<data::PricePoint> &fitPoints() const { return m_selection.fitPoints; }
    bool hasFit() const { return m_selection.hasFit; }
    const data::DeclineFit &fit() const { return m_selection.fit; }
    /// The one-line summary shown under the title ("÷2.32 per year ... halving every 10.0 months").
    QString fitSummary() const { return m_selection.fitSummary; }

protected:
    void redraw() override;

private:
    QComboBox *m_basisBox = nullptr;
    QComboBox *m_setBox = nullptr;
    data::PriceBasis m_basis = data::PriceBasis::Blended;
    ModelSet m_set = ModelSet::Frontier;
    TokenPriceSelection m_selection; ///< what the last redraw drew (selectTokenPrices)
};

} // namespace jevons::ui
