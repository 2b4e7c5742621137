// Saying how sure you are: the correlation editor (words, live refusal of an impossible matrix with the
// cell marked, preview of the draws), the panel's switch and notices, and the window's runs, title and
// files with intervals and correlations. JEVONS_SCREENSHOT_DIR set: the panel and the dialog are saved as
// PNG.
#include "jevons/session/scenario_document.h"
#include "jevons/window/correlation_dialog.h"
#include "jevons/window/main_window.h"
#include "jevons/window/parameter_control.h"
#include "jevons/window/scenario_panel.h"

#include <QCheckBox>
#include <QDialogButtonBox>
#include <QDoubleSpinBox>
#include <QLabel>
#include <QPushButton>
#include <QSignalSpy>
#include <QSlider>
#include <QTableWidget>
#include <QTemporaryDir>
#include <QTest>
#include <QUndoStack>

using namespace jevons;
using namespace jevons::ui;

class tst_UncertainInputs : public QObject {
    Q_OBJECT
private slots:
    void correlationWords_data();
    void correlationWords();
    void impossibleMatrixIsRefusedAndCellNamed();
    void sliderSetsCellAndPreviewShowsDraws();
    void panelSwitchAndDroppedNotice();
    void windowRunsTitleAndFiles();
    void screenshots();
};

namespace {
Scenario threeUncertain()
{
    Scenario s;
    s.intervals[std::size_t(Param::AdoptionGrowth)] = Interval{1.1, 1.8, IntervalScale::Log};
    s.intervals[std::size_t(Param::PriceElasticity)] = Interval{0.6, 1.6, IntervalScale::Linear};
    s.intervals[std::size_t(Param::AlgorithmicGain)] = Interval{1.5, 3.0, IntervalScale::Log};
    return s;
}
QString label(Param p)
{
    return QString::fromUtf8(paramInfo(p).label);
}
} // namespace

void tst_UncertainInputs::correlationWords_data()
{
    QTest::addColumn<double>("rank");
    QTest::addColumn<QString>("words");
    QTest::newRow("0") << 0.0 << "none";
    QTest::newRow("0.04") << 0.04 << "none";
    QTest::newRow("0.2") << 0.2 << "weak, same direction";
    QTest::newRow("-0.45") << -0.45 << "moderate, opposite direction";
    QTest::newRow("0.8") << 0.8 << "strong, same direction";
    QTest::newRow("-0.95") << -0.95 << "strong, opposite direction";
}

void tst_UncertainInputs::correlationWords()
{
    QFETCH(double, rank);
    QFETCH(QString, words);
    QCOMPARE(jevons::ui::correlationWords(rank), words);
}

void tst_UncertainInputs::impossibleMatrixIsRefusedAndCellNamed()
{
    CorrelationDialog dialog(threeUncertain(), SimulationSettings{});
    QCOMPARE(dialog.inputs().size(), std::size_t(3));
    QVERIFY(dialog.isPossible());
    // Each pair alone is fine; the three together are impossible (two strongly alike, both strongly
    // opposite to the third's partner).
    dialog.setCorrelation(Param::AdoptionGrowth, Param::PriceElasticity, 0.6);
    dialog.setCorrelation(Param::AdoptionGrowth, Param::AlgorithmicGain, 0.6);
    QVERIFY(dialog.isPossible());
    dialog.setCorrelation(Param::PriceElasticity, Param::AlgorithmicGain, -0.6);
    QVERIFY(!dialog.isPossible());
    QVERIFY(!dialog.buttons()->button(QDialogButtonBox::Ok)->isEnabled()); // refused
    for (Param p : {Param::AdoptionGrowth, Param::PriceElasticity, Param::AlgorithmicGain})
        QVERIFY2(dialog.problem().contains(label(p)), qPrintable(dialog.problem()));
    QVERIFY(dialog.markedCell().has_value());
    const auto row = [&](Param p) {
        return int(std::find(dialog.inputs().begin(), dialog.inputs().end(), p) - dialog.inputs().begin());
    };
    const RankCorrelation marked = *dialog.markedCell();
    for (auto [r, c] : {std::pair(row(marked.first), row(marked.second)),
                        std::pair(row(marked.second), row(marked.first))}) {
        QTableWidgetItem *item = dialog.table()->item(r, c);
        QVERIFY(item->data(Qt::UserRole).toBool());
        QVERIFY(item->text().startsWith(QStringLiteral("⚠")));
    }
    QVERIFY(dialog.problem().contains(label(marked.first) + QStringLiteral(" with ") + label(marked.second)));
    QCOMPARE(dialog.preview()->pointCount(), 0); // no draws of an impossible matrix
    // Weakening the marked cell makes it possible again: OK comes back and the mark goes.
    dialog.setCorrelation(marked.first, marked.second, 0.0);
    QVERIFY(dialog.isPossible());
    QVERIFY(dialog.problem().isEmpty());
    QVERIFY(dialog.buttons()->button(QDialogButtonBox::Ok)->isEnabled());
    QVERIFY(!dialog.table()->item(row(marked.first), row(marked.second))->data(Qt::UserRole).toBool());
    Scenario result = threeUncertain();
    result.correlations = dialog.correlations();
    validateScenario(result);
}

