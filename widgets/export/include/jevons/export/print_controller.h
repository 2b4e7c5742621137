#pragma once
// File > Print… (Ctrl+P): the chart on screen as a figure (title, description, chart, caption), or the whole
// report when no chart is on screen; File > Print report… always prints the report. Both go through
// the system's print dialog (QPrintDialog) and QPrinter; the pages are the export's own painting
// (paintFigure, ReportWriter), so a print looks like the PDF export.
//
// Like ExportController it does not know MainWindow: it gets the charts and the current run through two
// functions. printChart() and printReport() do the work without a dialog (tests print to a PDF file).

#include "jevons/export/export_dialogs.h"

#include <QObject>
#include <QPointer>

class QAction;
class QPrinter;

namespace jevons::ui {

/// The chart "on screen" for Print… and Edit > Copy data: the visible full-size chart that holds the focus,
/// else the first visible one in `charts` (a tab's main chart); null where none is visible.
ChartPanel *chartOnScreen(const QList<ChartPanel *> &charts);

/// Paints `panel` as a figure (caption footer from `result`, none when null) on one landscape page of
/// `printer`, as large as the printable area allows at the chart's aspect on screen. The printer's
/// resolution is set to layoutDpi() (the figure's layout is in those units). Returns an error sentence or "".
QString printChart(QPrinter *printer, ChartPanel *panel, const SimulationResult *result,
                   const QString &datasetAsOf = QString());
/// Paints the report of export_report.h on `printer` (runs the sensitivity first when inputs.sensitivity is
/// null, on this thread). Returns an error sentence or "".
QString printReport(QPrinter *printer, const ReportInputs &inputs, const ReportOptions &options);

class PrintController : public QObject {
    Q_OBJECT
public:
    PrintController(QWidget *window, ExportController::ChartsFn charts, ExportController::ContextFn context,
                    QObject *parent = nullptr);

    /// "Print…" (Ctrl+P, objectName printAction) and "Print report…" (printReportAction).
    QAction *printAction() const { return m_printAction; }
    QAction *printReportAction() const { return m_reportAction; }
    /// chartOnScreen() of the window's charts.
    ChartPanel *visibleChart() const;

    void setInteractive(bool on) { m_interactive = on; }
    /// The dialog for the chart on screen, or for the report when there is none.
    void printVisible();
    void printReportWithDialog();

private:
    bool confirm(QPrinter *printer, const QString &title);

    QPointer<QWidget> m_window;
    ExportController::ChartsFn m_charts;
    ExportController::ContextFn m_context;
    bool m_interactive = true;
    QAction *m_printAction = nullptr;
    QAction *m_reportAction = nullptr;
};

} // namespace jevons::ui
