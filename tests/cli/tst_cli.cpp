// `jevons simulate` / `jevons sensitivity` from the outside: exit codes, one-line errors, atomic output.
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTemporaryDir>
#include <QtTest>

#include "run_jevons.h"

namespace {

using Run = testing::JevonsRun;

Run jevons(const QStringList &args)
{
    return testing::runJevons(args, 120'000);
}

void writeFile(const QString &path, const QByteArray &data)
{
    QFile f(path);
    QVERIFY(f.open(QIODevice::WriteOnly));
    f.write(data);
}

using testing::readFile;

} // namespace

class tst_Cli : public QObject {
    Q_OBJECT

private slots:
    void versionAndHelp()
    {
        Run r = jevons({"--version"});
        QCOMPARE(r.exitCode, 0);
        QVERIFY(r.out.startsWith("jevons "));
        r = jevons({"--help"});
        QCOMPARE(r.exitCode, 0);
        for (const char *command : {"simulate", "sensitivity", "export", "report"}) {
            QVERIFY2(r.out.contains(command), command);
        }
        r = jevons({"simulate", "--help"});
        QCOMPARE(r.exitCode, 0);
        QVERIFY(r.out.contains("--paths"));
        QVERIFY(r.out.contains("--format"));
        r = jevons({"sensitivity", "--help"});
        QCOMPARE(r.exitCode, 0);
        QVERIFY(r.out.contains("--output"));
        r = jevons({"frobnicate"});
        QCOMPARE(r.exitCode, 2);
        QVERIFY(r.err.contains("unknown command 'frobnicate'"));
    }

    void simulateJson()
    {
        QTemporaryDir dir;
        const QString out = dir.filePath("result.json");
        const Run r =
            jevons({"simulate", "--paths", "3000", "--seed", "5", "--backend", "cpu", "--out", out});
        QCOMPARE(r.exitCode, 0);
        QVERIFY(r.out.isEmpty());
        QJsonParseError error;
        const QJsonObject doc = QJsonDocument::fromJson(readFile(out), &error).object();
        QCOMPARE(error.error, QJsonParseError::NoError);
        QCOMPARE(doc["paths"].toInt(), 3000);
        QCOMPARE(doc["seed"].toInt(), 5);
        QCOMPARE(doc["steps"].toInt(), 60);
        QCOMPARE(doc["backend"].toString(), QString("cpu-omp"));
        QCOMPARE(doc["months"].toArray().size(), 61);
        QCOMPARE(doc["months"].toArray().first().toString(), QString("2026-04"));
        QCOMPARE(doc["scenario"].toObject()["demand"].toObject()["price_elasticity"].toDouble(), 1.0);
        const QJsonObject series = doc["series"].toObject();
        QCOMPARE(series.size(), 15); // docs/model.md, "Outputs"
        for (const QString &key : series.keys()) {
            const QJsonObject stats = series[key].toObject();
            for (const char *stat : {"p5", "p10", "p25", "p50", "p75", "p90", "p95", "mean"}) {
                QCOMPARE(stats[stat].toArray().size(), 61);
            }
            // Percentiles are ordered at every month.
            const QJsonArray p5 = stats["p5"].toArray(), p95 = stats["p95"].toArray();
            for (int k = 0; k < 61; ++k) {
                QVERIFY(p5[k].toDouble() <= p95[k].toDouble());
            }
        }
        for (const char *key :
             {"shortage_probability", "power_constrained_probability", "revenue_covers_capex_probability"}) {
            QCOMPARE(doc[key].toArray().size(), 61);
        }
        QVERIFY(!doc.contains("variance_shares"));
        QVERIFY(doc["histograms"].toObject()["demand_h100e"].toObject()["counts"].toArray().size() >= 64);
    }

    void simulateCsvIsDeterministic()
    {
        const Run a = jevons({"simulate", "--paths", "2000", "--format", "csv", "--threads", "1"});
        const Run b = jevons({"simulate", "--paths", "2000", "--format", "csv", "--threads", "2"});
        QCOMPARE(a.exitCode, 0);
        QCOMPARE(a.out, b.out);
        QCOMPARE(a.out.count('\n'), 1 + 61 * 15);
        QVERIFY(a.out.startsWith("month,step,series,unit,p5,"));
    }

