// Scenario files: defaults, round trips, and every way a file can be wrong.
#include "jevons/engine/scenario.h"

#include <QTemporaryDir>
#include <QtTest>

#include <fstream>

using namespace jevons;

class tst_Scenario : public QObject {
    Q_OBJECT

private slots:
    void defaultsAreTheBaseCase()
    {
        // docs/model.md, "Scenario parameters": spot checks of the table.
        const Scenario s;
        QCOMPARE(s[Param::HorizonYears], 5.0);
        QCOMPARE(s[Param::InstalledBase], 20.0);
        QCOMPARE(s[Param::TokensPerMonth], 5e15);
        QCOMPARE(s[Param::PriceElasticity], 1.0);
        QCOMPARE(s[Param::HardwareGain], 1.35);
        QCOMPARE(s[Param::DisruptionMonths], 12.0);
        QCOMPARE(s[Param::RestrictedEfficiency], 0.6);
        QCOMPARE(s.steps(), 60);
        QCOMPARE(s.monthLabel(0), std::string("2026-04"));
        QCOMPARE(s.monthLabel(9), std::string("2027-01"));
        for (const ParamInfo &info : paramTable()) {
            QVERIFY(info.defaultValue >= info.minValue && info.defaultValue <= info.maxValue);
            QVERIFY(std::string(info.help).size() > 10);
            QCOMPARE(findParam(info.key), &info);
        }
        QCOMPARE(describeDifferences(s), std::string());
    }

    void roundTrip()
    {
        Scenario s;
        s.name = "Round \"trip\" \xc3\xa9";
        s.startYear = 2027;
        s.startMonth = 11;
        s[Param::PriceElasticity] = 1.5;
        s[Param::TokensPerMonth] = 1.234567890123e16;
        s[Param::DisruptionMonths] = 18;
        const Scenario back = parseScenario(scenarioToJson(s));
        QVERIFY(back == s);
        QCOMPARE(describeDifferences(s),
                 std::string("tokens_per_month=1.23457e+16, price_elasticity=1.5, disruption_months=18"));
    }

    void partialFileTakesDefaults()
    {
        const Scenario s = parseScenario(R"({"name": "Jevons boom", "demand": {"price_elasticity": 1.5}})");
        QCOMPARE(s.name, std::string("Jevons boom"));
        QCOMPARE(s[Param::PriceElasticity], 1.5);
        QCOMPARE(s[Param::AdoptionGrowth], 1.5);
        QCOMPARE(s[Param::InstalledBase], 20.0);
    }

