#pragma once
// Builds the dashboard's charts. The main window and the headless `jevons export` command use the same
// functions, so an exported figure is the chart the investor saw.

#include "jevons/charts/chart_panel.h"

#include <QList>

#include <memory>
#include <vector>

namespace jevons::ui {

class DistributionChart;
class FanChart;
class HeadlineTiles;
class SensitivityChart;
class ShortageChart;
class VarianceSharesChart;
class VarianceSharesRankChart;

/// The full-size charts of the dashboard. Ids: headline, supply_demand, demand_supply_ratio,
/// shortage_probability, gpu_hour_price, token_price, capex_revenue, cumulative_capex,
/// revenue_covers_capex_probability, power, unpowered, power_constrained_probability, distribution,
/// sensitivity, variance_shares, variance_shares_ranked.
struct ChartSet {
    HeadlineTiles *headline = nullptr;
    FanChart *supplyDemand = nullptr;
    FanChart *demandSupplyRatio = nullptr;
    ShortageChart *shortage = nullptr;
    FanChart *gpuHourPrice = nullptr;
    FanChart *tokenPrice = nullptr; ///< log scale by default
    FanChart *capexRevenue = nullptr;
    FanChart *cumulativeCapex = nullptr; ///< with cumulative AI revenue
    ShortageChart *paidFor = nullptr;    ///< revenue_covers_capex_probability
    FanChart *power = nullptr;           ///< power drawn, with power available as a line
    FanChart *unpowered = nullptr;
    ShortageChart *powerBinds = nullptr; ///< power_constrained_probability
    DistributionChart *distribution = nullptr;
    SensitivityChart *sensitivity = nullptr;
    VarianceSharesChart *varianceShares = nullptr;
    VarianceSharesRankChart *varianceSharesRanked = nullptr;
    /// All of them, in display order.
    QList<ChartPanel *> all() const;
};

/// Creates every full-size chart with `parent` as parent (nullptr: top-level, hidden).
ChartSet createChartSet(QWidget *parent = nullptr);
/// The small fans of the Overview tab (not part of ChartSet: they repeat full-size charts).
QList<FanChart *> createOverviewFans(QWidget *parent);

FanChart *createSupplyDemandChart(bool compact, QWidget *parent);
FanChart *createDemandSupplyRatioChart(bool compact, QWidget *parent);
FanChart *createGpuHourPriceChart(bool compact, QWidget *parent);
FanChart *createTokenPriceChart(bool compact, QWidget *parent);
FanChart *createCapexRevenueChart(bool compact, QWidget *parent);
FanChart *createCumulativeCapexChart(bool compact, QWidget *parent);
FanChart *createPowerChart(bool compact, QWidget *parent);
FanChart *createUnpoweredChart(bool compact, QWidget *parent);
ShortageChart *createPowerBindsChart(bool compact, QWidget *parent);
ShortageChart *createPaidForChart(bool compact, QWidget *parent);
/// Power available to accelerators per month, GW: E0 * m_E^(k / 12) (docs/model.md, step 10), at the
/// scenario's values (the medians of uncertain inputs).
std::vector<double> powerAvailableGw(const Scenario &scenario);

/// For headless export: every full-size chart, hidden, filled with these results. Each panel renders with
/// renderTo() at any size. `baseline` and `sensitivity` may be null.
std::vector<std::unique_ptr<ChartPanel>> buildCharts(const SimulationResult &result,
                                                     const SensitivityResult *sensitivity = nullptr,
                                                     const SimulationResult *baseline = nullptr,
                                                     bool darkTheme = false);

} // namespace jevons::ui
