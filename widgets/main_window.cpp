#include "main_window.h"

#include "chart_view.h"
#include "data_import_dialog.h"
#include "data_store.h"
#include "distribution_chart.h"
#include "fan_chart.h"
#include "headline_tiles.h"
#include "history_charts.h"
#include "history_overlays.h"
#include "history_pages.h"
#include "parameter_control.h"
#include "scenario_document.h"
#include "scenario_panel.h"
#include "sensitivity_chart.h"
#include "shortage_chart.h"
#include "theme.h"

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
#include <QLocale>
#include <QLockFile>
#include <QMenuBar>
#include <QMessageBox>
#include <QProgressBar>
#include <QPushButton>
#include <QSaveFile>
#include <QScreen>
#include <QSettings>
#include <QSplitter>
#include <QStandardPaths>
#include <QStatusBar>
#include <QStyle>
#include <QTabWidget>
#include <QToolBar>
#include <QUndoStack>
#include <QVBoxLayout>

namespace jevons::ui {

namespace {
std::function<bool(const QDateTime &)> &restorePromptHook()
{
    static std::function<bool(const QDateTime &)> hook;
    return hook;
}

constexpr std::uint64_t ProgressThresholdPaths = 1'000'000; // shorter runs finish before a bar would help
constexpr std::uint64_t SensitivityMaxPaths = 50'000;       // 57 runs: keep the tornado within seconds

Scenario readScenarioResource(const QString &path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        throw ScenarioError(path.toStdString() + ": cannot be read");
    const QByteArray json = file.readAll();
    return parseScenario(std::string_view(json.constData(), std::size_t(json.size())), path.toStdString());
}

QWidget *splitPair(Qt::Orientation orientation, QWidget *first, QWidget *second, int firstStretch,
                   int secondStretch, const QString &name)
{
    auto *splitter = new QSplitter(orientation);
    splitter->setObjectName(name);
    splitter->setChildrenCollapsible(false);
    splitter->addWidget(first);
    splitter->addWidget(second);
    splitter->setStretchFactor(0, firstStretch);
    splitter->setStretchFactor(1, secondStretch);
    return splitter;
}
} // namespace

MainWindow::MainWindow(const Options &options, QWidget *parent) : QMainWindow(parent), m_options(options)
{
    setObjectName(QStringLiteral("JevonsMainWindow"));
    setWindowIcon(QIcon(QStringLiteral(":/icons/jevons.svg")));
    m_dataDirectory = m_options.dataDirectory.isEmpty()
                          ? QStandardPaths::writableLocation(QStandardPaths::AppDataLocation)
                          : m_options.dataDirectory;
    m_document = new ScenarioDocument(this);
    m_runner = new SimulationRunner(this);
    for (const Preset &preset : bundledPresets()) {
        try {
            m_presetScenarios.append(readScenarioResource(preset.resourcePath));
        } catch (const ScenarioError &) {
            m_presetScenarios.append(Scenario());
        }
    }

    m_panel = new ScenarioPanel;
    auto *dock = new QDockWidget(tr("Scenario"), this);
    dock->setObjectName(QStringLiteral("ScenarioDock"));
    dock->setWidget(m_panel);
    dock->setFeatures(QDockWidget::DockWidgetMovable | QDockWidget::DockWidgetFloatable);
    addDockWidget(Qt::LeftDockWidgetArea, dock);

    buildTabs();
    buildActions();
    buildStatusBar();
    connectDocument();

    m_restTimer.setSingleShot(true);
    m_restTimer.setInterval(RestMilliseconds);
    connect(&m_restTimer, &QTimer::timeout, this, &MainWindow::startFullRunAfterPreview);

    connect(m_runner, &SimulationRunner::started, this, &MainWindow::onRunStarted);
    connect(m_runner, &SimulationRunner::finished, this, &MainWindow::onRunFinished);
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

    m_document->restore(m_presetScenarios.value(0, Scenario()), QString(), false);
    if (m_options.persistSettings) {
        restoreSettings();
        startSession();
    }
    m_panel->setScenario(m_document->scenario());
    updateTitle();
    updateBaselineActions();
    if (!m_dataStore->loadErrors().isEmpty()) // after the window shows: not a box over nothing
        QTimer::singleShot(0, this, [this] {
            showError(tr("Imported data"), m_dataStore->loadErrors().join(QLatin1Char('\n')));
        });
    if (m_options.runOnStart)
        QTimer::singleShot(0, this, [this] { startRun(false); });
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
    return all;
}

ChartPanel *MainWindow::chart(const QString &id) const
{
    for (ChartPanel *panel : charts())
        if (panel->chartId() == id)
            return panel;
    return nullptr;
}

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
    m_tabs->addTab(splitPair(Qt::Vertical, m_charts.capexRevenue, m_charts.cumulativeCapex, 1, 1,
                             QStringLiteral("moneySplitter")),
                   tr("&Money"));
    m_tabs->addTab(m_charts.distribution, tr("&Distributions"));
    m_sensitivityTab = m_charts.sensitivity;
    m_tabs->addTab(m_charts.sensitivity, tr("Se&nsitivity"));
    // Before buildActions(): the View menu gets a Ctrl+7 entry for it.
    m_dataStore = new DataStore(QDir(m_dataDirectory).filePath(QStringLiteral("imports")), this);
    m_history = new HistoryPages(m_dataStore);
    m_tabs->addTab(m_history, tr("Mar&ket history"));
    setCentralWidget(m_tabs);
    // The fans' observed history follows imports and removals (pushInputs() re-applies it).
    connect(m_dataStore, &DataStore::changed, this, [this] { pushInputs(); });