    void errorsNameTheProblem_data()
    {
        QTest::addColumn<QByteArray>("text");
        QTest::addColumn<QStringList>("mustMention");
        QTest::newRow("unknown key") << QByteArray(R"({"demand": {"price_elastcity": 1.2}})")
                                     << QStringList{"unknown key \"demand.price_elastcity\"",
                                                    "price_elasticity"};
        QTest::newRow("unknown group")
            << QByteArray(R"({"economy": {}})") << QStringList{"unknown key \"economy\"", "allowed"};
        QTest::newRow("key in the wrong group")
            << QByteArray(R"({"supply": {"price_elasticity": 1.2}})")
            << QStringList{"supply.price_elasticity", "allowed in \"supply\""};
        QTest::newRow("wrong type") << QByteArray(R"({"demand": {"price_elasticity": "high"}})")
                                    << QStringList{"demand.price_elasticity", "a string", "from 0.1 to 3"};
        QTest::newRow("out of range") << QByteArray(R"({"demand": {"price_elasticity": 3.5}})")
                                      << QStringList{"demand.price_elasticity", "3.5", "from 0.1 to 3"};
        QTest::newRow("below range") << QByteArray(R"({"horizon_years": 0.5})")
                                     << QStringList{"horizon_years", "from 1 to 10"};
        QTest::newRow("not an integer") << QByteArray(R"({"supply": {"disruption_months": 12.5}})")
                                        << QStringList{"supply.disruption_months", "whole number"};
        QTest::newRow("NaN") << QByteArray(R"({"demand": {"price_elasticity": NaN}})")
                             << QStringList{"NaN", "line 1"};
        QTest::newRow("Infinity") << QByteArray(R"({"demand": {"price_elasticity": Infinity}})")
                                  << QStringList{"Infinity"};
        QTest::newRow("huge number") << QByteArray(R"({"initial": {"tokens_per_month": 1e999}})")
                                     << QStringList{"1e999", "too large"};
        QTest::newRow("huge but finite") << QByteArray(R"({"initial": {"tokens_per_month": 1e300}})")
                                         << QStringList{"initial.tokens_per_month", "1e+300"};
        QTest::newRow("truncated") << QByteArray("{\n  \"demand\": {\"price_elasticity\": 1.2")
                                   << QStringList{"truncated", "line 2"};
        QTest::newRow("empty file") << QByteArray("") << QStringList{"empty"};
        QTest::newRow("only spaces") << QByteArray("  \n ") << QStringList{"empty"};
        QTest::newRow("binary") << QByteArray("\x89PNG\r\n\x1a\n\0\0", 10) << QStringList{"0x89"};
        QTest::newRow("UTF-16") << QByteArray("\xff\xfe{\0}\0", 6) << QStringList{"UTF-16"};
        QTest::newRow("invalid UTF-8 in a string")
            << QByteArray("{\"name\": \"bad \xc3\x28\"}") << QStringList{"UTF-8"};
        QTest::newRow("duplicate key") << QByteArray(R"({"horizon_years": 5, "horizon_years": 6})")
                                       << QStringList{"duplicate key \"horizon_years\""};
        QTest::newRow("top level array")
            << QByteArray("[1, 2]") << QStringList{"must be a JSON object", "an array"};
        QTest::newRow("trailing data") << QByteArray("{} {}") << QStringList{"after the end"};
        QTest::newRow("bad start month")
            << QByteArray(R"({"start": "2026-13"})") << QStringList{"start", "YYYY-MM"};
        QTest::newRow("name not a string") << QByteArray(R"({"name": 5})") << QStringList{"name", "a string"};
        QTest::newRow("group not an object")
            << QByteArray(R"({"demand": 5})") << QStringList{"demand", "an object"};
        QTest::newRow("deep nesting") << QByteArray(200, '[') << QStringList{"nesting deeper"};
        QTest::newRow("trailing comma")
            << QByteArray(R"({"horizon_years": 5,})") << QStringList{"quoted key"};
    }
    void errorsNameTheProblem()
    {
        QFETCH(QByteArray, text);
        QFETCH(QStringList, mustMention);
        try {
            parseScenario(std::string_view(text.constData(), std::size_t(text.size())), "my.json");
            QFAIL("accepted a bad scenario");
        } catch (const ScenarioError &e) {
            const QString message = QString::fromUtf8(e.what());
            QVERIFY2(message.startsWith("my.json: "), qPrintable(message));
            QVERIFY2(!message.contains('\n'), "error messages are one line");
            for (const QString &part : mustMention) {
                QVERIFY2(message.contains(part), qPrintable(message + "  [missing: " + part + "]"));
            }
        }
    }

    void fileLimits()
    {
        QTemporaryDir dir;
        const std::string big = dir.filePath("big.json").toStdString();
        {
            std::ofstream out(big);
            out << "{\"name\": \"" << std::string(MaxScenarioFileBytes, 'x') << "\"}";
        }
        QVERIFY_THROWS_EXCEPTION(ScenarioError, loadScenarioFile(big));
        try {
            loadScenarioFile(big);
        } catch (const ScenarioError &e) {
            QVERIFY(QString(e.what()).contains("larger than 1 MiB"));
        }
        try {
            loadScenarioFile(dir.filePath("missing.json").toStdString());
            QFAIL("opened a missing file");
        } catch (const ScenarioError &e) {
            QVERIFY(QString(e.what()).contains("cannot open"));
        }
        try {
            loadScenarioFile(dir.path().toStdString());
            QFAIL("read a directory");
        } catch (const ScenarioError &e) {
            QVERIFY(QString(e.what()).contains(dir.path()));
        }
    }
};

QTEST_APPLESS_MAIN(tst_Scenario)
#include "tst_scenario.moc"
