#include "selections.h"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <cmath>
#include <limits>

namespace jevons::backtest::detail {

const std::string &cell(const data::Table &table, const data::Row &row, std::string_view column)
{
    return table.text(row, column);
}

bool containsWord(std::string_view text, std::string_view word)
{
    auto lower = [](char c) { return char(std::tolower(static_cast<unsigned char>(c))); };
    auto isWordChar = [](char c) { return std::isalnum(static_cast<unsigned char>(c)) != 0; };
    for (std::size_t i = 0; i + word.size() <= text.size(); ++i) {
        bool match = true;
        for (std::size_t j = 0; j < word.size() && match; ++j) {
            match = lower(text[i + j]) == lower(word[j]);
        }
        if (match && (i == 0 || !isWordChar(text[i - 1])) &&
            (i + word.size() == text.size() || !isWordChar(text[i + word.size()]))) {
            return true;
        }
    }
    return false;
}

double pointOrMidpoint(const data::Table &table, const data::Row &row, std::string_view point,
                       std::string_view low, std::string_view high)
{
    const double p = table.number(row, point);
    const double lo = low.empty() ? std::numeric_limits<double>::quiet_NaN() : table.number(row, low);
    const double hi = high.empty() ? std::numeric_limits<double>::quiet_NaN() : table.number(row, high);
    if (std::isfinite(p)) {
        return p;
    }
    if (std::isfinite(lo) && std::isfinite(hi)) {
        return (lo + hi) / 2;
    }
    if (std::isfinite(lo)) {
        return lo;
    }
    return hi;
}

std::vector<YearTotal> nvidiaYearTotals(const data::Dataset &dataset, const RowFilter &filter)
{
    std::vector<YearTotal> out;
    const data::Table *shipments = dataset.find("accelerator_shipments");
    if (!shipments) {
        return out;
    }
    std::map<int, YearTotal> byYear;
    for (const data::Row &row : shipments->rows) {
        const data::Date &period = shipments->date(row, "period");
        const double h100e = shipments->number(row, "h100e");
        if (!sameText(cell(*shipments, row, "vendor"), "NVIDIA") ||
            !sameText(cell(*shipments, row, "estimator"), "Epoch AI") ||
            !cell(*shipments, row, "buyer").empty() || period.precision != data::DatePrecision::Year ||
            !containsWord(cell(*shipments, row, "product"), "all") || !std::isfinite(h100e) ||
            !filter.allows(*shipments, row)) {
            continue;
        }
        byYear[period.year] = {period.year, h100e, shipments->number(row, "units"), &row}; // a later row wins
    }
    for (auto it = byYear.begin(); it != byYear.end(); ++it) {
        if (!out.empty() && it->first != out.back().year + 1) {
            break; // consecutive years only: a gap would make the sum jump
        }
        out.push_back(it->second);
    }
    return out;
}

std::vector<CumulativeTotal> nvidiaCumulativeTotals(const data::Dataset &dataset, const RowFilter &filter)
{
    std::vector<CumulativeTotal> out;
    const data::Table *estimates = dataset.find("compute_estimates");
    if (!estimates) {
        return out;
    }
    for (const data::Row &row : estimates->rows) {
        const double value = estimates->number(row, "value");
        if (cell(*estimates, row, "metric") != "cumulative_shipments" ||
            !sameText(cell(*estimates, row, "unit"), "H100e") ||
            !containsWord(cell(*estimates, row, "scope"), "NVIDIA") ||
            !sameText(cell(*estimates, row, "estimator"), "Epoch AI") ||
            estimates->value(row, "period").empty() || !std::isfinite(value) ||
            !filter.allows(*estimates, row)) {
            continue;
        }
        out.push_back({lastMonthOf(estimates->date(row, "period")) + 1, value, &row});
    }
    std::stable_sort(out.begin(), out.end(),
                     [](const CumulativeTotal &a, const CumulativeTotal &b) { return a.month < b.month; });
    return out;
}

std::vector<CumulativeAnchor> nvidiaCumulativeAnchors(const data::Dataset &dataset, const RowFilter &filter)
{
    std::vector<CumulativeAnchor> anchors;
    const std::vector<YearTotal> years = nvidiaYearTotals(dataset, filter);
    if (years.empty()) {
        return anchors;
    }
    const data::Table *shipments = dataset.find("accelerator_shipments");
    CumulativeAnchor start;
    start.month = monthIndex(years.front().year, 1); // the count starts at 0 (Epoch: from 2022-Q1)
    anchors.push_back(start);
    double total = 0;
    for (const YearTotal &y : years) {
        total += y.h100e;
        CumulativeAnchor a = anchors.back();
        a.month = monthIndex(y.year + 1, 1);
        a.h100e = total;
        a.rows.emplace_back(shipments, y.row);
        anchors.push_back(a);
    }
    // Epoch's own cumulative totals where they extend the sum (they count from the same start, 2022-Q1).
    const data::Table *estimates = dataset.find("compute_estimates");
    for (const CumulativeTotal &t : nvidiaCumulativeTotals(dataset, filter)) {
        if (t.month <= anchors.back().month || t.h100e < anchors.back().h100e) {
            continue;
        }
        CumulativeAnchor a;
        a.month = t.month;
        a.h100e = t.h100e;
        a.rows.emplace_back(estimates, t.row);
        a.fromTotal = true;
        anchors.push_back(a);
    }
    return anchors;
}

namespace {
MonthIndex effectiveMonth(const data::Date &d)
{
    switch (d.precision) {
    case data::DatePrecision::Year:
        return monthIndex(d.year, 7);
    case data::DatePrecision::Quarter:
        return monthIndex(d.year, (d.quarter - 1) * 3 + 2);
    case data::DatePrecision::Month:
    case data::DatePrecision::Day:
        return monthIndex(d.year, d.month);
    }
    return monthIndex(d.year, 7);
}

std::string lowerSimplified(std::string_view s)
{
    std::string out;
    for (char c : s) {
        if (c == ' ' || c == '\t') {
            if (!out.empty() && out.back() != ' ') {
                out += ' ';
            }
            continue;
        }
        out += char(std::tolower(static_cast<unsigned char>(c)));
    }
    while (!out.empty() && out.back() == ' ') {
        out.pop_back();
    }
    return out;
}
} // namespace

std::map<std::string, std::vector<FlagshipPrice>> flagshipPrices(const data::Dataset &dataset,
                                                                 const RowFilter &filter)
{
    std::map<std::string, std::vector<FlagshipPrice>> out;
    const data::Table *prices = dataset.find("api_prices");
    if (!prices) {
        return out;
    }
    for (const data::Row &row : prices->rows) {
        const double input = prices->number(row, "input_usd_per_mtok");
        const double output = prices->number(row, "output_usd_per_mtok");
        if (prices->number(row, "frontier") != 1 || !(input > 0) || !(output > 0) ||
            !filter.allows(*prices, row)) {
            continue;
        }
        // The 3:1 input:output mix of jevons::data::apiPricePoints() (resources/data/README.md).
        out[lowerSimplified(cell(*prices, row, "provider"))].push_back(
            {effectiveMonth(prices->date(row, "price_date")), (3 * input + output) / 4, &row});
    }
    return out;
}

std::optional<double> frontierPriceAt(const std::map<std::string, std::vector<FlagshipPrice>> &prices,
                                      MonthIndex month, std::vector<const data::Row *> *rows)
{
    double logSum = 0;
    int providers = 0;
    for (const auto &[provider, list] : prices) {
        MonthIndex latest = std::numeric_limits<MonthIndex>::min();
        for (const FlagshipPrice &p : list) {
            if (p.month <= month) {
                latest = std::max(latest, p.month);
            }
        }
        if (latest == std::numeric_limits<MonthIndex>::min()) {
            continue;
        }
        double providerLog = 0;
        int count = 0;
        for (const FlagshipPrice &p : list) {
            if (p.month == latest) {
                providerLog += std::log(p.blended);
                ++count;
                if (rows) {
                    rows->push_back(p.row);
                }
            }
        }
        logSum += providerLog / count;
        ++providers;
    }
    if (providers == 0) {
        return std::nullopt;
    }
    return std::exp(logSum / providers);
}

namespace {
int basisRank(std::string_view basis)
{
    static const std::string_view Order[] = {"incl_finance_leases", "gross_ppe_purchases", "ppe_purchases",
                                             "excl_finance_leases", ""};
    const std::string b = lowerSimplified(basis);
    for (int i = 0; i < 5; ++i) {
        if (b == Order[i]) {
            return i;
        }
    }
    return 5;
}

bool isSingleCompany(std::string_view company)
{
    return company.find(';') == std::string_view::npos && lowerSimplified(company).rfind("big ", 0) != 0;
}

void keep(std::vector<CapexFigure> &out, CapexFigure figure, const data::Table &table)
{
    auto it = std::find_if(out.begin(), out.end(), [&](const CapexFigure &c) {
        return c.year == figure.year && c.quarter == figure.quarter && sameText(c.company, figure.company);
    });
    if (it == out.end()) {
        out.push_back(std::move(figure));
        return;
    }
    if (figure.guidance) {
        if (it->guidance) {
            *it = std::move(figure); // two guidance rows: the later one in the file (the newer statement)
        }
        return;
    }
    if (it->guidance ||
        basisRank(cell(table, *figure.row, "basis")) < basisRank(cell(table, *it->row, "basis"))) {
        *it = std::move(figure);
    }
}
} // namespace

std::vector<CapexFigure> capexByYear(const data::Table &annual, const RowFilter &filter)
{
    std::vector<CapexFigure> out;
    for (const data::Row &row : annual.rows) {
        const std::string &company = cell(annual, row, "company");
        const std::string label = lowerSimplified(cell(annual, row, "year_label"));
        int year = 0;
        if (!isSingleCompany(company) || label.size() != 6 || label.rfind("cy", 0) != 0 ||
            std::from_chars(label.data() + 2, label.data() + 6, year).ec != std::errc() ||
            !filter.allows(annual, row)) {
            continue;
        }
        const double value =
            pointOrMidpoint(annual, row, "capex_usd_bn", "capex_usd_bn_low", "capex_usd_bn_high");
        if (!std::isfinite(value)) {
            continue;
        }
        keep(out, {company, year, 0, value, row.kind == data::Kind::Guidance, &row}, annual);
    }
    std::stable_sort(out.begin(), out.end(),
                     [](const CapexFigure &a, const CapexFigure &b) { return a.year < b.year; });
    return out;
}

std::vector<CapexFigure> capexByQuarter(const data::Table &quarterly, const RowFilter &filter)
{
    std::vector<CapexFigure> out;
    for (const data::Row &row : quarterly.rows) {
        const std::string &company = cell(quarterly, row, "company");
        const data::Date &date = quarterly.date(row, "quarter");
        const double value = quarterly.number(row, "capex_usd_bn");
        if (!isSingleCompany(company) || date.precision != data::DatePrecision::Quarter ||
            !std::isfinite(value) || !filter.allows(quarterly, row)) {
            continue;
        }
        keep(out, {company, date.year, date.quarter, value, row.kind == data::Kind::Guidance, &row},
             quarterly);
    }
    std::stable_sort(out.begin(), out.end(), [](const CapexFigure &a, const CapexFigure &b) {
        return a.year * 4 + a.quarter < b.year * 4 + b.quarter;
    });
    return out;
}

} // namespace jevons::backtest::detail
