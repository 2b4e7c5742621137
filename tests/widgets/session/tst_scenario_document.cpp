// The scenario document: undo and redo, drags merged into one step, loads, modified state, and what an edit
// carries with it (interval, power).
#include "jevons/engine/engine.h"
#include "jevons/session/scenario_document.h"

#include <QSignalSpy>
#include <QTest>

using namespace jevons;
using namespace jevons::ui;

class tst_ScenarioDocument : public QObject {
    Q_OBJECT
private slots:
    void editCarriesIntervalAndPowerAndUndoesBoth();
    void documentUndoRedo();
    void dragMergesIntoOneUndoStep();
    void loadIsUnmodifiedAndUndoable();
    void intervalsAndCorrelationsUndoRedo();
    void makingCertainDropsCorrelationsAndSaysSo();
    void switchKeepsIntervalsAndIsUndoable();
    void switchRunsOnTheSameRandomNumbers();
    void uncertaintySurvivesSaveAndOpen_data();
    void uncertaintySurvivesSaveAndOpen();
    void editedPresetIsModifiedUntilNamed();
    void fileScenarioKeepsItsName();
    void keyboardStepsMergeIntoOneUndoStep();
};

namespace {
const Interval GainInterval{1.5, 3.0, IntervalScale::Log};
const Interval ElasticityInterval{0.6, 1.6, IntervalScale::Linear};
} // namespace

void tst_ScenarioDocument::intervalsAndCorrelationsUndoRedo()
{
    ScenarioDocument doc;
    QSignalSpy changed(&doc, &ScenarioDocument::uncertaintyChanged);
    doc.setInterval(Param::AlgorithmicGain, GainInterval);
    doc.setInterval(Param::PriceElasticity, ElasticityInterval);
    doc.setCorrelation(Param::AlgorithmicGain, Param::PriceElasticity, 0.4);
    QCOMPARE(changed.count(), 3);
    QCOMPARE(doc.undoStack()->count(), 3); // each its own step
    QVERIFY(doc.isModified());
    QCOMPARE(doc.scenario().correlation(Param::PriceElasticity, Param::AlgorithmicGain), 0.4);
    validateScenario(doc.scenario()); // what the document holds is a valid scenario
    // Setting a pair again replaces it (either order), and 0 removes it.
    doc.setCorrelation(Param::PriceElasticity, Param::AlgorithmicGain, -0.3);
    QCOMPARE(doc.scenario().correlations.size(), std::size_t(1));
    QCOMPARE(doc.scenario().correlation(Param::AlgorithmicGain, Param::PriceElasticity), -0.3);
    doc.undoStack()->undo();
    doc.undoStack()->undo();
    QCOMPARE(doc.scenario().correlations.size(), std::size_t(0));
    doc.undoStack()->undo();
    QVERIFY(!doc.scenario().isUncertain(Param::PriceElasticity));
    doc.undoStack()->undo();
    QCOMPARE(doc.scenario(), Scenario());
    QVERIFY(!doc.isModified());
    for (int i = 0; i < 3; ++i)
        doc.undoStack()->redo();
    QCOMPARE(doc.scenario().intervals[int(Param::AlgorithmicGain)], std::optional(GainInterval));
    QCOMPARE(doc.scenario().correlation(Param::AlgorithmicGain, Param::PriceElasticity), 0.4);
    // Same interval again: no step.
    doc.setInterval(Param::AlgorithmicGain, GainInterval);
    QCOMPARE(doc.undoStack()->index(), 3);
}

void tst_ScenarioDocument::makingCertainDropsCorrelationsAndSaysSo()
{
    ScenarioDocument doc;
    doc.setInterval(Param::AlgorithmicGain, GainInterval);
    doc.setInterval(Param::PriceElasticity, ElasticityInterval);
    doc.setInterval(Param::AdoptionGrowth, Interval{1.1, 1.8, IntervalScale::Log});
    doc.setCorrelation(Param::AlgorithmicGain, Param::PriceElasticity, 0.4);
    doc.setCorrelation(Param::AdoptionGrowth, Param::PriceElasticity, 0.2);
    doc.setCorrelation(Param::AdoptionGrowth, Param::AlgorithmicGain, 0.1);
    QSignalSpy dropped(&doc, &ScenarioDocument::correlationsDropped);
    doc.setInterval(Param::PriceElasticity, std::nullopt);
    QCOMPARE(dropped.count(), 1);
    QCOMPARE(dropped.at(0).at(0).value<Param>(), Param::PriceElasticity);
    QCOMPARE(dropped.at(0).at(1).toInt(), 2);
    QCOMPARE(doc.scenario().correlations.size(), std::size_t(1));
    validateScenario(doc.scenario());
    doc.undoStack()->undo(); // brings the interval and both correlations back, without a second notice
    QCOMPARE(doc.scenario().correlations.size(), std::size_t(3));
    QCOMPARE(doc.scenario().intervals[int(Param::PriceElasticity)], std::optional(ElasticityInterval));
    QCOMPARE(dropped.count(), 1);
}

