// The window's desktop habits: Help > Model and Help > "What is the Jevons paradox?" load their pages,
// every parameter's tooltip names its row and its label opens it, Edit > Copy data copies the chart on
// screen, and File > Print… is there with Ctrl+P.
#include "jevons/export/chart_table.h"
#include "jevons/export/print_controller.h"
#include "jevons/window/help_browser.h"
#include "jevons/window/main_window.h"
#include "jevons/window/parameter_control.h"
#include "jevons/window/scenario_panel.h"

#include "quiet_window.h"

#include <QAction>
#include <QApplication>
#include <QClipboard>
#include <QDir>
#include <QLabel>
#include <QMenu>
#include <QSignalSpy>
#include <QTabWidget>
#include <QTemporaryDir>
#include <QTest>
#include <QTextBrowser>

#include <memory>

using namespace jevons;
using namespace jevons::ui;

namespace {
void keepScreenshot(QWidget *widget, const QString &name)
{
    const QString dir = qEnvironmentVariable("JEVONS_SCREENSHOT_DIR");
    if (!dir.isEmpty())
        widget->grab().save(QDir(dir).filePath(name + QStringLiteral(".png")));
}

QAction *action(QWidget *window, const char *name)
{
    return window->findChild<QAction *>(QString::fromLatin1(name));
}
} // namespace

class tst_Help : public QObject {
    Q_OBJECT
private slots:
    void init();
    void cleanup();
    void modelPageLoads();
    void paradoxPageLoads();
    void parameterOpensItsRow();
    void copyDataCopiesTheChartOnScreen();
    void printActionIsThere();

private:
    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<MainWindow> m_window;
};

void tst_Help::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    m_window = testing::openQuietWindow(m_dir->filePath(QStringLiteral("data")));
    QVERIFY(m_window);
}

void tst_Help::cleanup()
{
    m_window.reset();
    m_dir.reset();
}

void tst_Help::modelPageLoads()
{
    QAction *help = action(m_window.get(), "helpModelAction");
    QVERIFY(help);
    QCOMPARE(help->shortcut(), QKeySequence(QKeySequence::HelpContents));
    help->trigger();
    auto *browser = m_window->findChild<HelpBrowser *>();
    QVERIFY(browser);
    QCOMPARE(browser->page(), HelpBrowser::Page::Model);
    const QString text = browser->browser()->toPlainText();
    // The headings of docs/model.md, rendered (no Markdown marks left), with its tables.
    for (const char *heading : {"The scenario model (specification)", "Scenario parameters",
                                "One step, k = 1..T, in this order", "Provenance of the Base case"})
        QVERIFY2(text.contains(QLatin1String(heading)), heading);
    QVERIFY(!text.contains(QLatin1String("## ")));
    QVERIFY(text.contains(QLatin1String("price_elasticity")));
    QVERIFY(!browser->browser()->accessibleName().isEmpty());
    QVERIFY(QTest::qWaitForWindowExposed(browser));
    keepScreenshot(browser, QStringLiteral("help_model"));
}

void tst_Help::paradoxPageLoads()
{
    QAction *help = action(m_window.get(), "helpParadoxAction");
    QVERIFY(help);
    help->trigger();
    auto *browser = m_window->findChild<HelpBrowser *>();
    QVERIFY(browser);
    QCOMPARE(browser->page(), HelpBrowser::Page::JevonsParadox);
    const QString text = browser->browser()->toPlainText();
    for (const char *words :
         {"What is the Jevons paradox?", "How to see it in the app", "Price elasticity", "Algorithmic gains",
          "Installed base and demand", "shortage probability", "cheaper"})
        QVERIFY2(text.contains(QLatin1String(words)), words);
    // The sliders it names exist under those names.
    QStringList labels;
    for (QLabel *label : m_window->scenarioPanel()->findChildren<QLabel *>())
        labels << label->text();
    QVERIFY(labels.contains(QStringLiteral("Price elasticity")));
    QVERIFY(labels.contains(QStringLiteral("Algorithmic gains")));
    QVERIFY(QTest::qWaitForWindowExposed(browser));
    keepScreenshot(browser, QStringLiteral("help_paradox"));
}

void tst_Help::parameterOpensItsRow()
{
    const auto controls = m_window->scenarioPanel()->findChildren<ParameterControl *>();
    QVERIFY(controls.size() > 20);
    for (ParameterControl *control : controls) {
        QAction *explain = control->findChild<QAction *>(QStringLiteral("explainParameterAction"));
        QVERIFY(explain);
        QSignalSpy requested(control, &ParameterControl::helpRequested);
        explain->trigger();
        QCOMPARE(requested.size(), 1);
        const QString key = requested.first().first().toString();
        auto *browser = m_window->findChild<HelpBrowser *>();
        QVERIFY(browser);
        QCOMPARE(browser->page(), HelpBrowser::Page::Model);
        // The key is selected in the parameter table: its row is the one in view.
        QCOMPARE(browser->browser()->textCursor().selectedText(), key);
        QVERIFY(
            control->toolTipText().contains(QStringLiteral("Help &gt; Model: row <code>%1</code>").arg(key)));
    }
    auto *browser = m_window->findChild<HelpBrowser *>();
    QVERIFY(browser->showParameter(QStringLiteral("price_elasticity")));
    keepScreenshot(browser, QStringLiteral("help_model_parameter"));
}

void tst_Help::copyDataCopiesTheChartOnScreen()
{
    QSignalSpy shown(m_window.get(), &MainWindow::resultDisplayed);
    m_window->rerun();
    QVERIFY(shown.wait(60'000));
    m_window->tabs()->setCurrentIndex(1); // Supply & demand: its first chart
    QApplication::processEvents();
    ChartPanel *panel = chartOnScreen(m_window->allCharts());
    QVERIFY(panel);
    QCOMPARE(panel->chartId(), QStringLiteral("supply_demand"));
    QApplication::clipboard()->clear();
    QAction *copy = action(m_window.get(), "copyDataAction");
    QVERIFY(copy);
    copy->trigger();
    const QString tsv = QApplication::clipboard()->text();
    QCOMPARE(tsv, toTsv(parseCsv(panel->toCsv())));
    QVERIFY(tsv.startsWith(QLatin1String("month\tstep\t")));
    // Every chart's menu has "Show table".
    for (ChartPanel *chart : m_window->allCharts()) {
        QWidget *host = chart->actionsMenu() ? static_cast<QWidget *>(chart->actionsMenu()) : chart;
        QVERIFY2(host->findChild<QAction *>(QStringLiteral("showChartTableAction")),
                 qPrintable(chart->chartId()));
    }
}

void tst_Help::printActionIsThere()
{
    QAction *print = action(m_window.get(), "printAction");
    QVERIFY(print);
    QCOMPARE(print->shortcut(), QKeySequence(QKeySequence::Print));
    QVERIFY(action(m_window.get(), "printReportAction"));
}

QTEST_MAIN(tst_Help)
#include "tst_help.moc"
