// The calibration as of a month (docs/model.md, "Backtest", "Calibration as of a month"): each rule redoes
// the Base case's provenance arithmetic on the rows known by then.
#include "jevons/backtest/calibration.h"

#include "jevons/backtest/observations.h"
#include "selections.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <map>
#include <optional>

namespace jevons::backtest {

namespace {

using detail::cell;
using detail::RowFilter;
using detail::YearTotal;

constexpr double NaN = std::numeric_limits<double>::quiet_NaN();

std::string fmt(double v, int digits = 4)
{
    return formatNumber(v, digits);
}

/// What the rules share for one as-of month.
struct Context {
    const data::Dataset &dataset;
    MonthIndex asOf;
    RowDating dating;
    RowFilter filter;
    Context(const data::Dataset &d, MonthIndex m, RowDating r) : dataset(d), asOf(m), dating(r), filter{m, r}
    {
    }
    RowRef ref(const data::Table &t, const data::Row &row) const { return rowRef(t, row, dating); }
};

/// Epoch's yearly NVIDIA totals known by the month whose year has ended before it, and the trend they give.
struct ShipmentTrend {
    std::vector<YearTotal> years;
    double lastYoY = NaN;     ///< last year over the one before
    double growth = NaN;      ///< m_s
    std::vector<RowRef> rows; ///< the two years the trend rests on
    bool ok() const { return std::isfinite(growth); }
    /// Shipments in month m (H100e per month): the last year's monthly average, centred on its middle,
    /// carried at m_s (the Base case's G0 arithmetic).
    double monthly(MonthIndex m) const
    {
        const YearTotal &last = years.back();
        return last.h100e / 12.0 * std::pow(growth, midYear(m) - (double(last.year) + 0.5));
    }
};

ShipmentTrend shipmentTrend(const Context &c)
{
    ShipmentTrend t;
    for (const YearTotal &y : detail::nvidiaYearTotals(c.dataset, c.filter)) {
        if (monthIndex(y.year + 1, 1) > c.asOf) {
            break; // a year is used once it has ended before the as-of month
        }
        t.years.push_back(y);
    }
    if (t.years.size() < 2 || !(t.years[t.years.size() - 2].h100e > 0)) {
        return t;
    }
    const data::Table &shipments = *c.dataset.find("accelerator_shipments");
    const YearTotal &last = t.years.back(), &previous = t.years[t.years.size() - 2];
    t.lastYoY = last.h100e / previous.h100e;
    t.growth = std::clamp(BaseCaseRatios::shipmentGrowthPerTrend * t.lastYoY, 0.5, 4.0);
    t.rows = {c.ref(shipments, *previous.row), c.ref(shipments, *last.row)};
    return t;
}

/// C(month): the last cumulative point at or before the month, then the trend's monthly shipments.
struct Cumulative {
    double h100e = NaN;
    std::vector<RowRef> rows;
    MonthIndex anchorMonth = 0;
};

Cumulative cumulativeAt(const Context &c, const ShipmentTrend &trend, MonthIndex month)
{
    Cumulative out;
    if (!trend.ok()) {
        return out;
    }
    const std::vector<detail::CumulativeAnchor> anchors =
        detail::nvidiaCumulativeAnchors(c.dataset, c.filter);
    const detail::CumulativeAnchor *last = nullptr;
    for (const detail::CumulativeAnchor &a : anchors) {
        if (a.month <= month && !a.rows.empty()) {
            last = &a;
        }
    }
    if (!last) {
        return out;
    }
    double total = last->h100e;
    for (MonthIndex m = last->month; m < month; ++m) {
        total += trend.monthly(m);
    }
    out.h100e = total;
    out.anchorMonth = last->month;
    for (const auto &[table, row] : last->rows) {
        out.rows.push_back(c.ref(*table, *row));
    }
    if (last->month < month) {
        for (const RowRef &r : trend.rows) {
            if (std::find(out.rows.begin(), out.rows.end(), r) == out.rows.end()) {
                out.rows.push_back(r);
            }
        }
    }
    return out;
}

/// One computed input, or why it could not be.
struct Computed {
    std::optional<CalibratedInput> input;
    std::string missing; ///< when no input: what is not known
};

CalibratedInput makeInput(Param p, double value, std::string rule, std::vector<RowRef> rows)
{
    const ParamInfo &info = paramInfo(p);
    CalibratedInput in;
    in.param = p;
    in.value = std::clamp(value, info.minValue, info.maxValue);
    in.rule = std::move(rule);
    in.rows = std::move(rows);
    return in;
}

Computed installedBase(const Context &c, const ShipmentTrend &trend)
{
    if (!trend.ok()) {
        return {std::nullopt, "two calendar years of Epoch AI's NVIDIA H100e shipment totals"};
    }
    const Cumulative cum = cumulativeAt(c, trend, c.asOf);
    const double s0 = cum.h100e / BaseCaseRatios::nvidiaShareOfInstalled / 1e6;
    std::string rule = "NVIDIA's cumulative H100e since " + std::to_string(trend.years.front().year) +
                       " at the start of " + monthLabel(c.asOf) + ", " + fmt(cum.h100e / 1e6) + " M (" +
                       (cum.anchorMonth == c.asOf
                            ? "counted"
                            : "counted to " + monthLabel(cum.anchorMonth) + ", then the shipment trend") +
                       "), over NVIDIA's share of the installed base, " +
                       fmt(BaseCaseRatios::nvidiaShareOfInstalled, 3) + " (the Base case's 14.5 M / 20 M)";
    return {makeInput(Param::InstalledBase, s0, std::move(rule), cum.rows), {}};
}

Computed shipments(const Context &c, const ShipmentTrend &trend)
{
    if (!trend.ok()) {
        return {std::nullopt, "two calendar years of Epoch AI's NVIDIA H100e shipment totals"};
    }
    const YearTotal &last = trend.years.back();
    const double years = midYear(c.asOf) - (double(last.year) + 0.5);
    const double g0 = last.h100e / 12.0 * std::pow(trend.growth, years) / 1e6;
    std::string rule = std::to_string(last.year) + "'s NVIDIA H100e / 12 = " + fmt(last.h100e / 12e6) +
                       " M a month, carried " + fmt(years, 3) + " years from mid-" +
                       std::to_string(last.year) + " at m_s = " + fmt(trend.growth) +
                       " (NVIDIA only, as the Base case)";
    return {makeInput(Param::Shipments, g0, std::move(rule), trend.rows), {}};
}

Computed shipmentGrowth(const ShipmentTrend &trend)
{
    if (!trend.ok()) {
        return {std::nullopt, "two calendar years of Epoch AI's NVIDIA H100e shipment totals"};
    }
    std::string rule = "the last year-on-year growth of NVIDIA's H100e shipments, " + fmt(trend.lastYoY) +
                       "x, times " + fmt(BaseCaseRatios::shipmentGrowthPerTrend) +
                       " (the Base case's 1.8 over its 2.68x: packaging holds growth below the trend)";
    return {makeInput(Param::ShipmentGrowth, trend.growth, std::move(rule), trend.rows), {}};
}

Computed tokenPrice(const Context &c)
{
    const auto prices = detail::flagshipPrices(c.dataset, c.filter);
    std::vector<const data::Row *> used;
    const std::optional<double> frontier = detail::frontierPriceAt(prices, c.asOf, &used);
    if (!frontier) {
        return {std::nullopt, "a frontier API list price (api_prices.csv, frontier = 1)"};
    }
    const data::Table &api = *c.dataset.find("api_prices");
    std::vector<RowRef> rows;
    for (const data::Row *r : used) {
        rows.push_back(c.ref(api, *r));
    }
    std::size_t withPrice = 0; // only providers with a flagship price by then count in the mean
    for (const auto &[provider, list] : prices) {
        withPrice +=
            std::any_of(list.begin(), list.end(), [&](const auto &p) { return p.month <= c.asOf; }) ? 1 : 0;
    }
    std::string rule = "the frontier list price in " + monthLabel(c.asOf) + ", " + fmt(*frontier) +
                       " USD (geometric mean over " + std::to_string(withPrice) +
                       (withPrice == 1 ? " provider's flagship" : " providers' flagships") +
                       ", blended 3:1), over the frontier premium " + fmt(BaseCaseRatios::frontierPremium) +
                       " (3.727 USD at the Base case's start against its c0 of 1)";
    return {makeInput(Param::TokenPrice, *frontier / BaseCaseRatios::frontierPremium, std::move(rule),
                      std::move(rows)),
            {}};
}

Computed capexPerH100e(const Context &c)
{
    const data::Table *specs = c.dataset.find("accelerator_specs");
    const data::Table *prices = c.dataset.find("accelerator_prices");
    if (!specs || !prices) {
        return {std::nullopt, "Epoch AI's NVIDIA accelerator prices"};
    }
    struct Spec {
        double h100e;
        const data::Row *row;
    };
    std::map<std::string, Spec> nvidia;
    for (const data::Row &row : specs->rows) {
        const double tflops = specs->number(row, "bf16_dense_tflops");
        if (sameText(cell(*specs, row, "vendor"), "NVIDIA") && tflops > 0 && c.filter.allows(*specs, row)) {
            nvidia[cell(*specs, row, "accelerator")] = {tflops / BaseCaseRatios::h100Tflops, &row};
        }
    }
    struct Priced {
        int year;
        double perH100e;
        const data::Row *price;
        const data::Row *spec;
    };
    std::vector<Priced> priced;
    for (const data::Row &row : prices->rows) {
        const data::Date &period = prices->date(row, "period");
        const auto spec = nvidia.find(cell(*prices, row, "accelerator"));
        const double price =
            detail::pointOrMidpoint(*prices, row, "price_usd", "price_usd_low", "price_usd_high");
        if (prices->value(row, "period").empty() || period.precision != data::DatePrecision::Year ||
            !sameText(cell(*prices, row, "estimator"), "Epoch AI") || spec == nvidia.end() || !(price > 0) ||
            !c.filter.allows(*prices, row)) {
            continue;
        }
        priced.push_back({period.year, price / spec->second.h100e, &row, spec->second.row});
    }
    if (priced.empty()) {
        return {std::nullopt, "Epoch AI's NVIDIA accelerator prices for a calendar year"};
    }
    const int year = std::max_element(priced.begin(), priced.end(), [](const Priced &a, const Priced &b) {
                         return a.year < b.year;
                     })->year;
    const Priced *cheapest = nullptr;
    for (const Priced &p : priced) {
        if (p.year == year && (!cheapest || p.perH100e < cheapest->perH100e)) {
            cheapest = &p;
        }
    }
    std::string rule =
        "the cheapest NVIDIA chip per H100e in Epoch AI's " + std::to_string(year) + " prices, " +
        cell(*prices, *cheapest->price, "accelerator") + " at " + fmt(cheapest->perH100e, 6) +
        " USD (range midpoint / its dense BF16 over 989 TFLOP/s), over the chip's share of all-in capex, " +
        fmt(BaseCaseRatios::chipShareOfCapex, 2) + " (the Base case's K0 reasoning)";
    return {makeInput(Param::CapexPerH100e, cheapest->perH100e / BaseCaseRatios::chipShareOfCapex,
                      std::move(rule), {c.ref(*prices, *cheapest->price), c.ref(*specs, *cheapest->spec)}),
            {}};
}

Computed hardwareGain(const Context &c)
{
    std::vector<double> signals;
    std::vector<RowRef> rows;
    std::string parts;
    if (const data::Table *declines = c.dataset.find("price_declines")) {
        for (const data::Row &row : declines->rows) {
            const double v = declines->number(row, "value");
            if (sameText(cell(*declines, row, "measure"), "ML hardware cost") &&
                sameText(cell(*declines, row, "unit"), "percent/yr") && v > -100 && v < 0 &&
                c.filter.allows(*declines, row)) {
                signals.push_back(1.0 / (1.0 + v / 100.0));
                rows.push_back(c.ref(*declines, row));
                parts = "1 / (1 - " + fmt(-v / 100.0, 3) + ") = " + fmt(signals.back());
                break;
            }
        }
    }
    if (const data::Table *prices = c.dataset.find("accelerator_prices")) {
        std::map<int, std::pair<double, const data::Row *>> h100;
        for (const data::Row &row : prices->rows) {
            const data::Date &period = prices->date(row, "period");
            const double price =
                detail::pointOrMidpoint(*prices, row, "price_usd", "price_usd_low", "price_usd_high");
            if (sameText(cell(*prices, row, "accelerator"), "NVIDIA H100 SXM5") &&
                sameText(cell(*prices, row, "estimator"), "Epoch AI") &&
                !prices->value(row, "period").empty() && period.precision == data::DatePrecision::Year &&
                price > 0 && c.filter.allows(*prices, row)) {
                h100[period.year] = {price, &row};
            }
        }
        if (h100.size() >= 2) {
            const auto &first = *h100.begin(), &last = *h100.rbegin();
            const double fall =
                std::pow(first.second.first / last.second.first, 1.0 / (last.first - first.first));
            signals.push_back(fall);
            rows.push_back(c.ref(*prices, *first.second.second));
            rows.push_back(c.ref(*prices, *last.second.second));
            parts += std::string(parts.empty() ? "" : " and ") + "the H100's Epoch price midpoints " +
                     fmt(first.second.first, 6) + " -> " + fmt(last.second.first, 6) + " USD, " +
                     std::to_string(first.first) + " to " + std::to_string(last.first) + " = " + fmt(fall) +
                     "x a year";
        }
    }
    if (signals.empty()) {
        return {std::nullopt, "a published fall of ML hardware cost or two years of Epoch AI's H100 prices"};
    }
    double logSum = 0;
    for (double s : signals) {
        logSum += std::log(s);
    }
    const double mh = std::exp(logSum / double(signals.size()));
    std::string rule = (signals.size() > 1 ? "geometric mean of " : "") + parts;
    return {makeInput(Param::HardwareGain, mh, std::move(rule), std::move(rows)), {}};
}

Computed adoptionGrowth(const Context &c, double reasoningGrowth, double hardwareGainValue)
{
    const data::Table *estimates = c.dataset.find("compute_estimates");
    if (estimates) {
        for (const data::Row &row : estimates->rows) {
            const double g = estimates->number(row, "value");
            if (cell(*estimates, row, "metric") == "installed_compute_growth" &&
                detail::containsWord(cell(*estimates, row, "scope"), "NVIDIA") &&
                sameText(cell(*estimates, row, "unit"), "x/yr") && g > 0 &&
                c.filter.allows(*estimates, row)) {
                std::string rule = "installed compute growth " + fmt(g) +
                                   "x a year over m_r x m_h = " + fmt(reasoningGrowth) + " x " +
                                   fmt(hardwareGainValue) +
                                   " (at eps = 1 inference demand grows m_a m_r m_h a year)";
                return {makeInput(Param::AdoptionGrowth, g / (reasoningGrowth * hardwareGainValue),
                                  std::move(rule), {c.ref(*estimates, row)}),
                        {}};
            }
        }
    }
    return {std::nullopt,
            "Epoch AI's installed-compute growth (compute_estimates.csv › installed_compute_growth)"};
}

std::vector<std::pair<MonthIndex, const data::Row *>> powerRows(const Context &c, std::string_view metric)
{
    std::vector<std::pair<MonthIndex, const data::Row *>> out;
    const data::Table *power = c.dataset.find("power_economics");
    if (!power) {
        return out;
    }
    for (const data::Row &row : power->rows) {
        if (cell(*power, row, "metric") == metric && !power->value(row, "period").empty() &&
            c.filter.allows(*power, row)) {
            out.emplace_back(lastMonthOf(power->date(row, "period")), &row);
        }
    }
    std::stable_sort(out.begin(), out.end(), [](const auto &a, const auto &b) { return a.first < b.first; });
    return out;
}

Computed kwPerH100e(const Context &c)
{
    const data::Table &power = *c.dataset.find("power_economics");
    std::vector<std::pair<double, const data::Row *>> figures;
    for (const auto &[month, row] : powerRows(c, "facility_power_per_h100e")) {
        const double kw = detail::pointOrMidpoint(power, *row, "value", "value_low", "value_high");
        if (kw > 0 && sameText(cell(power, *row, "unit"), "kW")) {
            figures.emplace_back(kw, row);
        }
    }
    if (figures.empty()) {
        return {std::nullopt, "a facility power per H100e (power_economics.csv)"};
    }
    const std::size_t from = figures.size() >= 2 ? figures.size() - 2 : 0;
    double sum = 0;
    std::vector<RowRef> rows;
    std::string parts;
    for (std::size_t i = from; i < figures.size(); ++i) {
        sum += figures[i].first;
        rows.push_back(c.ref(power, *figures[i].second));
        parts += std::string(parts.empty() ? "" : " and ") + cell(power, *figures[i].second, "scope") + " (" +
                 fmt(figures[i].first, 3) + " kW)";
    }
    const double w0 = sum / double(figures.size() - from);
    std::string rule = (figures.size() - from > 1 ? "mean of the two latest facility figures, "
                                                  : "the one facility figure, ") +
                       parts + " (the Base case's compromise between new shipments and the installed mix)";
    return {makeInput(Param::KwPerH100e, w0, std::move(rule), std::move(rows)), {}};
}

Computed powerEfficiency(const Context &c)
{
    const data::Table &power = *c.dataset.find("power_economics");
    const auto rows = powerRows(c, "facility_power_fall");
    for (auto it = rows.rbegin(); it != rows.rend(); ++it) {
        const double low = power.number(*it->second, "value_low");
        const double v = std::isfinite(low) ? low : power.number(*it->second, "value");
        if (v >= 1 && sameText(cell(power, *it->second, "unit"), "x/yr")) {
            std::string rule = "the low end of the fall of facility power per H100e, " + fmt(v, 3) +
                               "x a year (" + cell(power, *it->second, "scope") + ")";
            return {makeInput(Param::PowerEfficiency, v, std::move(rule), {c.ref(power, *it->second)}), {}};
        }
    }
    return {std::nullopt, "a fall of facility power per H100e (power_economics.csv › facility_power_fall)"};
}

Computed gpuLife(const Context &c)
{
    const data::Table &power = *c.dataset.find("power_economics");
    std::map<std::string, const data::Row *> latest; // by company; rows sorted by period, so the last wins
    for (const auto &[month, row] : powerRows(c, "server_useful_life")) {
        if (power.number(*row, "value") > 0) {
            latest[cell(power, *row, "scope")] = row;
        }
    }
    if (latest.empty()) {
        return {std::nullopt, "a server useful life (power_economics.csv › server_useful_life)"};
    }
    const data::Row *lowest = nullptr;
    std::vector<RowRef> rows;
    for (const auto &[company, row] : latest) {
        rows.push_back(c.ref(power, *row));
        if (!lowest || power.number(*row, "value") < power.number(*lowest, "value")) {
            lowest = row;
        }
    }
    std::string rule = "the lowest of the " + std::to_string(latest.size()) +
                       " companies' latest server lives, " + fmt(power.number(*lowest, "value"), 3) +
                       " years (" + cell(power, *lowest, "scope") + ")";
    return {makeInput(Param::GpuLifeYears, power.number(*lowest, "value"), std::move(rule), std::move(rows)),
            {}};
}

Computed restrictedShare(const Context &c, const ShipmentTrend &trend)
{
    const data::Table *shipments = c.dataset.find("accelerator_shipments");
    if (!shipments || trend.years.empty()) {
        return {std::nullopt, "Epoch AI's NVIDIA unit totals"};
    }
    // NVIDIA's export-control versions for China (resources/data/README.md; docs/model.md, chi).
    static const std::string_view ExportVersions[] = {"A800", "H800", "H20"};
    std::vector<double> shares;
    std::vector<RowRef> rows;
    std::string parts;
    const std::size_t from = trend.years.size() >= 2 ? trend.years.size() - 2 : 0;
    for (std::size_t i = from; i < trend.years.size(); ++i) {
        const YearTotal &y = trend.years[i];
        if (!(y.units > 0)) {
            continue;
        }
        double units = 0;
        for (const data::Row &row : shipments->rows) {
            const data::Date &period = shipments->date(row, "period");
            const std::string &product = cell(*shipments, row, "product");
            if (period.precision != data::DatePrecision::Year || period.year != y.year ||
                !sameText(cell(*shipments, row, "vendor"), "NVIDIA") ||
                !sameText(cell(*shipments, row, "estimator"), "Epoch AI") ||
                !cell(*shipments, row, "buyer").empty() || !std::isfinite(shipments->number(row, "units")) ||
                !c.filter.allows(*shipments, row) ||
                std::none_of(std::begin(ExportVersions), std::end(ExportVersions),
                             [&](std::string_view v) { return sameText(product, v); })) {
                continue;
            }
            units += shipments->number(row, "units");
            rows.push_back(c.ref(*shipments, row));
        }
        shares.push_back(units / y.units);
        rows.push_back(c.ref(*shipments, *y.row));
        parts += std::string(parts.empty() ? "" : ", ") + std::to_string(y.year) + " " +
                 fmt(100 * shares.back(), 3) + " %";
    }
    if (shares.empty()) {
        return {std::nullopt, "Epoch AI's NVIDIA unit totals"};
    }
    double sum = 0;
    for (double s : shares) {
        sum += s;
    }
    std::string rule = "mean share of NVIDIA's export-control versions (A800, H800, H20) in its AI GPU units "
                       "over the last " +
                       std::string(shares.size() > 1 ? "two years" : "year") + ": " + parts;
    return {makeInput(Param::RestrictedShare, sum / double(shares.size()), std::move(rule), std::move(rows)),
            {}};
}

/// Every rule's result as of the month, in parameter-table order, and the inputs that fell back.
struct Computation {
    std::vector<CalibratedInput> inputs;
    std::vector<ScenarioInput> fromScenario;
    std::string missingRequired; ///< empty when the start state could be calibrated
    double cumulative = NaN;
};

Computation compute(const Context &c, const Scenario &base)
{
    Computation out;
    const ShipmentTrend trend = shipmentTrend(c);
    auto required = [&](Computed r) {
        if (r.input) {
            out.inputs.push_back(*r.input);
        } else if (out.missingRequired.empty()) {
            out.missingRequired = r.missing;
        }
    };
    auto optional = [&](Param p, Computed r) {
        if (r.input) {
            out.inputs.push_back(*r.input);
        } else {
            out.fromScenario.push_back({p, base[p],
                                        "no row known by " + monthLabel(c.asOf) + " (needs " + r.missing +
                                            "): the scenario's value"});
        }
    };
    required(installedBase(c, trend));
    required(shipments(c, trend));
    required(tokenPrice(c));
    required(capexPerH100e(c));
    const Computed hardware = hardwareGain(c);
    const double mh = hardware.input ? hardware.input->value : base[Param::HardwareGain];
    optional(Param::AdoptionGrowth, adoptionGrowth(c, base[Param::ReasoningGrowth], mh));
    optional(Param::HardwareGain, hardware);
    required(shipmentGrowth(trend));
    optional(Param::GpuLifeYears, gpuLife(c));
    optional(Param::KwPerH100e, kwPerH100e(c));
    optional(Param::PowerEfficiency, powerEfficiency(c));
    optional(Param::RestrictedShare, restrictedShare(c, trend));
    if (trend.ok()) {
        out.cumulative = cumulativeAt(c, trend, c.asOf).h100e;
    }
    std::stable_sort(out.inputs.begin(), out.inputs.end(),
                     [](const CalibratedInput &a, const CalibratedInput &b) { return a.param < b.param; });
    return out;
}

/// An uncertain input keeps its interval relative to its value: p5 and p95 move by the value's factor.
void moveInterval(Scenario &s, Param p, double oldValue, double newValue, std::vector<std::string> &notes)
{
    auto &interval = s.intervals[static_cast<int>(p)];
    if (!interval || !(oldValue > 0)) {
        return;
    }
    const ParamInfo &info = paramInfo(p);
    const double f = newValue / oldValue;
    Interval moved = *interval;
    moved.p5 = std::clamp(interval->p5 * f, info.minValue, info.maxValue);
    moved.p95 = std::clamp(interval->p95 * f, info.minValue, info.maxValue);
    if (moved.p5 <= newValue && newValue <= moved.p95 && moved.p5 < moved.p95) {
        interval = moved;
        notes.push_back(std::string(info.key) + ": the scenario's 90 % interval moved with the value (x" +
                        fmt(f) + ")");
    } else {
        s.removeInterval(p);
        notes.push_back(std::string(info.key) +
                        ": the scenario's interval no longer fits its slider range; dropped");
    }
}

} // namespace

const CalibratedInput *Calibration::find(Param p) const
{
    for (const CalibratedInput &in : inputs) {
        if (in.param == p) {
            return &in;
        }
    }
    return nullptr;
}

std::string AllowedMonths::describe() const
{
    if (!any) {
        return "none (" + needs + ")";
    }
    return monthLabel(first) + " to " + monthLabel(last);
}

AllowedMonths allowedMonths(const data::Dataset &dataset, RowDating dating)
{
    AllowedMonths out;
    std::optional<MonthIndex> lastObservation;
    for (const Mapping &m : mappings()) {
        for (const ObservedPoint &p : observedPoints(dataset, m)) {
            lastObservation = std::max(lastObservation.value_or(p.month), p.month);
        }
    }
    std::optional<MonthIndex> earliestRow;
    for (const data::Table &t : dataset.tables) {
        for (const data::Row &row : t.rows) {
            if (const auto from = knownFrom(t, row, dating)) {
                earliestRow = std::min(earliestRow.value_or(*from), *from);
            }
        }
    }
    out.needs =
        "two calendar years of Epoch AI's NVIDIA H100e shipment totals, a frontier API price and Epoch AI's "
        "NVIDIA chip prices, all known by the month";
    if (!lastObservation || !earliestRow) {
        out.needs = "the dataset has no observation a backtest can score";
        return out;
    }
    const Scenario base;
    for (MonthIndex m = *earliestRow; m <= *lastObservation; ++m) {
        if (compute(Context(dataset, m, dating), base).missingRequired.empty()) {
            out.any = true;
            out.first = m;
            out.last = *lastObservation;
            return out;
        }
    }
    out.needs += "; with dating '" + std::string(datingName(dating)) +
                 "' no month up to the last observation (" + monthLabel(*lastObservation) + ") has them";
    return out;
}

MonthIndex checkAsOf(const data::Dataset &dataset, RowDating dating, std::string_view text)
{
    const AllowedMonths allowed = allowedMonths(dataset, dating);
    MonthIndex m = 0;
    if (!parseMonth(text, &m)) {
        throw AsOfError("as-of month '" + std::string(text) +
                        "' is not a month YYYY-MM; allowed: " + allowed.describe() + ", or 'all'");
    }
    if (!allowed.any) {
        throw AsOfError("the dataset allows no backtest start with dating '" +
                        std::string(datingName(dating)) + "': " + allowed.describe());
    }
    if (m < allowed.first) {
        throw AsOfError("as-of month " + monthLabel(m) + " is before the dataset allows a start (it needs " +
                        allowed.needs + "); allowed: " + allowed.describe());
    }
    if (m > allowed.last) {
        throw AsOfError("as-of month " + monthLabel(m) + " is after the dataset's last observation (" +
                        monthLabel(allowed.last) + "); allowed: " + allowed.describe());
    }
    return m;
}

Calibration calibrate(const data::Dataset &dataset, const Scenario &base, MonthIndex asOf, RowDating dating)
{
    const Context c(dataset, asOf, dating);
    Computation computed = compute(c, base);
    if (!computed.missingRequired.empty()) {
        const AllowedMonths allowed = allowedMonths(dataset, dating);
        throw AsOfError("as-of month " + monthLabel(asOf) + ": no " + computed.missingRequired +
                        " known by then; allowed: " + allowed.describe());
    }
    Calibration out;
    out.asOf = asOf;
    out.dating = dating;
    out.scenario = base;
    out.scenario.startYear = yearOf(asOf);
    out.scenario.startMonth = monthOf(asOf);
    out.scenario.name = base.name + " as of " + monthLabel(asOf) + " (backtest)";
    out.fromScenario = std::move(computed.fromScenario);
    out.nvidiaCumulativeH100e = computed.cumulative;
    const double drawBefore = base[Param::InstalledBase] * base[Param::KwPerH100e];
    for (CalibratedInput &in : computed.inputs) {
        in.scenarioValue = base[in.param];
        out.scenario.setValue(in.param, in.value);
        moveInterval(out.scenario, in.param, in.scenarioValue, in.value, out.notes);
    }
    out.inputs = std::move(computed.inputs);
    // power_gw: the spec's default follows the start's draw; a scenario's own value keeps its headroom over
    // it.
    {
        CalibratedInput e0;
        e0.param = Param::PowerGw;
        e0.scenarioValue = base[Param::PowerGw];
        for (Param p : {Param::InstalledBase, Param::KwPerH100e}) {
            if (const CalibratedInput *in = out.find(p)) {
                e0.rows.insert(e0.rows.end(), in->rows.begin(), in->rows.end());
            }
        }
        const double drawAfter = out.scenario[Param::InstalledBase] * out.scenario[Param::KwPerH100e];
        if (base.powerFollowsStart) {
            e0.rule = "1.25 x S0 x w0, the spec's default: 25 % headroom over the start's draw";
        } else {
            const ParamInfo &info = paramInfo(Param::PowerGw);
            const double value =
                std::clamp(base[Param::PowerGw] * drawAfter / drawBefore, info.minValue, info.maxValue);
            out.scenario[Param::PowerGw] = value; // keeps powerFollowsStart false
            moveInterval(out.scenario, Param::PowerGw, base[Param::PowerGw], value, out.notes);
            e0.rule = "the scenario's power_gw times the start's draw now over its draw in the scenario (" +
                      fmt(drawAfter) + " GW / " + fmt(drawBefore) + " GW): its headroom kept";
        }
        e0.value = out.scenario[Param::PowerGw];
        out.inputs.push_back(std::move(e0));
        std::stable_sort(
            out.inputs.begin(), out.inputs.end(),
            [](const CalibratedInput &a, const CalibratedInput &b) { return a.param < b.param; });
    }
    validateScenario(out.scenario, "backtest as of " + monthLabel(asOf));
    return out;
}

double nvidiaCumulativeAt(const data::Dataset &dataset, MonthIndex month, MonthIndex knownBy,
                          RowDating dating)
{
    const Context c(dataset, knownBy, dating);
    const ShipmentTrend trend = shipmentTrend(c);
    return cumulativeAt(c, trend, month).h100e;
}

} // namespace jevons::backtest
