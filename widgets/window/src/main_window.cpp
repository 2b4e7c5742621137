#include "jevons/window/main_window.h"

#include "jevons/session/run_scheduler.h"
#include "jevons/backtest_view/backtest_view.h"
#include "jevons/scenario_map/scenario_map_chart.h"
#include "jevons/scenario_map/scenario_map_view.h"
#include "jevons/charts/chart_view.h"
#include "jevons/window/data_import_dialog.h"
#include "jevons/market/data_store.h"
#include "jevons/charts/distribution_chart.h"
#include "jevons/charts/fan_chart.h"
#include "jevons/charts/fan_legend.h"
#include "jevons/charts/headline_tiles.h"
#include "jevons/history/history_charts.h"
#include "jevons/history/history_overlays.h"
#include "jevons/history/history_pages.h"
#include "jevons/window/parameter_control.h"
#include "jevons/session/scenario_document.h"
#include "jevons/window/scenario_panel.h"
#include "jevons/charts/sensitivity_chart.h"
#include "jevons/charts/shortage_chart.h"
#include "jevons/charts/theme.h"
#include "jevons/charts/variance_shares_chart.h"
#include "jevons/charts/variance_shares_rank_chart.h"
#include "jevons/total_effects/total_effects_chart.h"
#include "jevons/total_effects/total_effects_view.h"

#include <QAbstractSpinBox>
#include <QAction>
#include <QApplication>
#include <QCloseEvent>
#include <QComboBox>
#include <QDateTime>
#include <QDir>
#include <QDockWidget>
#include <QFile>
#include <QFileDialog>
#include <QFileInfo>
#include <QGridLayout>
#include <QLabel>
#include <QLineEdit>
#include <QLocale>
#include <QLockFile>
#include <QMenuBar>
#include <QMessageBox>
#include <QProgressBar>
#include <QPushButton>
#include <QScrollArea>
#include <QSaveFile>
#include <QScreen>
#include <QSettings>
#include <QSpinBox>
#include <QSplitter>
#include <QStandardPaths>
#include <QStatusBar>
#include <QStyle>
#include <QTabWidget>
#include <QToolBar>
#include <QUndoStack>
#include <QVBoxLayout>

#include "main_window_private.h"

