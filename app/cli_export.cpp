// `jevons export` and `jevons report`: the dashboard's figures and the PDF report without a display.
// main() gives these commands a QApplication on the offscreen platform (unless QT_QPA_PLATFORM is set).
#include "cli.h"
#include "cli_common.h"

#include "jevons/charts/chart_factory.h"
#include "jevons/export/export_figure.h"
#include "jevons/export/export_report.h"

#include "jevons/backtest/backtest.h"

#include <QCommandLineParser>
#include <QDir>
#include <QElapsedTimer>
#include <QFileInfo>

#include <cstdio>
#include <cstring>
#include <memory>
#include <optional>

namespace {

using namespace jevons;
using namespace jevons::ui;

constexpr std::uint64_t DefaultPaths = 100'000;
/// The default figure: 1200 × 700 layout pixels at 96 dpi (12.5 × 7.3 in); --dpi alone scales the pixels.
constexpr int DefaultWidth = 1200;
constexpr int DefaultHeight = 700;
constexpr int DefaultDpi = 96;

/// Progress on stderr once a command has run for more than a second, at most every half second, on one
/// line that it rewrites; a final newline when it printed anything.
class StderrProgress {
public:
    explicit StderrProgress(const char *command) : m_command(command) { m_timer.start(); }
    ~StderrProgress()
    {
        if (m_printed)
            std::fputc('\n', stderr);
    }
    bool operator()(double fraction, const QString &what)
    {
        const qint64 elapsed = m_timer.elapsed();
        if (elapsed > 1000 && elapsed - m_lastPrint >= 500) {
            m_lastPrint = elapsed;
            m_printed = true;
            std::fprintf(stderr, "\rjevons %s: %5.1f %% %-48s", m_command, 100.0 * fraction,
                         qPrintable(what.left(48)));
            std::fflush(stderr);
        }
        return true;
    }

private:
    const char *m_command;
    QElapsedTimer m_timer;
    qint64 m_lastPrint = 0;
    bool m_printed = false;
};

struct ChartName {
    QString id, title;
};

/// The charts of buildCharts(), by id and title, without running anything.
QList<ChartName> chartNames()
{
    const ChartSet set = createChartSet(nullptr);
    QList<ChartName> names;
    for (ChartPanel *panel : set.all()) {
        names.append({panel->chartId(), panel->title()});
        delete panel;
    }
    return names;
}

bool parseSide(const QCommandLineParser &parser, const char *option, int *out)
{
    bool ok = false;
    *out = parser.value(option).toInt(&ok);
    return ok && *out >= MinFigureSide && *out <= MaxFigureSide;
}

int writeError(const char *command, const QString &message)
{
    std::fprintf(stderr, "jevons %s: %s\n", command, qPrintable(message));
    return 1;
}

/// Runs the simulation with progress; on failure prints the error and returns nullopt.
std::optional<SimulationResult> runSimulation(const char *command, const cli::RunOptions &run,
                                              StderrProgress &progress)
{
    // The charts' "What drives the uncertainty" needs the variance shares, of the output the sensitivity
    // chart ranks by default (demand / supply), unless the caller asked for another.
    SimulationSettings settings = run.settings;
    if (!settings.sharesSeries && run.scenario.hasUncertainty())
        settings.sharesSeries = SensitivityRequest{}.series;
    try {
        SimulationResult result =
            simulate(run.scenario, settings, [&](std::uint64_t done, std::uint64_t total) {
                return progress(double(done) / double(total) * 0.5, QStringLiteral("simulating"));
            });
        if (!result.notice.empty())
            std::fprintf(stderr, "\njevons %s: notice: %s\n", command, result.notice.c_str());
        return result;
    } catch (const std::exception &e) {
        std::fprintf(stderr, "jevons %s: %s\n", command, e.what());
        return std::nullopt;
    }
}

} // namespace

