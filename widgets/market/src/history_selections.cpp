#include "jevons/market/history_selections.h"

#include "jevons/market/number_format.h"

#include <QCoreApplication>
#include <QRegularExpression>

#include <algorithm>
#include <cmath>
#include <functional>
#include <limits>
#include <map>
#include <set>

namespace jevons::ui {

namespace {

constexpr double Empty = std::numeric_limits<double>::quiet_NaN();

// The texts keep the translation contexts of the charts that showed them before they moved here.
QString trShipments(const char *text)
{
    return QCoreApplication::translate("jevons::ui::ShipmentsHistoryChart", text);
}
QString trCapex(const char *text)
{
    return QCoreApplication::translate("jevons::ui::CapexHistoryChart", text);
}
QString trInvestment(const char *text)
{
    return QCoreApplication::translate("jevons::ui::AiInvestmentHistoryChart", text);
}
QString trCowos(const char *text)
{
    return QCoreApplication::translate("jevons::ui::CowosHistoryChart", text);
}
QString trRevenue(const char *text)
{
    return QCoreApplication::translate("jevons::ui::NvidiaRevenueHistoryChart", text);
}
QString trRounds(const char *text)
{
    return QCoreApplication::translate("jevons::ui::FundingRoundsHistoryChart", text);
}

int indexOfCaseless(const QStringList &list, const QString &name)
{
    for (int i = 0; i < list.size(); ++i)
        if (list[i].compare(name, Qt::CaseInsensitive) == 0)
            return i;
    return -1;
}

/// Series of `styles` per key (key-major, or style-major when `styleMajor`), each with the cells of that
/// key and style; `cellAt` maps (key, category) to the cell drawn there. Series without cells are left out.
void buildSeries(BarSelection &s, const std::map<std::pair<int, int>, int> &cellAt,
                 const std::vector<int> &styles, bool styleMajor,
                 const std::function<QString(int key, int style)> &name)
{
    auto one = [&](int key, int style) {
        SelectedSeries series;
        series.key = key;
        series.style = style;
        series.user = style == BarSelection::User;
        bool any = false;
        for (int c = 0; c < s.categories.size(); ++c) {
            auto it = cellAt.find({key, c});
            const bool here = it != cellAt.end() && s.cells[std::size_t(it->second)].style == style;
            series.cells.push_back(here ? it->second : -1);
            any = any || here;
        }
        if (!any)
            return;
        series.name = name(key, style);
        s.series.push_back(std::move(series));
    };
    if (styleMajor) {
        for (int style : styles)
            for (int key = 0; key < s.keys.size(); ++key)
                one(key, style);
    } else {
        for (int key = 0; key < s.keys.size(); ++key)
            for (int style : styles)
                one(key, style);
    }
}

/// Category totals over the cells drawn, and one CSV row per category (`csvScale` divides the values).
void finish(BarSelection &s, const std::map<std::pair<int, int>, int> &cellAt, double csvScale)
{
    s.categoryTotals.assign(std::size_t(s.categories.size()), 0);
    for (const auto &[at, cell] : cellAt)
        s.categoryTotals[std::size_t(at.second)] += s.cells[std::size_t(cell)].value;
    for (int c = 0; c < s.categories.size(); ++c) {
        std::vector<double> values;
        for (const SelectedSeries &series : s.series)
            values.push_back(series.cells[std::size_t(c)] >= 0
                                 ? s.cells[std::size_t(series.cells[std::size_t(c)])].value / csvScale
                                 : Empty);
        s.csvRows.emplace_back(s.categories[c], std::move(values));
    }
}

} // namespace

bool isSecondarySource(const QString &confidence)
{
    return confidence.trimmed()
               .section(QLatin1Char(' '), 0, 0)
               .compare(QLatin1String("secondary"), Qt::CaseInsensitive) == 0;
}

bool isTotalProduct(const QString &product)
{
    static const QRegularExpression All(QStringLiteral("\\ball\\b"),
                                        QRegularExpression::CaseInsensitiveOption);
    return All.match(product).hasMatch();
}

QStringList shipmentEstimators(const data::Table &table)
{
    QStringList names;
    for (const data::Row &row : table.rows) {
        const QString name = cellText(table, row, "estimator").simplified();
        if (table.date(row, "period").precision == data::DatePrecision::Year &&
            cellText(table, row, "buyer").isEmpty() && !names.contains(name, Qt::CaseInsensitive))
            names << name;
    }
    return names;
}

BarSelection selectShipments(const data::Table &table, const QString &estimatorName, bool h100e)
{
    BarSelection s;
    const QString unit = h100e ? QStringLiteral("H100e") : QStringLiteral("accelerators");
    s.unit = unit;

    // vendor -> year -> rows of that vendor and year (this estimator, all buyers, yearly).
    std::map<QString, std::map<int, std::vector<const data::Row *>>> groups;
    QStringList vendorNames;
    for (const data::Row &row : table.rows) {
        const data::Date &period = table.date(row, "period");
        if (!sameText(cellText(table, row, "estimator"), estimatorName) ||
            !cellText(table, row, "buyer").isEmpty() || period.precision != data::DatePrecision::Year)
            continue;
        const QString vendor = cellText(table, row, "vendor").simplified();
        groups[vendor.toLower()][period.year].push_back(&row);
        if (!vendorNames.contains(vendor, Qt::CaseInsensitive))
            vendorNames << vendor;
    }
    auto valueOf = [&](const data::Row &row) {
        if (h100e) {
            RangedValue v;
            v.value = table.number(row, "h100e");
            v.valid = v.isPoint = std::isfinite(v.value);
            return v;
        }
        return rangedValue(table, row, "units", "units_low", "units_high");
    };
    auto productLine = [&](const data::Row &row, const RangedValue &v) {
        return QStringLiteral("&nbsp;&nbsp;%1: %2%3")
            .arg(cellText(table, row, "product").toHtmlEscaped(), v.describe(unit).toHtmlEscaped(),
                 row.userSupplied ? trShipments(" <b>(user-supplied)</b>") : QString());
    };
    std::vector<QString> cellVendor; // lower case, per cell
    std::vector<int> cellYear;
    std::set<int> years;
    for (const QString &vendor : vendorNames) {
        for (const auto &[year, rows] : groups[vendor.toLower()]) {
            std::vector<const data::Row *> totals, products;
            for (const data::Row *row : rows)
                (isTotalProduct(cellText(table, *row, "product")) ? totals : products).push_back(row);
            Provenance p;
            double value = 0;
            std::vector<const data::Row *> used;
            QStringList detail;
            RangedValue range;
            if (!totals.empty() && valueOf(*totals.front()).valid) {
                const RangedValue v = valueOf(*totals.front());
                range = v;
                used = {totals.front()};
                p = rowProvenance(table, *totals.front());
                value = v.value;
                p.valueText = v.describe(unit);
                p.label = QStringLiteral("%1, %2 — %3")
                              .arg(vendor)
                              .arg(year)
                              .arg(cellText(table, *totals.front(), "product"));
                for (const data::Row *row : products) {
                    const RangedValue pv = valueOf(*row);
                    if (pv.valid)
                        detail << productLine(*row, pv);
                }
                if (!detail.isEmpty())
                    detail.prepend(trShipments("Products in the data (part of the total, not added):"));
            } else {
                for (const data::Row *row : products) {
                    const RangedValue pv = valueOf(*row);
                    if (!pv.valid)
                        continue;
                    value += pv.value;
                    used.push_back(row);
                    detail << productLine(*row, pv);
                }
                if (used.empty())
                    continue;
                p = combinedProvenance(table, used);
                p.valueText = used.size() == 1
                                  ? valueOf(*used.front()).describe(unit)
                                  : trShipments("%1 (sum of %2)")
                                        .arg(formatWithUnit(value, unit),
                                             countText(qsizetype(used.size()), trShipments("product"),
                                                       trShipments("products")));
                p.label = used.size() == 1 ? QStringLiteral("%1, %2 — %3")
                                                 .arg(vendor)
                                                 .arg(year)
                                                 .arg(cellText(table, *used.front(), "product"))
                                           : QStringLiteral("%1, %2").arg(vendor).arg(year);
                if (used.size() > 1)
                    detail.prepend(trShipments("Sum of:"));
                else
                    detail.clear();
            }
            p.value = value;
            p.unit = unit;
            p.date = QString::number(year);
            p.detail = detail.join(QStringLiteral("<br>"));
            if (used.size() == 1)
                range = valueOf(*used.front());
            SelectedCell cell;
            cell.value = value;
            cell.user = p.userSupplied;
            cell.style = cell.user ? BarSelection::User : BarSelection::Actual;
            cell.range = range;
            cell.provenance = p;
            cell.rows = used;
            s.cells.push_back(std::move(cell));
            cellVendor.push_back(vendor.toLower());
            cellYear.push_back(year);
            years.insert(year);
        }
    }
    // Vendors by their total, largest at the bottom of the stack.
    std::map<QString, double> vendorTotals;
    for (std::size_t i = 0; i < s.cells.size(); ++i)
        vendorTotals[cellVendor[i]] += s.cells[i].value;
    for (const QString &v : vendorNames)
        if (vendorTotals.count(v.toLower()))
            s.keys << v;
    std::stable_sort(s.keys.begin(), s.keys.end(), [&](const QString &a, const QString &b) {
        return vendorTotals[a.toLower()] > vendorTotals[b.toLower()];
    });
    const std::vector<int> yearList(years.begin(), years.end());
    for (int year : yearList)
        s.categories << QString::number(year);
    std::map<std::pair<int, int>, int> cellAt;
    for (std::size_t i = 0; i < s.cells.size(); ++i) {
        SelectedCell &cell = s.cells[i];
        cell.key = indexOfCaseless(s.keys, cellVendor[i]);
        cell.category =
            int(std::lower_bound(yearList.begin(), yearList.end(), cellYear[i]) - yearList.begin());
        cellAt[{cell.key, cell.category}] = int(i);
    }
    buildSeries(s, cellAt, {BarSelection::Actual, BarSelection::User}, false, [&](int key, int style) {
        return style == BarSelection::User ? trShipments("%1 (user-supplied)").arg(s.keys[key]) : s.keys[key];
    });
    finish(s, cellAt, 1);

    s.caption =
        trShipments("Shipments per calendar year by vendor, as estimated by %1. Where the estimator gives a "
                    "vendor total (a product named \"all …\"), the total is drawn and its products are "
                    "listed in the tooltip; otherwise the products are summed. Ranges are drawn at their "
                    "midpoint and bounds at the bound (see the tooltip). Hatched: user-supplied.")
            .arg(estimatorName);
    if (h100e)
        s.caption += trShipments(
            " H100-equivalents exist only where the estimator states them (Epoch AI's NVIDIA totals).");
    s.csvHeader = QStringList{QStringLiteral("year")};
    for (const SelectedSeries &series : s.series)
        s.csvHeader << QStringLiteral("%1 (%2)").arg(series.name, unit);
    return s;
}

BarSelection selectCapex(const data::Table &annual, const data::Table &quarterly, bool byYear)
{
    BarSelection s;
    const std::vector<CapexYear> years = capexByYear(annual);
    const std::vector<CapexQuarter> quarters = capexByQuarter(quarterly);
    s.keys = capexCompanies(years, quarters);
    const QString unit = byYear ? QStringLiteral("USD per year") : QStringLiteral("USD per quarter");
    s.unit = unit;
    std::map<std::pair<int, int>, int> cellAt;
    QStringList incomplete; ///< "2026 leaves out Microsoft"
    auto add = [&](const QString &company, int category, SelectedCell cell) {
        cell.key = indexOfCaseless(s.keys, company);
        cell.category = category;
        cellAt[{cell.key, category}] = int(s.cells.size());
        s.cells.push_back(std::move(cell));
    };
    if (byYear) {
        std::set<int> yearSet;
        for (const CapexYear &y : years)
            yearSet.insert(y.year);
        for (int y : yearSet)
            s.categories << QString::number(y);
        for (const CapexYear &y : years) {
            Provenance p = rowProvenance(annual, *y.row);
            p.label = trCapex("%1, %2").arg(y.company, cellText(annual, *y.row, "year_label"));
            p.value = y.usdBn.value * 1e9;
            p.unit = unit;
            p.valueText = y.usdBn.describe(QStringLiteral("USD"), 1e9);
            const QString basis = cellText(annual, *y.row, "basis");
            p.date = trCapex("year ending %1").arg(cellText(annual, *y.row, "period_end"));
            QStringList detail;
            if (!basis.isEmpty())
                detail << trCapex("Basis: %1").arg(basis).toHtmlEscaped();
            for (const data::Row *g : y.guidanceRows) {
                const RangedValue gv =
                    rangedValue(annual, *g, "capex_usd_bn", "capex_usd_bn_low", "capex_usd_bn_high");
                detail << trCapex("Guidance (as of %1): %2")
                              .arg(cellText(annual, *g, "as_of"), gv.describe(QStringLiteral("USD"), 1e9))
                              .toHtmlEscaped();
            }
            p.detail = detail.join(QStringLiteral("<br>"));
            SelectedCell cell;
            cell.value = y.usdBn.value * 1e9;
            cell.user = y.row->userSupplied;
            cell.style = y.row->userSupplied ? BarSelection::User
                         : y.guidance        ? BarSelection::Guidance
                                             : BarSelection::Actual;
            cell.provenance = p;
            cell.rows = {y.row};
            add(y.company, int(s.categories.indexOf(QString::number(y.year))), std::move(cell));
        }
        // A year without a figure for a company that has one in other years: its stack is not comparable
        // with complete years (2026 without Microsoft next to 2025 with it): marked *, the caption says why.
        for (int c = 0; c < s.categories.size(); ++c) {
            QStringList missing;
            for (int k = 0; k < s.keys.size(); ++k) {
                bool elsewhere = false;
                for (int other = 0; other < s.categories.size() && !elsewhere; ++other)
                    elsewhere = other != c && cellAt.count({k, other});
                if (elsewhere && !cellAt.count({k, c}))
                    missing << s.keys[k];
            }
            if (!missing.isEmpty()) {
                incomplete
                    << trCapex("%1 leaves out %2").arg(s.categories[c], missing.join(QStringLiteral(", ")));
                s.categories[c] += QStringLiteral(" *"); // a longer label is elided under its bar
            }
        }
    } else {
        std::set<int> keys;
        for (const CapexQuarter &q : quarters)
            keys.insert(q.year * 4 + q.quarter - 1);
        for (int k : keys)
            s.categories << QStringLiteral("%1 Q%2").arg(k / 4).arg(k % 4 + 1);
        for (const CapexQuarter &q : quarters) {
            Provenance p = rowProvenance(quarterly, *q.row);
            p.label = trCapex("%1, %2-Q%3").arg(q.company).arg(q.year).arg(q.quarter);
            p.value = q.usdBn * 1e9;
            p.unit = unit;
            p.valueText = formatWithUnit(q.usdBn * 1e9, QStringLiteral("USD"));
            p.date = QStringLiteral("%1-Q%2").arg(q.year).arg(q.quarter);
            const QString basis = cellText(quarterly, *q.row, "basis");
            if (!basis.isEmpty())
                p.detail = trCapex("Basis: %1").arg(basis).toHtmlEscaped();
            SelectedCell cell;
            cell.value = q.usdBn * 1e9;
            cell.user = q.row->userSupplied;
            cell.style = q.row->userSupplied ? BarSelection::User : BarSelection::Actual;
            cell.provenance = p;
            cell.rows = {q.row};
            add(q.company, int(s.categories.indexOf(QStringLiteral("%1 Q%2").arg(q.year).arg(q.quarter))),
                std::move(cell));
        }
    }
    buildSeries(s, cellAt, {BarSelection::Actual, BarSelection::User, BarSelection::Guidance}, true,
                [&](int key, int style) {
                    return style == BarSelection::Actual ? s.keys[key]
                           : style == BarSelection::User ? trCapex("%1 (user-supplied)").arg(s.keys[key])
                                                         : trCapex("%1 guidance").arg(s.keys[key]);
                });
    // Secondary figures: the tooltip names the report, the caption and the note under the chart count them.
    for (SelectedCell &cell : s.cells) {
        cell.secondary = isSecondarySource(cell.provenance.confidence);
        if (!cell.secondary)
            continue;
        ++s.secondaryCells;
        const QString line = trCapex("Secondary source: %1 (a report of the company's figure, not its filing "
                                     "or call)")
                                 .arg(cell.provenance.source.split(QLatin1Char(';'), Qt::SkipEmptyParts)
                                          .join(QStringLiteral(", ")))
                                 .toHtmlEscaped();
        cell.provenance.detail =
            cell.provenance.detail.isEmpty() ? line : cell.provenance.detail + QStringLiteral("<br>") + line;
    }
    if (s.secondaryCells > 0)
        s.secondaryNote =
            s.secondaryCells == int(s.cells.size())
                ? trCapex("Every figure here comes from a secondary source: news or data-aggregator reports "
                          "of the companies' filings and calls, not the filings themselves. Hover a bar for "
                          "its source.")
                : trCapex("%1 of the %2 figures here come from secondary sources: news or data-aggregator "
                          "reports of the companies' filings and calls, not the filings themselves. Hover a "
                          "bar for its source.")
                      .arg(s.secondaryCells)
                      .arg(s.cells.size());
    finish(s, cellAt, 1e9);
    for (const SelectedSeries &series : s.series)
        s.csvTextHeader << QStringLiteral("%1 confidence").arg(series.name);
    for (int c = 0; c < s.categories.size(); ++c) {
        QStringList texts;
        for (const SelectedSeries &series : s.series) {
            const int at = series.cells[std::size_t(c)];
            texts << (at >= 0 ? s.cells[std::size_t(at)].provenance.confidence : QString());
        }
        s.csvTextRows.push_back(texts);
    }
    s.caption =
        byYear
            ? trCapex(
                  "Capital expenditure of the largest cloud companies per calendar year, stacked by company. "
                  "Definitions differ by company (the tooltip gives the basis); Microsoft's calendar years "
                  "are sums of its quarters. Hatched with a dashed edge: guidance, for years without a "
                  "reported figure (the midpoint of a range); guidance for reported years is in the "
                  "tooltip. Cross-hatched: user-supplied. Group totals are left out.") +
                  (incomplete.isEmpty()
                       ? QString()
                       : trCapex(" Years marked *: %1 (no figure in the dataset), so their totals are not "
                                 "comparable with complete years.")
                             .arg(incomplete.join(QStringLiteral("; "))))
            : trCapex("Capital expenditure per calendar quarter, stacked by company; a company without a "
                      "figure for a quarter adds nothing to its bar (the dataset has Alphabet and Amazon "
                      "only from 2024-Q4). Cross-hatched: user-supplied.");
    if (!s.secondaryNote.isEmpty())
        s.caption += QLatin1Char(' ') + s.secondaryNote;
    s.csvHeader = QStringList{byYear ? QStringLiteral("year") : QStringLiteral("quarter")};
    for (const SelectedSeries &series : s.series)
        s.csvHeader << QStringLiteral("%1 (USD billions)").arg(series.name);
    return s;
}

BarSelection selectAiInvestment(const data::Table &table)
{
    BarSelection s;
    s.unit = QStringLiteral("USD per year");
    // Groups drawn, each matching region names in order of preference. The dataset has no European total
    // (README, "Left out"): Europe is a region named Europe or EU if a user supplies one, else the derived
    // sum of the four European countries it has.
    struct Group {
        QString name;
        QStringList regions;
    };
    const QList<Group> groups = {
        {trInvestment("United States"), {QStringLiteral("United States")}},
        {trInvestment("China"), {QStringLiteral("China")}},
        {trInvestment("Europe"),
         {QStringLiteral("Europe"), QStringLiteral("European Union"), QStringLiteral("EU"),
          QStringLiteral("United Kingdom + Sweden + France + Germany")}},
        {trInvestment("United Kingdom"), {QStringLiteral("United Kingdom")}},
    };
    for (const Group &g : groups)
        s.keys << g.name;
    std::set<int> yearSet;
    for (const data::Row &row : table.rows)
        if (cellText(table, row, "metric") == QLatin1String("private_ai") &&
            std::isfinite(table.number(row, "value_usd_bn")))
            yearSet.insert(table.date(row, "year").year);
    const std::vector<int> years(yearSet.begin(), yearSet.end());
    for (int y : years)
        s.categories << QString::number(y);
    std::map<std::pair<int, int>, int> cellAt;
    bool europeDerived = false;
    // Years whose Europe figure contains the United Kingdom (a Europe total or the derived four-country
    // sum, not the EU): the UK is not drawn again beside it, which counted it twice.
    std::set<std::size_t> europeHasUk;
    for (int g = 0; g < groups.size(); ++g) {
        for (std::size_t y = 0; y < years.size(); ++y) {
            if (g == 3 && europeHasUk.count(y))
                continue;
            const data::Row *best = nullptr;
            int bestRank = 1 << 30;
            for (const data::Row &row : table.rows) {
                if (cellText(table, row, "metric") != QLatin1String("private_ai") ||
                    table.date(row, "year").year != years[y] ||
                    !std::isfinite(table.number(row, "value_usd_bn")))
                    continue;
                for (int r = 0; r < groups[g].regions.size(); ++r)
                    if (sameText(cellText(table, row, "region"), groups[g].regions[r]) &&
                        (r < bestRank || (r == bestRank && row.userSupplied))) {
                        best = &row;
                        bestRank = r;
                    }
            }
            if (!best)
                continue;
            SelectedCell cell;
            cell.key = g;
            cell.category = int(y);
            cell.value = table.number(*best, "value_usd_bn") * 1e9;
            cell.user = best->userSupplied;
            cell.style = cell.user ? BarSelection::User : BarSelection::Actual;
            const QString region = cellText(table, *best, "region");
            if (g == 2 && bestRank == 3)
                europeDerived = true;
            if (g == 2 && (bestRank == 0 || bestRank == 3))
                europeHasUk.insert(y);
            Provenance p = rowProvenance(table, *best);
            p.label = trInvestment("%1, %2").arg(region).arg(years[y]);
            p.value = cell.value;
            p.unit = s.unit;
            p.valueText = formatWithUnit(cell.value, QStringLiteral("USD"));
            p.date = QString::number(years[y]);
            cell.provenance = p;
            cell.rows = {best};
            cellAt[{g, int(y)}] = int(s.cells.size());
            s.cells.push_back(std::move(cell));
        }
    }
    buildSeries(s, cellAt, {BarSelection::Actual, BarSelection::User}, false, [&](int key, int style) {
        QString name = s.keys[key];
        if (key == 2 && europeDerived)
            name = trInvestment("Europe (UK + Sweden + France + Germany)");
        if (style == BarSelection::User)
            name = trInvestment("%1 (user-supplied)").arg(name);
        return name;
    });
    finish(s, cellAt, 1e9);
    s.caption = trInvestment(
        "Private investment in AI companies by country (Stanford AI Index; 2025 edition for 2024, 2024 "
        "edition for 2023). The dataset has no European total: \"Europe\" is the sum of the United "
        "Kingdom, Sweden, France and Germany, given for 2024 only; for 2023 only the United Kingdom is "
        "known. Where Europe's bar contains the United Kingdom, the UK is not drawn again beside it. "
        "Hatched: "
        "user-supplied.");
    s.csvHeader = QStringList{QStringLiteral("year")};
    for (const SelectedSeries &series : s.series)
        s.csvHeader << QStringLiteral("%1 (USD billions)").arg(series.name);
    return s;
}

RoundsSelection selectFundingRounds(const data::Table &table)
{
    RoundsSelection s;
    double minX = HUGE_VAL, maxX = -HUGE_VAL;
    for (const data::Row &row : table.rows) {
        const double amount = table.number(row, "amount_m");
        if (!std::isfinite(amount) || amount <= 0) {
            ++s.skipped;
            continue;
        }
        const QString lab = cellText(table, row, "lab").simplified();
        if (!s.labs.contains(lab, Qt::CaseInsensitive))
            s.labs << lab;
        const QString currency = cellText(table, row, "amount_currency").trimmed().toUpper();
        Provenance p = rowProvenance(table, row);
        const QString round = cellText(table, row, "round");
        p.label = round.isEmpty() ? lab : QStringLiteral("%1, %2").arg(lab, round);
        p.value = amount * 1e6;
        p.unit = trRounds("%1 (amount raised)").arg(currency);
        p.valueText = currency == QLatin1String("USD")
                          ? formatWithUnit(amount * 1e6, QStringLiteral("USD"))
                          : QStringLiteral("%1 %2").arg(currency, formatCompact(amount * 1e6));
        p.date = cellText(table, row, "date");
        QStringList detail;
        const QString leads = cellText(table, row, "lead_investors");
        const QString others = cellText(table, row, "other_investors");
        if (!leads.isEmpty())
            detail << trRounds("Lead: %1")
                          .arg(QString(leads).replace(QLatin1Char(';'), QLatin1String(",")))
                          .toHtmlEscaped();
        if (!others.isEmpty())
            detail << trRounds("Also: %1")
                          .arg(QString(others).replace(QLatin1Char(';'), QLatin1String(",")))
                          .toHtmlEscaped();
        const RangedValue valuation =
            rangedValue(table, row, "valuation_bn", "valuation_bn_low", "valuation_bn_high");
        if (valuation.valid)
            detail << trRounds("Valuation: %1 %2 (%3)")
                          .arg(cellText(table, row, "valuation_currency"), valuation.describe(QString(), 1e9),
                               cellText(table, row, "valuation_basis"))
                          .toHtmlEscaped();
        p.detail = detail.join(QStringLiteral("<br>"));
        SelectedRound r;
        r.x = dateToMsecs(table.date(row, "date"));
        r.amount = amount;
        r.currency = currency;
        r.lab = lab;
        r.labIndex = int(s.labs.indexOf(lab));
        r.user = row.userSupplied;
        r.provenance = p;
        r.row = &row;
        s.rounds.push_back(std::move(r));
        s.maxAmount = std::max(s.maxAmount, amount);
        minX = std::min(minX, s.rounds.back().x);
        maxX = std::max(maxX, s.rounds.back().x);
    }
    s.minX = minX;
    s.maxX = maxX;
    s.caption =
        trRounds("Major funding rounds of AI labs by date; bubble area is proportional to the amount raised "
                 "(largest: %1). Amounts are in the currency raised: euro rounds (€) are not converted, "
                 "as the dataset holds no exchange rate. Rows without an amount (e.g. valuation "
                 "reports) are not drawn: %2. Hollow bubbles: user-supplied.")
            .arg(formatCompact(s.maxAmount * 1e6), countText(s.skipped, trRounds("row"), trRounds("rows")));
    s.csvHeader = QStringList{QStringLiteral("lab"),      QStringLiteral("date"),
                              QStringLiteral("round"),    QStringLiteral("amount (millions of currency)"),
                              QStringLiteral("currency"), QStringLiteral("user_supplied")};
    return s;
}

PointsSelection selectCowos(const data::Table &table)
{
    PointsSelection s;
    const QString unit = QStringLiteral("wafers/month");
    s.unit = unit;
    // Series by supplier, with targets apart.
    QStringList keys;
    double minX = HUGE_VAL, maxX = -HUGE_VAL, maxY = 0;
    for (const data::Row &row : table.rows) {
        const QString metric = cellText(table, row, "metric");
        const bool target = metric == QLatin1String("monthly_capacity_target");
        if ((metric != QLatin1String("monthly_capacity") && !target) ||
            !sameText(cellText(table, row, "unit"), unit) || table.value(row, "period").empty())
            continue;
        const RangedValue v = rangedValue(table, row, "value", "value_low", "value_high");
        if (!v.valid)
            continue;
        const QString supplier = cellText(table, row, "supplier").simplified();
        const QString key = target ? trCowos("%1 target").arg(supplier) : supplier;
        int seriesIndex = int(keys.indexOf(key));
        if (seriesIndex < 0) {
            seriesIndex = int(keys.size());
            keys << key;
            PointSeries series;
            series.name = key;
            series.supplier = supplier;
            series.target = target;
            s.series.push_back(series);
        }
        Provenance p = rowProvenance(table, row);
        const QString estimator = cellText(table, row, "estimator");
        p.label = trCowos("%1 CoWoS %2 (%3)")
                      .arg(supplier, target ? trCowos("capacity target") : trCowos("capacity"), estimator);
        p.value = v.value;
        p.unit = unit;
        p.valueText = v.describe(unit);
        p.date = trCowos("end of %1").arg(cellText(table, row, "period"));
        const double x = dateToMsecs(table.date(row, "period"));
        QString amount;
        if (v.isPoint)
            amount = formatCompact(v.value);
        else if (v.hasLow && v.hasHigh)
            amount = QStringLiteral("%1–%2").arg(formatCompact(v.low), formatCompact(v.high));
        else if (v.hasLow)
            amount = QStringLiteral("≥%1").arg(formatCompact(v.low));
        else
            amount = QStringLiteral("≤%1").arg(formatCompact(v.high));
        SelectedPoint point;
        point.series = seriesIndex;
        point.x = x;
        point.value = v;
        point.user = row.userSupplied;
        point.text = QStringLiteral("%1 %2").arg(estimator, amount);
        point.provenance = p;
        point.row = &row;
        s.series[std::size_t(seriesIndex)].points.push_back(int(s.points.size()));
        s.points.push_back(std::move(point));
        minX = std::min(minX, x);
        maxX = std::max(maxX, x);
        maxY = std::max({maxY, v.value, v.hasHigh ? v.high : 0.0});
    }
    for (std::size_t i = 0; i < s.series.size(); ++i)
        s.series[i].colour = s.series[i].target ? int(keys.indexOf(s.series[i].supplier)) : int(i);
    s.minX = minX;
    s.maxX = maxX;
    s.maxY = maxY;
    s.caption = trCowos(
        "TSMC's CoWoS advanced-packaging capacity (the binding constraint on accelerator output in "
        "2023–25) and that of other suppliers, in wafers per month at the end of the period, one point "
        "per estimate, labelled with the estimator; bars span stated ranges (midpoint drawn), \"≥\" "
        "marks lower bounds. Hollow diamonds: announced targets. Figures in other units (\"units\" per "
        "month or year) are not drawn. Rings: user-supplied.");
    s.csvHeader = QStringList{QStringLiteral("series"),
                              QStringLiteral("period"),
                              QStringLiteral("estimate"),
                              QStringLiteral("drawn (wafers/month)"),
                              QStringLiteral("low (wafers/month)"),
                              QStringLiteral("high (wafers/month)"),
                              QStringLiteral("user_supplied")};
    return s;
}

QuartersSelection selectNvidiaRevenue(const data::Table &table)
{
    QuartersSelection s;
    s.unit = QStringLiteral("USD per quarter");
    std::vector<const data::Row *> rows;
    for (const data::Row &row : table.rows)
        if (std::isfinite(table.number(row, "revenue_usd_bn")))
            rows.push_back(&row);
    std::stable_sort(rows.begin(), rows.end(), [&](const data::Row *a, const data::Row *b) {
        return table.date(*a, "quarter_end").midYear() < table.date(*b, "quarter_end").midYear();
    });
    for (const data::Row *row : rows) {
        SelectedQuarter q;
        q.usd = table.number(*row, "revenue_usd_bn") * 1e9;
        q.quarter = cellText(table, *row, "fiscal_quarter");
        q.quarterEnd = cellText(table, *row, "quarter_end");
        q.user = row->userSupplied;
        q.row = row;
        Provenance p = rowProvenance(table, *row);
        p.label = trRevenue("NVIDIA Data Center, %1").arg(q.quarter);
        p.value = q.usd;
        p.unit = s.unit;
        p.valueText = formatWithUnit(q.usd, QStringLiteral("USD"));
        p.date = trRevenue("quarter ended %1").arg(q.quarterEnd);
        QStringList growth;
        if (std::isfinite(table.number(*row, "yoy_growth_pct")))
            growth << trRevenue("%1% on a year earlier").arg(table.number(*row, "yoy_growth_pct"));
        if (std::isfinite(table.number(*row, "qoq_growth_pct")))
            growth << trRevenue("%1% on the previous quarter").arg(table.number(*row, "qoq_growth_pct"));
        p.detail = growth.join(QStringLiteral(", ")).toHtmlEscaped();
        q.provenance = p;
        s.maxValue = std::max(s.maxValue, q.usd);
        s.anyUser = s.anyUser || q.user;
        s.quarters.push_back(std::move(q));
    }
    s.caption = trRevenue("NVIDIA's Data Center segment revenue per fiscal quarter, as reported. Hatched: "
                          "user-supplied.");
    s.csvHeader = QStringList{QStringLiteral("fiscal_quarter"), QStringLiteral("quarter_end"),
                              QStringLiteral("revenue (USD billions)"), QStringLiteral("user_supplied")};
    return s;
}

} // namespace jevons::ui
