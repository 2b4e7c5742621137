#pragma once
// Export from the window: per chart Export… (PNG, SVG, PDF with size presets), Copy image and Export data
// (CSV); File > Export all… (every chart in one format into a folder, with the scenario file beside them)
// and File > Export report… (the PDF of export_report.h, A4 or US Letter).
//
// ExportController does not know MainWindow: it gets the charts and the current run through two functions,
// so any window (and a test) can use it. Long work shows a window-modal progress dialog that can cancel:
// charts are painted on the GUI thread one per event-loop turn (they are widgets), the report's
// sensitivity run goes to a worker thread (QtConcurrent), and nothing is written until everything is
// painted, so a cancel leaves no file behind.

#include "jevons/charts/chart_panel.h"
#include "jevons/export/export_figure.h"
#include "jevons/export/export_report.h"

#include <QDialog>
#include <QObject>
#include <QPointer>
#include <QString>

#include <atomic>
#include <functional>
#include <memory>

class QAction;
class QCheckBox;
class QComboBox;
class QDoubleSpinBox;
class QFormLayout;
class QLabel;
class QLineEdit;
class QProgressDialog;
class QSpinBox;
class QTimer;

namespace jevons::data {
struct Dataset;
}

namespace jevons::ui {

/// What an export needs to know about the window's state, asked for at the start of each export.
struct ExportContext {
    ResultPtr result;   ///< the displayed run; null: nothing to export yet
    ResultPtr baseline; ///< pinned baseline (drawn muted in the report's charts); may be null
    SensitivityPtr
        sensitivity; ///< a ranking made for `result`'s scenario and seed; null: the report runs one
    std::shared_ptr<const data::Dataset> dataset; ///< for captions and the appendix; null: the bundled data
    bool darkTheme = false;                       ///< the window's theme (figures "as shown")
    /// The Backtest tab's last result, for the report's Backtest section; null: none has run.
    std::shared_ptr<const backtest::BacktestResult> backtest;
    /// The Scenario map tab's grid, for the report's Scenario map section; null: none computed.
    std::shared_ptr<const MapGrid> scenarioMap;
    TotalEffectsPtr
        totalEffects; ///< computed for `result`'s scenario in the window; null: none in the report
};

/// The options of an Export… or Export all… dialog: format, size preset, caption, theme, and the target.
class ExportFigureDialog : public QDialog {
    Q_OBJECT
public:
    enum class Preset { Screen, Screen2x, Print300, Custom };
    /// `screenSize`: the chart's size on screen (the Screen preset). `folderMode`: the target is a folder
    /// (Export all), else a file whose extension follows the format.
    ExportFigureDialog(const QString &title, const QSize &screenSize, bool folderMode,
                       QWidget *parent = nullptr);

    FigureOptions options() const;
    QString target() const;
    void setTarget(const QString &path);
    void setFormat(FigureFormat format);
    void setPreset(Preset preset);
    /// For the Print preset: physical size in centimetres and resolution.
    void setPrintSize(double widthCm, double heightCm, int dpi);
    void setCaption(bool on);
    /// Adds the chart picker (a combo, objectName chartPicker, first row): `charts` in their order, each
    /// named by its title and the tab it is on, `selected` chosen. Choosing another chart renames the
    /// target file to `namePrefix` + the chart's file name, in the same folder.
    void setChartChoices(const QList<ChartPanel *> &charts, ChartPanel *selected, const QString &namePrefix);
    /// The chart picked; null without a picker.
    ChartPanel *selectedChart() const;
    /// What the picker lists for `panel`: "Token price (Prices tab)".
    static QString chartChoiceName(const ChartPanel *panel);

private:
    void updateState();
    void browse();
    void chartChosen();

    QSize m_screenSize;
    bool m_folderMode = false;
    QComboBox *m_format = nullptr;
    QComboBox *m_chartPicker = nullptr;
    QList<QPointer<ChartPanel>> m_chartChoices;
    QString m_namePrefix;
    QFormLayout *m_form = nullptr;
    QComboBox *m_preset = nullptr;
    QDoubleSpinBox *m_widthCm = nullptr;
    QDoubleSpinBox *m_heightCm = nullptr;
    QSpinBox *m_widthPx = nullptr;
    QSpinBox *m_heightPx = nullptr;
    QSpinBox *m_dpi = nullptr;
    QCheckBox *m_caption = nullptr;
    QComboBox *m_theme = nullptr;
    QLineEdit *m_target = nullptr;
    QLabel *m_summary = nullptr;
    QWidget *m_printRow = nullptr;
    QWidget *m_customRow = nullptr;
};

class ExportController : public QObject {
    Q_OBJECT
public:
    using ChartsFn = std::function<QList<ChartPanel *>()>;
    using ContextFn = std::function<ExportContext()>;

