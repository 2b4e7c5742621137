// The schema of every bundled topic. resources/data/README.md documents the same columns for users; when a
// column changes here, change it there and in the CSV file (tst_dataset checks that the files parse).
#include "jevons/dataset/dataset.h"

#include <cstring>

namespace jevons::data {
namespace {

constexpr double Inf = std::numeric_limits<double>::infinity();

ColumnSpec text(std::string name, bool required, std::string help)
{
    return {std::move(name), ColumnType::Text, "", required, -Inf, Inf, std::move(help)};
}

ColumnSpec number(std::string name, std::string unit, bool required, std::string help, double minValue = -Inf,
                  double maxValue = Inf)
{
    return {std::move(name), ColumnType::Number, std::move(unit), required,
            minValue,        maxValue,           std::move(help)};
}

ColumnSpec date(std::string name, bool required, std::string help)
{
    return {std::move(name), ColumnType::Date, "", required, -Inf, Inf, std::move(help)};
}

// A point value plus optional low/high bounds, all non-negative, with the RangeRule tying them together.
void addRange(TopicSchema &t, const std::string &base, const std::string &unit, const std::string &what)
{
    t.columns.push_back(
        number(base, unit, false, what + " (point value; empty when only a range is given)", 0));
    t.columns.push_back(
        number(base + "_low", unit, false, "lower end of a stated range, or a lower bound", 0));
    t.columns.push_back(
        number(base + "_high", unit, false, "upper end of a stated range, or an upper bound", 0));
    t.ranges.push_back({base, base + "_low", base + "_high"});
    t.anyOf.push_back({base, base + "_low", base + "_high"});
}

// Same as addRange, but values may be negative (growth rates, changes).
void addSignedRange(TopicSchema &t, const std::string &base, const std::string &what)
{
    t.columns.push_back(
        number(base, "see unit", false, what + " (point value; empty when only a range is given)"));
    t.columns.push_back(
        number(base + "_low", "see unit", false, "lower end of a stated range, or a lower bound"));
    t.columns.push_back(
        number(base + "_high", "see unit", false, "upper end of a stated range, or an upper bound"));
    t.ranges.push_back({base, base + "_low", base + "_high"});
    t.anyOf.push_back({base, base + "_low", base + "_high"});
}

TopicSchema topic(std::string id, std::string fileName, std::string title)
{
    TopicSchema t;
    t.id = std::move(id);
    t.fileName = std::move(fileName);
    t.title = std::move(title);
    return t;
}

// The columns every topic ends with. `confidence` carries the source's confidence mark
// (resources/data/README.md), which must ship with each figure; it is optional so that users need not grade
// their own imports.
void addTail(TopicSchema &t)
{
    t.columns.push_back(text("confidence", false,
                             "confidence mark: primary (the company or "
                             "originating body), secondary (news, aggregators), with "
                             "qualifiers"));
    t.columns.push_back({"source", ColumnType::Url, "", true, -Inf, Inf,
                         "where the figure comes from: URLs or repository paths, separated by ';'"});
    t.columns.push_back({"as_of", ColumnType::Date, "", true, -Inf, Inf,
                         "when the figure was stated (publication date where known, else the end of the "
                         "period it describes or the snapshot date of the cited data set)"});
    t.columns.push_back({"kind", ColumnType::Kind, "", true, -Inf, Inf,
                         "reported, estimate, derived, guidance or assumption"});
    t.columns.push_back(text("note", false,
                             "free text: qualifiers (~, >, up to), how a derived value was "
                             "computed, the reasoning behind an assumption"));
}

std::vector<TopicSchema> buildTopics()
{
    std::vector<TopicSchema> all;

    {
        TopicSchema t =
            topic("nvidia_dc_revenue", "nvidia_dc_revenue.csv", "NVIDIA Data Center revenue by quarter");
        t.columns = {
            text("fiscal_quarter", true, "NVIDIA fiscal quarter, e.g. FY2026-Q1 (FY ends late January)"),
            date("quarter_end", true, "last day of the fiscal quarter"),
            number("revenue_usd_bn", "USD billions", true, "Data Center segment revenue in the quarter", 0),
            number("yoy_growth_pct", "percent", false,
                   "growth on the same quarter a year earlier, as stated"),
            number("qoq_growth_pct", "percent", false, "growth on the previous quarter, as stated"),
        };
        t.keyColumns = {"fiscal_quarter"};
        addTail(t);
        all.push_back(std::move(t));
    }
    {
        TopicSchema t = topic("nvidia_dc_revenue_annual", "nvidia_dc_revenue_annual.csv",
                              "NVIDIA Data Center revenue by fiscal year");
        t.columns = {
            text("fiscal_year", true, "NVIDIA fiscal year, e.g. FY2026 (Feb 2025 to Jan 2026)"),
            date("year_end", true, "last day of the fiscal year"),
            number("revenue_usd_bn", "USD billions", true, "Data Center segment revenue in the year", 0),
            number("yoy_growth_pct", "percent", false, "growth on the previous fiscal year, as stated"),
        };
        t.keyColumns = {"fiscal_year"};
        addTail(t);
        all.push_back(std::move(t));
    }
    {
        TopicSchema t = topic("accelerator_shipments", "accelerator_shipments.csv",
                              "AI accelerator shipments by vendor and period");
        t.columns = {
            text("vendor", true, "chip vendor (NVIDIA, Google, AMD, AWS, Intel)"),
            text("product", true, "chip or group of chips as the estimator defines it"),
            text("buyer", false, "buyer, when the figure is for one buyer; empty = all buyers"),
            date("period", true, "calendar period shipped in (YYYY or YYYY-Qn)"),
        };
        addRange(t, "units", "units", "accelerators shipped");
        t.columns.push_back(number("h100e", "H100-equivalents", false,
                                   "the same shipments as H100-equivalents (8-bit peak compute)", 0));
        t.columns.push_back(text("estimator", true, "who made the estimate (Epoch AI, TechInsights, ...)"));
        t.anyOf = {{"units", "units_low", "units_high", "h100e"}};
        t.keyColumns = {"vendor", "product", "buyer", "period", "estimator"};
        addTail(t);
        all.push_back(std::move(t));
    }
    {
        TopicSchema t =
            topic("compute_estimates", "compute_estimates.csv", "Installed compute and cumulative shipments");
        t.columns = {
            text("metric", true, "what is measured (installed_compute, cumulative_shipments, ...; README)"),
            text("scope", true, "whose chips, e.g. NVIDIA AI GPUs, all major vendors, Blackwell"),
            date("period", false, "the date or period the figure describes"),
        };
        addSignedRange(t, "value", "the figure, in `unit`");
        t.columns.push_back(
            text("unit", true, "unit of value/value_low/value_high (units, H100e, GW, x/yr, ...)"));
        t.columns.push_back(text("estimator", true, "who made the estimate or statement"));
        t.keyColumns = {"metric", "scope", "period", "unit", "estimator"};
        addTail(t);
        all.push_back(std::move(t));
    }
    {
        TopicSchema t = topic("cowos_capacity", "cowos_capacity.csv", "CoWoS advanced-packaging capacity");
        t.columns = {
            text("supplier", true, "packaging supplier: TSMC, Amkor + ASE, or all suppliers"),
            text("metric", true, "monthly_capacity, annual_output, capacity_growth or demand_share (README)"),
            text("customer", false, "for demand_share: whose share; else empty"),
            date("period", false,
                 "the period the figure describes (end of year as YYYY-12); empty if not stated"),
        };
        addSignedRange(t, "value", "the figure, in `unit`");
        t.columns.push_back(text("unit", true, "wafers/month, units/month, units/year, x/yr, percent, ..."));
        t.columns.push_back(text("estimator", true, "who made the estimate or statement"));
        t.keyColumns = {"supplier", "metric", "customer", "period", "unit", "estimator"};
        addTail(t);
        all.push_back(std::move(t));
    }
    {
        TopicSchema t = topic("accelerator_specs", "accelerator_specs.csv", "Accelerator specifications");
        t.columns = {
            text("accelerator", true, "product name and form factor"),
            text("vendor", true, "NVIDIA, AMD, Google"),
            date("release_date", true, "release or first shipment (see note for announcement dates)"),
            number("bf16_dense_tflops", "TFLOP/s", true, "dense BF16 peak (no structured sparsity)", 0),
            number("fp8_dense_tflops", "TFLOP/s", false, "dense FP8 peak; empty if the chip has no FP8", 0),
            number("hbm_gb", "GB (10^9 bytes)", true, "high-bandwidth memory capacity", 0),
            number("hbm_bandwidth_tbps", "TB/s", false, "memory bandwidth", 0),
            number("tdp_w", "W", false, "board power; empty where not published", 0),
        };
        t.keyColumns = {"accelerator"};
        addTail(t);
        all.push_back(std::move(t));
    }
    {
        TopicSchema t =
            topic("accelerator_prices", "accelerator_prices.csv", "Accelerator indicative prices");
        t.columns = {
            text("accelerator", true, "as in accelerator_specs"),
            date("period", false, "when the price applied; empty where the source gives no date"),
        };
        addRange(t, "price_usd", "USD per accelerator", "price of one accelerator");
        t.columns.push_back(text("price_basis", true, "list, estimate or listing (README)"));
        t.columns.push_back(text("estimator", true, "who gives the price"));
        t.keyColumns = {"accelerator", "period", "estimator"};
        addTail(t);
        all.push_back(std::move(t));
    }
    {
        TopicSchema t = topic("api_prices", "api_prices.csv", "LLM API list prices");
        t.columns = {
            text("model", true, "model name as the provider lists it"),
            text("provider", true, "who sells access"),
            date("price_date", true, "when the price took effect (or was announced, see note)"),
            text("context_tier", false, "prompt-length tier the price is for, e.g. <=128K; empty = all"),
            number("input_usd_per_mtok", "USD per million tokens", true, "price of input tokens (cache miss)",
                   0),
            number("output_usd_per_mtok", "USD per million tokens", true, "price of output tokens", 0),
            number("cached_input_usd_per_mtok", "USD per million tokens", false, "price of cached input", 0),
            {"frontier", ColumnType::Integer, "0 or 1", true, 0, 1,
             "1 = the provider's flagship tier at that date (our classification, see README)"},
        };
        t.keyColumns = {"provider", "model", "context_tier", "price_date"};
        addTail(t);
        all.push_back(std::move(t));
    }
    {
        TopicSchema t =
            topic("price_declines", "price_declines.csv", "Published estimates of LLM price declines");
        t.columns = {
            text("publisher", true, "who published the estimate"),
            text("measure", true, "what is measured, e.g. the benchmark threshold held fixed"),
        };
        addSignedRange(t, "value", "the estimate, in `unit`");
        t.columns.push_back(
            text("unit", true, "x/yr (fold decline per year), x (total fold), percent/yr, ..."));
        t.columns.push_back(date("period_start", false, "start of the span the estimate covers"));
        t.columns.push_back(date("period_end", false, "end of the span the estimate covers"));
        t.keyColumns = {"publisher", "measure", "unit"};
        addTail(t);
        all.push_back(std::move(t));
    }
    {
        TopicSchema t = topic("capex_annual", "capex_annual.csv", "Hyperscaler capital expenditure by year");
        t.columns = {
            text("company", true, "Microsoft, Alphabet, Amazon, Meta, or a group"),
            text("year_label", true, "CY2024 (calendar year) or FY2025 (company fiscal year)"),
            date("period_end", true, "month the year ends (YYYY-MM)"),
        };
        addRange(t, "capex_usd_bn", "USD billions", "capital expenditure in the year");
        t.columns.push_back(text("basis", false, "definition, where the source gives one (README)"));
        t.keyColumns = {"company", "year_label", "basis", "kind"};
        addTail(t);
        all.push_back(std::move(t));
    }
    {
        TopicSchema t =
            topic("capex_quarterly", "capex_quarterly.csv", "Hyperscaler capital expenditure by quarter");
        t.columns = {
            text("company", true, "Microsoft, Alphabet, Amazon, Meta"),
            date("quarter", true, "calendar quarter (YYYY-Qn)"),
            number("capex_usd_bn", "USD billions", true, "capital expenditure in the quarter", 0),
            text("basis", false, "definition, where the source gives one (README)"),
        };
        t.keyColumns = {"company", "quarter", "basis"};
        addTail(t);
        all.push_back(std::move(t));
    }
    {
        TopicSchema t = topic("funding_rounds", "funding_rounds.csv", "AI-lab funding rounds");
        t.columns = {
            text("lab", true, "the company raising"),
            date("date", true, "announcement or closing date"),
            text("round", false, "series or type, where stated"),
            number("amount_m", "millions of amount_currency", false, "amount raised (see note for 'up to')",
                   0),
            text("amount_currency", false, "USD or EUR"),
            text("lead_investors", false, "lead or key investors, ';'-separated; empty where not captured"),
            text("other_investors", false, "other named investors, ';'-separated"),
        };
        addRange(t, "valuation_bn", "billions of valuation_currency", "valuation");
        t.columns.push_back(text("valuation_currency", false, "USD or EUR"));
        t.columns.push_back(
            text("valuation_basis", false, "post-money, pre-money, or reported (basis not stated)"));
        t.anyOf = {{"amount_m", "valuation_bn", "valuation_bn_low", "valuation_bn_high"}};
        t.dependencies = {{"amount_m", "amount_currency"},
                          {"valuation_bn", "valuation_currency"},
                          {"valuation_bn_low", "valuation_currency"},
                          {"valuation_bn_high", "valuation_currency"}};
        t.keyColumns = {"lab", "date", "round"};
        addTail(t);
        all.push_back(std::move(t));
    }
    {
        TopicSchema t = topic("ai_investment", "ai_investment.csv", "Private AI investment by country");
        t.columns = {
            text("region", true, "country, group of countries, or World"),
            text("metric", true, "private_ai, private_genai, corporate_ai, ... (README)"),
            date("year", true, "calendar year (YYYY)"),
            number("value_usd_bn", "USD billions", true, "investment in the year (or as the metric says)"),
        };
        t.keyColumns = {"region", "metric", "year"};
        addTail(t);
        all.push_back(std::move(t));
    }
    {
        TopicSchema t = topic("demand_drivers", "demand_drivers.csv", "Demand drivers");
        t.columns = {
            text("driver", true,
                 "what drives demand: training_compute, algorithmic_efficiency, ... (README)"),
            text("metric", true, "what is measured"),
            date("period", false, "the date or period the figure describes (a target year for forecasts)"),
        };
        addSignedRange(t, "value", "the figure, in `unit`");
        t.columns.push_back(text("unit", true, "x/yr, months, TWh, GW, percent, USD, ..."));
        t.columns.push_back(text("estimator", true, "who made the estimate or statement"));
        t.keyColumns = {"driver", "metric", "period", "unit"};
        addTail(t);
        all.push_back(std::move(t));
    }
    {
        // Model version 2: the power parameters and the money outputs (long format, like demand_drivers).
        TopicSchema t =
            topic("power_economics", "power_economics.csv", "Power and the build-out's economics");
        t.columns = {
            text("area", true, "power or money (README)"),
            text("metric", true,
                 "what is measured: facility_power_per_h100e, server_useful_life, ... (README)"),
            text("scope", true, "whose figure: a system, a company, a fleet of chips"),
            date("period", false, "the date or period the figure describes (a target year for forecasts)"),
        };
        addSignedRange(t, "value", "the figure, in `unit`");
        t.columns.push_back(text("unit", true, "kW, GW, x/yr, years, USD billions, ..."));
        t.columns.push_back(text("estimator", true, "who made the estimate or statement"));
        t.keyColumns = {"area", "metric", "scope", "period", "unit"};
        addTail(t);
        all.push_back(std::move(t));
    }
    return all;
}

} // namespace

const std::vector<TopicSchema> &topics()
{
    static const std::vector<TopicSchema> all = buildTopics();
    return all;
}

const TopicSchema *findTopic(std::string_view id)
{
    for (const TopicSchema &t : topics()) {
        if (t.id == id)
            return &t;
    }
    return nullptr;
}

int TopicSchema::columnIndex(std::string_view name) const
{
    for (std::size_t i = 0; i < columns.size(); ++i) {
        if (columns[i].name == name)
            return static_cast<int>(i);
    }
    return -1;
}

} // namespace jevons::data
