// jevons backtest: replay the model from a past month and score it against what happened (docs/model.md,
// "Backtest"). The work is in compute/backtest; this file reads the options and the bundled dataset.
#include "cli_common.h"

#include "jevons/backtest/backtest.h"

#include <QFile>

#include <cstdio>
#include <exception>
#include <string>

namespace {

jevons::data::Dataset readBundledData()
{
    return jevons::data::loadBundled([](const std::string &fileName) {
        QFile file(QStringLiteral(":/data/") + QString::fromStdString(fileName));
        if (!file.open(QIODevice::ReadOnly)) {
            throw std::runtime_error("bundled data file missing: :/data/" + fileName);
        }
        const QByteArray bytes = file.readAll();
        return std::string(bytes.constData(), std::size_t(bytes.size()));
    });
}

} // namespace

int runBacktestCommand(const QStringList &args)
{
    const char *const command = "backtest";
    QCommandLineParser parser;
    parser.setApplicationDescription(
        "Replay the model from a past month, calibrated on the data known then, and "
        "score its fans against what was observed after.");
    parser.addHelpOption();
    cli::addRunOptions(parser);
    parser.addOption({"as-of", "Month to start from, YYYY-MM, or 'all' for every quarter the dataset allows.",
                      "YYYY-MM|all"});
    parser.addOption({"format", "json (default) or csv (one row per scored point).", "F", "json"});
    parser.addOption({"out", "Write to FILE (atomically) instead of standard output.", "FILE"});
    parser.addOption(
        {"dating",
         "When a dataset row counts as known: described (the period it describes ends; default) or "
         "stated (its as_of date).",
         "D", "described"});
    cli::RunOptions run;
    if (const int rc = cli::parseRunOptions(parser, command, args, run); rc >= 0) {
        return rc;
    }
    if (!parser.isSet("as-of")) {
        return cli::usageError(command, "--as-of YYYY-MM or --as-of all is required");
    }
    const QString format = parser.value("format");
    if (format != QLatin1String("json") && format != QLatin1String("csv")) {
        return cli::usageError(command, "--format must be json or csv, got '" + format + "'");
    }
    jevons::backtest::BacktestOptions options;
    options.settings = run.settings;
    if (!jevons::backtest::parseDating(parser.value("dating").toStdString(), &options.dating)) {
        return cli::usageError(command,
                               "--dating must be described or stated, got '" + parser.value("dating") + "'");
    }
    jevons::data::Dataset dataset;
    try {
        dataset = readBundledData();
    } catch (const std::exception &e) {
        std::fprintf(stderr, "jevons %s: %s\n", command, e.what());
        return 1;
    }

    const std::string asOf = parser.value("as-of").toStdString();
    std::string output;
    try {
        if (asOf == "all") {
            const jevons::backtest::RollingResult result =
                jevons::backtest::runRolling(dataset, run.scenario, options);
            for (const jevons::backtest::BacktestResult &r : result.runs) {
                std::fprintf(stderr, "jevons %s: as of %s: %zu point%s\n", command,
                             jevons::backtest::monthLabel(r.calibration.asOf).c_str(), r.summary.points,
                             r.summary.points == 1 ? "" : "s");
            }
            std::fprintf(stderr, "jevons %s: %s\n", command, result.summary.reading.c_str());
            output = format == QLatin1String("csv") ? toCsv(result) : toJson(result);
        } else {
            const jevons::backtest::MonthIndex month =
                jevons::backtest::checkAsOf(dataset, options.dating, asOf);
            const jevons::backtest::BacktestResult result =
                jevons::backtest::runBacktest(dataset, run.scenario, month, options);
            std::fprintf(stderr, "jevons %s: as of %s: %s\n", command, asOf.c_str(),
                         result.summary.reading.c_str());
            output = format == QLatin1String("csv") ? toCsv(result) : toJson(result);
        }
    } catch (const jevons::backtest::AsOfError &e) {
        std::fprintf(stderr, "jevons %s: %s\n", command, e.what());
        return 2;
    } catch (const std::exception &e) {
        std::fprintf(stderr, "jevons %s: %s\n", command, e.what());
        return 1;
    }
    return cli::writeOutput(command, parser.value("out"), QByteArray::fromStdString(output));
}
