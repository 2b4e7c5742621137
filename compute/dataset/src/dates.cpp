// Dates of the dataset: parsing YYYY-MM-DD, YYYY-MM, YYYY-Qn and YYYY, and their position on a year axis.
#include "jevons/dataset/dataset.h"

#include <cstdio>

namespace jevons::data {

namespace {

bool isLeap(int y)
{
    return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

int daysInMonth(int y, int m)
{
    static constexpr int days[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    return m == 2 && isLeap(y) ? 29 : days[m - 1];
}

int dayOfYear(int y, int m, int d)
{
    int n = d;
    for (int i = 1; i < m; ++i)
        n += daysInMonth(y, i);
    return n;
}

// Exactly `n` ASCII digits at s[pos..]; false otherwise.
bool digits(std::string_view s, std::size_t pos, std::size_t n, int *out)
{
    if (pos + n > s.size())
        return false;
    int v = 0;
    for (std::size_t i = pos; i < pos + n; ++i) {
        if (s[i] < '0' || s[i] > '9')
            return false;
        v = v * 10 + (s[i] - '0');
    }
    *out = v;
    return true;
}

} // namespace

bool Date::parse(std::string_view text, Date *out)
{
    Date d;
    int year = 0, month = 0, day = 0, quarter = 0;
    if (!digits(text, 0, 4, &year) || year < 1900 || year > 2100)
        return false;
    if (text.size() == 4) {
        d.precision = DatePrecision::Year;
    } else if (text.size() == 7 && text[4] == '-' && (text[5] == 'Q' || text[5] == 'q')) {
        if (!digits(text, 6, 1, &quarter) || quarter < 1 || quarter > 4)
            return false;
        d.precision = DatePrecision::Quarter;
    } else if (text.size() == 7 && text[4] == '-') {
        if (!digits(text, 5, 2, &month) || month < 1 || month > 12)
            return false;
        d.precision = DatePrecision::Month;
    } else if (text.size() == 10 && text[4] == '-' && text[7] == '-') {
        if (!digits(text, 5, 2, &month) || month < 1 || month > 12 || !digits(text, 8, 2, &day) || day < 1 ||
            day > daysInMonth(year, month))
            return false;
        d.precision = DatePrecision::Day;
    } else {
        return false;
    }
    d.year = static_cast<std::int16_t>(year);
    d.month = static_cast<std::int8_t>(month);
    d.day = static_cast<std::int8_t>(day);
    d.quarter = static_cast<std::int8_t>(quarter);
    *out = d;
    return true;
}

std::string Date::toString() const
{
    auto two = [](int v) { return std::string(v < 10 ? "0" : "") + std::to_string(v); };
    std::string s = std::to_string(year);
    switch (precision) {
    case DatePrecision::Day:
        return s + "-" + two(month) + "-" + two(day);
    case DatePrecision::Month:
        return s + "-" + two(month);
    case DatePrecision::Quarter:
        return s + "-Q" + std::to_string(quarter);
    case DatePrecision::Year:
        break;
    }
    return s;
}

double Date::startYear() const
{
    const double diy = isLeap(year) ? 366.0 : 365.0;
    switch (precision) {
    case DatePrecision::Day:
        return year + (dayOfYear(year, month, day) - 1) / diy;
    case DatePrecision::Month:
        return year + (dayOfYear(year, month, 1) - 1) / diy;
    case DatePrecision::Quarter:
        return year + (dayOfYear(year, 3 * quarter - 2, 1) - 1) / diy;
    case DatePrecision::Year:
        break;
    }
    return year;
}

double Date::midYear() const
{
    const double diy = isLeap(year) ? 366.0 : 365.0;
    switch (precision) {
    case DatePrecision::Day:
        return startYear() + 0.5 / diy;
    case DatePrecision::Month:
        return startYear() + 0.5 * daysInMonth(year, month) / diy;
    case DatePrecision::Quarter: {
        const int first = 3 * quarter - 2;
        const int days =
            daysInMonth(year, first) + daysInMonth(year, first + 1) + daysInMonth(year, first + 2);
        return startYear() + 0.5 * days / diy;
    }
    case DatePrecision::Year:
        break;
    }
    return year + 0.5;
}

} // namespace jevons::data
