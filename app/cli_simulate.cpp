// `jevons simulate` and `jevons sensitivity`: the engine from the command line, no display needed.
#include "cli.h"
#include "cli_common.h"

#include "jevons/engine/engine.h"
#include "jevons/sweep/cluster.h"

#include <QCommandLineParser>
#include <QElapsedTimer>

#include <algorithm>
#include <cstdio>
#include <numeric>
#include <optional>
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

/// "a, b, c" of every series key, for messages.
QString seriesKeys()
{
    QString allowed;
    for (const auto &info : seriesTable()) {
        allowed += (allowed.isEmpty() ? "" : ", ") + QString::fromLatin1(info.key);
    }
    return allowed;
}

/// Looks up --NAME's series key; on failure prints the one-line error and returns null.
const SeriesInfo *seriesOption(const char *command, const char *option, const QString &key)
{
    const SeriesInfo *series = findSeries(key.toStdString());
    if (series == nullptr) {
        cli::usageError(command, QString("--%1 '%2' is unknown; allowed: %3").arg(option, key, seriesKeys()));
    }
    return series;
}

} // namespace

int runSimulateCommand(const QStringList &args)
{
    cluster::Session mpi; // MPI for the command's lifetime, when started by mpirun or srun
    QCommandLineParser parser;
    parser.setApplicationDescription(
        "Runs the Monte Carlo model of docs/model.md and writes, per series and month, the percentiles "
        "p5..p95 and the mean, the shortage, power-constrained and revenue-covers-capex probabilities and "
        "final-month histograms; with --shares, the variance shares of the scenario's uncertain inputs.");
    cli::addRunOptions(parser);
    parser.addOption(
        {"shares",
         "Add the variance shares of SERIES: how much of its spread each uncertain input explains, "
         "month by month (needs uncertain inputs in the scenario).",
         "SERIES"});
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
    if (parser.isSet("shares")) {
        const SeriesInfo *series = seriesOption("simulate", "shares", parser.value("shares"));
        if (series == nullptr) {
            return 2;
        }
        run.settings.sharesSeries = series->id;
        if (!run.scenario.hasUncertainty()) {
            std::fprintf(stderr,
                         "jevons simulate: notice: --shares needs uncertain inputs, and the scenario has "
                         "none; no variance shares are written\n");
        }
    }
    try {
        // Under mpirun or srun the paths are split over the ranks and merged on rank 0, which alone writes;
        // started plainly, this is simulate() on one process.
        StderrProgress progress("simulate");
        const std::optional<SimulationResult> result = cluster::simulate(
            run.scenario, run.settings, [&](std::uint64_t d, std::uint64_t t) { return progress(d, t); });
        if (!result) {
            return 0; // not rank 0
        }
        if (!result->notice.empty()) {
            std::fprintf(stderr, "jevons simulate: notice: %s\n", result->notice.c_str());
        }
        const std::string text = format == "json" ? resultToJson(*result) : resultToCsv(*result);
        return cli::writeOutput("simulate", parser.value("out"), QByteArray::fromStdString(text));
    } catch (const std::exception &e) {
        if (cluster::rank() == 0) {
            std::fprintf(stderr, "jevons simulate: %s\n", e.what());
        }
        return 1;
    }
}

namespace {

/// `jevons sensitivity --method shares`: the variance shares at one month, ranked.
int writeShares(const cli::RunOptions &run, const SensitivityRequest &request, const QString &out)
{
    if (!run.scenario.hasUncertainty()) {
        return cli::usageError("sensitivity",
                               "--method shares needs uncertain inputs (the scenario's \"uncertainty\" "
                               "key); this scenario has none");
    }
    SimulationSettings settings = run.settings;
    settings.sharesSeries = request.series;
    StderrProgress progress("sensitivity");
    const SimulationResult r =
        simulate(run.scenario, settings, [&](std::uint64_t d, std::uint64_t t) { return progress(d, t); });
    const VarianceShares &v = *r.varianceShares;
    const int step = request.step < 0 ? r.steps : request.step;
    std::vector<std::size_t> order(v.inputs.size());
    for (std::size_t j = 0; j < order.size(); ++j) {
        order[j] = j;
    }
    std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
        return v.shares[a][std::size_t(step)] > v.shares[b][std::size_t(step)];
    });
    QByteArray csv = "# variance shares of " + QByteArray(seriesInfo(v.series).key) +
                     " month=" + QByteArray::fromStdString(run.scenario.monthLabel(step)) +
                     (v.correlated ? " (correlated inputs: shares overlap and may sum above 1)" : "") + "\n";
    csv += "rank,input,share,p5,p95,scale\n";
    int rank = 1;
    for (std::size_t j : order) {
        const Interval &interval = *run.scenario.intervals[std::size_t(v.inputs[j])];
        csv += QByteArray::number(rank++) + "," + paramInfo(v.inputs[j]).key + "," +
               QByteArray::number(v.shares[j][std::size_t(step)], 'g', 6) + "," +
               QByteArray::number(interval.p5, 'g', 10) + "," + QByteArray::number(interval.p95, 'g', 10) +
               "," + (interval.scale == IntervalScale::Log ? "log" : "linear") + "\n";
    }
    csv += "-,not explained by one input (noise and interactions)," +
           QByteArray::number(v.unexplained[std::size_t(step)], 'g', 6) + ",,,\n";
    return cli::writeOutput("sensitivity", out, csv);
}

} // namespace

