#pragma once
// The suite of the history charts' selections (tst_history_selections.cpp: the bar, round, point and quarter
// selections on the bundled rows; tst_history_selections_tables.cpp: installed compute, API prices, money
// flows and the fans' observed history, on small tables written in the test).

#include "jevons/market/data_store.h"

#include <QObject>
#include <QTemporaryDir>

#include <memory>
#include <string>

/// A table of `topic` from CSV text (the topic's header and rows).
jevons::data::Table parseTable(const char *topic, const std::string &csv);

class tst_HistorySelections : public QObject {
    Q_OBJECT
private slots:
    void initTestCase();
    void shipmentsAreVendorTotalsOrSummedProducts_data();
    void shipmentsAreVendorTotalsOrSummedProducts();
    void capexPerYearAndQuarter_data();
    void capexPerYearAndQuarter();
    void secondarySourceFromTheConfidenceColumn();
    void capexSaysWhichFiguresAreSecondary_data();
    void capexSaysWhichFiguresAreSecondary();
    void aiInvestmentPerGroupAndYear();
    void fundingRoundsWithAnAmount();
    void cowosPointsPerSupplierAndTargets();
    void nvidiaRevenueByQuarterEnd();
    void userSuppliedRowIsFlaggedWhateverItsName();
    void installedComputeIsTheCountAndOtherEstimates();
    void installedComputeNeedsBothTables();
    void tokenPricesPerProviderWithTheirFit_data();
    void tokenPricesPerProviderWithTheirFit();
    void moneyFlowsOfAYear();
    void observedHistoryIsTheBacktestsOverlays_data();
    void observedHistoryIsTheBacktestsOverlays();

private:
    const jevons::data::Table &table(const char *topic) const
    {
        const jevons::data::Table *t = m_store->table(topic);
        if (!t)
            qFatal("no topic %s", topic);
        return *t;
    }
    QTemporaryDir m_imports; // none: the bundled rows only
    std::unique_ptr<jevons::ui::DataStore> m_store;
};
