// The parameters of docs/model.md (table, defaults, ranges) and the Scenario value type.
#include "jevons/engine/scenario.h"

#include <algorithm>
#include <charconv>
#include <cmath>

namespace jevons {

namespace {

// Defaults and ranges: docs/model.md, "Scenario parameters". Origins: docs/model.md "Provenance of the
// Base case" and resources/data/README.md.
const std::array<ParamInfo, ParamCount> Table = {{
    {Param::HorizonYears, "", "horizon_years", "H", "Horizon", "years", 5, 1, 10, false, false,
     IntervalScale::Linear, "How many years ahead the simulation runs.", "Spec default"},
    {Param::InstalledBase, "initial", "installed_base_mh100e", "S0", "Installed base", "million H100e", 20, 1,
     200, false, true, IntervalScale::Log,
     "Accelerators installed worldwide at the start month, in millions of H100-equivalents.",
     "Calibrated on Epoch AI's installed-compute estimates (resources/data)"},
    {Param::Shipments, "initial", "shipments_mh100e_per_month", "G0", "Shipments", "million H100e / month",
     1.2, 0.05, 20, false, true, IntervalScale::Log,
     "New accelerators shipped in the first month, in millions of H100-equivalents.",
     "Calibrated on Epoch AI's shipment estimates (resources/data)"},
    {Param::Utilization, "initial", "utilization", "u0", "Utilization", "ratio", 0.85, 0.3, 1, false, false,
     IntervalScale::Linear, "Demand as a share of the installed base at the start.",
     "Assumption: fleets run close to full"},
    {Param::TrainingShare, "initial", "training_share", "s_tr", "Training share", "ratio", 0.45, 0, 0.9,
     false, false, IntervalScale::Linear,
     "Share of the starting demand used for training rather than inference.",
     "Assumption: roughly half of compute trains models"},
    {Param::GpuHourPrice, "initial", "gpu_hour_price_usd", "P0", "GPU-hour price", "USD / H100e-hour", 2.0,
     0.5, 10, false, false, IntervalScale::Log,
     "Rental price of one H100-equivalent for one hour at the start.",
     "Assumption close to 2025-26 cloud list prices"},
    {Param::TokenPrice, "initial", "token_price_usd_per_mtok", "c0", "Token price", "USD / million tokens",
     1.0, 0.01, 100, false, true, IntervalScale::Log,
     "Volume-weighted price of a million tokens at the start.",
     "Assumption between frontier and small-model list prices (resources/data)"},
    {Param::TokensPerMonth, "initial", "tokens_per_month", "Q0", "Tokens served", "tokens / month", 5e15,
     1e12, 1e18, false, true, IntervalScale::Log, "Tokens served worldwide in the first month.",
     "Assumption"},
    {Param::CapexPerH100e, "initial", "capex_usd_per_h100e", "K0", "Capex per H100e", "USD", 35000, 5e3, 2e5,
     false, true, IntervalScale::Log,
     "All-in capital cost per installed H100e: chip, server and data centre.",
     "Assumption from accelerator prices plus data-centre cost (resources/data)"},
    {Param::AdoptionGrowth, "demand", "adoption_growth_x_per_year", "m_a", "Adoption growth", "x / year", 1.3,
     1, 4, false, false, IntervalScale::Log,
     "Yearly growth of demand for AI tasks if prices stayed constant.",
     "Calibrated: at elasticity 1 inference compute grows m_a m_r m_h = 2.3x a year, NVIDIA's "
     "installed-compute "
     "trend (docs/model.md, Provenance)"},
    {Param::DemandVolatility, "demand", "demand_volatility", "s_a", "Demand volatility", "per sqrt(year)",
     0.35, 0, 1, false, false, IntervalScale::Linear,
     "Annual volatility of that demand: how uncertain adoption is.", "Spec default"},
    {Param::PriceElasticity, "demand", "price_elasticity", "eps", "Price elasticity", "ratio", 1.0, 0.1, 3,
     false, false, IntervalScale::Log,
     "How strongly demand for tasks rises when their price falls; above 1 is the Jevons paradox.",
     "Spec default (neutral: efficiency gains cancel out)"},
    {Param::ReasoningGrowth, "demand", "reasoning_growth_x_per_year", "m_r", "Reasoning growth", "x / year",
     1.3, 1, 3, false, false, IntervalScale::Log,
     "Yearly growth of tokens used per task (test-time reasoning): a quality gain that raises compute "
     "demand.",
     "Spec default"},
    {Param::TrainingGrowth, "demand", "training_growth_x_per_year", "m_t", "Training growth", "x / year", 2.0,
     1, 4, false, false, IntervalScale::Log, "Yearly growth of compute used to train models.",
     "Spec default"},
    {Param::AlgorithmicGain, "efficiency", "algorithmic_x_per_year", "m_e", "Algorithmic gains", "x / year",
     2.0, 1, 5, false, false, IntervalScale::Log,
     "Yearly fall of compute needed per token from steady algorithmic progress.", "Spec default"},
    {Param::HardwareGain, "efficiency", "hardware_x_per_year", "m_h", "Hardware gains", "x / year", 1.35, 1,
     2, false, false, IntervalScale::Log, "Yearly fall of the cost of one H100-equivalent (price per FLOP).",
     "Spec default"},
    {Param::BreakthroughRate, "efficiency", "breakthroughs_per_year", "lam", "Breakthroughs", "events / year",
     0.3, 0, 3, false, false, IntervalScale::Linear,
     "Expected number of DeepSeek-style efficiency breakthroughs per year.", "Spec default"},
    {Param::BreakthroughSize, "efficiency", "breakthrough_x", "J", "Breakthrough size", "x", 2.0, 1, 20,
     false, false, IntervalScale::Log, "Compute per token divides by this factor at each breakthrough.",
     "Spec default"},
    {Param::ShipmentGrowth, "supply", "shipment_growth_x_per_year", "m_s", "Shipment growth", "x / year", 1.8,
     0.5, 4, false, false, IntervalScale::Log,
     "Yearly growth of monthly accelerator shipments, in H100-equivalents.",
     "Calibrated on Epoch AI's shipment estimates (resources/data)"},
    {Param::SupplyVolatility, "supply", "supply_volatility", "s_s", "Supply volatility", "ratio", 0.15, 0, 1,
     false, false, IntervalScale::Linear, "Month-to-month volatility of shipments.", "Spec default"},
    {Param::CapexResponse, "supply", "capex_response", "psi", "Capex response", "ratio", 0.5, 0, 2, false,
     false, IntervalScale::Linear, "How strongly shipments follow last month's scarcity premium.",
     "Spec default"},
    {Param::RevenueResponse, "supply", "revenue_response", "gamma", "Revenue response", "ratio", 0, 0, 2,
     false, false, IntervalScale::Linear,
     "How strongly new orders follow AI revenue per installed H100e, relative to the start (0: not at all).",
     "Spec default (orders ignore revenue)"},
    {Param::GpuLifeYears, "supply", "gpu_life_years", "L", "GPU life", "years", 5, 2, 10, false, false,
     IntervalScale::Linear, "Useful life of an accelerator before it is retired.",
     "Spec default (typical depreciation schedule)"},
    {Param::DisruptionProb, "supply", "disruption_probability_per_year", "p_d", "Disruption probability",
     "per year", 0.02, 0, 0.5, false, false, IntervalScale::Linear,
     "Chance per year of a supply disruption such as a Taiwan crisis.", "Assumption"},
    {Param::DisruptionLoss, "supply", "disruption_loss", "d_s", "Disruption loss", "ratio", 0.7, 0, 1, false,
     false, IntervalScale::Linear, "Share of shipments lost while a disruption lasts.", "Assumption"},
    {Param::DisruptionMonths, "supply", "disruption_months", "M", "Disruption length", "months", 12, 1, 60,
     true, false, IntervalScale::Linear, "How many months a disruption lasts.", "Assumption"},
    {Param::PowerGw, "power", "power_gw", "E0", "Power available", "GW", 30, 1, 2000, false, true,
     IntervalScale::Log,
     "Power available to AI accelerators at the start, facility power with cooling included.",
     "1.25 x the start's draw (installed base x kW per H100e): 25 % headroom, an assumption (docs/model.md)"},
    {Param::PowerGrowth, "power", "power_growth_x_per_year", "m_E", "Power growth", "x / year", 1.5, 1, 3,
     false, false, IntervalScale::Log, "Yearly growth of the power available to AI accelerators.",
     "Assumption: below the ~1.6x a year that 200 GW by 2030 would need (resources/data)"},
    {Param::KwPerH100e, "power", "kw_per_h100e", "w0", "Power per H100e", "kW", 1.2, 0.1, 5, false, true,
     IntervalScale::Log,
     "Facility power drawn per H100e of the accelerators shipped at the start, cooling included.",
     "Derived: H100 servers to GB200 racks at a PUE of 1.3, a mixed 2026 base (resources/data)"},
    {Param::PowerEfficiency, "power", "power_efficiency_x_per_year", "m_w", "Power efficiency", "x / year",
     1.2, 1, 2, false, false, IntervalScale::Log,
     "Yearly fall of the power per H100e of newly shipped accelerators.",
     "Derived: H100 servers (2023) to GB200 racks (2025) (resources/data)"},
    {Param::BacklogHalvingMonths, "power", "backlog_halving_months", "b", "Backlog brake", "months", 6, 1, 60,
     false, false, IntervalScale::Log,
     "New orders halve for every this many months of trend shipments that wait unpowered.", "Assumption"},
    {Param::MaxScarcityPremium, "market", "max_scarcity_premium", "r_max", "Max scarcity premium", "x", 4, 1,
     20, false, false, IntervalScale::Log,
     "Highest multiple of cost that GPU-hour prices reach in a shortage.", "Assumption"},
    {Param::ExportControl, "market", "export_control", "kappa", "Export control", "ratio", 0.5, 0, 1, false,
     false, IntervalScale::Linear,
     "Severity of export controls on restricted buyers from the start on (0 none, 1 full).", "Assumption"},
    {Param::ExportControlAtStart, "market", "export_control_at_start", "kappa0", "Export control at start",
     "ratio", 0.5, 0, 1, false, false, IntervalScale::Linear,
     "Severity of the export controls in force when the start state was observed (0 none, 1 full).",
     "Assumption: the controls of 2025-26"},
    {Param::RestrictedShare, "market", "restricted_demand_share", "chi", "Restricted demand share", "ratio",
     0.2, 0, 0.6, false, false, IntervalScale::Linear,
     "Share of demand that comes from buyers under export controls.", "Assumption"},
    {Param::RestrictedEfficiency, "market", "restricted_chip_efficiency", "rho", "Restricted chip efficiency",
     "ratio", 0.6, 0.1, 1, false, false, IntervalScale::Linear,
     "Efficiency of the chips restricted buyers can get, relative to an H100.", "Assumption"},
}};

/// The power available by default: 25 % headroom over what the start's installed base draws (docs/model.md:
/// 1.25 * S0 * w0 in GW), kept inside the slider range.
double defaultPowerGw(const Scenario &s)
{
    const ParamInfo &info = Table[static_cast<std::size_t>(Param::PowerGw)];
    return std::clamp(1.25 * s[Param::InstalledBase] * s[Param::KwPerH100e], info.minValue, info.maxValue);
}

} // namespace

const std::array<ParamInfo, ParamCount> &paramTable()
{
    return Table;
}

const ParamInfo &paramInfo(Param p)
{
    return Table[static_cast<std::size_t>(p)];
}

const ParamInfo *findParam(std::string_view key)
{
    for (const auto &info : Table) {
        if (key == info.key) {
            return &info;
        }
    }
    return nullptr;
}

std::string qualifiedKey(const ParamInfo &info)
{
    return *info.group ? std::string(info.group) + "." + info.key : std::string(info.key);
}

Scenario::Scenario()
{
    for (const auto &info : Table) {
        values[static_cast<std::size_t>(info.id)] = info.defaultValue;
    }
    updateDerivedDefaults();
}

void Scenario::setValue(Param p, double value)
{
    (*this)[p] = value;
    if (p == Param::PowerGw) {
        powerFollowsStart = false;
    }
    updateDerivedDefaults();
}

void Scenario::setMedian(Param p, double value)
{
    auto &interval = intervals[static_cast<std::size_t>(p)];
    const double before = (*this)[p];
    if (interval && value != before) {
        const ParamInfo &info = paramInfo(p);
        const bool keepRatio = interval->scale == IntervalScale::Log && before > 0 && value > 0;
        if (!keepRatio) {
            interval->scale = IntervalScale::Linear;
        }
        const auto carry = [&](double end) {
            const double moved = keepRatio ? end * (value / before) : end + (value - before);
            return std::clamp(moved, info.minValue, info.maxValue);
        };
        interval->p5 = std::min(carry(interval->p5), value);
        interval->p95 = std::max(carry(interval->p95), value);
    }
    setValue(p, value);
}

void Scenario::updateDerivedDefaults()
{
    if (powerFollowsStart) {
        (*this)[Param::PowerGw] = defaultPowerGw(*this);
    }
}

int Scenario::steps() const
{
    return static_cast<int>(std::lround(12.0 * (*this)[Param::HorizonYears]));
}

std::string Scenario::monthLabel(int step) const
{
    const int index = startYear * 12 + (startMonth - 1) + step;
    const int year = index / 12, month = index % 12 + 1;
    std::string out = std::to_string(year);
    while (out.size() < 4) {
        out.insert(out.begin(), '0');
    }
    out += month < 10 ? "-0" : "-";
    out += std::to_string(month);
    return out;
}

bool Scenario::hasUncertainty() const
{
    return std::any_of(intervals.begin(), intervals.end(), [](const auto &i) { return i.has_value(); });
}

std::vector<Param> Scenario::uncertainInputs() const
{
    std::vector<Param> out;
    for (int p = 0; p < ParamCount; ++p) {
        if (intervals[static_cast<std::size_t>(p)]) {
            out.push_back(static_cast<Param>(p));
        }
    }
    return out;
}

Scenario Scenario::withoutUncertainty() const
{
    Scenario s = *this;
    s.intervals = {};
    s.correlations.clear();
    return s;
}

int Scenario::removeInterval(Param p)
{
    intervals[static_cast<std::size_t>(p)].reset();
    const auto before = correlations.size();
    std::erase_if(correlations, [p](const RankCorrelation &c) { return c.first == p || c.second == p; });
    return static_cast<int>(before - correlations.size());
}

double Scenario::correlation(Param a, Param b) const
{
    for (const RankCorrelation &c : correlations) {
        if ((c.first == a && c.second == b) || (c.first == b && c.second == a)) {
            return c.rank;
        }
    }
    return 0;
}

double intervalQuantileAtScore(const ParamInfo &info, double median, const Interval &interval, double z)
{
    // z95: the standard normal score of the 95th percentile (docs/model.md).
    constexpr double Z95 = 1.6448536269514722;
    double x;
    if (interval.scale == IntervalScale::Log) {
        const double h = z < 0 ? std::log(median / interval.p5) : std::log(interval.p95 / median);
        x = median * std::exp(h * z / Z95);
    } else {
        const double h = z < 0 ? median - interval.p5 : interval.p95 - median;
        x = median + h * z / Z95;
    }
    x = std::clamp(x, info.minValue, info.maxValue);
    return info.integer ? std::floor(x + 0.5) : x;
}

std::string formatNumber(double v, int precision)
{
    char buf[64];
    const auto end = std::to_chars(buf, buf + sizeof buf, v, std::chars_format::general, precision).ptr;
    return std::string(buf, end);
}

} // namespace jevons
