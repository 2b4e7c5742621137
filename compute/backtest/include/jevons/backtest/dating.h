#pragma once
// Months and the dating of dataset rows, for a backtest without look-ahead (docs/model.md, "Backtest").
// Plain C++ (no Qt).

#include "jevons/dataset/dataset.h"

#include <optional>
#include <string>
#include <string_view>

namespace jevons::backtest {

/// A calendar month as one number, year * 12 + (month - 1), so that months subtract.
using MonthIndex = int;

MonthIndex monthIndex(int year, int month);
int yearOf(MonthIndex m);
int monthOf(MonthIndex m); ///< 1..12
/// "YYYY-MM".
std::string monthLabel(MonthIndex m);
/// Reads exactly "YYYY-MM" (year 1900..2100, month 01..12); false for anything else.
bool parseMonth(std::string_view text, MonthIndex *out);
/// The month in which a dataset period ends: December for a year, the quarter's last month, the month itself.
MonthIndex lastMonthOf(const data::Date &d);
/// The middle of a month as a fractional year (2026-04 -> 2026 + 3.5 / 12), as Date::midYear() places a
/// month.
double midYear(MonthIndex m);

/// When a row counts as known, for calibrating as of a month.
enum class RowDating {
    /// From the end of the period the row describes, or from its as_of where that is earlier (a forecast or
    /// guidance is known when it was stated) or where the row describes no period. The dataset is one
    /// vintage (mid-2026): most figures on past periods are today's estimates of them (Epoch AI's 2026
    /// snapshot), so this replays the past as it is now known, without any later outcome ("pseudo out of
    /// sample"). The default.
    Described,
    /// From the row's as_of alone: only what had been published by then (real time). With the bundled
    /// dataset almost nothing on shipments is dated before 2026-03, so this allows hardly any start.
    Stated
};
const char *datingName(RowDating d); ///< "described", "stated"
bool parseDating(std::string_view name, RowDating *out);

/// The column of a topic that holds the period a row describes ("period", "quarter", "price_date", ...);
/// empty for an unknown topic.
std::string_view describedPeriodColumn(const data::TopicSchema &topic);
/// The month from which `row` may be used, under `dating`; nothing when the row has no usable date.
std::optional<MonthIndex> knownFrom(const data::Table &table, const data::Row &row, RowDating dating);
/// True when `row` may be used by a calibration as of `asOf`.
bool knownBy(const data::Table &table, const data::Row &row, RowDating dating, MonthIndex asOf);

/// A row as the result cites it: its file, its key columns and its as_of, as written.
struct RowRef {
    std::string file;                    ///< e.g. "accelerator_shipments.csv"
    std::string key;                     ///< the key columns' values, non-empty ones joined with ", "
    std::string asOf;                    ///< the as_of cell as written
    std::optional<MonthIndex> knownFrom; ///< under the dating the result used
    bool userSupplied = false;
    bool operator==(const RowRef &other) const = default;
};
RowRef rowRef(const data::Table &table, const data::Row &row, RowDating dating = RowDating::Described);

/// Text compared as the dataset compares keys: ignoring case and runs of spaces.
bool sameText(std::string_view a, std::string_view b);

} // namespace jevons::backtest
