// The table behind a chart: CSV parsing, the model, numeric sorting, TSV copy and the dialog.
#include "jevons/export/chart_table.h"

#include <QAction>
#include <QApplication>
#include <QClipboard>
#include <QDialogButtonBox>
#include <QHeaderView>
#include <QItemSelectionModel>
#include <QKeyEvent>
#include <QLabel>
#include <QLocale>
#include <QMenu>
#include <QPushButton>
#include <QVBoxLayout>

#include <algorithm>
#include <charconv>
#include <cmath>
#include <map>
#include <set>

namespace jevons::ui {

namespace {

/// A number in the C locale's syntax that fills the whole field ("2026-01" is a month, not 2026).
std::optional<double> parseCNumber(const QString &text)
{
    if (text.isEmpty() || text.size() > 64)
        return std::nullopt;
    const QByteArray latin = text.toLatin1();
    double value = 0;
    const char *end = latin.constData() + latin.size();
    const auto [ptr, ec] = std::from_chars(latin.constData(), end, value);
    if (ec != std::errc() || ptr != end || !std::isfinite(value))
        return std::nullopt;
    return value;
}

QString tsvField(QString field)
{
    field.replace(QLatin1Char('\t'), QLatin1Char(' '));
    field.replace(QLatin1Char('\r'), QLatin1Char(' '));
    field.replace(QLatin1Char('\n'), QLatin1Char(' '));
    return field;
}

} // namespace

QList<QStringList> parseCsv(const QString &csv)
{
    QList<QStringList> rows;
    QStringList row;
    QString field;
    bool quoted = false;
    bool rowStarted = false;
    for (qsizetype i = 0; i < csv.size(); ++i) {
        const QChar c = csv[i];
        if (quoted) {
            if (c == QLatin1Char('"')) {
                if (i + 1 < csv.size() && csv[i + 1] == QLatin1Char('"')) {
                    field += c;
                    ++i;
                } else {
                    quoted = false;
                }
            } else {
                field += c;
            }
            continue;
        }
        if (c == QLatin1Char('"')) {
            quoted = true;
            rowStarted = true;
        } else if (c == QLatin1Char(',')) {
            row << field;
            field.clear();
            rowStarted = true;
        } else if (c == QLatin1Char('\n') || c == QLatin1Char('\r')) {
            if (c == QLatin1Char('\r') && i + 1 < csv.size() && csv[i + 1] == QLatin1Char('\n'))
                ++i;
            row << field;
            rows << row;
            row.clear();
            field.clear();
            rowStarted = false;
        } else {
            field += c;
            rowStarted = true;
        }
    }
    if (rowStarted) {
        row << field;
        rows << row;
    }
    return rows;
}

QString toTsv(const QList<QStringList> &rows)
{
    QString out;
    for (const QStringList &row : rows) {
        QStringList fields;
        fields.reserve(row.size());
        for (const QString &field : row)
            fields << tsvField(field);
        out += fields.join(QLatin1Char('\t')) + QLatin1Char('\n');
    }
    return out;
}

// --- model -------------------------------------------------------------------------------------------------

ChartTableModel::ChartTableModel(QObject *parent) : QAbstractTableModel(parent) {}

void ChartTableModel::setCsv(const QString &csv)
{
    beginResetModel();
    QList<QStringList> rows = parseCsv(csv);
    m_header = rows.isEmpty() ? QStringList() : rows.takeFirst();
    m_rows.clear();
    m_rows.reserve(std::size_t(rows.size()));
    for (const QStringList &fields : rows) {
        std::vector<Cell> cells;
        cells.reserve(std::size_t(m_header.size()));
        for (qsizetype c = 0; c < m_header.size(); ++c) {
            const QString text = c < fields.size() ? fields[c] : QString();
            cells.push_back({text, parseCNumber(text)});
        }
        m_rows.push_back(std::move(cells));
    }
    endResetModel();
}

QString ChartTableModel::csvText(int row, int column) const
{
    if (row < 0 || column < 0 || std::size_t(row) >= m_rows.size() || column >= int(m_header.size()))
        return {};
    return m_rows[std::size_t(row)][std::size_t(column)].text;
}

int ChartTableModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_rows.size());
}

int ChartTableModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_header.size());
}

QVariant ChartTableModel::data(const QModelIndex &index, int role) const
{
    if (!index.isValid() || std::size_t(index.row()) >= m_rows.size() ||
        index.column() >= int(m_header.size()))
        return {};
    const Cell &cell = m_rows[std::size_t(index.row())][std::size_t(index.column())];
    switch (role) {
    case Qt::DisplayRole:
        // Ten significant digits, as in the CSV: the table shows what is plotted, not a rounded summary.
        return cell.number ? QLocale().toString(*cell.number, 'g', 10) : cell.text;
    case Qt::AccessibleTextRole:
        // A screen reader hears the column with the value ("p50 (USD): 1,25"), not a bare number.
        return QStringLiteral("%1: %2").arg(
            m_header[index.column()], cell.number ? QLocale().toString(*cell.number, 'g', 10) : cell.text);
    case Qt::TextAlignmentRole:
        return cell.number ? QVariant(Qt::AlignRight | Qt::AlignVCenter)
                           : QVariant(Qt::AlignLeft | Qt::AlignVCenter);
    case CsvTextRole:
        return cell.text;
    case SortRole:
        return cell.number ? QVariant(*cell.number) : QVariant(cell.text);
    default:
        return {};
    }
}

QVariant ChartTableModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation == Qt::Horizontal) {
        if (section < 0 || section >= int(m_header.size()))
            return {};
        if (role == Qt::DisplayRole || role == CsvTextRole || role == Qt::AccessibleTextRole ||
            role == Qt::ToolTipRole)
            return m_header[section];
        return {};
    }
    if (role == Qt::DisplayRole)
        return QLocale().toString(section + 1);
    return {};
}

bool ChartTableSortModel::lessThan(const QModelIndex &left, const QModelIndex &right) const
{
    const QVariant a = left.data(ChartTableModel::SortRole);
    const QVariant b = right.data(ChartTableModel::SortRole);
    const bool aEmpty = a.typeId() == QMetaType::QString && a.toString().isEmpty();
    const bool bEmpty = b.typeId() == QMetaType::QString && b.toString().isEmpty();
    // Empty cells last whichever way the column is sorted: flip the comparison for descending order.
    if (aEmpty || bEmpty) {
        if (aEmpty == bEmpty)
            return left.row() < right.row();
        return (sortOrder() == Qt::AscendingOrder) ? bEmpty : aEmpty;
    }
    const bool aNumber = a.typeId() == QMetaType::Double;
    const bool bNumber = b.typeId() == QMetaType::Double;
    if (aNumber && bNumber)
        return a.toDouble() < b.toDouble();
    if (aNumber != bNumber)
        return aNumber; // numbers before text
    return QString::compare(a.toString(), b.toString(), Qt::CaseInsensitive) < 0;
}

// --- view --------------------------------------------------------------------------------------------------

ChartTableView::ChartTableView(QWidget *parent) : QTableView(parent)
{
    setSelectionMode(QAbstractItemView::ExtendedSelection);
    setSelectionBehavior(QAbstractItemView::SelectItems);
    setSortingEnabled(true);
    setAlternatingRowColors(true);
    setEditTriggers(QAbstractItemView::NoEditTriggers);
    horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    horizontalHeader()->setStretchLastSection(false);
    verticalHeader()->setDefaultSectionSize(fontMetrics().height() + 6);
    auto *copy = new QAction(tr("&Copy"), this);
    copy->setObjectName(QStringLiteral("copyTableAction"));
    copy->setShortcut(QKeySequence::Copy);
    copy->setShortcutContext(Qt::WidgetShortcut);
    copy->setToolTip(
        tr("Copy the selected cells with their column headers, tab-separated, for a spreadsheet"));
    connect(copy, &QAction::triggered, this, &ChartTableView::copySelection);
    addAction(copy);
    auto *all = new QAction(tr("Select &all"), this);
    all->setShortcut(QKeySequence::SelectAll);
    all->setShortcutContext(Qt::WidgetShortcut);
    connect(all, &QAction::triggered, this, &QTableView::selectAll);
    addAction(all);
    setContextMenuPolicy(Qt::ActionsContextMenu);
}

