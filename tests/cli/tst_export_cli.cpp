// `jevons export` and `jevons report` from the outside: no display, exit codes, one-line errors, files that
// are complete or absent, and the same files for the same scenario and seed.
#include <QDir>
#include <QFile>
#include <QImage>
#include <QPdfDocument>
#include <QPdfSelection>
#include <QProcess>
#include <QTemporaryDir>
#include <QtTest>

#include "run_jevons.h"

namespace {

using Run = testing::JevonsRun;
using testing::runJevons;

Run jevons(const QStringList &args)
{
    return runJevons(args);
}

QByteArray readAll(const QString &path)
{
    return testing::readFile(path);
}

QStringList entries(const QString &dir)
{
    return QDir(dir).entryList(QDir::AllEntries | QDir::NoDotAndDotDot | QDir::Hidden);
}

const QStringList Charts = {"headline",
                            "supply_demand",
                            "demand_supply_ratio",
                            "shortage_probability",
                            "gpu_hour_price",
                            "token_price",
                            "capex_revenue",
                            "cumulative_capex",
                            "revenue_covers_capex_probability",
                            "power",
                            "unpowered",
                            "power_constrained_probability",
                            "distribution",
                            "sensitivity",
                            "variance_shares",
                            "variance_shares_ranked"};

/// Small runs keep the suite fast; the sensitivity chart adds 57 runs of these.
const QStringList Small = {"--paths", "4000", "--backend", "cpu"};

} // namespace

class tst_ExportCli : public QObject {
    Q_OBJECT

private slots:
    void listAndHelp()
    {
        Run r = jevons({"export", "--list"});
        QCOMPARE(r.exitCode, 0);
        QStringList names;
        for (const QByteArray &line : r.out.trimmed().split('\n'))
            names << QString::fromUtf8(line.split(' ').first());
        QCOMPARE(names, Charts);
        r = jevons({"export", "--help"});
        QCOMPARE(r.exitCode, 0);
        for (const char *option : {"--chart", "--format", "--out", "--width", "--height", "--dpi", "--paths",
                                   "--seed", "--theme", "--list", "--scenario"})
            QVERIFY2(r.out.contains(option), option);
        r = jevons({"report", "--help"});
        QCOMPARE(r.exitCode, 0);
        QVERIFY(r.out.contains("--page"));
    }

    void badArguments_data()
    {
        QTest::addColumn<QStringList>("args");
        QTest::addColumn<QString>("expected");
        QTest::newRow("format") << QStringList{"export", "--format", "gif"}
                                << "--format must be png, svg, pdf or csv, got 'gif'";
        QTest::newRow("chart") << QStringList{"export", "--chart", "pie"}
                               << "--chart must be all or one of headline";
        QTest::newRow("theme") << QStringList{"export", "--theme", "blue"} << "--theme must be light or dark";
        QTest::newRow("dpi") << QStringList{"export", "--dpi", "5"}
                             << "--dpi must be a whole number from 36 to 2400";
        QTest::newRow("width") << QStringList{"export", "--width", "20"}
                               << "--width must be a whole number of pixels";
        QTest::newRow("too small") << QStringList{"export", "--width", "200", "--height",
                                                  "100",    "--dpi",   "300"}
                                   << "too small";
        QTest::newRow("paths") << QStringList{"export", "--paths", "0"} << "--paths must be";
        QTest::newRow("page") << QStringList{"report", "--page", "a5"}
                              << "--page must be a4 or letter, got 'a5'";
        QTest::newRow("positional") << QStringList{"report", "extra"} << "unexpected argument 'extra'";
        QTest::newRow("backtest month") << QStringList{"report", "--backtest-as-of", "2019-13"}
                                        << "--backtest-as-of: as-of month '2019-13' is not a month YYYY-MM";
    }

    void badArguments()
    {
        QFETCH(QStringList, args);
        QFETCH(QString, expected);
        QTemporaryDir dir;
        const Run r = jevons(args + QStringList{"--out", dir.filePath("out")});
        QCOMPARE(r.exitCode, 2);
        QVERIFY2(r.err.contains(expected.toUtf8()), r.err.constData());
        // One line of ours (Qt may add its own, e.g. about XDG_RUNTIME_DIR in containers).
        int ours = 0;
        for (const QByteArray &line : r.err.split('\n'))
            ours += line.startsWith("jevons ");
        QCOMPARE(ours, 1);
        QVERIFY(entries(dir.path()).isEmpty());
    }