int runExportCommand(const QStringList &args)
{
    const char *const command = "export";
    QCommandLineParser parser;
    parser.setApplicationDescription("Renders the dashboard's charts as figures (PNG, SVG, PDF: title, "
                                     "legend and a caption footer with the "
                                     "scenario, its differences from the Base case, paths, seed, backend, "
                                     "dataset date and version) or writes "
                                     "exactly their plotted values as CSV. One file per chart, named "
                                     "CHART.FORMAT. The same scenario and seed "
                                     "give the same files.");
    cli::addRunOptions(parser);
    parser.addOption({"list", "Print the chart names (and titles) and exit."});
    parser.addOption({"chart", "Chart to export: a name from --list, or all (default).", "NAME", "all"});
    parser.addOption({"format", "png (default), svg, pdf or csv.", "FORMAT", "png"});
    parser.addOption(
        {"out", "Folder for the files (default: the current folder); created if missing.", "DIR", "."});
    parser.addOption({"width",
                      QStringLiteral("Figure width in pixels at --dpi, %1 to %2 (default %3 × dpi / 96).")
                          .arg(MinFigureSide)
                          .arg(MaxFigureSide)
                          .arg(DefaultWidth),
                      "PX"});
    parser.addOption({"height",
                      QStringLiteral("Figure height in pixels at --dpi, %1 to %2 (default %3 × dpi / 96).")
                          .arg(MinFigureSide)
                          .arg(MaxFigureSide)
                          .arg(DefaultHeight),
                      "PX"});
    parser.addOption(
        {"dpi",
         QStringLiteral("Resolution, %1 to %2 (default %3). Text is set in points, so size / dpi is "
                        "the printed size: --dpi 300 alone keeps the layout and triples the pixels.")
             .arg(MinFigureDpi)
             .arg(MaxFigureDpi)
             .arg(DefaultDpi),
         "N", QString::number(DefaultDpi)});
    parser.addOption({"theme", "light (default) or dark.", "THEME", "light"});
    parser.addOption({"no-caption", "Leave the caption footer out of the figures."});
    parser.addHelpOption();
    cli::RunOptions run;
    if (const int code = cli::parseRunOptions(parser, command, args, run, DefaultPaths); code >= 0)
        return code;

    const QList<ChartName> names = chartNames();
    QStringList ids;
    for (const ChartName &name : names)
        ids << name.id;
    if (parser.isSet("list")) {
        for (const ChartName &name : names)
            std::printf("%-22s %s\n", qPrintable(name.id), qPrintable(name.title));
        return 0;
    }

    const QString chart = parser.value("chart");
    if (chart != QLatin1String("all") && !ids.contains(chart))
        return cli::usageError(command,
                               "--chart must be all or one of " + ids.join(", ") + ", got '" + chart + "'");
    FigureOptions options;
    if (!parseFigureFormat(parser.value("format"), &options.format))
        return cli::usageError(command,
                               "--format must be png, svg, pdf or csv, got '" + parser.value("format") + "'");
    const QString theme = parser.value("theme");
    if (theme != QLatin1String("light") && theme != QLatin1String("dark"))
        return cli::usageError(command, "--theme must be light or dark, got '" + theme + "'");
    options.theme = theme == QLatin1String("dark") ? FigureTheme::Dark : FigureTheme::Light;
    options.caption = !parser.isSet("no-caption");
    bool ok = false;
    options.dpi = parser.value("dpi").toInt(&ok);
    if (!ok || options.dpi < MinFigureDpi || options.dpi > MaxFigureDpi)
        return cli::usageError(command, QStringLiteral("--dpi must be a whole number from %1 to %2, got '%3'")
                                            .arg(MinFigureDpi)
                                            .arg(MaxFigureDpi)
                                            .arg(parser.value("dpi")));
    int width = qRound(DefaultWidth * options.dpi / double(DefaultDpi));
    int height = qRound(DefaultHeight * options.dpi / double(DefaultDpi));
    for (const char *side : {"width", "height"}) {
        if (parser.isSet(side) &&
            !parseSide(parser, side, std::strcmp(side, "width") == 0 ? &width : &height))
            return cli::usageError(
                command, QStringLiteral("--%1 must be a whole number of pixels from %2 to %3, got '%4'")
                             .arg(QLatin1String(side))
                             .arg(MinFigureSide)
                             .arg(MaxFigureSide)
                             .arg(parser.value(side)));
    }
    // One side given: keep the default aspect ratio.
    if (parser.isSet("width") && !parser.isSet("height"))
        height = qRound(width * double(DefaultHeight) / DefaultWidth);
    if (parser.isSet("height") && !parser.isSet("width"))
        width = qRound(height * double(DefaultWidth) / DefaultHeight);
    options.size = QSize(width, height);
    if (options.format != FigureFormat::Csv) {
        if (const QString error = validateFigureOptions(options); !error.isEmpty())
            return cli::usageError(command, "--width/--height/--dpi: " + error);
    }

    // The folder first: a bad --out fails before any simulation, and a folder made here goes again on
    // failure.
    const QString outDir = parser.value("out");
    const QFileInfo outInfo(outDir);
    bool createdDir = false;
    if (outInfo.exists() && !outInfo.isDir())
        return writeError(command, QStringLiteral("cannot write to '%1': it is not a folder").arg(outDir));
    if (!outInfo.exists()) {
        if (!QDir().mkpath(outDir))
            return writeError(command, QStringLiteral("cannot create the folder '%1'").arg(outDir));
        createdDir = true;
    }
    auto fail = [&](const QString &message) {
        if (createdDir)
            QDir().rmdir(outDir); // only if still empty
        return writeError(command, message);
    };
    const QStringList selected = chart == QLatin1String("all") ? ids : QStringList{chart};
    const QDir dir(outDir);
    if (const QString error =
            checkWritable(dir.filePath(selected.first() + '.' + figureFormatName(options.format)));
        !error.isEmpty())
        return fail(error);

    StderrProgress progress(command);
    const std::optional<SimulationResult> result = runSimulation(command, run, progress);
    if (!result)
        return fail(QStringLiteral("no files written"));
    std::optional<SensitivityResult> ranking;
    if (selected.contains(QLatin1String("sensitivity"))) {
        try {
            ranking = runReportSensitivity(*result, [&](std::uint64_t done, std::uint64_t total) {
                return progress(0.5 + 0.3 * double(done) / double(total), QStringLiteral("sensitivity"));
            });
        } catch (const std::exception &e) {
            return fail(QString::fromStdString(e.what()));
        }
    }
    const auto charts =
        buildCharts(*result, ranking ? &*ranking : nullptr, nullptr, options.theme == FigureTheme::Dark);

    // Everything is rendered in memory first, then written as one set: an error leaves no file behind.
    QList<std::pair<QString, QByteArray>> files;
    for (const auto &panel : charts) {
        if (!selected.contains(panel->chartId()))
            continue;
        const QString path = dir.filePath(figureFileName(panel.get(), options.format));
        progress(0.8 + 0.2 * double(files.size()) / double(selected.size()), QFileInfo(path).fileName());
        QString error;
        QByteArray bytes = renderFigure(panel.get(), options, &error);
        if (!error.isEmpty())
            return fail(QStringLiteral("%1: %2").arg(panel->chartId(), error));
        files.append({path, std::move(bytes)});
    }
    if (const QString error = writeFilesAtomically(files); !error.isEmpty())
        return fail(error);
    for (const auto &file : files)
        std::printf("%s\n", qPrintable(QDir::toNativeSeparators(file.first)));
    return 0;
}

