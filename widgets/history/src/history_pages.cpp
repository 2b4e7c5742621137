#include "jevons/history/history_pages.h"

#include "jevons/market/data_store.h"
#include "jevons/history/history_charts.h"
#include "jevons/history/history_sankey.h"

#include <QGridLayout>
#include <QScrollArea>

namespace jevons::ui {

HistoryPages::HistoryPages(DataStore *store, QWidget *parent) : QTabWidget(parent), m_store(store)
{
    setObjectName(QStringLiteral("historyPages"));
    setDocumentMode(true);
    const QList<HistoryChart *> supply = {new ShipmentsHistoryChart(store),
                                          new InstalledComputeHistoryChart(store),
                                          new NvidiaRevenueHistoryChart(store), new CowosHistoryChart(store)};
    m_tokenPrices = new TokenPriceHistoryChart(store);
    m_moneyFlows = new MoneyFlowSankey(store);
    const QList<HistoryChart *> money = {new CapexHistoryChart(store), new FundingRoundsHistoryChart(store),
                                         new AiInvestmentHistoryChart(store), m_moneyFlows};
    addTab(page(supply, 2), tr("&GPU supply"));
    addTab(page({m_tokenPrices}, 1), tr("Cost per &token"));
    addTab(page(money, 2), tr("&Investment flows"));
    m_charts = supply + QList<HistoryChart *>{m_tokenPrices} + money;
}

QWidget *HistoryPages::page(const QList<HistoryChart *> &charts, int columns)
{
    // A scroll area, so that the charts keep a readable size in a small window.
    auto *scroll = new QScrollArea;
    scroll->setWidgetResizable(true);
    scroll->setFrameShape(QFrame::NoFrame);
    auto *content = new QWidget;
    auto *grid = new QGridLayout(content);
    grid->setContentsMargins(4, 4, 4, 4);
    grid->setSpacing(6);
    for (int i = 0; i < charts.size(); ++i) {
        // Two columns fit beside the Scenario panel on a 1366-pixel screen (866 pixels left for the tabs);
        // below these sizes the scroll area takes over.
        charts[i]->setMinimumSize(columns == 1 ? QSize(600, 420) : QSize(400, 300));
        grid->addWidget(charts[i], i / columns, i % columns);
    }
    for (int r = 0; r < (int(charts.size()) + columns - 1) / columns; ++r)
        grid->setRowStretch(r, 1);
    for (int c = 0; c < columns; ++c)
        grid->setColumnStretch(c, 1);
    scroll->setWidget(content);
    return scroll;
}

HistoryChart *HistoryPages::chart(const QString &id) const
{
    for (HistoryChart *c : m_charts)
        if (c->chartId() == id)
            return c;
    return nullptr;
}

void HistoryPages::setDarkTheme(bool dark)
{
    for (HistoryChart *c : m_charts)
        c->setDarkTheme(dark);
}

} // namespace jevons::ui
