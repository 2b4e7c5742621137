// The numbers behind each chart and printing: "Show table" holds exactly the chart's toCsv(), shows
// numbers in the user's locale and sorts them by value, Ctrl+C puts C-locale TSV with the header on the
// clipboard, and a chart and the report print to a PDF file that has pages with text.
#include "jevons/charts/chart_factory.h"
#include "jevons/export/chart_table.h"
#include "jevons/export/export_report.h"
#include "jevons/export/print_controller.h"

#include "jevons/engine/engine.h"

#include <QAction>
#include <QApplication>
#include <QClipboard>
#include <QDir>
#include <QLocale>
#include <QMenu>
#include <QPdfDocument>
#include <QPrinter>
#include <QTemporaryDir>
#include <QTest>

#include <cmath>
#include <memory>

using namespace jevons;
using namespace jevons::ui;

namespace {

SimulationResult run()
{
    SimulationSettings settings;
    settings.paths = 4'000; // the table and the print test the plumbing, not the engine
    settings.seed = 11;
    settings.backend = Backend::Cpu;
    return simulate(Scenario(), settings);
}

QString pdfText(const QString &path, int *pages)
{
    QPdfDocument document;
    if (document.load(path) != QPdfDocument::Error::None)
        return {};
    *pages = document.pageCount();
    QString text;
    for (int i = 0; i < document.pageCount(); ++i)
        text += document.getAllText(i).text() + QLatin1Char('\n');
    return text;
}

void keepScreenshot(QWidget *widget, const QString &name)
{
    const QString dir = qEnvironmentVariable("JEVONS_SCREENSHOT_DIR");
    if (!dir.isEmpty())
        widget->grab().save(QDir(dir).filePath(name + QStringLiteral(".png")));
}

} // namespace

class tst_ChartTable : public QObject {
    Q_OBJECT
private slots:
    void initTestCase();
    void cleanup() { QLocale::setDefault(QLocale::c()); }
    void parsesQuotedCsv();
    void tableEqualsToCsvForEveryChart();
    void numbersInTheUsersLocaleSortByValue();
    void copyGivesCLocaleTsvWithHeader();
    void showTableFromTheChartMenu();
    void printChartToPdf();
    void printReportToPdf();

private:
    SimulationResult m_result;
    std::vector<std::unique_ptr<ChartPanel>> m_charts;
    ChartPanel *chart(const QString &id) const
    {
        for (const auto &c : m_charts)
            if (c->chartId() == id)
                return c.get();
        return nullptr;
    }
};

void tst_ChartTable::initTestCase()
{
    m_result = run();
    m_charts = buildCharts(m_result, nullptr, nullptr, false);
    QVERIFY(!m_charts.empty());
}

void tst_ChartTable::parsesQuotedCsv()
{
    const auto rows = parseCsv(QStringLiteral("a,\"b, c\",\"say \"\"hi\"\"\"\r\n1,,\"x\ny\"\n"));
    QCOMPARE(rows.size(), 2);
    QCOMPARE(rows[0], (QStringList{"a", "b, c", "say \"hi\""}));
    QCOMPARE(rows[1], (QStringList{"1", "", "x\ny"}));
    // Tabs and line breaks inside a field would split a spreadsheet's cell.
    QCOMPARE(toTsv(rows), QStringLiteral("a\tb, c\tsay \"hi\"\n1\t\tx y\n"));
}

void tst_ChartTable::tableEqualsToCsvForEveryChart()
{
    for (const auto &panel : m_charts) {
        const QString csv = panel->toCsv();
        const QList<QStringList> rows = parseCsv(csv);
        QVERIFY2(!rows.isEmpty(), qPrintable(panel->chartId())); // a header at least (no ranking: no rows)
        ChartTableModel model;
        model.setCsv(csv);
        QCOMPARE(model.header(), rows[0]);
        QCOMPARE(model.rowCount(), int(rows.size()) - 1);
        QCOMPARE(model.columnCount(), int(rows[0].size()));
        for (int r = 0; r < model.rowCount(); ++r)
            for (int c = 0; c < model.columnCount(); ++c)
                QCOMPARE(model.csvText(r, c), c < rows[r + 1].size() ? rows[r + 1][c] : QString());
    }
}

void tst_ChartTable::numbersInTheUsersLocaleSortByValue()
{
    QLocale::setDefault(QLocale(QLocale::German, QLocale::Germany));
    ChartTableModel model;
    model.setCsv(QStringLiteral("month,p50 (USD)\n2026-01,1.25\n2026-02,10.5\n2026-03,\n2026-04,2\n"));
    QCOMPARE(model.index(0, 1).data().toString(), QStringLiteral("1,25"));
    QCOMPARE(model.index(0, 0).data().toString(), QStringLiteral("2026-01")); // text stays text
    QCOMPARE(model.index(0, 1).data(ChartTableModel::CsvTextRole).toString(), QStringLiteral("1.25"));
    QVERIFY(model.index(0, 1).data(Qt::AccessibleTextRole).toString().startsWith(QLatin1String("p50 (USD)")));

    ChartTableSortModel sort;
    sort.setSourceModel(&model);
    sort.setSortRole(ChartTableModel::SortRole);
    sort.sort(1, Qt::AscendingOrder);
    // As text "10.5" < "2"; by value 1.25 < 2 < 10.5, and the empty cell last.
    QCOMPARE(sort.index(0, 1).data(ChartTableModel::CsvTextRole).toString(), QStringLiteral("1.25"));
    QCOMPARE(sort.index(1, 1).data(ChartTableModel::CsvTextRole).toString(), QStringLiteral("2"));
    QCOMPARE(sort.index(2, 1).data(ChartTableModel::CsvTextRole).toString(), QStringLiteral("10.5"));
    QCOMPARE(sort.index(3, 1).data(ChartTableModel::CsvTextRole).toString(), QString());
    sort.sort(1, Qt::DescendingOrder);
    QCOMPARE(sort.index(0, 1).data(ChartTableModel::CsvTextRole).toString(), QStringLiteral("10.5"));
    QCOMPARE(sort.index(3, 1).data(ChartTableModel::CsvTextRole).toString(), QString());
}

