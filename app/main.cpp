// jevons: the dashboard when started without a subcommand, a headless tool with one.
#include "cli.h"

#include "jevons/engine/engine.h"

#if JEVONS_HAVE_GUI
#include <QApplication>
#endif
#include <QCoreApplication>
#include <QFileInfo>
#include <QStringList>

#include <cstdio>
#include <cstdlib>
#include <cstring>

int runBacktestCommand(const QStringList &args); // cli_backtest.cpp

namespace {

const char *const UsageText =
    "Usage: jevons [COMMAND] [OPTIONS]\n"
    "\n"
    "Jevons: a dashboard for the AI-compute market with a Monte Carlo scenario engine.\n"
    "Without a command, opens the dashboard; 'jevons FILE.json' opens it on a scenario file.\n"
    "\n"
    "Commands (no display needed):\n"
    "  simulate      run the Monte Carlo model and write percentiles as JSON or CSV\n"
    "  sensitivity   rank the parameters by how much they move one output statistic\n"
    "  sweep         run a grid or a Sobol design of scenarios from a sweep file (MPI-aware)\n"
    "  export        render charts to PNG, SVG, PDF or CSV files\n"
    "  report        write a whole PDF report for a scenario\n"
    "  backtest      replay the model from a past month and score it against what happened\n"
    "\n"
    "Options:\n"
    "  -h, --help      show this help (and 'jevons COMMAND --help' for a command's options)\n"
    "  -v, --version   show the version\n"
    "\n"
    "Exit status: 0 success, 1 runtime failure, 2 bad arguments or input file.\n";

bool needsRendering(const char *command)
{
    return std::strcmp(command, "export") == 0 || std::strcmp(command, "report") == 0;
}

} // namespace

int main(int argc, char **argv)
{
    if (argc < 2) {
        return runDashboard(argc, argv);
    }
    const char *command = argv[1];
    if (std::strcmp(command, "-h") == 0 || std::strcmp(command, "--help") == 0 ||
        std::strcmp(command, "help") == 0) {
        std::fputs(UsageText, stdout);
        return 0;
    }
    if (std::strcmp(command, "-v") == 0 || std::strcmp(command, "--version") == 0) {
        std::printf("jevons %s\n", jevons::versionString());
        return 0;
    }
    const bool known = std::strcmp(command, "simulate") == 0 || std::strcmp(command, "sensitivity") == 0 ||
                       std::strcmp(command, "sweep") == 0 || std::strcmp(command, "backtest") == 0 ||
                       needsRendering(command);
    if (!known) {
        // `jevons FILE.json` / `jevons DATA.csv` (and the desktop entry's %F): the dashboard opens them.
        const QString path = QString::fromLocal8Bit(command);
        if (command[0] == '-' || QFileInfo::exists(path) || path.endsWith(QLatin1String(".json")) ||
            path.endsWith(QLatin1String(".csv"))) {
            // Qt's own options (-platform, -style, ...) go to the dashboard.
            return runDashboard(argc, argv);
        }
        std::fprintf(stderr, "jevons: unknown command '%s' (try 'jevons --help')\n", command);
        return 2;
    }

    QStringList args;
    for (int i = 2; i < argc; ++i) {
        args << QString::fromLocal8Bit(argv[i]);
    }
    if (needsRendering(command)) {
#if !JEVONS_HAVE_GUI
        std::fprintf(stderr,
                     "jevons: '%s' needs the dashboard's charts, and this build has none "
                     "(configured with -DJEVONS_BUILD_GUI=OFF)\n",
                     command);
        return 1;
#else
        // Figures need a GUI application for fonts and painting, but never a screen.
        if (std::getenv("QT_QPA_PLATFORM") == nullptr) {
            setenv("QT_QPA_PLATFORM", "offscreen", 1);
        }
        QApplication app(argc, argv);
        QCoreApplication::setApplicationName(QStringLiteral("jevons"));
        QCoreApplication::setApplicationVersion(QString::fromLatin1(jevons::versionString()));
        return std::strcmp(command, "export") == 0 ? runExportCommand(args) : runReportCommand(args);
#endif
    }
    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName(QStringLiteral("jevons"));
    QCoreApplication::setApplicationVersion(QString::fromLatin1(jevons::versionString()));
    if (std::strcmp(command, "backtest") == 0) {
        return runBacktestCommand(args);
    }
    if (std::strcmp(command, "sweep") == 0) {
        return runSweepCommand(args);
    }
    return std::strcmp(command, "simulate") == 0 ? runSimulateCommand(args) : runSensitivityCommand(args);
}