    connect(m_tabs, &QTabWidget::currentChanged, this, [this] { startSensitivityIfNeeded(); });
    connect(m_charts.sensitivity, &SensitivityChart::runRequested, this, [this] {
        m_sensitivityScenario = Scenario();
        m_sensitivity.reset();
        pushInputs();
        startSensitivityIfNeeded();
    });
}

void MainWindow::buildActions()
{
    auto *fileMenu = menuBar()->addMenu(tr("&File"));
    m_openAction = fileMenu->addAction(style()->standardIcon(QStyle::SP_DialogOpenButton), tr("&Open…"), this,
                                       &MainWindow::openFile);
    m_openAction->setShortcut(QKeySequence::Open);
    m_saveAction = fileMenu->addAction(style()->standardIcon(QStyle::SP_DialogSaveButton), tr("&Save"), this,
                                       [this] { save(); });
    m_saveAction->setShortcut(QKeySequence::Save);
    m_saveAsAction = fileMenu->addAction(tr("Save &As…"), this, [this] { saveAs(); });
    m_saveAsAction->setShortcut(QKeySequence::SaveAs);
    fileMenu->addSeparator();
    QAction *importData = fileMenu->addAction(tr("&Import data…"), this, [this] {
        QString message;
        if (DataImportDialog::run(m_dataStore, this, &message))
            statusBar()->showMessage(message, 10'000);
    });
    importData->setObjectName(QStringLiteral("importDataAction"));
    importData->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_I));
    QAction *manageImports = fileMenu->addAction(tr("&Manage imports…"), this,
                                                 [this] { ManageImportsDialog(m_dataStore, this).exec(); });
    manageImports->setObjectName(QStringLiteral("manageImportsAction"));
    fileMenu->addSeparator();
    auto *presetMenu = fileMenu->addMenu(tr("&Presets"));
    for (int i = 0; i < m_panel->presets().size(); ++i)
        presetMenu->addAction(m_panel->presets()[i].name, this, [this, i] { loadPreset(i); });
    fileMenu->addSeparator();
    QAction *quit = fileMenu->addAction(tr("&Quit"), this, &QWidget::close);
    quit->setShortcut(QKeySequence::Quit);

    auto *editMenu = menuBar()->addMenu(tr("&Edit"));
    // Own actions rather than QUndoStack's: theirs rename themselves ("Undo Change Price elasticity"),
    // which makes the toolbar jump; the step's name goes into the tooltip instead.
    QUndoStack *stack = m_document->undoStack();
    m_undoAction = new QAction(style()->standardIcon(QStyle::SP_ArrowBack), tr("&Undo"), this);
    m_undoAction->setShortcut(QKeySequence::Undo);
    m_undoAction->setEnabled(false);
    connect(m_undoAction, &QAction::triggered, stack, &QUndoStack::undo);
    connect(stack, &QUndoStack::canUndoChanged, m_undoAction, &QAction::setEnabled);
    connect(stack, &QUndoStack::undoTextChanged, m_undoAction,
            [this](const QString &text) { m_undoAction->setToolTip(tr("Undo %1 (Ctrl+Z)").arg(text)); });
    m_redoAction = new QAction(style()->standardIcon(QStyle::SP_ArrowForward), tr("&Redo"), this);
    m_redoAction->setShortcuts({QKeySequence::Redo, QKeySequence(Qt::CTRL | Qt::Key_Y)});
    m_redoAction->setEnabled(false);
    connect(m_redoAction, &QAction::triggered, stack, &QUndoStack::redo);
    connect(stack, &QUndoStack::canRedoChanged, m_redoAction, &QAction::setEnabled);
    connect(stack, &QUndoStack::redoTextChanged, m_redoAction, [this](const QString &text) {
        m_redoAction->setToolTip(tr("Redo %1 (Ctrl+Shift+Z)").arg(text));
    });
    editMenu->addAction(m_undoAction);
    editMenu->addAction(m_redoAction);
    editMenu->addSeparator();
    editMenu->addAction(tr("Reset all to the &Base case"), this, [this] { loadPreset(0); });

    auto *runMenu = menuBar()->addMenu(tr("&Run"));
    m_rerunAction = runMenu->addAction(style()->standardIcon(QStyle::SP_BrowserReload), tr("&Re-run"), this,
                                       &MainWindow::rerun);
    m_rerunAction->setShortcut(QKeySequence::Refresh);
    m_cancelAction = runMenu->addAction(style()->standardIcon(QStyle::SP_BrowserStop), tr("&Cancel run"),
                                        this, &MainWindow::cancelRun);
    m_cancelAction->setShortcut(Qt::Key_Escape);
    m_cancelAction->setShortcutContext(Qt::WindowShortcut);
    runMenu->addSeparator();
    m_pinAction = runMenu->addAction(tr("&Pin as baseline"), this, &MainWindow::pinBaseline);
    m_pinAction->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_B));
    m_pinAction->setToolTip(tr("Keep the current result as the baseline: charts draw it in grey beside the "
                               "current one (Ctrl+B)"));
    m_clearBaselineAction = runMenu->addAction(tr("C&lear baseline"), this, &MainWindow::clearBaseline);
    m_deltaAction = runMenu->addAction(tr("&Delta view (current − baseline)"));
    m_deltaAction->setCheckable(true);
    m_deltaAction->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_D));
    m_deltaAction->setToolTip(
        tr("Draw current minus baseline. Both runs use the same seed, so the same random draws: each line is "
           "the shift of one percentile (current pX − baseline pX). The bands span the shifts of p25/p75 and "
           "p5/p95; they are not the distribution of per-path differences, which the engine does not keep."));
    connect(m_deltaAction, &QAction::toggled, this, &MainWindow::setDeltaView);

    auto *viewMenu = menuBar()->addMenu(tr("&View"));
    for (int i = 0; i < m_tabs->count(); ++i) {
        QAction *tab = viewMenu->addAction(
            m_tabs->tabText(i).remove(QLatin1Char('&')).replace(QLatin1String("&&"), QLatin1String("&")),
            this, [this, i] { m_tabs->setCurrentIndex(i); });
        tab->setShortcut(QKeySequence(Qt::CTRL | Qt::Key(Qt::Key_1 + i)));
    }
    viewMenu->addSeparator();
    m_darkAction = viewMenu->addAction(tr("Dar&k theme"));
    m_darkAction->setCheckable(true);
    m_darkAction->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_T));
    connect(m_darkAction, &QAction::toggled, this, &MainWindow::setDarkTheme);
    if (auto *dock = findChild<QDockWidget *>(QStringLiteral("ScenarioDock"))) {
        QAction *toggle = dock->toggleViewAction();
        toggle->setText(tr("&Scenario panel"));
        toggle->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_P));
        viewMenu->addAction(toggle);
    }

    m_chartsMenu = menuBar()->addMenu(tr("&Charts"));
    m_exportAction = m_chartsMenu->addAction(tr("&Export…"));
    m_exportAction->setObjectName(QStringLiteral("exportAction"));
    m_exportAction->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_E));
    m_exportAction->setToolTip(tr("Export the chart on screen, or all charts (Ctrl+E)"));
    m_export = new ExportController(
        this, [this] { return allCharts(); },
        [this] {
            ExportContext context;
            context.result = m_current;
            context.baseline = m_baseline;
            context.darkTheme = m_dark;
            context.dataset = std::make_shared<data::Dataset>(m_dataStore->dataset());
            // Reuse the ranking on screen only if it belongs to this scenario and seed; else the report runs
            // one.
            if (m_sensitivity && m_current && m_sensitivityScenario == m_current->scenario &&
                m_sensitivitySettings.seed == m_current->settings.seed)
                context.sensitivity = m_sensitivity;
            return context;
        },
        this);
    fileMenu->insertSeparator(presetMenu->menuAction());
    fileMenu->insertActions(presetMenu->menuAction(), m_export->fileMenuActions());
    connect(m_exportAction, &QAction::triggered, m_export, &ExportController::exportVisibleChart);
    for (ChartPanel *panel : allCharts())
        m_export->addChartActions(panel);
    for (FanChart *fan : m_overviewFans)
        m_export->addChartActions(fan);
    m_chartsMenu->addSeparator();
    m_chartsMenu->addAction(tr("&Reset zoom on all charts"), this, [this] {
        for (ChartPanel *panel : allCharts())
            if (panel->view())
                panel->view()->resetZoom();
    });

    auto *helpMenu = menuBar()->addMenu(tr("&Help"));
    helpMenu->addAction(tr("&About Jevons"), this, [this] {
        QMessageBox::about(
            this, tr("About Jevons"),
            tr("<b>Jevons %1</b><p>A Monte Carlo dashboard for the AI-compute market: efficiency "
               "gains make tokens cheaper, cheaper tokens raise demand.</p><p>Backend: %2</p>")
                .arg(QString::fromLatin1(versionString()),
                     QString::fromStdString(cudaDeviceDescription()).toHtmlEscaped()));
    });

    auto *toolbar = addToolBar(tr("Main"));
    toolbar->setObjectName(QStringLiteral("MainToolbar"));
    toolbar->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
    toolbar->addAction(m_openAction);
    toolbar->addAction(m_saveAction);
    toolbar->addSeparator();
    toolbar->addAction(m_undoAction);
    toolbar->addAction(m_redoAction);
    toolbar->addSeparator();
    toolbar->addAction(m_pinAction);
    toolbar->addAction(m_deltaAction);
    toolbar->addAction(m_clearBaselineAction);
    toolbar->addSeparator();
    toolbar->addAction(m_darkAction);
}

