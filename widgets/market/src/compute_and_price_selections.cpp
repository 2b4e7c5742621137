// The installed-compute and API-price selections of history_selections.h.
#include "jevons/backtest/dating.h"
#include "jevons/backtest/observations.h"
#include "jevons/market/history_selections.h"
#include "jevons/market/number_format.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QLocale>

#include <algorithm>
#include <cmath>
#include <set>

namespace jevons::ui {

namespace {

// The texts keep the translation contexts of the charts that showed them before they moved here.
QString trCompute(const char *text)
{
    return QCoreApplication::translate("jevons::ui::InstalledComputeHistoryChart", text);
}
QString trPrices(const char *text)
{
    return QCoreApplication::translate("jevons::ui::TokenPriceHistoryChart", text);
}

} // namespace

InstalledComputeSelection selectInstalledCompute(const data::Dataset &dataset)
{
    InstalledComputeSelection s;
    const QString unit = QStringLiteral("H100e");
    s.unit = unit;
    // The count the backtest scores and the supply fan's history is drawn from (compute/backtest).
    const std::vector<backtest::CumulativeCount> anchors = backtest::nvidiaCumulativeCount(dataset);
    const data::Table *shipments = dataset.find("accelerator_shipments");
    const data::Table *estimates = dataset.find("compute_estimates");
    if (!shipments || !estimates)
        return s;

    std::set<const data::Row *> usedTotals;
    // The sum counts from January of its first year, one year before its first point.
    const int firstYear = anchors.empty() ? 0 : backtest::yearOf(anchors.front().month) - 1;
    for (const backtest::CumulativeCount &a : anchors) {
        const data::Table &table = *a.table;
        Provenance p = combinedProvenance(table, a.rows);
        QString date;
        if (a.fromTotal) {
            usedTotals.insert(a.rows.front());
            p.label = trCompute("NVIDIA AI GPUs, cumulative (Epoch AI's total)");
            date = trCompute("Cumulative to %1")
                       .arg(QString::fromStdString(table.date(*a.rows.front(), "period").toString()));
        } else {
            p.label = trCompute("NVIDIA, cumulative shipments since %1").arg(firstYear);
            date = trCompute("End of %1").arg(backtest::yearOf(a.month) - 1);
            p.kind = trCompute("derived here (sum of %1)").arg(p.kind);
            QStringList parts;
            for (const data::Row *row : a.rows)
                parts << QStringLiteral("%1: %2%3")
                             .arg(QString::number(shipments->date(*row, "period").year),
                                  formatWithUnit(shipments->number(*row, "h100e"), unit),
                                  row->userSupplied ? trCompute(" (user-supplied)") : QString());
            p.detail = trCompute("Sum of Epoch AI's yearly NVIDIA totals: %1")
                           .arg(parts.join(QStringLiteral(", ")))
                           .toHtmlEscaped();
        }
        p.value = a.h100e;
        p.unit = unit;
        p.valueText = formatWithUnit(a.h100e, unit);
        p.date = date;
        ComputePoint point;
        point.x = yearToMsecs(a.month / 12.0);
        point.h100e = a.h100e;
        point.user =
            std::any_of(a.rows.begin(), a.rows.end(), [](const data::Row *r) { return r->userSupplied; });
        point.csvSeries = QStringLiteral("NVIDIA cumulative");
        point.provenance = p;
        point.table = a.table;
        point.rows = a.rows;
        s.line.push_back(std::move(point));
    }
    for (const data::Row &row : estimates->rows) {
        const QString metric = cellText(*estimates, row, "metric");
        if ((metric != QLatin1String("installed_compute") &&
             metric != QLatin1String("cumulative_shipments")) ||
            !sameText(cellText(*estimates, row, "unit"), unit) || estimates->value(row, "period").empty() ||
            usedTotals.count(&row))
            continue;
        const RangedValue v = rangedValue(*estimates, row, "value", "value_low", "value_high");
        if (!v.valid)
            continue;
        Provenance p = rowProvenance(*estimates, row);
        p.label =
            QStringLiteral("%1, %2 (%3)")
                .arg(metric, cellText(*estimates, row, "scope"), cellText(*estimates, row, "estimator"));
        p.label.replace(QLatin1Char('_'), QLatin1Char(' '));
        p.value = v.value;
        p.unit = unit;
        p.valueText = v.describe(unit);
        p.date = cellText(*estimates, row, "period");
        ComputePoint point;
        point.x = dateToMsecs(estimates->date(row, "period"));
        point.h100e = v.value;
        point.user = row.userSupplied;
        point.lowerBound = !v.isPoint && v.hasLow && !v.hasHigh;
        point.label = QStringLiteral("%1%2, %3")
                          .arg(point.lowerBound ? QStringLiteral("> ") : QString(),
                               formatWithUnit(v.value, unit), cellText(*estimates, row, "scope"));
        point.csvSeries = QStringLiteral("estimate");
        point.provenance = p;
        point.table = estimates;
        point.rows = {&row};
        s.estimates.push_back(std::move(point));
    }
    if (s.line.empty() && s.estimates.empty())
        return s;
    s.minX = HUGE_VAL;
    s.maxX = -HUGE_VAL;
    s.minPositive = HUGE_VAL;
    for (const std::vector<ComputePoint> *list : {&s.line, &s.estimates})
        for (const ComputePoint &p : *list) {
            s.minX = std::min(s.minX, p.x);
            s.maxX = std::max(s.maxX, p.x);
            s.maxY = std::max(s.maxY, p.h100e);
            if (p.h100e > 0)
                s.minPositive = std::min(s.minPositive, p.h100e);
        }
    s.caption = trCompute(
        "Cumulative NVIDIA data-centre AI GPU shipments in H100e: Epoch AI's yearly totals summed from "
        "the first year (0 at its start), then Epoch AI's own cumulative total. Retirements are not "
        "subtracted and other vendors' chips are not given in H100e in the dataset, so this is a lower "
        "bound on installed compute; other H100e estimates are drawn as points (triangles: \"more "
        "than\" bounds). Hollow rings: user-supplied.");
    s.csvHeader = QStringList{QStringLiteral("series"), QStringLiteral("date"), QStringLiteral("label"),
                              QStringLiteral("value (H100e)"), QStringLiteral("user_supplied")};
    return s;
}

TokenPriceSelection selectTokenPrices(const data::Table &table, data::PriceBasis basis, PriceModelSet set)
{
    TokenPriceSelection s;
    const QString unit = QStringLiteral("USD per million tokens");
    s.unit = unit;
    auto priceOf = [&](const data::Row &row) {
        const double input = table.number(row, "input_usd_per_mtok");
        const double output = table.number(row, "output_usd_per_mtok");
        switch (basis) {
        case data::PriceBasis::Input:
            return input;
        case data::PriceBasis::Output:
            return output;
        case data::PriceBasis::Blended:
            return (3 * input + output) / 4;
        }
        return input;
    };
    s.basisName = basis == data::PriceBasis::Blended ? trPrices("blended 3:1")
                  : basis == data::PriceBasis::Input ? trPrices("input")
                                                     : trPrices("output");
    auto inSet = [&](const data::Row &row) {
        const bool frontier = table.number(row, "frontier") == 1;
        return set == PriceModelSet::All || (set == PriceModelSet::Frontier) == frontier;
    };
    s.minX = HUGE_VAL;
    s.maxX = -HUGE_VAL;
    s.minY = HUGE_VAL;
    s.maxY = 0;
    for (const data::Row &row : table.rows) {
        const double price = priceOf(row);
        if (!(price > 0) || !std::isfinite(price))
            continue;
        const QString provider = cellText(table, row, "provider").simplified();
        auto known = std::find_if(s.providers.begin(), s.providers.end(), [&](const PriceProvider &p) {
            return p.name.compare(provider, Qt::CaseInsensitive) == 0;
        });
        if (known == s.providers.end()) {
            s.providers.push_back({provider, {}});
            known = s.providers.end() - 1;
        }
        const QString model = cellText(table, row, "model");
        const QString tier = cellText(table, row, "context_tier");
        Provenance p = rowProvenance(table, row);
        p.label = tier.isEmpty() ? QStringLiteral("%1 (%2)").arg(model, provider)
                                 : QStringLiteral("%1 %2 (%3)").arg(model, tier, provider);
        p.value = price;
        p.unit = unit;
        p.valueText = trPrices("%1 %2").arg(formatWithUnit(price, unit), s.basisName);
        p.date = cellText(table, row, "price_date");
        p.detail = trPrices("input %1, output %2%3")
                       .arg(formatWithUnit(table.number(row, "input_usd_per_mtok"), unit),
                            formatWithUnit(table.number(row, "output_usd_per_mtok"), unit),
                            table.number(row, "frontier") == 1 ? trPrices("; frontier tier") : QString())
                       .toHtmlEscaped();
        const data::Date &date = table.date(row, "price_date");
        SelectedPrice point;
        point.provider = int(known - s.providers.begin());
        point.x = dateToMsecs(date);
        point.y = price;
        point.user = row.userSupplied;
        point.inFit = inSet(row);
        point.model = model;
        if (!tier.isEmpty())
            point.model += QLatin1Char(' ') + tier;
        point.provenance = p;
        point.row = &row;
        known->points.push_back(int(s.points.size()));
        if (point.inFit)
            s.fitPoints.push_back({date.midYear(), price, model.toStdString()});
        s.minX = std::min(s.minX, point.x);
        s.maxX = std::max(s.maxX, point.x);
        s.minY = std::min(s.minY, price);
        s.maxY = std::max(s.maxY, price);
        s.points.push_back(std::move(point));
    }
    if (s.providers.empty())
        return s;
    s.setName = set == PriceModelSet::Frontier      ? trPrices("Frontier models")
                : set == PriceModelSet::NonFrontier ? trPrices("Other tiers (smaller, older, long-context)")
                                                    : trPrices("All models");
    try {
        s.fit = data::fitExponentialDecline(s.fitPoints);
        s.hasFit = true;
        const double halvingMonths = s.fit.halvingYears * 12;
        s.fitSummary =
            trPrices("%1, %2 (n = %3): prices ÷%4 per year (95 % CI ÷%5 – ÷%6), %7")
                .arg(s.setName, s.basisName)
                .arg(s.fit.n)
                .arg(QLocale().toString(s.fit.foldPerYear, 'f', 2))
                .arg(QLocale().toString(s.fit.foldLow, 'f', 2))
                .arg(QLocale().toString(s.fit.foldHigh, 'f', 2))
                .arg(std::isfinite(halvingMonths)
                         ? trPrices("halving every %1 months").arg(QLocale().toString(halvingMonths, 'f', 1))
                         : trPrices("not falling"));
    } catch (const std::exception &e) {
        s.fitSummary =
            trPrices("%1, %2: no fit (%3)").arg(s.setName, s.basisName, QString::fromUtf8(e.what()));
    }
    if (s.hasFit) {
        double first = HUGE_VAL, last = -HUGE_VAL;
        for (const data::PricePoint &p : s.fitPoints) {
            first = std::min(first, p.year);
            last = std::max(last, p.year);
        }
        const int steps = 24;
        for (int k = 0; k <= steps; ++k) {
            const double year = first + (last - first) * k / steps;
            FitLinePoint point;
            point.x = yearToMsecs(year);
            point.price = s.fit.predict(year);
            // The date as the chart's time axis shows the point (local time).
            point.date = QDateTime::fromMSecsSinceEpoch(qint64(point.x)).date().toString(Qt::ISODate);
            s.minY = std::min(s.minY, point.price);
            s.maxY = std::max(s.maxY, point.price);
            s.fitLine.push_back(std::move(point));
        }
    }
    s.caption =
        trPrices(
            "List prices of LLM APIs, %1, in USD per million tokens, one colour per provider, at the date "
            "a price took effect (a year-only date sits mid-year). Dashed: exponential decline fitted by "
            "least squares on log price to the %2 (solid points; faded points are not in the fit): %3. "
            "Rings: user-supplied.")
            .arg(s.basisName, s.setName.toLower(), s.fitSummary);
    s.csvHeader = QStringList{QStringLiteral("series"), QStringLiteral("date"),
                              QStringLiteral("model"),  QStringLiteral("price (USD per million tokens)"),
                              QStringLiteral("in_fit"), QStringLiteral("user_supplied")};
    return s;
}

} // namespace jevons::ui
