#pragma once
// The "Market history" page: sub-tabs GPU supply, Cost per token and Investment flows, each with the charts
// of history_charts.h / history_sankey.h drawn from one DataStore. Every chart has its "Sources…" button.
// Keyboard: Alt+G / Alt+T / Alt+I pick a sub-tab (Alt+C and Alt+H are the Charts and Help menus), Ctrl+Tab
// cycles them, Tab walks each chart's toolbar (Sources…, selectors) and then its chart.

#include <QList>
#include <QTabWidget>

namespace jevons::ui {

class DataStore;
class HistoryChart;
class MoneyFlowSankey;
class TokenPriceHistoryChart;

class HistoryPages : public QTabWidget {
    Q_OBJECT
public:
    explicit HistoryPages(DataStore *store, QWidget *parent = nullptr);

    /// Every history chart, in display order (for export: each is a ChartPanel).
    QList<HistoryChart *> charts() const { return m_charts; }
    /// A chart by its id ("history_shipments", ...); nullptr if none.
    HistoryChart *chart(const QString &id) const;
    TokenPriceHistoryChart *tokenPrices() const { return m_tokenPrices; }
    MoneyFlowSankey *moneyFlows() const { return m_moneyFlows; }
    DataStore *store() const { return m_store; }
    void setDarkTheme(bool dark);

private:
    QWidget *page(const QList<HistoryChart *> &charts, int columns);

    DataStore *m_store;
    QList<HistoryChart *> m_charts;
    TokenPriceHistoryChart *m_tokenPrices = nullptr;
    MoneyFlowSankey *m_moneyFlows = nullptr;
};

} // namespace jevons::ui