void tst_ChartTable::copyGivesCLocaleTsvWithHeader()
{
    QLocale::setDefault(QLocale(QLocale::German, QLocale::Germany));
    ChartPanel *panel = chart(QStringLiteral("token_price"));
    QVERIFY(panel);
    ChartTableDialog dialog(panel);
    dialog.show();
    QVERIFY(QTest::qWaitForWindowExposed(&dialog));
    ChartTableView *view = dialog.view();
    const QList<QStringList> rows = parseCsv(panel->toCsv());

    // Everything: the same as Edit > Copy data.
    view->selectAll();
    view->setFocus();
    QApplication::clipboard()->clear();
    QTest::keyClick(view, Qt::Key_C, Qt::ControlModifier);
    QCOMPARE(QApplication::clipboard()->text(), toTsv(rows));
    QCOMPARE(QApplication::clipboard()->text(), chartDataTsv(panel));

    // A block: its columns' headers, then its rows, numbers with a decimal point.
    view->clearSelection();
    const QModelIndex from = view->model()->index(2, 1);
    const QModelIndex to = view->model()->index(4, 2);
    view->selectionModel()->select(QItemSelection(from, to), QItemSelectionModel::Select);
    QTest::keyClick(view, Qt::Key_C, Qt::ControlModifier);
    QList<QStringList> expected{{rows[0][1], rows[0][2]}};
    for (int r = 3; r <= 5; ++r)
        expected << QStringList{rows[r][1], rows[r][2]};
    QCOMPARE(QApplication::clipboard()->text(), toTsv(expected));
    QVERIFY(!QApplication::clipboard()->text().contains(QLatin1Char(',')));
    QVERIFY(!view->accessibleName().isEmpty());
}

void tst_ChartTable::showTableFromTheChartMenu()
{
    QWidget window;
    ChartPanel *panel = chart(QStringLiteral("supply_demand"));
    QVERIFY(panel);
    panel->setParent(&window);
    window.resize(900, 600);
    panel->resize(900, 600);
    window.show();
    addChartTableAction(panel, &window);
    addChartTableAction(panel, &window); // twice: still one action
    QMenu *menu = panel->actionsMenu();
    QVERIFY(menu);
    const auto actions = menu->findChildren<QAction *>(QStringLiteral("showChartTableAction"));
    QCOMPARE(actions.size(), 1);
    actions.first()->trigger();
    auto dialogs = window.findChildren<ChartTableDialog *>();
    QCOMPARE(dialogs.size(), 1);
    actions.first()->trigger(); // raises the open one
    QCOMPARE(window.findChildren<ChartTableDialog *>().size(), 1);
    ChartTableDialog *dialog = dialogs.first();
    QCOMPARE(dialog->model()->rowCount(), int(parseCsv(panel->toCsv()).size()) - 1);
    QVERIFY(QTest::qWaitForWindowExposed(dialog));
    dialog->view()->sortByColumn(3, Qt::DescendingOrder);
    keepScreenshot(dialog, QStringLiteral("chart_table"));
    dialog->close();
    panel->setParent(nullptr);
}

void tst_ChartTable::printChartToPdf()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("chart.pdf"));
    ChartPanel *panel = chart(QStringLiteral("token_price"));
    QPrinter printer(QPrinter::ScreenResolution);
    printer.setOutputFormat(QPrinter::PdfFormat);
    printer.setOutputFileName(path);
    QCOMPARE(printChart(&printer, panel, &m_result), QString());
    int pages = 0;
    const QString text = pdfText(path, &pages);
    QCOMPARE(pages, 1);
    QVERIFY2(text.contains(panel->title()), qPrintable(text.left(400)));
    QVERIFY2(text.contains(QLatin1String("seed 11")), qPrintable(text.left(400))); // the caption footer
    if (const QString shots = qEnvironmentVariable("JEVONS_SCREENSHOT_DIR"); !shots.isEmpty()) {
        QPdfDocument document;
        document.load(path);
        const QSizeF points = document.pagePointSize(0);
        document.render(0, (points * 1.2).toSize())
            .save(QDir(shots).filePath(QStringLiteral("print_chart.png")));
    }
}

void tst_ChartTable::printReportToPdf()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("report.pdf"));
    ReportInputs inputs;
    inputs.result = m_result;
    inputs.sensitivity = std::make_shared<SensitivityResult>(runReportSensitivity(m_result));
    QPrinter printer(QPrinter::ScreenResolution);
    printer.setOutputFormat(QPrinter::PdfFormat);
    printer.setOutputFileName(path);
    QCOMPARE(printReport(&printer, inputs, ReportOptions{}), QString());
    int pages = 0;
    const QString text = pdfText(path, &pages);
    QVERIFY2(pages >= 4, qPrintable(QString::number(pages)));
    for (const QString &title : ReportWriter::sectionTitles(inputs))
        QVERIFY2(text.contains(title), qPrintable(title));
}

QTEST_MAIN(tst_ChartTable)
#include "tst_chart_table.moc"
