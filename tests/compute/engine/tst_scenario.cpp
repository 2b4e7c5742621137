// Scenario files: defaults, round trips, and every way a file can be wrong.
#include "jevons/engine/scenario.h"

#include <QTemporaryDir>
#include <QtTest>

#include <fstream>

using namespace jevons;

namespace {

std::string fixture(const QString &name)
{
    return (QStringLiteral(JEVONS_FIXTURES_DIR "/") + name).toStdString();
}

} // namespace

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
        QCOMPARE(s[Param::AdoptionGrowth], 1.3);
        QCOMPARE(s[Param::InstalledBase], 20.0);
        QVERIFY(!s.hasUncertainty());
    }

    void versionOneFilesLoad_data()
    {
        QTest::addColumn<QString>("file");
        QTest::addColumn<double>("powerGw");
        QTest::newRow("the version 1 Base case") << "v1_base_case.json" << 30.0;
        // With a fixed 30 GW this file would draw more power than it has; the default follows the start.
        QTest::newRow("60 M H100e installed") << "v1_big_installed_base.json" << 1.25 * 60 * 1.2;
    }
    void versionOneFilesLoad()
    {
        QFETCH(QString, file);
        QFETCH(double, powerGw);
        const Scenario s = loadScenarioFile(fixture(file));
        QVERIFY(s.powerFollowsStart);
        QCOMPARE(s[Param::PowerGw], powerGw);
        QCOMPARE(s[Param::RevenueResponse], 0.0);
        QCOMPARE(s[Param::ExportControlAtStart], 0.5);
        QCOMPARE(s[Param::BacklogHalvingMonths], 6.0);
    }

    void powerFollowsTheStartUntilSet()
    {
        Scenario s;
        QVERIFY(s.powerFollowsStart);
        s.setValue(Param::InstalledBase, 40);
        QCOMPARE(s[Param::PowerGw], 1.25 * 40 * 1.2);
        // Saved files leave a following power_gw out, so that it still follows when read back.
        const std::string saved = scenarioToJson(s);
        QVERIFY(saved.find("power_gw") == std::string::npos);
        QVERIFY(parseScenario(saved) == s);
        QVERIFY(scenarioToJson(s, 2, true).find("\"power_gw\": 60") !=
                std::string::npos); // results fill it in
        s.setValue(Param::PowerGw, 70);
        QVERIFY(!s.powerFollowsStart);
        s.setValue(Param::InstalledBase, 20);
        QCOMPARE(s[Param::PowerGw], 70.0);
        QVERIFY(parseScenario(scenarioToJson(s)) == s);
    }

    void medianCarriesItsInterval()
    {
        Scenario s;
        const auto interval = [&](Param p) { return *s.intervals[static_cast<int>(p)]; };
        // Log scale: the same ratios around the new median.
        s.intervals[int(Param::AlgorithmicGain)] = Interval{1.5, 3.0, IntervalScale::Log};
        s.setMedian(Param::AlgorithmicGain, 3.0); // from 2.0: x1.5
        QCOMPARE(interval(Param::AlgorithmicGain).p5, 2.25);
        QCOMPARE(interval(Param::AlgorithmicGain).p95, 4.5);
        validateScenario(s);
        // Linear scale: the same offsets, each end clamped to the range [0, 1].
        s.intervals[int(Param::DisruptionLoss)] = Interval{0.5, 0.9, IntervalScale::Linear};
        s.setMedian(Param::DisruptionLoss, 0.9); // from 0.7: +0.2
        QCOMPARE(interval(Param::DisruptionLoss).p5, 0.7);
        QCOMPARE(interval(Param::DisruptionLoss).p95, 1.0);
        validateScenario(s);
        // A log interval whose median reaches 0 goes on as an offset on a linear scale.
        s.intervals[int(Param::BreakthroughRate)] = Interval{0.1, 0.6, IntervalScale::Log};
        s.setMedian(Param::BreakthroughRate, 0.0); // from 0.3
        QCOMPARE(interval(Param::BreakthroughRate).scale, IntervalScale::Linear);
        QCOMPARE(interval(Param::BreakthroughRate).p5, 0.0);
        QVERIFY(qFuzzyCompare(interval(Param::BreakthroughRate).p95, 0.3));
        validateScenario(s);
        // A certain input is only set.
        s.setMedian(Param::PriceElasticity, 1.4);
        QCOMPARE(s[Param::PriceElasticity], 1.4);
        QVERIFY(!s.isUncertain(Param::PriceElasticity));
    }

    void uncertaintyRoundTrip()
    {
        Scenario s;
        s.notes = "Line one\nline two, with \"quotes\"";
        s.intervals[int(Param::PriceElasticity)] = Interval{0.6, 1.6, IntervalScale::Log};
        s.intervals[int(Param::DisruptionMonths)] = Interval{3.5, 30, IntervalScale::Linear};
        s.intervals[int(Param::ShipmentGrowth)] = Interval{1.4, 2.2, IntervalScale::Linear};
        s.correlations.push_back({Param::PriceElasticity, Param::ShipmentGrowth, -0.35});
        s.run = RunRecord{250'000, 7};
        const std::string json = scenarioToJson(s);
        QVERIFY(json.find("\"about\"") != std::string::npos); // says that paths and seed are not economics
        const Scenario back = parseScenario(json);
        QVERIFY(back == s);
        QCOMPARE(back.uncertainInputs(), (std::vector<Param>{Param::PriceElasticity, Param::ShipmentGrowth,
                                                             Param::DisruptionMonths}));
        QCOMPARE(back.correlation(Param::ShipmentGrowth, Param::PriceElasticity), -0.35);
        // Making an input certain drops its correlations and says how many.
        Scenario certain = back;
        QCOMPARE(certain.removeInterval(Param::ShipmentGrowth), 1);
        QVERIFY(certain.correlations.empty());
        QVERIFY(back.withoutUncertainty().uncertainInputs().empty());
    }

    void badUncertaintyFixtures_data()
    {
        QTest::addColumn<QString>("file");
        QTest::addColumn<QStringList>("mustMention");
        QTest::newRow("unknown input")
            << "bad_unknown_input.json" << QStringList{"uncertainty.price_elastcity", "allowed"};
        QTest::newRow("the horizon") << "bad_uncertain_horizon.json"
                                     << QStringList{"uncertainty.horizon_years", "cannot be uncertain"};
        QTest::newRow("p5 not below p95") << "bad_p5_not_below_p95.json"
                                          << QStringList{"uncertainty.price_elasticity", "must be below p95"};
        QTest::newRow("point value outside")
            << "bad_value_outside_interval.json"
            << QStringList{"uncertainty.price_elasticity", "median", "between p5"};
        QTest::newRow("end outside the range")
            << "bad_end_outside_range.json"
            << QStringList{"uncertainty.price_elasticity.p95", "from 0.1 to 3"};
        QTest::newRow("log with a non-positive end")
            << "bad_log_nonpositive_end.json"
            << QStringList{"uncertainty.capex_response.scale", "above 0", "linear"};
        QTest::newRow("unknown field")
            << "bad_unknown_field.json" << QStringList{"uncertainty.price_elasticity.p50", "p5, p95, scale"};
        QTest::newRow("unknown scale")
            << "bad_unknown_scale.json"
            << QStringList{"uncertainty.price_elasticity.scale", "\"linear\" or \"log\""};
        QTest::newRow("missing p95") << "bad_missing_p95.json"
                                     << QStringList{"uncertainty.price_elasticity", "no p95"};
        QTest::newRow("not an object") << "bad_uncertainty_not_an_object.json"
                                       << QStringList{"uncertainty", "an array", "an object of intervals"};
        QTest::newRow("a pair twice")
            << "bad_pair_twice.json"
            << QStringList{"correlation[1].between", "given twice", "each pair once"};
        QTest::newRow("a pair with itself")
            << "bad_pair_with_itself.json" << QStringList{"correlation[0].between", "twice", "two different"};
        QTest::newRow("correlated but certain")
            << "bad_correlated_input_not_uncertain.json"
            << QStringList{"correlation[0].between", "adoption_growth_x_per_year has no interval"};
        QTest::newRow("rank outside (-1, 1)")
            << "bad_rank_outside.json" << QStringList{"correlation[0].rank", "between -1 and 1"};
        QTest::newRow("not positive definite")
            << "bad_not_positive_definite.json"
            << QStringList{"correlation", "price_elasticity", "adoption_growth_x_per_year",
                           "shipment_growth_x_per_year", "not positive definite"};
        QTest::newRow("between is not a pair")
            << "bad_between_not_a_pair.json" << QStringList{"correlation[0].between", "two input names"};
        QTest::newRow("start draws more power than it has")
            << "bad_start_draws_too_much_power.json"
            << QStringList{"power.power_gw", "30 GW", "draws 48 GW", "40 million H100e x 1.2 kW"};
    }
    void badUncertaintyFixtures()
    {
        QFETCH(QString, file);
        QFETCH(QStringList, mustMention);
        const std::string path = fixture(file);
        try {
            loadScenarioFile(path);
            QFAIL("accepted a bad scenario");
        } catch (const ScenarioError &e) {
            const QString message = QString::fromUtf8(e.what());
            QVERIFY2(message.startsWith(QString::fromStdString(path) + ": "), qPrintable(message));
            QVERIFY2(!message.contains('\n'), "error messages are one line");
            for (const QString &part : mustMention) {
                QVERIFY2(message.contains(part), qPrintable(message + "  [missing: " + part + "]"));
            }
        }
    }

    void impossibleCorrelationsNameTheCell()
    {
        const Scenario s = [] {
            Scenario out;
            out.intervals[int(Param::PriceElasticity)] = Interval{0.6, 1.6, IntervalScale::Log};
            out.intervals[int(Param::AdoptionGrowth)] = Interval{1.1, 1.6, IntervalScale::Linear};
            out.intervals[int(Param::ShipmentGrowth)] = Interval{1.4, 2.2, IntervalScale::Linear};
            out.intervals[int(Param::TrainingGrowth)] = Interval{1.5, 2.5, IntervalScale::Log};
            // 0.5 and 0.5 along a chain leave no room for -0.9 at its ends; dropping the -0.9 is the one
            // single change that makes the matrix possible.
            out.correlations = {{Param::PriceElasticity, Param::AdoptionGrowth, 0.5},
                                {Param::AdoptionGrowth, Param::ShipmentGrowth, 0.5},
                                {Param::PriceElasticity, Param::ShipmentGrowth, -0.9}};
            return out;
        }();
        const CorrelationCheck check = checkCorrelations(s);
        QVERIFY(!check.positiveDefinite);
        // Training growth is not linked to the conflict and is not named.
        QCOMPARE(check.inputs,
                 (std::vector<Param>{Param::AdoptionGrowth, Param::PriceElasticity, Param::ShipmentGrowth}));
        QVERIFY(check.culprit.has_value());
        QCOMPARE(check.culprit->rank, -0.9);
        QVERIFY(QString::fromStdString(check.message)
                    .contains("weaken one, e.g. price_elasticity with shipment_growth"));
        Scenario fixed = s;
        std::erase(fixed.correlations, *check.culprit);
        QVERIFY(checkCorrelations(fixed).positiveDefinite);
        QVERIFY(copulaCholesky(s).empty());
        QCOMPARE(copulaCholesky(fixed).size(), std::size_t(16));
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
