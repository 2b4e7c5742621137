#include "jevons/engine/scenario.h"

#include "json.h"

#include <cmath>
#include <cstdio>
#include <fstream>
#include <sstream>

namespace jevons {

namespace {

// Defaults and ranges: docs/model.md, "Scenario parameters". Origins: docs/model.md "Provenance of the
// Base case" and resources/data/README.md.
const std::array<ParamInfo, ParamCount> Table = {{
    {Param::HorizonYears, "", "horizon_years", "H", "Horizon", "years", 5, 1, 10, false, false,
     "How many years ahead the simulation runs.", "Spec default"},
    {Param::InstalledBase, "initial", "installed_base_mh100e", "S0", "Installed base", "million H100e", 20, 1,
     200, false, true,
     "Accelerators installed worldwide at the start month, in millions of H100-equivalents.",
     "Calibrated on Epoch AI's installed-compute estimates (resources/data)"},
    {Param::Shipments, "initial", "shipments_mh100e_per_month", "G0", "Shipments", "million H100e / month",
     1.2, 0.05, 20, false, true,
     "New accelerators shipped in the first month, in millions of H100-equivalents.",
     "Calibrated on Epoch AI's shipment estimates (resources/data)"},
    {Param::Utilization, "initial", "utilization", "u0", "Utilization", "ratio", 0.85, 0.3, 1, false, false,
     "Demand as a share of the installed base at the start.", "Assumption: fleets run close to full"},
    {Param::TrainingShare, "initial", "training_share", "s_tr", "Training share", "ratio", 0.45, 0, 0.9,
     false, false, "Share of the starting demand used for training rather than inference.",
     "Assumption: roughly half of compute trains models"},
    {Param::GpuHourPrice, "initial", "gpu_hour_price_usd", "P0", "GPU-hour price", "USD / H100e-hour", 2.0,
     0.5, 10, false, false, "Rental price of one H100-equivalent for one hour at the start.",
     "Assumption close to 2025-26 cloud list prices"},
    {Param::TokenPrice, "initial", "token_price_usd_per_mtok", "c0", "Token price", "USD / million tokens",
     1.0, 0.01, 100, false, true, "Volume-weighted price of a million tokens at the start.",
     "Assumption between frontier and small-model list prices (resources/data)"},
    {Param::TokensPerMonth, "initial", "tokens_per_month", "Q0", "Tokens served", "tokens / month", 5e15,
     1e12, 1e18, false, true, "Tokens served worldwide in the first month.", "Assumption"},
    {Param::CapexPerH100e, "initial", "capex_usd_per_h100e", "K0", "Capex per H100e", "USD", 35000, 5e3, 2e5,
     false, true, "All-in capital cost per installed H100e: chip, server and data centre.",
     "Assumption from accelerator prices plus data-centre cost (resources/data)"},
    {Param::AdoptionGrowth, "demand", "adoption_growth_x_per_year", "m_a", "Adoption growth", "x / year", 1.5,
     1, 4, false, false, "Yearly growth of demand for AI tasks if prices stayed constant.", "Spec default"},
    {Param::DemandVolatility, "demand", "demand_volatility", "s_a", "Demand volatility", "per sqrt(year)",
     0.35, 0, 1, false, false, "Annual volatility of that demand: how uncertain adoption is.",
     "Spec default"},
    {Param::PriceElasticity, "demand", "price_elasticity", "eps", "Price elasticity", "ratio", 1.0, 0.1, 3,
     false, false,
     "How strongly demand for tasks rises when their price falls; above 1 is the Jevons paradox.",
     "Spec default (neutral: efficiency gains cancel out)"},
    {Param::ReasoningGrowth, "demand", "reasoning_growth_x_per_year", "m_r", "Reasoning growth", "x / year",
     1.3, 1, 3, false, false, "Yearly growth of tokens used per task, e.g. from test-time reasoning.",
     "Spec default"},
    {Param::TrainingGrowth, "demand", "training_growth_x_per_year", "m_t", "Training growth", "x / year", 2.0,
     1, 4, false, false, "Yearly growth of compute used to train models.", "Spec default"},
    {Param::AlgorithmicGain, "efficiency", "algorithmic_x_per_year", "m_e", "Algorithmic gains", "x / year",
     2.0, 1, 5, false, false, "Yearly fall of compute needed per token from steady algorithmic progress.",
     "Spec default"},
    {Param::HardwareGain, "efficiency", "hardware_x_per_year", "m_h", "Hardware gains", "x / year", 1.35, 1,
     2, false, false, "Yearly fall of the cost of one H100-equivalent (price per FLOP).", "Spec default"},
    {Param::BreakthroughRate, "efficiency", "breakthroughs_per_year", "lam", "Breakthroughs", "events / year",
     0.3, 0, 3, false, false, "Expected number of DeepSeek-style efficiency breakthroughs per year.",
     "Spec default"},
    {Param::BreakthroughSize, "efficiency", "breakthrough_x", "J", "Breakthrough size", "x", 2.0, 1, 20,
     false, false, "Compute per token divides by this factor at each breakthrough.", "Spec default"},
    {Param::ShipmentGrowth, "supply", "shipment_growth_x_per_year", "m_s", "Shipment growth", "x / year", 1.8,
     0.5, 4, false, false, "Yearly growth of monthly accelerator shipments, in H100-equivalents.",
     "Calibrated on Epoch AI's shipment estimates (resources/data)"},
    {Param::SupplyVolatility, "supply", "supply_volatility", "s_s", "Supply volatility", "ratio", 0.15, 0, 1,
     false, false, "Month-to-month volatility of shipments.", "Spec default"},
    {Param::CapexResponse, "supply", "capex_response", "psi", "Capex response", "ratio", 0.5, 0, 2, false,
     false, "How strongly shipments follow last month's scarcity premium.", "Spec default"},
    {Param::GpuLifeYears, "supply", "gpu_life_years", "L", "GPU life", "years", 5, 2, 10, false, false,
     "Useful life of an accelerator before it is retired.", "Spec default (typical depreciation schedule)"},
    {Param::DisruptionProb, "supply", "disruption_probability_per_year", "p_d", "Disruption probability",
     "per year", 0.02, 0, 0.5, false, false,
     "Chance per year of a supply disruption such as a Taiwan crisis.", "Assumption"},
    {Param::DisruptionLoss, "supply", "disruption_loss", "d_s", "Disruption loss", "ratio", 0.7, 0, 1, false,
     false, "Share of shipments lost while a disruption lasts.", "Assumption"},
    {Param::DisruptionMonths, "supply", "disruption_months", "M", "Disruption length", "months", 12, 1, 60,
     true, false, "How many months a disruption lasts.", "Assumption"},
    {Param::MaxScarcityPremium, "market", "max_scarcity_premium", "r_max", "Max scarcity premium", "x", 4, 1,
     20, false, false, "Highest multiple of cost that GPU-hour prices reach in a shortage.", "Assumption"},
    {Param::ExportControl, "market", "export_control", "kappa", "Export control", "ratio", 0.5, 0, 1, false,
     false, "Severity of export controls on restricted buyers (0 none, 1 full).", "Assumption"},
    {Param::RestrictedShare, "market", "restricted_demand_share", "chi", "Restricted demand share", "ratio",
     0.2, 0, 0.6, false, false, "Share of demand that comes from buyers under export controls.",
     "Assumption"},
    {Param::RestrictedEfficiency, "market", "restricted_chip_efficiency", "rho", "Restricted chip efficiency",
     "ratio", 0.6, 0.1, 1, false, false,
     "Efficiency of the chips restricted buyers can get, relative to an H100.", "Assumption"},
}};

const char *const Groups[] = {"initial", "demand", "efficiency", "supply", "market"};

std::string formatAllowed(const ParamInfo &info)
{
    char buf[160];
    std::snprintf(buf, sizeof buf, "a %s from %g to %g%s%s", info.integer ? "whole number" : "number",
                  info.minValue, info.maxValue, *info.unit ? " " : "", info.unit);
    return buf;
}

std::string qualifiedKey(const ParamInfo &info)
{
    return *info.group ? std::string(info.group) + "." + info.key : std::string(info.key);
}

[[noreturn]] void fail(const std::string &source, const std::string &what)
{
    throw ScenarioError(source + ": " + what);
}

bool parseMonth(const std::string &text, int &year, int &month)
{
    if (text.size() != 7 || text[4] != '-') {
        return false;
    }
    for (int i : {0, 1, 2, 3, 5, 6}) {
        if (text[std::size_t(i)] < '0' || text[std::size_t(i)] > '9') {
            return false;
        }
    }
    year = std::stoi(text.substr(0, 4));
    month = std::stoi(text.substr(5, 2));
    return year >= 1900 && year <= 2200 && month >= 1 && month <= 12;
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

Scenario::Scenario()
{
    for (const auto &info : Table) {
        values[static_cast<std::size_t>(info.id)] = info.defaultValue;
    }
}

int Scenario::steps() const
{
    return static_cast<int>(std::lround(12.0 * (*this)[Param::HorizonYears]));
}

std::string Scenario::monthLabel(int step) const
{
    const int index = startYear * 12 + (startMonth - 1) + step;
    char buf[16];
    std::snprintf(buf, sizeof buf, "%04d-%02d", index / 12, index % 12 + 1);
    return buf;
}

void validateScenario(const Scenario &s, const std::string &sourceName)
{
    for (const auto &info : Table) {
        const double v = s[info.id];
        if (!std::isfinite(v)) {
            fail(sourceName, "key \"" + qualifiedKey(info) +
                                 "\" is not a finite number; allowed: " + formatAllowed(info));
        }
        if (v < info.minValue || v > info.maxValue || (info.integer && v != std::floor(v))) {
            char value[64];
            std::snprintf(value, sizeof value, "%.10g", v);
            fail(sourceName,
                 "key \"" + qualifiedKey(info) + "\" is " + value + "; allowed: " + formatAllowed(info));
        }
    }
    if (s.startMonth < 1 || s.startMonth > 12 || s.startYear < 1900 || s.startYear > 2200) {
        fail(sourceName, "key \"start\" must be a month \"YYYY-MM\" between 1900-01 and 2200-12");
    }
    if (s.name.size() > 200) {
        fail(sourceName, "key \"name\" is longer than 200 characters");
    }
}

Scenario parseScenario(std::string_view text, const std::string &sourceName)
{
    if (text.size() > MaxScenarioFileBytes) {
        fail(sourceName, "file is larger than 1 MiB; a scenario file is a few hundred bytes");
    }
    if (text.size() >= 2 &&
        ((text[0] == '\xFF' && text[1] == '\xFE') || (text[0] == '\xFE' && text[1] == '\xFF'))) {
        fail(sourceName, "file is UTF-16 encoded; save it as UTF-8 JSON");
    }
    if (text.size() >= 3 && text.substr(0, 3) == "\xEF\xBB\xBF") {
        text.remove_prefix(3); // tolerate a UTF-8 byte order mark written by some editors
    }
    json::Value root;
    try {
        root = json::parse(text);
    } catch (const json::ParseError &e) {
        fail(sourceName, std::string("malformed JSON at ") + e.what());
    }
    if (root.type != json::Value::Type::Object) {
        fail(sourceName,
             std::string("the top level must be a JSON object, not ") + json::typeName(root.type));
    }

    Scenario s;
    auto readNumber = [&](const ParamInfo &info, const json::Value &v) {
        if (v.type != json::Value::Type::Number) {
            fail(sourceName, "line " + std::to_string(v.line) + ": key \"" + qualifiedKey(info) + "\" is " +
                                 json::typeName(v.type) + "; allowed: " + formatAllowed(info));
        }
        s[info.id] = v.number;
    };

    for (std::size_t member = 0; member < root.keys.size(); ++member) {
        const std::string &key = root.keys[member];
        const json::Value &value = root.members[member];
        if (key == "name") {
            if (value.type != json::Value::Type::String) {
                fail(sourceName, "line " + std::to_string(value.line) + ": key \"name\" is " +
                                     json::typeName(value.type) + "; allowed: a string");
            }
            s.name = value.string;
            continue;
        }
        if (key == "start") {
            if (value.type != json::Value::Type::String ||
                !parseMonth(value.string, s.startYear, s.startMonth)) {
                fail(sourceName,
                     "line " + std::to_string(value.line) +
                         ": key \"start\" must be a month \"YYYY-MM\" between 1900-01 and 2200-12");
            }
            continue;
        }
        bool isGroup = false;
        for (const char *group : Groups) {
            isGroup = isGroup || key == group;
        }
        if (isGroup) {
            if (value.type != json::Value::Type::Object) {
                fail(sourceName, "line " + std::to_string(value.line) + ": key \"" + key + "\" is " +
                                     json::typeName(value.type) + "; allowed: an object of parameters");
            }
            for (std::size_t inner = 0; inner < value.keys.size(); ++inner) {
                const std::string &innerKey = value.keys[inner];
                const json::Value &innerValue = value.members[inner];
                const ParamInfo *info = findParam(innerKey);
                if (info == nullptr || key != info->group) {
                    std::string allowed;
                    for (const auto &candidate : Table) {
                        if (key == candidate.group) {
                            allowed += allowed.empty() ? "" : ", ";
                            allowed += candidate.key;
                        }
                    }
                    fail(sourceName, "line " + std::to_string(innerValue.line) + ": unknown key \"" + key +
                                         "." + innerKey + "\"; allowed in \"" + key + "\": " + allowed);
                }
                readNumber(*info, innerValue);
            }
            continue;
        }
        const ParamInfo *info = findParam(key);
        if (info != nullptr && *info->group == '\0') {
            readNumber(*info, value);
            continue;
        }
        fail(sourceName, "line " + std::to_string(value.line) + ": unknown key \"" + key +
                             "\"; allowed at the top level: name, start, horizon_years, initial, demand, "
                             "efficiency, supply, market");
    }
    validateScenario(s, sourceName);
    return s;
}

Scenario loadScenarioFile(const std::string &path)
{
    std::ifstream in(path, std::ios::binary);
    if (!in) {
        fail(path, "cannot open the file for reading");
    }
    in.seekg(0, std::ios::end);
    const std::streamoff size = in.tellg();
    if (size < 0) {
        fail(path, "cannot read the file (is it a directory?)");
    }
    if (static_cast<std::size_t>(size) > MaxScenarioFileBytes) {
        fail(path, "file is larger than 1 MiB; a scenario file is a few hundred bytes");
    }
    in.seekg(0, std::ios::beg);
    std::string text(static_cast<std::size_t>(size), '\0');
    in.read(text.data(), size);
    if (!in) {
        fail(path, "cannot read the file");
    }
    return parseScenario(text, path);
}

std::string scenarioToJson(const Scenario &s, int indent)
{
    const std::string pad(std::size_t(indent), ' ');
    std::string out = "{\n" + pad;
    json::appendString(out, "name");
    out += ": ";
    json::appendString(out, s.name);
    out += ",\n" + pad + "\"start\": ";
    json::appendString(out, s.monthLabel(0));
    out += ",\n" + pad + "\"horizon_years\": ";
    json::appendNumber(out, s[Param::HorizonYears]);
    for (const char *group : Groups) {
        out += ",\n" + pad;
        json::appendString(out, group);
        out += ": {";
        bool first = true;
        for (const auto &info : Table) {
            if (std::string_view(info.group) != group) {
                continue;
            }
            out += first ? "\n" : ",\n";
            first = false;
            out += pad + pad;
            json::appendString(out, info.key);
            out += ": ";
            json::appendNumber(out, s[info.id]);
        }
        out += "\n" + pad + "}";
    }
    out += "\n}\n";
    return out;
}

std::string describeDifferences(const Scenario &s)
{
    const Scenario base;
    std::string out;
    for (const auto &info : Table) {
        if (s[info.id] != base[info.id]) {
            char buf[160];
            std::snprintf(buf, sizeof buf, "%s%s=%g", out.empty() ? "" : ", ", info.key, s[info.id]);
            out += buf;
        }
    }
    return out;
}

} // namespace jevons
