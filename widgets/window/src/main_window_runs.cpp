// MainWindow: run scheduling (preview while dragging, full run at rest, sensitivity) and showing results.
#include "jevons/window/main_window.h"

#include "jevons/session/run_scheduler.h"

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
#include "jevons/charts/variance_shares_chart.h"
#include "jevons/charts/variance_shares_rank_chart.h"

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

#include "jevons/charts/fan_legend.h"
#include "jevons/market/number_format.h"

#include "main_window_private.h"

namespace jevons::ui {

using namespace window_detail;

RunRequest MainWindow::buildRunRequest(bool preview) const
{
    RunRequest request;
    request.scenario = m_document->runScenario(); // without intervals while the switch is off
    request.settings = m_panel->runSettings();
    if (preview) {
        request.settings.paths = std::min(request.settings.paths, PreviewPaths);
        // A preview lives for one frame of a drag: its percentiles within a bin of any point mass are
        // enough, and skipping the search saves a fixed few milliseconds a run (docs/model.md).
        request.settings.findPointMasses = false;
    }
    // Full runs estimate the variance shares of the output chosen on the Sensitivity tab ("What drives the
    // uncertainty"): about one histogram's work per uncertain input, a few percent of the run. Previews
    // skip them: the shares chart shows the last full run while a slider moves.
    else if (request.scenario.hasUncertainty())
        request.settings.sharesSeries = m_charts.sensitivity->request().series;
    // The engine's own chunking: it polls for a superseded run between tiles (a millisecond or two), so
    // small chunks would only add their per-chunk cost (measured 2 ms a chunk at 100k paths).
    return request;
}

void MainWindow::rerun()
{
    m_scheduler->runFull();
}

void MainWindow::cancelRun()
{
    m_scheduler->cancel();
}

void MainWindow::startSensitivityIfNeeded()
{
    if (m_tabs->currentWidget() != m_sensitivityTab || !m_current || m_currentIsPreview || m_runner->isBusy())
        return;
    SimulationSettings settings = m_panel->runSettings();
    settings.paths = std::min(settings.paths, SensitivityMaxPaths);
    const SensitivityRequest wanted = m_charts.sensitivity->request();
    const bool upToDate = m_sensitivity && m_sensitivityScenario == m_document->runScenario() &&
                          m_sensitivitySettings.seed == settings.seed &&
                          m_sensitivitySettings.paths == settings.paths &&
                          !m_charts.sensitivity->showsOtherStatistic();
    if (upToDate)
        return;
    RunRequest request;
    request.kind = RunRequest::Kind::Sensitivity;
    request.scenario = m_document->runScenario(); // without intervals while the switch is off
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
    if (!preview)
        m_lastFull = result;
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
    emit resultDisplayed(sequence, preview);
    // What runs next (a pending drag step, the full run, then the tornado) is the scheduler's to decide.
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
            applyObservedHistory({m_charts.supplyDemand, m_charts.gpuHourPrice, m_charts.tokenPrice,
                                  m_charts.capexRevenue, m_charts.power},
                                 m_dataStore->dataset(), s);
        }
    }
    ChartInputs inputs;
    inputs.current = m_current;
    inputs.baseline = m_baseline;
    inputs.sensitivity = m_sensitivity;
    inputs.deltaView = m_deltaView && m_baseline;
    inputs.preview = m_currentIsPreview;
    // Hidden charts only store the inputs; the visible ones redraw now, once each, so that what the window
    // shows and the resultDisplayed signal agree. The shares charts keep the last full run while previews
    // (which estimate no shares) come in.
    ChartInputs sharesInputs = inputs;
    sharesInputs.current = m_currentIsPreview && m_lastFull ? m_lastFull : m_current;
    sharesInputs.preview = false;
    m_overviewLegend->setBaselineShown(m_baseline && !inputs.deltaView);
    m_overviewLegend->setDeltaShown(inputs.deltaView);
    m_overviewLegend->setMonths(m_current
                                    ? tr("%1 – %2").arg(monthName(m_current->scenario, 0),
                                                        monthName(m_current->scenario, m_current->steps))
                                    : QString());
    QList<ChartPanel *> panels = charts();
    for (FanChart *fan : m_overviewFans)
        panels.append(fan);
    for (ChartPanel *panel : panels) {
        const bool shares = panel == m_charts.varianceShares || panel == m_charts.varianceSharesRanked;
        panel->setInputs(shares ? sharesInputs : inputs);
        if (panel->isVisible()) {
            panel->ensureUpToDate();
            // New numbers resize labels and axes; laying the chart out now lets it paint once with its final
            // geometry (left to the event loop, every chart painted twice per result: measured 13 ms instead
            // of 6 on the Overview, time taken from the engine's cores).
            panel->flushLayout();
        }
    }
}

} // namespace jevons::ui