void tst_UncertainInputs::sliderSetsCellAndPreviewShowsDraws()
{
    CorrelationDialog dialog(threeUncertain(), SimulationSettings{});
    dialog.selectPair(Param::AdoptionGrowth, Param::AlgorithmicGain);
    QVERIFY(dialog.preview()->pointCount() > 1000);
    // Keyboard: Page Up on the slider is a step of 0.25 towards "same direction".
    QTest::keyClick(dialog.slider(), Qt::Key_PageUp);
    QCOMPARE(dialog.numberBox()->value(), 0.25);
    QCOMPARE(dialog.wordsLabel()->text(), QStringLiteral("weak, same direction"));
    QCOMPARE(dialog.correlations().size(), std::size_t(1));
    QCOMPARE(dialog.correlations()[0].rank, 0.25);
    // The number box sets the same cell; the slider follows.
    dialog.numberBox()->setValue(-0.7);
    QCOMPARE(dialog.slider()->value(), -70);
    QCOMPARE(dialog.wordsLabel()->text(), QStringLiteral("strong, opposite direction"));
    Scenario s = threeUncertain();
    s.correlations = dialog.correlations();
    QCOMPARE(s.correlation(Param::AlgorithmicGain, Param::AdoptionGrowth), -0.7);
    QVERIFY(dialog.table()->item(2, 0)->text().contains(QStringLiteral("opposite")) ||
            dialog.table()->item(0, 2)->text().contains(QStringLiteral("opposite")));
}

void tst_UncertainInputs::panelSwitchAndDroppedNotice()
{
    ScenarioDocument doc;
    Scenario s = threeUncertain();
    s.correlations = {{Param::AdoptionGrowth, Param::PriceElasticity, 0.3},
                      {Param::PriceElasticity, Param::AlgorithmicGain, 0.2}};
    doc.load(s, QString());
    ScenarioPanel panel;
    panel.attachDocument(&doc);
    ParameterControl *elasticity = panel.control(Param::PriceElasticity);
    QVERIFY(elasticity->intervalSlider()->band());
    QVERIFY(panel.correlationsButton()->isEnabled());
    // The switch: off keeps the intervals, hides the bands, and is undoable.
    panel.uncertaintyBox()->click();
    QVERIFY(!doc.uncertaintyEnabled());
    QVERIFY(!elasticity->intervalSlider()->band());
    QVERIFY(elasticity->interval().has_value());
    doc.undoStack()->undo();
    QVERIFY(panel.uncertaintyBox()->isChecked());
    QVERIFY(elasticity->intervalSlider()->band());
    // Making an input certain drops its two correlations with a notice naming it; undo brings them back.
    QVERIFY(panel.notice().isEmpty());
    elasticity->setIntervalEditorOpen(true);
    elasticity->certainButton()->click();
    QVERIFY(!doc.scenario().isUncertain(Param::PriceElasticity));
    QVERIFY(doc.scenario().correlations.empty());
    QVERIFY2(panel.notice().contains(label(Param::PriceElasticity)) &&
                 panel.notice().contains(QLatin1String("2")),
             qPrintable(panel.notice()));
    QVERIFY(!elasticity->intervalSlider()->band());
    doc.undoStack()->undo();
    QCOMPARE(doc.scenario().correlations.size(), std::size_t(2));
    QVERIFY(elasticity->intervalSlider()->band());
}