    /// `window` parents dialogs and message boxes; `charts` lists the charts Export all exports (in order);
    /// `context` describes the current run.
    ExportController(QWidget *window, ChartsFn charts, ContextFn context, QObject *parent = nullptr);
    ~ExportController() override; ///< cancels a running export (no file is written)

    /// File menu: "Export all…" and "Export report…" (objectNames exportAllAction, exportReportAction).
    QList<QAction *> fileMenuActions() const { return {m_exportAllAction, m_reportAction}; }
    QAction *exportAllAction() const { return m_exportAllAction; }
    QAction *exportReportAction() const { return m_reportAction; }
    /// Wires the panel's Export… placeholder (objectName exportChartAction) in panel->actionsMenu(), or adds
    /// one, and adds "Copy image" (copyChartImageAction) and "Export data (CSV)…" (exportChartCsvAction).
    /// A panel without a menu (the headline tiles) gets them as its right-click menu (panel->actions()).
    /// Safe to call twice. Works for any ChartPanel, including charts added later.
    void addChartActions(ChartPanel *panel);

    /// Message boxes and progress dialogs (on by default; tests switch them off and watch finished()).
    void setInteractive(bool on) { m_interactive = on; }
    bool isInteractive() const { return m_interactive; }

    // Dialogs (interactive use).
    /// Export… of one chart: the figure dialog with the chart picker, `panel` chosen (another may be picked).
    void showExportDialog(ChartPanel *panel);
    void showExportCsvDialog(ChartPanel *panel);
    void showExportAllDialog();
    void showReportDialog();
    /// Charts > Export… (Ctrl+E): the figure dialog with the chart picker, on defaultExportChart().
    void exportVisibleChart();
    /// The chart Ctrl+E starts from: the one with keyboard focus, else the one the mouse was last over
    /// while it shows, else the first chart on screen; a small Overview copy stands for its full-size
    /// chart, and the headline tiles are never chosen for the user.
    ChartPanel *defaultExportChart() const;
    /// What the picker lists: the window's charts, then `extra` (a small copy, a backtest chart) if missing.
    QList<ChartPanel *> exportChoices(ChartPanel *extra = nullptr) const;
    /// The chart as a figure image (its size on screen at the screen's pixel ratio, caption on).
    void copyToClipboard(ChartPanel *panel);

    // The work, without dialogs. Synchronous: returns an empty string or the error.
    QString exportChart(ChartPanel *panel, const FigureOptions &options, const QString &path);
    /// Asynchronous; false (and finished(false, why)) when nothing to export or already busy.
    bool startExportAll(const QString &folder, const FigureOptions &options);
    bool startReport(const QString &path, const ReportOptions &options);
    bool isBusy() const { return m_job != nullptr; }
    /// Stops the running export; finished(false, "cancelled") follows and no file is written.
    void cancel();

    /// File names Export all writes beside the figures.
    static QString scenarioFileName() { return QStringLiteral("scenario.json"); }
    static QString readmeFileName() { return QStringLiteral("reproduce.txt"); }

signals:
    void progressed(int percent, const QString &what);
    /// An asynchronous export ended: ok, and a summary ("Wrote 12 files to …") or the error / "cancelled".
    void finished(bool ok, const QString &message);

private:
    struct Job;
    void startJob(std::unique_ptr<Job> job, const QString &title);
    void runNextStep();
    void finishJob(bool ok, QString message);
    void reportFailure(const QString &title, const QString &message);
    FigureOptions withContext(FigureOptions options, const ExportContext &context) const;
    QString suggestedName(const ExportContext &context) const;
    bool eventFilter(QObject *watched, QEvent *event) override;
    QPointer<ChartPanel> m_lastPointed; ///< the chart the mouse entered last

    QPointer<QWidget> m_window;
    ChartsFn m_charts;
    ContextFn m_context;
    bool m_interactive = true;
    QAction *m_exportAllAction = nullptr;
    QAction *m_reportAction = nullptr;
    std::unique_ptr<Job> m_job;
    QPointer<QProgressDialog> m_progress;
    QString m_lastFolder;
    FigureOptions m_lastOptions;
    ReportPage m_lastPage = ReportPage::A4;
};

} // namespace jevons::ui