namespace jevons::ui {

using namespace window_detail;

MainWindow::MainWindow(const Options &options, QWidget *parent) : QMainWindow(parent), m_options(options)
{
    setObjectName(QStringLiteral("JevonsMainWindow"));
    setWindowIcon(QIcon(QStringLiteral(":/icons/jevons.svg")));
    setAcceptDrops(true); // scenario .json and data .csv files (main_window_files.cpp)
    m_dataDirectory = m_options.dataDirectory.isEmpty()
                          ? QStandardPaths::writableLocation(QStandardPaths::AppDataLocation)
                          : m_options.dataDirectory;
    m_document = new ScenarioDocument(this);
    m_runner = new SimulationRunner(this);
    m_scheduler = new RunScheduler(
        m_runner, [this](bool preview) { return buildRunRequest(preview); }, this);
    const QList<Preset> presets =
        m_options.presetDirectory.isEmpty() ? bundledPresets() : bundledPresets(m_options.presetDirectory);
    QStringList presetErrors;
    for (const Preset &preset : presets) {
        std::optional<Scenario> scenario;
        if (preset.error.isEmpty()) {
            try {
                scenario = readScenarioResource(preset.resourcePath);
            } catch (const ScenarioError &) {
            }
        }
        if (!scenario)
            presetErrors << tr("The preset “%1” cannot be loaded: %2").arg(preset.name, preset.error);
        m_presetScenarios.append(scenario);
    }

    m_panel = new ScenarioPanel(presets);
    auto *dock = new QDockWidget(tr("Scenario"), this);
    dock->setObjectName(QStringLiteral("ScenarioDock"));
    dock->setWidget(m_panel);
    // Closable, so that View > Scenario panel (Ctrl+Shift+P) can hide it and give a small screen to the
    // charts; without the feature Qt greys that action out.
    dock->setFeatures(QDockWidget::DockWidgetMovable | QDockWidget::DockWidgetFloatable |
                      QDockWidget::DockWidgetClosable);
    addDockWidget(Qt::LeftDockWidgetArea, dock);

    buildTabs();
    buildActions();
    buildStatusBar();
    connectDocument();

    connect(m_runner, &SimulationRunner::started, this, &MainWindow::onRunStarted);
    connect(m_scheduler, &RunScheduler::resultReady, this, &MainWindow::onRunFinished);
    connect(m_scheduler, &RunScheduler::fullResultShown, this, &MainWindow::startSensitivityIfNeeded);
    connect(m_runner, &SimulationRunner::sensitivityFinished, this, &MainWindow::onSensitivityFinished);
    connect(m_runner, &SimulationRunner::failed, this, &MainWindow::onRunFailed);
    connect(m_runner, &SimulationRunner::cancelled, this, &MainWindow::onRunCancelled);
    connect(m_runner, &SimulationRunner::progressed, this, [this](quint64, quint64 done, quint64 total) {
        m_progress->setRange(0, 1000);
        m_progress->setValue(total ? int(1000.0 * double(done) / double(total)) : 0);
    });

    // Sizes that work from 1280×800 up.
    resize(1280, 800);
    if (const QScreen *screen = QGuiApplication::primaryScreen()) {
        const QSize available = screen->availableSize();
        resize(std::min(1600, available.width()), std::min(1000, available.height()));
    }
    setMinimumSize(1024, 640);

    // The first preset that loads (the Base case), never silently another one in its place: a preset that
    // cannot be loaded is named in a message once the window shows.
    m_originPreset = -1;
    for (int i = 0; i < m_presetScenarios.size() && m_originPreset < 0; ++i)
        if (m_presetScenarios[i])
            m_originPreset = i;
    m_document->restore(m_originPreset >= 0 ? *m_presetScenarios[m_originPreset] : Scenario(), QString(),
                        false);
    if (m_options.persistSettings) {
        restoreSettings();
        startSession();
    }
    m_panel->setScenario(m_document->scenario());
    updateTitle();
    updateBaselineActions();
    if (!presetErrors.isEmpty())
        QTimer::singleShot(0, this, [this, presetErrors] {
            showError(tr("Presets"), presetErrors.join(QLatin1Char('\n')));
        });
    const auto showLoadErrors = [this] {
        if (!m_dataStore->loadErrors().isEmpty()) // after the window shows: not a box over nothing
            QTimer::singleShot(0, this, [this] {
                showError(tr("Imported data"), m_dataStore->loadErrors().join(QLatin1Char('\n')));
            });
    };
    if (m_dataStore->isLoadingImports())
        connect(m_dataStore, &DataStore::importsLoaded, this, showLoadErrors, Qt::SingleShotConnection);
    else
        showLoadErrors();
    if (m_options.runOnStart)
        QTimer::singleShot(0, this, [this] { m_scheduler->runFull(); });
}

MainWindow::~MainWindow()
{
    endSession(); // a window destroyed without closing (end of a test) also ended normally
}

QList<ChartPanel *> MainWindow::allCharts() const
{
    QList<ChartPanel *> all = charts();
    for (HistoryChart *chart : m_history->charts())
        all.append(chart);
    // Backtest charts only once one has run: exporting every chart should not write empty ones.
    if (m_backtest->result())
        all.append(m_backtest->charts());
    // The map likewise once it shows a grid.
    if (!m_scenarioMap->chart()->grid().isEmpty())
        all.append(m_scenarioMap->chart());
    // Total effects once computed.
    if (m_totalEffects->chart()->result())
        all.append(m_totalEffects->chart());
    return all;
}

ChartPanel *MainWindow::chart(const QString &id) const
{
    for (ChartPanel *panel : charts())
        if (panel->chartId() == id)
            return panel;
    return nullptr;
}

namespace {
/// The Sensitivity tab: four charts with their controls do not fit a small screen, so the page scrolls
/// vertically instead of squeezing the shares' note over their toolbar and the ranked bars into each other;
/// and where the tornado's controls and the total effects do not fit side by side, the total effects go
/// below the tornado (a horizontal scroll hid them at the right).
class SensitivityPage : public QScrollArea {
public:
    SensitivityPage(QSplitter *top, QWidget *content) : m_top(top), m_content(content)
    {
        setWidget(content);
        setWidgetResizable(true);
        setFrameShape(QFrame::NoFrame);
        arrange();
    }

protected:
    void resizeEvent(QResizeEvent *event) override
    {
        arrange();
        QScrollArea::resizeEvent(event);
    }

private:
    void arrange()
    {
        const bool narrow = width() < 1150;
        if (m_top)
            m_top->setOrientation(narrow ? Qt::Vertical : Qt::Horizontal);
        m_content->setMinimumHeight(narrow ? 1150 : 720);
    }