void MainWindow::buildStatusBar()
{
    m_runLabel = new QLabel(this);
    m_baselineLabel = new QLabel(this);
    m_progress = new QProgressBar(this);
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
    connect(m_panel, &ScenarioPanel::dragFinished, this, [this](Param) {
        m_document->endDrag();
        m_restTimer.stop();
        startFullRunAfterPreview();
    });
    connect(m_panel, &ScenarioPanel::presetChosen, this, &MainWindow::loadPreset);
    connect(m_panel, &ScenarioPanel::runSettingsChanged, this, [this] { startRun(false); });

    connect(m_document, &ScenarioDocument::valueChanged, this, [this](Param p, double value, bool dragging) {
        m_panel->setValue(p, value); // no-op for the slider that made the change; needed for undo/redo
        if (dragging) {
            startRun(true);
            m_restTimer.start(); // the full run follows once the slider rests
        } else {
            m_restTimer.stop();
            startRun(false);
        }
        updateTitle();
    });
    connect(m_document, &ScenarioDocument::scenarioReplaced, this, [this] {
        m_panel->setScenario(m_document->scenario());
        const int match = presetMatching(m_document->scenario());
        if (match >= 0 || !m_document->filePath().isEmpty())
            m_originPreset = match;
        m_restTimer.stop();
        startRun(false);
        updateTitle();
    });
    connect(m_document, &ScenarioDocument::modifiedChanged, this, [this] { updateTitle(); });
    connect(m_document, &ScenarioDocument::filePathChanged, this, [this] { updateTitle(); });
}

