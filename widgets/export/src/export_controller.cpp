// ExportController: the export actions of the window, their dialogs, and the long exports (all figures, the
// report) run step by step with progress and cancel.
#include "jevons/export/export_dialogs.h"

#include "jevons/charts/chart_view.h"

#include "jevons/dataset/dataset.h"
#include "jevons/engine/engine.h"

#include <QAction>
#include <QApplication>
#include <QCheckBox>
#include <QClipboard>
#include <QComboBox>
#include <QDate>
#include <QDialogButtonBox>
#include <QDir>
#include <QDoubleSpinBox>
#include <QFileDialog>
#include <QFileInfo>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QLocale>
#include <QMenu>
#include <QMessageBox>
#include <QProgressDialog>
#include <QPushButton>
#include <QSpinBox>
#include <QStandardPaths>
#include <QTimer>
#include <QtConcurrent/QtConcurrentRun>

#include <algorithm>
#include <utility>

namespace jevons::ui {

namespace {

/// "Base case" -> "base_case": a file-name stem from a scenario name.
QString slug(const QString &name)
{
    QString out;
    for (const QChar c : name.toLower()) {
        if (c.isLetterOrNumber())
            out += c;
        else if (!out.isEmpty() && !out.endsWith(QLatin1Char('_')))
            out += QLatin1Char('_');
    }
    while (out.endsWith(QLatin1Char('_')))
        out.chop(1);
    return out.isEmpty() ? QStringLiteral("scenario") : out.left(60);
}

QString themeOption(FigureTheme theme, bool windowDark)
{
    const bool dark = theme == FigureTheme::Dark || (theme == FigureTheme::AsShown && windowDark);
    return dark ? QStringLiteral(" --theme dark") : QString();
}

} // namespace

struct ExportController::Job {
    QString title;
    /// Runs one step on the GUI thread; sets `done` (or returns an error) when the job is over.
    std::function<QString(Job &)> step;
    bool done = false;
    bool cancelled = false;
    int percent = 0;
    QString label;
    QString summary;
    int delayMs = 0; ///< wait before the next step (polling a worker thread)

    // Export all.
    QList<QPointer<ChartPanel>> panels;
    int index = 0;
    QList<std::pair<QString, QByteArray>> files;
    QString folder;