int runReportCommand(const QStringList &args)
{
    const char *const command = "report";
    QCommandLineParser parser;
    parser.setApplicationDescription("Writes one PDF report of a scenario: cover, parameter table "
                                     "(differences from the Base case highlighted), "
                                     "headline numbers, every chart as vector graphics, percentile tables at "
                                     "yearly steps, what drives the uncertainty (when the scenario has "
                                     "uncertain inputs), the sensitivity ranking, optionally a backtest, and "
                                     "an appendix of the data sources.");
    cli::addRunOptions(parser);
    parser.addOption({"out", "The PDF file to write (default report.pdf); replaced only when complete.",
                      "FILE", "report.pdf"});
    parser.addOption({"page", "Page size: a4 (default) or letter.", "SIZE", "a4"});
    parser.addOption(
        {"backtest-as-of",
         "Add a Backtest section: the scenario replayed from this past month (as `jevons backtest "
         "--as-of`, with the same paths and seed) and scored against what came after.",
         "YYYY-MM"});
    parser.addHelpOption();
    cli::RunOptions run;
    if (const int code = cli::parseRunOptions(parser, command, args, run, DefaultPaths); code >= 0)
        return code;
    ReportOptions options;
    if (!parseReportPage(parser.value("page"), &options.page))
        return cli::usageError(command, "--page must be a4 or letter, got '" + parser.value("page") + "'");
    // The as-of month is checked against the bundled dataset before anything runs, as `jevons backtest` does.
    std::optional<backtest::MonthIndex> asOf;
    if (parser.isSet("backtest-as-of")) {
        if (bundledDataset().tables.empty())
            return writeError(command, QStringLiteral("the bundled dataset could not be read"));
        try {
            asOf = backtest::checkAsOf(bundledDataset(), backtest::RowDating::Described,
                                       parser.value("backtest-as-of").toStdString());
        } catch (const backtest::AsOfError &e) {
            // One month only: the report has no rolling mode, so the message does not offer 'all'.
            QString message = QString::fromStdString(e.what());
            message.remove(QStringLiteral(", or 'all'"));
            return cli::usageError(command, QStringLiteral("--backtest-as-of: ") + message);
        }
    }
    const QString out = parser.value("out");
    if (const QString error = checkWritable(out); !error.isEmpty())
        return writeError(command, error);

    StderrProgress progress(command);
    const std::optional<SimulationResult> result = runSimulation(command, run, progress);
    if (!result)
        return 1;
    ReportInputs inputs;
    inputs.result = *result;
    if (asOf) {
        backtest::BacktestOptions backtestOptions;
        backtestOptions.settings = run.settings;
        try {
            inputs.backtest = std::make_shared<backtest::BacktestResult>(backtest::runBacktest(
                bundledDataset(), run.scenario, *asOf, backtestOptions,
                [&](std::uint64_t, std::uint64_t) { return progress(0.5, QStringLiteral("backtest")); }));
        } catch (const std::exception &e) {
            return writeError(
                command, QStringLiteral("the backtest failed: %1").arg(QString::fromStdString(e.what())));
        }
    }
    const QString error = writeReport(inputs, options, out, [&](double fraction, const QString &what) {
        return progress(0.5 + 0.5 * fraction, what);
    });
    if (!error.isEmpty())
        return writeError(command, error);
    std::printf("%s\n", qPrintable(QDir::toNativeSeparators(out)));
    return 0;
}
