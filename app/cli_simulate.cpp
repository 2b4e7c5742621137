// `jevons simulate` and `jevons sensitivity`: the engine from the command line, no display needed.
#include "cli.h"
#include "cli_common.h"

#include "jevons/engine/engine.h"

#include <QCommandLineParser>
#include <QElapsedTimer>

#include <cstdio>
#include <stdexcept>

namespace {

using namespace jevons;

/// Prints progress to stderr once a run has taken more than a second, at most every half second.
class StderrProgress {
public:
    explicit StderrProgress(const char *what) : m_what(what) { m_timer.start(); }
    ~StderrProgress()
    {
        if (m_printed) {
            std::fputc('\n', stderr);
        }
    }
    bool operator()(std::uint64_t done, std::uint64_t total)
    {
        const qint64 elapsed = m_timer.elapsed();
        if (elapsed > 1000 && elapsed - m_lastPrint >= 500) {
            m_lastPrint = elapsed;
            m_printed = true;
            std::fprintf(stderr, "\r%s: %5.1f %% (%llu of %llu)", m_what,
                         100.0 * double(done) / double(total), static_cast<unsigned long long>(done),
                         static_cast<unsigned long long>(total));
            std::fflush(stderr);
        }
        return true;
    }

private:
    const char *m_what;
    QElapsedTimer m_timer;
    qint64 m_lastPrint = 0;
    bool m_printed = false;
};

} // namespace

int runSimulateCommand(const QStringList &args)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(
        "Runs the Monte Carlo model of docs/model.md and writes, per series and month, the percentiles "
        "p5..p95 and the mean, the shortage probability and final-month histograms.");
    cli::addRunOptions(parser);
    parser.addOption({"out", "Write to FILE (atomically) instead of standard output.", "FILE"});
    parser.addOption({"format", "Output format: json (default) or csv.", "FORMAT", "json"});
    parser.addHelpOption();
    cli::RunOptions run;
    if (const int code = cli::parseRunOptions(parser, "simulate", args, run); code >= 0) {
        return code;
    }
    const QString format = parser.value("format");
    if (format != "json" && format != "csv") {
        return cli::usageError("simulate", "--format must be json or csv, got '" + format + "'");
    }
    try {
        StderrProgress progress("simulate");
        const SimulationResult result = simulate(
            run.scenario, run.settings, [&](std::uint64_t d, std::uint64_t t) { return progress(d, t); });
        if (!result.notice.empty()) {
            std::fprintf(stderr, "jevons simulate: notice: %s\n", result.notice.c_str());
        }
        const std::string text = format == "json" ? resultToJson(result) : resultToCsv(result);
        return cli::writeOutput("simulate", parser.value("out"), QByteArray::fromStdString(text));
    } catch (const std::exception &e) {
        std::fprintf(stderr, "jevons simulate: %s\n", e.what());
        return 1;
    }
}

int runSensitivityCommand(const QStringList &args)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(
        "Ranks the parameters by how much they move one output statistic: each parameter is set to the low "
        "and the high end of a range (default +-25 % of its value, clamped to its slider range), every run "
        "on the same random numbers.");
    cli::addRunOptions(parser);
    parser.addOption(
        {"output", "Output series key (default demand_supply_ratio).", "SERIES", "demand_supply_ratio"});
    parser.addOption(
        {"stat", "Statistic: p5, p10, p25, p50, p75, p90, p95 or mean (default p50).", "STAT", "p50"});
    parser.addOption({"month", "Month index K (0 = start; default: the horizon).", "K"});
    parser.addOption({"range", "Relative range around each value (default 0.25).", "R", "0.25"});
    parser.addOption({"out", "Write CSV to FILE (atomically) instead of standard output.", "FILE"});
    parser.addHelpOption();
    cli::RunOptions run;
    if (const int code = cli::parseRunOptions(parser, "sensitivity", args, run, 20000); code >= 0) {
        return code;
    }
    SensitivityRequest request;
    const SeriesInfo *series = findSeries(parser.value("output").toStdString());
    if (series == nullptr) {
        QString allowed;
        for (const auto &info : seriesTable()) {
            allowed += (allowed.isEmpty() ? "" : ", ") + QString::fromLatin1(info.key);
        }
        return cli::usageError("sensitivity",
                               "--output '" + parser.value("output") + "' is unknown; allowed: " + allowed);
    }
    request.series = series->id;
    if (!parseStat(parser.value("stat").toStdString(), request.stat)) {
        return cli::usageError("sensitivity", "--stat must be one of p5, p10, p25, p50, p75, p90, p95, mean");
    }
    if (parser.isSet("month")) {
        bool ok = false;
        const int month = parser.value("month").toInt(&ok);
        if (!ok || month < 0 || month > run.scenario.steps()) {
            return cli::usageError("sensitivity",
                                   QString("--month must be a whole number from 0 to %1 (the horizon)")
                                       .arg(run.scenario.steps()));
        }
        request.step = month;
    }
    bool ok = false;
    request.relativeRange = parser.value("range").toDouble(&ok);
    if (!ok || !(request.relativeRange > 0 && request.relativeRange <= 1)) {
        return cli::usageError("sensitivity", "--range must be a number in (0, 1]");
    }
    try {
        StderrProgress progress("sensitivity");
        const SensitivityResult r =
            sensitivity(run.scenario, run.settings, request,
                        [&](std::uint64_t d, std::uint64_t t) { return progress(d, t); });
        QByteArray csv = "# output=" + QByteArray(series->key) + " stat=" + statKey(r.stat) +
                         " month=" + QByteArray::fromStdString(run.scenario.monthLabel(r.step)) +
                         " base=" + QByteArray::number(r.baseOutput, 'g', 10) + "\n";
        csv += "rank,parameter,unit,low_value,high_value,output_at_low,output_at_high,swing\n";
        int rank = 1;
        for (const SensitivityEntry &e : r.entries) {
            const ParamInfo &info = paramInfo(e.param);
            csv += QByteArray::number(rank++) + "," + info.key + ",\"" + info.unit + "\"," +
                   QByteArray::number(e.lowValue, 'g', 10) + "," + QByteArray::number(e.highValue, 'g', 10) +
                   "," + QByteArray::number(e.outputAtLow, 'g', 10) + "," +
                   QByteArray::number(e.outputAtHigh, 'g', 10) + "," +
                   QByteArray::number(e.swing(), 'g', 10) + "\n";
        }
        return cli::writeOutput("sensitivity", parser.value("out"), csv);
    } catch (const std::exception &e) {
        std::fprintf(stderr, "jevons sensitivity: %s\n", e.what());
        return 1;
    }
}
