// Stress: 500 slider changes in a few seconds through the real slider widgets while runs are in flight
// (keyboard-like steps, key presses and drags). The window must survive it, keep no stale state, and end
// showing exactly what a direct engine run gives for the final parameters. CI runs it under ASan + UBSan,
// which also checks that nothing leaks.
#include "jevons/charts/chart_factory.h"
#include "jevons/market/data_store.h"
#include "jevons/charts/fan_chart.h"
#include "jevons/charts/sensitivity_chart.h"
#include "jevons/history/history_overlays.h"
#include "jevons/window/main_window.h"
#include "jevons/window/parameter_control.h"
#include "jevons/session/scenario_document.h"
#include "jevons/window/scenario_panel.h"

#include <QElapsedTimer>
#include <QLineSeries>
#include <QSignalSpy>
#include <QSlider>
#include <QTabWidget>
#include <QTemporaryDir>
#include <QTest>

using namespace jevons;
using namespace jevons::ui;

namespace {
constexpr int Changes = 500;
// Enough paths that a run outlasts a few slider changes on any machine (runs overlap the storm).
constexpr std::uint64_t Paths = 100'000; // one of the panel's path counts
constexpr int RunTimeoutMs = 120'000;    // generous: ASan makes the engine several times slower
} // namespace

class tst_Stress : public QObject {
    Q_OBJECT
private slots:
    void fiveHundredSliderChangesEndOnTheDirectRun();
};