    // Report.
    std::shared_ptr<std::atomic_bool> stop = std::make_shared<std::atomic_bool>(false);
    std::shared_ptr<std::atomic<double>> workerFraction = std::make_shared<std::atomic<double>>(0.0);
    QFuture<std::pair<std::shared_ptr<SensitivityResult>, QString>> sensitivity;
    bool sensitivityRunning = false;
    ReportInputs reportInputs;
    ReportOptions reportOptions;
    std::unique_ptr<ReportWriter> writer;
    QString path;
};

ExportController::ExportController(QWidget *window, ChartsFn charts, ContextFn context, QObject *parent)
    : QObject(parent ? parent : window), m_window(window), m_charts(std::move(charts)),
      m_context(std::move(context))
{
    m_lastFolder = QStandardPaths::writableLocation(QStandardPaths::DocumentsLocation);
    if (m_lastFolder.isEmpty())
        m_lastFolder = QDir::homePath();
    m_lastOptions.dpi = 300;
    if (QLocale::system().measurementSystem() == QLocale::ImperialUSSystem)
        m_lastPage = ReportPage::Letter;

    m_exportAllAction = new QAction(tr("Export &all charts…"), this);
    m_exportAllAction->setObjectName(QStringLiteral("exportAllAction"));
    m_exportAllAction->setToolTip(
        tr("Every chart in one format into a folder, with the scenario file beside them"));
    connect(m_exportAllAction, &QAction::triggered, this, &ExportController::showExportAllDialog);
    m_reportAction = new QAction(tr("Export &report…"), this);
    m_reportAction->setObjectName(QStringLiteral("exportReportAction"));
    m_reportAction->setToolTip(tr("One PDF: parameters, headline numbers, every chart, percentile tables, "
                                  "what drives the uncertainty, sensitivity ranking, the backtest and the "
                                  "scenario map when computed, and data sources"));
    connect(m_reportAction, &QAction::triggered, this, &ExportController::showReportDialog);
}

ExportController::~ExportController()
{
    if (m_job) {
        // The worker's progress function sees the flag at its next chunk; its result is dropped.
        m_job->stop->store(true);
        m_job.reset();
    }
    delete m_progress;
}

void ExportController::addChartActions(ChartPanel *panel)
{
    if (!panel)
        return;
    // Charts have their menu (toolbar button and right-click); the headline tiles have none, so their
    // actions go into their own right-click menu.
    QMenu *menu = panel->actionsMenu();
    QWidget *host = menu ? static_cast<QWidget *>(menu) : panel;
    if (host->findChild<QAction *>(QStringLiteral("exportChartCsvAction"), Qt::FindDirectChildrenOnly))
        return;
    if (!menu)
        panel->setContextMenuPolicy(Qt::ActionsContextMenu);
    QPointer<ChartPanel> guarded(panel);
    if (!host->actions().isEmpty()) {
        auto *separator = new QAction(host);
        separator->setSeparator(true);
        host->addAction(separator);
    }
    auto *exportAction = new QAction(tr("&Export…"), host);
    exportAction->setObjectName(QStringLiteral("exportChartAction"));
    host->addAction(exportAction);
    exportAction->setToolTip(tr("Export this chart to PNG, SVG or PDF"));
    connect(exportAction, &QAction::triggered, this, [this, guarded] {
        if (guarded)
            showExportDialog(guarded);
    });
    // A visible way to it: the chart's Export… button; the tiles, which have none, say it on hover.
    panel->setExportAction(exportAction);
    if (!panel->view() && panel->toolTip().isEmpty())
        panel->setToolTip(tr("Right-click for Export…, Copy image and Export data"));
    // Ctrl+E starts from the chart the mouse was last over.
    panel->installEventFilter(this);

    // The new actions go right after Export…, in the menu's order.
    const QList<QAction *> actions = host->actions();
    const int at = int(actions.indexOf(exportAction));
    QAction *before = at + 1 < actions.size() ? actions[at + 1] : nullptr;
    auto *copy = new QAction(tr("&Copy image"), host);
    copy->setObjectName(QStringLiteral("copyChartImageAction"));
    copy->setToolTip(tr("Copy the chart, with title and caption, to the clipboard"));
    connect(copy, &QAction::triggered, this, [this, guarded] {
        if (guarded)
            copyToClipboard(guarded);
    });
    auto *csv = new QAction(tr("Export &data (CSV)…"), host);
    csv->setObjectName(QStringLiteral("exportChartCsvAction"));
    csv->setToolTip(tr("The plotted values, one row per x value, units in the header"));
    connect(csv, &QAction::triggered, this, [this, guarded] {
        if (guarded)
            showExportCsvDialog(guarded);
    });
    host->insertAction(before, copy);
    host->insertAction(before, csv);
}

FigureOptions ExportController::withContext(FigureOptions options, const ExportContext &context) const
{
    if (context.dataset)
        options.datasetAsOf = datasetAsOf(*context.dataset);
    return options;
}

QString ExportController::suggestedName(const ExportContext &context) const
{
    return context.result ? slug(QString::fromStdString(context.result->scenario.name))
                          : QStringLiteral("jevons");
}

void ExportController::reportFailure(const QString &title, const QString &message)
{
    if (m_interactive)
        QMessageBox::warning(m_window, title, message);
}

QString ExportController::exportChart(ChartPanel *panel, const FigureOptions &options, const QString &path)
{
    const ExportContext context = m_context ? m_context() : ExportContext{};
    if (!panel)
        return tr("no chart");
    if (!context.result && options.format != FigureFormat::Csv)
        return tr("nothing to export yet: the first run has not finished");
    return exportFigure(panel, withContext(options, context), path);
}

bool ExportController::eventFilter(QObject *watched, QEvent *event)
{
    if (event->type() == QEvent::Enter)
        if (auto *panel = qobject_cast<ChartPanel *>(watched))
            m_lastPointed = panel;
    return QObject::eventFilter(watched, event);
}

QList<ChartPanel *> ExportController::exportChoices(ChartPanel *extra) const
{
    QList<ChartPanel *> out;
    if (m_charts)
        for (ChartPanel *panel : m_charts())
            if (panel)
                out << panel;
    if (extra && !out.contains(extra))
        out.prepend(extra);
    return out;
}

ChartPanel *ExportController::defaultExportChart() const
{
    const QList<ChartPanel *> all = exportChoices();
    // A chart that is not the tiles, as the picker lists it: a small copy stands for its full-size chart.
    auto resolve = [&](ChartPanel *panel) -> ChartPanel * {
        if (!panel || !panel->view())
            return nullptr;
        if (all.contains(panel))
            return panel;
        for (ChartPanel *candidate : all)
            if (candidate->chartId() == panel->chartId() && candidate->view())
                return candidate;
        return nullptr;
    };
    auto panelOf = [](QWidget *w) -> ChartPanel * {
        for (; w; w = w->parentWidget())
            if (auto *panel = qobject_cast<ChartPanel *>(w))
                return panel;
        return nullptr;
    };
    if (ChartPanel *focused = resolve(panelOf(QApplication::focusWidget())))
        return focused;
    if (m_lastPointed && m_lastPointed->isVisible())
        if (ChartPanel *pointed = resolve(m_lastPointed))
            return pointed;
    // The first chart on screen: a full-size one, else a small copy (the Overview's fans).
    for (ChartPanel *panel : all)
        if (panel->isVisible() && panel->view() && !panel->isCompact())
            return panel;
    if (m_window)
        for (ChartPanel *panel : m_window->findChildren<ChartPanel *>())
            if (panel->isVisible() && panel->isCompact())
                if (ChartPanel *full = resolve(panel))
                    return full;
    for (ChartPanel *panel : all)
        if (panel->view())
            return panel;
    return all.value(0);
}

void ExportController::showExportDialog(ChartPanel *panel)
{
    if (!panel || isBusy())
        return;
    const ExportContext context = m_context ? m_context() : ExportContext{};
    if (!context.result) {
        reportFailure(tr("Export"), tr("Nothing to export yet: the first run has not finished."));
        return;
    }
    QSize screen = panel->size();
    if (!panel->isVisible() || screen.width() < 200 || screen.height() < 150)
        screen = QSize(1200, 700);
    ExportFigureDialog dialog(tr("Export “%1”").arg(panel->title()), screen, false, m_window);
    dialog.setObjectName(QStringLiteral("exportFigureDialog"));
    dialog.setFormat(m_lastOptions.format);
    dialog.setCaption(m_lastOptions.caption);
    const QString prefix = suggestedName(context) + QLatin1Char('_');
    dialog.setTarget(QDir(m_lastFolder).filePath(prefix + figureFileName(panel, m_lastOptions.format)));
    dialog.setChartChoices(exportChoices(panel), panel, prefix);
    if (dialog.exec() != QDialog::Accepted)
        return;
    panel = dialog.selectedChart();
    if (!panel)
        return;
    m_lastOptions = dialog.options();
    m_lastFolder = QFileInfo(dialog.target()).absolutePath();
    QApplication::setOverrideCursor(Qt::WaitCursor);
    const QString error = exportChart(panel, dialog.options(), dialog.target());
    QApplication::restoreOverrideCursor();
    if (!error.isEmpty())
        reportFailure(tr("Export failed"), error);
}

void ExportController::showExportCsvDialog(ChartPanel *panel)
{
    if (!panel)
        return;
    const ExportContext context = m_context ? m_context() : ExportContext{};
    const QString path = QFileDialog::getSaveFileName(
        m_window, tr("Export data of “%1”").arg(panel->title()),
        QDir(m_lastFolder)
            .filePath(suggestedName(context) + QLatin1Char('_') + figureFileName(panel, FigureFormat::Csv)),
        tr("CSV files (*.csv)"));
    if (path.isEmpty() || !panel)
        return;
    m_lastFolder = QFileInfo(path).absolutePath();
    FigureOptions options;
    options.format = FigureFormat::Csv;
    if (const QString error = exportChart(panel, options, path); !error.isEmpty())
        reportFailure(tr("Export failed"), error);
}

void ExportController::copyToClipboard(ChartPanel *panel)
{
    const ExportContext context = m_context ? m_context() : ExportContext{};
    if (!panel || !context.result)
        return;
    FigureOptions options;
    const qreal ratio = m_window ? m_window->devicePixelRatioF() : 1.0;
    QSize size = panel->isVisible() ? panel->size() : QSize(1200, 700);
    size = size.expandedTo(QSize(400, 260));
    options.size = size * ratio;
    options.dpi = qRound(layoutDpi() * ratio);
    options.caption = m_lastOptions.caption;
    const QImage image = renderFigureImage(panel, withContext(options, context));
    if (image.isNull()) {
        reportFailure(tr("Copy image"), tr("The chart could not be drawn at %1 × %2 pixels.")
                                            .arg(options.size.width())
                                            .arg(options.size.height()));
        return;
    }
    QGuiApplication::clipboard()->setImage(image);
}

void ExportController::exportVisibleChart()
{
    showExportDialog(defaultExportChart());
}

void ExportController::showExportAllDialog()
{
    if (isBusy())
        return;
    const ExportContext context = m_context ? m_context() : ExportContext{};
    if (!context.result) {
        reportFailure(tr("Export all charts"), tr("Nothing to export yet: the first run has not finished."));
        return;
    }
    ExportFigureDialog dialog(tr("Export all charts"), QSize(1200, 700), true, m_window);
    dialog.setFormat(m_lastOptions.format);
    dialog.setCaption(m_lastOptions.caption);
    dialog.setTarget(QDir(m_lastFolder).filePath(suggestedName(context)));
    if (dialog.exec() != QDialog::Accepted)
        return;
    const FigureOptions options = dialog.options();
    m_lastOptions = options;
    const QString folder = dialog.target();
    // Say which files would be replaced before anything is done.
    QStringList existing;
    const QDir dir(folder);
    for (ChartPanel *panel : m_charts())
        if (panel && QFileInfo::exists(dir.filePath(figureFileName(panel, options.format))))
            existing << figureFileName(panel, options.format);
    for (const QString &name : {scenarioFileName(), readmeFileName()})
        if (QFileInfo::exists(dir.filePath(name)))
            existing << name;
    if (!existing.isEmpty() &&
        QMessageBox::question(m_window, tr("Export all charts"),
                              tr("The folder already holds %n of these files (%1). Replace them?", nullptr,
                                 int(existing.size()))
                                  .arg(existing.mid(0, 4).join(QStringLiteral(", ")) +
                                       (existing.size() > 4 ? QStringLiteral(", …") : QString()))) !=
            QMessageBox::Yes)
        return;
    m_lastFolder = QFileInfo(folder).absolutePath();
    startExportAll(folder, options);
}

void ExportController::showReportDialog()
{
    if (isBusy())
        return;
    const ExportContext context = m_context ? m_context() : ExportContext{};
    if (!context.result) {
        reportFailure(tr("Export report"), tr("Nothing to export yet: the first run has not finished."));
        return;
    }
    QDialog dialog(m_window);
    dialog.setWindowTitle(tr("Export report"));
    auto *form = new QFormLayout;
    auto *page = new QComboBox(&dialog);
    page->addItem(tr("A4 (210 × 297 mm)"), int(ReportPage::A4));
    page->addItem(tr("US Letter (8.5 × 11 in)"), int(ReportPage::Letter));
    page->setCurrentIndex(page->findData(int(m_lastPage)));
    form->addRow(tr("&Page size:"), page);
    auto *row = new QHBoxLayout;
    auto *file = new QLineEdit(
        QDir(m_lastFolder).filePath(suggestedName(context) + QStringLiteral("_report.pdf")), &dialog);
    file->setMinimumWidth(360);
    auto *browse = new QPushButton(tr("&Browse…"), &dialog);
    connect(browse, &QPushButton::clicked, &dialog, [&] {
        const QString chosen = QFileDialog::getSaveFileName(&dialog, dialog.windowTitle(), file->text(),
                                                            tr("PDF files (*.pdf)"));
        if (!chosen.isEmpty())
            file->setText(chosen);
    });
    row->addWidget(file, 1);
    row->addWidget(browse);
    auto *fileLabel = new QLabel(tr("F&ile:"), &dialog);
    fileLabel->setBuddy(file);
    form->addRow(fileLabel, row);
    auto *note =
        new QLabel(context.sensitivity
                       ? QString()
                       : tr("The sensitivity ranking is computed for the report (up to %1 paths per run).")
                             .arg(QLocale(QLocale::English).toString(qulonglong(ReportSensitivityMaxPaths))),
                   &dialog);
    note->setWordWrap(true);
    form->addRow(QString(), note);
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, &dialog);
    buttons->button(QDialogButtonBox::Ok)->setText(tr("Export report"));
    connect(buttons, &QDialogButtonBox::accepted, &dialog, &QDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, &dialog, &QDialog::reject);
    auto *layout = new QVBoxLayout(&dialog);
    layout->addLayout(form);
    layout->addWidget(buttons);
    if (dialog.exec() != QDialog::Accepted || file->text().trimmed().isEmpty())
        return;
    QString path = file->text().trimmed();
    if (QFileInfo(path).suffix().isEmpty())
        path += QStringLiteral(".pdf");
    m_lastPage = ReportPage(page->currentData().toInt());
    m_lastFolder = QFileInfo(path).absolutePath();
    ReportOptions options;
    options.page = m_lastPage;
    startReport(path, options);
}

