#pragma once
// The numbers behind a chart: "Show table" in each chart's menu opens a sortable table of exactly what the
// chart plots, and Edit > Copy data puts the same numbers on the clipboard for a spreadsheet.
//
// The table is built from ChartPanel::toCsv(), never from the chart's series: toCsv() is the one place
// that says what is plotted (with units in the header), so the table, the CSV export and the clipboard can
// never disagree. Cells show numbers in the user's locale; the clipboard gets the C locale's text as in the
// CSV (tab-separated, header row first), because spreadsheets parse that whatever their own locale.

#include "jevons/charts/chart_panel.h"

#include <QAbstractTableModel>
#include <QDialog>
#include <QList>
#include <QPointer>
#include <QSortFilterProxyModel>
#include <QString>
#include <QStringList>
#include <QTableView>

#include <optional>
#include <vector>

class QLabel;

namespace jevons::ui {

/// Splits CSV text (RFC 4180: quoted fields, doubled quotes, commas and line breaks inside quotes) into
/// rows of fields. A trailing line break does not make an empty row.
QList<QStringList> parseCsv(const QString &csv);

/// Rows as tab-separated text, one line each ("\n"); tabs and line breaks inside a field become spaces
/// (a spreadsheet would split the cell there).
QString toTsv(const QList<QStringList> &rows);

/// One chart's CSV as a table: the first row is the header, the rest are data. A field that is a number in
/// the C locale is a number (display: QLocale(), sorting: by value); the others are text.
class ChartTableModel : public QAbstractTableModel {
    Q_OBJECT
public:
    /// The C-locale text of a cell, exactly as in the CSV (what the clipboard gets).
    static constexpr int CsvTextRole = Qt::UserRole + 1;
    /// The number (double) or, for text cells, the text: what sorting compares.
    static constexpr int SortRole = Qt::UserRole + 2;

    explicit ChartTableModel(QObject *parent = nullptr);

    /// Replaces the contents with `csv` (header row first).
    void setCsv(const QString &csv);
    QStringList header() const { return m_header; }
    /// The CSV text of one cell (empty outside the table).
    QString csvText(int row, int column) const;

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

private:
    struct Cell {
        QString text;
        std::optional<double> number;
    };
    QStringList m_header;
    std::vector<std::vector<Cell>> m_rows;
};

/// Sorts numbers by value and text by text; empty cells always go last, in either order, so that the
/// rows where a column has no value (history rows of a fan) do not hide the extremes.
class ChartTableSortModel : public QSortFilterProxyModel {
    Q_OBJECT
public:
    using QSortFilterProxyModel::QSortFilterProxyModel;

protected:
    bool lessThan(const QModelIndex &left, const QModelIndex &right) const override;
};

/// A table view whose Copy (Ctrl+C, and its right-click menu) puts the selected cells on the clipboard as
/// TSV: the header of the selected columns, then the selected rows in the order shown, C-locale numbers.
class ChartTableView : public QTableView {
    Q_OBJECT
public:
    explicit ChartTableView(QWidget *parent = nullptr);
    /// The selection as TSV (the whole table when nothing is selected).
    QString selectionTsv() const;
    void copySelection() const;

protected:
    void keyPressEvent(QKeyEvent *event) override;
};

/// "Data of “<chart>”": the table of one chart, updated when the chart redraws. Not modal, so that it can
/// stay open beside the chart while the sliders move.
class ChartTableDialog : public QDialog {
    Q_OBJECT
public:
    explicit ChartTableDialog(ChartPanel *panel, QWidget *parent = nullptr);

    ChartPanel *panel() const { return m_panel; }
    ChartTableModel *model() const { return m_model; }
    ChartTableView *view() const { return m_view; }
    /// Reads the chart's toCsv() again.
    void refresh();

private:
    QPointer<ChartPanel> m_panel;
    ChartTableModel *m_model = nullptr;
    ChartTableSortModel *m_sort = nullptr;
    ChartTableView *m_view = nullptr;
    QLabel *m_summary = nullptr;
};

/// The chart's CSV as TSV, header first (Edit > Copy data).
QString chartDataTsv(ChartPanel *panel);
/// chartDataTsv() onto the clipboard; false without a panel.
bool copyChartData(ChartPanel *panel);

/// Adds "Show table" (objectName showChartTableAction) to the panel's menu (or, for a panel without one,
/// its right-click actions, as ExportController does). The dialog opens parented to `window`, one per
/// chart (a second click raises it). Safe to call twice.
void addChartTableAction(ChartPanel *panel, QWidget *window);
/// Opens (or raises) the table of `panel`; returns it.
ChartTableDialog *showChartTable(ChartPanel *panel, QWidget *window);

} // namespace jevons::ui
