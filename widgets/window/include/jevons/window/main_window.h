#pragma once
// The dashboard window: scenario panel on the left, chart tabs on the right, live Monte Carlo re-runs.

#include "jevons/charts/chart_factory.h"
#include "jevons/export/export_dialogs.h"
#include "jevons/session/autosave.h"
#include "jevons/session/run_scheduler.h"
#include "jevons/session/simulation_runner.h"

#include <QMainWindow>
#include <QTimer>

#include <climits>
#include <functional>
#include <memory>
#include <optional>
#include <string>

class QAction;
class QDateTime;
class QDragEnterEvent;
class QDropEvent;
class QLabel;
class QMenu;
class QProgressBar;
class QPushButton;
class QTabWidget;

namespace jevons::ui {

class BacktestView;
class DataStore;
class FanChart;
class FanLegend;
class HistoryPages;
class ScenarioDocument;
class ScenarioMapView;
class ScenarioPanel;
class TotalEffectsView;

class MainWindow : public QMainWindow {
    Q_OBJECT
public:
    struct Options {
        /// Restore and save QSettings, autosave the scenario and offer to restore it after a crash (off in
        /// tests and the benchmark).
        bool persistSettings = true;
        bool interactive = true; ///< message boxes for errors (off in tests: errors go to lastError())
        bool runOnStart = true;  ///< start the first run from the constructor's event loop turn
        /// The user's data folder: imports/, autosave.json, session.lock. Empty: AppDataLocation.
        QString dataDirectory;
        /// The folder of the presets. Empty: the bundled ones (":/scenarios").
        QString presetDirectory;
    };
    /// Paths of the quick run while a slider is dragged.
    static constexpr std::uint64_t PreviewPaths = 10'000;
    /// A slider held still this long while dragging gets the full run.
    static constexpr int RestMilliseconds = RunScheduler::RestMilliseconds;
    /// The scenario is autosaved this long after the last change (and on quit).
    static constexpr int AutosaveMilliseconds = Autosave::DefaultDelayMilliseconds;

    explicit MainWindow(const Options &options, QWidget *parent = nullptr);
    explicit MainWindow(QWidget *parent = nullptr) : MainWindow(Options{}, parent) {}
    ~MainWindow() override;

    /// Every full-size chart, for export: same ids and order as buildCharts().
    QList<ChartPanel *> charts() const { return m_charts.all(); }
    /// charts() followed by the Market history charts (HistoryPages::charts()) and, once a backtest has run,
    /// the Backtest charts (BacktestView::charts()), for export.
    QList<ChartPanel *> allCharts() const;
    /// The Market history tab and its data (bundled plus the user's imports).
    HistoryPages *historyPages() const { return m_history; }
    /// The Backtest tab.
    BacktestView *backtestView() const { return m_backtest; }
    /// The Scenario map tab.
    ScenarioMapView *scenarioMapView() const { return m_scenarioMap; }
    /// The Sensitivity tab's total effects (computed on demand).
    TotalEffectsView *totalEffectsView() const { return m_totalEffects; }
    DataStore *dataStore() const { return m_dataStore; }
    const ChartSet &chartSet() const { return m_charts; }
    ChartPanel *chart(const QString &id) const;
    /// The small fans on the Overview tab.
    const QList<FanChart *> &overviewFans() const { return m_overviewFans; }
    /// The one legend of the Overview's fans, with the months they span.
    FanLegend *overviewLegend() const { return m_overviewLegend; }
    /// Placeholder for the export work: "Charts > Export…" (disabled until it lands).
    QAction *exportAction() const { return m_exportAction; }
    ExportController *exportController() const { return m_export; }
    QMenu *chartsMenu() const { return m_chartsMenu; }

    ScenarioDocument *document() const { return m_document; }
    ScenarioPanel *scenarioPanel() const { return m_panel; }
    SimulationRunner *runner() const { return m_runner; }
    QTabWidget *tabs() const { return m_tabs; }

    ResultPtr displayedResult() const { return m_current; }
    bool displayedIsPreview() const { return m_currentIsPreview; }
    ResultPtr baseline() const { return m_baseline; }
    bool deltaView() const { return m_deltaView; }
    bool isDarkTheme() const { return m_dark; }
    QString lastError() const { return m_lastError; }
    /// Paths, backend, threads and time of the last run, as in the status bar.
    QString runSummary() const;
    /// Status bar warning shown after the GPU failed and a run fell back to the CPU (tooltip: the engine's
    /// notice) until the next clean GPU run.
    QLabel *fallbackIndicator() const { return m_fallbackLabel; }

    /// <data folder>/autosave.json; empty without persistence or while another instance owns the folder.
    QString autosavePath() const;
    /// Writes the autosave now if the scenario changed since the last one (the debounce timer calls this).
    bool autosaveNow();
    /// Test hook for the question "Restore the unsaved scenario from <time>?" after a crash: called instead
    /// of the message box (true = restore). The environment variable JEVONS_RESTORE_ANSWER=yes|no takes
    /// precedence; without either, a non-interactive window does not restore. Pass {} to remove.
    static void setRestorePromptForTesting(std::function<bool(const QDateTime &savedAt)> prompt);