    QSplitter *m_top;
    QWidget *m_content;
};
} // namespace

void MainWindow::buildTabs()
{
    m_tabs = new QTabWidget(this);
    m_tabs->setDocumentMode(true);
    m_charts = createChartSet(nullptr);
    m_overviewFans = createOverviewFans(nullptr);

    auto *overview = new QWidget;
    auto *overviewLayout = new QVBoxLayout(overview);
    overviewLayout->setContentsMargins(4, 4, 4, 4);
    overviewLayout->addWidget(m_charts.headline, 0);
    auto *fans = new QGridLayout;
    fans->setSpacing(4);
    for (int i = 0; i < m_overviewFans.size(); ++i)
        fans->addWidget(m_overviewFans[i], i / 2, i % 2);
    // A small copy compares the runs as its full-size chart does (percent, log ratio or absolute), both ways.
    for (FanChart *small : m_overviewFans)
        for (ChartPanel *panel : m_charts.all())
            if (auto *full = qobject_cast<FanChart *>(panel); full && full->chartId() == small->chartId()) {
                small->setDeltaMode(full->deltaMode());
                connect(full, &FanChart::deltaModeChanged, small, &FanChart::setDeltaMode);
                connect(small, &FanChart::deltaModeChanged, full, &FanChart::setDeltaMode);
            }
    m_overviewLegend = new FanLegend(overview);
    overviewLayout->addWidget(m_overviewLegend, 0);
    overviewLayout->addLayout(fans, 1);
    m_tabs->addTab(overview, tr("&Overview"));

    m_tabs->addTab(splitPair(Qt::Vertical, m_charts.supplyDemand,
                             splitPair(Qt::Horizontal, m_charts.shortage, m_charts.demandSupplyRatio, 1, 1,
                                       QStringLiteral("supplySplitterBottom")),
                             3, 2, QStringLiteral("supplySplitter")),
                   tr("&Supply && demand"));
    m_tabs->addTab(splitPair(Qt::Vertical, m_charts.gpuHourPrice, m_charts.tokenPrice, 1, 1,
                             QStringLiteral("pricesSplitter")),
                   tr("&Prices"));
    m_tabs->addTab(splitPair(Qt::Vertical, m_charts.capexRevenue,
                             splitPair(Qt::Horizontal, m_charts.cumulativeCapex, m_charts.paidFor, 3, 2,
                                       QStringLiteral("moneySplitterBottom")),
                             1, 1, QStringLiteral("moneySplitter")),
                   tr("&Money"));
    m_tabs->addTab(splitPair(Qt::Vertical, m_charts.power,
                             splitPair(Qt::Horizontal, m_charts.unpowered, m_charts.powerBinds, 3, 2,
                                       QStringLiteral("powerSplitterBottom")),
                             1, 1, QStringLiteral("powerSplitter")),
                   tr("Po&wer"));
    m_tabs->addTab(m_charts.distribution, tr("&Distributions"));
    // The tornado above with the total effects of the same output beside it (computed on demand), what
    // drives the spread of that output below (its ranked bars beside it).
    m_totalEffects = new TotalEffectsView(m_document);
    m_totalEffects->setOutputSource([this] {
        const SensitivityRequest r = m_charts.sensitivity->request();
        sweep::OutputSpec output;
        output.series = r.series;
        output.stat = r.stat;
        output.probability = r.probability;
        output.month = r.step < 0 ? m_document->scenario().steps() : r.step;
        return output;
    });
    m_totalEffects->setSeedSource([this] { return std::uint64_t(m_panel->seedBox()->value()); });
    QWidget *sensitivityContent =
        splitPair(Qt::Vertical,
                  splitPair(Qt::Horizontal, m_charts.sensitivity, m_totalEffects, 2, 1,
                            QStringLiteral("tornadoSplitter")), // the tornado's toolbar needs the width
                  splitPair(Qt::Horizontal, m_charts.varianceShares, m_charts.varianceSharesRanked, 3, 2,
                            QStringLiteral("sharesSplitter")),
                  3, 2, QStringLiteral("sensitivitySplitter")); // the tornado's 15 labelled bars need height
    auto *sensitivityScroll = new SensitivityPage(
        sensitivityContent->findChild<QSplitter *>(QStringLiteral("tornadoSplitter")), sensitivityContent);
    m_sensitivityTab = sensitivityScroll;
    m_tabs->addTab(m_sensitivityTab, tr("Se&nsitivity"));
    // Before buildActions(): the View menu gets a Ctrl+7 entry for it.
    // Kept imports are parsed on the pool: the window shows the bundled rows at once, the imports when in.
    m_dataStore = new DataStore(QDir(m_dataDirectory).filePath(QStringLiteral("imports")), this,
                                DataStore::ImportLoading::Background);
    m_history = new HistoryPages(m_dataStore);
    m_tabs->addTab(m_history, tr("Mar&ket history"));
    // The current scenario, read when a backtest starts: its parameters are the ones the calibration keeps.
    m_backtest = new BacktestView(m_dataStore, [this] { return m_document->scenario(); });
    m_tabs->addTab(m_backtest, tr("&Backtest"));
    // Clicking a cell edits the document, so the sliders and the runs follow as for any edit.
    m_scenarioMap = new ScenarioMapView(m_document);
    m_tabs->addTab(m_scenarioMap, tr("Scenar&io map"));
    setCentralWidget(m_tabs);
    // The fans' observed history follows imports and removals (pushInputs() re-applies it).
    connect(m_dataStore, &DataStore::changed, this, [this] { pushInputs(); });

    connect(m_tabs, &QTabWidget::currentChanged, this, [this] { startSensitivityIfNeeded(); });
    connect(m_charts.sensitivity, &SensitivityChart::runRequested, this, [this] {
        m_sensitivityScenario = Scenario();
        m_sensitivity.reset();
        pushInputs();
        // The shares chart follows the chosen output: a full run estimates them (and then starts the
        // sensitivity run itself, in onRunFinished()).
        if (m_current && !m_currentIsPreview && m_current->varianceShares &&
            m_current->varianceShares->series != m_charts.sensitivity->request().series) {
            m_scheduler->runFull();
            return;
        }
        startSensitivityIfNeeded();
    });
}

void MainWindow::buildStatusBar()
{
    m_runLabel = new QLabel(this);
    m_baselineLabel = new QLabel(this);
    m_progress = new QProgressBar(this);
    m_progress->setObjectName(QStringLiteral("runProgress"));
    m_progress->setMaximumWidth(180);
    m_progress->setTextVisible(true);
    m_progress->hide();
    m_cancelButton = new QPushButton(tr("Cancel (Esc)"), this);
    m_cancelButton->setFlat(true);
    m_cancelButton->hide();
    connect(m_cancelButton, &QPushButton::clicked, this, &MainWindow::cancelRun);
    // After a GPU failure: stays until a clean GPU run, the engine's notice in its tooltip.
    m_fallbackLabel = new QLabel(this);
    m_fallbackLabel->setObjectName(QStringLiteral("fallbackIndicator"));
    m_fallbackLabel->setTextFormat(Qt::RichText);
    m_fallbackLabel->setText(tr("<span style='color:#b35900'>⚠ GPU failed, CPU in use</span>"));
    m_fallbackLabel->hide();
    statusBar()->addWidget(m_baselineLabel);
    statusBar()->addPermanentWidget(m_fallbackLabel);
    statusBar()->addPermanentWidget(m_progress);
    statusBar()->addPermanentWidget(m_cancelButton);
    statusBar()->addPermanentWidget(m_runLabel);
}

void MainWindow::connectDocument()
{
    connect(m_panel, &ScenarioPanel::edited, this,
            [this](Param p, double value, bool dragging) { m_document->setValue(p, value, dragging); });
    connect(m_panel, &ScenarioPanel::stepped, m_document, &ScenarioDocument::stepValue);
    auto *undoFilter = new DocumentUndoFilter(this);
    for (QAbstractSpinBox *box : m_panel->findChildren<QAbstractSpinBox *>()) {
        box->installEventFilter(undoFilter);
        for (QLineEdit *edit : box->findChildren<QLineEdit *>())
            edit->installEventFilter(undoFilter);
    }
    connect(m_panel, &ScenarioPanel::dragFinished, this, [this](Param) {
        m_document->endDrag();
        m_scheduler->dragFinished();
    });
    connect(m_panel, &ScenarioPanel::presetChosen, this, &MainWindow::loadPreset);
    connect(m_panel, &ScenarioPanel::runSettingsChanged, m_scheduler, &RunScheduler::runFull);

    connect(m_document, &ScenarioDocument::valueChanged, this, [this](Param p, double value, bool dragging) {
        m_panel->setValue(p, value); // no-op for the slider that made the change; needed for undo/redo
        m_scheduler->valueChanged(dragging);
        updateTitle();
    });
    connect(m_document, &ScenarioDocument::scenarioReplaced, this, [this] {
        m_panel->setScenario(m_document->scenario());
        const int match = presetMatching(m_document->scenario());
        if (match >= 0 || !m_document->filePath().isEmpty())
            m_originPreset = match;
        m_scheduler->runFull();
        updateTitle();
    });
    m_panel->attachDocument(m_document);
    connect(m_document, &ScenarioDocument::uncertaintyChanged, this, [this] {
        m_scheduler->runFull();
        updateTitle();
    });
    connect(m_document, &ScenarioDocument::metadataChanged, this, [this](bool withValues) {
        updateTitle();
        if (!withValues)
            m_scheduler
                ->runFull(); // the result carries the name and notes into captions, exports and the report
    });
    connect(m_document, &ScenarioDocument::modifiedChanged, this, [this] { updateTitle(); });
    connect(m_document, &ScenarioDocument::filePathChanged, this, [this] { updateTitle(); });
}

int MainWindow::presetMatching(const Scenario &scenario) const
{
    for (int i = 0; i < m_presetScenarios.size(); ++i)
        if (m_presetScenarios[i] && *m_presetScenarios[i] == scenario)
            return i;
    return -1;
}

void MainWindow::pinBaseline()
{
    if (!m_current)
        return;
    m_baseline = m_current;
    const SimulationResult &b = *m_baseline;
    m_baselineLabel->setText(
        tr("Baseline: %1 (%2 paths, seed %3)")
            .arg(QString::fromStdString(b.scenario.name), QLocale().toString(qulonglong(b.pathsDone)))
            .arg(b.settings.seed));
    updateBaselineActions();
    pushInputs();
}

void MainWindow::clearBaseline()
{
    m_baseline.reset();
    m_baselineLabel->clear();
    if (m_deltaAction->isChecked())
        m_deltaAction->setChecked(false);
    updateBaselineActions();
    pushInputs();
}

void MainWindow::setDeltaView(bool on)
{
    m_deltaView = on && m_baseline;
    if (m_deltaAction->isChecked() != m_deltaView) {
        const QSignalBlocker block(m_deltaAction);
        m_deltaAction->setChecked(m_deltaView);
    }
    if (m_deltaView && m_current && m_baseline &&
        (m_current->settings.seed != m_baseline->settings.seed ||
         m_current->pathsDone != m_baseline->pathsDone))
        statusBar()->showMessage(
            tr("Note: the baseline used another seed or path count, so the delta mixes in "
               "Monte Carlo noise"),
            8000);
    pushInputs();
}

void MainWindow::updateBaselineActions()
{
    m_pinAction->setEnabled(bool(m_current));
    m_clearBaselineAction->setEnabled(bool(m_baseline));
    m_deltaAction->setEnabled(bool(m_baseline));
}

void MainWindow::setDarkTheme(bool dark)
{
    m_dark = dark;
    if (m_darkAction->isChecked() != dark) {
        const QSignalBlocker block(m_darkAction);
        m_darkAction->setChecked(dark);
    }
    applyApplicationTheme(dark);
    for (ChartPanel *panel : charts())
        panel->setDarkTheme(dark);
    for (FanChart *fan : m_overviewFans)
        fan->setDarkTheme(dark);
    m_overviewLegend->setDarkTheme(dark);
    m_history->setDarkTheme(dark);
    for (ChartPanel *panel : m_backtest->charts())
        panel->setDarkTheme(dark);
    m_scenarioMap->chart()->setDarkTheme(dark);
    m_totalEffects->chart()->setDarkTheme(dark);
}

void MainWindow::updateTitle()
{
    QString name = m_document->displayName();
    if (!m_document->filePath().isEmpty())
        name += QStringLiteral(" — ") + QFileInfo(m_document->filePath()).fileName();
    setWindowTitle(QStringLiteral("%1[*] — Jevons").arg(name));
    setWindowModified(m_document->isModified());
    m_panel->setPresetState(m_document->filePath().isEmpty() ? m_originPreset : -1, m_document->isModified());
}

} // namespace jevons::ui
