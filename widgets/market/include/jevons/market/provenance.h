#pragma once
// Where a plotted value comes from (provenance, for tooltips and tests), the list of sources a chart draws
// from, dataset dates as axis positions, and small text helpers. Pure data: no charts, no widgets.

#include "jevons/dataset/dataset.h"

#include <QList>
#include <QObject>
#include <QString>
#include <QStringList>

#include <limits>
#include <string_view>
#include <vector>

namespace jevons::ui {

/// Where one plotted value comes from: what tooltips show and tests check.
struct Provenance {
    QString label;                                           ///< what the value is, e.g. "NVIDIA, 2024"
    double value = std::numeric_limits<double>::quiet_NaN(); ///< as plotted, in `unit`
    QString valueText; ///< formatted value, with any range or bound ("≥ 65k wafers/month (lower bound)")
    QString unit;      ///< e.g. "accelerators", "USD per quarter"
    QString date;      ///< the row's date or period as written ("2024", "2023-Q2", "2025-06")
    QString kind;      ///< reported, estimate, derived, guidance, assumption
    QString source;    ///< the row's source cell (references separated by ';')
    QString asOf;      ///< the row's as_of date
    QString confidence;
    QString note;
    QString detail; ///< extra lines (HTML-escaped already), e.g. the breakdown of a total
    QString topicTitle;
    bool userSupplied = false;
    QString origin; ///< file name of an imported row
};

/// Fills kind, source, as-of, confidence, note, topic and the user-supplied mark from a row.
Provenance rowProvenance(const data::Table &table, const data::Row &row);
/// Several rows drawn as one value (a sum): their kinds, sources and as-of dates, joined.
Provenance combinedProvenance(const data::Table &table, const std::vector<const data::Row *> &rows);
/// Tooltip HTML: value with unit, date, kind, source, as-of, note, and "user-supplied" for imported rows.
QString provenanceHtml(const Provenance &p);
/// The same as plain text on one line per field (tests, accessibility).
QString provenanceText(const Provenance &p);

/// One reference in a chart's "Sources" view.
struct SourceEntry {
    QString reference;  ///< one URL or repository path (a source cell may hold several)
    QString topicTitle; ///< the dataset topic it supports
    QStringList asOf;   ///< distinct as-of dates of the rows citing it, sorted
    QStringList kinds;  ///< distinct kinds of those rows
    int rows = 0;       ///< rows drawn that cite it
    bool userSupplied = false;
    QString origin; ///< the imported file, for user-supplied rows
};

/// Collects the sources of the rows a chart draws.
class SourceCollector {
public:
    void clear() { m_entries.clear(); }
    void add(const data::Table &table, const data::Row &row);
    void add(const data::Table &table, const std::vector<const data::Row *> &rows);
    const QList<SourceEntry> &entries() const { return m_entries; }
    /// One line per reference: "REFERENCE — TOPIC; as of DATES; N rows (KINDS)".
    QStringList lines() const;

private:
    QList<SourceEntry> m_entries;
};

/// Milliseconds since the epoch of the midpoint of a dataset date, as on a QDateTimeAxis; the trend fit
/// places a period at its midpoint too (Date::midYear()). Local time, as QDateTimeAxis labels its ticks, so
/// that a tick at 1 January reads as that year in every time zone.
double dateToMsecs(const data::Date &date);
/// Milliseconds since the epoch of a fractional year (2024.5 = 2 July 2024), local time.
double yearToMsecs(double fractionalYear);
/// Fractional year of milliseconds since the epoch.
double msecsToYear(double msecs);
/// "1 row", "3 rows": a count with the noun in the right number (English; no translations are shipped).
QString countText(qsizetype n, const QString &singular, const QString &plural);
/// Text of a cell as QString.
QString cellText(const data::Table &table, const data::Row &row, std::string_view column);
/// Case-insensitive comparison with repeated spaces collapsed, as the dataset compares keys.
bool sameText(const QString &a, const QString &b);

} // namespace jevons::ui