QString ChartTableView::selectionTsv() const
{
    const QAbstractItemModel *m = model();
    if (!m)
        return {};
    // Rows and columns in the order on screen (sorted, columns possibly moved), header row first.
    std::map<int, int> rowsByVisual;    // visual row -> model row of the view's model
    std::map<int, int> columnsByVisual; // visual column -> logical column
    std::set<std::pair<int, int>> selected;
    const QModelIndexList indexes =
        selectionModel() ? selectionModel()->selectedIndexes() : QModelIndexList();
    if (indexes.isEmpty()) {
        for (int r = 0; r < m->rowCount(); ++r)
            rowsByVisual[verticalHeader()->visualIndex(r)] = r;
        for (int c = 0; c < m->columnCount(); ++c)
            columnsByVisual[horizontalHeader()->visualIndex(c)] = c;
    } else {
        for (const QModelIndex &index : indexes) {
            rowsByVisual[verticalHeader()->visualIndex(index.row())] = index.row();
            columnsByVisual[horizontalHeader()->visualIndex(index.column())] = index.column();
            selected.insert({index.row(), index.column()});
        }
    }
    QList<QStringList> rows;
    QStringList header;
    for (const auto &[visual, column] : columnsByVisual)
        header << m->headerData(column, Qt::Horizontal, ChartTableModel::CsvTextRole).toString();
    rows << header;
    for (const auto &[visualRow, row] : rowsByVisual) {
        QStringList fields;
        for (const auto &[visualColumn, column] : columnsByVisual) {
            // A cell outside a non-rectangular selection stays empty, so that columns keep their place.
            if (!selected.empty() && !selected.count({row, column}))
                fields << QString();
            else
                fields << m->index(row, column).data(ChartTableModel::CsvTextRole).toString();
        }
        rows << fields;
    }
    return toTsv(rows);
}

void ChartTableView::copySelection() const
{
    QGuiApplication::clipboard()->setText(selectionTsv());
}

void ChartTableView::keyPressEvent(QKeyEvent *event)
{
    // QTableView's own Ctrl+C copies one cell's display text (localised): take it over.
    if (event == QKeySequence::Copy) {
        copySelection();
        event->accept();
        return;
    }
    QTableView::keyPressEvent(event);
}

// --- dialog ------------------------------------------------------------------------------------------------

ChartTableDialog::ChartTableDialog(ChartPanel *panel, QWidget *parent) : QDialog(parent), m_panel(panel)
{
    setObjectName(QStringLiteral("chartTableDialog"));
    setAttribute(Qt::WA_DeleteOnClose);
    setWindowTitle(tr("Data of “%1”").arg(panel ? panel->title() : QString()));
    auto *layout = new QVBoxLayout(this);
    m_summary = new QLabel(this);
    m_summary->setObjectName(QStringLiteral("chartTableSummary"));
    m_summary->setWordWrap(true);
    m_summary->setTextInteractionFlags(Qt::TextSelectableByMouse);
    layout->addWidget(m_summary);

    m_model = new ChartTableModel(this);
    m_sort = new ChartTableSortModel(this);
    m_sort->setSourceModel(m_model);
    m_sort->setSortRole(ChartTableModel::SortRole);
    m_view = new ChartTableView(this);
    m_view->setObjectName(QStringLiteral("chartTableView"));
    m_view->setModel(m_sort);
    m_view->sortByColumn(-1, Qt::AscendingOrder); // the chart's own row order until a header is clicked
    m_view->setAccessibleName(tr("Data of the chart “%1”").arg(panel ? panel->title() : QString()));
    m_view->setAccessibleDescription(
        tr("The plotted values, one row per x value. Click a column header to sort; Ctrl+C copies the "
           "selected cells for a spreadsheet."));
    m_summary->setBuddy(m_view);
    layout->addWidget(m_view, 1);

    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Close, this);
    QPushButton *copyAll = buttons->addButton(tr("Copy &all"), QDialogButtonBox::ActionRole);
    copyAll->setObjectName(QStringLiteral("copyAllButton"));
    copyAll->setToolTip(tr("The whole table with its header, tab-separated, for a spreadsheet"));
    connect(copyAll, &QPushButton::clicked, this, [this] {
        if (m_panel)
            copyChartData(m_panel);
    });
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::close);
    layout->addWidget(buttons);

    if (panel)
        connect(panel, &ChartPanel::redrawn, this, &ChartTableDialog::refresh);
    refresh();
    resize(760, 520);
}

