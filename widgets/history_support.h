#pragma once
// Shared pieces of the "Market history" charts: the provenance of a plotted value (for tooltips), the list
// of sources a chart draws from (its "Sources" view), dataset dates on time axes, and a layer of text labels
// and range bars placed on a QChart in data coordinates.

#include "jevons/dataset/dataset.h"

#include <QColor>
#include <QList>
#include <QObject>
#include <QPointF>
#include <QString>
#include <QStringList>

#include <limits>

class QAbstractSeries;
class QChart;
class QDialog;
class QGraphicsItem;
class QWidget;

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

/// The "Sources" view of a chart: its caption and a table of references (data, as-of dates, rows, kinds,
/// bundled or the user's file). The caller owns it.
QDialog *createSourcesDialog(QWidget *parent, const QString &chartTitle, const QList<SourceEntry> &entries,
                             const QString &caption);
/// Shows createSourcesDialog() modally.
void showSourcesDialog(QWidget *parent, const QString &chartTitle, const QList<SourceEntry> &entries,
                       const QString &caption);

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

/// Text labels and vertical range bars on a chart, placed in data coordinates of a series and moved
/// whenever the plot area or an axis range changes. Labels that would overlap an earlier one (or leave the
/// plot) are tried on the other side, above and below, and otherwise hidden: the tooltip still has them.
class ChartLabelLayer : public QObject {
    Q_OBJECT
public:
    explicit ChartLabelLayer(QChart *chart);
    ~ChartLabelLayer() override;
    void clear();
    /// Label `text` beside the point `value` of `series`, or centred above it with `above` (bar totals).
    /// Earlier labels win a conflict.
    /// `gap`: pixels between the point and the label (a bubble's radius and a little).
    void addLabel(QAbstractSeries *series, const QPointF &value, const QString &text, const QColor &color,
                  bool above = false, double gap = 6);
    /// A vertical bar from `low` to `high` (data y) at data x, e.g. a stated range.
    void addRange(QAbstractSeries *series, double x, double low, double high, const QColor &color);
    /// Visible labels after the last layout (for tests).
    int visibleLabelCount() const;
    void setFontPointSize(double points) { m_fontPoints = points; }
    /// Re-place everything now (also done on plot-area and axis-range changes).
    void relayout();
    /// Connects the range signals of the chart's current axes (call after replacing axes).
    void watchAxes();

private:
    struct Label {
        QAbstractSeries *series;
        QPointF value;
        QString text;
        QColor color;
        bool above = false;
        double gap = 6;
        QGraphicsItem *item = nullptr;
    };
    struct Range {
        QAbstractSeries *series;
        double x, low, high;
        QColor color;
        QGraphicsItem *item = nullptr;
    };
    QChart *m_chart;
    QList<Label> m_labels;
    QList<Range> m_ranges;
    double m_fontPoints = 7.5;
    QList<QMetaObject::Connection> m_axisConnections;
};

} // namespace jevons::ui
