#include "jevons/market/history_data.h"

#include "jevons/market/provenance.h"
#include "jevons/market/number_format.h"

#include <algorithm>
#include <cmath>
#include <map>

namespace jevons::ui {

QString RangedValue::describe(const QString &unit, double scale) const
{
    auto fmt = [&](double v) { return formatWithUnit(v * scale, unit); };
    if (isPoint) {
        if (hasLow && hasHigh)
            return QObject::tr("%1 (range %2 – %3)").arg(fmt(value), fmt(low), fmt(high));
        return fmt(value);
    }
    if (hasLow && hasHigh)
        return QObject::tr("%1 – %2 (range; midpoint %3 drawn)").arg(fmt(low), fmt(high), fmt(value));
    if (hasLow)
        return QObject::tr("≥ %1 (lower bound)").arg(fmt(low));
    if (hasHigh)
        return QObject::tr("≤ %1 (upper bound)").arg(fmt(high));
    return QObject::tr("no value");
}

RangedValue rangedValue(const data::Table &table, const data::Row &row, std::string_view point,
                        std::string_view low, std::string_view high)
{
    RangedValue v;
    const double p = table.number(row, point);
    const double lo = low.empty() ? NAN : table.number(row, low);
    const double hi = high.empty() ? NAN : table.number(row, high);
    v.hasLow = std::isfinite(lo);
    v.hasHigh = std::isfinite(hi);
    v.low = v.hasLow ? lo : 0;
    v.high = v.hasHigh ? hi : 0;
    if (std::isfinite(p)) {
        v.value = p;
        v.isPoint = true;
        v.valid = true;
    } else if (v.hasLow && v.hasHigh) {
        v.value = (lo + hi) / 2;
        v.valid = true;
    } else if (v.hasLow) {
        v.value = lo;
        v.valid = true;
    } else if (v.hasHigh) {
        v.value = hi;
        v.valid = true;
    }
    return v;
}

bool isSingleCompany(const QString &company)
{
    return !company.contains(QLatin1Char(';')) &&
           !company.startsWith(QLatin1String("Big "), Qt::CaseInsensitive);
}

namespace {
int basisRank(const QString &basis)
{
    static const QStringList Order = {QStringLiteral("incl_finance_leases"),
                                      QStringLiteral("gross_ppe_purchases"), QStringLiteral("ppe_purchases"),
                                      QStringLiteral("excl_finance_leases"), QString()};
    const int index = int(Order.indexOf(basis.trimmed().toLower()));
    return index < 0 ? int(Order.size()) : index;
}
} // namespace

std::vector<CapexYear> capexByYear(const data::Table &annual)
{
    std::vector<CapexYear> out;
    QStringList companyOrder;
    for (const data::Row &row : annual.rows) {
        const QString company = cellText(annual, row, "company").simplified();
        const QString label = cellText(annual, row, "year_label").trimmed().toUpper();
        if (!isSingleCompany(company) || !label.startsWith(QLatin1String("CY")))
            continue;
        bool ok = false;
        const int year = label.mid(2).toInt(&ok);
        if (!ok)
            continue;
        const RangedValue value =
            rangedValue(annual, row, "capex_usd_bn", "capex_usd_bn_low", "capex_usd_bn_high");
        if (!value.valid)
            continue;
        if (!companyOrder.contains(company, Qt::CaseInsensitive))
            companyOrder << company;
        auto it = std::find_if(out.begin(), out.end(), [&](const CapexYear &c) {
            return c.year == year && sameText(c.company, company);
        });
        const bool guidance = row.kind == data::Kind::Guidance;
        if (it == out.end()) {
            CapexYear entry;
            entry.company = company;
            entry.year = year;
            entry.usdBn = value;
            entry.guidance = guidance;
            entry.row = &row;
            out.push_back(entry);
            continue;
        }
        if (guidance) {
            if (it->guidance) { // two guidance rows: keep the later one in the file (the newer statement)
                it->guidanceRows.push_back(it->row);
                it->row = &row;
                it->usdBn = value;
            } else {
                it->guidanceRows.push_back(&row);
            }
            continue;
        }
        if (it->guidance) { // an actual replaces the guidance, which is kept for the tooltip
            it->guidanceRows.push_back(it->row);
            it->row = &row;
            it->usdBn = value;
            it->guidance = false;
        } else if (basisRank(cellText(annual, row, "basis")) <
                   basisRank(cellText(annual, *it->row, "basis"))) {
            it->row = &row;
            it->usdBn = value;
        }
    }
    std::stable_sort(out.begin(), out.end(), [&](const CapexYear &a, const CapexYear &b) {
        if (a.year != b.year)
            return a.year < b.year;
        return companyOrder.indexOf(a.company) < companyOrder.indexOf(b.company);
    });
    return out;
}

std::vector<CapexQuarter> capexByQuarter(const data::Table &quarterly)
{
    std::vector<CapexQuarter> out;
    for (const data::Row &row : quarterly.rows) {
        const QString company = cellText(quarterly, row, "company").simplified();
        const data::Date &date = quarterly.date(row, "quarter");
        const double value = quarterly.number(row, "capex_usd_bn");
        if (!isSingleCompany(company) || date.precision != data::DatePrecision::Quarter ||
            !std::isfinite(value))
            continue;
        auto it = std::find_if(out.begin(), out.end(), [&](const CapexQuarter &c) {
            return c.year == date.year && c.quarter == date.quarter && sameText(c.company, company);
        });
        if (it == out.end()) {
            out.push_back({company, date.year, date.quarter, value, &row});
        } else if (basisRank(cellText(quarterly, row, "basis")) <
                   basisRank(cellText(quarterly, *it->row, "basis"))) {
            it->usdBn = value;
            it->row = &row;
        }
    }
    std::stable_sort(out.begin(), out.end(), [](const CapexQuarter &a, const CapexQuarter &b) {
        return a.year * 4 + a.quarter < b.year * 4 + b.quarter;
    });
    return out;
}

QStringList capexCompanies(const std::vector<CapexYear> &years, const std::vector<CapexQuarter> &quarters)
{
    QStringList out;
    for (const CapexQuarter &q : quarters)
        if (!out.contains(q.company, Qt::CaseInsensitive))
            out << q.company;
    for (const CapexYear &y : years)
        if (!out.contains(y.company, Qt::CaseInsensitive))
            out << y.company;
    return out;
}

} // namespace jevons::ui
