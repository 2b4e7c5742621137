#include "jevons/charts/chart_factory.h"

#include "jevons/charts/distribution_chart.h"
#include "jevons/charts/fan_chart.h"
#include "jevons/charts/headline_tiles.h"
#include "jevons/charts/sensitivity_chart.h"
#include "jevons/charts/shortage_chart.h"

namespace jevons::ui {

QList<ChartPanel *> ChartSet::all() const
{
    return {headline,   supplyDemand, demandSupplyRatio, shortage,     gpuHourPrice,
            tokenPrice, capexRevenue, cumulativeCapex,   distribution, sensitivity};
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
    return new FanChart(
        QStringLiteral("capex_revenue"), QObject::tr("Monthly capex and AI revenue"),
        {{Series::Capex, QObject::tr("Capex")}, {Series::AiRevenue, QObject::tr("AI revenue")}},
        QObject::tr("Money"), QStringLiteral("USD per month"), compact, parent);
}

FanChart *createCumulativeCapexChart(bool compact, QWidget *parent)
{
    return new FanChart(QStringLiteral("cumulative_capex"), QObject::tr("Cumulative capex"),
                        {{Series::CumulativeCapex, QObject::tr("Cumulative capex")}},
                        QObject::tr("Cumulative capex"), QString(), compact, parent);
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
    set.distribution = new DistributionChart(parent);
    set.sensitivity = new SensitivityChart(parent);
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
