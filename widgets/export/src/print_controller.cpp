// Printing charts and the report through the system print dialog.
#include "jevons/export/print_controller.h"

#include "jevons/dataset/dataset.h"

#include <QAction>
#include <QApplication>
#include <QMessageBox>
#include <QPainter>
#include <QPrintDialog>
#include <QPrinter>

namespace jevons::ui {

ChartPanel *chartOnScreen(const QList<ChartPanel *> &charts)
{
    ChartPanel *first = nullptr;
    const QWidget *focus = QApplication::focusWidget();
    for (ChartPanel *panel : charts) {
        if (!panel || !panel->isVisible() || panel->isCompact())
            continue;
        if (focus && (focus == panel || panel->isAncestorOf(focus)))
            return panel;
        if (!first)
            first = panel;
    }
    return first;
}

QString printChart(QPrinter *printer, ChartPanel *panel, const SimulationResult *result,
                   const QString &datasetAsOf)
{
    if (!printer || !panel)
        return QObject::tr("no chart");
    // paintFigure lays out in points at layoutDpi(): give the printer that resolution rather than scale.
    printer->setResolution(qRound(layoutDpi()));
    printer->setPageOrientation(QPageLayout::Landscape);
    printer->setDocName(panel->title());
    QPainter painter;
    if (!painter.begin(printer))
        return QObject::tr("the printer could not be started");
    painter.setRenderHints(QPainter::Antialiasing | QPainter::TextAntialiasing);
    const QRectF area(0, 0, printer->width(), printer->height());
    // The chart's aspect on screen (what the user looked at), else the export's default 12:7.
    const QSizeF shape = panel->isVisible() && panel->width() > 200 && panel->height() > 150
                             ? QSizeF(panel->size())
                             : QSizeF(1200, 700);
    const QSizeF fitted = shape.scaled(area.size(), Qt::KeepAspectRatio);
    const QRectF canvas(area.left() + (area.width() - fitted.width()) / 2, area.top(), fitted.width(),
                        fitted.height());
    const QString caption =
        result ? captionText(*result, datasetAsOf.isEmpty() ? bundledDatasetAsOf() : datasetAsOf) : QString();
    paintFigure(&painter, canvas, panel, caption);
    painter.end();
    return {};
}

QString printReport(QPrinter *printer, const ReportInputs &inputs, const ReportOptions &options)
{
    if (!printer)
        return QObject::tr("no printer");
    ReportInputs in = inputs;
    try {
        if (!in.sensitivity)
            in.sensitivity = std::make_shared<SensitivityResult>(runReportSensitivity(in.result));
    } catch (const std::exception &e) {
        return QObject::tr("the sensitivity run failed: %1").arg(QString::fromUtf8(e.what()));
    }
    // The report is laid out in layoutDpi() units from the paper's corner, with its own margins.
    printer->setResolution(qRound(layoutDpi()));
    printer->setFullPage(true);
    printer->setDocName(
        QObject::tr("Jevons scenario report: %1").arg(QString::fromStdString(in.result.scenario.name)));
    ReportWriter writer(std::move(in), options, printer);
    while (!writer.isFinished())
        if (!writer.step())
            return writer.error().isEmpty() ? QObject::tr("the report could not be painted") : writer.error();
    return {};
}

PrintController::PrintController(QWidget *window, ExportController::ChartsFn charts,
                                 ExportController::ContextFn context, QObject *parent)
    : QObject(parent ? parent : window), m_window(window), m_charts(std::move(charts)),
      m_context(std::move(context))
{
    m_printAction = new QAction(tr("&Print…"), this);
    m_printAction->setObjectName(QStringLiteral("printAction"));
    m_printAction->setShortcut(QKeySequence::Print);
    m_printAction->setToolTip(
        tr("Print the chart on screen (the one with the focus, else the tab's first), or "
           "the report where the tab shows no chart (Ctrl+P)"));
    connect(m_printAction, &QAction::triggered, this, &PrintController::printVisible);
    m_reportAction = new QAction(tr("Print re&port…"), this);
    m_reportAction->setObjectName(QStringLiteral("printReportAction"));
    m_reportAction->setToolTip(
        tr("Print the whole report: parameters, headline numbers, every chart, tables"));
    connect(m_reportAction, &QAction::triggered, this, &PrintController::printReportWithDialog);
}

ChartPanel *PrintController::visibleChart() const
{
    return m_charts ? chartOnScreen(m_charts()) : nullptr;
}

bool PrintController::confirm(QPrinter *printer, const QString &title)
{
    if (!m_interactive)
        return true;
    QPrintDialog dialog(printer, m_window);
    dialog.setWindowTitle(title);
    return dialog.exec() == QDialog::Accepted;
}

void PrintController::printVisible()
{
    ChartPanel *panel = visibleChart();
    if (!panel) {
        printReportWithDialog();
        return;
    }
    const ExportContext context = m_context ? m_context() : ExportContext{};
    QPrinter printer(QPrinter::ScreenResolution);
    printer.setPageOrientation(QPageLayout::Landscape);
    if (!confirm(&printer, tr("Print “%1”").arg(panel->title())))
        return;
    QApplication::setOverrideCursor(Qt::WaitCursor);
    const QString error = printChart(&printer, panel, context.result.get(),
                                     context.dataset ? datasetAsOf(*context.dataset) : QString());
    QApplication::restoreOverrideCursor();
    if (!error.isEmpty() && m_interactive)
        QMessageBox::warning(m_window, tr("Print"), tr("The chart was not printed: %1").arg(error));
}

void PrintController::printReportWithDialog()
{
    const ExportContext context = m_context ? m_context() : ExportContext{};
    if (!context.result) {
        if (m_interactive)
            QMessageBox::information(m_window, tr("Print report"),
                                     tr("Nothing to print yet: the first run has not finished."));
        return;
    }
    QPrinter printer(QPrinter::ScreenResolution);
    if (!confirm(&printer, tr("Print report")))
        return;
    ReportInputs inputs;
    inputs.result = *context.result;
    inputs.baseline = context.baseline;
    inputs.sensitivity = context.sensitivity;
    inputs.dataset = context.dataset;
    inputs.backtest = context.backtest;
    inputs.scenarioMap = context.scenarioMap;
    inputs.totalEffects = context.totalEffects;
    ReportOptions options;
    options.page =
        printer.pageLayout().pageSize().id() == QPageSize::Letter ? ReportPage::Letter : ReportPage::A4;
    // Synchronous: the sensitivity run (when the tornado has not run) takes a few seconds at most.
    QApplication::setOverrideCursor(Qt::WaitCursor);
    const QString error = printReport(&printer, inputs, options);
    QApplication::restoreOverrideCursor();
    if (!error.isEmpty() && m_interactive)
        QMessageBox::warning(m_window, tr("Print report"), tr("The report was not printed: %1").arg(error));
}

} // namespace jevons::ui