bool ExportController::startExportAll(const QString &folder, const FigureOptions &figureOptions)
{
    if (isBusy()) {
        emit finished(false, tr("another export is running"));
        return false;
    }
    const ExportContext context = m_context ? m_context() : ExportContext{};
    if (!context.result || !m_charts) {
        emit finished(false, tr("nothing to export yet: the first run has not finished"));
        return false;
    }
    if (figureOptions.format != FigureFormat::Csv) {
        if (const QString error = validateFigureOptions(figureOptions); !error.isEmpty()) {
            reportFailure(tr("Export all charts"), error);
            emit finished(false, error);
            return false;
        }
    }
    auto job = std::make_unique<Job>();
    for (ChartPanel *panel : m_charts())
        if (panel)
            job->panels << QPointer<ChartPanel>(panel);
    job->folder = folder;
    const FigureOptions options = withContext(figureOptions, context);
    const ResultPtr result = context.result;
    const bool windowDark = context.darkTheme;
    job->step = [options, result, windowDark](Job &j) -> QString {
        const QDir dir(j.folder);
        if (j.index < j.panels.size()) {
            ChartPanel *panel = j.panels[j.index++];
            j.percent = 100 * j.index / int(j.panels.size() + 1);
            if (!panel)
                return QObject::tr("a chart was closed during the export");
            j.label = panel->title();
            QString error;
            QByteArray bytes = renderFigure(panel, options, &error);
            if (!error.isEmpty())
                return QStringLiteral("%1: %2").arg(panel->title(), error);
            j.files.append({dir.filePath(figureFileName(panel, options.format)), std::move(bytes)});
            return {};
        }
        // The scenario beside the figures, and how to make them again.
        const SimulationResult &r = *result;
        j.files.append(
            {dir.filePath(scenarioFileName()), QByteArray::fromStdString(scenarioToJson(r.scenario))});
        QString readme =
            QObject::tr("Exported by Jevons %1 on %2.\n\n")
                .arg(QString::fromLatin1(versionString()), QDate::currentDate().toString(Qt::ISODate));
        readme += captionText(r, options.datasetAsOf.isEmpty() ? bundledDatasetAsOf() : options.datasetAsOf) +
                  QStringLiteral("\n\n");
        readme += QObject::tr("The scenario is in %1. The same charts from the command line:\n\n")
                      .arg(scenarioFileName());
        readme += QStringLiteral("  jevons export --scenario %1 --chart all --format %2 --paths %3 --seed %4 "
                                 "--backend %5")
                      .arg(scenarioFileName(), figureFormatName(options.format))
                      .arg(r.settings.paths)
                      .arg(r.settings.seed)
                      .arg(QString::fromLatin1(backendName(r.backendUsed)));
        if (options.format != FigureFormat::Csv) {
            readme += QStringLiteral(" --width %1 --height %2 --dpi %3")
                          .arg(options.size.width())
                          .arg(options.size.height())
                          .arg(options.dpi);
            readme += themeOption(options.theme, windowDark);
            if (!options.caption)
                readme += QStringLiteral(" --no-caption");
        }
        readme +=
            QObject::tr("\n\nView settings made in the window (logarithmic scale, zoom, the distribution's "
                        "series and month, the sensitivity statistic, a pinned baseline) are part of these "
                        "files but not of the command line, which draws every chart as it opens.\n");
        j.files.append({dir.filePath(readmeFileName()), readme.toUtf8()});
        // Nothing has touched the disk so far; now the folder (if new) and every file, as one set.
        const bool created = !QFileInfo::exists(j.folder);
        if (created && !QDir().mkpath(j.folder))
            return QObject::tr("cannot create the folder '%1'").arg(QDir::toNativeSeparators(j.folder));
        const QString error = writeFilesAtomically(j.files);
        if (!error.isEmpty()) {
            if (created)
                QDir().rmdir(j.folder);
            return error;
        }
        j.summary =
            QObject::tr("Wrote %1 files to %2").arg(j.files.size()).arg(QDir::toNativeSeparators(j.folder));
        j.percent = 100;
        j.done = true;
        return {};
    };
    startJob(std::move(job), tr("Exporting all charts…"));
    return true;
}