int MainWindow::presetMatching(const Scenario &scenario) const
{
    for (int i = 0; i < m_presetScenarios.size(); ++i)
        if (m_presetScenarios[i] == scenario)
            return i;
    return -1;
}

void MainWindow::startRun(bool preview)
{
    if (preview && m_previewInFlight && m_runner->isBusy()) {
        // Let the running preview finish and show, then run the newest value: cancelling it on every
        // slider step would starve the charts during a long drag when the engine is slower than the mouse.
        m_previewPending = true;
        return;
    }
    m_previewPending = false;
    if (!preview)
        m_fullPending = false;
    m_previewInFlight = preview;
    RunRequest request;
    request.scenario = m_document->scenario();
    request.settings = m_panel->runSettings();
    request.preview = preview;
    if (preview)
        request.settings.paths = std::min(request.settings.paths, PreviewPaths);
    // The engine's own chunking: it polls for a superseded run between tiles (a millisecond or two), so
    // small chunks would only add their per-chunk cost (measured 2 ms a chunk at 100k paths).
    m_runner->start(request);
}

void MainWindow::startFullRunAfterPreview()
{
    // A preview that is nearly done is worth showing before the full run replaces it.
    if (m_previewInFlight && m_runner->isBusy()) {
        m_fullPending = true;
        return;
    }
    startRun(false);
}

void MainWindow::rerun()
{
    startRun(false);
}

void MainWindow::cancelRun()
{
    m_restTimer.stop();
    m_runner->cancel();
}