void tst_UncertainInputs::windowRunsTitleAndFiles()
{
    QTemporaryDir dir;
    MainWindow::Options options;
    options.persistSettings = false;
    options.interactive = false;
    options.runOnStart = false;
    options.dataDirectory = dir.path();
    MainWindow window(options);
    SimulationSettings settings = window.scenarioPanel()->runSettings();
    settings.paths = 10'000;
    settings.backend = Backend::Cpu;
    window.scenarioPanel()->setRunSettings(settings);
    ScenarioDocument *doc = window.document();
    QSignalSpy displayed(&window, &MainWindow::resultDisplayed);
    doc->setInterval(Param::AlgorithmicGain, Interval{1.5, 3.0, IntervalScale::Log});
    doc->setInterval(Param::PriceElasticity, Interval{0.6, 1.6, IntervalScale::Linear});
    doc->setCorrelation(Param::AlgorithmicGain, Param::PriceElasticity, 0.4);
    QVERIFY(window.windowTitle().contains(QLatin1Char('*')) || window.isWindowModified());
    QVERIFY(QTest::qWaitFor(
        [&] { return window.displayedResult() && window.displayedResult()->scenario == doc->scenario(); },
        30000));
    // The switch (menu action and check box are one): the run uses the certain twin.
    window.scenarioPanel()->uncertaintyBox()->click();
    QVERIFY(QTest::qWaitFor(
        [&] {
            return window.displayedResult() &&
                   window.displayedResult()->scenario == doc->scenario().withoutUncertainty();
        },
        30000));
    QVERIFY(doc->scenario().hasUncertainty());
    window.scenarioPanel()->uncertaintyBox()->click();
    // Save and open: intervals and correlations come back; the title is clean after each.
    const QString path = dir.filePath(QStringLiteral("uncertain.json"));
    QVERIFY(window.saveScenarioFile(path));
    QVERIFY(!doc->isModified());
    const Scenario saved = doc->scenario();
    doc->setInterval(Param::AlgorithmicGain, std::nullopt);
    QVERIFY(doc->isModified());
    QCOMPARE(doc->scenario().correlation(Param::AlgorithmicGain, Param::PriceElasticity), 0.0);
    QVERIFY(window.openScenarioFile(path));
    Scenario opened = doc->scenario();
    QVERIFY(opened.run); // saved with its paths and seed
    opened.run.reset();
    QCOMPARE(opened, saved);
    QVERIFY(!doc->isModified());
    QVERIFY(window.scenarioPanel()->control(Param::AlgorithmicGain)->intervalSlider()->band());
    // A preset with an interval added is modified (the panel says so); undo makes it the preset again.
    window.loadPreset(0);
    doc->setInterval(Param::AdoptionGrowth, Interval{1.1, 1.8, IntervalScale::Log});
    QVERIFY(doc->isModified());
    doc->undoStack()->undo();
    QVERIFY(!doc->isModified());
}

void tst_UncertainInputs::screenshots()
{
    const QString out = qEnvironmentVariable("JEVONS_SCREENSHOT_DIR");
    if (out.isEmpty())
        QSKIP("JEVONS_SCREENSHOT_DIR not set");
    ScenarioDocument doc;
    Scenario s = threeUncertain();
    s.correlations = {{Param::AdoptionGrowth, Param::PriceElasticity, 0.45}};
    doc.load(s, QString());
    ScenarioPanel panel;
    panel.attachDocument(&doc);
    panel.resize(480, 900);
    panel.control(Param::PriceElasticity)->setIntervalEditorOpen(true);
    panel.show();
    QVERIFY(QTest::qWaitForWindowExposed(&panel));
    QVERIFY(panel.grab().save(out + QStringLiteral("/panel.png")));
    CorrelationDialog dialog(doc.scenario(), SimulationSettings{});
    dialog.show();
    QVERIFY(QTest::qWaitForWindowExposed(&dialog));
    dialog.selectPair(Param::AdoptionGrowth, Param::PriceElasticity);
    QVERIFY(dialog.grab().save(out + QStringLiteral("/correlations.png")));
    dialog.setCorrelation(Param::AdoptionGrowth, Param::AlgorithmicGain, 0.9);
    dialog.setCorrelation(Param::AdoptionGrowth, Param::PriceElasticity, 0.9);
    dialog.setCorrelation(Param::PriceElasticity, Param::AlgorithmicGain, -0.9);
    QVERIFY(dialog.grab().save(out + QStringLiteral("/correlations_impossible.png")));
}

QTEST_MAIN(tst_UncertainInputs)
#include "tst_uncertain_inputs.moc"