void ChartTableDialog::refresh()
{
    if (!m_panel) {
        m_summary->setText(tr("The chart is gone."));
        return;
    }
    m_model->setCsv(m_panel->toCsv());
    const QString caption = m_panel->caption();
    m_summary->setText(tr("<b>%1</b>: %2 rows. %3")
                           .arg(m_panel->title().toHtmlEscaped(), QLocale().toString(m_model->rowCount()),
                                caption.toHtmlEscaped()));
}

QString chartDataTsv(ChartPanel *panel)
{
    return panel ? toTsv(parseCsv(panel->toCsv())) : QString();
}

bool copyChartData(ChartPanel *panel)
{
    if (!panel)
        return false;
    QGuiApplication::clipboard()->setText(chartDataTsv(panel));
    return true;
}

ChartTableDialog *showChartTable(ChartPanel *panel, QWidget *window)
{
    if (!panel)
        return nullptr;
    QWidget *parent = window ? window : panel->window();
    // One table per chart: a second "Show table" raises the open one (they close themselves on Close).
    for (ChartTableDialog *dialog : parent->findChildren<ChartTableDialog *>(Qt::FindDirectChildrenOnly)) {
        if (dialog->panel() == panel) {
            dialog->refresh();
            dialog->show();
            dialog->raise();
            dialog->activateWindow();
            return dialog;
        }
    }
    auto *dialog = new ChartTableDialog(panel, parent);
    dialog->show();
    return dialog;
}

void addChartTableAction(ChartPanel *panel, QWidget *window)
{
    if (!panel)
        return;
    QMenu *menu = panel->actionsMenu();
    QWidget *host = menu ? static_cast<QWidget *>(menu) : panel;
    if (host->findChild<QAction *>(QStringLiteral("showChartTableAction"), Qt::FindDirectChildrenOnly))
        return;
    if (!menu)
        panel->setContextMenuPolicy(Qt::ActionsContextMenu);
    auto *action = new QAction(QObject::tr("Show &table"), host);
    action->setObjectName(QStringLiteral("showChartTableAction"));
    action->setToolTip(QObject::tr("The plotted values in a table: sort by a column, copy with Ctrl+C"));
    QPointer<ChartPanel> guarded(panel);
    QPointer<QWidget> guardedWindow(window);
    QObject::connect(action, &QAction::triggered, panel, [guarded, guardedWindow] {
        if (guarded)
            showChartTable(guarded, guardedWindow);
    });
    // Beside the export's data action when it is there (the two are about the same numbers).
    QAction *before = nullptr;
    const QList<QAction *> actions = host->actions();
    for (qsizetype i = 0; i < actions.size(); ++i)
        if (actions[i]->objectName() == QLatin1String("exportChartCsvAction"))
            before = i + 1 < actions.size() ? actions[i + 1] : nullptr;
    if (before)
        host->insertAction(before, action);
    else
        host->addAction(action);
}

} // namespace jevons::ui
