// Names of the engine's series, statistics and backends, and the version string.
#include "jevons/engine/engine.h"

#ifndef JEVONS_VERSION
#define JEVONS_VERSION "0.0.0"
#endif

namespace jevons {

namespace {

const std::array<SeriesInfo, SeriesCount> SeriesTable = {{
    {Series::Demand, "demand_h100e", "Demand", "H100e"},
    {Series::Supply, "supply_h100e", "Installed base (supply)", "H100e"},
    {Series::Utilization, "utilization", "Utilization", "ratio"},
    {Series::DemandSupplyRatio, "demand_supply_ratio", "Demand / supply", "ratio"},
    {Series::GpuHourPrice, "gpu_hour_price_usd", "GPU-hour price", "USD per H100e-hour"},
    {Series::TokenPrice, "token_price_usd_per_mtok", "Token price", "USD per million tokens"},
    {Series::TokensServed, "tokens_served_per_month", "Tokens served", "tokens per month"},
    {Series::AiRevenue, "ai_revenue_usd_per_month", "AI revenue", "USD per month"},
    {Series::Capex, "capex_usd_per_month", "Capex", "USD per month"},
    {Series::CumulativeCapex, "cumulative_capex_usd", "Cumulative capex", "USD"},
    {Series::Unpowered, "unpowered_h100e", "Unpowered accelerators", "H100e"},
    {Series::PowerDraw, "power_draw_gw", "Power draw", "GW"},
    {Series::Depreciation, "depreciation_usd_per_month", "Depreciation", "USD per month"},
    {Series::ComputeRevenue, "compute_revenue_usd_per_month", "Compute revenue", "USD per month"},
    {Series::CumulativeAiRevenue, "cumulative_ai_revenue_usd", "Cumulative AI revenue", "USD"},
}};

const std::array<ProbabilityInfo, ProbabilityCount> ProbabilityTable = {{
    {Probability::Shortage, "shortage_probability", "Shortage probability"},
    {Probability::PowerConstrained, "power_constrained_probability", "Power-constrained probability"},
    {Probability::RevenueCoversCapex, "revenue_covers_capex_probability", "Revenue-covers-capex probability"},
}};

const char *const StatKeys[StatCount] = {"p5", "p10", "p25", "p50", "p75", "p90", "p95", "mean"};
const double StatLevels[StatCount] = {0.05, 0.10, 0.25, 0.50, 0.75, 0.90, 0.95, -1.0};

} // namespace

const std::array<SeriesInfo, SeriesCount> &seriesTable()
{
    return SeriesTable;
}

const SeriesInfo &seriesInfo(Series s)
{
    return SeriesTable[static_cast<std::size_t>(s)];
}

const SeriesInfo *findSeries(const std::string &key)
{
    for (const auto &info : SeriesTable) {
        if (key == info.key) {
            return &info;
        }
    }
    return nullptr;
}

const std::array<ProbabilityInfo, ProbabilityCount> &probabilityTable()
{
    return ProbabilityTable;
}

const ProbabilityInfo *findProbability(const std::string &key)
{
    for (const auto &info : ProbabilityTable) {
        if (key == info.key) {
            return &info;
        }
    }
    return nullptr;
}

const char *statKey(Stat s)
{
    return StatKeys[static_cast<int>(s)];
}

bool parseStat(const std::string &key, Stat &out)
{
    for (int i = 0; i < StatCount; ++i) {
        if (key == StatKeys[i]) {
            out = static_cast<Stat>(i);
            return true;
        }
    }
    return false;
}

double statLevel(Stat s)
{
    return StatLevels[static_cast<int>(s)];
}

const char *backendName(Backend b)
{
    switch (b) {
    case Backend::Auto:
        return "auto";
    case Backend::Cpu:
        return "cpu";
    case Backend::Cuda:
        return "cuda";
    }
    return "?";
}

bool parseBackend(const std::string &name, Backend &out)
{
    for (Backend b : {Backend::Auto, Backend::Cpu, Backend::Cuda}) {
        if (name == backendName(b)) {
            out = b;
            return true;
        }
    }
    return false;
}

const char *versionString()
{
    return JEVONS_VERSION;
}
} // namespace jevons
