#include "jevons/charts/chart_factory.h"

#include "jevons/charts/distribution_chart.h"
#include "jevons/charts/fan_chart.h"
#include "jevons/charts/headline_tiles.h"
#include "jevons/charts/sensitivity_chart.h"
#include "jevons/charts/shortage_chart.h"
#include "jevons/charts/variance_shares_chart.h"
#include "jevons/charts/variance_shares_rank_chart.h"

#include <cmath>

namespace jevons::ui {

QList<ChartPanel *> ChartSet::all() const
{
    return {headline,     supplyDemand, demandSupplyRatio, shortage,
            gpuHourPrice, tokenPrice,   capexRevenue,      cumulativeCapex,
            paidFor,      power,        unpowered,         powerBinds,
            distribution, sensitivity,  varianceShares,    varianceSharesRanked};
}

FanChart *createSupplyDemandChart(bool compact, QWidget *parent)
{
    return new FanChart(
        QStringLiteral("supply_demand"), QObject::tr("Installed base and demand"),
        {{Series::Supply, QObject::tr("Installed base")}, {Series::Demand, QObject::tr("Demand")}},
        QObject::tr("Compute"), QString(), compact, parent);
}

FanChart *createDemandSupplyRatioChart(bool compact, QWidget *parent)
{
    return new FanChart(QStringLiteral("demand_supply_ratio"), QObject::tr("Demand / supply ratio"),
                        {{Series::DemandSupplyRatio, QObject::tr("Demand / supply")}},
                        QObject::tr("Demand / supply"), QString(), compact, parent);
}

FanChart *createGpuHourPriceChart(bool compact, QWidget *parent)
{
    return new FanChart(QStringLiteral("gpu_hour_price"), QObject::tr("GPU-hour price"),
                        {{Series::GpuHourPrice, QObject::tr("GPU-hour price")}}, QObject::tr("Price"),
                        QString(), compact, parent);
}

FanChart *createTokenPriceChart(bool compact, QWidget *parent)
{
    auto *chart = new FanChart(QStringLiteral("token_price"), QObject::tr("Token price"),
                               {{Series::TokenPrice, QObject::tr("Token price")}}, QObject::tr("Price"),
                               QString(), compact, parent);
    chart->setLogScale(true); // falls by orders of magnitude
    return chart;
}

FanChart *createCapexRevenueChart(bool compact, QWidget *parent)
{
    QList<FanQuantity> quantities{{Series::Capex, QObject::tr("Capex")},
                                  {Series::AiRevenue, QObject::tr("AI revenue")}};
    // The Overview's small copy keeps the two headline flows: four fans do not read at that size.
    if (!compact)
        quantities << FanQuantity{Series::Depreciation, QObject::tr("Depreciation")}
                   << FanQuantity{Series::ComputeRevenue, QObject::tr("Compute revenue")};
    return new FanChart(QStringLiteral("capex_revenue"),
                        compact ? QObject::tr("Monthly capex and AI revenue")
                                : QObject::tr("Monthly capex, depreciation and revenue"),
                        quantities, QObject::tr("Money"), QStringLiteral("USD per month"), compact, parent);
}

FanChart *createCumulativeCapexChart(bool compact, QWidget *parent)
{
    return new FanChart(QStringLiteral("cumulative_capex"), QObject::tr("Cumulative capex and AI revenue"),
                        {{Series::CumulativeCapex, QObject::tr("Cumulative capex")},
                         {Series::CumulativeAiRevenue, QObject::tr("Cumulative AI revenue")}},
                        QObject::tr("Cumulative since the start"), QStringLiteral("USD"), compact, parent);
}

std::vector<double> powerAvailableGw(const Scenario &scenario)
{
    const int steps = scenario.steps();
    std::vector<double> values(std::size_t(steps + 1));
    for (int k = 0; k <= steps; ++k)
        values[std::size_t(k)] = scenario[Param::PowerGw] * std::pow(scenario[Param::PowerGrowth], k / 12.0);
    return values;
}

FanChart *createPowerChart(bool compact, QWidget *parent)
{
    auto *chart = new FanChart(QStringLiteral("power"), QObject::tr("Power drawn and power available"),
                               {{Series::PowerDraw, QObject::tr("Power drawn")}}, QObject::tr("Power"),
                               QString(), compact, parent);
    chart->setReferenceLine([](const SimulationResult &r) { return powerAvailableGw(r.scenario); },
                            QObject::tr("Power available"));
    return chart;
}

FanChart *createUnpoweredChart(bool compact, QWidget *parent)
{
    return new FanChart(QStringLiteral("unpowered"), QObject::tr("Accelerators waiting for power"),
                        {{Series::Unpowered, QObject::tr("Unpowered accelerators")}},
                        QObject::tr("Shipped, unpowered"), QString(), compact, parent);
}

ShortageChart *createPowerBindsChart(bool compact, QWidget *parent)
{
    return new ShortageChart(
        Probability::PowerConstrained, QStringLiteral("power_constrained_probability"),
        QObject::tr("Probability that power binds"), QObject::tr("Power binds"), QObject::tr("Power binds"),
        QObject::tr("Share of Monte Carlo paths in which power limits installation that month (some shipped "
                    "accelerators wait unpowered)."),
        compact, parent);
}

ShortageChart *createPaidForChart(bool compact, QWidget *parent)
{
    return new ShortageChart(
        Probability::RevenueCoversCapex, QStringLiteral("revenue_covers_capex_probability"),
        QObject::tr("Probability that the build-out has been paid for"), QObject::tr("Paid for"),
        QObject::tr("Paid for"),
        QObject::tr(
            "Share of Monte Carlo paths in which the AI revenue earned since the start has reached the "
            "capex spent since then."),
        compact, parent);
}

ChartSet createChartSet(QWidget *parent)
{
    ChartSet set;
    set.headline = new HeadlineTiles(parent);
    set.supplyDemand = createSupplyDemandChart(false, parent);
    set.demandSupplyRatio = createDemandSupplyRatioChart(false, parent);
    set.shortage = new ShortageChart(false, parent);
    set.gpuHourPrice = createGpuHourPriceChart(false, parent);
    set.tokenPrice = createTokenPriceChart(false, parent);
    set.capexRevenue = createCapexRevenueChart(false, parent);
    set.cumulativeCapex = createCumulativeCapexChart(false, parent);
    set.paidFor = createPaidForChart(false, parent);
    set.power = createPowerChart(false, parent);
    set.unpowered = createUnpoweredChart(false, parent);
    set.powerBinds = createPowerBindsChart(false, parent);
    set.distribution = new DistributionChart(parent);
    set.sensitivity = new SensitivityChart(parent);
    set.varianceShares = new VarianceSharesChart(parent);
    set.varianceSharesRanked = new VarianceSharesRankChart(parent);
    return set;
}

QList<FanChart *> createOverviewFans(QWidget *parent)
{
    return {createDemandSupplyRatioChart(true, parent), createGpuHourPriceChart(true, parent),
            createTokenPriceChart(true, parent), createCapexRevenueChart(true, parent)};
}

std::vector<std::unique_ptr<ChartPanel>> buildCharts(const SimulationResult &result,
                                                     const SensitivityResult *sensitivity,
                                                     const SimulationResult *baseline, bool darkTheme)
{
    ChartInputs inputs;
    inputs.current = std::make_shared<SimulationResult>(result);
    if (baseline)
        inputs.baseline = std::make_shared<SimulationResult>(*baseline);
    if (sensitivity)
        inputs.sensitivity = std::make_shared<SensitivityResult>(*sensitivity);
    std::vector<std::unique_ptr<ChartPanel>> charts;
    for (ChartPanel *panel : createChartSet(nullptr).all()) {
        panel->resize(1200, 700);
        if (darkTheme)
            panel->setDarkTheme(true);
        if (sensitivity && panel->chartId() == QLatin1String("sensitivity"))
            static_cast<SensitivityChart *>(panel)->setRequest(sensitivity->series, sensitivity->stat);
        panel->setInputs(inputs);
        charts.emplace_back(panel);
    }
    return charts;
}

} // namespace jevons::ui