void tst_Stress::fiveHundredSliderChangesEndOnTheDirectRun()
{
    QTemporaryDir data;
    MainWindow::Options options;
    options.persistSettings = false;
    options.interactive = false;
    options.dataDirectory = data.path();
    MainWindow window(options);
    SimulationSettings settings = window.scenarioPanel()->runSettings();
    settings.paths = Paths;
    settings.seed = 20'260'401;
    settings.backend = Backend::Cpu;
    window.scenarioPanel()->setRunSettings(settings);
    window.rerun(); // the window started its first run with its own path count
    window.resize(1280, 800);
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    window.tabs()->setCurrentIndex(1); // Supply & demand: its charts redraw on every result shown
    auto settled = [&] {
        const ResultPtr shown = window.displayedResult();
        return shown && !window.displayedIsPreview() && shown->scenario == window.document()->scenario() &&
               shown->settings.paths == Paths && shown->settings.seed == settings.seed &&
               !window.runner()->isBusy();
    };
    QVERIFY(QTest::qWaitFor(settled, RunTimeoutMs));
    QCoreApplication::sendPostedEvents(nullptr, QEvent::DeferredDelete);
    // Hidden charts draw on demand (toCsv below): draw each once now, so that the count compares like with
    // like.
    for (ChartPanel *panel : window.charts())
        panel->toCsv();
    const qsizetype objectsBefore = window.findChildren<QObject *>().size();
    const Param params[] = {Param::PriceElasticity, Param::AdoptionGrowth, Param::ShipmentGrowth,
                            Param::AlgorithmicGain, Param::HardwareGain};
    QSignalSpy displayed(&window, &MainWindow::resultDisplayed);
    int changesWhileBusy = 0;
    QElapsedTimer clock;
    clock.start();
    for (int i = 0; i < Changes; ++i) {
        QSlider *slider = window.scenarioPanel()->control(params[(i / 10) % 5])->slider();
        const int block = i / 50;
        const bool drag = block % 3 == 1 && i != Changes - 1; // some blocks are one long drag (previews)
        if (drag != slider->isSliderDown())
            slider->setSliderDown(drag);
        changesWhileBusy += window.runner()->isBusy();
        if (block % 3 == 2 && i % 2 == 0) {
            // Key presses on the focused slider, as a user holding an arrow key.
            QTest::keyClick(slider, i % 4 == 0 ? Qt::Key_PageUp : Qt::Key_Left);
        } else {
            // A new position every time, spread over the range.
            const int span = slider->maximum() - slider->minimum();
            slider->setValue(slider->minimum() + (span / 5 + (i * 7919) % (span * 3 / 5)));
        }
        if ((i + 1) % 10 == 0 && slider->isSliderDown())
            slider->setSliderDown(false);  // the drag ends before the next slider takes over
        QCoreApplication::processEvents(); // results arrive, runs start and are superseded mid-way
        // Changes come faster than 10k-path runs finish: let a result through now and then, so results are
        // also drawn while the next changes already queue behind them.
        if (i % 50 == 25 && window.runner()->isBusy()) {
            const qsizetype shown = displayed.count();
            // The changes just made always end in a run that shows (at the latest the full run at rest).
            QVERIFY(QTest::qWaitFor([&] { return displayed.count() > shown; }, RunTimeoutMs));
        }
    }
    const qint64 drivingMs = clock.elapsed();
    qInfo("%d changes in %lld ms, %d while a run was in flight, %lld results shown", Changes,
          static_cast<long long>(drivingMs), changesWhileBusy, static_cast<long long>(displayed.count()));
    QVERIFY2(changesWhileBusy > 0, "no change arrived while a run was in flight: nothing was stressed");
    QVERIFY(displayed.count() >= Changes / 50); // results were drawn mid-storm ...
    QVERIFY(displayed.count() < Changes / 5);   // ... but superseded runs were dropped, not all drawn

    // The final full run shows.
    QVERIFY(QTest::qWaitFor(settled, RunTimeoutMs));
    for (Param p : params)
        QCOMPARE(window.document()->value(p), window.scenarioPanel()->control(p)->value());
    const Scenario final = window.document()->scenario();
    QVERIFY(final != Scenario());

    // Same scenario, settings and seed straight through the engine: the same numbers, bit for bit.
    // The window's full runs also estimate the variance shares of the Sensitivity tab's output.
    SimulationSettings directSettings = window.scenarioPanel()->runSettings();
    if (final.hasUncertainty())
        directSettings.sharesSeries = window.chartSet().sensitivity->request().series;
    const SimulationResult direct = simulate(final, directSettings);
    const ResultPtr shown = window.displayedResult();
    for (int s = 0; s < SeriesCount; ++s)
        for (int st = 0; st < StatCount; ++st)
            QVERIFY2(shown->series[s].stats[st] == direct.series[s].stats[st],
                     qPrintable(QStringLiteral("series %1, stat %2").arg(s).arg(st)));
    QCOMPARE(shown->shortageProbability, direct.shortageProbability);
    // The charted points: the visible demand median is the direct p50, scaled.
    FanChart *fan = window.chartSet().supplyDemand;
    const QList<QPointF> demand = fan->medianSeries(1)->points();
    QCOMPARE(demand.size(), direct.steps + 1);
    for (int k = 0; k <= direct.steps; ++k)
        QVERIFY2(demand[k].y() == direct.value(Series::Demand, Stat::P50, k) / fan->valueDivisor(),
                 qPrintable(QStringLiteral("step %1").arg(k)));
    // Every chart's data equals that of fresh charts given the direct run (and the same observed history).
    ChartSet reference = createChartSet(nullptr);
    const QList<ChartPanel *> expected = reference.all();
    applyObservedHistory({reference.supplyDemand, reference.gpuHourPrice, reference.tokenPrice,
                          reference.capexRevenue, reference.power},
                         window.dataStore()->dataset(), final);
    ChartInputs inputs;
    inputs.current = std::make_shared<SimulationResult>(direct);
    const QList<ChartPanel *> charts = window.charts();
    QCOMPARE(charts.size(), expected.size());
    for (int i = 0; i < charts.size(); ++i) {
        expected[i]->setInputs(inputs);
        QCOMPARE(charts[i]->chartId(), expected[i]->chartId());
        QVERIFY2(charts[i]->toCsv() == expected[i]->toCsv(), qPrintable(charts[i]->chartId()));
    }
    qDeleteAll(expected);

    // No objects pile up in the window (replaced axes, markers and the like are deleted).
    QCoreApplication::sendPostedEvents(nullptr, QEvent::DeferredDelete);
    // A handful are created once on first use (a rich-text label's text control); a leak per change or per
    // result would add hundreds.
    const qsizetype added = window.findChildren<QObject *>().size() - objectsBefore;
    QVERIFY2(added <= 10, qPrintable(QString::number(added)));
}

QTEST_MAIN(tst_Stress)
#include "tst_stress.moc"
