#pragma once
// Options and error handling shared by the headless subcommands.
#include "jevons/engine/engine.h"

#include <QByteArray>
#include <QCommandLineParser>
#include <QString>
#include <QStringList>

namespace cli {

struct RunOptions {
    jevons::Scenario scenario;
    jevons::SimulationSettings settings;
    QString scenarioPath; ///< empty: the Base case
};

/// --scenario, --paths, --seed, --backend, --threads.
void addRunOptions(QCommandLineParser &parser);
/// Parses `args`; returns -1 to carry on, else the exit code to return (0 after --help, 2 on errors,
/// with one line on stderr naming the option or file, the key and what is allowed).
int parseRunOptions(QCommandLineParser &parser, const char *command, const QStringList &args, RunOptions &out,
                    std::uint64_t defaultPaths = 100000);
/// Prints "jevons COMMAND: message" to stderr and returns 2.
int usageError(const char *command, const QString &message);
/// Writes `data` to `path` atomically (QSaveFile), or to stdout when `path` is empty. Returns 0, or 1 with
/// a one-line error on stderr; a failed write leaves any existing file untouched.
int writeOutput(const char *command, const QString &path, const QByteArray &data);

} // namespace cli