int runSensitivityCommand(const QStringList &args)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(
        "Ranks the inputs by how much they move one output. --method tornado (default): each parameter at a "
        "low and a high value (an uncertain input at its p5 and p95, any other at +-25 % of its value, "
        "clamped "
        "to its slider range), every run on the same random numbers. --method shares: the variance shares of "
        "the uncertain inputs at the month, from one run.");
    cli::addRunOptions(parser);
    parser.addOption({"method", "tornado (default) or shares.", "METHOD", "tornado"});
    parser.addOption(
        {"output", "Output series key (default demand_supply_ratio).", "SERIES", "demand_supply_ratio"});
    parser.addOption(
        {"stat", "Statistic: p5, p10, p25, p50, p75, p90, p95 or mean (default p50).", "STAT", "p50"});
    parser.addOption({"probability",
                      "Rank by a probability instead of a series statistic: shortage_probability, "
                      "power_constrained_probability or revenue_covers_capex_probability (tornado only).",
                      "KEY"});
    parser.addOption({"month", "Month index K (0 = start; default: the horizon).", "K"});
    parser.addOption({"range", "Relative range around each certain value (default 0.25).", "R", "0.25"});
    parser.addOption({"out", "Write CSV to FILE (atomically) instead of standard output.", "FILE"});
    parser.addHelpOption();
    cli::RunOptions run;
    if (const int code = cli::parseRunOptions(parser, "sensitivity", args, run, 20000); code >= 0) {
        return code;
    }
    const QString method = parser.value("method");
    if (method != "tornado" && method != "shares") {
        return cli::usageError("sensitivity", "--method must be tornado or shares, got '" + method + "'");
    }
    SensitivityRequest request;
    const SeriesInfo *series = seriesOption("sensitivity", "output", parser.value("output"));
    if (series == nullptr) {
        return 2;
    }
    request.series = series->id;
    if (!parseStat(parser.value("stat").toStdString(), request.stat)) {
        return cli::usageError("sensitivity", "--stat must be one of p5, p10, p25, p50, p75, p90, p95, mean");
    }
    if (parser.isSet("probability")) {
        const ProbabilityInfo *p = findProbability(parser.value("probability").toStdString());
        if (p == nullptr || method == "shares") {
            return cli::usageError("sensitivity", p == nullptr
                                                      ? "--probability must be shortage_probability, "
                                                        "power_constrained_probability or "
                                                        "revenue_covers_capex_probability"
                                                      : "--probability goes with --method tornado");
        }
        request.probability = p->id;
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
        if (method == "shares") {
            return writeShares(run, request, parser.value("out"));
        }
        StderrProgress progress("sensitivity");
        const SensitivityResult r =
            sensitivity(run.scenario, run.settings, request,
                        [&](std::uint64_t d, std::uint64_t t) { return progress(d, t); });
        const QByteArray output = r.probability
                                      ? QByteArray(probabilityTable()[std::size_t(*r.probability)].key)
                                      : QByteArray(series->key) + " stat=" + statKey(r.stat);
        QByteArray csv = "# output=" + output +
                         " month=" + QByteArray::fromStdString(run.scenario.monthLabel(r.step)) +
                         " base=" + QByteArray::number(r.baseOutput, 'g', 10) + "\n";
        csv += "rank,parameter,unit,low_value,high_value,output_at_low,output_at_high,swing,range\n";
        int rank = 1;
        for (const SensitivityEntry &e : r.entries) {
            const ParamInfo &info = paramInfo(e.param);
            csv += QByteArray::number(rank++) + "," + info.key + ",\"" + info.unit + "\"," +
                   QByteArray::number(e.lowValue, 'g', 10) + "," + QByteArray::number(e.highValue, 'g', 10) +
                   "," + QByteArray::number(e.outputAtLow, 'g', 10) + "," +
                   QByteArray::number(e.outputAtHigh, 'g', 10) + "," +
                   QByteArray::number(e.swing(), 'g', 10) + "," +
                   (e.fromInterval ? "p5..p95"
                                   : "+-" + QByteArray::number(r.relativeRange * 100, 'g', 4) + "%") +
                   "\n";
        }
        return cli::writeOutput("sensitivity", parser.value("out"), csv);
    } catch (const std::exception &e) {
        std::fprintf(stderr, "jevons sensitivity: %s\n", e.what());
        return 1;
    }
}
