// The dashboard through its real widgets: sliders drive runs, presets, files, undo, baseline, screenshots.
#include "jevons/engine/testing.h"
#include "jevons/backtest_view/backtest_chart.h"
#include "jevons/backtest_view/backtest_view.h"
#include "jevons/charts/chart_view.h"
#include "jevons/market/data_store.h"
#include "jevons/charts/distribution_chart.h"
#include "jevons/charts/fan_chart.h"
#include "jevons/charts/fan_legend.h"
#include "jevons/charts/headline_tiles.h"
#include "jevons/history/history_charts.h"
#include "jevons/history/history_overlays.h"
#include "jevons/history/history_pages.h"
#include "jevons/scenario_map/scenario_map_chart.h"
#include "jevons/scenario_map/scenario_map_view.h"
#include "jevons/window/main_window.h"
#include "jevons/window/scenario_info_editor.h"
#include "jevons/charts/output_checks.h"
#include "jevons/window/parameter_control.h"
#include "jevons/session/scenario_document.h"
#include "jevons/window/scenario_panel.h"
#include "jevons/charts/sensitivity_chart.h"
#include "jevons/charts/shortage_chart.h"
#include "jevons/charts/variance_shares_chart.h"
#include "jevons/charts/variance_shares_rank_chart.h"

#include <QCategoryAxis>
#include <QComboBox>
#include <QDir>
#include <QDockWidget>
#include <QDoubleSpinBox>
#include <QFileInfo>
#include <QHorizontalBarSeries>
#include <QBarSet>
#include <QLineSeries>
#include <QSignalSpy>
#include <QSlider>
#include <QTabWidget>
#include <QTemporaryDir>
#include <QAbstractButton>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QMenu>
#include <QTest>
#include <QToolButton>

#include "image_checks.h"
#include <QUndoStack>
#include <QLabel>
#include <QLegend>
#include <QLegendMarker>
#include <QMenuBar>
#include <QProgressBar>
#include <QSettings>
#include <QStatusBar>
#include <QValueAxis>
#include <QWheelEvent>

#include "jevons/market/number_format.h"

#include <set>

using namespace jevons;
using namespace jevons::ui;
using testing::distinctColours;

namespace {
constexpr int RunTimeoutMs = 60'000;

/// Saves a screenshot where a developer asked for them (JEVONS_SCREENSHOT_DIR), to look at by eye.
void keepScreenshot(const QImage &image, const QString &name)
{
    const QString dir = qEnvironmentVariable("JEVONS_SCREENSHOT_DIR");
    if (!dir.isEmpty())
        image.save(QDir(dir).filePath(name + QStringLiteral(".png")));
}
} // namespace

class tst_MainWindow : public QObject {
    Q_OBJECT
private slots:
    void init();
    void cleanup();
    void firstRunFillsTheCharts();
    void sliderTriggersRunAndChangesChart();
    void burstOfChangesEndsWithTheFinalValue();
    void dragShowsPreviewThenFullRun();
    void presetsLoadTheirValues_data();
    void presetsLoadTheirValues();
    void changeAfterPresetMarksModified();
    void saveAndOpenRoundTrip();
    void badFileLeavesScenarioIntact();
    void undoRedoThroughTheWindow();
    void baselinePinAndDelta();
    void sensitivityTabRunsTornado();
    void escCancelsLongRun();
    void screenshotIsNotBlank_data();
    void screenshotIsNotBlank();
    void darkTheme();
    void crosshairShowsValuesAtHoveredMonth();
    void zoomAndReset();
    void settingsPersistAcrossRestarts();
    void marketHistoryTab();
    void observedHistoryShowsOnTheFans();
    void observedHistoryFollowsDataAndStartMonth();
    void gpuFaultFallsBackToCpuWithNotice();
    void failedSaveLeavesTheOldFile_data();
    void failedSaveLeavesTheOldFile();
    void sharesFollowTheSensitivityOutput();
    void powerAndMoneyTabsShowTheirCharts();
    void backtestTabRunsAndExports();
    void scenarioMapTabLoadsIntoSliders();
    void namesAndNotesReachTitleCaptionsAndFile();
    void fileRestoresItsPathsAndSeed();
    void mnemonicsDoNotShadowMenusOrTabs();
    void undoWorksFromASpinBox();
    void scenarioPanelCanBeHidden();

private:
    /// Shows the tab holding `panel`.
    void showTabOf(QWidget *panel);
    /// Waits until the charts show a full (not preview) run of the document's current scenario.
    bool waitForFullResult();
    std::unique_ptr<MainWindow> m_window;
    std::unique_ptr<QTemporaryDir> m_dataDir; ///< the user's data folder (imports) of each test's window
};

void tst_MainWindow::init()
{
    m_dataDir = std::make_unique<QTemporaryDir>();
    MainWindow::Options options;
    options.persistSettings = false;
    options.interactive = false;
    options.dataDirectory = m_dataDir->path();
    m_window = std::make_unique<MainWindow>(options);
    SimulationSettings settings = m_window->scenarioPanel()->runSettings();
    settings.paths = 10'000;
    settings.backend = Backend::Cpu;
    m_window->scenarioPanel()->setRunSettings(settings);
    m_window->resize(1280, 800);
    m_window->show();
    QVERIFY(QTest::qWaitForWindowExposed(m_window.get()));
    QVERIFY(waitForFullResult());
}

void tst_MainWindow::cleanup()
{
    m_window.reset();
    m_dataDir.reset();
}

bool tst_MainWindow::waitForFullResult()
{
    return QTest::qWaitFor(
        [this] {
            const ResultPtr shown = m_window->displayedResult();
            return shown && !m_window->displayedIsPreview() &&
                   shown->scenario == m_window->document()->scenario() &&
                   shown->settings.paths == m_window->scenarioPanel()->runSettings().paths &&
                   !m_window->runner()->isBusy();
        },
        RunTimeoutMs);
}

