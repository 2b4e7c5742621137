#include "jevons/backtest/observations.h"

#include "jevons/backtest/calibration.h"
#include "selections.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <map>
#include <set>
#include <unordered_set>

namespace jevons::backtest {

namespace {

using detail::cell;
using detail::RowFilter;

const RowFilter AllRows{};

std::string fmt(double v, int digits = 4)
{
    return formatNumber(v, digits);
}

} // namespace

const std::vector<Mapping> &mappings()
{
    static const std::vector<Mapping> Table = [] {
        std::vector<Mapping> t;
        {
            Mapping m;
            m.id = "nvidia_cumulative_h100e";
            m.label = "NVIDIA cumulative shipments since 2022 (Epoch AI), H100e";
            m.series = Series::Supply;
            m.countSinceStart = true;
            m.unit = "H100e";
            m.reason = "The model's supply is every vendor's installed base, net of retirements; the count "
                       "is NVIDIA's "
                       "shipments since 2022-Q1, never retired. S0 is NVIDIA's count over its share (0.725) "
                       "but G0 is "
                       "NVIDIA's shipments alone (the Base case's arithmetic), so the model's new supply is "
                       "NVIDIA's: the "
                       "count is compared with the supply less the start base's retirements plus NVIDIA's "
                       "count at the "
                       "start, S_k - S0 (1 - 1/(12 L))^k + C(start).";
            m.differences =
                "New chips retire in the model at 1/(12 L) a month but never in the count (about 10 % "
                "of a year's shipments by its end at L = 5); shipped but unpowered accelerators are in "
                "the count, not in the supply.";
            m.chartId = "supply_demand";
            t.push_back(m);
        }
        {
            Mapping m;
            m.id = "hyperscaler_capex";
            m.label = "Capex of Microsoft, Meta, Alphabet and Amazon, USD per month";
            m.series = Series::Capex;
            m.unit = "USD per month";
            m.reason =
                "The model's capex is all-in capex (chip, server, data centre) on the accelerators shipped, "
                "for every buyer. The four companies' capex also pays for non-AI servers, sites for later "
                "years and their own chips, and leaves out every other buyer; the dataset gives neither "
                "share, so the factor is 1: the two are assumed to cancel, as the Base case's K0 check does.";
            m.differences =
                "Quarters count where all four companies report (quarterly capex / 3 at the middle "
                "month), else calendar years where all four give an actual (/ 12 at July).";
            m.chartId = "capex_revenue";
            t.push_back(m);
        }
        {
            Mapping m;
            m.id = "nvidia_dc_revenue";
            m.label = "NVIDIA Data Center revenue, USD per month";
            m.series = Series::Capex;
            m.scale = BaseCaseRatios::chipShareOfCapex;
            m.unit = "USD per month";
            m.reason =
                "NVIDIA's Data Center revenue is what buyers pay NVIDIA for its accelerators. The model's "
                "shipments are NVIDIA's and K0 is twice the chip's price (the chip is half of all-in "
                "capex), so half of the model's capex is NVIDIA's chip revenue.";
            m.differences =
                "The revenue includes networking (7.3 of 41.1 B USD in FY2026-Q2, "
                "nvidia_dc_revenue.csv), so it reads about a fifth above chips alone; fiscal quarters "
                "(ending late January, April, July, October) are placed at their middle month.";
            m.chartId = "capex_revenue";
            t.push_back(m);
        }
        {
            Mapping m;
            m.id = "frontier_token_price";
            m.label = "Frontier API list price, blended 3:1, USD per million tokens";
            m.series = Series::TokenPrice;
            m.scale = BaseCaseRatios::frontierPremium;
            m.unit = "USD per million tokens";
            m.reason =
                "The model's token price is volume-weighted; the dataset has list prices and no volumes. "
                "The frontier price (geometric mean over providers of each one's flagship, blended 3:1) "
                "is compared with the model's price times a constant frontier premium, 3.727 (its value "
                "at the Base case's start over c0 = 1), by which c0 is also calibrated: the backtest tests "
                "how fast the price falls, not its level.";
            m.differences =
                "The mean moves when a provider joins or changes its flagship (DeepSeek's at 0.3 USD), "
                "which the model knows nothing of; scored at each quarter's middle month.";
            m.chartId = "token_price";
            t.push_back(m);
        }
        return t;
    }();
    return Table;
}

const Mapping *findMapping(std::string_view id)
{
    for (const Mapping &m : mappings()) {
        if (m.id == id) {
            return &m;
        }
    }
    return nullptr;
}

const std::vector<LeftOut> &leftOutSeries()
{
    static const std::vector<LeftOut> Table = {
        {"GPU-hour rental price", "gpu_hour_price_usd",
         "The only GPU-hour price in the dataset is DeepSeek's own costing assumption (2 USD per H800-hour, "
         "2024-12; demand_drivers.csv › training_cost_example, kind assumption), not a market rate: drawn on "
         "the "
         "GPU-hour fan with that label, not scored."},
        {"Installed power (compute_estimates.csv › installed_power, cumulative_shipments in GW)",
         "power_draw_gw",
         "Chip-level power (NVIDIA's chips 9.0 GW at 2026-Q1; all vendors above 10 GW, a lower bound), while "
         "the "
         "model draws facility power: converting needs the server overhead (1.62-1.82x) and a PUE of 1.3, "
         "both "
         "assumptions, and the two rows are one date at the Base case's start."},
        {"Annual NVIDIA H100e shipments", "",
         "The spec has no shipments series, and a year's sum cannot be read from monthly fans: scored "
         "through the "
         "cumulative count instead (a series cumulative_shipments_h100e is proposed in docs/model.md)."},
        {"Demand, utilisation, the demand/supply ratio and the shortage probability",
         "demand_h100e, utilization, demand_supply_ratio",
         "No row measures demand or utilisation (u0 is an assumption of the Base case)."},
        {"Tokens served, AI revenue and cumulative AI revenue",
         "tokens_served_per_month, ai_revenue_usd_per_month, cumulative_ai_revenue_usd",
         "No row gives tokens served or AI revenue, only NVIDIA's statement that token generation grew "
         "tenfold in "
         "a year and the revenue the build-out would need."},
        {"Compute revenue", "compute_revenue_usd_per_month", "No row gives GPU rental revenue."},
        {"Depreciation", "depreciation_usd_per_month",
         "The rows give server lives and one change in Meta's depreciation, not the depreciation of AI "
         "accelerators."},
        {"Cumulative capex", "cumulative_capex_usd",
         "Scored through monthly capex: a running sum of the same observations would count them twice."},
        {"Unpowered accelerators", "unpowered_h100e", "No row counts accelerators waiting for power."},
    };
    return Table;
}

namespace {

/// Keeps the first of each repeated row reference, in order. A set of keys instead of a search of the
/// list for each new reference: with 100,000 imported price rows at one month that search took a minute.
void removeRepeats(std::vector<RowRef> &refs)
{
    std::unordered_set<std::string> seen;
    std::size_t kept = 0;
    for (RowRef &r : refs) {
        std::string id = r.file + '\x1f' + r.key + '\x1f' + r.asOf + '\x1f' +
                         (r.knownFrom ? std::to_string(*r.knownFrom) : std::string()) + '\x1f' +
                         (r.userSupplied ? '1' : '0');
        if (seen.insert(std::move(id)).second) {
            if (&refs[kept] != &r) {
                refs[kept] = std::move(r);
            }
            ++kept;
        }
    }
    refs.resize(kept);
}

/// Adds a row behind `p`; repeats are removed once the point is complete (observedPoints()).
void addRow(ObservedPoint &p, const data::Table &table, const data::Row &row)
{
    p.rows.push_back(rowRef(table, row));
    p.userSupplied = p.userSupplied || row.userSupplied;
}

std::vector<ObservedPoint> cumulativePoints(const data::Dataset &dataset)
{
    std::vector<ObservedPoint> out;
    for (const CumulativeCount &a : nvidiaCumulativeCount(dataset)) {
        ObservedPoint p;
        p.month = a.month;
        p.value = a.h100e;
        p.what = a.fromTotal ? "Epoch AI's cumulative total"
                             : "Epoch AI's yearly totals summed from their first year";
        for (const data::Row *row : a.rows) {
            addRow(p, *a.table, *row);
        }
        out.push_back(std::move(p));
    }
    return out;
}

std::vector<ObservedPoint> capexPoints(const data::Dataset &dataset)
{
    std::vector<ObservedPoint> out;
    const data::Table *quarterly = dataset.find("capex_quarterly");
    const data::Table *annual = dataset.find("capex_annual");
    if (!quarterly || !annual) {
        return out;
    }
    const std::vector<detail::CapexFigure> quarters = detail::capexByQuarter(*quarterly, AllRows);
    std::vector<std::string> companies;
    for (const detail::CapexFigure &q : quarters) {
        if (std::none_of(companies.begin(), companies.end(),
                         [&](const std::string &c) { return sameText(c, q.company); })) {
            companies.push_back(q.company);
        }
    }
    if (companies.empty()) {
        return out;
    }
    std::map<MonthIndex, ObservedPoint> points;
    std::map<int, int> coveredQuarters;
    std::map<int, std::vector<const detail::CapexFigure *>> byQuarter;
    for (const detail::CapexFigure &q : quarters) {
        if (!q.guidance) {
            byQuarter[q.year * 4 + q.quarter - 1].push_back(&q);
        }
    }
    for (const auto &[key, list] : byQuarter) {
        if (list.size() != companies.size()) {
            continue; // only where every company reports, so that the sum does not jump
        }
        const int year = key / 4, quarter = key % 4 + 1;
        ObservedPoint p;
        p.month = monthIndex(year, (quarter - 1) * 3 + 2);
        double sum = 0;
        for (const detail::CapexFigure *q : list) {
            sum += q->usdBn;
            addRow(p, *quarterly, *q->row);
        }
        p.value = sum * 1e9 / 3;
        p.what = "the " + std::to_string(companies.size()) + " companies' capex in " + std::to_string(year) +
                 "-Q" + std::to_string(quarter) + " / 3";
        points[p.month] = std::move(p);
        ++coveredQuarters[year];
    }
    const std::vector<detail::CapexFigure> years = detail::capexByYear(*annual, AllRows);
    std::map<int, std::vector<const detail::CapexFigure *>> byYear;
    for (const detail::CapexFigure &y : years) {
        if (!y.guidance && std::any_of(companies.begin(), companies.end(),
                                       [&](const std::string &c) { return sameText(c, y.company); })) {
            byYear[y.year].push_back(&y);
        }
    }
    for (const auto &[year, list] : byYear) {
        if (list.size() != companies.size() || coveredQuarters[year] == 4) {
            continue;
        }
        ObservedPoint p;
        p.month = monthIndex(year, 7);
        double sum = 0;
        for (const detail::CapexFigure *y : list) {
            sum += y->usdBn;
            addRow(p, *annual, *y->row);
        }
        p.value = sum * 1e9 / 12;
        p.what = "the " + std::to_string(companies.size()) + " companies' capex in CY" +
                 std::to_string(year) + " / 12";
        points.emplace(p.month, std::move(p));
    }
    for (auto &[month, p] : points) {
        out.push_back(std::move(p));
    }
    return out;
}

std::vector<ObservedPoint> revenuePoints(const data::Dataset &dataset)
{
    std::vector<ObservedPoint> out;
    const data::Table *revenue = dataset.find("nvidia_dc_revenue");
    if (!revenue) {
        return out;
    }
    for (const data::Row &row : revenue->rows) {
        const double usdBn = revenue->number(row, "revenue_usd_bn");
        if (!std::isfinite(usdBn) || revenue->value(row, "quarter_end").empty()) {
            continue;
        }
        ObservedPoint p;
        // A fiscal quarter ends late in its third month: its middle month is the one before.
        p.month = lastMonthOf(revenue->date(row, "quarter_end")) - 1;
        p.value = usdBn * 1e9 / 3;
        p.what = cell(*revenue, row, "fiscal_quarter") + " revenue / 3";
        addRow(p, *revenue, row);
        out.push_back(std::move(p));
    }
    std::stable_sort(out.begin(), out.end(),
                     [](const ObservedPoint &a, const ObservedPoint &b) { return a.month < b.month; });
    return out;
}

std::vector<ObservedPoint> tokenPricePoints(const data::Dataset &dataset, bool everyMonth)
{
    std::vector<ObservedPoint> out;
    const auto prices = detail::flagshipPrices(dataset, AllRows);
    MonthIndex first = 0, last = 0;
    bool any = false;
    for (const auto &[provider, list] : prices) {
        for (const detail::FlagshipPrice &p : list) {
            first = any ? std::min(first, p.month) : p.month;
            last = any ? std::max(last, p.month) : p.month;
            any = true;
        }
    }
    if (!any) {
        return out;
    }
    const data::Table &api = *dataset.find("api_prices");
    // Each calendar quarter's middle month, through the quarter of the latest price: one point a quarter, as
    // for capex, rather than twelve nearly equal ones a year. Drawn on a fan: every month from the first
    // price to the end of that quarter (the scored months among them).
    const MonthIndex from = everyMonth ? first : first - first % 3 + 1;
    const MonthIndex to = last - last % 3 + (everyMonth ? 2 : 1);
    for (MonthIndex m = from; m <= to; m += everyMonth ? 1 : 3) {
        std::vector<const data::Row *> used;
        const std::optional<double> price = detail::frontierPriceAt(prices, m, &used);
        if (!price) {
            continue;
        }
        ObservedPoint p;
        p.month = m;
        p.value = *price;
        p.what = "geometric mean of " + std::to_string(used.size()) + " flagship prices, blended 3:1";
        for (const data::Row *r : used) {
            addRow(p, api, *r);
        }
        out.push_back(std::move(p));
    }
    return out;
}

} // namespace

std::vector<CumulativeCount> nvidiaCumulativeCount(const data::Dataset &dataset)
{
    std::vector<CumulativeCount> out;
    for (const detail::CumulativeAnchor &a : detail::nvidiaCumulativeAnchors(dataset, AllRows)) {
        if (a.rows.empty()) {
            continue; // the count's zero at its first January is a definition, not an observation
        }
        CumulativeCount c;
        c.month = a.month;
        c.h100e = a.h100e;
        c.fromTotal = a.fromTotal;
        c.table = a.rows.front().first;
        for (const auto &[table, row] : a.rows) {
            c.rows.push_back(row);
        }
        out.push_back(std::move(c));
    }
    return out;
}

std::vector<ObservedPoint> observedPoints(const data::Dataset &dataset, const Mapping &mapping,
                                          bool everyMonth)
{
    std::vector<ObservedPoint> points;
    if (mapping.id == "nvidia_cumulative_h100e") {
        points = cumulativePoints(dataset);
    } else if (mapping.id == "hyperscaler_capex") {
        points = capexPoints(dataset);
    } else if (mapping.id == "nvidia_dc_revenue") {
        points = revenuePoints(dataset);
    } else if (mapping.id == "frontier_token_price") {
        points = tokenPricePoints(dataset, everyMonth);
    }
    for (ObservedPoint &p : points) {
        removeRepeats(p.rows);
    }
    return points;
}

double Transform::offset(int step) const
{
    if (!countSinceStart) {
        return 0;
    }
    return cumulativeAtStart - startBase * std::pow(monthlyRetention, double(std::max(step, 0)));
}

Transform transformFor(const Mapping &mapping, const Scenario &scenario, double cumulativeAtStart)
{
    Transform t;
    t.scale = mapping.scale;
    t.countSinceStart = mapping.countSinceStart;
    t.cumulativeAtStart = cumulativeAtStart;
    t.startBase = scenario[Param::InstalledBase] * 1e6;
    t.monthlyRetention = 1.0 - 1.0 / (12.0 * scenario[Param::GpuLifeYears]);
    return t;
}

namespace {

/// Adds rows behind `o`; repeats are removed once the overlay is complete (historyOverlays()).
void addSources(HistoryOverlay &o, const std::vector<RowRef> &rows)
{
    for (const RowRef &r : rows) {
        o.sources.push_back(r);
        o.userSupplied = o.userSupplied || r.userSupplied;
    }
}

HistoryOverlay mappedOverlay(const data::Dataset &dataset, const Scenario &scenario, const Mapping &m,
                             bool primary)
{
    HistoryOverlay o;
    o.chartId = m.chartId;
    o.series = m.series;
    o.mappingId = m.id;
    o.primary = primary;
    const MonthIndex start = monthIndex(scenario.startYear, scenario.startMonth);
    double cumulative = 0;
    if (m.countSinceStart) {
        // The shift needs NVIDIA's count at the start: from the rows, carried at most a year past the last
        // counted point (further it would be a forecast), and below the scenario's installed base.
        const std::vector<ObservedPoint> counted = observedPoints(dataset, m);
        cumulative = nvidiaCumulativeAt(dataset, start, start, RowDating::Described);
        if (counted.empty() || start > counted.back().month + 12 ||
            !(cumulative <= scenario[Param::InstalledBase] * 1e6)) {
            cumulative = std::numeric_limits<double>::quiet_NaN();
        }
    }
    const Transform t = transformFor(m, scenario, cumulative);
    o.likeForLike = std::isfinite(cumulative);
    // Exactly the observations the backtest scores, mapped into the fan's quantity.
    const ObservedPoint *last = nullptr;
    const std::vector<ObservedPoint> points = observedPoints(dataset, m, true);
    for (const ObservedPoint &p : points) {
        if (p.month >= start) {
            break;
        }
        const double value = o.likeForLike ? t.toModel(p.value, p.month - start) : p.value;
        o.points.push_back({p.month, value});
        addSources(o, p.rows);
        last = &p;
    }
    // The last observation as the dataset gives it, and how far before the start it lies.
    const std::string lastSaid = last ? fmt(last->value / (m.countSinceStart           ? 1e6
                                                           : m.series == Series::Capex ? 1e9
                                                                                       : 1),
                                            3) +
                                            (m.countSinceStart           ? " M H100e"
                                             : m.series == Series::Capex ? " B USD a month"
                                                                         : " USD per million tokens") +
                                            " in " + monthLabel(last->month) + ", " +
                                            std::to_string(start - last->month) + " months before the start"
                                      : std::string();
    if (m.countSinceStart) {
        if (o.likeForLike) {
            o.label = "Observed: NVIDIA cumulative shipments (Epoch AI) + " +
                      fmt((t.startBase - cumulative) / 1e6, 3) + " M H100e outside NVIDIA's count";
            o.legend = "Observed: NVIDIA count + " + fmt((t.startBase - cumulative) / 1e6, 3) + " M";
            o.explanation =
                "NVIDIA's shipments since 2022 in H100e (" + lastSaid +
                "), shifted up by the part of the start's installed base (S0 = " + fmt(t.startBase / 1e6, 3) +
                " M) that NVIDIA's count at the start (" + fmt(cumulative / 1e6, 3) +
                " M) leaves out: other vendors and older chips, net of retirements, as the Base case judges "
                "them. The backtest compares the same count with the fan.";
        } else {
            o.label = "Observed: NVIDIA cumulative shipments since 2022 (Epoch AI), not like for like";
            o.legend = "Observed: NVIDIA count (unmapped)";
            o.explanation =
                "NVIDIA's shipments since 2022 in H100e, as counted: the installed base of the fan also "
                "holds other vendors and older chips. The dataset cannot give NVIDIA's count at this "
                "scenario's start, so the history is not shifted onto the fan.";
        }
    } else if (m.id == "frontier_token_price") {
        o.label = "Observed: frontier list price ÷ " + fmt(m.scale) + " (frontier premium)";
        o.legend = "Observed: frontier price ÷ " + fmt(m.scale);
        o.explanation = "The providers' flagship list prices, geometric mean, blended 3 input : 1 output (" +
                        lastSaid + "), divided by the frontier premium " + fmt(m.scale) +
                        ": the fan is a volume-weighted price and the dataset has no volumes. The premium is "
                        "the frontier "
                        "price at 2026-04 over the Base case's c0 of 1 USD, so at that start the history "
                        "meets the fan by "
                        "construction; it shows how fast the price fell, not its level.";
    } else if (m.id == "hyperscaler_capex") {
        o.label = "Observed: capex of Microsoft, Meta, Alphabet and Amazon × 1 (as reported)";
        o.legend = "Observed: big-4 capex × 1";
        o.explanation =
            "The four companies' capex per month (" + lastSaid +
            "), as reported: it also pays for non-AI servers, sites and their own chips, and leaves out "
            "every "
            "other buyer, while the fan is all-in capex on the accelerators shipped; no row gives either "
            "share, so the two are taken to cancel (factor 1).";
    } else if (m.id == "nvidia_dc_revenue") {
        o.label =
            "Observed: NVIDIA Data Center revenue ÷ " + fmt(m.scale, 2) + " (the chip's share of capex)";
        o.legend = "Observed: NVIDIA DC revenue ÷ " + fmt(m.scale, 2);
        o.explanation =
            "NVIDIA's Data Center revenue per month (" + lastSaid +
            ") divided by the chip's share of all-in "
            "capex (" +
            fmt(m.scale, 2) +
            ", the Base case's K0 reasoning): what all-in capex on NVIDIA's chips would be. It includes "
            "networking, so it reads about a fifth high.";
    }
    return o;
}

/// Adds to `o` the positive values, as written, of the rows of `topic` that `keep` selects and that are
/// dated (their period's last month) before the scenario's start, in month order.
template <typename Keep>
void addRowsAsWritten(HistoryOverlay &o, const data::Dataset &dataset, const Scenario &scenario,
                      std::string_view topic, Keep keep)
{
    const MonthIndex start = monthIndex(scenario.startYear, scenario.startMonth);
    const data::Table *table = dataset.find(topic);
    if (!table) {
        return;
    }
    for (const data::Row &row : table->rows) {
        const double value = table->number(row, "value");
        if (!keep(*table, row) || !(value > 0) || table->value(row, "period").empty()) {
            continue;
        }
        const MonthIndex month = lastMonthOf(table->date(row, "period"));
        if (month < start) {
            o.points.push_back({month, value});
            addSources(o, {rowRef(*table, row)});
        }
    }
    std::stable_sort(
        o.points.begin(), o.points.end(),
        [](const HistoryOverlay::Point &a, const HistoryOverlay::Point &b) { return a.month < b.month; });
}

HistoryOverlay gpuHourOverlay(const data::Dataset &dataset, const Scenario &scenario)
{
    HistoryOverlay o;
    o.chartId = "gpu_hour_price";
    o.series = Series::GpuHourPrice;
    o.likeForLike = false;
    o.label = "DeepSeek's assumed H800 rental price (an assumption, not a market price)";
    o.legend = "DeepSeek's assumption (not observed)";
    o.explanation =
        "The only GPU-hour price in the dataset is DeepSeek's own costing assumption for its V3 training "
        "run (an H800 is an export H100, one H100e): a source's assumption, not an observed rental "
        "rate, so the backtest does not score it. The Base case's P0 of 2 USD per H100e-hour is this same "
        "figure (docs/model.md, Provenance of the Base case), so the two agree by choice, not by "
        "observation; the dataset has no market rental prices.";
    addRowsAsWritten(o, dataset, scenario, "demand_drivers", [](const data::Table &t, const data::Row &row) {
        return sameText(cell(t, row, "unit"), "USD per GPU-hour");
    });
    return o;
}

/// The power fan's history: the chip power of accelerators already shipped, as the dataset states it
/// (compute_estimates rows in GW). Not like for like: chip level only, where the fan draws facility power.
HistoryOverlay chipPowerOverlay(const data::Dataset &dataset, const Scenario &scenario)
{
    HistoryOverlay o;
    o.chartId = "power";
    o.series = Series::PowerDraw;
    o.likeForLike = false;
    o.label = "Chip power of NVIDIA's AI GPUs shipped since 2022 (Epoch AI; chip level, not facility power)";
    o.legend = "Observed: NVIDIA chip power (chip level)";
    o.explanation =
        "What NVIDIA's AI GPUs shipped since 2022 draw at the chip (Epoch AI's estimate; all vendors' chips "
        "draw more than 10 GW). The fan is facility power of every vendor's installed base, S0 × w0 at the "
        "start: servers add 1.62–1.82x over their chips and cooling a PUE of about 1.3, so the same chips "
        "draw 19–21 GW at the facility (docs/model.md, Provenance of the Base case, w0 and E0). Not scored "
        "by the backtest.";
    addRowsAsWritten(o, dataset, scenario, "compute_estimates",
                     [](const data::Table &t, const data::Row &row) {
                         return sameText(cell(t, row, "unit"), "GW") &&
                                sameText(cell(t, row, "metric"), "cumulative_shipments");
                     });
    return o;
}

} // namespace

std::vector<HistoryOverlay> historyOverlays(const data::Dataset &dataset, const Scenario &scenario)
{
    std::vector<HistoryOverlay> out;
    std::set<std::string> charts;
    for (const Mapping &m : mappings()) {
        out.push_back(mappedOverlay(dataset, scenario, m, charts.insert(m.chartId).second));
    }
    out.push_back(gpuHourOverlay(dataset, scenario));
    out.push_back(chipPowerOverlay(dataset, scenario));
    for (HistoryOverlay &o : out) {
        removeRepeats(o.sources);
    }
    return out;
}

} // namespace jevons::backtest
