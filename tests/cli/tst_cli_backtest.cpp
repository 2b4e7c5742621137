// `jevons backtest` from the outside: exit codes, one-line errors, the JSON keys and CSV rows, atomic output.
#include <QDir>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QtTest>

#include "run_jevons.h"

namespace {

using Run = testing::JevonsRun;
using testing::readFile;

Run jevons(const QStringList &args)
{
    return testing::runJevons(args, 300'000);
}

QStringList keysOf(const QJsonObject &o)
{
    QStringList k = o.keys();
    k.sort();
    return k;
}

QStringList sorted(QStringList l)
{
    l.sort();
    return l;
}

} // namespace

class tst_CliBacktest : public QObject {
    Q_OBJECT

private slots:
    void helpListsTheCommand()
    {
        Run r = jevons({"--help"});
        QCOMPARE(r.exitCode, 0);
        QVERIFY(r.out.contains("backtest"));
        r = jevons({"backtest", "--help"});
        QCOMPARE(r.exitCode, 0);
        for (const char *option :
             {"--as-of", "--scenario", "--paths", "--seed", "--format", "--out", "--dating"}) {
            QVERIFY2(r.out.contains(option), option);
        }
    }

    void badArguments_data()
    {
        QTest::addColumn<QStringList>("args");
        QTest::addColumn<QString>("says");
        QTest::newRow("before the first start")
            << QStringList{"--as-of", "2023-06"} << "allowed: 2024-01 to 2026-04";
        QTest::newRow("after the last observation")
            << QStringList{"--as-of", "2027-01"} << "allowed: 2024-01 to 2026-04";
        QTest::newRow("malformed month")
            << QStringList{"--as-of", "2024-13"} << "allowed: 2024-01 to 2026-04";
        QTest::newRow("not a month") << QStringList{"--as-of", "soon"} << "not a month YYYY-MM";
        QTest::newRow("stated dating")
            << QStringList{"--as-of", "2025-01", "--dating", "stated"} << "allowed: 2026-04 to 2026-04";
        QTest::newRow("no as-of") << QStringList{"--paths", "100"}
                                  << "--as-of YYYY-MM or --as-of all is required";
        QTest::newRow("format") << QStringList{"--as-of", "2025-01", "--format", "xml"}
                                << "--format must be json or csv";
        QTest::newRow("dating") << QStringList{"--as-of", "2025-01", "--dating", "later"}
                                << "--dating must be described or stated";
        QTest::newRow("paths") << QStringList{"--as-of", "2025-01", "--paths", "0"} << "--paths must be";
        QTest::newRow("scenario file")
            << QStringList{"--as-of", "2025-01", "--scenario", "/no/such/file.json"} << "/no/such/file.json";
    }
    void badArguments()
    {
        QFETCH(QStringList, args);
        QFETCH(QString, says);
        QTemporaryDir dir;
        const QString out = dir.filePath("kept.json");
        {
            QFile f(out);
            QVERIFY(f.open(QIODevice::WriteOnly));
            f.write("good\n");
        }
        const Run r = jevons(QStringList{"backtest"} + args + QStringList{"--out", out});
        QCOMPARE(r.exitCode, 2);
        QVERIFY2(r.err.contains(says.toUtf8()), r.err.constData());
        QCOMPARE(r.err.count('\n'), 1); // one line
        QVERIFY(r.out.isEmpty());
        QCOMPARE(readFile(out), QByteArray("good\n")); // a refused run leaves the file alone
    }

    void oneMonthJsonAndCsv()
    {
        QTemporaryDir dir;
        const QString json = dir.filePath("bt.json"), csv = dir.filePath("bt.csv");
        Run r = jevons({"backtest", "--as-of", "2024-07", "--paths", "2000", "--seed", "9", "--out", json});
        QCOMPARE(r.exitCode, 0);
        QVERIFY(r.out.isEmpty());
        QVERIFY2(r.err.contains("as of 2024-07: ") && r.err.contains("points from one start"),
                 r.err.constData());
        const QJsonObject doc = QJsonDocument::fromJson(readFile(json)).object();
        QCOMPARE(keysOf(doc), sorted({"as_of", "scenario", "inputs", "points", "summary"}));
        QCOMPARE(doc["as_of"].toString(), QStringLiteral("2024-07"));
        QCOMPARE(doc["scenario"].toObject()["start"].toString(), QStringLiteral("2024-07"));
        const QJsonArray points = doc["points"].toArray();
        QVERIFY(points.size() > 10);
        for (const QJsonValue &p : points) {
            QCOMPARE(keysOf(p.toObject()), sorted({"series", "month", "observed", "scale", "pit",
                                                   "in_p25_p75", "in_p5_p95", "source"}));
            QVERIFY(p.toObject()["month"].toString() > QStringLiteral("2024-07"));
        }
        for (const QJsonValue &in : doc["inputs"].toArray()) {
            for (const QJsonValue &row : in.toObject()["rows"].toArray()) {
                QCOMPARE(keysOf(row.toObject()), sorted({"file", "key", "as_of"}));
            }
        }
        const QJsonObject summary = doc["summary"].toObject();
        QCOMPARE(summary["points"].toInt(), points.size());
        QCOMPARE(summary["by_series"].toObject().size(), 4);

        r = jevons({"backtest", "--as-of", "2024-07", "--paths", "2000", "--seed", "9", "--format", "csv",
                    "--out", csv});
        QCOMPARE(r.exitCode, 0);
        const QList<QByteArray> lines = readFile(csv).trimmed().split('\n');
        QCOMPARE(lines.size(), points.size() + 1);
        QVERIFY(lines.front().startsWith("as_of,series,model_series,month,step,observed,scale"));
        // Same seed, same bytes.
        const Run again =
            jevons({"backtest", "--as-of", "2024-07", "--paths", "2000", "--seed", "9", "--format", "csv"});
        QCOMPARE(again.exitCode, 0);
        QCOMPARE(again.out, readFile(csv));
    }

    void rollingMode()
    {
        const Run r = jevons({"backtest", "--as-of", "all", "--paths", "1000"});
        QCOMPARE(r.exitCode, 0);
        const QJsonObject doc = QJsonDocument::fromJson(r.out).object();
        QCOMPARE(keysOf(doc), sorted({"as_of", "scenario", "runs", "summary"}));
        QCOMPARE(doc["as_of"].toString(), QStringLiteral("all"));
        const QJsonArray runs = doc["runs"].toArray();
        QCOMPARE(runs.size(), 10);
        QCOMPARE(runs.first().toObject()["as_of"].toString(), QStringLiteral("2024-01"));
        QCOMPARE(runs.last().toObject()["as_of"].toString(), QStringLiteral("2026-04"));
        int total = 0;
        for (const QJsonValue &run : runs) {
            total += run.toObject()["summary"].toObject()["points"].toInt();
        }
        QCOMPARE(doc["summary"].toObject()["points"].toInt(), total);
        QVERIFY(r.err.contains("points from 10 starts"));
    }

    void unwritableOutput()
    {
        QTemporaryDir dir;
        const Run r = jevons({"backtest", "--as-of", "2025-07", "--paths", "500", "--out",
                              dir.filePath("no/such/dir/bt.json")});
        QCOMPARE(r.exitCode, 1);
        QVERIFY(r.err.contains("cannot write"));
        QVERIFY(QDir(dir.path()).entryList(QDir::NoDotAndDotDot | QDir::AllEntries).isEmpty());
    }
};

QTEST_APPLESS_MAIN(tst_CliBacktest)
#include "tst_cli_backtest.moc"