    void csvSameSeedSameBytes()
    {
        QTemporaryDir dir;
        for (const char *sub : {"a", "b"}) {
            const Run r = jevons(
                QStringList{"export", "--format", "csv", "--seed", "3", "--out", dir.filePath(sub)} + Small);
            QCOMPARE(r.exitCode, 0);
            QCOMPARE(r.out.trimmed().split('\n').size(), Charts.size()); // one path per line
        }
        const Run other = jevons(QStringList{"export", "--format", "csv", "--seed", "4", "--chart",
                                             "token_price", "--out", dir.filePath("c")} +
                                 Small);
        QCOMPARE(other.exitCode, 0);
        for (const QString &chart : Charts) {
            const QByteArray a = readAll(QDir(dir.filePath("a")).filePath(chart + ".csv"));
            QVERIFY2(!a.isEmpty(), qPrintable(chart));
            QCOMPARE(a, readAll(QDir(dir.filePath("b")).filePath(chart + ".csv")));
        }
        QVERIFY(readAll(dir.filePath("c/token_price.csv")) != readAll(dir.filePath("a/token_price.csv")));
        QCOMPARE(entries(dir.filePath("c")), QStringList{"token_price.csv"});
        const QByteArray header = readAll(dir.filePath("a/token_price.csv")).split('\n').first();
        QCOMPARE(header,
                 QByteArray("month,step,Token price p5 (USD per million tokens),Token price p25 (USD per "
                            "million tokens),Token price p50 (USD per million tokens),Token price p75 (USD "
                            "per million tokens),Token price p95 (USD per million tokens)"));
    }

    void figures()
    {
        QTemporaryDir dir;
        Run r = jevons(QStringList{"export", "--chart", "token_price", "--width", "800", "--height", "500",
                                   "--out", dir.path()} +
                       Small);
        QCOMPARE(r.exitCode, 0);
        QCOMPARE(QImage(dir.filePath("token_price.png")).size(), QSize(800, 500));
        // --dpi alone keeps the layout and scales the pixels: 1200 × 700 at 96 dpi -> 2400 × 1400 at 192.
        r = jevons(QStringList{"export", "--chart", "headline", "--dpi", "192", "--theme", "dark", "--out",
                               dir.path()} +
                   Small);
        QCOMPARE(r.exitCode, 0);
        const QImage dark(dir.filePath("headline.png"));
        QCOMPARE(dark.size(), QSize(2400, 1400));
        QCOMPARE(dark.dotsPerMeterX(), qRound(192 / 0.0254));
        QVERIFY(qGray(dark.pixel(5, 5)) < 80); // dark background
        r = jevons(QStringList{"export", "--chart", "supply_demand", "--format", "pdf", "--out", dir.path()} +
                   Small);
        QCOMPARE(r.exitCode, 0);
        QPdfDocument pdf;
        QCOMPARE(pdf.load(dir.filePath("supply_demand.pdf")), QPdfDocument::Error::None);
        QCOMPARE(pdf.pageCount(), 1);
        QVERIFY(pdf.getAllText(0).text().contains("Installed base and demand"));
        r = jevons(QStringList{"export", "--chart", "sensitivity", "--format", "svg", "--no-caption", "--out",
                               dir.path()} +
                   Small);
        QCOMPARE(r.exitCode, 0);
        const QByteArray svg = readAll(dir.filePath("sensitivity.svg"));
        QVERIFY(svg.contains("<title>Sensitivity (tornado)</title>"));
        QVERIFY(svg.contains("Shipment growth")); // the ranking ran: bars are labelled
    }

    void figuresReproducible()
    {
        // Same scenario and seed: byte-identical PNG and SVG (a PDF differs only in its creation date).
        QTemporaryDir dir;
        for (const char *sub : {"a", "b"})
            for (const char *format : {"png", "svg"})
                QCOMPARE(jevons(QStringList{"export", "--chart", "capex_revenue", "--format", format, "--out",
                                            dir.filePath(sub)} +
                                Small)
                             .exitCode,
                         0);
        for (const char *file : {"capex_revenue.png", "capex_revenue.svg"}) {
            const QByteArray a = readAll(dir.filePath(QStringLiteral("a/") + file));
            QVERIFY(!a.isEmpty());
            QVERIFY2(a == readAll(dir.filePath(QStringLiteral("b/") + file)), file);
        }
    }