void tst_MainWindow::firstRunFillsTheCharts()
{
    QCOMPARE(m_window->charts().size(), 16);
    QCOMPARE(m_window->displayedResult()->pathsDone, 10'000u);
    // Overview tiles show the horizon's p50.
    auto *tiles = static_cast<HeadlineTiles *>(m_window->chart(QStringLiteral("headline")));
    QVERIFY(tiles->tileText(QStringLiteral("gpu_hour_price_usd")).startsWith(QLatin1Char('$')));
    QVERIFY(m_window->runSummary().contains(QLatin1String("10,000 paths")));
    QVERIFY(m_window->runSummary().contains(QLatin1String(" ms")));
    QVERIFY(m_window->exportAction()->isEnabled());
    QVERIFY(m_window->exportController() != nullptr);
}

void tst_MainWindow::sliderTriggersRunAndChangesChart()
{
    m_window->tabs()->setCurrentIndex(1); // Supply & demand
    FanChart *fan = m_window->chartSet().supplyDemand;
    const QList<QPointF> before = fan->medianSeries(1)->points(); // demand p50
    ParameterControl *elasticity = m_window->scenarioPanel()->control(Param::PriceElasticity);
    QSignalSpy displayed(m_window.get(), &MainWindow::resultDisplayed);
    elasticity->slider()->setValue(elasticity->slider()->value() + 300); // a keyboard-like step, not a drag
    QVERIFY(displayed.wait(RunTimeoutMs));
    QVERIFY(waitForFullResult());
    QVERIFY(m_window->document()->value(Param::PriceElasticity) > 1.0);
    QVERIFY(fan->medianSeries(1)->points() != before);
}

void tst_MainWindow::burstOfChangesEndsWithTheFinalValue()
{
    m_window->tabs()->setCurrentIndex(1);
    ParameterControl *elasticity = m_window->scenarioPanel()->control(Param::PriceElasticity);
    QSlider *slider = elasticity->slider();
    QSignalSpy displayed(m_window.get(), &MainWindow::resultDisplayed);
    for (int i = 0; i < 100; ++i) {
        slider->setValue(100 + (i * 37) % (slider->maximum() - 200));
        if (i % 10 == 0)
            QCoreApplication::processEvents(); // let some runs start and be superseded mid-way
    }
    slider->setValue(slider->maximum() / 2);
    QVERIFY(waitForFullResult());
    const double finalValue = m_window->document()->value(Param::PriceElasticity);
    QCOMPARE(finalValue, elasticity->value());
    QVERIFY(displayed.count() < 100); // stale runs were dropped, not all drawn

    // Same seed: a direct engine call gives exactly what the charts show.
    const SimulationResult direct =
        simulate(m_window->document()->scenario(), m_window->scenarioPanel()->runSettings());
    FanChart *fan = m_window->chartSet().supplyDemand;
    const QList<QPointF> demand = fan->medianSeries(1)->points();
    QCOMPARE(demand.size(), direct.steps + 1);
    for (int k = 0; k <= direct.steps; ++k)
        QVERIFY2(
            qFuzzyCompare(demand[k].y() * fan->valueDivisor(), direct.value(Series::Demand, Stat::P50, k)),
            qPrintable(QStringLiteral("step %1").arg(k)));
    QCOMPARE(m_window->displayedResult()->series[int(Series::Demand)][Stat::P95],
             direct.series[int(Series::Demand)][Stat::P95]);
}

void tst_MainWindow::dragShowsPreviewThenFullRun()
{
    SimulationSettings settings = m_window->scenarioPanel()->runSettings();
    settings.paths = 100'000;
    m_window->scenarioPanel()->setRunSettings(settings);
    m_window->rerun();
    QVERIFY(waitForFullResult());

    QSlider *slider = m_window->scenarioPanel()->control(Param::AdoptionGrowth)->slider();
    QSignalSpy displayed(m_window.get(), &MainWindow::resultDisplayed);
    slider->setSliderDown(true);
    slider->setValue(slider->value() + 200);
    QVERIFY(displayed.wait(RunTimeoutMs));
    QCOMPARE(displayed.last().at(1).toBool(), true); // preview first
    QCOMPARE(m_window->displayedResult()->pathsDone, MainWindow::PreviewPaths);
    slider->setSliderDown(false); // release: the full run follows
    QVERIFY(waitForFullResult());
    QCOMPARE(m_window->displayedResult()->pathsDone, 100'000u);
    // One drag is one undo step.
    QCOMPARE(m_window->document()->undoStack()->count(), 1);
}

void tst_MainWindow::presetsLoadTheirValues_data()
{
    // One row per bundled preset file: what the file says is what the window loads.
    QTest::addColumn<QString>("file");
    const QDir dir(qEnvironmentVariable("JEVONS_SOURCE_DIR") + QStringLiteral("/resources/scenarios"));
    const QStringList files = dir.entryList({QStringLiteral("*.json")}, QDir::Files, QDir::Name);
    QVERIFY(!files.isEmpty());
    for (const QString &file : files)
        QTest::newRow(qPrintable(file)) << dir.filePath(file);
}

void tst_MainWindow::presetsLoadTheirValues()
{
    QFETCH(QString, file);
    const Scenario preset = loadScenarioFile(file.toStdString());
    ScenarioPanel *panel = m_window->scenarioPanel();
    const QDir dir = QFileInfo(file).dir();
    QCOMPARE(panel->presets().size(), dir.entryList({QStringLiteral("*.json")}, QDir::Files).size());
    const int index = panel->presetBox()->findText(QString::fromStdString(preset.name));
    QVERIFY2(index >= 0, preset.name.c_str());
    m_window->loadPreset(index);
    QCOMPARE(m_window->document()->scenario(), preset); // values, intervals and correlations
    for (const ParamInfo &info : paramTable()) {
        const ParameterControl *control = panel->control(info.id);
        QVERIFY2(control != nullptr, info.key);
        QVERIFY2(qFuzzyCompare(1.0 + control->value(), 1.0 + preset[info.id]), info.key);
    }
    QCOMPARE(panel->presetBox()->currentIndex(), index);
    QVERIFY(!m_window->document()->isModified());
    QVERIFY(waitForFullResult());
}

void tst_MainWindow::changeAfterPresetMarksModified()
{
    m_window->loadPreset(1);
    QVERIFY(!m_window->isWindowModified());
    m_window->scenarioPanel()->control(Param::HardwareGain)->spinBox()->setValue(1.5);
    QVERIFY(m_window->document()->isModified());
    QVERIFY(m_window->isWindowModified());
    QCOMPARE(m_window->scenarioPanel()->presetBox()->currentIndex(), 1); // still "from Jevons boom"
    m_window->document()->undoStack()->undo();
    QVERIFY(!m_window->isWindowModified());
    // Set back by hand rather than undone: not modified either.
    ParameterControl *gain = m_window->scenarioPanel()->control(Param::HardwareGain);
    const double preset = gain->value();
    gain->spinBox()->setValue(1.5);
    QVERIFY(m_window->isWindowModified());
    gain->spinBox()->setValue(preset);
    QVERIFY(!m_window->isWindowModified());
    QVERIFY(!m_window->windowTitle().contains(ScenarioDocument::modifiedSuffix()));
}

void tst_MainWindow::saveAndOpenRoundTrip()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("mine.json"));
    m_window->scenarioPanel()->control(Param::PriceElasticity)->spinBox()->setValue(2.25);
    m_window->scenarioPanel()->control(Param::TokensPerMonth)->spinBox()->setValue(2e16);
    const Scenario saved = m_window->document()->scenario();
    QVERIFY(m_window->saveScenarioFile(path));
    QVERIFY(!m_window->document()->isModified());
    QCOMPARE(m_window->document()->filePath(), path);
    QVERIFY(m_window->windowTitle().contains(QLatin1String("mine.json")));

    m_window->loadPreset(0);
    QVERIFY(m_window->document()->scenario() != saved);
    QVERIFY(m_window->openScenarioFile(path));
    Scenario opened = m_window->document()->scenario();
    // Saved with the paths and seed of the run, so that the file reproduces its numbers.
    QVERIFY(opened.run);
    QCOMPARE(opened.run->paths, m_window->scenarioPanel()->runSettings().paths);
    QCOMPARE(opened.run->seed, m_window->scenarioPanel()->runSettings().seed);
    opened.run.reset();
    QCOMPARE(opened, saved);
    QCOMPARE(m_window->scenarioPanel()->control(Param::PriceElasticity)->value(), 2.25);
    QCOMPARE(m_window->scenarioPanel()->presetBox()->currentIndex(), -1); // from a file, not a preset
    QVERIFY(waitForFullResult());
}

void tst_MainWindow::badFileLeavesScenarioIntact()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("bad.json"));
    QFile file(path);
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write(R"({"name": "bad", "demand": {"price_elasticity": 99}})");
    file.close();
    m_window->scenarioPanel()->control(Param::AdoptionGrowth)->spinBox()->setValue(2.0);
    const Scenario before = m_window->document()->scenario();
    QVERIFY(!m_window->openScenarioFile(path));
    QVERIFY2(m_window->lastError().contains(QLatin1String("price_elasticity")),
             qPrintable(m_window->lastError()));
    QCOMPARE(m_window->document()->scenario(), before);
    QCOMPARE(m_window->scenarioPanel()->control(Param::AdoptionGrowth)->value(), 2.0);
}

