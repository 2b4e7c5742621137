// The dashboard through its real widgets: sliders drive runs, presets, files, undo, baseline, screenshots.
#include "chart_view.h"
#include "distribution_chart.h"
#include "fan_chart.h"
#include "headline_tiles.h"
#include "main_window.h"
#include "parameter_control.h"
#include "scenario_document.h"
#include "scenario_panel.h"
#include "sensitivity_chart.h"

#include <QComboBox>
#include <QDir>
#include <QDoubleSpinBox>
#include <QHorizontalBarSeries>
#include <QBarSet>
#include <QLineSeries>
#include <QSignalSpy>
#include <QSlider>
#include <QTabWidget>
#include <QTemporaryDir>
#include <QTest>
#include <QUndoStack>
#include <QLegend>
#include <QLegendMarker>
#include <QProgressBar>
#include <QSettings>
#include <QValueAxis>
#include <QWheelEvent>

#include "number_format.h"

#include <set>

using namespace jevons;
using namespace jevons::ui;

namespace {
constexpr int RunTimeoutMs = 60'000;

int distinctColours(const QImage &image)
{
    const QImage small = image.scaled(320, 200).convertToFormat(QImage::Format_RGB32);
    std::set<QRgb> colours;
    for (int y = 0; y < small.height(); ++y)
        for (int x = 0; x < small.width(); ++x)
            colours.insert(small.pixel(x, y));
    return int(colours.size());
}

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

private:
    /// Waits until the charts show a full (not preview) run of the document's current scenario.
    bool waitForFullResult();
    std::unique_ptr<MainWindow> m_window;
};