void MainWindow::startSensitivityIfNeeded()
{
    if (m_tabs->currentWidget() != m_sensitivityTab || !m_current || m_currentIsPreview || m_runner->isBusy())
        return;
    SimulationSettings settings = m_panel->runSettings();
    settings.paths = std::min(settings.paths, SensitivityMaxPaths);
    const SensitivityRequest wanted = m_charts.sensitivity->request();
    const bool upToDate = m_sensitivity && m_sensitivityScenario == m_document->scenario() &&
                          m_sensitivitySettings.seed == settings.seed &&
                          m_sensitivitySettings.paths == settings.paths &&
                          m_sensitivity->series == wanted.series && m_sensitivity->stat == wanted.stat;
    if (upToDate)
        return;
    RunRequest request;
    request.kind = RunRequest::Kind::Sensitivity;
    request.scenario = m_document->scenario();
    request.settings = settings;
    request.sensitivity = wanted;
    m_sensitivityScenario = request.scenario;
    m_sensitivitySettings = settings;
    m_sensitivityRunning = true;
    m_charts.sensitivity->setRunning(true);
    m_charts.sensitivity->setStatusText(tr("running %1 × 2 scenarios on %2 paths…")
                                            .arg(ParamCount - 1)
                                            .arg(QLocale().toString(qulonglong(settings.paths))));
    m_runner->start(request);
}

void MainWindow::onRunStarted(quint64, const RunRequest &request)
{
    const bool longRun =
        request.kind == RunRequest::Kind::Sensitivity || request.settings.paths >= ProgressThresholdPaths;
    if (request.kind == RunRequest::Kind::Simulation && m_sensitivityRunning) {
        // A new scenario supersedes the sensitivity run in progress.
        m_sensitivityRunning = false;
        m_charts.sensitivity->setRunning(false);
        m_charts.sensitivity->setStatusText(tr("outdated: the scenario changed"));
        m_sensitivityScenario = Scenario();
        m_sensitivityScenario.name.clear();
    }
    m_progress->setVisible(longRun);
    m_cancelButton->setVisible(longRun);
    if (longRun) {
        m_progress->setRange(0, 0); // busy until the first progress report
        statusBar()->showMessage(tr("Running…"));
    }
}

void MainWindow::onRunFinished(quint64 sequence, const ResultPtr &result, bool preview)
{
    m_current = result;
    m_currentIsPreview = preview;
    m_progress->hide();
    m_cancelButton->hide();
    statusBar()->clearMessage();
    const bool fellBack = !result->notice.empty();
    m_panel->setBackendInUse(
        QStringLiteral("%1, %2 thread(s)")
            .arg(fellBack ? tr("CPU (fallback)") : QString::fromStdString(result->backendLabel))
            .arg(result->threadsUsed));
    updateFallbackIndicator(*result);
    m_runLabel->setText(runSummary());
    pushInputs();
    updateBaselineActions();
    m_previewInFlight = false;
    emit resultDisplayed(sequence, preview);
    if (m_previewPending && !m_runner->isBusy())
        startRun(true); // the slider moved on while this preview ran
    else if (m_fullPending && !m_runner->isBusy())
        startRun(false); // the slider came to rest while this preview ran
    if (!preview)
        startSensitivityIfNeeded();
}