void tst_MainWindow::undoRedoThroughTheWindow()
{
    ParameterControl *control = m_window->scenarioPanel()->control(Param::BreakthroughRate);
    control->spinBox()->setValue(1.0);
    control->spinBox()->setValue(2.0);
    QVERIFY(waitForFullResult());
    QCOMPARE(m_window->displayedResult()->scenario[Param::BreakthroughRate], 2.0);
    m_window->document()->undoStack()->undo();
    QCOMPARE(control->value(), 1.0);
    QVERIFY(waitForFullResult()); // undo re-runs
    QCOMPARE(m_window->displayedResult()->scenario[Param::BreakthroughRate], 1.0);
    m_window->document()->undoStack()->undo();
    QCOMPARE(control->value(), 0.3);
    m_window->document()->undoStack()->redo();
    m_window->document()->undoStack()->redo();
    QCOMPARE(control->value(), 2.0);
    QVERIFY(waitForFullResult());
    QCOMPARE(m_window->displayedResult()->scenario[Param::BreakthroughRate], 2.0);
}

void tst_MainWindow::baselinePinAndDelta()
{
    m_window->tabs()->setCurrentIndex(2); // Prices
    const ResultPtr first = m_window->displayedResult();
    m_window->pinBaseline();
    QCOMPARE(m_window->baseline(), first);
    m_window->scenarioPanel()->control(Param::PriceElasticity)->spinBox()->setValue(1.6);
    QVERIFY(waitForFullResult());
    const ResultPtr current = m_window->displayedResult();
    FanChart *price = m_window->chartSet().gpuHourPrice;
    const int T = current->steps;
    QVERIFY(price->baselineMedianSeries(0)->isVisible());
    QVERIFY(qFuzzyCompare(price->baselineMedianSeries(0)->points()[T].y() * price->valueDivisor(),
                          first->value(Series::GpuHourPrice, Stat::P50, T)));

    m_window->setDeltaView(true);
    QVERIFY(m_window->deltaView());
    QVERIFY(price->showsDelta());
    // A price: a percent change of each percentile by default.
    QCOMPARE(price->deltaMode(), DeltaMode::Percent);
    const double percent = 100.0 * (current->value(Series::GpuHourPrice, Stat::P50, T) /
                                        first->value(Series::GpuHourPrice, Stat::P50, T) -
                                    1.0);
    QVERIFY(qFuzzyCompare(price->medianSeries(0)->points()[T].y(), percent));
    QVERIFY(m_window->overviewLegend()->entries().contains(QStringLiteral("median shift")));
    // The Overview's copy compares as its full-size chart does.
    FanChart *small = nullptr;
    for (FanChart *fan : m_window->overviewFans())
        if (fan->chartId() == price->chartId())
            small = fan;
    QVERIFY(small);
    price->setDeltaMode(DeltaMode::Absolute);
    QCOMPARE(small->deltaMode(), DeltaMode::Absolute);
    price->ensureUpToDate();
    const double expected =
        current->value(Series::GpuHourPrice, Stat::P50, T) - first->value(Series::GpuHourPrice, Stat::P50, T);
    QCOMPARE(price->medianSeries(0)->points()[T].y() * price->valueDivisor(), expected);

    QCoreApplication::processEvents();
    QCoreApplication::sendPostedEvents(nullptr,
                                       QEvent::DeferredDelete); // replaced axes go, as in a live loop
    keepScreenshot(m_window->grab().toImage(), QStringLiteral("main_delta"));

    m_window->clearBaseline();
    QVERIFY(!m_window->deltaView());
    QVERIFY(!price->showsDelta());
    QVERIFY(!price->baselineMedianSeries(0)->isVisible());
}

void tst_MainWindow::sensitivityTabRunsTornado()
{
    QSignalSpy done(m_window.get(), &MainWindow::sensitivityDisplayed);
    showTabOf(m_window->chartSet().sensitivity);
    QVERIFY(done.wait(RunTimeoutMs));
    QHorizontalBarSeries *bars = m_window->chartSet().sensitivity->barSeries();
    QCOMPARE(bars->barSets().size(), 2);
    // The largest swings as bars (those without effect are named under the chart).
    const SensitivityPtr result = m_window->chartSet().sensitivity->inputs().sensitivity;
    QVERIFY(result);
    const auto withEffect = std::count_if(result->entries.begin(), result->entries.end(),
                                          [](const SensitivityEntry &e) { return e.swing() != 0; });
    // As many as the chart has room to name, at most MaxBars.
    QVERIFY(bars->barSets().first()->count() >= std::min<qsizetype>(withEffect, 5));
    QVERIFY(bars->barSets().first()->count() <= std::min<qsizetype>(withEffect, SensitivityChart::MaxBars));
    QVERIFY(m_window->chartSet().sensitivity->toCsv().contains(QLatin1String("price_elasticity")));

    // The shortage probability as the output, at month 12, as the user picks it.
    SensitivityChart *tornado = m_window->chartSet().sensitivity;
    auto shown = [tornado] { return tornado->inputs().sensitivity; }; // null while a new one runs
    tornado->monthBox()->setValue(12);
    QTRY_VERIFY_WITH_TIMEOUT(shown() && shown()->step == 12, RunTimeoutMs);
    QComboBox *output = tornado->outputBox();
    output->setCurrentIndex(output->findData(-1 - int(Probability::Shortage)));
    QTRY_VERIFY_WITH_TIMEOUT(shown() && shown()->probability == Probability::Shortage, RunTimeoutMs);
    QCOMPARE(shown()->step, 12);
    QVERIFY(tornado->caption().contains(QLatin1String("shortage probability"), Qt::CaseInsensitive));
}

void tst_MainWindow::escCancelsLongRun()
{
    SimulationSettings settings = m_window->scenarioPanel()->runSettings();
    settings.paths = 10'000'000;
    m_window->scenarioPanel()->setRunSettings(settings);
    const ResultPtr before = m_window->displayedResult();
    m_window->rerun();
    QVERIFY(m_window->runner()->isBusy());
    auto *progress = m_window->findChild<QProgressBar *>(QStringLiteral("runProgress"));
    QVERIFY(progress && progress->isVisible()); // 1M+ paths: the progress bar and its Cancel (Esc) show
    QTest::keyClick(m_window.get(), Qt::Key_Escape);
    QVERIFY(!progress->isVisible());
    QVERIFY(!m_window->runner()->isBusy());
    QCOMPARE(m_window->displayedResult(), before); // the previous result stays
}

void tst_MainWindow::screenshotIsNotBlank_data()
{
    QTest::addColumn<QSize>("size");
    QTest::addColumn<bool>("dark");
    QTest::newRow("1600x1000") << QSize(1600, 1000) << false;
    QTest::newRow("1280x800") << QSize(1280, 800) << false;
    QTest::newRow("1366x768") << QSize(1366, 768) << false; // the common laptop screen
    QTest::newRow("1366x768 dark") << QSize(1366, 768) << true;
}

void tst_MainWindow::screenshotIsNotBlank()
{
    QFETCH(QSize, size);
    QFETCH(bool, dark);
    m_window->setDarkTheme(dark);
    m_window->resize(size);
    QCOMPARE(m_window->size(), size);
    m_window->pinBaseline();
    m_window->scenarioPanel()->control(Param::PriceElasticity)->spinBox()->setValue(1.3);
    QVERIFY(waitForFullResult());
    for (int tab = 0; tab < m_window->tabs()->count(); ++tab) {
        m_window->tabs()->setCurrentIndex(tab);
        if (m_window->tabs()->currentWidget()->isAncestorOf(m_window->chartSet().sensitivity)) {
            QSignalSpy done(m_window.get(), &MainWindow::sensitivityDisplayed);
            QVERIFY(done.wait(RunTimeoutMs));
        }
        QCoreApplication::processEvents(); // chart layouts are posted events: settle them like a live window
        QCoreApplication::sendPostedEvents(nullptr, QEvent::DeferredDelete);
        const QImage shot = m_window->grab().toImage();
        QCOMPARE(shot.size(), size * m_window->devicePixelRatio());
        QVERIFY2(distinctColours(shot) > 100, qPrintable(QStringLiteral("tab %1 looks blank").arg(tab)));
        keepScreenshot(shot, QStringLiteral("main_%1x%2%3_tab%4")
                                 .arg(size.width())
                                 .arg(size.height())
                                 .arg(dark ? QStringLiteral("_dark") : QString())
                                 .arg(tab));
    }
}

