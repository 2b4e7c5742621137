// The run scheduler without a window: previews while dragging, a preview in flight finishes before the
// newest step runs, the full run follows a release or a rest, other changes supersede, cancel stops.
#include "jevons/session/run_scheduler.h"

#include <QSignalSpy>
#include <QTest>

using namespace jevons;
using namespace jevons::ui;

namespace {
constexpr int WaitMs = 60'000;

/// A scheduler over a real runner whose requests carry `value` as the price elasticity. Previews are large
/// enough to be still running when the next call comes in the same event-loop turn.
struct Rig {
    double value = 1.0;
    SimulationRunner runner;
    RunScheduler scheduler{&runner, [this](bool preview) {
                               RunRequest request;
                               request.scenario[Param::PriceElasticity] = value;
                               request.settings.paths = preview ? 20'000 : 40'000;
                               request.settings.seed = 3;
                               request.settings.backend = Backend::Cpu;
                               return request;
                           }};
    QSignalSpy ready{&scheduler, &RunScheduler::resultReady};
    QSignalSpy fullShown{&scheduler, &RunScheduler::fullResultShown};

    ResultPtr result(int i) const { return ready.at(i).at(1).value<ResultPtr>(); }
    bool preview(int i) const { return ready.at(i).at(2).toBool(); }
    double elasticity(int i) const { return result(i)->scenario[Param::PriceElasticity]; }
};
} // namespace

class tst_RunScheduler : public QObject {
    Q_OBJECT
private slots:
    void dragShowsThePreviewInFlightThenTheNewestThenTheFullRun();
    void restingSliderGetsTheFullRun();
    void otherChangesSupersede();
    void cancelStopsAndResets();
};

void tst_RunScheduler::dragShowsThePreviewInFlightThenTheNewestThenTheFullRun()
{
    Rig rig;
    rig.value = 1.1;
    rig.scheduler.valueChanged(true); // starts a preview
    QVERIFY(rig.scheduler.previewInFlight());
    rig.value = 1.2;
    rig.scheduler.valueChanged(true); // waits for the preview in flight
    rig.value = 1.3;
    rig.scheduler.valueChanged(true);
    rig.scheduler.dragFinished(); // the full run comes after the previews
    QVERIFY(QTest::qWaitFor([&] { return rig.ready.count() == 3; }, WaitMs));
    QVERIFY(rig.preview(0) && rig.preview(1) && !rig.preview(2));
    QCOMPARE(rig.elasticity(0), 1.1); // the first step was not cancelled
    QCOMPARE(rig.elasticity(1), 1.3); // the newest step, not every step
    QCOMPARE(rig.elasticity(2), 1.3);
    QCOMPARE(rig.result(0)->pathsDone, 20'000u);
    QCOMPARE(rig.result(2)->pathsDone, 40'000u);
    QCOMPARE(rig.fullShown.count(), 1); // after the full run only, in the same turn as its result
}

void tst_RunScheduler::restingSliderGetsTheFullRun()
{
    Rig rig;
    rig.value = 1.4;
    rig.scheduler.valueChanged(true);
    // No release: the rest timer starts the full run once the preview has shown.
    QVERIFY(QTest::qWaitFor([&] { return rig.ready.count() == 2; }, WaitMs));
    QVERIFY(rig.preview(0));
    QVERIFY(!rig.preview(1));
    QCOMPARE(rig.elasticity(1), 1.4);
}

void tst_RunScheduler::otherChangesSupersede()
{
    Rig rig;
    rig.value = 1.5;
    rig.scheduler.valueChanged(false);
    rig.value = 1.6;
    rig.scheduler.valueChanged(false); // supersedes the first full run
    QVERIFY(QTest::qWaitFor([&] { return rig.fullShown.count() == 1; }, WaitMs));
    QCOMPARE(rig.ready.count(), 1);
    QVERIFY(!rig.preview(0));
    QCOMPARE(rig.elasticity(0), 1.6);
    // Same seed and values: exactly the engine's result.
    SimulationSettings settings;
    settings.paths = 40'000;
    settings.seed = 3;
    settings.backend = Backend::Cpu;
    Scenario scenario;
    scenario[Param::PriceElasticity] = 1.6;
    const SimulationResult direct = simulate(scenario, settings);
    QCOMPARE(rig.result(0)->series[int(Series::Demand)][Stat::P50],
             direct.series[int(Series::Demand)][Stat::P50]);
}

void tst_RunScheduler::cancelStopsAndResets()
{
    Rig rig;
    QSignalSpy cancelled(&rig.runner, &SimulationRunner::cancelled);
    rig.scheduler.valueChanged(true);
    rig.scheduler.valueChanged(true); // pending behind the preview
    rig.scheduler.cancel();
    QCOMPARE(cancelled.count(), 1); // at once, not when the worker notices
    QVERIFY(!rig.scheduler.previewInFlight());
    // Nothing that was due runs later (not the pending step, not the rest timer's full run): the next
    // change starts at once.
    rig.value = 2.0;
    rig.scheduler.valueChanged(false);
    QVERIFY(QTest::qWaitFor([&] { return rig.fullShown.count() == 1; }, WaitMs));
    QCOMPARE(rig.ready.count(), 1);
    QCOMPARE(rig.elasticity(0), 2.0);
}

QTEST_MAIN(tst_RunScheduler)
#include "tst_run_scheduler.moc"