bool ExportController::startReport(const QString &path, const ReportOptions &options)
{
    if (isBusy()) {
        emit finished(false, tr("another export is running"));
        return false;
    }
    const ExportContext context = m_context ? m_context() : ExportContext{};
    if (!context.result) {
        emit finished(false, tr("nothing to export yet: the first run has not finished"));
        return false;
    }
    // A bad target fails now, not after a minute of work.
    if (const QString error = checkWritable(path); !error.isEmpty()) {
        reportFailure(tr("Export report"), error);
        emit finished(false, error);
        return false;
    }
    auto job = std::make_unique<Job>();
    job->path = path;
    job->reportOptions = options;
    job->reportInputs.result = *context.result;
    job->reportInputs.baseline = context.baseline;
    job->reportInputs.sensitivity = context.sensitivity;
    job->reportInputs.dataset = context.dataset;
    job->reportInputs.backtest = context.backtest;
    job->reportInputs.scenarioMap = context.scenarioMap;
    job->reportInputs.totalEffects = context.totalEffects;
    if (!context.sensitivity) {
        // The 57 runs of the ranking go to a worker thread; the GUI thread polls it between event-loop turns.
        const SimulationResult result = *context.result;
        const auto stop = job->stop;
        const auto fraction = job->workerFraction;
        job->sensitivity = QtConcurrent::run([result, stop, fraction] {
            try {
                auto ranking = std::make_shared<SensitivityResult>(
                    runReportSensitivity(result, [&](std::uint64_t done, std::uint64_t total) {
                        fraction->store(double(done) / double(std::max<std::uint64_t>(total, 1)));
                        return !stop->load();
                    }));
                return std::pair<std::shared_ptr<SensitivityResult>, QString>(std::move(ranking), QString());
            } catch (const std::exception &e) {
                return std::pair<std::shared_ptr<SensitivityResult>, QString>(
                    nullptr,
                    QObject::tr("the sensitivity run failed: %1").arg(QString::fromStdString(e.what())));
            }
        });
        job->sensitivityRunning = true;
    }
    job->step = [](Job &j) -> QString {
        // The sensitivity run, when it runs here, is 60 % of the bar.
        const int share = j.sensitivity.isValid() ? 60 : 0;
        if (j.sensitivityRunning) {
            if (!j.sensitivity.isFinished()) {
                j.label = QObject::tr("Sensitivity ranking");
                j.percent = int(60 * j.workerFraction->load());
                j.delayMs = 50;
                return {};
            }
            j.sensitivityRunning = false;
            j.delayMs = 0;
            auto [ranking, error] = j.sensitivity.result();
            if (!error.isEmpty())
                return error;
            if (!ranking || ranking->cancelled)
                return QObject::tr("cancelled");
            j.reportInputs.sensitivity = std::move(ranking);
            return {};
        }
        if (!j.writer) {
            j.writer = std::make_unique<ReportWriter>(j.reportInputs, j.reportOptions);
            return {};
        }
        if (!j.writer->isFinished()) {
            j.label = j.writer->nextStepLabel();
            if (!j.writer->step())
                return j.writer->error().isEmpty() ? QObject::tr("the report could not be painted")
                                                   : j.writer->error();
            j.percent = share + (100 - share) * j.writer->stepsDone() / std::max(1, j.writer->stepCount());
            return {};
        }
        if (const QString error = writeFileAtomically(j.path, j.writer->pdf()); !error.isEmpty())
            return error;
        j.summary = QObject::tr("Wrote the report (%n pages) to %1", nullptr, j.writer->pageCount())
                        .arg(QDir::toNativeSeparators(j.path));
        j.percent = 100;
        j.done = true;
        return {};
    };
    startJob(std::move(job), tr("Exporting the report…"));
    return true;
}