void tst_MainWindow::darkTheme()
{
    m_window->setDarkTheme(true);
    QVERIFY(m_window->isDarkTheme());
    for (ChartPanel *panel : m_window->charts())
        QVERIFY(panel->isDarkTheme());
    QCoreApplication::processEvents();
    const QImage shot = m_window->grab().toImage();
    keepScreenshot(shot, QStringLiteral("main_dark"));
    // Mostly dark: the average luminance of a downscaled copy is low.
    const QImage small = shot.scaled(64, 40).convertToFormat(QImage::Format_RGB32);
    double luminance = 0;
    for (int y = 0; y < small.height(); ++y)
        for (int x = 0; x < small.width(); ++x)
            luminance += qGray(small.pixel(x, y));
    luminance /= small.width() * small.height();
    QVERIFY2(luminance < 110, qPrintable(QString::number(luminance)));
    m_window->setDarkTheme(false);
}

void tst_MainWindow::crosshairShowsValuesAtHoveredMonth()
{
    m_window->tabs()->setCurrentIndex(2); // Prices
    FanChart *price = m_window->chartSet().gpuHourPrice;
    ChartView *view = price->view();
    QCoreApplication::processEvents();
    const QRectF plot = view->chart()->plotArea();
    // Over a whole month near the middle (the plot's centre may fall between two months).
    const int step = int(std::lround(view->chart()->mapToValue(plot.center(), price->medianSeries(0)).x()));
    const QPointF atStep(view->chart()->mapToPosition(QPointF(step, 0), price->medianSeries(0)).x(),
                         plot.center().y());
    const QPoint inside = view->mapFromScene(view->chart()->mapToScene(atStep));
    QTest::mouseMove(view->viewport(), inside);
    QTRY_VERIFY(!view->crosshairText().isEmpty());
    const QString text = view->crosshairText();
    QVERIFY2(text.contains(monthName(m_window->displayedResult()->scenario, step)), qPrintable(text));
    QVERIFY(text.contains(QStringLiteral("p5–p95")));
    QVERIFY(text.contains(QLatin1String("/h"))); // values carry their unit
}

