// `jevons sweep`: every point of a sweep file's design on the same random numbers, one result file; resumable
// from its journal, and spread over MPI ranks under mpirun (jevons/sweep/cluster.h).
#include "cli.h"
#include "cli_common.h"

#include "jevons/sweep/cluster.h"
#include "jevons/sweep/runner.h"

#include <QCommandLineParser>
#include <QElapsedTimer>

#include <cstdio>
#include <stdexcept>

namespace {

using namespace jevons;

/// "\rsweep: 40 of 256 points (15.6 %), 3.1 points/s" on stderr, at most twice a second, and a last line.
class PointProgress {
public:
    PointProgress() { m_timer.start(); }
    void operator()(std::size_t done, std::size_t total)
    {
        if (m_first) {
            m_first = false;
            m_resumed = done;
        }
        const qint64 elapsed = m_timer.elapsed();
        if (done < total && elapsed - m_lastPrint < 500) {
            return;
        }
        m_lastPrint = elapsed;
        const double rate = elapsed > 0 ? 1000.0 * double(done - m_resumed) / double(elapsed) : 0.0;
        std::fprintf(stderr, "\rsweep: %zu of %zu points (%.1f %%), %.1f points/s", done, total,
                     total ? 100.0 * double(done) / double(total) : 100.0, rate);
        if (done == total) {
            std::fputc('\n', stderr);
        }
        std::fflush(stderr);
    }

private:
    QElapsedTimer m_timer;
    qint64 m_lastPrint = -1000;
    std::size_t m_resumed = 0;
    bool m_first = true;
};

} // namespace

int runSweepCommand(const QStringList &args)
{
    cluster::Session mpi; // MPI for the command's lifetime, when started by mpirun or srun
    const bool root = cluster::rank() == 0;
    // Only rank 0 speaks: every rank reads the same files and meets the same errors.
    auto fail = [&](int code, const QString &message) {
        if (root) {
            std::fprintf(stderr, "jevons sweep: %s\n", qPrintable(message));
        }
        return code;
    };
    QCommandLineParser parser;
    parser.setApplicationDescription(
        "Runs every point of a sweep file's design (a grid of one to three parameters, or a Saltelli design "
        "over the scenario's uncertain inputs with first- and total-order Sobol indices) on the same random "
        "numbers, and writes each point's values and recorded outputs in design order. With --out, finished "
        "points are kept in FILE.journal; --resume carries on from them. Under mpirun the points are spread "
        "over the ranks; the result is the same for any number of ranks.");
    parser.addPositionalArgument("FILE", "The sweep file (JSON; see README.md, \"Sweeps\").");
    parser.addOption({"out", "Write to FILE (atomically) instead of standard output.", "FILE"});
    parser.addOption({"format", "Output format: json (default) or csv.", "FORMAT", "json"});
    parser.addOption({"resume", "Carry on from the points in the journal (--out FILE's FILE.journal)."});
    parser.addOption({"backend", "auto (CUDA when a GPU is present, else CPU), cpu or cuda.", "B", "auto"});
    parser.addOption({"threads",
                      "CPU threads per process, 0 = all cores (shared between the ranks of a node).", "N",
                      "0"});
    parser.addHelpOption();
    parser.setSingleDashWordOptionMode(QCommandLineParser::ParseAsLongOptions);
    if (!parser.parse(QStringList{QStringLiteral("jevons")} + args)) {
        return fail(2, parser.errorText() + " (try 'jevons sweep --help')");
    }
    if (parser.isSet("help")) {
        if (root) {
            std::printf("Usage: jevons sweep FILE [options]\n\n%s\n",
                        qPrintable(parser.helpText().section('\n', 1)));
        }
        return 0;
    }
    const QStringList positional = parser.positionalArguments();
    if (positional.size() != 1) {
        return fail(2, positional.isEmpty() ? "a sweep file is needed: jevons sweep FILE"
                                            : "unexpected argument '" + positional[1] + "'");
    }
    const QString format = parser.value("format");
    if (format != "json" && format != "csv") {
        return fail(2, "--format must be json or csv, got '" + format + "'");
    }
    sweep::RunOptions options;
    if (!parseBackend(parser.value("backend").toStdString(), options.backend)) {
        return fail(2, "--backend must be auto, cpu or cuda, got '" + parser.value("backend") + "'");
    }
    bool ok = false;
    options.threads = parser.value("threads").toInt(&ok);
    if (!ok || options.threads < 0 || options.threads > 1024) {
        return fail(2, "--threads must be a whole number from 0 (all cores) to 1024, got '" +
                           parser.value("threads") + "'");
    }
    const QString out = parser.value("out");
    options.resume = parser.isSet("resume");
    if (options.resume && out.isEmpty()) {
        return fail(2, "--resume needs --out FILE: the journal is kept next to the output, as FILE.journal");
    }
    if (!out.isEmpty()) {
        options.journalPath = out.toStdString() + ".journal";
    }
    try {
        const sweep::SweepSpec spec = sweep::loadSweepFile(positional[0].toStdString());
        const sweep::Design design = sweep::buildDesign(spec);
        PointProgress progress;
        const auto results =
            sweep::runSweep(spec, design, options, [&](std::size_t d, std::size_t t) { progress(d, t); });
        if (!root) {
            return 0;
        }
        const std::string text = format == "json" ? sweep::resultsToJson(spec, design, results)
                                                  : sweep::resultsToCsv(spec, design, results);
        if (out.isEmpty()) {
            return cli::writeOutput("sweep", out, QByteArray::fromStdString(text));
        }
        sweep::writeFileAtomically(out.toStdString(), text);
        std::remove(options.journalPath.c_str()); // the result is complete: nothing is left to resume
        return 0;
    } catch (const sweep::SweepError &e) {
        return fail(2, QString::fromStdString(e.what()));
    } catch (const std::exception &e) {
        return fail(1, QString::fromStdString(e.what()));
    }
}