void ExportController::startJob(std::unique_ptr<Job> job, const QString &title)
{
    job->title = title;
    m_job = std::move(job);
    m_exportAllAction->setEnabled(false);
    m_reportAction->setEnabled(false);
    if (m_interactive && m_window) {
        m_progress = new QProgressDialog(title, tr("Cancel"), 0, 100, m_window);
        m_progress->setWindowTitle(tr("Export"));
        m_progress->setWindowModality(Qt::WindowModal);
        m_progress->setMinimumDuration(300);
        m_progress->setAutoClose(false);
        m_progress->setAutoReset(false);
        m_progress->setValue(0);
        connect(m_progress, &QProgressDialog::canceled, this, &ExportController::cancel);
    }
    QTimer::singleShot(0, this, &ExportController::runNextStep);
}

void ExportController::runNextStep()
{
    if (!m_job)
        return;
    Job &job = *m_job;
    if (job.cancelled)
        return;
    const QString error = job.step(job);
    if (!m_job || job.cancelled) // cancel() from a nested event loop
        return;
    if (!error.isEmpty()) {
        finishJob(false, error);
        return;
    }
    const Job *running = m_job.get();
    emit progressed(job.percent, job.label);
    // A slot connected to progressed() may have cancelled (and destroyed) the job.
    if (m_job.get() != running || job.cancelled)
        return;
    if (m_progress) {
        m_progress->setValue(std::min(job.percent, 99));
        if (!job.label.isEmpty())
            m_progress->setLabelText(job.title + QLatin1Char('\n') + job.label);
    }
    if (job.done) {
        finishJob(true, job.summary);
        return;
    }
    QTimer::singleShot(job.delayMs, this, &ExportController::runNextStep);
}

void ExportController::cancel()
{
    if (!m_job)
        return;
    m_job->cancelled = true;
    m_job->stop->store(true);
    finishJob(false, tr("cancelled"));
}

void ExportController::finishJob(bool ok, QString message)
{
    // `message` is a copy: it may come from the job destroyed here.
    m_job.reset(); // nothing of a failed or cancelled job reached the disk
    if (m_progress) {
        m_progress->disconnect(this);
        m_progress->close();
        m_progress->deleteLater();
    }
    m_exportAllAction->setEnabled(true);
    m_reportAction->setEnabled(true);
    if (!ok && message != tr("cancelled"))
        reportFailure(tr("Export failed"), message);
    emit finished(ok, message);
}

} // namespace jevons::ui
