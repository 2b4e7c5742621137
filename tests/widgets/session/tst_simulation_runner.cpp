// The worker thread: results arrive, newer requests supersede older ones, cancel works, errors become
// signals.
#include "jevons/session/simulation_runner.h"

#include <QSignalSpy>
#include <QTest>

using namespace jevons;
using namespace jevons::ui;

namespace {
RunRequest smallRequest(double elasticity, std::uint64_t paths = 10'000)
{
    RunRequest request;
    request.scenario[Param::PriceElasticity] = elasticity;
    request.settings.paths = paths;
    request.settings.seed = 7;
    request.settings.backend = Backend::Cpu;
    return request;
}
} // namespace

class tst_SimulationRunner : public QObject {
    Q_OBJECT
private slots:
    void finishesWithTheEngineResult();
    void burstShowsOnlyTheLast();
    void cancelDropsTheRun();
    void sensitivityRuns();
    void errorsBecomeSignals();
};

void tst_SimulationRunner::finishesWithTheEngineResult()
{
    SimulationRunner runner;
    QSignalSpy finished(&runner, &SimulationRunner::finished);
    const RunRequest request = smallRequest(1.3);
    const quint64 sequence = runner.start(request);
    QVERIFY(finished.wait(30'000));
    QCOMPARE(finished.count(), 1);
    QCOMPARE(finished.at(0).at(0).value<quint64>(), sequence);
    const auto result = finished.at(0).at(1).value<ResultPtr>();
    QVERIFY(result);
    // Same seed, same scenario: the engine is deterministic, so the worker's result is the direct one.
    const SimulationResult direct = simulate(request.scenario, request.settings);
    QCOMPARE(result->series[int(Series::Demand)][Stat::P50], direct.series[int(Series::Demand)][Stat::P50]);
    QVERIFY(!runner.isBusy());
}

void tst_SimulationRunner::burstShowsOnlyTheLast()
{
    SimulationRunner runner;
    QSignalSpy finished(&runner, &SimulationRunner::finished);
    quint64 last = 0;
    for (int i = 0; i < 50; ++i)
        last = runner.start(smallRequest(0.5 + i * 0.02));
    QTRY_VERIFY_WITH_TIMEOUT(!runner.isBusy(), 30'000);
    // Stale runs are skipped or cancelled: exactly one result, the last one.
    QCOMPARE(finished.count(), 1);
    QCOMPARE(finished.at(0).at(0).value<quint64>(), last);
    QCOMPARE(finished.at(0).at(1).value<ResultPtr>()->scenario[Param::PriceElasticity], 0.5 + 49 * 0.02);
}

void tst_SimulationRunner::cancelDropsTheRun()
{
    SimulationRunner runner;
    QSignalSpy finished(&runner, &SimulationRunner::finished);
    QSignalSpy cancelled(&runner, &SimulationRunner::cancelled);
    runner.start(smallRequest(1.0, 2'000'000));
    runner.cancel();
    QCOMPARE(cancelled.count(), 1);
    QVERIFY(!runner.isBusy());
    // A following run still works and is the only one shown.
    runner.start(smallRequest(1.1));
    QVERIFY(finished.wait(30'000));
    QCOMPARE(finished.count(), 1);
    QCOMPARE(finished.at(0).at(1).value<ResultPtr>()->scenario[Param::PriceElasticity], 1.1);
}

void tst_SimulationRunner::sensitivityRuns()
{
    SimulationRunner runner;
    QSignalSpy done(&runner, &SimulationRunner::sensitivityFinished);
    RunRequest request = smallRequest(1.0, 5'000);
    request.kind = RunRequest::Kind::Sensitivity;
    request.sensitivity.series = Series::GpuHourPrice;
    runner.start(request);
    QVERIFY(done.wait(60'000));
    const auto result = done.at(0).at(1).value<SensitivityPtr>();
    QCOMPARE(result->series, Series::GpuHourPrice);
    QCOMPARE(int(result->entries.size()), ParamCount - 1);
}

void tst_SimulationRunner::errorsBecomeSignals()
{
    SimulationRunner runner;
    QSignalSpy failed(&runner, &SimulationRunner::failed);
    RunRequest request = smallRequest(1.0);
    request.settings.paths = 0; // invalid: the engine throws on the worker thread
    runner.start(request);
    QVERIFY(failed.wait(30'000));
    QVERIFY(!failed.at(0).at(1).toString().isEmpty());
    if (!cudaAvailable()) {
        RunRequest cuda = smallRequest(1.0);
        cuda.settings.backend = Backend::Cuda;
        runner.start(cuda);
        QVERIFY(failed.wait(30'000));
        QCOMPARE(failed.count(), 2);
    }
}

QTEST_GUILESS_MAIN(tst_SimulationRunner)
#include "tst_simulation_runner.moc"
