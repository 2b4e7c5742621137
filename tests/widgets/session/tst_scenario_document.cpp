// The scenario document: undo and redo, drags merged into one step, loads, modified state, and what an edit carries with it (interval, power).
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
};

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
    QCOMPARE(doc.value(Param::AdoptionGrowth), Scenario()[Param::AdoptionGrowth]); // boom leaves it at the default
    doc.setValue(Param::HorizonYears, 3);
    QVERIFY(doc.isModified());
    doc.undoStack()->undo();
    QVERIFY(!doc.isModified());
    doc.undoStack()->undo(); // the load itself
    QCOMPARE(doc.value(Param::AdoptionGrowth), 2.0);
    QCOMPARE(doc.value(Param::PriceElasticity), 1.0);
}

QTEST_MAIN(tst_ScenarioDocument)
#include "tst_scenario_document.moc"
