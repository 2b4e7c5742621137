// MainWindow: menus, tool bar and file commands (open, save, presets, quit).
#include "jevons/window/main_window.h"

#include "jevons/files/atomic_file.h"
#include "jevons/backtest_view/backtest_view.h"
#include "jevons/scenario_map/scenario_map_chart.h"
#include "jevons/scenario_map/scenario_map_view.h"
#include "jevons/charts/chart_view.h"
#include "jevons/window/data_import_dialog.h"
#include "jevons/market/data_store.h"
#include "jevons/charts/distribution_chart.h"
#include "jevons/charts/fan_chart.h"
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
#include "jevons/export/chart_table.h"
#include "jevons/export/print_controller.h"
#include "jevons/window/help_browser.h"
#include "jevons/total_effects/total_effects_chart.h"
#include "jevons/total_effects/total_effects_view.h"

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

#include "main_window_private.h"

namespace jevons::ui {

using namespace window_detail;

void MainWindow::buildActions()
{
    auto *fileMenu = menuBar()->addMenu(tr("&File"));
    m_openAction = fileMenu->addAction(style()->standardIcon(QStyle::SP_DialogOpenButton), tr("&Open…"), this,
                                       &MainWindow::openFile);
    m_openAction->setShortcut(QKeySequence::Open);
    m_recentMenu = fileMenu->addMenu(tr("Open &Recent"));
    m_recentMenu->setObjectName(QStringLiteral("recentMenu"));
    connect(m_recentMenu, &QMenu::aboutToShow, this, &MainWindow::refreshRecentMenu);
    if (m_options.persistSettings)
        m_recentFiles =
            QSettings().value(QStringLiteral("recent/files")).toStringList().mid(0, MaxRecentFiles);
    refreshRecentMenu();
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
    for (int i = 0; i < m_panel->presets().size(); ++i) {
        QAction *preset =
            presetMenu->addAction(m_panel->presets()[i].name, this, [this, i] { loadPreset(i); });
        preset->setEnabled(m_panel->presets()[i].error.isEmpty());
        preset->setToolTip(m_panel->presets()[i].error);
    }
    fileMenu->addSeparator();
    // Quit goes through closeEvent like the window's close button, so both ask the same question.
    m_quitAction = fileMenu->addAction(tr("&Quit"), this, &QWidget::close);
    m_quitAction->setShortcut(QKeySequence::Quit);

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
    // The numbers of the chart on screen, for a spreadsheet (each chart's menu has "Show table" too).
    QAction *copyData = editMenu->addAction(tr("Copy &data"), this, [this] {
        ChartPanel *panel = chartOnScreen(allCharts());
        if (!panel) {
            statusBar()->showMessage(tr("No chart on screen to copy the data of"), 5000);
            return;
        }
        copyChartData(panel);
        statusBar()->showMessage(tr("Copied the data of “%1” (tab-separated)").arg(panel->title()), 5000);
    });
    copyData->setObjectName(QStringLiteral("copyDataAction"));
    copyData->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_C));
    copyData->setToolTip(
        tr("Copy the plotted values of the chart on screen, tab-separated with a header row, "
           "for a spreadsheet (Ctrl+Shift+C)"));
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
    runMenu->addSeparator();
    // The same switch as the panel's check box; both follow the document (undo flips them back).
    QAction *uncertainty = runMenu->addAction(tr("&Uncertain inputs"));
    uncertainty->setObjectName(QStringLiteral("uncertaintyAction"));
    uncertainty->setCheckable(true);
    uncertainty->setChecked(m_document->uncertaintyEnabled());
    uncertainty->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_U));
    uncertainty->setToolTip(tr("Off: every input at its value, on the same random numbers (Ctrl+U)"));
    connect(uncertainty, &QAction::triggered, m_document, &ScenarioDocument::setUncertaintyEnabled);
    connect(m_document, &ScenarioDocument::uncertaintyChanged, uncertainty,
            [this, uncertainty] { uncertainty->setChecked(m_document->uncertaintyEnabled()); });
    runMenu->addAction(tr("Co&rrelations…"), m_panel, &ScenarioPanel::editCorrelations);

    auto *viewMenu = menuBar()->addMenu(tr("&View"));
    for (int i = 0; i < m_tabs->count(); ++i) {
        // The tab's mnemonic goes, its literal "&&" stays ("Supply && demand" reads "Supply & demand").
        QString text = m_tabs->tabText(i);
        text.replace(QLatin1String("&&"), QStringLiteral("\x01")).remove(QLatin1Char('&'));
        text.replace(QStringLiteral("\x01"), QLatin1String("&&"));
        QAction *tab = viewMenu->addAction(text, this, [this, i] { m_tabs->setCurrentIndex(i); });
        // Ctrl+1 .. Ctrl+9, then Ctrl+0 for the tenth tab (Key_1 + 9 would be Ctrl+:).
        if (i < 10)
            tab->setShortcut(QKeySequence(Qt::CTRL | Qt::Key(i < 9 ? Qt::Key_1 + i : Qt::Key_0)));
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
    m_exportAction = m_chartsMenu->addAction(tr("&Export figure…"));
    m_exportAction->setObjectName(QStringLiteral("exportAction"));
    m_exportAction->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_E));
    m_exportAction->setToolTip(
        tr("Export one chart: pick it in the dialog, starting from the chart you are on (Ctrl+E)"));
    const auto exportContext = [this] {
        ExportContext context;
        context.result = m_current;
        context.baseline = m_baseline;
        context.darkTheme = m_dark;
        m_dataStore->waitForImports(); // a report names every import
        context.dataset = std::make_shared<data::Dataset>(m_dataStore->dataset());
        // The report adds a page for the Backtest tab's last run and for the Scenario map's grid, if any.
        context.backtest = m_backtest->result();
        if (!m_scenarioMap->chart()->grid().isEmpty())
            context.scenarioMap = std::make_shared<MapGrid>(m_scenarioMap->chart()->grid());
        // Reuse the ranking on screen only if it belongs to this scenario and seed; else the report runs
        // one.
        if (m_sensitivity && m_current && m_sensitivityScenario == m_current->scenario &&
            m_sensitivitySettings.seed == m_current->settings.seed)
            context.sensitivity = m_sensitivity;
        // Total effects only while they belong to the scenario on screen (not when marked outdated).
        if (const TotalEffectsPtr effects = m_totalEffects->currentResult();
            effects && m_current && effects->request.scenario == m_current->scenario)
            context.totalEffects = effects;
        return context;
    };
    m_export = new ExportController(
        this, [this] { return allCharts(); }, exportContext, this);
    fileMenu->insertSeparator(presetMenu->menuAction());
    fileMenu->insertActions(presetMenu->menuAction(), m_export->fileMenuActions());
    // Printing shares the export's context (the run on screen, its dataset and ranking).
    auto *print = new PrintController(
        this, [this] { return allCharts(); }, exportContext, this);
    fileMenu->insertActions(presetMenu->menuAction(), {print->printAction(), print->printReportAction()});
    fileMenu->insertSeparator(presetMenu->menuAction());
    connect(m_exportAction, &QAction::triggered, m_export, &ExportController::exportVisibleChart);
    for (ChartPanel *panel : allCharts())
        m_export->addChartActions(panel);
    for (FanChart *fan : m_overviewFans)
        m_export->addChartActions(fan);
    for (ChartPanel *panel : m_backtest->charts())
        m_export->addChartActions(panel);
    m_export->addChartActions(m_scenarioMap->chart());
    m_export->addChartActions(m_totalEffects->chart());
    for (ChartPanel *panel : allCharts())
        addChartTableAction(panel, this);
    for (FanChart *fan : m_overviewFans)
        addChartTableAction(fan, this);
    for (ChartPanel *panel : m_backtest->charts())
        addChartTableAction(panel, this);
    addChartTableAction(m_scenarioMap->chart(), this);
    addChartTableAction(m_totalEffects->chart(), this);
    m_chartsMenu->addSeparator();
    m_chartsMenu->addAction(tr("&Reset zoom on all charts"), this, [this] {
        for (ChartPanel *panel : allCharts())
            if (panel->view())
                panel->view()->resetZoom();
    });

    auto *helpMenu = menuBar()->addMenu(tr("&Help"));
    QAction *modelHelp = helpMenu->addAction(tr("The &model"), this,
                                             [this] { HelpBrowser::open(this, HelpBrowser::Page::Model); });
    modelHelp->setObjectName(QStringLiteral("helpModelAction"));
    modelHelp->setShortcut(QKeySequence::HelpContents);
    modelHelp->setToolTip(tr("The model's equations, parameters and the provenance of its defaults (F1)"));
    QAction *paradoxHelp = helpMenu->addAction(tr("What is the &Jevons paradox?"), this, [this] {
        HelpBrowser::open(this, HelpBrowser::Page::JevonsParadox);
    });
    paradoxHelp->setObjectName(QStringLiteral("helpParadoxAction"));
    for (ParameterControl *control : m_panel->findChildren<ParameterControl *>())
        connect(control, &ParameterControl::helpRequested, this,
                [this](const QString &key) { HelpBrowser::openParameter(this, key); });
    helpMenu->addSeparator();
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
    const Preset &preset = m_panel->presets()[index];
    // The scenario being edited stays as it was: no other preset is loaded in this one's place.
    const auto refuse = [&](const QString &error) {
        showError(tr("Preset"), tr("The preset “%1” cannot be loaded: %2").arg(preset.name, error));
        m_panel->setPresetState(m_originPreset, m_document->isModified());
    };
    if (!preset.error.isEmpty()) {
        refuse(preset.error);
    } else {
        try {
            const Scenario scenario = readScenarioResource(preset.resourcePath);
            m_originPreset = index;
            m_document->load(scenario, QString());
        } catch (const ScenarioError &e) {
            refuse(QString::fromUtf8(e.what()));
        }
    }
    updateTitle();
}