void tst_MainWindow::init()
{
    MainWindow::Options options;
    options.persistSettings = false;
    options.interactive = false;
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
    QCOMPARE(m_window->charts().size(), 10);
    QCOMPARE(m_window->displayedResult()->pathsDone, 10'000u);
    // Overview tiles show the horizon's p50.
    auto *tiles = static_cast<HeadlineTiles *>(m_window->chart(QStringLiteral("headline")));
    QVERIFY(tiles->tileText(QStringLiteral("gpu_hour_price_usd")).startsWith(QLatin1Char('$')));
    QVERIFY(m_window->runSummary().contains(QLatin1String("10,000 paths")));
    QVERIFY(m_window->runSummary().contains(QLatin1String(" ms")));
    QVERIFY(!m_window->exportAction()->isEnabled()); // placeholder until the export work lands
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
    QTest::addColumn<QString>("name");
    QTest::addColumn<int>("param");
    QTest::addColumn<double>("value");
    QTest::newRow("base") << "Base case" << int(Param::PriceElasticity) << 1.0;
    QTest::newRow("boom") << "Jevons boom" << int(Param::PriceElasticity) << 1.5;
    QTest::newRow("deepseek rate") << "DeepSeek deflation" << int(Param::BreakthroughRate) << 1.5;
    QTest::newRow("deepseek size") << "DeepSeek deflation" << int(Param::BreakthroughSize) << 4.0;
    QTest::newRow("deepseek eps") << "DeepSeek deflation" << int(Param::PriceElasticity) << 0.7;
    QTest::newRow("export kappa") << "Export-control escalation" << int(Param::ExportControl) << 1.0;
    QTest::newRow("export chi") << "Export-control escalation" << int(Param::RestrictedShare) << 0.3;
    QTest::newRow("taiwan p") << "Taiwan disruption" << int(Param::DisruptionProb) << 0.3;
    QTest::newRow("taiwan loss") << "Taiwan disruption" << int(Param::DisruptionLoss) << 0.8;
    QTest::newRow("taiwan months") << "Taiwan disruption" << int(Param::DisruptionMonths) << 18.0;
    QTest::newRow("capex growth") << "Capex pullback" << int(Param::ShipmentGrowth) << 1.2;
    QTest::newRow("capex response") << "Capex pullback" << int(Param::CapexResponse) << 0.0;
}

void tst_MainWindow::presetsLoadTheirValues()
{
    QFETCH(QString, name);
    QFETCH(int, param);
    QFETCH(double, value);
    ScenarioPanel *panel = m_window->scenarioPanel();
    QCOMPARE(panel->presets().size(), 6);
    const int index = panel->presetBox()->findText(name);
    QVERIFY2(index >= 0, qPrintable(name));
    m_window->loadPreset(index);
    QCOMPARE(m_window->document()->value(Param(param)), value);
    QCOMPARE(panel->control(Param(param))->value(), value);
    QCOMPARE(QString::fromStdString(m_window->document()->scenario().name), name);
    QCOMPARE(panel->presetBox()->currentIndex(), index);
    QVERIFY(!m_window->document()->isModified());
    // Every other parameter keeps the Base case value.
    const Scenario base;
    int differing = 0;
    for (const ParamInfo &info : paramTable())
        differing += m_window->document()->value(info.id) != base[info.id];
    QVERIFY(differing <= 3);
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
    QCOMPARE(m_window->document()->scenario(), saved);
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
    m_window->tabs()->setCurrentWidget(m_window->chartSet().sensitivity);
    QVERIFY(done.wait(RunTimeoutMs));
    QHorizontalBarSeries *bars = m_window->chartSet().sensitivity->barSeries();
    QCOMPARE(bars->barSets().size(), 2);
    QCOMPARE(bars->barSets().first()->count(), SensitivityChart::MaxBars);
    QVERIFY(m_window->chartSet().sensitivity->toCsv().contains(QLatin1String("price_elasticity")));
}

void tst_MainWindow::escCancelsLongRun()
{
    SimulationSettings settings = m_window->scenarioPanel()->runSettings();
    settings.paths = 10'000'000;
    m_window->scenarioPanel()->setRunSettings(settings);
    const ResultPtr before = m_window->displayedResult();
    m_window->rerun();
    QVERIFY(m_window->runner()->isBusy());
    auto *progress = m_window->findChild<QProgressBar *>();
    QVERIFY(progress && progress->isVisible()); // 1M+ paths: the progress bar and its Cancel (Esc) show
    QTest::keyClick(m_window.get(), Qt::Key_Escape);
    QVERIFY(!progress->isVisible());
    QVERIFY(!m_window->runner()->isBusy());
    QCOMPARE(m_window->displayedResult(), before); // the previous result stays
}

void tst_MainWindow::screenshotIsNotBlank_data()
{
    QTest::addColumn<QSize>("size");
    QTest::newRow("1600x1000") << QSize(1600, 1000);
    QTest::newRow("1280x800") << QSize(1280, 800);
}

void tst_MainWindow::screenshotIsNotBlank()
{
    QFETCH(QSize, size);
    m_window->resize(size);
    QCOMPARE(m_window->size(), size);
    m_window->pinBaseline();
    m_window->scenarioPanel()->control(Param::PriceElasticity)->spinBox()->setValue(1.3);
    QVERIFY(waitForFullResult());
    for (int tab = 0; tab < m_window->tabs()->count(); ++tab) {
        m_window->tabs()->setCurrentIndex(tab);
        if (m_window->tabs()->currentWidget() == m_window->chartSet().sensitivity) {
            QSignalSpy done(m_window.get(), &MainWindow::sensitivityDisplayed);
            QVERIFY(done.wait(RunTimeoutMs));
        }
        QCoreApplication::processEvents(); // chart layouts are posted events: settle them like a live window
        QCoreApplication::sendPostedEvents(nullptr, QEvent::DeferredDelete);
        const QImage shot = m_window->grab().toImage();
        QCOMPARE(shot.size(), size * m_window->devicePixelRatio());
        QVERIFY2(distinctColours(shot) > 100, qPrintable(QStringLiteral("tab %1 looks blank").arg(tab)));
        keepScreenshot(shot,
                       QStringLiteral("main_%1x%2_tab%3").arg(size.width()).arg(size.height()).arg(tab));
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
    const QPoint inside = view->mapFromScene(view->chart()->mapToScene(plot.center()));
    QTest::mouseMove(view->viewport(), inside);
    QTRY_VERIFY(!view->crosshairText().isEmpty());
    const int step = int(std::lround(view->chart()->mapToValue(plot.center(), price->medianSeries(0)).x()));
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

QTEST_MAIN(tst_MainWindow)
#include "tst_main_window.moc"
