#pragma once
// Selections from the dataset shared by the history charts, the Sankey diagram and the fan overlays, so that
// all of them read the same rows the same way (one capex figure per company and period, one shipment figure
// per vendor and year).

#include "jevons/dataset/dataset.h"

#include <QString>
#include <QStringList>

#include <vector>

namespace jevons::ui {

/// A row's point value, or the midpoint of its low/high range, or its one bound; says which.
struct RangedValue {
    double value = 0; ///< what is drawn
    double low = 0;   ///< lower end, when `hasLow`
    double high = 0;  ///< upper end, when `hasHigh`
    bool hasLow = false, hasHigh = false;
    bool isPoint = false; ///< the point column was given
    bool valid = false;   ///< anything was given
    /// "1.5M–2M (midpoint drawn)", "≥ 65k (lower bound)", or the plain value, formatted with `unit`.
    QString describe(const QString &unit, double scale = 1) const;
};
/// Reads `point`, `point_low` and `point_high`-style columns (low/high may be empty names).
RangedValue rangedValue(const data::Table &table, const data::Row &row, std::string_view point,
                        std::string_view low, std::string_view high);

/// "Big 4 (Microsoft; Meta; ...)" and other groups are not one company.
bool isSingleCompany(const QString &company);

/// One company's capex in one calendar year (capex_annual, year_label "CY<year>").
struct CapexYear {
    QString company;
    int year = 0;
    RangedValue usdBn;     ///< USD billions
    bool guidance = false; ///< no actual figure: the company's guidance is drawn
    const data::Row *row = nullptr;
    std::vector<const data::Row *> guidanceRows; ///< guidance given for a year that also has an actual
};
/// One figure per company and calendar year: the actual (reported, derived or estimate; by basis in the
/// order incl_finance_leases, gross_ppe_purchases, ppe_purchases, excl_finance_leases, none), else the
/// guidance (midpoint of a range). Fiscal-year rows and groups are left out. Sorted by year, then company in
/// first-appearance order.
std::vector<CapexYear> capexByYear(const data::Table &annual);

/// One company's capex in one calendar quarter (capex_quarterly).
struct CapexQuarter {
    QString company;
    int year = 0, quarter = 0;
    double usdBn = 0;
    const data::Row *row = nullptr;
};
/// One figure per company and quarter (basis preference as for capexByYear), sorted by quarter.
std::vector<CapexQuarter> capexByQuarter(const data::Table &quarterly);
/// Companies in first-appearance order.
QStringList capexCompanies(const std::vector<CapexYear> &years, const std::vector<CapexQuarter> &quarters);

} // namespace jevons::ui