bool MainWindow::openScenarioFile(const QString &path)
{
    try {
        const Scenario scenario = loadScenarioFile(path.toStdString());
        m_originPreset = -1;
        if (scenario.run) {
            // The file's paths and seed: the same numbers as when it was saved (before the load's run).
            SimulationSettings run = m_panel->runSettings();
            run.paths = scenario.run->paths;
            run.seed = scenario.run->seed;
            m_panel->setRunSettings(run);
        }
        m_document->load(scenario, path);
        updateTitle();
        addRecentFile(path);
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
    // Paths and seed go with the scenario, so that the reopened file reproduces the numbers on screen
    // (scenarioToJson says in the file that they do not change the economics).
    Scenario scenario = m_document->scenario();
    const SimulationSettings run = m_panel->runSettings();
    scenario.run = RunRecord{run.paths, run.seed};
    if (const QString error = writeWholeFile(path, scenarioToJson(scenario)); !error.isEmpty()) {
        showError(tr("Cannot save scenario"), tr("%1 was not saved: %2").arg(path, error));
        return false;
    }
    m_originPreset = -1;
    m_document->markSaved(path);
    updateTitle();
    addRecentFile(path);
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
        suggestion = fileStem(m_document->displayName()) + QStringLiteral(".json");
    QString path = QFileDialog::getSaveFileName(this, tr("Save scenario"), suggestion,
                                                tr("Scenario files (*.json);;All files (*)"));
    if (path.isEmpty())
        return false;
    if (QFileInfo(path).suffix().isEmpty())
        path += QStringLiteral(".json");
    return saveScenarioFile(path);
}

void MainWindow::setUnsavedPromptForTesting(std::function<UnsavedAnswer(const QString &)> prompt)
{
    if (prompt)
        unsavedPromptHook() = [prompt = std::move(prompt)](const QString &name) { return int(prompt(name)); };
    else
        unsavedPromptHook() = {};
}

MainWindow::UnsavedAnswer MainWindow::askUnsaved()
{
    const QString name = m_document->filePath().isEmpty() ? m_document->displayName()
                                                          : QFileInfo(m_document->filePath()).fileName();
    if (unsavedPromptHook())
        return static_cast<UnsavedAnswer>(unsavedPromptHook()(name));
    if (!m_options.interactive)
        return UnsavedAnswer::Save; // tests without the hook: nothing asked, nothing thrown away
    QMessageBox box(QMessageBox::Question, tr("Unsaved changes"), tr("Save the changes to %1?").arg(name),
                    QMessageBox::Save | QMessageBox::Discard | QMessageBox::Cancel, this);
    box.setInformativeText(tr("Discard: the changes are gone, and the next start opens the scenario as it "
                              "was last saved or loaded."));
    box.setDefaultButton(QMessageBox::Save);
    switch (box.exec()) {
    case QMessageBox::Save:
        return UnsavedAnswer::Save;
    case QMessageBox::Discard:
        return UnsavedAnswer::Discard;
    default:
        return UnsavedAnswer::Cancel;
    }
}

bool MainWindow::maybeSave()
{
    // Every modified scenario asks, preset-based or not: quitting must never lose or keep an edit silently.
    m_discarded = false;
    if (!m_document->isModified())
        return true;
    if (!unsavedPromptHook() && !m_options.interactive)
        return true;
    switch (askUnsaved()) {
    case UnsavedAnswer::Save:
        return save();
    case UnsavedAnswer::Discard:
        m_discarded = true;
        return true;
    case UnsavedAnswer::Cancel:
        break;
    }
    return false;
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

} // namespace jevons::ui