    /// Files opened or saved, newest first (File > Open Recent; at most MaxRecentFiles; QSettings where
    /// settings persist).
    QStringList recentFiles() const { return m_recentFiles; }
    QMenu *recentMenu() const { return m_recentMenu; }
    static constexpr int MaxRecentFiles = 8;
    /// What the question "Save the changes to <name>?" (before quitting or opening a file) was answered.
    enum class UnsavedAnswer { Save, Discard, Cancel };
    /// Test hook for that question: called instead of the message box with the scenario's name. Without
    /// it a non-interactive window does not ask (and quits keeping the change). Pass {} to remove.
    static void setUnsavedPromptForTesting(std::function<UnsavedAnswer(const QString &name)> prompt);
    /// The File > Quit action (Ctrl+Q): the same path as the window's close button.
    QAction *quitAction() const { return m_quitAction; }

public slots:
    /// Opens a file the way the command line, a drop or File > Open Recent do: a data CSV goes to the
    /// import (asked in the dialog when interactive), anything else is read as a scenario.
    bool openPath(const QString &path);
    bool openScenarioFile(const QString &path);
    bool saveScenarioFile(const QString &path);
    void loadPreset(int index);
    void pinBaseline();
    void clearBaseline();
    void setDeltaView(bool on);
    void setDarkTheme(bool dark);
    void rerun();
    void cancelRun();

signals:
    /// The charts now show the result of request `sequence` (after its data went into the visible charts).
    void resultDisplayed(quint64 sequence, bool preview);
    void sensitivityDisplayed();
    void runFailed(const QString &message);

protected:
    void closeEvent(QCloseEvent *event) override;
    void dragEnterEvent(QDragEnterEvent *event) override;
    void dropEvent(QDropEvent *event) override;

private:
    void buildActions();
    void buildTabs();
    void buildStatusBar();
    void connectDocument();
    RunRequest buildRunRequest(bool preview) const;
    void startSensitivityIfNeeded();
    void onRunStarted(quint64 sequence, const RunRequest &request);
    void onRunFinished(quint64 sequence, const ResultPtr &result, bool preview);
    void onSensitivityFinished(quint64 sequence, const SensitivityPtr &result);
    void onRunFailed(quint64 sequence, const QString &message);
    void onRunCancelled(quint64 sequence);
    void pushInputs();
    void updateTitle();
    void updateBaselineActions();
    void showError(const QString &title, const QString &message);
    /// Asks to save a modified scenario (any, preset-based or from a file). False: cancelled. A Discard
    /// sets m_discarded, so the quit that follows stores the saved state, not the change.
    bool maybeSave();
    UnsavedAnswer askUnsaved();
    void openFile();
    bool save();
    bool saveAs();
    void restoreSettings();
    void saveSettings() const;
    /// Takes the session lock; if the last session did not end cleanly, offers its autosave.
    void startSession();
    /// Asks whether to restore what the autosave found after a crash, and restores it if so.
    void offerRestore();
    bool askRestore(const QDateTime &savedAt, const QString &name);
    /// Final autosave and release of the session lock: the next start knows this one ended cleanly.
    void endSession();
    void updateFallbackIndicator(const SimulationResult &result);
    int presetMatching(const Scenario &scenario) const;
    bool importDataFile(const QString &path);
    void addRecentFile(const QString &path);
    /// Drops recent files that no longer exist, saying which; rebuilds the menu.
    void refreshRecentMenu();

    Options m_options;
    ScenarioDocument *m_document = nullptr;
    ScenarioPanel *m_panel = nullptr;
    SimulationRunner *m_runner = nullptr;
    RunScheduler *m_scheduler = nullptr; ///< previews while dragging, the full run at rest
    QTabWidget *m_tabs = nullptr;
    ChartSet m_charts;
    QList<FanChart *> m_overviewFans;
    FanLegend *m_overviewLegend = nullptr;
    QWidget *m_sensitivityTab = nullptr;
    DataStore *m_dataStore = nullptr;
    HistoryPages *m_history = nullptr;
    BacktestView *m_backtest = nullptr;
    ScenarioMapView *m_scenarioMap = nullptr;
    TotalEffectsView *m_totalEffects = nullptr;
    int m_historyStart = INT_MIN; ///< start month (year * 12 + month - 1) the fans' overlays were made for
    quint64 m_historyRevision = 0;

    ResultPtr m_current;
    /// The last full run: the shares charts draw from it, as previews estimate no variance shares.
    ResultPtr m_lastFull;
    bool m_currentIsPreview = false;
    ResultPtr m_baseline;
    SensitivityPtr m_sensitivity;
    Scenario m_sensitivityScenario;
    SimulationSettings m_sensitivitySettings;
    bool m_sensitivityRunning = false;
    bool m_deltaView = false;
    bool m_dark = false;
    int m_originPreset = 0;
    QString m_lastError;
    bool m_discarded = false; ///< the last "Save the changes?" was answered Discard

    /// Each preset's scenario, empty where it cannot be loaded (so no scenario ever matches it).
    QList<std::optional<Scenario>> m_presetScenarios;

    QString m_dataDirectory;
    /// When and where the scenario is autosaved, the session lock, what a crashed session left behind.
    Autosave *m_autosave = nullptr;

    QAction *m_openAction = nullptr;
    QAction *m_quitAction = nullptr;
    QAction *m_saveAction = nullptr;
    QAction *m_saveAsAction = nullptr;
    QAction *m_undoAction = nullptr;
    QAction *m_redoAction = nullptr;
    QAction *m_cancelAction = nullptr;
    QAction *m_rerunAction = nullptr;
    QAction *m_pinAction = nullptr;
    QAction *m_clearBaselineAction = nullptr;
    QAction *m_deltaAction = nullptr;
    QAction *m_darkAction = nullptr;
    QAction *m_exportAction = nullptr;
    ExportController *m_export = nullptr;
    QMenu *m_chartsMenu = nullptr;
    QMenu *m_recentMenu = nullptr;
    QStringList m_recentFiles;

    QLabel *m_runLabel = nullptr;
    QLabel *m_baselineLabel = nullptr;
    QLabel *m_fallbackLabel = nullptr;
    QProgressBar *m_progress = nullptr;
    QPushButton *m_cancelButton = nullptr;
};

} // namespace jevons::ui