    void scenarioChangesTheCaption()
    {
        QTemporaryDir dir;
        const QString scenario = dir.filePath("elastic.json");
        QFile f(scenario);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write(R"({"name": "Elastic", "demand": {"price_elasticity": 1.4}})");
        f.close();
        const Run r = jevons(QStringList{"export", "--scenario", scenario, "--chart", "gpu_hour_price",
                                         "--format", "svg", "--out", dir.path()} +
                             Small);
        QVERIFY2(r.exitCode == 0, r.err.constData());
        const QByteArray svg = readAll(dir.filePath("gpu_hour_price.svg"));
        QVERIFY(svg.contains("Price elasticity 1.4 (Base 1)"));
        QVERIFY(svg.contains("Elastic"));
    }

    void unwritableOutput()
    {
        QTemporaryDir dir;
        const QString file = dir.filePath("plain.txt");
        QFile f(file);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write("keep");
        f.close();
        // --out is a file, or a folder under a file: exit 1, one clear line, nothing else changes.
        for (const QString &out : {file, file + "/sub"}) {
            const Run r = jevons(QStringList{"export", "--format", "csv", "--out", out} + Small);
            QCOMPARE(r.exitCode, 1);
            QVERIFY2(r.err.contains("jevons export: cannot"), r.err.constData());
        }
        const Run report = jevons(QStringList{"report", "--out", file + "/r.pdf"} + Small);
        QCOMPARE(report.exitCode, 1);
        QVERIFY2(report.err.contains("cannot write"), report.err.constData());
        QCOMPARE(entries(dir.path()), QStringList{"plain.txt"});
        QCOMPARE(readAll(file), QByteArray("keep"));
        // An invalid file name for the report.
        const Run bad = jevons(QStringList{"report", "--out", dir.filePath("what?.pdf")} + Small);
        QCOMPARE(bad.exitCode, 1);
        QCOMPARE(entries(dir.path()), QStringList{"plain.txt"});
    }

    void report()
    {
        QTemporaryDir dir;
        const QString out = dir.filePath("report.pdf");
        const Run r = jevons(QStringList{"report", "--page", "letter", "--seed", "9", "--out", out} + Small);
        QVERIFY2(r.exitCode == 0, r.err.constData());
        QPdfDocument pdf;
        QCOMPARE(pdf.load(out), QPdfDocument::Error::None);
        QVERIFY(pdf.pageCount() >= 12);
        QVERIFY(qAbs(pdf.pagePointSize(0).height() - 792) < 1.5);
        QString text;
        for (int page = 0; page < pdf.pageCount(); ++page)
            text += pdf.getAllText(page).text() + '\n';
        text = text.simplified();
        for (const char *section : {"Parameters", "Headline numbers", "Charts", "Percentiles at yearly steps",
                                    "Sensitivity ranking", "Appendix: data sources"})
            QVERIFY2(text.contains(QLatin1String(section)), section);
        QVERIFY(text.contains("--seed 9"));
        QCOMPARE(entries(dir.path()), QStringList{"report.pdf"}); // no temporary file left
    }

    void reportWithBacktest()
    {
        QTemporaryDir dir;
        const QString out = dir.filePath("report.pdf");
        const Run r = jevons(
            {"report", "--backtest-as-of", "2024-06", "--paths", "2000", "--backend", "cpu", "--out", out});
        QVERIFY2(r.exitCode == 0, r.err.constData());
        QPdfDocument pdf;
        QCOMPARE(pdf.load(out), QPdfDocument::Error::None);
        QString text;
        for (int page = 0; page < pdf.pageCount(); ++page)
            text += pdf.getAllText(page).text() + '\n';
        text = text.simplified();
        // The page, its scores, and the option on the cover's command line.
        QVERIFY(text.contains(QLatin1String("Backtest As of Jun 2024 (2024-06)")));
        QVERIFY(text.contains(QLatin1String("All series")));
        QVERIFY(text.contains(QLatin1String("Backtest: PIT histogram")));
        QVERIFY(text.contains(QLatin1String("--backtest-as-of 2024-06")));
    }
};

QTEST_MAIN(tst_ExportCli)
#include "tst_export_cli.moc"
