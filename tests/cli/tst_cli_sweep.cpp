// `jevons sweep` from the outside: exit codes and one-line errors, a point equal to `jevons simulate` bit for
// bit, deterministic output, atomic files, and --resume from a journal cut short.
#include "jevons/engine/json.h"
#include "jevons/sweep/sweep.h"

#include <QTemporaryDir>
#include <QtTest>

#include <cstring>

#include "run_jevons.h"

namespace {

using Run = testing::JevonsRun;
using testing::readFile;

Run runCli(const QStringList &args)
{
    return testing::runJevons(args, 120'000);
}

void writeFile(const QString &path, const QByteArray &data)
{
    QFile f(path);
    QVERIFY(f.open(QIODevice::WriteOnly));
    f.write(data);
}

QString fixture(const char *name)
{
    return QStringLiteral(JEVONS_FIXTURES_DIR "/") + name;
}

bool sameBits(double a, double b)
{
    return std::memcmp(&a, &b, sizeof a) == 0;
}

} // namespace

class tst_CliSweep : public QObject {
    Q_OBJECT

private slots:
    void helpAndUsage()
    {
        Run r = runCli({"--help"});
        QCOMPARE(r.exitCode, 0);
        QVERIFY(r.out.contains("sweep"));
        r = runCli({"sweep", "--help"});
        QCOMPARE(r.exitCode, 0);
        QVERIFY(r.out.contains("--resume"));
        QVERIFY(r.out.contains("--format"));
        r = runCli({"sweep"});
        QCOMPARE(r.exitCode, 2);
        QVERIFY(r.err.contains("a sweep file is needed"));
        r = runCli({"sweep", fixture("grid_sweep.json"), "--resume"});
        QCOMPARE(r.exitCode, 2);
        QVERIFY(r.err.contains("--resume needs --out"));
        r = runCli({"sweep", fixture("grid_sweep.json"), "--format", "xml"});
        QCOMPARE(r.exitCode, 2);
    }