void tst_MainWindow::zoomAndReset()
{
    m_window->tabs()->setCurrentIndex(3); // Money
    FanChart *capex = m_window->chartSet().capexRevenue;
    ChartView *view = capex->view();
    QCoreApplication::processEvents();
    auto *axis = static_cast<QValueAxis *>(capex->valueAxis());
    const double fullMax = axis->max();
    const QPoint centre = view->mapFromScene(view->chart()->mapToScene(view->chart()->plotArea().center()));
    QWheelEvent wheel(centre, view->mapToGlobal(centre), QPoint(), QPoint(0, 240), Qt::NoButton,
                      Qt::NoModifier, Qt::NoScrollPhase, false);
    QCoreApplication::sendEvent(view->viewport(), &wheel);
    QVERIFY(view->isZoomed());
    QVERIFY(axis->max() < fullMax);
    // A new result keeps the user's zoom.
    m_window->scenarioPanel()->control(Param::CapexPerH100e)->spinBox()->setValue(40'000);
    QVERIFY(waitForFullResult());
    QVERIFY(axis->max() < fullMax);
    view->resetZoom();
    QVERIFY(!view->isZoomed());
    QVERIFY(axis->max() >= fullMax * 0.5);

    // Legend entries hide and show their series; a hidden one stays in the legend to bring it back.
    QLegendMarker *marker = view->chart()->legend()->markers(capex->medianSeries(0)).value(0);
    QVERIFY(marker && marker->isVisible());
    emit marker->clicked();
    QVERIFY(!capex->medianSeries(0)->isVisible());
    QVERIFY(marker->isVisible());
    emit marker->clicked();
    QVERIFY(capex->medianSeries(0)->isVisible());
}

void tst_MainWindow::settingsPersistAcrossRestarts()
{
    QTemporaryDir config;
    QSettings::setPath(QSettings::NativeFormat, QSettings::UserScope, config.path());
    QSettings::setDefaultFormat(QSettings::NativeFormat);
    QCoreApplication::setOrganizationName(QStringLiteral("JevonsTest"));
    MainWindow::Options options;
    options.interactive = false;
    options.dataDirectory = config.filePath(QStringLiteral("data")); // autosave and session lock
    {
        MainWindow first(options);
        SimulationSettings run = first.scenarioPanel()->runSettings();
        run.paths = 10'000;
        run.seed = 1234;
        run.backend = Backend::Cpu;
        first.scenarioPanel()->setRunSettings(run);
        first.loadPreset(4);
        first.scenarioPanel()->control(Param::DisruptionLoss)->spinBox()->setValue(0.9);
        first.setDarkTheme(true);
        first.tabs()->setCurrentIndex(3);
        first.resize(1300, 820);
        first.show();
        QVERIFY(QTest::qWaitForWindowExposed(&first));
        first.close();
    }
    MainWindow second(options);
    QCOMPARE(second.document()->value(Param::DisruptionLoss), 0.9);
    QCOMPARE(second.document()->value(Param::DisruptionMonths), 18.0); // the rest of the Taiwan preset
    QVERIFY(second.document()->isModified());
    QCOMPARE(second.scenarioPanel()->presetBox()->currentIndex(), 4);
    QCOMPARE(second.scenarioPanel()->runSettings().seed, 1234u);
    QCOMPARE(second.scenarioPanel()->runSettings().paths, 10'000u);
    QCOMPARE(second.scenarioPanel()->runSettings().backend, Backend::Cpu);
    QVERIFY(second.isDarkTheme());
    QCOMPARE(second.tabs()->currentIndex(), 3);
    QCOMPARE(second.size(), QSize(1300, 820));
    second.setDarkTheme(false);
    second.close();
    QCoreApplication::setOrganizationName(QString());
}

void tst_MainWindow::marketHistoryTab()
{
    QTabWidget *tabs = m_window->tabs();
    QCOMPARE(tabs->count(), 10);
    HistoryPages *history = m_window->historyPages();
    QCOMPARE(tabs->widget(7), history);
    QCOMPARE(tabs->tabText(7), QStringLiteral("Mar&ket history"));
    QCOMPARE(history->store(), m_window->dataStore());
    QVERIFY(m_window->dataStore()->table("accelerator_shipments")); // the bundled data loaded
    QVERIFY(m_window->dataStore()->loadErrors().isEmpty());
    QCOMPARE(m_window->dataStore()->importsDirectory(), m_dataDir->filePath(QStringLiteral("imports")));

    // Export sees the history charts after the dashboard's, each once.
    const QList<ChartPanel *> all = m_window->allCharts();
    QCOMPARE(all.size(), m_window->charts().size() + history->charts().size());
    QVERIFY(history->charts().size() >= 8);
    QCOMPARE(all.mid(0, m_window->charts().size()), m_window->charts());
    QCOMPARE(all.last(), static_cast<ChartPanel *>(history->charts().last()));
    QSet<QString> ids;
    for (ChartPanel *panel : all)
        ids.insert(panel->chartId());
    QCOMPARE(ids.size(), all.size());

    // View > Market history is Ctrl+8; File has Import data… (Ctrl+I) and Manage imports….
    QAction *view = nullptr;
    for (QAction *menu : m_window->menuBar()->actions())
        if (menu->menu())
            for (QAction *action : menu->menu()->actions())
                if (action->text() == QLatin1String("Market history"))
                    view = action;
    QVERIFY(view);
    QCOMPARE(view->shortcut(), QKeySequence(Qt::CTRL | Qt::Key_8));
    view->trigger();
    QCOMPARE(tabs->currentWidget(), history);
    auto *importAction = m_window->findChild<QAction *>(QStringLiteral("importDataAction"));
    QVERIFY(importAction);
    QCOMPARE(importAction->shortcut(), QKeySequence(Qt::CTRL | Qt::Key_I));
    QVERIFY(m_window->findChild<QAction *>(QStringLiteral("manageImportsAction")));

    // The dark theme reaches the history charts.
    m_window->setDarkTheme(true);
    for (HistoryChart *chart : history->charts())
        QVERIFY(chart->isDarkTheme());
    m_window->setDarkTheme(false);
    QVERIFY(!history->charts().first()->isDarkTheme());
}

void tst_MainWindow::observedHistoryShowsOnTheFans()
{
    m_window->tabs()->setCurrentIndex(1); // Supply & demand
    FanChart *fan = m_window->chartSet().supplyDemand;
    QCoreApplication::processEvents();
    fan->ensureUpToDate();
    const QList<QPointF> observed = fan->historyPoints();
    // NVIDIA's count at the ends of the counted years, as the backtest scores it (compute/backtest).
    QVERIFY(observed.size() >= 3);
    QVERIFY(observed.first().x() < -12);
    QVERIFY(observed.last().x() < 0);

    // The month axis reaches back to the first observation and keeps it through a relayout (the
    // plotAreaChanged handler used to reset the range to [0, steps]).
    auto check = [&](const char *when) {
        auto *axis = qobject_cast<QCategoryAxis *>(fan->chart()->axes(Qt::Horizontal).value(0));
        QVERIFY2(axis, when);
        QVERIFY2(axis->min() <= observed.first().x(), qPrintable(QStringLiteral("%1: axis from %2, first %3")
                                                                     .arg(when)
                                                                     .arg(axis->min())
                                                                     .arg(observed.first().x())));
        QCOMPARE(axis->max(), double(m_window->displayedResult()->steps));
        // From the first observed month, with a month or two of room for its marker.
        const int firstObserved = int(std::floor(observed.first().x()));
        QVERIFY2(fan->firstAxisStep() < firstObserved && fan->firstAxisStep() >= firstObserved - 3, when);
        QVERIFY2(axis->categoriesLabels().size() >= 3, when);
        // Labelled before the start month too.
        QVERIFY2(axis->endValue(axis->categoriesLabels().first()) < 0, when);
    };
    check("after the run");
    m_window->resize(1500, 950);
    QCoreApplication::processEvents();
    check("after a resize");
    m_window->resize(1280, 800);
    QCoreApplication::processEvents();
    check("after a second resize");

    // Drawn as its own series, in the legend under its label (what it is and how it is mapped), at the
    // observed (scaled) values, with the words of what it measures under the plot.
    QLineSeries *series = fan->historySeries();
    QVERIFY(series->isVisible());
    QVERIFY2(series->name().startsWith(QLatin1String("Observed: NVIDIA count + ")),
             qPrintable(series->name()));
    QVERIFY2(fan->historyLabel().contains(QLatin1String("outside NVIDIA's count")),
             qPrintable(fan->historyLabel()));
    QVERIFY(!fan->historyNote().isEmpty());
    QCOMPARE(series->count(), observed.size());
    QCOMPARE(series->at(0).x(), observed.first().x());
    QVERIFY(qFuzzyCompare(series->at(0).y() * fan->valueDivisor(), observed.first().y()));
    const QList<QLegendMarker *> markers = fan->chart()->legend()->markers(series);
    QCOMPARE(markers.size(), 1);
    QVERIFY(markers.first()->isVisible());
    QVERIFY(fan->caption().contains(fan->historyLabel()));
    // Its points lie inside the plot area (not clipped off to the left).
    const QRectF plot = fan->chart()->plotArea();
    const QPointF firstPos = fan->chart()->mapToPosition(series->at(0), series);
    QVERIFY2(plot.adjusted(-1, -1, 1, 1).contains(firstPos),
             qPrintable(QStringLiteral("%1,%2").arg(firstPos.x()).arg(firstPos.y())));

    // The crosshair at a month before the start shows the observed value.
    const int step = int(std::lround(observed[observed.size() / 2].x()));
    const QString text = fan->hoverTextAt(step);
    const Scenario &scenario = m_window->displayedResult()->scenario;
    QVERIFY2(text.contains(monthName(scenario, step)), qPrintable(text));
    QVERIFY2(text.contains(QStringLiteral("\u2212%1 mo").arg(-step)), qPrintable(text));
    QVERIFY2(text.contains(fan->historyLabel().toHtmlEscaped()), qPrintable(text));
    QVERIFY2(text.contains(QLatin1String("H100e")), qPrintable(text));
    QVERIFY(fan->hoverTextAt(fan->firstAxisStep() - 1).isEmpty()); // left of the data: nothing
    // ... and through the view, with the mouse.
    ChartView *view = fan->view();
    const QPointF at = fan->chart()->mapToPosition(QPointF(step, series->at(0).y()), series);
    QTest::mouseMove(view->viewport(), view->mapFromScene(fan->chart()->mapToScene(at)));
    QTRY_VERIFY(!view->crosshairText().isEmpty());
    QVERIFY2(view->crosshairText().contains(monthName(scenario, step)), qPrintable(view->crosshairText()));
    QVERIFY2(view->crosshairText().contains(QLatin1String("NVIDIA cumulative shipments")),
             qPrintable(view->crosshairText()));

    // The CSV carries the observed rows before step 0, in a column of their own.
    const QStringList lines = fan->toCsv().trimmed().split(QLatin1Char('\n'));
    QCOMPARE(lines.size(), 1 + observed.size() + m_window->displayedResult()->steps + 1);
    QVERIFY(lines.first().contains(fan->historyLabel()));
    QVERIFY2(lines[1].startsWith(QString::fromStdString(scenario.monthLabel(int(observed.first().x()))) +
                                 QLatin1Char(',') + QString::number(int(observed.first().x()))),
             qPrintable(lines[1]));

    // The full-size token price, capex and GPU-hour fans have history too, the Overview's small copies (no
    // legend) none; the delta view hides it and gives the axis back to the projection.
    QVERIFY(!m_window->chartSet().tokenPrice->historyPoints().isEmpty());
    QVERIFY(!m_window->chartSet().capexRevenue->historyPoints().isEmpty());
    QVERIFY(!m_window->chartSet().gpuHourPrice->historyPoints().isEmpty());
    for (FanChart *small : m_window->overviewFans())
        QVERIFY(small->historyPoints().isEmpty());
    m_window->pinBaseline();
    m_window->setDeltaView(true);
    fan->ensureUpToDate();
    QVERIFY(!series->isVisible());
    QCOMPARE(fan->firstAxisStep(), 0);
    m_window->clearBaseline();
    fan->ensureUpToDate();
    QVERIFY(series->isVisible());
    QVERIFY(fan->firstAxisStep() < 0);
    keepScreenshot(m_window->grab().toImage(), QStringLiteral("main_observed_history"));
}

void tst_MainWindow::observedHistoryFollowsDataAndStartMonth()
{
    FanChart *fan = m_window->chartSet().supplyDemand;
    const QList<QPointF> before = fan->historyPoints();
    QVERIFY(!before.isEmpty());

    // An import that changes the 2022 NVIDIA total: the overlay is rebuilt from the new data.
    QFile csv(m_dataDir->filePath(QStringLiteral("recount.csv")));
    QVERIFY(csv.open(QIODevice::WriteOnly));
    csv.write(
        "vendor,product,buyer,period,units,units_low,units_high,h100e,estimator,confidence,source,as_of,"
        "kind,note\n"
        "NVIDIA,all data-center AI GPUs,,2022,830000,,,590000,Epoch AI,,example.org/recount,2026-05-01,"
        "estimate,test recount\n");
    csv.close();
    const DataStore::ImportOutcome outcome =
        m_window->dataStore()->importFile(csv.fileName(), data::MergeMode::Merge);
    QVERIFY2(outcome.ok, qPrintable(outcome.message));
    QVERIFY(fan->historyPoints() != before);
    QCOMPARE(fan->historyPoints().size(), before.size());
    bool raised = false; // 300 000 H100e more in 2022: the cumulative curve is higher from then on
    for (int i = 0; i < before.size(); ++i)
        raised = raised || fan->historyPoints()[i].y() > before[i].y();
    QVERIFY(raised);

    // A slider step keeps the overlay as it is (it is not rebuilt on the hot path) ...
    const QList<QPointF> imported = fan->historyPoints();
    m_window->scenarioPanel()->control(Param::PriceElasticity)->spinBox()->setValue(1.4);
    QVERIFY(waitForFullResult());
    QCOMPARE(fan->historyPoints(), imported);
    // ... a later start month moves it 12 months further back.
    Scenario later = m_window->document()->scenario();
    later.startYear += 1;
    m_window->document()->load(later, QString());
    QVERIFY(waitForFullResult());
    const QList<QPointF> moved = fan->historyPoints();
    QVERIFY(moved.size() >= imported.size());
    QCOMPARE(moved.first().x(), imported.first().x() - 12);
    // ... with the mapping for that start (NVIDIA's count at a start a year after its last point is a
    // forecast, so the count is drawn as counted and says so), as observedHistory() gives it.
    for (const ObservedSeries &s : observedHistory(m_window->dataStore()->dataset(), later))
        if (s.chartId == QLatin1String("supply_demand") && s.primary) {
            QCOMPARE(moved, s.points);
            QCOMPARE(fan->historyLabel(), s.label);
        }
}

void tst_MainWindow::gpuFaultFallsBackToCpuWithNotice()
{
    QVERIFY(!m_window->fallbackIndicator()->isVisible());
    SimulationSettings settings = m_window->scenarioPanel()->runSettings();
    settings.backend = Backend::Auto; // a failing GPU under Auto falls back; under Cuda it would fail
    m_window->scenarioPanel()->setRunSettings(settings);
    QVERIFY(waitForFullResult());
    m_window->scenarioPanel()->control(Param::PriceElasticity)->spinBox()->setValue(1.7);
    QVERIFY(waitForFullResult());

    setCudaFaultForTesting("out of memory");
    m_window->scenarioPanel()->control(Param::PriceElasticity)->spinBox()->setValue(1.2);
    QVERIFY(waitForFullResult());
    const ResultPtr shown = m_window->displayedResult();
    QVERIFY(QString::fromStdString(shown->notice).contains(QLatin1String("out of memory")));
    QCOMPARE(shown->backendUsed, Backend::Cpu);
    // Visible: a status bar message, a lasting warning with the notice as its tooltip, and the backend shown
    // as the CPU fallback.
    QVERIFY2(m_window->statusBar()->currentMessage().contains(QLatin1String("out of memory")),
             qPrintable(m_window->statusBar()->currentMessage()));
    QVERIFY(m_window->fallbackIndicator()->isVisible());
    QVERIFY(m_window->fallbackIndicator()->toolTip().contains(QLatin1String("out of memory")));
    QVERIFY(m_window->runSummary().contains(QLatin1String("CPU (fallback)")));
    const QList<QLabel *> labels = m_window->scenarioPanel()->findChildren<QLabel *>();
    QVERIFY(std::any_of(labels.begin(), labels.end(),
                        [](QLabel *l) { return l->text().contains(QLatin1String("CPU (fallback)")); }));
    // The charts show this run: same numbers as the CPU engine for the scenario.
    SimulationSettings cpu = m_window->scenarioPanel()->runSettings();
    cpu.backend = Backend::Cpu;
    const SimulationResult direct = simulate(m_window->document()->scenario(), cpu);
    FanChart *fan = m_window->chartSet().supplyDemand;
    fan->ensureUpToDate();
    const int T = direct.steps;
    QCOMPARE(fan->medianSeries(1)->points()[T].y() * fan->valueDivisor(),
             direct.value(Series::Demand, Stat::P50, T));
    keepScreenshot(m_window->grab().toImage(), QStringLiteral("main_gpu_fallback"));

    // The app keeps working, and the warning stays until a clean GPU run: the next run on a GPU machine,
    // never on one without a GPU (Auto then runs on the CPU without a notice).
    m_window->scenarioPanel()->control(Param::PriceElasticity)->spinBox()->setValue(1.3);
    QVERIFY(waitForFullResult());
    QVERIFY(m_window->displayedResult()->notice.empty());
    QCOMPARE(m_window->displayedResult()->scenario[Param::PriceElasticity], 1.3);
    QCOMPARE(m_window->displayedResult()->backendUsed, cudaAvailable() ? Backend::Cuda : Backend::Cpu);
    QCOMPARE(m_window->fallbackIndicator()->isVisible(), !cudaAvailable());
    QVERIFY(!m_window->runSummary().contains(QLatin1String("fallback")));
}

void tst_MainWindow::failedSaveLeavesTheOldFile_data()
{
    QTest::addColumn<QString>("kind");
    QTest::newRow("target is a folder") << "folder";
    QTest::newRow("no such folder") << "missing";
    QTest::newRow("read-only folder") << "readonly";
}

void tst_MainWindow::failedSaveLeavesTheOldFile()
{
    QFETCH(QString, kind);
    QTemporaryDir dir;
    QString target;
    QByteArray oldBytes;
    if (kind == QLatin1String("folder")) {
        target = dir.filePath(QStringLiteral("scenario.json"));
        QVERIFY(QDir().mkpath(target + QStringLiteral("/inside")));
    } else if (kind == QLatin1String("missing")) {
        target = dir.filePath(QStringLiteral("nowhere/scenario.json"));
    } else {
        target = dir.filePath(QStringLiteral("ro/scenario.json"));
        QVERIFY(QDir().mkpath(dir.filePath(QStringLiteral("ro"))));
        QFile old(target);
        QVERIFY(old.open(QIODevice::WriteOnly));
        oldBytes = "{\"name\": \"the old one\"}\n";
        old.write(oldBytes);
        old.close();
        QVERIFY(
            QFile::setPermissions(dir.filePath(QStringLiteral("ro")), QFile::ReadOwner | QFile::ExeOwner));
        QFile probe(dir.filePath(QStringLiteral("ro/probe")));
        if (probe.open(QIODevice::WriteOnly)) { // root ignores the permission bits
            probe.remove();
            QFile::setPermissions(dir.filePath(QStringLiteral("ro")),
                                  QFile::ReadOwner | QFile::WriteOwner | QFile::ExeOwner);
            QSKIP("this user can write into a read-only folder (root)");
        }
    }
    m_window->scenarioPanel()->control(Param::PriceElasticity)->spinBox()->setValue(2.5);
    QVERIFY(m_window->document()->isModified());
    const QString pathBefore = m_window->document()->filePath();
    const QStringList entriesBefore = QDir(dir.path()).entryList(QDir::AllEntries | QDir::NoDotAndDotDot);

    QVERIFY(!m_window->saveScenarioFile(target));
    QVERIFY2(m_window->lastError().contains(target), qPrintable(m_window->lastError()));
    // Nothing changed: the document is still unsaved and where it was, no stray temporary file, the old
    // file (or folder) as it was.
    QVERIFY(m_window->document()->isModified());
    QCOMPARE(m_window->document()->filePath(), pathBefore);
    QCOMPARE(QDir(dir.path()).entryList(QDir::AllEntries | QDir::NoDotAndDotDot), entriesBefore);
    if (kind == QLatin1String("folder")) {
        QVERIFY(QFileInfo(target).isDir());
        QVERIFY(QFileInfo::exists(target + QStringLiteral("/inside")));
        QCOMPARE(QDir(target).entryList(QDir::AllEntries | QDir::NoDotAndDotDot).size(), 1);
    } else if (kind == QLatin1String("readonly")) {
        QFile old(target);
        QVERIFY(old.open(QIODevice::ReadOnly));
        QCOMPARE(old.readAll(), oldBytes);
        QCOMPARE(QDir(dir.filePath(QStringLiteral("ro"))).entryList(QDir::Files).size(), 1);
        QFile::setPermissions(dir.filePath(QStringLiteral("ro")),
                              QFile::ReadOwner | QFile::WriteOwner | QFile::ExeOwner);
    }
}

QTEST_MAIN(tst_MainWindow)
void tst_MainWindow::backtestTabRunsAndExports()
{
    BacktestView *backtest = m_window->backtestView();
    QVERIFY(backtest);
    QCOMPARE(m_window->tabs()->widget(8), backtest);
    QCOMPARE(m_window->tabs()->tabText(8), QStringLiteral("&Backtest"));
    // Every backtest chart has the export actions, though export-all leaves them out until one has run.
    for (ChartPanel *panel : backtest->charts()) {
        QVERIFY(panel->actionsMenu()->findChild<QAction *>(QStringLiteral("exportChartCsvAction")));
        QVERIFY(!m_window->allCharts().contains(panel));
    }
    backtest->setSettings(5'000, 42);
    // The first look at the tab runs a backtest of the window's scenario, off the GUI thread.
    QSignalSpy finished(backtest, &BacktestView::backtestFinished);
    m_window->tabs()->setCurrentWidget(backtest);
    QVERIFY(finished.wait(120'000));
    QVERIFY(backtest->result());
    QCOMPARE(backtest->result()->calibration.asOf, backtest->asOf());
    const QList<ChartPanel *> all = m_window->allCharts();
    for (ChartPanel *panel : backtest->charts())
        QCOMPARE(all.count(panel), 1);
}

void tst_MainWindow::scenarioMapTabLoadsIntoSliders()
{
    ScenarioMapView *map = m_window->scenarioMapView();
    QVERIFY(map);
    QCOMPARE(m_window->tabs()->widget(9), map);
    QCOMPARE(m_window->tabs()->tabText(9), QStringLiteral("Scenar&io map"));
    ScenarioMapChart *chart = map->chart();
    // Its export actions are on its own right-click menu; export-all leaves it out until it shows a grid.
    QVERIFY(chart->findChild<QAction *>(QStringLiteral("exportChartCsvAction"), Qt::FindDirectChildrenOnly));
    QVERIFY(!m_window->allCharts().contains(chart));
    QAction *view = nullptr;
    for (QAction *menu : m_window->menuBar()->actions())
        if (menu->menu())
            for (QAction *action : menu->menu()->actions())
                if (action->text() == QLatin1String("Scenario map"))
                    view = action;
    QVERIFY(view);
    QCOMPARE(view->shortcut(), QKeySequence(Qt::CTRL | Qt::Key_0));
    view->trigger();
    QCOMPARE(m_window->tabs()->currentWidget(), map);

    map->setAxes(Param::PriceElasticity, 0.6, 1.4, Param::HardwareGain, 1.1, 1.6);
    map->setRunSettings(2'000, 42);
    map->setResolution(2, 3);
    QSignalSpy finished(map, &ScenarioMapView::mapFinished);
    map->compute();
    QVERIFY(finished.wait(120'000));
    QCOMPARE(m_window->allCharts().count(chart), 1);
    if (const QByteArray dir = qgetenv("JEVONS_SCENARIO_MAP_PNG_DIR"); !dir.isEmpty())
        m_window->grab().save(
            QDir(QString::fromLocal8Bit(dir)).filePath(QStringLiteral("window_map_tab.png")));

    // A click loads the cell into the document and the sliders; undo restores both.
    const double before = m_window->document()->value(Param::HardwareGain);
    QTest::mouseClick(chart, Qt::LeftButton, {}, chart->cellCentre(2, 0).toPoint());
    QCOMPARE(m_window->document()->value(Param::PriceElasticity), 1.4);
    QCOMPARE(m_window->document()->value(Param::HardwareGain), 1.1);
    QCOMPARE(m_window->scenarioPanel()->control(Param::PriceElasticity)->value(), 1.4);
    QCOMPARE(m_window->scenarioPanel()->control(Param::HardwareGain)->value(), 1.1);
    m_window->document()->undoStack()->undo();
    QCOMPARE(m_window->document()->value(Param::HardwareGain), before);
    QVERIFY(waitForFullResult()); // let the runs the edits started settle before the next test
}

void tst_MainWindow::showTabOf(QWidget *panel)
{
    for (int i = 0; i < m_window->tabs()->count(); ++i)
        if (m_window->tabs()->widget(i)->isAncestorOf(panel) || m_window->tabs()->widget(i) == panel)
            m_window->tabs()->setCurrentIndex(i);
}

void tst_MainWindow::sharesFollowTheSensitivityOutput()
{
    // The Base case preset has intervals: a full run estimates the shares of the Sensitivity tab's output.
    const QDir dir(qEnvironmentVariable("JEVONS_SOURCE_DIR") + QStringLiteral("/resources/scenarios"));
    const Scenario preset = loadScenarioFile(dir.filePath(QStringLiteral("01_base_case.json")).toStdString());
    const int index = m_window->scenarioPanel()->presetBox()->findText(QString::fromStdString(preset.name));
    QVERIFY(index >= 0);
    m_window->loadPreset(index);
    QVERIFY(waitForFullResult());
    const ResultPtr result = m_window->displayedResult();
    QVERIFY(result->varianceShares);
    QCOMPARE(result->varianceShares->series, m_window->chartSet().sensitivity->request().series);
    VarianceSharesChart *shares = m_window->chartSet().varianceShares;
    QCOMPARE(shares->shares(), &*result->varianceShares);
    showTabOf(shares);
    QVERIFY(m_window->tabs()->currentWidget()->isAncestorOf(m_window->chartSet().varianceSharesRanked));
    shares->ensureUpToDate();
    QCOMPARE(shares->areas().size(), qsizetype(result->varianceShares->inputs.size() + 1));

    // Another output on the Sensitivity tab: the next full run estimates its shares.
    QComboBox *output = m_window->chartSet().sensitivity->outputBox();
    QCOMPARE(output->accessibleName(), QStringLiteral("Output"));
    output->setCurrentIndex(output->findData(int(Series::GpuHourPrice))); // as the user picks it
    QTRY_VERIFY_WITH_TIMEOUT(m_window->displayedResult()->varianceShares &&
                                 m_window->displayedResult()->varianceShares->series == Series::GpuHourPrice,
                             RunTimeoutMs);
    QCOMPARE(shares->shares()->series, Series::GpuHourPrice);

    // A preview estimates none: the shares chart keeps the last full run meanwhile.
    QSlider *slider = m_window->scenarioPanel()->control(Param::HardwareGain)->slider();
    slider->setSliderDown(true);
    slider->setValue(slider->value() + 100);
    QTRY_VERIFY_WITH_TIMEOUT(m_window->displayedIsPreview(), RunTimeoutMs);
    QVERIFY(!m_window->displayedResult()->varianceShares);
    QVERIFY(shares->shares());
    slider->setSliderDown(false);
    QVERIFY(waitForFullResult());
}

void tst_MainWindow::powerAndMoneyTabsShowTheirCharts()
{
    QVERIFY(waitForFullResult());
    const ChartSet &set = m_window->chartSet();
    for (ChartPanel *panel : QList<ChartPanel *>{set.power, set.unpowered, set.powerBinds, set.paidFor}) {
        showTabOf(panel);
        QVERIFY2(panel->isVisible(), qPrintable(panel->chartId()));
    }
    const ResultPtr result = m_window->displayedResult();
    const std::size_t T = std::size_t(result->steps);
    QCOMPARE(set.powerBinds->plotted().back(), 100 * result->probability(Probability::PowerConstrained)[T]);
    QCOMPARE(set.paidFor->plotted().back(), 100 * result->probability(Probability::RevenueCoversCapex)[T]);
    auto *tiles = set.headline;
    const QLocale locale;
    for (const auto &[key, p] : {std::pair{"power_constrained_probability", Probability::PowerConstrained},
                                 {"revenue_covers_capex_probability", Probability::RevenueCoversCapex}}) {
        const double share = result->probability(p)[T];
        const int decimals = percentDecimals(100 * probabilityStandardError(share, result->pathsDone));
        QCOMPARE(tiles->tileText(QLatin1String(key)),
                 QStringLiteral("%1 %").arg(locale.toString(100 * share, 'f', decimals)));
    }
}

void tst_MainWindow::namesAndNotesReachTitleCaptionsAndFile()
{
    ScenarioInfoEditor *info = m_window->scenarioPanel()->infoEditor();
    QCOMPARE(info->nameEdit()->text(), QStringLiteral("Base case"));
    m_window->scenarioPanel()->control(Param::PriceElasticity)->spinBox()->setValue(1.6);
    QVERIFY(m_window->windowTitle().startsWith(QLatin1String("Base case (modified)")));
    QCOMPARE(info->nameEdit()->text(), QStringLiteral("Base case (modified)"));
    QVERIFY(waitForFullResult());
    // The result carries the name into captions and exports.
    QCOMPARE(m_window->displayedResult()->scenario.name, std::string("Base case (modified)"));

    info->nameEdit()->setText(QStringLiteral("Cheap tokens"));
    emit info->nameEdit()->editingFinished();
    QCOMPARE(m_window->document()->displayName(), QStringLiteral("Cheap tokens"));
    QVERIFY(m_window->windowTitle().startsWith(QLatin1String("Cheap tokens")));
    info->notesEdit()->setPlainText(QStringLiteral("What if buyers respond strongly?"));
    info->commitNotes();
    QCOMPARE(m_window->document()->notes(), QStringLiteral("What if buyers respond strongly?"));
    info->notesButton()->setChecked(true);
    QVERIFY(info->notesEdit()->isVisible());
    keepScreenshot(m_window->grab().toImage(), QStringLiteral("main_name_and_notes"));
    QVERIFY(waitForFullResult());
    QCOMPARE(m_window->displayedResult()->scenario.name, std::string("Cheap tokens"));
    QCOMPARE(m_window->displayedResult()->scenario.notes, std::string("What if buyers respond strongly?"));

    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("cheap.json"));
    QVERIFY(m_window->saveScenarioFile(path));
    const Scenario reread = loadScenarioFile(path.toStdString());
    QCOMPARE(reread.name, std::string("Cheap tokens"));
    QCOMPARE(reread.notes, std::string("What if buyers respond strongly?"));
    QFile file(path);
    QVERIFY(file.open(QIODevice::ReadOnly));
    const QByteArray json = file.readAll();
    QVERIFY(json.contains("\"run\""));
    QVERIFY(json.contains("not the economics")); // the file says what paths and seed are for
    QVERIFY(reread.run);
    // Undo gives the automatic name back.
    m_window->document()->undoStack()->undo(); // notes
    m_window->document()->undoStack()->undo(); // name
    QCOMPARE(info->nameEdit()->text(), QStringLiteral("Base case (modified)"));
}

void tst_MainWindow::fileRestoresItsPathsAndSeed()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("seeded.json"));
    Scenario scenario;
    scenario.name = "Seeded";
    scenario.run = RunRecord{50'000, 777};
    QFile file(path);
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write(QByteArray::fromStdString(scenarioToJson(scenario)));
    file.close();
    QVERIFY(m_window->openScenarioFile(path));
    const SimulationSettings settings = m_window->scenarioPanel()->runSettings();
    QCOMPARE(settings.paths, std::uint64_t(50'000)); // not in the list: added for this file
    QCOMPARE(settings.seed, std::uint64_t(777));
    QVERIFY(waitForFullResult());
    QCOMPARE(m_window->displayedResult()->settings.seed, std::uint64_t(777));
    QCOMPARE(m_window->displayedResult()->pathsDone, std::uint64_t(50'000));
}

void tst_MainWindow::mnemonicsDoNotShadowMenusOrTabs()
{
    auto mnemonic = [](const QString &text) -> QChar {
        for (qsizetype i = 0; i + 1 < text.size(); ++i) {
            if (text[i] != QLatin1Char('&'))
                continue;
            if (text[i + 1] == QLatin1Char('&')) {
                ++i;
                continue;
            }
            return text[i + 1].toLower();
        }
        return {};
    };
    QMap<QChar, QString> taken; // the menu bar's and the main tabs' Alt keys
    for (QAction *menu : m_window->menuBar()->actions())
        if (const QChar c = mnemonic(menu->text()); !c.isNull())
            taken.insert(c, menu->text());
    for (int i = 0; i < m_window->tabs()->count(); ++i)
        if (const QChar c = mnemonic(m_window->tabs()->tabText(i)); !c.isNull()) {
            QVERIFY2(!taken.contains(c), qPrintable(m_window->tabs()->tabText(i) + " vs " + taken.value(c)));
            taken.insert(c, m_window->tabs()->tabText(i));
        }
    QVERIFY(taken.contains(QLatin1Char('e'))); // Alt+E: the Edit menu
    QStringList panelTexts;
    for (QLabel *label : m_window->scenarioPanel()->findChildren<QLabel *>())
        if (label->buddy())
            panelTexts << label->text();
    for (QAbstractButton *button : m_window->scenarioPanel()->findChildren<QAbstractButton *>())
        panelTexts << button->text();
    for (const QString &text : panelTexts)
        if (const QChar c = mnemonic(text); !c.isNull())
            QVERIFY2(!taken.contains(c), qPrintable(text + " shadows " + taken.value(c)));
    // The View menu names tabs with their literal "&" ("Supply & demand"), not "Supply  demand".
    bool found = false;
    for (QAction *menu : m_window->menuBar()->actions())
        if (menu->menu())
            for (QAction *a : menu->menu()->actions())
                found = found || a->text() == QLatin1String("Supply && demand");
    QVERIFY(found);
}

void tst_MainWindow::undoWorksFromASpinBox()
{
    m_window->activateWindow();
    QVERIFY(QTest::qWaitForWindowActive(m_window.get()));
    ParameterControl *control = m_window->scenarioPanel()->control(Param::PriceElasticity);
    const double original = control->value();
    QDoubleSpinBox *box = control->spinBox();
    box->setFocus();
    QVERIFY(QTest::qWaitFor([&] { return box->hasFocus(); }));
    // Three arrow presses: one gesture, one undo step.
    for (int i = 0; i < 3; ++i)
        QTest::keyClick(box, Qt::Key_Up);
    QVERIFY(control->value() > original);
    QCOMPARE(m_window->document()->undoStack()->count(), 1);
    QTest::keySequence(m_window.get(), QKeySequence::Undo);
    QCOMPARE(control->value(), original);
    QCOMPARE(m_window->document()->value(Param::PriceElasticity), original);
}

void tst_MainWindow::scenarioPanelCanBeHidden()
{
    auto *dock = m_window->findChild<QDockWidget *>(QStringLiteral("ScenarioDock"));
    QVERIFY(dock);
    QAction *toggle = dock->toggleViewAction();
    QVERIFY(toggle->isEnabled()); // was greyed out
    QCOMPARE(toggle->shortcut(), QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_P));
    toggle->trigger();
    QVERIFY(!dock->isVisible());
    toggle->trigger();
    QVERIFY(dock->isVisible());
}

#include "tst_main_window.moc"