void tst_ScenarioDocument::switchKeepsIntervalsAndIsUndoable()
{
    ScenarioDocument doc;
    doc.setInterval(Param::AlgorithmicGain, GainInterval);
    const Scenario uncertain = doc.scenario();
    QCOMPARE(doc.runScenario(), uncertain);
    doc.setUncertaintyEnabled(false);
    QVERIFY(!doc.uncertaintyEnabled());
    QCOMPARE(doc.scenario(), uncertain); // nothing is forgotten
    QVERIFY(!doc.runScenario().hasUncertainty());
    QCOMPARE(doc.runScenario(), uncertain.withoutUncertainty());
    doc.undoStack()->undo();
    QVERIFY(doc.uncertaintyEnabled());
    doc.undoStack()->redo();
    QVERIFY(!doc.uncertaintyEnabled());
    // Edits while off still carry the interval with the median.
    doc.setValue(Param::AlgorithmicGain, 3.0);
    QCOMPARE(doc.scenario().intervals[int(Param::AlgorithmicGain)]->p95, 4.5);
}

void tst_ScenarioDocument::switchRunsOnTheSameRandomNumbers()
{
    // Every input uncertain with its interval collapsed onto its median (as narrow as the rules allow):
    // the switch's two runs then differ only by that width, because the inputs' draws use their own
    // random streams and the step draws are the same with the switch on or off.
    Scenario collapsed;
    for (const ParamInfo &info : paramTable()) {
        const double v = collapsed[info.id];
        if (info.id == Param::HorizonYears || info.integer || v <= info.minValue || v >= info.maxValue)
            continue;
        const double half = std::max(std::abs(v), 1.0) * 1e-15;
        collapsed.intervals[std::size_t(info.id)] = Interval{v - half, v + half, IntervalScale::Linear};
    }
    QVERIFY(collapsed.uncertainInputs().size() > 20);
    validateScenario(collapsed);
    ScenarioDocument doc;
    doc.load(collapsed, QString());
    SimulationSettings settings;
    settings.paths = 256;
    settings.backend = Backend::Cpu;
    settings.threads = 1;
    const std::vector<float> on = simulatePathValues(doc.runScenario(), settings, 256);
    doc.setUncertaintyEnabled(false);
    const std::vector<float> off = simulatePathValues(doc.runScenario(), settings, 256);
    // Off is exactly the certain scenario's run.
    QVERIFY(off == simulatePathValues(collapsed.withoutUncertainty(), settings, 256));
    QCOMPARE(on.size(), off.size());
    std::size_t different = 0;
    for (std::size_t i = 0; i < on.size(); ++i) {
        const double scale = std::max(1e-30, std::abs(double(off[i])));
        // 1e-3: the engine's feedback (scarcity premium, capex response) amplifies the 1e-15 width to
        // about 3e-5 after 120 months; other random numbers would differ by far more (tens of percent).
        // Not bit-identical: the rules need p5 < p95, and a width of 1e-15 still tips a threshold (a
        // shortage or a disruption month) on a handful of the ~1e6 values.
        if (std::abs(double(on[i]) - double(off[i])) > 1e-3 * scale)
            ++different;
    }
    QVERIFY2(different <= on.size() / 100'000, qPrintable(QString::number(different)));
    // And a different seed is far away: the agreement above comes from the same random numbers.
    SimulationSettings otherSeed = settings;
    otherSeed.seed = settings.seed + 1;
    QVERIFY(simulatePathValues(doc.runScenario(), otherSeed, 256) != off);
}

void tst_ScenarioDocument::uncertaintySurvivesSaveAndOpen_data()
{
    QTest::addColumn<bool>("withCorrelation");
    QTest::addColumn<bool>("switchOff");
    QTest::newRow("intervals") << false << false;
    QTest::newRow("intervals and a correlation") << true << false;
    QTest::newRow("switch off") << true << true;
}

void tst_ScenarioDocument::uncertaintySurvivesSaveAndOpen()
{
    QFETCH(bool, withCorrelation);
    QFETCH(bool, switchOff);
    ScenarioDocument doc;
    doc.setInterval(Param::AlgorithmicGain, GainInterval);
    doc.setInterval(Param::PriceElasticity, ElasticityInterval);
    if (withCorrelation)
        doc.setCorrelation(Param::AlgorithmicGain, Param::PriceElasticity, -0.45);
    doc.setUncertaintyEnabled(!switchOff);
    // The file keeps the intervals whatever the switch says: the switch is a view, not an edit of them.
    const std::string json = scenarioToJson(doc.scenario());
    const Scenario reopened = parseScenario(json);
    QCOMPARE(reopened, doc.scenario());
    ScenarioDocument other;
    other.load(reopened, QStringLiteral("/tmp/x.json"));
    QVERIFY(!other.isModified());
    QCOMPARE(other.scenario().correlations.size(), std::size_t(withCorrelation ? 1 : 0));
}

void tst_ScenarioDocument::editCarriesIntervalAndPowerAndUndoesBoth()
{
    ScenarioDocument doc;
    Scenario start;
    start.intervals[int(Param::AlgorithmicGain)] = Interval{1.5, 3.0, IntervalScale::Log};
    doc.load(start, QString());
    QSignalSpy changed(&doc, &ScenarioDocument::valueChanged);
    // A drag of an uncertain input: the interval moves with the median, and the drag is one undo step.
    for (double v : {2.5, 3.0})
        doc.setValue(Param::AlgorithmicGain, v, true);
    doc.endDrag();
    QCOMPARE(doc.scenario().intervals[int(Param::AlgorithmicGain)]->p5, 2.25);
    QCOMPARE(doc.scenario().intervals[int(Param::AlgorithmicGain)]->p95, 4.5);
    // S0 moves power_gw while it follows the start state, and says so.
    changed.clear();
    doc.setValue(Param::InstalledBase, 40);
    QCOMPARE(doc.value(Param::PowerGw), 1.25 * 40 * doc.value(Param::KwPerH100e));
    QCOMPARE(changed.count(), 2);
    QCOMPARE(changed.at(1).at(0).value<Param>(), Param::PowerGw);
    doc.undoStack()->undo();
    QCOMPARE(doc.value(Param::PowerGw), start[Param::PowerGw]);
    doc.undoStack()->undo();
    QCOMPARE(doc.scenario(), start); // interval and value back exactly
    doc.undoStack()->redo();
    QCOMPARE(doc.scenario().intervals[int(Param::AlgorithmicGain)]->p95, 4.5);
}

void tst_ScenarioDocument::documentUndoRedo()
{
    ScenarioDocument doc;
    QSignalSpy changed(&doc, &ScenarioDocument::valueChanged);
    QVERIFY(!doc.isModified());
    doc.setValue(Param::PriceElasticity, 1.5);
    doc.setValue(Param::PriceElasticity, 1.7);
    QVERIFY(doc.isModified());
    QCOMPARE(doc.undoStack()->count(), 2); // separate edits stay separate steps
    doc.undoStack()->undo();
    QCOMPARE(doc.value(Param::PriceElasticity), 1.5);
    doc.undoStack()->undo();
    QCOMPARE(doc.value(Param::PriceElasticity), 1.0);
    QVERIFY(!doc.isModified());
    doc.undoStack()->redo();
    QCOMPARE(doc.value(Param::PriceElasticity), 1.5);
    QCOMPARE(changed.count(), 5);
}

void tst_ScenarioDocument::dragMergesIntoOneUndoStep()
{
    ScenarioDocument doc;
    for (double v : {1.1, 1.2, 1.3, 1.4})
        doc.setValue(Param::PriceElasticity, v, true);
    doc.endDrag();
    doc.setValue(Param::PriceElasticity, 2.0, true);
    doc.endDrag();
    QCOMPARE(doc.undoStack()->count(), 2);
    doc.undoStack()->undo();
    QCOMPARE(doc.value(Param::PriceElasticity), 1.4);
    doc.undoStack()->undo();
    QCOMPARE(doc.value(Param::PriceElasticity), 1.0);
}

void tst_ScenarioDocument::loadIsUnmodifiedAndUndoable()
{
    ScenarioDocument doc;
    Scenario boom;
    boom.name = "Jevons boom";
    boom[Param::PriceElasticity] = 1.5;
    doc.setValue(Param::AdoptionGrowth, 2.0);
    doc.load(boom, QString());
    QVERIFY(!doc.isModified());
    QCOMPARE(doc.value(Param::PriceElasticity), 1.5);
    QCOMPARE(doc.value(Param::AdoptionGrowth),
             Scenario()[Param::AdoptionGrowth]); // boom leaves it at the default
    doc.setValue(Param::HorizonYears, 3);
    QVERIFY(doc.isModified());
    doc.undoStack()->undo();
    QVERIFY(!doc.isModified());
    doc.undoStack()->undo(); // the load itself
    QCOMPARE(doc.value(Param::AdoptionGrowth), 2.0);
    QCOMPARE(doc.value(Param::PriceElasticity), 1.0);
}

void tst_ScenarioDocument::editedPresetIsModifiedUntilNamed()
{
    ScenarioDocument doc; // the start-up Base case, tied to no file
    QSignalSpy renamed(&doc, &ScenarioDocument::metadataChanged);
    const double original = doc.value(Param::PriceElasticity);
    doc.setValue(Param::PriceElasticity, 1.7);
    QCOMPARE(doc.displayName(), QStringLiteral("Base case (modified)"));
    QCOMPARE(renamed.count(), 1);
    doc.setValue(Param::PriceElasticity, 1.8); // not "(modified) (modified)"
    QCOMPARE(doc.displayName(), QStringLiteral("Base case (modified)"));
    // Every value back at the preset's: its own name again, and not modified.
    QVERIFY(doc.isModified());
    doc.setValue(Param::PriceElasticity, original);
    QCOMPARE(doc.displayName(), QStringLiteral("Base case"));
    QVERIFY(!doc.isModified());
    doc.undoStack()->undo();
    QCOMPARE(doc.displayName(), QStringLiteral("Base case (modified)"));

    // Named by the user: the name stays through edits, and undo gives the automatic one back.
    doc.setName(QStringLiteral("  Cheap tokens  "));
    QCOMPARE(doc.displayName(), QStringLiteral("Cheap tokens"));
    doc.setValue(Param::PriceElasticity, 2.0);
    QCOMPARE(doc.displayName(), QStringLiteral("Cheap tokens"));
    doc.setNotes(QStringLiteral("Elasticity above the calibrated range."));
    QCOMPARE(doc.notes(), QStringLiteral("Elasticity above the calibrated range."));
    QCOMPARE(doc.scenario().notes, std::string("Elasticity above the calibrated range."));
    doc.undoStack()->undo(); // notes
    QVERIFY(doc.notes().isEmpty());
    doc.undoStack()->undo(); // the 2.0
    doc.undoStack()->undo(); // the name
    QCOMPARE(doc.displayName(), QStringLiteral("Base case (modified)"));
    doc.setName(QStringLiteral("   ")); // a scenario always has a name
    QCOMPARE(doc.displayName(), QStringLiteral("Base case (modified)"));

    // A loaded preset starts clean, under its own name.
    Scenario preset;
    preset.name = "DeepSeek deflation";
    doc.load(preset, QString());
    doc.setValue(Param::PriceElasticity, 1.9);
    QCOMPARE(doc.displayName(), QStringLiteral("DeepSeek deflation (modified)"));
    doc.setInterval(Param::PriceElasticity, ElasticityInterval);
    QCOMPARE(doc.displayName(), QStringLiteral("DeepSeek deflation (modified)"));
}

void tst_ScenarioDocument::fileScenarioKeepsItsName()
{
    ScenarioDocument doc;
    Scenario mine;
    mine.name = "Mine";
    doc.load(mine, QStringLiteral("/tmp/mine.json"));
    doc.setValue(Param::PriceElasticity, 1.7);
    QCOMPARE(doc.displayName(), QStringLiteral("Mine")); // the title's "*" says it changed
    QVERIFY(doc.isModified());
    QCOMPARE(doc.savedScenario().name, std::string("Mine"));
    QCOMPARE(doc.savedScenario()[Param::PriceElasticity], mine[Param::PriceElasticity]);
}

void tst_ScenarioDocument::keyboardStepsMergeIntoOneUndoStep()
{
    ScenarioDocument doc;
    const double original = doc.value(Param::PriceElasticity);
    QSignalSpy changed(&doc, &ScenarioDocument::valueChanged);
    for (int i = 1; i <= 5; ++i)
        doc.stepValue(Param::PriceElasticity, original + 0.1 * i); // five arrow presses
    QCOMPARE(doc.undoStack()->count(), 1);
    QCOMPARE(changed.count(), 5);
    QVERIFY(!changed.last().at(2).toBool()); // steps are not a drag: each gets the full run
    doc.undoStack()->undo();
    QCOMPARE(doc.value(Param::PriceElasticity), original);
    doc.undoStack()->redo();
    QCOMPARE(doc.value(Param::PriceElasticity), original + 0.5);
    // Another parameter, a typed value or endDrag() (focus left the row) starts a new step.
    doc.stepValue(Param::AlgorithmicGain, doc.value(Param::AlgorithmicGain) * 1.1);
    QCOMPARE(doc.undoStack()->count(), 2);
    doc.setValue(Param::AlgorithmicGain, 2.5);
    doc.stepValue(Param::AlgorithmicGain, 2.6);
    QCOMPARE(doc.undoStack()->count(), 4);
    doc.endDrag();
    doc.stepValue(Param::AlgorithmicGain, 2.7);
    QCOMPARE(doc.undoStack()->count(), 5);
}

QTEST_MAIN(tst_ScenarioDocument)
#include "tst_scenario_document.moc"