    void badFilesExitTwoWithOneLine_data()
    {
        QTest::addColumn<QByteArray>("text");
        QTest::addColumn<QByteArray>("expected");
        QTest::newRow("steps") << QByteArray(R"({"scenario": {}, "outputs": [{"series": "demand_h100e"}],
            "design": {"grid": [{"parameter": "price_elasticity", "from": 1, "to": 2, "steps": 0}]}})")
                               << QByteArray("key \"design.grid[0].steps\"");
        QTest::newRow("scenario") << QByteArray(R"({"scenario": {"demand": {"price_elasticity": "high"}},
            "outputs": [{"series": "demand_h100e"}], "design": {"sobol": {"base_samples": 8}}})")
                                  << QByteArray("demand.price_elasticity");
        QTest::newRow("json") << QByteArray("{\"scenario\": ") << QByteArray("malformed JSON");
    }
    void badFilesExitTwoWithOneLine()
    {
        QFETCH(QByteArray, text);
        QFETCH(QByteArray, expected);
        QTemporaryDir dir;
        writeFile(dir.filePath("s.json"), text);
        const Run r = runCli({"sweep", dir.filePath("s.json"), "--out", dir.filePath("out.json")});
        QCOMPARE(r.exitCode, 2);
        QVERIFY2(r.err.contains(expected), r.err.constData());
        QCOMPARE(r.err.count('\n'), 1);
        QVERIFY(!QFile::exists(dir.filePath("out.json")));
        QVERIFY(!QFile::exists(dir.filePath("out.json.journal")));
    }

    void pointEqualsSimulate()
    {
        QTemporaryDir dir;
        const QString out = dir.filePath("out.json");
        const Run r = runCli({"sweep", fixture("grid_sweep.json"), "--out", out, "--backend", "cpu"});
        QCOMPARE(r.exitCode, 0);
        QVERIFY(r.out.isEmpty());
        QVERIFY2(r.err.contains("sweep: 6 of 6 points"), r.err.constData()); // progress on stderr
        QVERIFY(!QFile::exists(out + ".journal"));                           // done: nothing to resume
        const jevons::json::Value doc = jevons::json::parse(readFile(out).toStdString());
        const auto &points = doc.find("points")->array;
        QCOMPARE(points.size(), std::size_t(6));
        for (std::size_t i : {std::size_t(1), std::size_t(4)}) {
            const auto &values = points[i].find("values")->array;
            // The point as a scenario file: the sweep's scenario and the point's two values.
            const QByteArray scenario =
                "{\"name\": \"Sweep test\", \"demand\": {\"adoption_growth_x_per_year\": 1.4, "
                "\"price_elasticity\": " +
                QByteArray::fromStdString(jevons::sweep::formatExact(values[0].number)) +
                "}, \"efficiency\": {\"algorithmic_x_per_year\": " +
                QByteArray::fromStdString(jevons::sweep::formatExact(values[1].number)) + "}}";
            writeFile(dir.filePath("point.json"), scenario);
            const Run sim = runCli({"simulate", "--scenario", dir.filePath("point.json"), "--paths", "800",
                                    "--seed", "7", "--backend", "cpu", "--out", dir.filePath("sim.json")});
            QCOMPARE(sim.exitCode, 0);
            const jevons::json::Value result =
                jevons::json::parse(readFile(dir.filePath("sim.json")).toStdString());
            const double p50 =
                result.find("series")->find("demand_supply_ratio")->find("p50")->array[60].number;
            const double shortage = result.find("shortage_probability")->array[60].number;
            const auto &outputs = points[i].find("outputs")->array;
            QVERIFY2(sameBits(outputs[0].number, p50), qPrintable(QString("point %1").arg(i)));
            QVERIFY(sameBits(outputs[1].number, shortage));
        }
    }

    void deterministicCsvOnStdout()
    {
        const Run a = runCli({"sweep", fixture("grid_sweep.json"), "--format", "csv", "--backend", "cpu"});
        QCOMPARE(a.exitCode, 0);
        QVERIFY(a.out.startsWith("index,price_elasticity,algorithmic_x_per_year,demand_supply_ratio.p50@60,"
                                 "shortage_probability@60\n"));
        QCOMPARE(a.out.count('\n'), 7);
        const Run b = runCli({"sweep", fixture("grid_sweep.json"), "--format", "csv", "--threads", "1"});
        QCOMPARE(b.exitCode, 0);
        QCOMPARE(a.out, b.out); // any thread count, the same numbers
    }

    void sobolDesign()
    {
        QTemporaryDir dir;
        const Run r =
            runCli({"sweep", fixture("sobol_sweep.json"), "--out", dir.filePath("s.csv"), "--format", "csv"});
        QCOMPARE(r.exitCode, 0);
        const QByteArray csv = readFile(dir.filePath("s.csv"));
        QVERIFY(csv.contains("\n# Sobol indices (Jansen estimators), bootstrap 90 % intervals\n"
                             "output,input,first,first_p5,first_p95,total,total_p5,total_p95\n"));
        QCOMPARE(csv.count("\nsupply_h100e.mean@24,"), 4); // one row per uncertain input
    }

    void resumeFromACutJournal()
    {
        QTemporaryDir dir;
        const QString out = dir.filePath("out.json");
        QVERIFY(runCli({"sweep", fixture("grid_sweep.json"), "--out", out}).exitCode == 0);
        const QByteArray full = readFile(out);

        // A journal as a killed run leaves it: two points done (with marker values, to see they are reused),
        // then a line cut short.
        const auto spec = jevons::sweep::loadSweepFile(fixture("grid_sweep.json").toStdString());
        char id[17];
        std::snprintf(id, sizeof id, "%016llx",
                      static_cast<unsigned long long>(jevons::sweep::fingerprint(spec)));
        writeFile(out + ".journal",
                  "jevons-sweep-journal 1 " + QByteArray(id) + " 6 2\n0 12345 0.5\n5 54321 0.25\n3 1.0");
        QFile::remove(out);
        Run r = runCli({"sweep", fixture("grid_sweep.json"), "--out", out, "--resume"});
        QCOMPARE(r.exitCode, 0);
        QVERIFY2(r.err.contains("sweep: 6 of 6 points"), r.err.constData());
        const jevons::json::Value doc = jevons::json::parse(readFile(out).toStdString());
        QCOMPARE(doc.find("points")->array[0].find("outputs")->array[0].number, 12345.0);
        QCOMPARE(doc.find("points")->array[5].find("outputs")->array[0].number, 54321.0);
        const jevons::json::Value reference = jevons::json::parse(full.toStdString());
        for (std::size_t i : {1, 2, 3, 4}) {
            QVERIFY(sameBits(doc.find("points")->array[i].find("outputs")->array[0].number,
                             reference.find("points")->array[i].find("outputs")->array[0].number));
        }
        QVERIFY(!QFile::exists(out + ".journal"));

        // A journal of another sweep is refused (exit 2) and left alone.
        writeFile(out + ".journal", "jevons-sweep-journal 1 0123456789abcdef 6 2\n");
        r = runCli({"sweep", fixture("grid_sweep.json"), "--out", out, "--resume"});
        QCOMPARE(r.exitCode, 2);
        QVERIFY2(r.err.contains("belongs to another sweep"), r.err.constData());
        QVERIFY(QFile::exists(out + ".journal"));
    }

    void unwritableOutput()
    {
        const Run r = runCli({"sweep", fixture("grid_sweep.json"), "--out", "/nonexistent/dir/out.json"});
        QCOMPARE(r.exitCode, 1);
        QVERIFY2(r.err.contains("/nonexistent/dir/out.json"), r.err.constData());
    }
};

QTEST_APPLESS_MAIN(tst_CliSweep)
#include "tst_cli_sweep.moc"
