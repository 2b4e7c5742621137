#pragma once
// Selections from the dataset that the calibration, the observed series and the history overlays share, so
// that all of them read the same rows the same way. Internal to compute/backtest.

#include "jevons/backtest/dating.h"

#include <map>
#include <optional>
#include <string>
#include <vector>

namespace jevons::backtest::detail {

/// Rows that a selection may use: all of them, or those known by a month under a dating.
struct RowFilter {
    std::optional<MonthIndex> asOf; ///< none: every row
    RowDating dating = RowDating::Described;
    bool allows(const data::Table &table, const data::Row &row) const
    {
        return !asOf || knownBy(table, row, dating, *asOf);
    }
};

/// Epoch AI's yearly NVIDIA totals in H100e (accelerator_shipments: vendor NVIDIA, estimator Epoch AI, no
/// buyer, a yearly period, a product named "all ...", h100e given), consecutive years from the first.
struct YearTotal {
    int year = 0;
    double h100e = 0;
    double units = 0; ///< NaN when not given
    const data::Row *row = nullptr;
};
std::vector<YearTotal> nvidiaYearTotals(const data::Dataset &dataset, const RowFilter &filter);

/// Epoch AI's own cumulative NVIDIA total in H100e (compute_estimates: cumulative_shipments, scope with
/// NVIDIA, unit H100e), placed at the first month after its span (2026-Q1 -> 2026-04).
struct CumulativeTotal {
    MonthIndex month = 0;
    double h100e = 0;
    const data::Row *row = nullptr;
};
std::vector<CumulativeTotal> nvidiaCumulativeTotals(const data::Dataset &dataset, const RowFilter &filter);

/// A point of the cumulative NVIDIA shipments in H100e since the first year: the sum of the yearly totals at
/// January after each year, then Epoch's cumulative totals dated after the last year.
struct CumulativeAnchor {
    MonthIndex month = 0;
    double h100e = 0;
    std::vector<std::pair<const data::Table *, const data::Row *>> rows;
    bool fromTotal = false;
};
std::vector<CumulativeAnchor> nvidiaCumulativeAnchors(const data::Dataset &dataset, const RowFilter &filter);

/// A frontier (flagship) API price: blended 3:1 input:output, from the month it takes effect (a year-only
/// date from July, a quarter from its middle month, as the trend fit places them).
struct FlagshipPrice {
    MonthIndex month = 0;
    double blended = 0;
    const data::Row *row = nullptr;
};
/// By provider (normalised name), in file order.
std::map<std::string, std::vector<FlagshipPrice>> flagshipPrices(const data::Dataset &dataset,
                                                                 const RowFilter &filter);
/// The geometric mean over providers of each one's latest flagship price in effect in `month` (several
/// taking effect the same month: their geometric mean); nothing before the first. `rows` gets the rows used.
std::optional<double> frontierPriceAt(const std::map<std::string, std::vector<FlagshipPrice>> &prices,
                                      MonthIndex month, std::vector<const data::Row *> *rows = nullptr);

/// One company's capex in one calendar year or quarter: one figure per company and period (an actual by
/// basis in the order incl_finance_leases, gross_ppe_purchases, ppe_purchases, excl_finance_leases, none;
/// guidance only where no actual exists), single companies only.
struct CapexFigure {
    std::string company;
    int year = 0;
    int quarter = 0; ///< 0 for a year
    double usdBn = 0;
    bool guidance = false;
    const data::Row *row = nullptr;
};
std::vector<CapexFigure> capexByYear(const data::Table &annual, const RowFilter &filter);
std::vector<CapexFigure> capexByQuarter(const data::Table &quarterly, const RowFilter &filter);

/// A row's point value, else the midpoint of its low/high range, else its one bound; NaN when none.
double pointOrMidpoint(const data::Table &table, const data::Row &row, std::string_view point,
                       std::string_view low, std::string_view high);

/// The text of a cell, trimmed.
const std::string &cell(const data::Table &table, const data::Row &row, std::string_view column);
/// True when `text` contains `word` as a whole word, ignoring case.
bool containsWord(std::string_view text, std::string_view word);

} // namespace jevons::backtest::detail