    void scenarioFile()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath("boom.json");
        writeFile(path,
                  R"({"name": "Jevons boom", "horizon_years": 2, "demand": {"price_elasticity": 1.5}})");
        const Run r = jevons({"simulate", "--scenario", path, "--paths", "1000"});
        QCOMPARE(r.exitCode, 0);
        const QJsonObject doc = QJsonDocument::fromJson(r.out).object();
        QCOMPARE(doc["steps"].toInt(), 24);
        QCOMPARE(doc["scenario"].toObject()["name"].toString(), QString("Jevons boom"));
    }

    void badArguments_data()
    {
        QTest::addColumn<QStringList>("args");
        QTest::addColumn<QString>("mention");
        QTest::newRow("zero paths") << QStringList{"simulate", "--paths", "0"} << "--paths";
        QTest::newRow("too many paths") << QStringList{"simulate", "--paths", "10000000001"} << "10000000000";
        QTest::newRow("paths not a number") << QStringList{"simulate", "--paths", "lots"} << "'lots'";
        QTest::newRow("negative seed") << QStringList{"simulate", "--seed", "-1"} << "--seed";
        QTest::newRow("unknown backend")
            << QStringList{"simulate", "--backend", "tpu"} << "auto, cpu or cuda";
        QTest::newRow("threads") << QStringList{"simulate", "--threads", "-2"} << "--threads";
        QTest::newRow("format") << QStringList{"simulate", "--format", "xml"} << "json or csv";
        QTest::newRow("unknown option") << QStringList{"simulate", "--pathz", "5"} << "pathz";
        QTest::newRow("stray argument") << QStringList{"simulate", "extra"} << "'extra'";
        QTest::newRow("missing value") << QStringList{"simulate", "--paths"} << "paths";
        QTest::newRow("unknown series") << QStringList{"sensitivity", "--output", "gdp"} << "demand_h100e";
        QTest::newRow("unknown stat") << QStringList{"sensitivity", "--stat", "p99"} << "p50";
        QTest::newRow("month beyond horizon") << QStringList{"sensitivity", "--month", "61"} << "0 to 60";
    }
    void badArguments()
    {
        QFETCH(QStringList, args);
        QFETCH(QString, mention);
        const Run r = jevons(args);
        QCOMPARE(r.exitCode, 2);
        QVERIFY(r.out.isEmpty());
        QCOMPARE(r.err.count('\n'), 1);
        QVERIFY2(r.err.contains(mention.toUtf8()), r.err.constData());
    }

    void badScenarioFiles_data()
    {
        QTest::addColumn<QByteArray>("content");
        QTest::addColumn<QString>("mention");
        QTest::newRow("truncated") << QByteArray("{\"demand\": {\"price_elasticity\": 1.2") << "truncated";
        QTest::newRow("wrong type") << QByteArray(R"({"supply": {"gpu_life_years": "five"}})")
                                    << "supply.gpu_life_years";
        QTest::newRow("out of range") << QByteArray(R"({"market": {"export_control": 2}})") << "from 0 to 1";
        QTest::newRow("NaN") << QByteArray(R"({"market": {"export_control": NaN}})") << "NaN";
        QTest::newRow("huge") << QByteArray(R"({"initial": {"tokens_per_month": 1e400}})") << "too large";
        QTest::newRow("unknown key") << QByteArray(R"({"colour": "red"})") << "unknown key \"colour\"";
        QTest::newRow("empty") << QByteArray() << "empty";
        QTest::newRow("binary") << QByteArray("\x7f"
                                              "ELF\x02\x01\x01\0",
                                              8)
                                << "0x7f";
        QTest::newRow("over 1 MiB") << QByteArray(1100000, ' ') << "1 MiB";
    }
    void badScenarioFiles()
    {
        QFETCH(QByteArray, content);
        QFETCH(QString, mention);
        QTemporaryDir dir;
        const QString path = dir.filePath("bad.json");
        writeFile(path, content);
        const QString out = dir.filePath("keep.json");
        writeFile(out, "KEEP");
        const Run r = jevons({"simulate", "--scenario", path, "--paths", "100", "--out", out});
        QCOMPARE(r.exitCode, 2);
        QCOMPARE(r.err.count('\n'), 1);
        QVERIFY2(r.err.contains(path.toUtf8()), r.err.constData());
        QVERIFY2(r.err.contains(mention.toUtf8()), r.err.constData());
        QCOMPARE(readFile(out), QByteArray("KEEP")); // nothing was overwritten
    }

    void unwritableOutput()
    {
        QTemporaryDir dir;
        const Run r = jevons({"simulate", "--paths", "100", "--out", dir.filePath("no/such/dir/r.json")});
        QCOMPARE(r.exitCode, 1);
        QVERIFY(r.err.contains("cannot write"));
        QVERIFY(QDir(dir.path()).entryList(QDir::NoDotAndDotDot | QDir::AllEntries).isEmpty());
    }

