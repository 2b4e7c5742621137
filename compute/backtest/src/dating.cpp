#include "jevons/backtest/dating.h"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <cstdio>
#include <utility>

namespace jevons::backtest {

MonthIndex monthIndex(int year, int month)
{
    return year * 12 + (month - 1);
}

int yearOf(MonthIndex m)
{
    return m / 12;
}

int monthOf(MonthIndex m)
{
    return m % 12 + 1;
}

std::string monthLabel(MonthIndex m)
{
    char text[16];
    std::snprintf(text, sizeof text, "%04d-%02d", yearOf(m), monthOf(m));
    return text;
}

bool parseMonth(std::string_view text, MonthIndex *out)
{
    if (text.size() != 7 || text[4] != '-') {
        return false;
    }
    for (std::size_t i : {0u, 1u, 2u, 3u, 5u, 6u}) {
        if (!std::isdigit(static_cast<unsigned char>(text[i]))) {
            return false;
        }
    }
    int year = 0, month = 0;
    std::from_chars(text.data(), text.data() + 4, year);
    std::from_chars(text.data() + 5, text.data() + 7, month);
    if (year < 1900 || year > 2100 || month < 1 || month > 12) {
        return false;
    }
    *out = monthIndex(year, month);
    return true;
}

MonthIndex lastMonthOf(const data::Date &d)
{
    switch (d.precision) {
    case data::DatePrecision::Year:
        return monthIndex(d.year, 12);
    case data::DatePrecision::Quarter:
        return monthIndex(d.year, d.quarter * 3);
    case data::DatePrecision::Month:
    case data::DatePrecision::Day:
        return monthIndex(d.year, d.month);
    }
    return monthIndex(d.year, 12);
}

double midYear(MonthIndex m)
{
    return double(yearOf(m)) + (double(monthOf(m)) - 0.5) / 12.0;
}

const char *datingName(RowDating d)
{
    return d == RowDating::Stated ? "stated" : "described";
}

bool parseDating(std::string_view name, RowDating *out)
{
    if (name == "described") {
        *out = RowDating::Described;
        return true;
    }
    if (name == "stated") {
        *out = RowDating::Stated;
        return true;
    }
    return false;
}

std::string_view describedPeriodColumn(const data::TopicSchema &topic)
{
    // The column each topic dates its figure by (resources/data/README.md); price_declines describes a
    // span, known at its end.
    static const std::pair<std::string_view, std::string_view> Columns[] = {
        {"nvidia_dc_revenue", "quarter_end"},
        {"nvidia_dc_revenue_annual", "year_end"},
        {"accelerator_shipments", "period"},
        {"compute_estimates", "period"},
        {"cowos_capacity", "period"},
        {"accelerator_specs", "release_date"},
        {"accelerator_prices", "period"},
        {"api_prices", "price_date"},
        {"price_declines", "period_end"},
        {"capex_annual", "period_end"},
        {"capex_quarterly", "quarter"},
        {"funding_rounds", "date"},
        {"ai_investment", "year"},
        {"demand_drivers", "period"},
        {"power_economics", "period"}};
    for (const auto &[id, column] : Columns) {
        if (topic.id == id) {
            return column;
        }
    }
    return {};
}

std::optional<MonthIndex> knownFrom(const data::Table &table, const data::Row &row, RowDating dating)
{
    std::optional<MonthIndex> stated;
    if (table.schema->columnIndex("as_of") >= 0 && !table.value(row, "as_of").empty()) {
        stated = lastMonthOf(table.date(row, "as_of"));
    }
    if (dating == RowDating::Stated) {
        return stated;
    }
    const std::string_view column = describedPeriodColumn(*table.schema);
    if (column.empty() || table.schema->columnIndex(column) < 0 || table.value(row, column).empty()) {
        return stated;
    }
    const MonthIndex described = lastMonthOf(table.date(row, column));
    return stated ? std::min(described, *stated) : described;
}

bool knownBy(const data::Table &table, const data::Row &row, RowDating dating, MonthIndex asOf)
{
    const std::optional<MonthIndex> from = knownFrom(table, row, dating);
    return from && *from <= asOf;
}

RowRef rowRef(const data::Table &table, const data::Row &row, RowDating dating)
{
    RowRef ref;
    ref.file = table.schema->fileName;
    for (const std::string &column : table.schema->keyColumns) {
        const std::string &text = table.text(row, column);
        if (text.empty()) {
            continue;
        }
        if (!ref.key.empty()) {
            ref.key += ", ";
        }
        ref.key += text;
    }
    ref.asOf = table.text(row, "as_of");
    ref.knownFrom = knownFrom(table, row, dating);
    ref.userSupplied = row.userSupplied;
    return ref;
}

namespace {
// Reads a text as sameText compares it: spaces and tabs at the ends dropped, runs of them as one space,
// ASCII letters in lower case. Without allocating: the observed history compares every row of a topic
// (an import can have a million).
class NormalisedReader {
public:
    explicit NormalisedReader(std::string_view s) : m_s(s) {}
    // The next character, or -1 at the end.
    int next()
    {
        bool space = false;
        while (m_i < m_s.size()) {
            const char c = m_s[m_i];
            if (c == ' ' || c == '\t') {
                space = m_started;
                ++m_i;
                continue;
            }
            if (space)
                return ' '; // c is read by the next call
            m_started = true;
            ++m_i;
            return (c >= 'A' && c <= 'Z') ? c - 'A' + 'a' : static_cast<unsigned char>(c);
        }
        return -1;
    }

private:
    std::string_view m_s;
    std::size_t m_i = 0;
    bool m_started = false;
};
} // namespace

bool sameText(std::string_view a, std::string_view b)
{
    NormalisedReader ra(a), rb(b);
    for (;;) {
        const int ca = ra.next(), cb = rb.next();
        if (ca != cb)
            return false;
        if (ca < 0)
            return true;
    }
}

} // namespace jevons::backtest