void MainWindow::updateFallbackIndicator(const SimulationResult &result)
{
    if (!result.notice.empty()) {
        const QString notice = QString::fromStdString(result.notice);
        statusBar()->showMessage(notice, 15'000); // "CUDA backend failed: ...; this run used the CPU instead"
        m_fallbackLabel->setToolTip(notice);
        m_fallbackLabel->show();
    } else if (result.backendUsed == Backend::Cuda) {
        m_fallbackLabel->hide(); // the GPU works again
        m_fallbackLabel->setToolTip(QString());
    }
}

void MainWindow::onSensitivityFinished(quint64, const SensitivityPtr &result)
{
    m_sensitivity = result;
    m_sensitivityRunning = false;
    m_progress->hide();
    m_cancelButton->hide();
    statusBar()->clearMessage();
    m_charts.sensitivity->setRunning(false);
    m_charts.sensitivity->setStatusText(
        tr("%1 paths per run, same random numbers")
            .arg(QLocale().toString(qulonglong(m_sensitivitySettings.paths))));
    pushInputs();
    emit sensitivityDisplayed();
}

void MainWindow::onRunFailed(quint64, const QString &message)
{
    m_previewInFlight = m_previewPending = m_fullPending = false;
    m_progress->hide();
    m_cancelButton->hide();
    m_sensitivityRunning = false;
    m_charts.sensitivity->setRunning(false);
    m_lastError = message;
    // Not a dialog: a slider drag could raise one per step. The status bar keeps it visible.
    statusBar()->showMessage(tr("Run failed: %1").arg(message));
    emit runFailed(message);
}

void MainWindow::onRunCancelled(quint64)
{
    m_previewInFlight = m_previewPending = m_fullPending = false;
    m_progress->hide();
    m_cancelButton->hide();
    if (m_sensitivityRunning) {
        m_sensitivityRunning = false;
        m_charts.sensitivity->setRunning(false);
        m_charts.sensitivity->setStatusText(tr("cancelled"));
        m_sensitivityScenario = Scenario();
        m_sensitivityScenario.name.clear();
    }
    statusBar()->showMessage(tr("Run cancelled; the charts show the previous result"), 5000);
}

QString MainWindow::runSummary() const
{
    if (!m_current)
        return tr("No run yet");
    const SimulationResult &r = *m_current;
    return tr("%1 paths%2 · %3 · %4 thread(s) · %5 ms")
        .arg(QLocale().toString(qulonglong(r.pathsDone)), m_currentIsPreview ? tr(" (preview)") : QString(),
             r.notice.empty() ? QString::fromStdString(r.backendLabel) : tr("CPU (fallback)"))
        .arg(r.threadsUsed)
        .arg(r.elapsedSeconds * 1000, 0, 'f', r.elapsedSeconds < 0.1 ? 1 : 0);
}

void MainWindow::pushInputs()
{
    // Observed history on the fans depends only on the start month and the data: rebuilt when one of them
    // changed, not on every slider step (setHistory() makes the fan redraw).
    if (m_current) {
        const Scenario &s = m_current->scenario;
        const int start = s.startYear * 12 + s.startMonth - 1;
        if (start != m_historyStart || m_dataStore->revision() != m_historyRevision) {
            m_historyStart = start;
            m_historyRevision = m_dataStore->revision();
            // The full-size fans only: the Overview's small copies have no legend to name the observed line,
            // and their four time axes stay aligned on the projection.
            applyObservedHistory({m_charts.supplyDemand, m_charts.tokenPrice, m_charts.capexRevenue},
                                 m_dataStore->dataset(), s);
        }
    }
    ChartInputs inputs;
    inputs.current = m_current;
    inputs.baseline = m_baseline;
    inputs.sensitivity = m_sensitivity;
    inputs.deltaView = m_deltaView && m_baseline;
    inputs.preview = m_currentIsPreview;
    // Hidden charts only store the inputs; the visible ones redraw now.
    for (ChartPanel *panel : charts())
        panel->setInputs(inputs);
    for (FanChart *fan : m_overviewFans)
        fan->setInputs(inputs);
    // New numbers resize labels and axes; laying them out now lets each chart paint once with its final
    // geometry (left to the event loop, every chart painted twice per result: measured 13 ms instead of 6 on
    // the Overview, time taken from the engine's cores).
    QCoreApplication::sendPostedEvents(nullptr, QEvent::LayoutRequest);
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
    m_history->setDarkTheme(dark);
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

void MainWindow::showError(const QString &title, const QString &message)
{
    m_lastError = message;
    if (m_options.interactive)
        QMessageBox::warning(this, title, message);
    else
        statusBar()->showMessage(message);
}

void MainWindow::loadPreset(int index)
{
    if (index < 0 || index >= m_panel->presets().size())
        return;
    try {
        const Scenario scenario = readScenarioResource(m_panel->presets()[index].resourcePath);
        m_originPreset = index;
        m_document->load(scenario, QString());
    } catch (const ScenarioError &e) {
        showError(tr("Preset"), QString::fromUtf8(e.what()));
    }
    updateTitle();
}

bool MainWindow::openScenarioFile(const QString &path)
{
    try {
        const Scenario scenario = loadScenarioFile(path.toStdString());
        m_originPreset = -1;
        m_document->load(scenario, path);
        updateTitle();
        return true;
    } catch (const std::exception &e) {
        // The scenario being edited stays as it was.
        showError(tr("Cannot open scenario"),
                  tr("%1 was not opened:\n%2").arg(QFileInfo(path).fileName(), QString::fromUtf8(e.what())));
        return false;
    }
}

bool MainWindow::saveScenarioFile(const QString &path)
{
    QSaveFile file(path);
    const std::string json = scenarioToJson(m_document->scenario());
    if (!file.open(QIODevice::WriteOnly) ||
        file.write(json.data(), qint64(json.size())) != qint64(json.size()) || !file.commit()) {
        showError(tr("Cannot save scenario"), tr("%1 was not saved: %2").arg(path, file.errorString()));
        return false;
    }
    m_originPreset = -1;
    m_document->markSaved(path);
    updateTitle();
    return true;
}

void MainWindow::openFile()
{
    if (!maybeSave())
        return;
    const QString path = QFileDialog::getOpenFileName(this, tr("Open scenario"), QString(),
                                                      tr("Scenario files (*.json);;All files (*)"));
    if (!path.isEmpty())
        openScenarioFile(path);
}

bool MainWindow::save()
{
    if (m_document->filePath().isEmpty())
        return saveAs();
    return saveScenarioFile(m_document->filePath());
}

bool MainWindow::saveAs()
{
    QString suggestion = m_document->filePath();
    if (suggestion.isEmpty())
        suggestion = m_document->displayName().toLower().replace(QLatin1Char(' '), QLatin1Char('_')) +
                     QStringLiteral(".json");
    QString path = QFileDialog::getSaveFileName(this, tr("Save scenario"), suggestion,
                                                tr("Scenario files (*.json);;All files (*)"));
    if (path.isEmpty())
        return false;
    if (QFileInfo(path).suffix().isEmpty())
        path += QStringLiteral(".json");
    return saveScenarioFile(path);
}

bool MainWindow::maybeSave()
{
    // Presets are always one click away; only file-backed scenarios ask before being replaced.
    if (!m_options.interactive || !m_document->isModified() || m_document->filePath().isEmpty())
        return true;
    const auto answer =
        QMessageBox::question(this, tr("Unsaved changes"),
                              tr("Save the changes to %1?").arg(QFileInfo(m_document->filePath()).fileName()),
                              QMessageBox::Save | QMessageBox::Discard | QMessageBox::Cancel);
    if (answer == QMessageBox::Save)
        return save();
    return answer == QMessageBox::Discard;
}

void MainWindow::closeEvent(QCloseEvent *event)
{
    if (!maybeSave()) {
        event->ignore();
        return;
    }
    m_runner->cancel();
    if (m_options.persistSettings)
        saveSettings();
    endSession();
    event->accept();
}

QString MainWindow::autosavePath() const
{
    return m_sessionLock ? QDir(m_dataDirectory).filePath(QStringLiteral("autosave.json")) : QString();
}

void MainWindow::setRestorePromptForTesting(std::function<bool(const QDateTime &)> prompt)
{
    restorePromptHook() = std::move(prompt);
}

void MainWindow::startSession()
{
    if (!QDir().mkpath(m_dataDirectory))
        return;
    const QString lockPath = QDir(m_dataDirectory).filePath(QStringLiteral("session.lock"));
    // A lock left behind names a process that no longer runs: the last session crashed or was killed.
    // QLockFile tells that apart from a lock held by a second window that is still running.
    const bool leftBehind = QFileInfo::exists(lockPath);
    auto lock = std::make_unique<QLockFile>(lockPath);
    lock->setStaleLockTime(0); // stale only when its process is gone, however long it ran
    if (!lock->tryLock(0))
        return; // another instance owns the folder and its autosave: this one does not autosave
    m_sessionLock = std::move(lock);
    m_autosaveTimer.setSingleShot(true);
    m_autosaveTimer.setInterval(AutosaveMilliseconds);
    connect(&m_autosaveTimer, &QTimer::timeout, this, [this] { autosaveNow(); });
    // Restarting a timer is all a slider step costs here.
    connect(m_document, &ScenarioDocument::valueChanged, &m_autosaveTimer, qOverload<>(&QTimer::start));
    connect(m_document, &ScenarioDocument::scenarioReplaced, &m_autosaveTimer, qOverload<>(&QTimer::start));
    if (leftBehind)
        offerRestore();
}

void MainWindow::offerRestore()
{
    const QString path = autosavePath();
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return;
    const QByteArray json = file.readAll();
    file.close();
    Scenario saved;
    try {
        saved = parseScenario(std::string_view(json.constData(), std::size_t(json.size())), "autosave.json");
    } catch (const ScenarioError &) {
        return; // another version's file: nothing to offer
    }
    if (saved == m_document->scenario()) {
        m_lastAutosave = json.toStdString();
        return; // what would be loaded anyway
    }
    const QDateTime savedAt = QFileInfo(path).lastModified();
    if (askRestore(savedAt, QString::fromStdString(saved.name))) {
        m_originPreset = -1;
        // Unsaved, and not tied to a file: Save asks where, so no file is overwritten by surprise.
        m_document->restore(saved, QString(), true);
        m_lastAutosave = json.toStdString();
        statusBar()->showMessage(tr("Restored the unsaved scenario from %1")
                                     .arg(QLocale().toString(savedAt, QLocale::ShortFormat)),
                                 10'000);
    } else {
        QFile::remove(path); // declined: not offered again after the next crash
    }
}

bool MainWindow::askRestore(const QDateTime &savedAt, const QString &name)
{
    const QString answer = qEnvironmentVariable("JEVONS_RESTORE_ANSWER").trimmed().toLower();
    if (answer == QLatin1String("yes") || answer == QLatin1String("no"))
        return answer == QLatin1String("yes");
    if (restorePromptHook())
        return restorePromptHook()(savedAt);
    if (!m_options.interactive)
        return false;
    QMessageBox box(
        QMessageBox::Question, tr("Restore scenario"),
        tr("Restore the unsaved scenario from %1?").arg(QLocale().toString(savedAt, QLocale::ShortFormat)),
        QMessageBox::Yes | QMessageBox::No, this);
    box.setInformativeText(
        tr("Jevons did not quit normally last time. The scenario “%1” was autosaved and differs from the "
           "one that would open now. No: start from the last saved state and discard the autosave.")
            .arg(name.toHtmlEscaped()));
    box.setDefaultButton(QMessageBox::Yes);
    return box.exec() == QMessageBox::Yes;
}

bool MainWindow::autosaveNow()
{
    const QString path = autosavePath();
    if (path.isEmpty())
        return false;
    m_autosaveTimer.stop();
    const std::string json = scenarioToJson(m_document->scenario());
    if (json == m_lastAutosave)
        return true;
    // QSaveFile: a crash while writing leaves the previous autosave whole.
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly) ||
        file.write(json.data(), qint64(json.size())) != qint64(json.size()) || !file.commit()) {
        statusBar()->showMessage(tr("Autosave failed: %1").arg(file.errorString()), 10'000);
        return false;
    }
    m_lastAutosave = json;
    return true;
}

void MainWindow::endSession()
{
    if (!m_sessionLock)
        return;
    autosaveNow();
    m_sessionLock->unlock(); // removes session.lock: the next start sees a clean exit
    m_sessionLock.reset();
}

void MainWindow::restoreSettings()
{
    QSettings settings;
    restoreGeometry(settings.value(QStringLiteral("window/geometry")).toByteArray());
    restoreState(settings.value(QStringLiteral("window/state")).toByteArray());
    for (auto *splitter : findChildren<QSplitter *>())
        splitter->restoreState(
            settings.value(QStringLiteral("window/") + splitter->objectName()).toByteArray());
    m_tabs->setCurrentIndex(settings.value(QStringLiteral("window/tab"), 0).toInt());

    SimulationSettings run = m_panel->runSettings();
    run.paths = settings.value(QStringLiteral("run/paths"), qulonglong(run.paths)).toULongLong();
    run.seed = settings.value(QStringLiteral("run/seed"), qulonglong(run.seed)).toULongLong();
    Backend backend = Backend::Auto;
    if (parseBackend(
            settings.value(QStringLiteral("run/backend"), QStringLiteral("auto")).toString().toStdString(),
            backend))
        run.backend = backend;
    m_panel->setRunSettings(run);

    // The last scenario comes back as it was left, saved or not.
    const QByteArray json = settings.value(QStringLiteral("scenario/json")).toByteArray();
    if (!json.isEmpty()) {
        try {
            const Scenario scenario =
                parseScenario(std::string_view(json.constData(), std::size_t(json.size())), "settings");
            m_originPreset = settings.value(QStringLiteral("scenario/preset"), -1).toInt();
            m_document->restore(scenario, settings.value(QStringLiteral("scenario/path")).toString(),
                                settings.value(QStringLiteral("scenario/modified"), false).toBool());
        } catch (const ScenarioError &) {
            // Settings from another version: start from the Base case.
        }
    }
    if (settings.value(QStringLiteral("ui/dark"), false).toBool())
        setDarkTheme(true);
}

void MainWindow::saveSettings() const
{
    QSettings settings;
    settings.setValue(QStringLiteral("window/geometry"), saveGeometry());
    settings.setValue(QStringLiteral("window/state"), saveState());
    for (auto *splitter : findChildren<QSplitter *>())
        settings.setValue(QStringLiteral("window/") + splitter->objectName(), splitter->saveState());
    settings.setValue(QStringLiteral("window/tab"), m_tabs->currentIndex());
    const SimulationSettings run = m_panel->runSettings();
    settings.setValue(QStringLiteral("run/paths"), qulonglong(run.paths));
    settings.setValue(QStringLiteral("run/seed"), qulonglong(run.seed));
    settings.setValue(QStringLiteral("run/backend"), QString::fromLatin1(backendName(run.backend)));
    settings.setValue(QStringLiteral("scenario/json"),
                      QByteArray::fromStdString(scenarioToJson(m_document->scenario())));
    settings.setValue(QStringLiteral("scenario/path"), m_document->filePath());
    settings.setValue(QStringLiteral("scenario/preset"), m_originPreset);
    settings.setValue(QStringLiteral("scenario/modified"), m_document->isModified());
    settings.setValue(QStringLiteral("ui/dark"), m_dark);
}

} // namespace jevons::ui