    void cudaRequestedWithoutGpu()
    {
        const Run probe = jevons({"simulate", "--paths", "100", "--backend", "cuda"});
        if (probe.exitCode == 0) {
            QSKIP("a CUDA device is present");
        }
        QCOMPARE(probe.exitCode, 1);
        QVERIFY(probe.err.contains("not available"));
    }

    void sensitivityCsv()
    {
        const Run r = jevons({"sensitivity", "--paths", "2048", "--stat", "p50", "--month", "24"});
        QCOMPARE(r.exitCode, 0);
        const QList<QByteArray> lines = r.out.trimmed().split('\n');
        QVERIFY(lines[0].startsWith("# output=demand_supply_ratio stat=p50 month=2028-04"));
        QCOMPARE(
            lines[1],
            QByteArray("rank,parameter,unit,low_value,high_value,output_at_low,output_at_high,swing,range"));
        QCOMPARE(lines.size(), 2 + 35); // every parameter but the horizon, those without effect too
    }

    void uncertainInputsAndShares()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath("uncertain.json");
        writeFile(path, R"({"name": "Unsure", "horizon_years": 2,
            "uncertainty": {"price_elasticity": {"p5": 0.7, "p95": 1.4, "scale": "log"},
                            "power_growth_x_per_year": {"p5": 1.2, "p95": 1.8}},
            "correlation": [{"between": ["price_elasticity", "power_growth_x_per_year"], "rank": 0.3}]})");
        const Run r =
            jevons({"simulate", "--scenario", path, "--paths", "4096", "--shares", "demand_supply_ratio"});
        QCOMPARE(r.exitCode, 0);
        const QJsonObject doc = QJsonDocument::fromJson(r.out).object();
        const QJsonObject shares = doc["variance_shares"].toObject();
        QCOMPARE(shares["series"].toString(), QString("demand_supply_ratio"));
        QCOMPARE(shares["shares"].toObject().keys(),
                 (QStringList{"power_growth_x_per_year", "price_elasticity"}));
        QCOMPARE(shares["shares"].toObject()["price_elasticity"].toArray().size(), 25);
        QCOMPARE(doc["scenario"]
                     .toObject()["uncertainty"]
                     .toObject()["price_elasticity"]
                     .toObject()["scale"]
                     .toString(),
                 QString("log"));
        // The ranked table at a month.
        const Run ranked = jevons(
            {"sensitivity", "--method", "shares", "--scenario", path, "--paths", "4096", "--month", "12"});
        QCOMPARE(ranked.exitCode, 0);
        QVERIFY(ranked.out.startsWith(
            "# variance shares of demand_supply_ratio month=2027-04 (correlated inputs"));
        QVERIFY(ranked.out.contains("\n1,price_elasticity,"));
        QVERIFY(ranked.out.contains("not explained by one input"));
        // Shares of a scenario without uncertain inputs: said, not silently empty.
        const Run none = jevons({"sensitivity", "--method", "shares", "--paths", "1000"});
        QCOMPARE(none.exitCode, 2);
        QVERIFY(none.err.contains("needs uncertain inputs"));
        const Run tornado = jevons({"sensitivity", "--scenario", path, "--paths", "2048", "--probability",
                                    "power_constrained_probability"});
        QCOMPARE(tornado.exitCode, 0);
        QVERIFY(tornado.out.startsWith("# output=power_constrained_probability month=2028-04"));
        QVERIFY(tornado.out.contains(",price_elasticity,\"ratio\",0.7,1.4,"));
        QVERIFY(tornado.out.contains(",p5..p95\n"));
    }

    void badUncertaintyExitsTwo()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath("bad.json");
        writeFile(path, R"({"uncertainty": {"price_elasticity": {"p5": 1.6, "p95": 0.6}}})");
        const Run r = jevons({"simulate", "--scenario", path, "--paths", "100"});
        QCOMPARE(r.exitCode, 2);
        QCOMPARE(r.err.count('\n'), 1);
        QVERIFY(r.err.contains("uncertainty.price_elasticity"));
        QVERIFY(r.out.isEmpty());
        const Run shares = jevons({"simulate", "--paths", "100", "--shares", "demand"});
        QCOMPARE(shares.exitCode, 2);
        QVERIFY(shares.err.contains("--shares 'demand' is unknown; allowed: demand_h100e"));
    }
};

QTEST_GUILESS_MAIN(tst_Cli)
#include "tst_cli.moc"
