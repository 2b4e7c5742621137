#pragma once
// The whole-scenario PDF report (File > Export report…, `jevons report`): cover, parameter table with the
// differences from the Base case highlighted, headline numbers, every chart as vector graphics, percentile
// tables at yearly steps, the sensitivity ranking and an appendix of the data sources. A4 or US Letter.
// Three sections appear only with their input: what drives the uncertainty (the result's variance shares),
// a backtest (ReportInputs::backtest) and a scenario map (ReportInputs::scenarioMap); the sections present
// are numbered 1, 2, 3... without gaps.
//
// ReportWriter paints one section (or one chart) per step() so that the dashboard can keep its event loop
// turning between steps and cancel between them; writeReport() runs all steps at once for the command line.
// Painting must happen on the GUI thread (charts are widgets); the sensitivity run can go anywhere.
// Nothing touches the target file until every page is painted: the PDF is built in memory and then written
// through QSaveFile, so a cancelled or failed report leaves no file behind.

#include "jevons/charts/chart_panel.h"

#include "jevons/engine/engine.h"
#include "jevons/total_effects/total_effects.h"

#include <QByteArray>
#include <QDate>
#include <QString>
#include <QStringList>

#include <functional>
#include <memory>

class QPagedPaintDevice;

namespace jevons::data {
struct Dataset;
}
namespace jevons::backtest {
struct BacktestResult;
}

namespace jevons::ui {

struct MapGrid;

enum class ReportPage { A4, Letter };
/// "a4", "letter".
QString reportPageName(ReportPage page);
/// Parses "a4" / "letter" (case-insensitive); false if unknown.
bool parseReportPage(const QString &name, ReportPage *out);

/// Paths of each of the sensitivity run's 57 simulations at most: the dashboard's tornado uses the same cap,
/// so a report and the window rank the parameters alike.
inline constexpr std::uint64_t ReportSensitivityMaxPaths = 50'000;
/// The sensitivity ranking a report shows for `result`: the default request (demand / supply ratio, p50 at
/// the horizon) with the result's scenario, seed and backend, on min(paths, ReportSensitivityMaxPaths)
/// paths. Runs on the calling thread; `progress` as in jevons::sensitivity() (false cancels: the result is
/// then marked cancelled). Throws like jevons::sensitivity().
SensitivityResult runReportSensitivity(const SimulationResult &result, const ProgressFn &progress = {});

struct ReportInputs {
    SimulationResult result;
    /// The ranking to show. ReportWriter needs it; writeReport() runs runReportSensitivity() when null.
    std::shared_ptr<const SensitivityResult> sensitivity;
    std::shared_ptr<const SimulationResult> baseline; ///< optional: drawn muted in the charts
    std::shared_ptr<const data::Dataset> dataset;     ///< for the appendix; null: the bundled dataset
    QDate date;                                       ///< date on the cover; invalid: today
    /// optional: a backtest (the window's Backtest tab, `jevons report --backtest-as-of`): its own section
    /// with a chart per scored series, the PIT histogram and the scores.
    std::shared_ptr<const backtest::BacktestResult> backtest;
    /// optional: a computed scenario map (the window's Scenario map tab), drawn as its heat map.
    std::shared_ptr<const MapGrid> scenarioMap;
    TotalEffectsPtr totalEffects; ///< optional: a "Total effects" page (computed in the window)
};

/// The report's sections, in order. Uncertainty needs the result's variance shares; TotalEffects, Backtest
/// and ScenarioMap their inputs; the others are always there.
enum class ReportSection {
    Parameters,
    Headline,
    Charts,
    Percentiles,
    Uncertainty,
    Sensitivity,
    TotalEffects,
    Backtest,
    ScenarioMap,
    Appendix
};

struct ReportOptions {
    ReportPage page = ReportPage::A4;
};

class ReportWriter {
public:
    /// Builds the report's charts (hidden, light theme). GUI thread. `inputs.sensitivity` must be set.
    /// `device`: paint the pages there (a QPrinter, File > Print…) instead of a PDF in memory; pdf() is then
    /// empty. Its resolution must be layoutDpi() (QPrinter::ScreenResolution), as the layout is in those
    /// units; it must outlive the writer.
    ReportWriter(ReportInputs inputs, const ReportOptions &options, QPagedPaintDevice *device = nullptr);
    ~ReportWriter();
    ReportWriter(const ReportWriter &) = delete;
    ReportWriter &operator=(const ReportWriter &) = delete;

    int stepCount() const;
    int stepsDone() const;
    /// What the next step paints ("Charts: Token price"), for a progress dialog.
    QString nextStepLabel() const;
    /// Paints the next part. Returns false when there was nothing left to do or painting failed (error()).
    bool step();
    bool isFinished() const;
    QString error() const;
    /// The finished PDF (empty before isFinished()).
    QByteArray pdf() const;
    /// Pages painted so far.
    int pageCount() const;

    /// The title of a section as printed in its heading (without its number).
    static QString sectionTitle(ReportSection section);
    /// Titles of every section a report can have, in order, as printed in the headings.
    static QStringList sectionTitles();
    /// The sections of the report of `inputs`, in order: numbered 1, 2, 3... in the headings and the
    /// contents, the appendix last and unnumbered.
    static QList<ReportSection> sections(const ReportInputs &inputs);
    /// Their titles (tests look for them).
    static QStringList sectionTitles(const ReportInputs &inputs);

private:
    struct Private;
    std::unique_ptr<Private> d;
};

/// Progress of writeReport(): fraction done in [0, 1] and what runs now; return false to cancel.
using ReportProgress = std::function<bool(double fraction, const QString &what)>;

/// Runs the sensitivity (when inputs.sensitivity is null), paints every page and writes `path` through
/// QSaveFile. Returns an empty string on success, else one sentence; `*cancelled` (if given) says whether
/// `progress` stopped it. In both failure cases no file is created or changed.
QString writeReport(const ReportInputs &inputs, const ReportOptions &options, const QString &path,
                    const ReportProgress &progress = {}, bool *cancelled = nullptr);

} // namespace jevons::ui
