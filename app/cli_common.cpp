#include "cli_common.h"

#include <QFileInfo>
#include <QSaveFile>

#include <cstdio>
#include <string>

namespace cli {

void addRunOptions(QCommandLineParser &parser)
{
    parser.addOption({"scenario", "Scenario JSON file (default: the Base case of docs/model.md).", "FILE"});
    parser.addOption({"paths", "Monte Carlo paths, 1 to 10000000000.", "N"});
    parser.addOption({"seed", "Random seed, 0 to 18446744073709551615 (default 42).", "S", "42"});
    parser.addOption({"backend", "auto (CUDA when a GPU is present, else CPU), cpu or cuda.", "B", "auto"});
    parser.addOption({"threads", "CPU threads, 0 = all cores (default 0).", "N", "0"});
}

int usageError(const char *command, const QString &message)
{
    std::fprintf(stderr, "jevons %s: %s\n", command, qPrintable(message));
    return 2;
}

int parseRunOptions(QCommandLineParser &parser, const char *command, const QStringList &args, RunOptions &out,
                    std::uint64_t defaultPaths)
{
    parser.setSingleDashWordOptionMode(QCommandLineParser::ParseAsLongOptions);
    if (!parser.parse(QStringList{QStringLiteral("jevons")} + args)) {
        return usageError(command, parser.errorText() + " (try 'jevons " + command + " --help')");
    }
    if (parser.isSet("help")) {
        std::printf("Usage: jevons %s [options]\n\n%s\n", command,
                    qPrintable(parser.helpText().section('\n', 1)));
        return 0;
    }
    if (!parser.positionalArguments().isEmpty()) {
        return usageError(command, "unexpected argument '" + parser.positionalArguments().first() + "'");
    }
    if (parser.isSet("scenario")) {
        out.scenarioPath = parser.value("scenario");
        try {
            out.scenario = jevons::loadScenarioFile(out.scenarioPath.toStdString());
        } catch (const jevons::ScenarioError &e) {
            std::fprintf(stderr, "jevons %s: %s\n", command, e.what());
            return 2;
        }
    }
    out.settings.paths = defaultPaths;
    if (parser.isSet("paths")) {
        bool ok = false;
        const qulonglong paths = parser.value("paths").toULongLong(&ok);
        if (!ok || paths < 1 || paths > 10'000'000'000ull) {
            return usageError(command, "--paths must be a whole number from 1 to 10000000000, got '" +
                                           parser.value("paths") + "'");
        }
        out.settings.paths = paths;
    }
    bool ok = false;
    out.settings.seed = parser.value("seed").toULongLong(&ok);
    if (!ok) {
        return usageError(command, "--seed must be a whole number from 0 to 18446744073709551615, got '" +
                                       parser.value("seed") + "'");
    }
    if (!jevons::parseBackend(parser.value("backend").toStdString(), out.settings.backend)) {
        return usageError(command,
                          "--backend must be auto, cpu or cuda, got '" + parser.value("backend") + "'");
    }
    out.settings.threads = parser.value("threads").toInt(&ok);
    if (!ok || out.settings.threads < 0 || out.settings.threads > 1024) {
        return usageError(command, "--threads must be a whole number from 0 (all cores) to 1024, got '" +
                                       parser.value("threads") + "'");
    }
    return -1;
}

int writeOutput(const char *command, const QString &path, const QByteArray &data)
{
    if (path.isEmpty()) {
        const std::size_t written = std::fwrite(data.constData(), 1, std::size_t(data.size()), stdout);
        if (written != std::size_t(data.size()) || std::fflush(stdout) != 0) {
            std::fprintf(stderr, "jevons %s: cannot write to standard output\n", command);
            return 1;
        }
        return 0;
    }
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly)) {
        std::fprintf(stderr, "jevons %s: cannot write '%s': %s\n", command, qPrintable(path),
                     qPrintable(file.errorString()));
        return 1;
    }
    if (file.write(data) != data.size() || !file.commit()) {
        std::fprintf(stderr, "jevons %s: cannot write '%s': %s\n", command, qPrintable(path),
                     qPrintable(file.errorString()));
        return 1;
    }
    return 0;
}

} // namespace cli
