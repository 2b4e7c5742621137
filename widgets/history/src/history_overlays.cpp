#include "jevons/history/history_overlays.h"

#include "jevons/charts/fan_chart.h"
#include "jevons/market/history_data.h"
#include "jevons/market/provenance.h"

#include <QDateTime>
#include <QRegularExpression>

#include <algorithm>
#include <cmath>
#include <limits>
#include <map>
#include <set>

namespace jevons::ui {

int monthOffset(int year, int month, int startYear, int startMonth)
{
    return (year * 12 + month - 1) - (startYear * 12 + startMonth - 1);
}

double monthOffsetToMsecs(double offset, int startYear, int startMonth)
{
    const int whole = int(std::floor(offset));
    const int index = startYear * 12 + startMonth - 1 + whole;
    const QDateTime first(QDate(index / 12, index % 12 + 1, 1), QTime(0, 0));
    const QDateTime next = first.addMonths(1);
    return double(first.toMSecsSinceEpoch()) +
           (offset - whole) * double(next.toMSecsSinceEpoch() - first.toMSecsSinceEpoch());
}

namespace {
bool isTotalProduct(const QString &product)
{
    static const QRegularExpression All(QStringLiteral("\\ball\\b"),
                                        QRegularExpression::CaseInsensitiveOption);
    return All.match(product).hasMatch();
}

/// Month index (year * 12 + month - 1) of the first day after a period: the end of a cumulative span.
int monthAfter(const data::Date &d)
{
    switch (d.precision) {
    case data::DatePrecision::Year:
        return (d.year + 1) * 12;
    case data::DatePrecision::Quarter:
        return d.year * 12 + d.quarter * 3;
    case data::DatePrecision::Month:
    case data::DatePrecision::Day:
        return d.year * 12 + d.month; // a day counts as the end of its month: Epoch's totals are monthly
    }
    return d.year * 12;
}

/// Month index a price takes effect: its month; a quarter's middle month; July for a year (the fit places a
/// year-only date mid-year).
int effectiveMonth(const data::Date &d)
{
    switch (d.precision) {
    case data::DatePrecision::Year:
        return d.year * 12 + 6;
    case data::DatePrecision::Quarter:
        return d.year * 12 + (d.quarter - 1) * 3 + 1;
    case data::DatePrecision::Month:
    case data::DatePrecision::Day:
        return d.year * 12 + d.month - 1;
    }
    return d.year * 12;
}

void addSources(ObservedSeries &out, const SourceCollector &collector)
{
    out.sources = collector.lines();
    for (const SourceEntry &e : collector.entries())
        out.userSupplied = out.userSupplied || e.userSupplied;
}
} // namespace

std::vector<CumulativeAnchor> cumulativeNvidiaH100e(const data::Dataset &dataset)
{
    std::vector<CumulativeAnchor> anchors;
    const data::Table *shipments = dataset.find("accelerator_shipments");
    if (!shipments)
        return anchors;
    std::map<int, const data::Row *> byYear;
    for (const data::Row &row : shipments->rows) {
        const data::Date &period = shipments->date(row, "period");
        if (!sameText(cellText(*shipments, row, "vendor"), QStringLiteral("NVIDIA")) ||
            !sameText(cellText(*shipments, row, "estimator"), QStringLiteral("Epoch AI")) ||
            !cellText(*shipments, row, "buyer").isEmpty() || period.precision != data::DatePrecision::Year ||
            !isTotalProduct(cellText(*shipments, row, "product")) ||
            !std::isfinite(shipments->number(row, "h100e")))
            continue;
        byYear.emplace(period.year, &row);
    }
    if (byYear.empty())
        return anchors;
    const int firstYear = byYear.begin()->first;
    CumulativeAnchor start;
    start.monthIndex = firstYear * 12;
    start.label = QObject::tr("Start of %1").arg(firstYear);
    anchors.push_back(start);
    double total = 0;
    std::vector<const data::Row *> summed;
    for (int year = firstYear; byYear.count(year); ++year) {
        const data::Row *row = byYear[year];
        total += shipments->number(*row, "h100e");
        summed.push_back(row);
        CumulativeAnchor a;
        a.monthIndex = (year + 1) * 12;
        a.h100e = total;
        a.label = QObject::tr("End of %1").arg(year);
        a.rows = summed;
        a.userSupplied =
            std::any_of(summed.begin(), summed.end(), [](const data::Row *r) { return r->userSupplied; });
        anchors.push_back(a);
    }
    // Epoch's own cumulative total, where it extends the sum (it counts from the same start, 2022-Q1).
    if (const data::Table *estimates = dataset.find("compute_estimates")) {
        const data::Row *best = nullptr;
        for (const data::Row &row : estimates->rows) {
            const data::Date &period = estimates->date(row, "period");
            const double value = estimates->number(row, "value");
            if (cellText(*estimates, row, "metric") != QLatin1String("cumulative_shipments") ||
                !sameText(cellText(*estimates, row, "unit"), QStringLiteral("H100e")) ||
                !cellText(*estimates, row, "scope").contains(QLatin1String("NVIDIA"), Qt::CaseInsensitive) ||
                !sameText(cellText(*estimates, row, "estimator"), QStringLiteral("Epoch AI")) ||
                estimates->value(row, "period").empty() || !std::isfinite(value) ||
                monthAfter(period) <= anchors.back().monthIndex || value < anchors.back().h100e)
                continue;
            if (!best || monthAfter(period) > monthAfter(estimates->date(*best, "period")))
                best = &row;
        }
        if (best) {
            CumulativeAnchor a;
            a.monthIndex = monthAfter(estimates->date(*best, "period"));
            a.h100e = estimates->number(*best, "value");
            a.label = QObject::tr("Cumulative to %1")
                          .arg(QString::fromStdString(estimates->date(*best, "period").toString()));
            a.rows = {best};
            a.fromTotal = true;
            a.userSupplied = best->userSupplied;
            anchors.push_back(a);
        }
    }
    return anchors;
}

ObservedSeries observedInstalledCompute(const data::Dataset &dataset, int startYear, int startMonth)
{
    ObservedSeries out;
    out.unit = QStringLiteral("H100e");
    out.label = QObject::tr("Observed: NVIDIA cumulative shipments (Epoch AI)");
    out.description = QObject::tr(
        "Cumulative NVIDIA data-centre AI GPU shipments in H100e (Epoch AI's yearly totals, summed, and its "
        "cumulative total), linear within each span. No retirements are subtracted and other vendors are not "
        "in "
        "H100e in the dataset: a lower bound on installed compute.");
    const std::vector<CumulativeAnchor> anchors = cumulativeNvidiaH100e(dataset);
    if (anchors.size() < 2)
        return out;
    SourceCollector sources;
    const data::Table &shipments = *dataset.find("accelerator_shipments");
    const data::Table &estimates = *dataset.find("compute_estimates");
    for (const CumulativeAnchor &a : anchors)
        sources.add(a.fromTotal ? estimates : shipments, a.rows);
    const int startIndex = startYear * 12 + startMonth - 1;
    for (std::size_t k = 0; k + 1 < anchors.size(); ++k) {
        const CumulativeAnchor &a = anchors[k];
        const CumulativeAnchor &b = anchors[k + 1];
        const bool last = k + 2 == anchors.size();
        for (int m = a.monthIndex; m < b.monthIndex + (last ? 1 : 0); ++m) {
            if (m >= startIndex)
                break;
            const double t = double(m - a.monthIndex) / double(b.monthIndex - a.monthIndex);
            out.points.append(QPointF(m - startIndex, a.h100e + t * (b.h100e - a.h100e)));
        }
    }
    addSources(out, sources);
    return out;
}

ObservedSeries observedTokenPrice(const data::Dataset &dataset, int startYear, int startMonth)
{
    ObservedSeries out;
    out.unit = QStringLiteral("USD per million tokens");
    out.label = QObject::tr("Observed: frontier list price, blended 3:1");
    out.description = QObject::tr("Geometric mean over providers of each one's current flagship list price "
                                  "(frontier = 1 rows), blended "
                                  "3 input : 1 output. List prices of the top tier, not the volume-weighted "
                                  "price paid: the dataset has "
                                  "no token volumes.");
    const data::Table *prices = dataset.find("api_prices");
    if (!prices)
        return out;
    struct Price {
        int month;
        double blended;
        const data::Row *row;
    };
    std::map<QString, std::vector<Price>> byProvider;
    int first = std::numeric_limits<int>::max();
    for (const data::Row &row : prices->rows) {
        const double input = prices->number(row, "input_usd_per_mtok");
        const double output = prices->number(row, "output_usd_per_mtok");
        if (prices->number(row, "frontier") != 1 || !(input > 0) || !(output > 0))
            continue;
        const int month = effectiveMonth(prices->date(row, "price_date"));
        byProvider[cellText(*prices, row, "provider").simplified().toLower()].push_back(
            {month, (3 * input + output) / 4, &row});
        first = std::min(first, month);
    }
    if (byProvider.empty())
        return out;
    SourceCollector sources;
    std::set<const data::Row *> used;
    const int startIndex = startYear * 12 + startMonth - 1;
    for (int m = first; m < startIndex; ++m) {
        double logSum = 0;
        int providers = 0;
        for (const auto &[provider, list] : byProvider) {
            int latest = std::numeric_limits<int>::min();
            for (const Price &p : list)
                if (p.month <= m)
                    latest = std::max(latest, p.month);
            if (latest == std::numeric_limits<int>::min())
                continue;
            // Several flagship rows taking effect the same month: their geometric mean.
            double providerLog = 0;
            int count = 0;
            for (const Price &p : list) {
                if (p.month == latest) {
                    providerLog += std::log(p.blended);
                    ++count;
                    if (used.insert(p.row).second)
                        sources.add(*prices, *p.row);
                }
            }
            logSum += providerLog / count;
            ++providers;
        }
        if (providers > 0)
            out.points.append(QPointF(m - startIndex, std::exp(logSum / providers)));
    }
    addSources(out, sources);
    return out;
}

ObservedSeries observedCapexPerMonth(const data::Dataset &dataset, int startYear, int startMonth)
{
    ObservedSeries out;
    out.unit = QStringLiteral("USD per month");
    const data::Table *quarterly = dataset.find("capex_quarterly");
    const data::Table *annual = dataset.find("capex_annual");
    if (!quarterly || !annual)
        return out;
    const std::vector<CapexQuarter> quarters = capexByQuarter(*quarterly);
    const std::vector<CapexYear> years = capexByYear(*annual);
    QStringList companies;
    for (const CapexQuarter &q : quarters)
        if (!companies.contains(q.company, Qt::CaseInsensitive))
            companies << q.company;
    if (companies.isEmpty())
        return out;
    out.label = QObject::tr("Observed: capex of %1").arg(companies.join(QStringLiteral(" + ")));
    out.description = QObject::tr("Capex of %1 per month: quarterly capex / 3 at the quarter's middle month "
                                  "where every one of them "
                                  "reports the quarter; calendar-year capex / 12 at July where every one "
                                  "gives the year (actuals only) "
                                  "and its quarters are not all covered.")
                          .arg(companies.join(QStringLiteral(", ")));
    SourceCollector sources;
    const int startIndex = startYear * 12 + startMonth - 1;
    struct Point {
        double usdPerMonth;
        std::vector<const data::Row *> rows;
        bool fromQuarters;
    };
    std::map<int, Point> points;        // by month index
    std::map<int, int> coveredQuarters; // year -> quarters used
    std::map<int, std::vector<const CapexQuarter *>> byQuarter;
    for (const CapexQuarter &q : quarters)
        byQuarter[q.year * 4 + q.quarter - 1].push_back(&q);
    for (const auto &[key, list] : byQuarter) {
        if (int(list.size()) != companies.size())
            continue;
        const int year = key / 4, quarter = key % 4 + 1;
        const int middle = year * 12 + (quarter - 1) * 3 + 1;
        if (middle >= startIndex)
            continue;
        double sum = 0;
        std::vector<const data::Row *> rows;
        for (const CapexQuarter *q : list) {
            sum += q->usdBn;
            rows.push_back(q->row);
        }
        points[middle] = {sum * 1e9 / 3, rows, true};
        ++coveredQuarters[year];
    }
    std::map<int, std::vector<const CapexYear *>> byYear;
    for (const CapexYear &y : years)
        if (!y.guidance && companies.contains(y.company, Qt::CaseInsensitive))
            byYear[y.year].push_back(&y);
    for (const auto &[year, list] : byYear) {
        const int july = year * 12 + 6;
        if (int(list.size()) != companies.size() || coveredQuarters[year] == 4 || july >= startIndex)
            continue;
        double sum = 0;
        std::vector<const data::Row *> rows;
        for (const CapexYear *y : list) {
            sum += y->usdBn.value;
            rows.push_back(y->row);
        }
        points.emplace(july, Point{sum * 1e9 / 12, rows, false});
    }
    for (const auto &[month, point] : points) {
        out.points.append(QPointF(month - startIndex, point.usdPerMonth));
        sources.add(point.fromQuarters ? *quarterly : *annual, point.rows);
    }
    addSources(out, sources);
    return out;
}

int applyObservedHistory(const QList<FanChart *> &fans, const data::Dataset &dataset,
                         const Scenario &scenario)
{
    int applied = 0;
    for (FanChart *fan : fans) {
        if (!fan)
            continue;
        ObservedSeries series;
        const QString id = fan->chartId();
        if (id == QLatin1String("supply_demand"))
            series = observedInstalledCompute(dataset, scenario.startYear, scenario.startMonth);
        else if (id == QLatin1String("token_price"))
            series = observedTokenPrice(dataset, scenario.startYear, scenario.startMonth);
        else if (id == QLatin1String("capex_revenue"))
            series = observedCapexPerMonth(dataset, scenario.startYear, scenario.startMonth);
        else
            continue;
        fan->setHistory(series.points, series.label);
        if (!series.points.isEmpty())
            ++applied;
    }
    return applied;
}

} // namespace jevons::ui
